//! Action items followed across meetings: one item per real action, with its history
//! and a state a reader can trust.
//!
//! Minutes repeat an open action in each meeting until it is done ("Pending action
//! items", "Action items from last meeting"), often reworded a little. Here every
//! action outcome of every meeting ([`crate::markdown::outcomes`]) becomes a
//! *mention*, and mentions that are the same action are joined into one
//! [`ActionItem`]. Two mentions are the same action when, in meeting order:
//!
//! - they are in the same group (the team whose section holds them, or whose series
//!   the meeting is) or in meetings of the same series;
//! - they have the same owner (one person however spelt, or both none);
//! - their texts are the same or nearly so: after [`normalise`] (case, punctuation,
//!   `@handles`, links, done markers, "will" and "to" dropped), [`similarity`] is at
//!   least `actions_similarity` (0.8 by default), or at least half of it when the later
//!   mention sits under a part that carries actions over ([`is_carry_heading`]:
//!   "Open action items", "Pending action items", "Carried over", …) or says where it was
//!   raised (`(raised 2024-01-04)`, as `minutebook new` writes).
//!
//! An item is *done* when a mention is ticked (`[x]`), struck through, has a sub-item
//! "done", or says so next to it ([`says_done`]: `done:`, `(done)`, `- closed`, ✅):
//! decided by the first such meeting. It is *dropped* when `actions_stale_after`
//! meetings (4 by default) of the series it was last seen in followed that mention
//! without carrying it: decided by the last of those. It is dropped too when that
//! series has ended: no meeting of it for longer than `actions_stale_after` of its
//! usual gaps (the median, at least a week) before the archive's newest meeting;
//! decided by its last meeting. Otherwise it is *open*, as of its last mention.
//! A dropped or done item is never revived: the same text raised again later is a
//! new item.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::markdown::outcomes::OutcomeKind;
use crate::model::archive::Archive;
use crate::model::people::People;
use crate::source::config::Config;

/// Words of a heading that make its part a list of actions carried over from before,
/// when the heading also names actions ([`ACTION_WORDS`]); or, on their own, a phrase
/// of [`CARRY_PHRASES`].
pub const CARRY_WORDS: &[&str] = &[
    "open",
    "pending",
    "previous",
    "last",
    "outstanding",
    "carried",
    "review",
    "old",
    "unfinished",
    "remaining",
];
/// Words of a heading that name actions.
pub const ACTION_WORDS: &[&str] = &[
    "action", "actions", "ai", "ais", "todo", "todos", "task", "tasks",
];
/// Headings that carry actions over by themselves.
pub const CARRY_PHRASES: &[&str] = &["carried over", "carry over", "follow up from last"];

/// How mentions are joined and when an item is dropped (from `site.toml`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// `actions_similarity`: how alike two normalised texts must be.
    pub similarity: f64,
    /// `actions_stale_after`: meetings of its scope without a mention before an open
    /// item is dropped.
    pub stale_after: usize,
}

impl Rules {
    /// The site's rules.
    pub fn of(config: &Config) -> Rules {
        Rules {
            similarity: config.actions_similarity,
            stale_after: config.actions_stale_after.max(1),
        }
    }
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::of(&Config::default())
    }
}

/// Where an item lives: the meetings that could carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// A group's timeline (index into [`Archive::teams`]).
    Team(usize),
    /// A series (index into [`Archive::series`]).
    Series(usize),
}

/// What became of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Still to do.
    Open,
    /// Done.
    Done,
    /// Not carried for `actions_stale_after` meetings of its scope.
    Dropped,
}

impl State {
    /// `open`, `done` or `dropped`.
    pub fn word(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Done => "done",
            State::Dropped => "dropped",
        }
    }
}

/// One mention of an action in one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// The meeting.
    pub meeting: usize,
    /// Index into the meeting's `parsed.outcomes`.
    pub outcome: usize,
    /// Whether this mention says the action is done.
    pub done: bool,
}

/// One action, across the meetings that mention it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionItem {
    /// Its text as last written.
    pub text: String,
    /// Its owner as first written (a name, or a handle with its `@`).
    pub owner: Option<String>,
    /// The group whose section (or series) holds its first mention.
    pub team: Option<usize>,
    /// Where it lives.
    pub scope: Scope,
    /// Every mention, oldest first: the first is where it was raised.
    pub mentions: Vec<Mention>,
    /// What became of it.
    pub state: State,
    /// The meeting that decided the state: the last mention (open), the first that
    /// says it is done (done), the last meeting of its scope that did not carry it
    /// (dropped).
    pub decided: usize,
}

impl ActionItem {
    /// The meeting that raised it.
    pub fn raised_on(&self) -> usize {
        self.mentions[0].meeting
    }

    /// The last meeting that mentions it.
    pub fn last_seen(&self) -> usize {
        self.mentions.last().expect("an item has a mention").meeting
    }
}

/// Every action item of an archive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Actions {
    /// In the order they were raised.
    pub items: Vec<ActionItem>,
    /// The item of each mention: (meeting, outcome index) → index into `items`.
    by_mention: HashMap<(usize, usize), usize>,
}

/// An item a later mention may join: its latest text, normalised, and the series of
/// its latest mention.
struct Open {
    text: String,
    series: usize,
    item: usize,
}

impl Actions {
    /// Follows every action outcome of `archive` across its meetings (see the module
    /// documentation); `people` says which spellings of an owner are one person.
    pub fn of(archive: &Archive, people: &People, rules: Rules) -> Actions {
        let sequences = Sequences::of(archive);
        let mut items: Vec<ActionItem> = Vec::new();
        let mut by_mention = HashMap::new();
        // Items that a later mention may still join, per owner.
        let mut live: HashMap<Option<String>, Vec<Open>> = HashMap::new();
        for (i, m) in archive.meetings.iter().enumerate() {
            for (k, o) in m.parsed.outcomes.iter().enumerate() {
                let OutcomeKind::Action { owner, done } = &o.kind else {
                    continue;
                };
                let (heading, team) = place(archive, i, o.block);
                let scope = match team {
                    Some(t) => Scope::Team(t),
                    None => Scope::Series(archive.series_of(i)),
                };
                let owner_key = owner.as_deref().map(|n| match people.find(n) {
                    Some(p) => p.slug.clone(),
                    None => n.trim_start_matches('@').to_lowercase(),
                });
                let done = *done || says_done(&o.text);
                let carried = heading.is_some_and(is_carry_heading) || RAISED.is_match(&o.text);
                let text = normalise(&o.text);
                let threshold = if carried {
                    rules.similarity / 2.0
                } else {
                    rules.similarity
                };
                let series = archive.series_of(i);
                let list = live.entry(owner_key).or_default();
                // A dropped item stays dropped: it joins nothing later.
                list.retain(|c| {
                    let it = &items[c.item];
                    !sequences.stale(it.last_seen(), i, rules)
                });
                // The same group, or the same series (a group's item listed under the
                // series' "Open action items").
                let best = (list.iter_mut())
                    .filter(|c| {
                        let it = &items[c.item];
                        (it.scope == scope || c.series == series)
                            && it.last_seen() != i
                            && (it.state != State::Done || done)
                    })
                    .map(|c| (similarity(&text, &c.text), c))
                    .filter(|(s, _)| *s >= threshold)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                let mention = Mention {
                    meeting: i,
                    outcome: k,
                    done,
                };
                let n = match best {
                    Some((_, c)) => {
                        let it = &mut items[c.item];
                        it.mentions.push(mention);
                        it.text = o.text.clone();
                        if done && it.state != State::Done {
                            it.state = State::Done;
                            it.decided = i;
                        }
                        c.text = text;
                        c.series = series;
                        c.item
                    }
                    None => {
                        items.push(ActionItem {
                            text: o.text.clone(),
                            owner: owner.clone(),
                            team,
                            scope,
                            mentions: vec![mention],
                            state: if done { State::Done } else { State::Open },
                            decided: i,
                        });
                        list.push(Open {
                            text,
                            series,
                            item: items.len() - 1,
                        });
                        items.len() - 1
                    }
                };
                by_mention.insert((i, k), n);
            }
        }
        let newest = archive.meetings.last().map(|m| m.date());
        for it in items.iter_mut().filter(|it| it.state == State::Open) {
            let seen = it.last_seen();
            let after = sequences.after(seen, rules.stale_after);
            if after.len() >= rules.stale_after {
                it.state = State::Dropped;
                it.decided = after[rules.stale_after - 1];
            } else if newest.is_some_and(|d| sequences.ended(archive, seen, d, rules)) {
                it.state = State::Dropped;
                it.decided = after.last().copied().unwrap_or(seen);
            } else {
                it.decided = seen;
            }
        }
        Actions { items, by_mention }
    }

    /// The item a mention belongs to: meeting `i`'s outcome `k`.
    pub fn item_of(&self, i: usize, k: usize) -> Option<&ActionItem> {
        self.by_mention.get(&(i, k)).map(|&n| &self.items[n])
    }

    /// How many items are in each state: (open, done, dropped).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |s: State| self.items.iter().filter(|it| it.state == s).count();
        (n(State::Open), n(State::Done), n(State::Dropped))
    }

    /// The open items a new meeting of series `series` carries over: those of the
    /// series itself and of the groups whose timeline its latest meeting is on, in the
    /// order they were raised.
    pub fn to_carry(&self, archive: &Archive, series: usize) -> Vec<&ActionItem> {
        let Some(&latest) = archive.series[series].meetings.last() else {
            return Vec::new();
        };
        let m = &archive.meetings[latest];
        let mut teams: Vec<usize> = m.section_teams.clone();
        teams.extend(archive.series[series].team);
        (self.items.iter())
            .filter(|it| it.state == State::Open)
            .filter(|it| match it.scope {
                Scope::Series(s) => s == series,
                Scope::Team(t) => teams.contains(&t) && archive.series_of(it.last_seen()) == series,
            })
            .collect()
    }
}

/// Which items `minutebook actions` lists.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this owner's (a name or handle, however spelt).
    pub owner: Option<String>,
    /// Only this group's (its name or slug, any case).
    pub group: Option<String>,
    /// Only items in this state; `None` for all.
    pub state: Option<State>,
}

/// One item as `minutebook actions` prints it (and as `--json` writes it).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemReport {
    /// Its text as last written.
    pub text: String,
    /// Its owner: the person's name when the minutes name them, else as written.
    pub owner: Option<String>,
    /// `open`, `done` or `dropped`.
    pub state: State,
    /// The group it belongs to.
    pub group: Option<String>,
    /// The series of the meeting that raised it.
    pub series: String,
    /// When it was raised, last mentioned, and its state decided (`YYYY-MM-DD`).
    pub raised_on: String,
    /// See `raised_on`.
    pub last_seen: String,
    /// See `raised_on`.
    pub decided_on: String,
    /// Every minutes file that mentions it, oldest first (relative to `content/`).
    pub mentions: Vec<String>,
}

impl ItemReport {
    /// One line for the terminal: state, dates, owner, group, text.
    pub fn line(&self) -> String {
        let seen = if self.mentions.len() > 1 {
            format!(
                ", {} mentions, last {}",
                self.mentions.len(),
                self.last_seen
            )
        } else {
            String::new()
        };
        format!(
            "{:<7} {} {} [{}{}] {}{}",
            self.state.word(),
            self.raised_on,
            self.owner.as_deref().unwrap_or("(no owner)"),
            self.group.as_deref().unwrap_or(&self.series),
            if self.state == State::Open {
                String::new()
            } else {
                format!(", {} {}", self.state.word(), self.decided_on)
            },
            self.text,
            seen
        )
    }
}

impl Actions {
    /// The items `filter` selects, open ones first, each state in the order raised.
    pub fn select(&self, archive: &Archive, people: &People, filter: &Filter) -> Vec<ItemReport> {
        let same_person = |a: &str, b: &str| match (people.find(a), people.find(b)) {
            (Some(x), Some(y)) => x.slug == y.slug,
            _ => a
                .trim_start_matches('@')
                .eq_ignore_ascii_case(b.trim_start_matches('@')),
        };
        let group_of = |it: &ActionItem| it.team.map(|t| &archive.teams[t]);
        let mut out: Vec<(u8, ItemReport)> = (self.items.iter())
            .filter(|it| filter.state.is_none_or(|s| it.state == s))
            .filter(|it| match (&filter.owner, &it.owner) {
                (None, _) => true,
                (Some(want), Some(o)) => same_person(want, o),
                (Some(_), None) => false,
            })
            .filter(|it| match (&filter.group, group_of(it)) {
                (None, _) => true,
                (Some(g), Some(t)) => {
                    t.name.eq_ignore_ascii_case(g) || t.slug.eq_ignore_ascii_case(g)
                }
                (Some(_), None) => false,
            })
            .map(|it| {
                let date = |i: usize| archive.meetings[i].date().format("%Y-%m-%d").to_string();
                let rank = match it.state {
                    State::Open => 0,
                    State::Done => 1,
                    State::Dropped => 2,
                };
                let report = ItemReport {
                    text: it.text.clone(),
                    owner: (it.owner.as_deref())
                        .map(|o| people.find(o).map_or(o, |p| p.name.as_str()).to_string()),
                    state: it.state,
                    group: group_of(it).map(|t| t.name.clone()),
                    series: archive.meetings[it.raised_on()].source.series.clone(),
                    raised_on: date(it.raised_on()),
                    last_seen: date(it.last_seen()),
                    decided_on: date(it.decided),
                    mentions: (it.mentions.iter())
                        .map(|m| archive.meetings[m.meeting].source.rel.display().to_string())
                        .collect(),
                };
                (rank, report)
            })
            .collect();
        out.sort_by_key(|(rank, _)| *rank);
        out.into_iter().map(|(_, r)| r).collect()
    }
}

/// The meetings that could carry an item: those of the series it was last seen in,
/// oldest first.
struct Sequences {
    /// Per series: meeting indices, oldest first.
    series: Vec<Vec<usize>>,
    /// Each meeting's series.
    series_of: Vec<usize>,
}

impl Sequences {
    fn of(archive: &Archive) -> Sequences {
        let series = archive.series.iter().map(|s| s.meetings.clone()).collect();
        let series_of = (0..archive.meetings.len())
            .map(|i| archive.series_of(i))
            .collect();
        Sequences { series, series_of }
    }

    /// The first `n` meetings after `seen` of its series: those that could carry an
    /// item last seen there. (A group's own series carries its items; the sections it
    /// has in an all-groups call seldom do, and do not count against them.)
    fn after(&self, seen: usize, n: usize) -> &[usize] {
        let list = &self.series[self.series_of[seen]];
        let k = list.partition_point(|&i| i <= seen);
        &list[k..(k + n).min(list.len())]
    }

    /// Whether the series of meeting `seen` has ended: its last meeting is further
    /// from the archive's newest (`newest`) than `stale_after` of its usual gaps (the
    /// median, at least a week), so nothing is left to carry its items.
    fn ended(
        &self,
        archive: &Archive,
        seen: usize,
        newest: chrono::NaiveDate,
        rules: Rules,
    ) -> bool {
        let list = &self.series[self.series_of[seen]];
        let dates: Vec<chrono::NaiveDate> =
            list.iter().map(|&i| archive.meetings[i].date()).collect();
        let mut gaps: Vec<i64> = dates.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
        gaps.sort_unstable();
        let gap = gaps.get(gaps.len() / 2).copied().unwrap_or(7).max(7);
        let last = *dates.last().expect("a series has a meeting");
        (newest - last).num_days() > gap * rules.stale_after as i64
    }

    /// Whether an item last seen in meeting `seen` is dropped by meeting `now`: at
    /// least `stale_after` meetings that could carry it between them.
    fn stale(&self, seen: usize, now: usize, rules: Rules) -> bool {
        let after = self.after(seen, rules.stale_after);
        after.iter().filter(|&&i| i < now).count() >= rules.stale_after
    }
}

/// The heading above block `block` of meeting `i` (its text), and the team whose
/// section holds the block, else the team of the meeting's series.
fn place(archive: &Archive, i: usize, block: usize) -> (Option<&str>, Option<usize>) {
    let m = &archive.meetings[i];
    let heading = (m.parsed.blocks[..block.min(m.parsed.blocks.len())]
        .iter()
        .rev())
    .find_map(|b| b.heading.as_ref().map(|h| h.text.as_str()));
    let team = (m.parsed.sections.iter().zip(&m.section_teams))
        .find(|(s, _)| s.body.contains(&block))
        .map(|(_, &t)| t)
        .or(archive.series[archive.series_of(i)].team);
    (heading, team)
}

/// Whether a heading heads a list of actions carried over from earlier meetings
/// ("Open action items", "Action items from last week's call", "Carried over").
pub fn is_carry_heading(heading: &str) -> bool {
    let lower = heading.to_lowercase();
    if CARRY_PHRASES.iter().any(|p| lower.contains(p)) {
        return true;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| ACTION_WORDS.contains(w)) && words.iter().any(|w| CARRY_WORDS.contains(w))
}

/// `(raised 2024-01-04)`: where `minutebook new` says a carried action was raised.
static RAISED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(raised \d{4}-\d{2}-\d{2}\)").expect("valid"));

/// Done markers next to an action's text.
static DONE: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"(?:done|closed|completed|finished|erledigt)";
    Regex::new(&format!(
        r"(?i)^\W*{word}\b\s*[:\-–—,;]|[(\[]\s*{word}\s*[)\]]|[:\-–—,;>]\s*\W*{word}\W*$|^\W*{word}\W*$|[✅✔☑✓]"
    ))
    .expect("valid")
});

/// Whether an action's text says it is done: `done: …`, `… (done)`, `… - closed`,
/// `… ✅`.
pub fn says_done(text: &str) -> bool {
    DONE.is_match(text)
}

/// An action's text reduced to what tells one action from another: lower case,
/// without links, `@handles`, done markers, `(raised …)`, punctuation and the words
/// "will" and "to".
pub fn normalise(text: &str) -> String {
    static NOISE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)https?://\S+|@[\w-]+|\(raised \d{4}-\d{2}-\d{2}\)|[✅✔☑✓]").expect("valid")
    });
    static MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:done|closed|completed)\s*:|[(\[]\s*(?:done|closed|completed)\s*[)\]]",
        )
        .expect("valid")
    });
    let text = NOISE.replace_all(text, " ");
    let text = MARKER.replace_all(&text, " ").to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "will" && *w != "to")
        .collect::<Vec<_>>()
        .join(" ")
}

/// How alike two normalised texts are, 0 to 1: the better of their normalised
/// Levenshtein similarity (a reworded letter or two) and the Sørensen-Dice
/// coefficient of their sets of words (words added, dropped or moved).
pub fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let words = |s: &str| -> std::collections::HashSet<String> {
        s.split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let dice = if wa.is_empty() && wb.is_empty() {
        0.0
    } else {
        2.0 * wa.intersection(&wb).count() as f64 / (wa.len() + wb.len()) as f64
    };
    strsim::normalized_levenshtein(a, b).max(dice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::people::People;
    use crate::testutil::archive;

    fn actions(files: &[(&str, &str, &str)], config: &str) -> (Archive, Actions) {
        let a = archive(files, config);
        let people = People::of(&a.meetings, &[]);
        let cfg = Config::parse(config, std::path::Path::new("site.toml")).unwrap();
        let actions = Actions::of(&a, &people, Rules::of(&cfg));
        (a, actions)
    }

    #[test]
    fn normalised_texts() {
        assert_eq!(
            normalise("AI: @fkr - schedule a meeting for next week to address the deployment"),
            "ai schedule a meeting for next week address the deployment"
        );
        assert_eq!(
            normalise("@fkr will organize a preparation meeting (done)"),
            "organize a preparation meeting"
        );
        assert_eq!(
            normalise("Ana to open https://x.org/a issue (raised 2024-01-04)"),
            "ana open issue"
        );
    }

    #[test]
    fn the_same_action_reworded_a_little_is_one_item() {
        let near = |a: &str, b: &str| similarity(&normalise(a), &normalise(b)) >= 0.8;
        assert!(near(
            "@fkr - schedule a meeting for next week to address the deployment of Keycloak",
            "@fkr schedule a meeting next week to address deployment of Keycloak"
        ));
        assert!(near(
            "Ana will write the release notes",
            "Ana to write the release notes."
        ));
        assert!(!near("fix the CI", "write the blog post"));
        assert!(!near(
            "update docs for R5",
            "review standards for R6 and plan the release"
        ));
    }

    #[test]
    fn done_markers() {
        for t in [
            "done: wrote the notes",
            "write the notes (done)",
            "write the notes - DONE",
            "write the notes: closed",
            "write the notes ✅",
            "[Done] write the notes",
        ] {
            assert!(says_done(t), "{t}");
        }
        for t in [
            "make sure it gets done by Friday and announce it",
            "write down what is closed source",
            "check done criteria",
        ] {
            assert!(!says_done(t), "{t}");
        }
    }

    #[test]
    fn carry_headings() {
        for h in [
            "Open action items",
            "Action Items from last week's call",
            "Pending action items",
            "Carried over",
            "Previous action items",
            "Open Actions:",
        ] {
            assert!(is_carry_heading(h), "{h}");
        }
        for h in ["Action items", "Open discussion", "Decisions"] {
            assert!(!is_carry_heading(h), "{h}");
        }
    }

    #[test]
    fn mentions_join_by_scope_owner_and_text() {
        let (a, acts) = actions(
            &[
                ("w", "2024-01-04", "# W\n\n- [ ] @ana write the release notes\n- [ ] @bo write the release notes\n- [ ] @ana fix the CI\n"),
                ("w", "2024-01-11", "# W\n\n## Open action items\n\n- [ ] @ana write release notes for R5\n- [x] @ana fix the CI\n"),
                ("x", "2024-01-11", "# X\n\n- [ ] @ana write the release notes\n"),
            ],
            "",
        );
        let got: Vec<(String, State, Vec<usize>)> = (acts.items.iter())
            .map(|it| {
                let dates = it.mentions.iter().map(|m| m.meeting).collect();
                (it.text.clone(), it.state, dates)
            })
            .collect();
        let w = |d: &str| {
            a.meetings
                .iter()
                .position(|m| m.source.series == "w" && m.source.stem == d)
                .unwrap()
        };
        let x = a
            .meetings
            .iter()
            .position(|m| m.source.series == "x")
            .unwrap();
        assert_eq!(
            got,
            [
                (
                    "@ana write release notes for R5".into(),
                    State::Open,
                    vec![w("2024-01-04"), w("2024-01-11")]
                ),
                (
                    "@bo write the release notes".into(),
                    State::Open,
                    vec![w("2024-01-04")]
                ),
                (
                    "@ana fix the CI".into(),
                    State::Done,
                    vec![w("2024-01-04"), w("2024-01-11")]
                ),
                ("@ana write the release notes".into(), State::Open, vec![x]),
            ]
        );
        assert_eq!(acts.items[2].decided, w("2024-01-11"));
    }

    #[test]
    fn owners_in_labels_struck_items_and_done_sub_items() {
        let (a, acts) = actions(
            &[(
                "w",
                "2024-01-04",
                "# W\n\n- _AI @kim: write notes_\n  - done, see #12\n- AI @kim and @lu: plan the fest\n  - ongoing\n- [ ] ~~order the hose~~\n- TODO: tidy the shed (done)\n- AI @kim please check: not an owner list\n",
            )],
            "",
        );
        let got: Vec<(Option<&str>, &str, State)> = (acts.items.iter())
            .map(|it| (it.owner.as_deref(), it.text.as_str(), it.state))
            .collect();
        assert_eq!(
            got,
            [
                (Some("@kim"), "write notes", State::Done),
                (Some("@kim"), "plan the fest", State::Open),
                (None, "order the hose", State::Done),
                (None, "tidy the shed (done)", State::Done),
            ]
        );
        assert_eq!(acts.item_of(0, 1).map(|it| it.state), Some(State::Open));
        assert_eq!(a.meetings.len(), 1);
    }

    #[test]
    fn an_item_not_carried_for_n_meetings_is_dropped() {
        let mut files = vec![(
            "w",
            "2024-01-01".to_string(),
            "# W\n\n- [ ] @ana fix the CI\n".to_string(),
        )];
        for d in 2..=5 {
            files.push(("w", format!("2024-01-0{d}"), "# W\n\nnothing\n".to_string()));
        }
        let refs: Vec<(&str, &str, &str)> = files
            .iter()
            .map(|(s, d, t)| (*s, d.as_str(), t.as_str()))
            .collect();
        let (a, acts) = actions(&refs, "actions_stale_after = 4\n");
        assert_eq!(acts.items[0].state, State::Dropped);
        assert_eq!(a.meetings[acts.items[0].decided].source.stem, "2024-01-05");
        let (_, acts) = actions(&refs[..4], "actions_stale_after = 4\n");
        assert_eq!(acts.items[0].state, State::Open);
    }
}
