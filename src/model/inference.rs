//! Which headings of an archive are groups (teams, SIGs, working groups, repositories,
//! nominated issues), worked out from the archive itself when `site.toml` names no team.
//!
//! The rules, each one explainable from the minutes:
//! - **A group** is a heading that recurs in at least [`MIN_MEETINGS`] meetings and
//!   either has a group's form (`Team X`, `SIG X`, `X SIG`, `X WG`, `X Working Group`,
//!   `owner/repo`) or sits directly under a *group parent* in at least a fifth of the
//!   parent's meetings. One of a group's form seen one meeting fewer is a group when it
//!   sits under a group parent beside a group of the same form.
//! - **A group parent** is a heading that recurs in at least [`MIN_MEETINGS`] meetings
//!   and has recurring headings under it that are not structural: one is enough when its
//!   name says it holds parts (`updates`, `reports`, `nominated`, `groups`, …),
//!   otherwise it takes two of a group's form or three of any form.
//! - **Structural headings** are never groups: their words, less fillers like `the` or
//!   `meeting`, are all words of the running of a meeting (`agenda`, `present`, `links`,
//!   `roles`, `AOB`, `Q&A`, `announcements`, `progress`, `next …`).
//! - **Spellings fold** into one group when they differ only in case, punctuation or
//!   word order (`SIG X` and `X SIG` too), when one abbreviates the other word for word
//!   (`Std/Cert`), is its initialism (`CAPI` for `Central API` would need the same
//!   marker word), or is one typing slip away from it (`Packagaing`). Each fold keeps
//!   its reason, which `minutebook init` writes beside the alias.
//! - A heading that names an issue (`owner/repo#12`, `repo#12`) is keyed by that
//!   reference, so the issue's title may change from meeting to meeting.
//! - **A rename** is one group: a name of one kind that takes another's place from the
//!   next meeting or the one after, sharing a word with it or being, like it, the only
//!   part of one parent (`fold_renames`; the meetings' dates are read for this alone).
//!
//! Everything here is a function of the headings and dates alone, in a fixed order, so
//! the same archive always gives the same groups; `serve` works the groups out again
//! after an edit and rebuilds everything when they changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::markdown::parse::ParsedMeeting;
use crate::markdown::team_sections::{clean_heading, TeamMatcher};
use crate::source::config::{Config, TeamConfig};

/// One parsed file as the inference reads it: its series, its date and its parse.
pub type Meeting<'p> = (&'p str, NaiveDate, &'p ParsedMeeting);

/// A heading must be seen in this many meetings to be a group or a group parent.
pub const MIN_MEETINGS: usize = 3;

/// A heading that is not of a group's form is a group only when it comes back under
/// its parent in at least one in this many of the parent's meetings.
const SHARE_DIVISOR: usize = 5;

/// What the archive's headings say about its structure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inferred {
    /// The groups, most meetings first.
    pub groups: Vec<Group>,
    /// Spellings of the headings found to hold groups, most meetings first.
    pub parents: Vec<(String, usize)>,
    /// Headings under a group parent that are not groups, with why, most meetings first.
    pub ignored: Vec<Ignored>,
    /// Series (folder) names that are one group's own meetings: (series, group name).
    pub series_teams: Vec<(String, String)>,
    /// Series whose meetings have sections of two groups or more on average.
    pub all_teams: Vec<String>,
    /// Headings of a group's form or under a group parent, and how many of them are
    /// spellings of a group (so their sections are on a timeline).
    pub candidates: usize,
    /// See `candidates`.
    pub placed: usize,
}

/// One group, with every spelling the minutes use for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The spelling used most often.
    pub name: String,
    /// How many meetings have a section of it.
    pub meetings: usize,
    /// Why it is a group.
    pub why: &'static str,
    /// The other spellings, each with the reason it folds into this group.
    pub aliases: Vec<(String, String)>,
}

/// A heading that is not a group, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Ignored {
    /// The heading's name, as written most often.
    pub name: String,
    /// How many meetings have it.
    pub meetings: usize,
    /// Why it is not a group.
    pub why: &'static str,
}

/// The kind of name a heading has; spellings fold only within one kind, so that
/// `Team IAM` and `SIG IAM` stay two groups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
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
struct Folded {
    kind: Kind,
    /// The words in the order written.
    words: Vec<String>,
}

impl Folded {
    /// The identity of a spelling: case, punctuation and word order do not count.
    fn identity(&self) -> (Kind, Vec<String>) {
        let mut w = self.words.clone();
        w.sort();
        (self.kind, w)
    }
}

static REPOSITORY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$").expect("valid regex"));
static ISSUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[])((?:[\w.-]+/)?[\w.-]+#\d+)\b").expect("valid regex")
});

/// Words that carry no meaning for folding or for telling structure from groups.
const FILLERS: &[&str] = &[
    "a", "an", "and", "any", "for", "from", "in", "of", "on", "or", "our", "s", "the", "this",
    "to", "week", "weeks", "meeting", "meetings", "call", "with",
];

/// Words of the running of a meeting: a heading made only of these is structure.
const STRUCTURAL: &[&str] = &[
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
const PARENT_WORDS: &[&str] = &[
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

/// Whether a heading's name says it holds one part per group (`Working Group Updates`,
/// `Nominated issues`).
fn says_parts(f: &Folded) -> bool {
    f.words.iter().any(|w| PARENT_WORDS.contains(&w.as_str()))
}

/// Letters and digits in ASCII, lower case, everything else a space: an emoji is no
/// word (`deunicode` would spell 👇 as `point_down`).
fn ascii_words(name: &str) -> String {
    let kept: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    deunicode::deunicode(&kept).to_lowercase()
}

fn fold(name: &str) -> Folded {
    let trimmed = name.trim();
    // `owner/repo` as GitHub spells it: lower case, or with `-`, `_` or `.` in it
    // (`Sec/Pentesting` is two topics, not a repository).
    let repo_like = !trimmed.chars().any(char::is_uppercase) || trimmed.contains(['-', '_', '.']);
    if repo_like && REPOSITORY.is_match(trimmed) {
        return Folded {
            kind: Kind::Repository,
            words: vec![trimmed.to_lowercase()],
        };
    }
    if let Some(c) = ISSUE.captures(trimmed) {
        return Folded {
            kind: Kind::Issue,
            words: vec![c[1].to_lowercase()],
        };
    }
    let lower = ascii_words(trimmed);
    let mut words: Vec<String> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLERS.contains(w))
        .map(str::to_string)
        .collect();
    let mut kind = Kind::Plain;
    let first = words.first().map(String::as_str);
    let last = words.last().map(String::as_str);
    if words.len() > 1 {
        if first == Some("team") {
            kind = Kind::Team;
            words.remove(0);
        } else if first == Some("sig") {
            kind = Kind::Sig;
            words.remove(0);
        } else if last == Some("sig") {
            kind = Kind::Sig;
            words.pop();
        } else if first == Some("wg") {
            kind = Kind::WorkingGroup;
            words.remove(0);
        } else if last == Some("wg") {
            kind = Kind::WorkingGroup;
            words.pop();
        } else if words.len() > 2 && words.ends_with(&["working".into(), "group".into()]) {
            kind = Kind::WorkingGroup;
            words.truncate(words.len() - 2);
        }
    }
    Folded { kind, words }
}

/// Whether a folded name is structure rather than a group.
fn structural(f: &Folded) -> bool {
    match f.kind {
        Kind::Repository | Kind::Issue => false,
        _ => {
            f.words.first().is_some_and(|w| w == "next")
                || (!f.words.is_empty() && f.words.iter().all(|w| STRUCTURAL.contains(&w.as_str())))
        }
    }
}

/// Whether a heading's name has a group's form (`Team X`, `SIG X`, `X SIG`, `X WG`,
/// `X Working Group`, `owner/repo`): list items so named are headings
/// ([`crate::markdown::item_headings`]).
pub(crate) fn has_group_form(name: &str) -> bool {
    group_form(&fold(name))
}

/// Whether a folded name has a group's form.
fn group_form(f: &Folded) -> bool {
    matches!(
        f.kind,
        Kind::Team | Kind::Sig | Kind::WorkingGroup | Kind::Repository
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
fn same_group(a: &Folded, b: &Folded) -> Option<String> {
    if a.kind != b.kind || a.words.is_empty() || b.words.is_empty() {
        return None;
    }
    if a.identity() == b.identity() {
        return Some("same words (case, punctuation or word order differ)".into());
    }
    // An issue is its number: `#24` and `#242` are two issues.
    if a.kind == Kind::Issue {
        return None;
    }
    if a.words.len() == b.words.len() && a.kind != Kind::Repository {
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
    let initialism = |one: &Folded, many: &Folded| {
        one.words.len() == 1
            && many.words.len() >= 2
            && one.words[0].len() == many.words.len()
            && many
                .words
                .iter()
                .zip(one.words[0].chars())
                .all(|(w, c)| w.starts_with(c))
    };
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

/// The words `long` adds at the end of `short`, when the two are of one kind and
/// `long` starts with `short`'s words (each the same, or one folding into the other):
/// `Team IAM & Security` extends `Team IAM` by `security`.
fn extends<'l>(short: &Folded, long: &'l Folded) -> Option<&'l [String]> {
    if short.kind != long.kind
        || matches!(short.kind, Kind::Issue | Kind::Repository)
        || short.words.is_empty()
        || long.words.len() <= short.words.len()
    {
        return None;
    }
    let word = |w: &String| Folded {
        kind: Kind::Plain,
        words: vec![w.clone()],
    };
    let starts = (short.words.iter().zip(&long.words))
        .all(|(a, b)| a == b || same_group(&word(a), &word(b)).is_some());
    starts.then(|| &long.words[short.words.len()..])
}

/// What is known of one spelling identity across the archive.
#[derive(Debug, Default)]
struct Seen {
    /// Meetings that have it.
    meetings: BTreeSet<usize>,
    /// Spellings as written (cleaned), with how often.
    spellings: BTreeMap<String, usize>,
    /// Identities of the headings directly above it, with the meetings.
    parents: BTreeMap<(Kind, Vec<String>), BTreeSet<usize>>,
    /// The folded name of the spelling used most.
    folded: Folded,
    /// Where it stands, by meeting (the first time there): the heading above it, and
    /// its place among that heading's sub-headings that are not structure, of how many.
    places: BTreeMap<usize, Place>,
}

/// A heading's place under its parent: (parent, index, of how many).
type Place = (Id, usize, usize);

impl Seen {
    fn name(&self) -> String {
        // The most used spelling; among equals, the first in sort order.
        self.spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
            .unwrap_or_default()
    }
}

/// A spelling's identity: its kind and sorted words.
type Id = (Kind, Vec<String>);

/// Spellings that are one group, with the reason each folds in, and where they are.
struct Cluster<'i> {
    members: Vec<(&'i Id, Option<String>)>,
    meetings: BTreeSet<usize>,
    /// Meetings under each group parent.
    under: BTreeMap<&'i Id, BTreeSet<usize>>,
}

/// What the inference reads of one file: each heading's level and text, and whether it
/// is the file's title. An edit that leaves these as they were cannot change the groups
/// (`serve` asks [`same_headings`] before working them out again).
fn headings_of(p: &ParsedMeeting) -> impl Iterator<Item = (u8, &str, bool)> {
    p.blocks.iter().filter_map(|b| {
        let h = b.heading.as_ref()?;
        Some((
            h.level,
            h.text.as_str(),
            p.title.is_some() && b.line == p.title_line,
        ))
    })
}

/// Whether two parses of a file give the inference the same headings.
pub fn same_headings(a: &ParsedMeeting, b: &ParsedMeeting) -> bool {
    headings_of(a).eq(headings_of(b))
}

/// Every heading but the title, by identity.
fn collect(parsed: &[Meeting], matcher: &TeamMatcher) -> HashMap<Id, Seen> {
    let mut seen: HashMap<Id, Seen> = HashMap::new();
    for (m, (_, _, p)) in parsed.iter().enumerate() {
        // Open headings above the current one: (level, identity, the sub-headings
        // under it so far that are not structure).
        let mut open: Vec<(u8, Id, Vec<Id>)> = Vec::new();
        for (level, text, is_title) in headings_of(p) {
            while open.last().is_some_and(|(l, _, _)| *l >= level) {
                close(&mut seen, m, open.pop());
            }
            let name = clean_heading(text).name;
            if is_title || name.is_empty() || matcher.is_ignored(text) {
                continue;
            }
            let folded = fold(&name);
            let id = folded.identity();
            if id.1.is_empty() {
                continue;
            }
            let s = seen.entry(id.clone()).or_default();
            s.meetings.insert(m);
            *s.spellings.entry(name).or_insert(0) += 1;
            if let Some((_, parent, children)) = open.last_mut() {
                s.parents.entry(parent.clone()).or_default().insert(m);
                if !structural(&folded) {
                    children.push(id.clone());
                }
            }
            open.push((level, id, Vec::new()));
        }
        while !open.is_empty() {
            close(&mut seen, m, open.pop());
        }
    }
    // Compared by the spelling used most, whatever the order the files came in.
    for s in seen.values_mut() {
        s.folded = fold(&s.name());
    }
    seen
}

/// Notes, for each sub-heading of a heading that ends, where it stood among them.
fn close(seen: &mut HashMap<Id, Seen>, m: usize, heading: Option<(u8, Id, Vec<Id>)>) {
    let Some((_, parent, children)) = heading else {
        return;
    };
    let n = children.len();
    for (k, child) in children.into_iter().enumerate() {
        if let Some(s) = seen.get_mut(&child) {
            s.places.entry(m).or_insert_with(|| (parent.clone(), k, n));
        }
    }
}

/// A heading of a group's form, or naming an issue, counts wherever it recurs.
fn counts_anywhere(f: &Folded) -> bool {
    group_form(f) || f.kind == Kind::Issue
}

/// Whether `child`, under `parent` in the meetings `ms`, is one of its parts: any
/// heading but one of a group's form must come back in a fair share of the parent's
/// meetings, or the topics of a team's own meetings (under `Agenda`) would all be
/// groups.
fn qualifies_under(child: &Seen, parent: &Seen, ms: &BTreeSet<usize>) -> bool {
    let f = &child.folded;
    ms.len() >= MIN_MEETINGS
        && (counts_anywhere(f) || ms.len() * SHARE_DIVISOR >= parent.meetings.len())
        && !structural(f)
        && !std::ptr::eq(child, parent)
}

/// Group parents: recurring headings, not themselves of a group's form, with recurring
/// headings below them that qualify.
fn find_parents(seen: &HashMap<Id, Seen>) -> BTreeSet<Id> {
    let mut kids: HashMap<&Id, (usize, usize)> = HashMap::new();
    for s in seen.values() {
        for (parent, ms) in &s.parents {
            let Some(p) = seen.get(parent) else { continue };
            if qualifies_under(s, p, ms) {
                let k = kids.entry(parent).or_default();
                k.0 += 1;
                k.1 += usize::from(counts_anywhere(&s.folded));
            }
        }
    }
    let mut parents = BTreeSet::new();
    for (id, (all, formed)) in kids {
        let p = &seen[id];
        let f = &p.folded;
        if p.meetings.len() < MIN_MEETINGS || counts_anywhere(f) {
            continue;
        }
        if (says_parts(f) && all >= 1) || formed >= 2 || all >= 3 {
            parents.insert(id.clone());
        }
    }
    parents
}

/// Candidates, folded into clusters: not structure, not a parent, of a group's form or
/// under a parent at least once. Rare spellings take part too: folded with others they
/// may recur. Structural headings under a parent are noted in `ignored`.
fn cluster<'i>(
    seen: &'i HashMap<Id, Seen>,
    parents: &BTreeSet<Id>,
    ignored: &mut Vec<Ignored>,
) -> Vec<Cluster<'i>> {
    let mut ids: Vec<&Id> = seen.keys().collect();
    ids.sort_by(|a, b| {
        (seen[*b].meetings.len().cmp(&seen[*a].meetings.len())).then_with(|| a.cmp(b))
    });
    let mut clusters: Vec<Cluster> = Vec::new();
    for id in ids {
        let s = &seen[id];
        let f = &s.folded;
        if parents.contains(id) {
            continue;
        }
        let under: Vec<(&Id, &BTreeSet<usize>)> = (s.parents.iter())
            .filter(|(p, _)| parents.contains(*p))
            .collect();
        if structural(f) {
            if !under.is_empty() && s.meetings.len() >= MIN_MEETINGS {
                ignored.push(Ignored {
                    name: s.name(),
                    meetings: s.meetings.len(),
                    why: "structure of a meeting, not a group",
                });
            }
            continue;
        }
        if !group_form(f) && under.is_empty() {
            continue;
        }
        let reason_in =
            |c: &Cluster| (c.members.iter()).find_map(|(m, _)| same_group(&seen[*m].folded, f));
        let c = match clusters.iter().position(|c| reason_in(c).is_some()) {
            Some(c) => {
                let reason = reason_in(&clusters[c]);
                clusters[c].members.push((id, reason));
                c
            }
            None => {
                clusters.push(Cluster {
                    members: vec![(id, None)],
                    meetings: BTreeSet::new(),
                    under: BTreeMap::new(),
                });
                clusters.len() - 1
            }
        };
        clusters[c].meetings.extend(s.meetings.iter().copied());
        for (p, ms) in under {
            (clusters[c].under.entry(p).or_default()).extend(ms.iter().copied());
        }
    }
    clusters
}

/// A name that adds words to a group's name is that group (`SIG Central API MVP`,
/// `Team IAM/Roles`), unless the added words name another group of the same kind:
/// `Team Ops & IAM` is a joint team, not Team Ops. Longest names first, so that chains
/// fold inward. Then the spelling with the most meetings names each group.
fn fold_extensions<'i>(
    seen: &'i HashMap<Id, Seen>,
    mut clusters: Vec<Cluster<'i>>,
) -> Vec<Cluster<'i>> {
    let head_of = |c: &Cluster| seen[c.members[0].0].folded.clone();
    let mut order: Vec<usize> = (0..clusters.len()).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(head_of(&clusters[c]).words.len()));
    let mut gone = vec![false; clusters.len()];
    for &c in &order {
        let long = head_of(&clusters[c]);
        let target = (0..clusters.len())
            .filter(|&d| d != c && !gone[d])
            .filter_map(|d| {
                let short = head_of(&clusters[d]);
                let added: BTreeSet<&String> = extends(&short, &long)?.iter().collect();
                let names_another = (0..clusters.len())
                    .filter(|&e| e != c && e != d && !gone[e])
                    .map(|e| head_of(&clusters[e]))
                    .filter(|o| o.kind == long.kind && !o.words.is_empty())
                    .any(|o| o.words.iter().all(|w| added.contains(w)));
                (!names_another).then_some((short.words.len(), d))
            })
            .max();
        let Some((short_len, d)) = target else {
            continue;
        };
        gone[c] = true;
        let reason = format!(
            "adds words to the name ({})",
            long.words[short_len..].join(" ")
        );
        let moved = std::mem::take(&mut clusters[c].members);
        let meetings = std::mem::take(&mut clusters[c].meetings);
        let under = std::mem::take(&mut clusters[c].under);
        let into = &mut clusters[d];
        (into.members).extend(moved.into_iter().map(|(id, _)| (id, Some(reason.clone()))));
        into.meetings.extend(meetings);
        for (p, ms) in under {
            into.under.entry(p).or_default().extend(ms);
        }
    }
    let mut clusters: Vec<Cluster> = (clusters.into_iter().zip(gone))
        .filter_map(|(c, gone)| (!gone).then_some(c))
        .collect();
    for c in &mut clusters {
        let best = (0..c.members.len())
            .max_by_key(|&i| (seen[c.members[i].0].meetings.len(), std::cmp::Reverse(i)))
            .expect("a cluster has members");
        c.members.swap(0, best);
        // The old head folds into the new one for the reason the new one folded into it.
        let reason = c.members[0].1.take();
        c.members[best].1 = reason;
    }
    clusters
}

/// The group parents that hold a group of a group's form, with that form: beside them
/// a heading of the same form is a group one meeting short of [`MIN_MEETINGS`] (a
/// repository whose issues came up twice under an `Agenda` of repositories).
fn parents_of_formed_groups<'i>(
    seen: &HashMap<Id, Seen>,
    clusters: &[Cluster<'i>],
) -> BTreeSet<(&'i Id, Kind)> {
    (clusters.iter())
        .filter(|c| c.meetings.len() >= MIN_MEETINGS)
        .map(|c| (c, seen[c.members[0].0].folded.kind))
        .filter(|(c, _)| group_form(&seen[c.members[0].0].folded))
        .flat_map(|(c, kind)| c.under.keys().map(move |p| (*p, kind)))
        .collect()
}

/// What the rename rule reads of a group: where and when it is.
struct Span<'i> {
    kind: Kind,
    /// Words of all its spellings that may name it (no structure, no fillers).
    words: BTreeSet<&'i str>,
    first: NaiveDate,
    last: NaiveDate,
    /// Where it stood under its parent in its first and its last meeting.
    first_place: Option<&'i Place>,
    last_place: Option<&'i Place>,
    /// The meetings it is compared in: those of each group parent it sits under, by
    /// parent, and those of the series it is seen in most, under `None`.
    contexts: BTreeMap<Option<&'i Id>, Vec<usize>>,
}

fn span<'i>(seen: &'i HashMap<Id, Seen>, c: &Cluster<'i>, parsed: &[Meeting]) -> Span<'i> {
    let date = |m: &usize| parsed[*m].1;
    // A repository is named by its name without the owner: `nodejs/bootstrap` moved
    // to `openjs-foundation/bootstrap` keeps the word `bootstrap`.
    let words = (c.members.iter())
        .flat_map(|(id, _)| seen[*id].folded.words.iter())
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .filter(|w| !STRUCTURAL.contains(w) && !PARENT_WORDS.contains(w) && w.len() > 2)
        .collect();
    let mut contexts: BTreeMap<Option<&Id>, Vec<usize>> = (c.under.keys())
        .map(|p| (Some(*p), seen[*p].meetings.iter().copied().collect()))
        .collect();
    {
        let mut by_series: BTreeMap<&str, usize> = BTreeMap::new();
        for &m in &c.meetings {
            *by_series.entry(parsed[m].0).or_default() += 1;
        }
        if let Some((series, _)) =
            (by_series.iter()).max_by_key(|(s, n)| (**n, std::cmp::Reverse(**s)))
        {
            let ms = (0..parsed.len())
                .filter(|m| parsed[*m].0 == *series)
                .collect();
            contexts.insert(None, ms);
        }
    }
    let place = |m: Option<&usize>| {
        let m = m?;
        (c.members.iter()).find_map(|(id, _)| seen[*id].places.get(m))
    };
    Span {
        kind: seen[c.members[0].0].folded.kind,
        words,
        first: c.meetings.iter().map(date).min().unwrap_or_default(),
        last: c.meetings.iter().map(date).max().unwrap_or_default(),
        first_place: place(c.meetings.iter().min_by_key(|m| (date(m), **m))),
        last_place: place(c.meetings.iter().max_by_key(|m| (date(m), **m))),
        contexts,
    }
}

/// Whether `new` took `old`'s place: one kind, in one context (under one parent, or
/// in one series), `old` last seen before `new` is first seen, with at most one meeting
/// of that context between; and a word in common, or each the only sub-heading that is
/// not structure under one parent in `old`'s last meeting and `new`'s first. (A place
/// among several is no evidence: a team that ends and one that starts at the end of a
/// list have the same.)
fn renamed(old: &Span, new: &Span, parsed: &[Meeting]) -> bool {
    let same_place =
        old.last_place.is_some_and(|(_, _, n)| *n == 1) && old.last_place == new.first_place;
    if old.kind != new.kind
        || old.kind == Kind::Issue
        || old.last >= new.first
        || (old.words.is_disjoint(&new.words) && !same_place)
    {
        return false;
    }
    old.contexts.iter().any(|(p, ms)| {
        new.contexts.get(p).is_some_and(|theirs| {
            let between: BTreeSet<NaiveDate> = (ms.iter().chain(theirs))
                .map(|m| parsed[*m].1)
                .filter(|d| *d > old.last && *d < new.first)
                .collect();
            between.len() <= 1
        })
    })
}

/// Renames: a group whose name stops being used when another one of its kind, sharing
/// a word with it, starts in the same place (see [`renamed`]) is that group under its
/// new name. Only a one-to-one change counts: when the new name also names another
/// group (`Team Ops & IAM` after `Team Ops` and `Team IAM`), or two names could have
/// taken one's place, the groups stay apart. The new name names the group.
fn fold_renames<'i>(
    seen: &'i HashMap<Id, Seen>,
    mut kept: Vec<(Cluster<'i>, &'static str)>,
    parsed: &[Meeting],
) -> Vec<(Cluster<'i>, &'static str)> {
    let spans: Vec<Span> = kept.iter().map(|(c, _)| span(seen, c, parsed)).collect();
    let names_another = |n: usize, except: usize| {
        (0..spans.len())
            .filter(|&o| o != n && o != except)
            .any(|o| {
                // Fewer words: one with the same is an earlier name, not another group.
                spans[o].kind == spans[n].kind
                    && !spans[o].words.is_empty()
                    && spans[o].words.len() < spans[n].words.len()
                    && spans[o].words.is_subset(&spans[n].words)
            })
    };
    let pairs: Vec<(usize, usize)> = (0..spans.len())
        .flat_map(|a| (0..spans.len()).map(move |b| (a, b)))
        .filter(|&(a, b)| a != b && renamed(&spans[a], &spans[b], parsed))
        .filter(|&(a, b)| !names_another(b, a) && !names_another(a, b))
        .collect();
    let once = |a: usize, b: usize| {
        pairs.iter().filter(|(x, _)| *x == a).count() == 1
            && pairs.iter().filter(|(_, y)| *y == b).count() == 1
    };
    // Oldest first, so that a chain of renames ends in its newest name.
    let mut order: Vec<(usize, usize)> =
        pairs.iter().copied().filter(|&(a, b)| once(a, b)).collect();
    order.sort_by_key(|&(a, _)| spans[a].first);
    // Where each group went: merged ones point at the group that took them.
    let mut into: Vec<usize> = (0..kept.len()).collect();
    for (a, b) in order {
        let (mut a, b) = (a, b);
        while into[a] != a {
            a = into[a];
        }
        if a == b {
            continue;
        }
        into[a] = b;
        let old = std::mem::take(&mut kept[a].0.members);
        let old_name = seen[old[0].0].name();
        let reason = format!(
            "renamed: last as {old_name} on {}, as {} from {}",
            spans[a].last,
            seen[kept[b].0.members[0].0].name(),
            spans[b].first
        );
        let meetings = std::mem::take(&mut kept[a].0.meetings);
        let under = std::mem::take(&mut kept[a].0.under);
        let to = &mut kept[b].0;
        for (k, (id, why)) in old.into_iter().enumerate() {
            to.members
                .push((id, if k == 0 { Some(reason.clone()) } else { why }));
        }
        to.meetings.extend(meetings);
        for (p, ms) in under {
            to.under.entry(p).or_default().extend(ms);
        }
    }
    kept.into_iter()
        .zip(into.iter().enumerate().map(|(i, t)| i == *t))
        .filter_map(|(c, stays)| stays.then_some(c))
        .collect()
}

/// Works out the groups of an archive from the headings of its parsed files, given
/// with their series and dates. Headings the site's `ignore` names (`matcher`) take no part.
pub fn infer(parsed: &[Meeting], matcher: &TeamMatcher) -> Inferred {
    let seen = collect(parsed, matcher);
    let parent_ids = find_parents(&seen);
    let mut ignored: Vec<Ignored> = Vec::new();
    let clusters = cluster(&seen, &parent_ids, &mut ignored);
    let clusters = fold_extensions(&seen, clusters);
    let mut groups = Vec::new();
    let (mut candidates, mut placed_headings) = (0, 0);
    // How many groups each meeting has a section of.
    let mut per_meeting = vec![0usize; parsed.len()];
    // Headings under each group parent that are no group of their own.
    let mut rare_under: BTreeMap<&Id, usize> = BTreeMap::new();
    let beside = parents_of_formed_groups(&seen, &clusters);
    let mut kept: Vec<(Cluster, &'static str)> = Vec::new();
    for c in clusters {
        let head = &seen[c.members[0].0];
        let headings: usize = (c.members.iter())
            .map(|(id, _)| seen[*id].spellings.values().sum::<usize>())
            .sum();
        candidates += headings;
        let f = &head.folded;
        let placed = c
            .under
            .iter()
            .any(|(p, ms)| qualifies_under(head, &seen[*p], ms));
        let why = if counts_anywhere(f) && c.meetings.len() >= MIN_MEETINGS {
            "named like a group"
        } else if group_form(f)
            && c.meetings.len() + 1 >= MIN_MEETINGS
            && (c.under.keys()).any(|p| beside.contains(&(*p, f.kind)))
        {
            "named like the groups beside it"
        } else if placed {
            "under a heading that holds one part per group"
        } else {
            for p in c.under.keys() {
                *rare_under.entry(*p).or_default() += headings;
            }
            if !c.under.is_empty() && head.meetings.len() >= 2 {
                ignored.push(Ignored {
                    name: head.name(),
                    meetings: c.meetings.len(),
                    why: "too rare under its parent heading",
                });
            }
            continue;
        };
        placed_headings += headings;
        kept.push((c, why));
    }
    for (c, why) in fold_renames(&seen, kept, parsed) {
        let head = &seen[c.members[0].0];
        let name = head.name();
        let mut aliases: Vec<(String, String)> = Vec::new();
        for (id, reason) in &c.members {
            let reason = reason
                .clone()
                .unwrap_or_else(|| "same words (case, punctuation or word order differ)".into());
            for spelling in seen[*id].spellings.keys() {
                if *spelling != name && !aliases.iter().any(|(a, _)| a == spelling) {
                    aliases.push((spelling.clone(), reason.clone()));
                }
            }
        }
        for &m in &c.meetings {
            per_meeting[m] += 1;
        }
        groups.push(Group {
            name,
            meetings: c.meetings.len(),
            why,
            aliases,
        });
    }
    // A parent that says it holds parts (`Nominated issues`) keeps those that are no
    // group of their own (an issue discussed once) on a timeline of its own.
    for (p, headings) in rare_under {
        let s = &seen[p];
        if !says_parts(&s.folded) || structural(&s.folded) {
            continue;
        }
        placed_headings += headings;
        let name = s.name();
        for &m in &s.meetings {
            per_meeting[m] += 1;
        }
        groups.push(Group {
            aliases: (s.spellings.keys())
                .filter(|a| **a != name)
                .map(|a| {
                    (
                        a.clone(),
                        "same words (case, punctuation or word order differ)".into(),
                    )
                })
                .collect(),
            name,
            meetings: s.meetings.len(),
            why: "holds parts that are no group of their own",
        });
    }
    groups.sort_by(|a, b| {
        b.meetings
            .cmp(&a.meetings)
            .then_with(|| a.name.cmp(&b.name))
    });
    ignored.sort_by(|a, b| {
        b.meetings
            .cmp(&a.meetings)
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut parents: Vec<(String, usize)> = parent_ids
        .iter()
        .map(|id| (seen[id].name(), seen[id].meetings.len()))
        .collect();
    parents.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    let all_teams = all_teams_series(parsed, &per_meeting);
    let series_teams = series_teams(parsed, &groups)
        .into_iter()
        .filter(|(s, _)| !all_teams.contains(s))
        .collect();
    Inferred {
        groups,
        parents,
        ignored,
        series_teams,
        all_teams,
        candidates,
        placed: placed_headings,
    }
}

/// Series whose meetings have sections of two or more groups on average: the calls
/// where all groups report (shown first on the home page).
fn all_teams_series(parsed: &[Meeting], per_meeting: &[usize]) -> Vec<String> {
    let mut by_series: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((series, _, _), n) in parsed.iter().zip(per_meeting) {
        let e = by_series.entry(series).or_default();
        e.0 += 1;
        e.1 += n;
    }
    (by_series.into_iter())
        .filter(|(_, (meetings, sections))| *sections >= 2 * meetings)
        .map(|(s, _)| s.to_string())
        .collect()
}

/// Series whose folder name is a group's name (`sig-monitoring` for `SIG Monitoring`,
/// `iaas` for `Team IaaS`): that group's own meetings. The folder's words must equal a
/// spelling's words, or be a part of only one group's words.
fn series_teams(parsed: &[Meeting], groups: &[Group]) -> Vec<(String, String)> {
    let series: BTreeSet<&str> = parsed.iter().map(|(s, _, _)| *s).collect();
    // Every word counts here: `community-call` is not `SIG Community`.
    let words_of = |name: &str| -> (Kind, BTreeSet<String>) {
        let f = fold(name);
        let all = ascii_words(name);
        let mut words: BTreeSet<String> = all
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if f.kind != Kind::Plain {
            words.retain(|w| !matches!(w.as_str(), "team" | "sig" | "wg" | "working" | "group"));
        }
        (f.kind, words)
    };
    let spellings: Vec<(&str, (Kind, BTreeSet<String>))> = groups
        .iter()
        .flat_map(|g| {
            std::iter::once(&g.name)
                .chain(g.aliases.iter().map(|(a, _)| a))
                .map(move |s| (g.name.as_str(), words_of(s)))
        })
        .collect();
    let mut out = Vec::new();
    for s in series {
        let (kind, words) = words_of(&s.replace(['-', '_'], " "));
        if words.is_empty() {
            continue;
        }
        let fits = |k: Kind| kind == Kind::Plain || kind == k;
        let exact: BTreeSet<&str> = (spellings.iter())
            .filter(|(_, (k, w))| fits(*k) && *w == words)
            .map(|(n, _)| *n)
            .collect();
        let part: BTreeSet<&str> = (spellings.iter())
            .filter(|(_, (k, w))| fits(*k) && words.is_subset(w))
            .map(|(n, _)| *n)
            .collect();
        let found = if exact.is_empty() { part } else { exact };
        if found.len() == 1 {
            let name = found.into_iter().next().expect("one");
            out.push((s.to_string(), name.to_string()));
        }
    }
    out
}

impl Inferred {
    /// Puts the groups into `config` as its teams, and the series that are one group's
    /// meetings as their series' team, where the configuration says nothing else.
    pub fn apply(&self, config: &mut Config) {
        config.teams = self
            .groups
            .iter()
            .map(|g| TeamConfig {
                name: g.name.clone(),
                slug: None,
                aliases: g.aliases.iter().map(|(a, _)| a.clone()).collect(),
                patterns: Vec::new(),
                description: String::new(),
            })
            .collect();
        for series in &self.all_teams {
            let s = config.series.entry(series.clone()).or_default();
            if s.team.is_none() {
                s.all_teams = true;
            }
        }
        for (series, team) in &self.series_teams {
            let s = config.series.entry(series.clone()).or_default();
            if s.team.is_none() && !s.all_teams {
                s.team = Some(team.clone());
            }
        }
    }
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
        assert_eq!(fold("org/repo").kind, Kind::Repository);
    }
}
