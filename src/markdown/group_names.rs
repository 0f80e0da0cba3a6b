//! The group grammar: what a heading that names a group looks like, and when two
//! spellings name the same group. Team sections, list-item headings, the inference and
//! `check` all ask this module, so `WG`, `Working Group`, `SIG X` and `X SIG` mean the
//! same everywhere.
//!
//! - **Cleaning** ([`clean_heading`]): a trailing `(...)` and a subtitle after ` - `,
//!   ` -- `, ` – `, ` — ` or `: ` are dropped; emoji around the name are decoration.
//! - **Markers** ([`MARKERS`]): `Team X`, `SIG X`, `X SIG`, `WG X`, `X WG` and
//!   `X Working Group` give a name its kind; `owner/repo` is a repository and
//!   `repo#12` an issue. Spellings fold only within one kind.
//! - **Match keys** ([`match_key`]): configured names and aliases compare without case
//!   and extra spaces, the marker put first (`Docs SIG` = `SIG Docs`, `Ops WG` =
//!   `Ops Working Group` = `WG Ops`).
//! - **Folding** ([`fold`], [`same_group`], [`extends`]): without case, punctuation,
//!   filler words and word order; word-for-word abbreviations, initialisms and typing
//!   slips are one group.
//! - **Structure** ([`structural`], [`STRUCTURAL`]): headings made only of words of the
//!   running of a meeting are never groups; [`PARENT_WORDS`] say a heading holds one
//!   part per group.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A heading cleaned for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanHeading {
    /// The heading without `(...)` suffix and subtitle, whitespace collapsed.
    pub name: String,
    /// The subtitle after the separator, if any.
    pub subtitle: Option<String>,
}

static PAREN_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\([^()]*\)\s*$").expect("valid regex"));

/// Cleans a heading's plain text for matching.
pub fn clean_heading(text: &str) -> CleanHeading {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Emoji before or after the name (`🚀 Team Ops`, from `:rocket: Team Ops`) are
    // decoration: symbols outside ASCII, not letters.
    let mut name = collapsed
        .trim_matches(|c: char| !c.is_ascii() && !c.is_alphanumeric())
        .trim();
    let mut subtitle = None;
    // Earliest separator wins: `Team IaaS - SCS Lab - Next Steps` is Team IaaS.
    let seps = [" - ", " -- ", " – ", " — ", ": "];
    // Most headings have no separator character at all: skip the five substring searches.
    let has_sep = name.contains(['-', '–', '—', ':']);
    if let Some((pos, sep)) = seps
        .iter()
        .filter(|_| has_sep)
        .filter_map(|s| name.find(s).map(|p| (p, *s)))
        .min_by_key(|(p, _)| *p)
    {
        let rest = name[pos + sep.len()..].trim();
        if !rest.is_empty() {
            subtitle = Some(rest.to_string());
        }
        name = name[..pos].trim();
    }
    let mut name = name.to_string();
    // `(1/2)`, `(Sprint review and planning)`: repeated to handle `X (a) (b)`.
    // The suffix regex can only match a name ending in `)` (and blanks).
    while let Some(m) = name
        .trim_end()
        .ends_with(')')
        .then(|| PAREN_SUFFIX.find(&name))
        .flatten()
    {
        if m.start() == 0 {
            break;
        }
        if subtitle.is_none() {
            let inner = m
                .as_str()
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .trim();
            if !inner.is_empty() {
                subtitle = Some(inner.to_string());
            }
        }
        name.truncate(m.start());
    }
    let name = name.trim_end_matches([':', '-', '–', '—', ' ']).to_string();
    CleanHeading { name, subtitle }
}

/// The kind of name a heading has; spellings fold only within one kind, so that
/// `Team IAM` and `SIG IAM` stay two groups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum GroupKind {
    #[default]
    Plain,
    Team,
    Sig,
    WorkingGroup,
    Repository,
    Issue,
}

/// A heading name reduced for comparison: its kind and its words, lower case, without
/// punctuation and without the kind's marker word.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct FoldedName {
    pub(crate) kind: GroupKind,
    /// The words in the order written.
    pub(crate) words: Vec<String>,
    /// The first letters of every word but the marker, fillers included: what an
    /// initialism abbreviates (`rfc` for `Requests for Comments`).
    pub(crate) initials: String,
}

impl FoldedName {
    /// The identity of a spelling: case, punctuation and word order do not count.
    pub(crate) fn identity(&self) -> (GroupKind, Vec<String>) {
        let mut w = self.words.clone();
        w.sort();
        (self.kind, w)
    }
}

/// The marker words that give a name its kind: (words, kind, whether they come first).
/// `team` and `sig` lead (`Team Ops`, `SIG Docs`); `sig`, `wg` and `working group`
/// may also trail (`Docs SIG`, `Packaging Working Group`).
pub(crate) const MARKERS: &[(&[&str], GroupKind, bool)] = &[
    (&["team"], GroupKind::Team, true),
    (&["sig"], GroupKind::Sig, true),
    (&["sig"], GroupKind::Sig, false),
    (&["wg"], GroupKind::WorkingGroup, true),
    (&["wg"], GroupKind::WorkingGroup, false),
    (&["working", "group"], GroupKind::WorkingGroup, false),
];

/// The kind a name's marker gives it and the range of the words that are the name:
/// `[team, ops]` is `(Team, 1..2)`. A marker alone is no group's name.
fn marker<S: AsRef<str>>(words: &[S]) -> (GroupKind, Range<usize>) {
    let n = words.len();
    for (marker, kind, leads) in MARKERS {
        let m = marker.len();
        if n <= m {
            continue;
        }
        let at = if *leads { 0 } else { n - m };
        if (words[at..at + m].iter().zip(marker.iter())).all(|(w, x)| w.as_ref() == *x) {
            return (*kind, if *leads { m..n } else { 0..n - m });
        }
    }
    (GroupKind::Plain, 0..n)
}

/// Whether a word is (part of) a marker: a series folder `sig-docs` is named `docs`.
pub(crate) fn is_marker_word(word: &str) -> bool {
    MARKERS.iter().any(|(w, _, _)| w.contains(&word))
}

/// The word a kind is keyed by, first in a [`match_key`].
fn marker_word(kind: GroupKind) -> Option<&'static str> {
    match kind {
        GroupKind::Team => Some("team"),
        GroupKind::Sig => Some("sig"),
        GroupKind::WorkingGroup => Some("wg"),
        _ => None,
    }
}

/// The key configured names, aliases and headings are compared by: lower case, spaces
/// collapsed, the marker first (`Docs SIG` -> `sig docs`, `Ops Working Group` ->
/// `wg ops`). Punctuation and word order count: this is a spelling, not a fold.
pub fn match_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (kind, range) = marker(&words);
    let rest = words[range].join(" ");
    match marker_word(kind) {
        Some(m) => format!("{m} {rest}"),
        None => rest,
    }
}

/// A name without its marker, lower case: what tells two `Team X` apart
/// (`SIG Docs`, `Docs SIG` -> `docs`). `check` compares these for its suggestions.
pub fn distinctive(name: &str) -> String {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (_, range) = marker(&words);
    words[range].join(" ")
}

/// Whether a name may have a marker at all: most headings have none of the marker
/// words, and this one search says so before a fold.
static MAY_HAVE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    // The first word of each marker, anywhere: a few false hits (`design`) cost a fold.
    let words: Vec<&str> = MARKERS.iter().map(|(w, _, _)| w[0]).collect();
    Regex::new(&format!("(?i){}|/", words.join("|"))).expect("valid regex")
});

/// Whether a cleaned heading name reads like a group (a group's form, see
/// [`has_group_form`]) and is not structure (`Team updates`, `Team meeting`): without
/// configured teams such a heading starts a section, and with them `check` asks
/// whether it was meant as one.
pub fn looks_like_group(name: &str) -> bool {
    if !MAY_HAVE_MARKER.is_match(name) {
        return false;
    }
    let f = fold(name);
    group_form(&f) && !structural(&f)
}

static REPOSITORY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$").expect("valid regex"));
static ISSUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[])((?:[\w.-]+/)?[\w.-]+#\d+)(?-u:\b)").expect("valid regex")
});

/// Words that carry no meaning for folding or for telling structure from groups.
const FILLERS: &[&str] = &[
    "a", "an", "and", "any", "for", "from", "in", "of", "on", "or", "our", "s", "the", "this",
    "to", "week", "weeks", "meeting", "meetings", "call", "with",
];

/// Words of the running of a meeting: a heading made only of these is structure.
pub(crate) const STRUCTURAL: &[&str] = &[
    "meeting",
    "meetings",
    "call",
    "week",
    "weeks",
    "agenda",
    "minutes",
    "notes",
    "note",
    "present",
    "attendees",
    "attendance",
    "participants",
    "attending",
    "absent",
    "apologies",
    "regrets",
    "guests",
    "links",
    "link",
    "roles",
    "role",
    "aob",
    "business",
    "general",
    "q",
    "qa",
    "questions",
    "question",
    "announcements",
    "announcement",
    "action",
    "actions",
    "items",
    "item",
    "decisions",
    "decision",
    "summary",
    "welcome",
    "introduction",
    "introductions",
    "intro",
    "other",
    "misc",
    "miscellaneous",
    "open",
    "floor",
    "discussion",
    "resources",
    "mailing",
    "list",
    "lists",
    "chair",
    "facilitator",
    "scribe",
    "meta",
    "updates",
    "update",
    "news",
    "recap",
    "todo",
    "follow",
    "up",
    "ups",
    "consent",
    "previous",
    "review",
    "date",
    "time",
    "location",
    "recording",
    "recordings",
    "housekeeping",
    "logistics",
    "admin",
    "administrative",
    "feedback",
    "wrap",
    "closing",
    "adjourn",
    "next",
    "steps",
    "upcoming",
    "topics",
    "topic",
    "round",
    "table",
    "status",
    "progress",
    "reports",
    "report",
    "information",
    "info",
    "schedule",
    "calendar",
    "events",
    "event",
    "reminders",
    "reminder",
    "outcomes",
    "tasks",
    "reschedule",
    "rescheduled",
    "cancelled",
    "canceled",
    "postponed",
    "holiday",
    "holidays",
    "break",
    "mission",
    "statement",
    "description",
    "charter",
    "goals",
    "members",
    "membership",
    "teams",
    "groups",
    "sigs",
];

/// Words that say a heading holds one part per group.
pub(crate) const PARENT_WORDS: &[&str] = &[
    "updates",
    "update",
    "reports",
    "report",
    "nominated",
    "groups",
    "teams",
    "sigs",
    "wgs",
    "projects",
    "issues",
    "status",
];

/// Whether a heading's name says its parts are groups: `Working Group Updates`,
/// `SIG reports`, `Teams` (not `Nominated issues`).
pub(crate) fn names_groups(f: &FoldedName) -> bool {
    matches!(
        f.kind,
        GroupKind::Team | GroupKind::Sig | GroupKind::WorkingGroup
    ) || (f.words.iter())
        .any(|w| is_marker_word(w) || matches!(w.as_str(), "groups" | "teams" | "sigs" | "wgs"))
}

/// Whether a heading's name says it holds one part per group (`Working Group Updates`,
/// `Nominated issues`).
pub(crate) fn says_parts(f: &FoldedName) -> bool {
    f.words.iter().any(|w| PARENT_WORDS.contains(&w.as_str()))
}

/// Letters and digits in ASCII, lower case, everything else a space: an emoji is no
/// word (`deunicode` would spell 👇 as `point_down`).
pub(crate) fn ascii_words(name: &str) -> String {
    let kept: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    deunicode::deunicode(&kept).to_lowercase()
}

/// A name folded for comparison: its kind, and its words without case, punctuation,
/// fillers and marker.
pub(crate) fn fold(name: &str) -> FoldedName {
    let trimmed = name.trim();
    // `owner/repo` as GitHub spells it: lower case, or with `-`, `_` or `.` in it
    // (`Sec/Pentesting` is two topics, not a repository).
    let repo_like = !trimmed.chars().any(char::is_uppercase) || trimmed.contains(['-', '_', '.']);
    if repo_like && REPOSITORY.is_match(trimmed) {
        return FoldedName {
            kind: GroupKind::Repository,
            words: vec![trimmed.to_lowercase()],
            initials: String::new(),
        };
    }
    if let Some(c) = ISSUE.captures(trimmed) {
        return FoldedName {
            kind: GroupKind::Issue,
            words: vec![c[1].to_lowercase()],
            initials: String::new(),
        };
    }
    let lower = ascii_words(trimmed);
    let all: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let (_, named) = marker(&all);
    let initials: String = all[named].iter().filter_map(|w| w.chars().next()).collect();
    let meaningful: Vec<&str> = (all.iter().copied())
        .filter(|w| !FILLERS.contains(w))
        .collect();
    // A marker followed by fillers alone (`Team A`, `Team meeting`) keeps them as its
    // name: `Team A` is a team, `Team meeting` structure (see `STRUCTURAL`).
    let words = match (marker(&meaningful), marker(&all)) {
        ((GroupKind::Plain, _), (kind @ (GroupKind::Team | GroupKind::Sig), _))
            if meaningful.len() == 1 =>
        {
            let (_, name) = marker(&all);
            return FoldedName {
                kind,
                words: all[name].iter().map(|w| w.to_string()).collect(),
                initials,
            };
        }
        _ => meaningful,
    };
    let (kind, name) = marker(&words);
    FoldedName {
        kind,
        words: words[name].iter().map(|w| w.to_string()).collect(),
        initials,
    }
}

/// Whether a folded name is structure rather than a group.
pub(crate) fn structural(f: &FoldedName) -> bool {
    match f.kind {
        GroupKind::Repository | GroupKind::Issue => false,
        _ => {
            f.words.first().is_some_and(|w| w == "next")
                || (!f.words.is_empty() && f.words.iter().all(|w| STRUCTURAL.contains(&w.as_str())))
        }
    }
}

/// Whether a heading's name has a group's form (`Team X`, `SIG X`, `X SIG`, `X WG`,
/// `X Working Group`, `owner/repo`): list items so named are headings
/// ([`crate::markdown::item_headings`]), and inference counts them anywhere.
pub(crate) fn has_group_form(name: &str) -> bool {
    group_form(&fold(name))
}

/// Whether a folded name has a group's form.
pub(crate) fn group_form(f: &FoldedName) -> bool {
    matches!(
        f.kind,
        GroupKind::Team | GroupKind::Sig | GroupKind::WorkingGroup | GroupKind::Repository
    ) && !f.words.is_empty()
}

/// `short` written for `long`: the same first letter and its letters in order.
fn abbreviates(short: &str, long: &str) -> bool {
    // At most three quarters as long: one letter less is a slip, not an abbreviation.
    if short.len() < 2
        || 4 * short.len() > 3 * long.len()
        || short.as_bytes()[0] != long.as_bytes()[0]
    {
        return false;
    }
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// Why two spellings of one kind are one group, if they are.
pub(crate) fn same_group(a: &FoldedName, b: &FoldedName) -> Option<String> {
    if a.kind != b.kind || a.words.is_empty() || b.words.is_empty() {
        return None;
    }
    if a.identity() == b.identity() {
        return Some("same words (case, punctuation or word order differ)".into());
    }
    // An issue is its number: `#24` and `#242` are two issues.
    if a.kind == GroupKind::Issue {
        return None;
    }
    if let Some(why) = same_but_year(a, b) {
        return Some(why);
    }
    if a.words.len() == b.words.len() && a.kind != GroupKind::Repository {
        let mut shortened = Vec::new();
        let all = a.words.iter().zip(&b.words).all(|(x, y)| {
            if x == y {
                return true;
            }
            let (s, l) = if x.len() < y.len() { (x, y) } else { (y, x) };
            let ok = abbreviates(s, l);
            if ok {
                shortened.push(format!("{s} = {l}"));
            }
            ok
        });
        if all && !shortened.is_empty() {
            return Some(format!("abbreviation ({})", shortened.join(", ")));
        }
    }
    let initialism = |one: &FoldedName, many: &FoldedName| {
        one.words.len() == 1
            && many.words.len() >= 2
            && one.words[0].len() == many.words.len()
            && many
                .words
                .iter()
                .zip(one.words[0].chars())
                .all(|(w, c)| w.starts_with(c))
    };
    if let Some(why) = initialism_of(a, b).or_else(|| initialism_of(b, a)) {
        return Some(why);
    }
    if initialism(a, b) || initialism(b, a) {
        return Some("initialism".into());
    }
    let ja = a.identity().1.join(" ");
    let jb = b.identity().1.join(" ");
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let longest = ja.len().max(jb.len());
    if ja.len().min(jb.len()) >= 5 && digits(&ja) == digits(&jb) {
        let allowed = if longest > 10 { 2 } else { 1 };
        if strsim::damerau_levenshtein(&ja, &jb) <= allowed {
            return Some(format!("typing slip ({ja} / {jb})"));
        }
    }
    None
}

/// A trailing year (`1900`-`2099`) of a name of two words or more: `Summer Program,
/// 2023` is the `Summer Program` of that year.
fn without_year(words: &[String]) -> &[String] {
    match words.split_last() {
        Some((last, rest))
            if !rest.is_empty()
                && last.len() == 4
                && (last.starts_with("19") || last.starts_with("20"))
                && last.bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest
        }
        _ => words,
    }
}

/// Whether two names differ only by a trailing year on one of them (`Summer Program`
/// and `Summer Program, 2023`); two years of one name fold too.
fn same_but_year(a: &FoldedName, b: &FoldedName) -> Option<String> {
    let (wa, wb) = (without_year(&a.words), without_year(&b.words));
    if (wa.len(), wb.len()) == (a.words.len(), b.words.len()) {
        return None;
    }
    let sorted = |w: &[String]| {
        let mut w = w.to_vec();
        w.sort();
        w
    };
    (sorted(wa) == sorted(wb)).then(|| "the same name with a year added".into())
}

/// Whether `one`, a single word, is the initialism of `many`'s words counting fillers
/// (`RFC` for `Requests for Comments`), without case, a plural `s` (`RFCs`) or a
/// trailing year on either.
fn initialism_of(one: &FoldedName, many: &FoldedName) -> Option<String> {
    let [word] = without_year(&one.words) else {
        return None;
    };
    let many_words = without_year(&many.words);
    if many_words.len() < 2 {
        return None;
    }
    // The initials of `many` without a year: the year is one initial at the end.
    let mut initials = many.initials.clone();
    if many_words.len() < many.words.len() {
        initials.pop();
    }
    let stem = word.strip_suffix('s').filter(|s| s.len() >= 2);
    let plural = stem.is_some_and(|s| s == initials);
    (*word == initials || plural).then(|| format!("initialism ({word} = {})", many_words.join(" ")))
}

/// Whether `bare`, a name without a marker (`Core`, `Graphics/audio`), names the
/// marked group `group` (`SIG Core`, `SIG Graphics`) that it sits under a group parent
/// beside: its words are the group's words without the marker (in any order, or folding
/// as [`same_group`] folds them), or start with them (`graphics audio` starts with
/// `graphics`). Whether the added words name another group, and whether one group
/// alone fits, the inference decides.
pub(crate) fn completes(bare: &FoldedName, group: &FoldedName) -> Option<String> {
    if bare.kind != GroupKind::Plain
        || !matches!(
            group.kind,
            GroupKind::Team | GroupKind::Sig | GroupKind::WorkingGroup
        )
        || bare.words.is_empty()
        || group.words.is_empty()
    {
        return None;
    }
    let as_plain = FoldedName {
        kind: GroupKind::Plain,
        ..group.clone()
    };
    if same_group(bare, &as_plain).is_some() {
        return Some(
            "a bare name under a group parent: the group's name without its marker".into(),
        );
    }
    let added = extends(&as_plain, bare)?;
    Some(format!(
        "a bare name under a group parent: the group's name and more ({})",
        added.join(" ")
    ))
}

/// The words `long` adds at the end of `short`, when the two are of one kind and
/// `long` starts with `short`'s words (each the same, or one folding into the other):
/// `Team IAM & Security` extends `Team IAM` by `security`.
pub(crate) fn extends<'l>(short: &FoldedName, long: &'l FoldedName) -> Option<&'l [String]> {
    if short.kind != long.kind
        || matches!(short.kind, GroupKind::Issue | GroupKind::Repository)
        || short.words.is_empty()
        || long.words.len() <= short.words.len()
    {
        return None;
    }
    let word = |w: &String| FoldedName {
        kind: GroupKind::Plain,
        words: vec![w.clone()],
        initials: w.chars().take(1).collect(),
    };
    let starts = (short.words.iter().zip(&long.words))
        .all(|(a, b)| a == b || same_group(&word(a), &word(b)).is_some());
    starts.then(|| &long.words[short.words.len()..])
}
#[cfg(test)]
mod tests {
    use super::*;

    fn why(a: &str, b: &str) -> Option<String> {
        same_group(&fold(a), &fold(b))
    }

    #[test]
    fn spellings_that_fold_and_those_that_do_not() {
        assert!(why("SIG Monitoring", "Monitoring SIG").is_some());
        assert!(why("Team IaaS", "team iaas:").is_some());
        assert!(why("Packaging WG", "Packaging Working Group").is_some());
        assert!(why("SIG Std/Cert", "SIG Standardization/Certification")
            .unwrap()
            .starts_with("abbreviation"));
        assert!(why("Packagaing", "Packaging")
            .unwrap()
            .starts_with("typing slip"));
        assert!(why("Team Ops", "Team Operations").is_some());
        // Different markers, different groups.
        assert_eq!(why("Team IAM", "SIG IAM"), None);
        assert_eq!(why("Team IaaS", "Team IAM"), None);
        assert_eq!(why("Release 2", "Release 3"), None);
        assert!(why("org/cross-project-council", "org/cross-project-counci").is_some());
    }

    #[test]
    fn structure_is_never_a_group() {
        for s in [
            "Agenda",
            "AOB",
            "Next Meeting",
            "Chair This Meeting 👇",
            "Q&A, Other",
            "Mailing Lists",
            "Action items",
            "Present",
            "General",
            "Update on Progress",
        ] {
            assert!(structural(&fold(s)), "{s}");
        }
        for s in [
            "Packaging",
            "Team IaaS",
            "Staff",
            "org/repo",
            "Board Meeting Updates",
        ] {
            assert!(!structural(&fold(s)), "{s}");
        }
    }

    #[test]
    fn issues_are_keyed_by_their_reference() {
        assert_eq!(
            fold("\"Rename the thing\" leadership-council#42").identity(),
            fold("\"Renaming things\" leadership-council#42").identity()
        );
        assert_eq!(fold("org/repo").kind, GroupKind::Repository);
    }

    /// Every form of a working group, SIG and team means the same to every asker:
    /// the match key (configured names), the fold (inference), the look of a group
    /// (sections without configuration, `check`) and the distinctive part (`check`).
    #[test]
    fn parents_that_name_groups() {
        for name in [
            "Working Group Updates",
            "SIG reports",
            "Teams",
            "WG updates",
            "Updates from the groups",
        ] {
            assert!(names_groups(&fold(name)), "{name}");
        }
        for name in ["Nominated issues", "Project updates", "Activity reports"] {
            assert!(!names_groups(&fold(name)), "{name}");
        }
    }

    #[test]
    fn one_grammar_for_every_asker() {
        let wg = ["Packaging WG", "WG Packaging", "Packaging Working Group"];
        for a in wg {
            assert_eq!(match_key(a), "wg packaging", "{a}");
            assert_eq!(distinctive(a), "packaging", "{a}");
            assert!(looks_like_group(a), "{a}");
            assert!(has_group_form(a), "{a}");
            assert_eq!(fold(a).kind, GroupKind::WorkingGroup, "{a}");
            for b in wg {
                assert!(why(a, b).is_some(), "{a} / {b}");
            }
        }
        assert_eq!(match_key("Docs  SIG"), "sig docs");
        assert_eq!(match_key("SIG Docs"), "sig docs");
        assert_eq!(match_key("Team Ops"), "team ops");
        assert_eq!(distinctive("Docs SIG"), "docs");
        assert!(looks_like_group("owner/repo"));
        assert!(looks_like_group("Team A"), "a one-letter name is a name");
        // Structure under a marker, and a marker alone, are no group.
        for s in [
            "Team updates",
            "SIG updates",
            "Team meeting",
            "Team",
            "WG",
            "SIG call",
        ] {
            assert!(!looks_like_group(s), "{s}");
        }
        assert!(!looks_like_group("Design review"));
        assert!(is_marker_word("working") && is_marker_word("sig"));
        assert!(!is_marker_word("docs"));
    }

    #[test]
    fn initialisms_fold_with_a_plural_and_a_year() {
        for (a, b) in [
            ("TSC", "Technical Steering Committee"),
            ("tsc", "Technical steering committee"),
            ("RFCs", "Requests for Comments"),
            ("RFC", "Requests for comments"),
            ("TSC 2023", "Technical Steering Committee"),
        ] {
            assert!(why(a, b).unwrap().starts_with("initialism"), "{a} / {b}");
            assert!(why(b, a).is_some(), "{b} / {a}");
        }
        assert_eq!(
            why("Summer Program", "Summer Program, 2023").as_deref(),
            Some("the same name with a year added")
        );
        assert!(why("Summer Program 2022", "Summer Program, 2023").is_some());
        // Not an initialism: letters out of order, a plural that is no plural, a
        // number that is no year.
        assert_eq!(why("CST", "Technical Steering Committee"), None);
        assert_eq!(why("TSCX", "Technical Steering Committee"), None);
        assert_eq!(why("Release 2", "Release"), None);
        assert_eq!(why("2023", "Summer Program"), None);
        // Markers still keep kinds apart.
        assert_eq!(why("SIG TSC", "Technical Steering Committee"), None);
    }

    #[test]
    fn bare_names_complete_a_marked_group() {
        let c = |a: &str, b: &str| completes(&fold(a), &fold(b));
        assert!(c("Core", "SIG Core").is_some());
        assert!(c("core", "Core SIG").is_some());
        assert!(c("Std/Cert", "SIG Standardization/Certification").is_some());
        assert_eq!(
            c("Graphics/audio", "SIG Graphics").as_deref(),
            Some("a bare name under a group parent: the group's name and more (audio)")
        );
        assert!(c("Ops", "Team Ops").is_some());
        assert!(c("Packaging", "Packaging Working Group").is_some());
        // A bare name that is shorter than the group's, or another name, does not.
        assert_eq!(c("Central", "SIG Central API"), None);
        assert_eq!(c("Graphics", "SIG Audio"), None);
        // Only bare names join, and only marked groups.
        assert_eq!(c("SIG Core", "Team Core"), None);
        assert_eq!(c("Core", "org/core"), None);
    }

    #[test]
    fn cleaning() {
        let c = clean_heading("Team IAM & Security - IAM / Security");
        assert_eq!(c.name, "Team IAM & Security");
        assert_eq!(c.subtitle.as_deref(), Some("IAM / Security"));
        assert_eq!(
            clean_heading("SIG Central API (1/2)").name,
            "SIG Central API"
        );
        assert_eq!(
            clean_heading("SIG Release -- Call for Participation").name,
            "SIG Release"
        );
        assert_eq!(clean_heading("Team Ops — status").name, "Team Ops");
        assert_eq!(clean_heading("Team Ops: status").name, "Team Ops");
        assert_eq!(clean_heading("Team  Ops   ").name, "Team Ops");
        assert_eq!(clean_heading("🚀 Team Ops 🎉").name, "Team Ops");
        assert_eq!(clean_heading("☎\u{fe0f} SIG Größe").name, "SIG Größe");
        assert_eq!(
            clean_heading("SIG Standardization/Certification").name,
            "SIG Standardization/Certification"
        );
    }
}
