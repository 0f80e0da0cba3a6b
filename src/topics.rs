//! Topic threads: the same agenda item carried by a team from week to week.
//!
//! An item is the first line of a top-level list item in a team's entry. Two items are
//! the same topic when their key words are equal (case, punctuation, plural `s` and
//! filler words ignored) or overlap strongly (at least three shared words and at
//! least 70% of all their words). Grouping is done per team only, so "Zuul" in two
//! teams' notes stays two threads.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::model::{Archive, EntryKind};
use crate::slug::slugify_or;

/// Words that carry no topic: articles, prepositions, conjunctions.
const FILLER: &[&str] = &[
    "a", "an", "the", "of", "for", "to", "in", "on", "at", "with", "w", "and", "or", "by", "from",
    "is", "are", "be", "via", "re", "about", "our", "we", "s",
];

/// Headings that structure every meeting rather than name a topic (as keys).
const STRUCTURE: &[&str] = &[
    "agenda",
    "housekeeping",
    "recurringitem",
    "meta",
    "minute",
    "note",
    "misc",
    "miscellaneous",
    "other",
    "aob",
    "anyotherbusiness",
    "actionitem",
    "ais",
    "nextmeeting",
    "nextstep",
    "topic",
    "discussion",
    "update",
];

/// Lists under these headings name people, not topics.
const NOT_TOPICS: &[&str] = &["particip", "attend", "present", "teilnehm"];

/// Key words of an item's first line, in order, without duplicates. A line written as
/// `Label: details` is keyed by its label when the label has two words or more and
/// names no person, so "Ops board: <link>" joins "Ops board". A URL is one word.
pub fn key_words(line: &str) -> Vec<String> {
    match label_of(line) {
        Some(label) => words_of(label),
        None => words_of(line),
    }
}

/// The label of a `Label: details` line, when it is what the line is keyed by.
fn label_of(line: &str) -> Option<&str> {
    let (label, _) = line.split_once(": ")?;
    (!label.contains('@') && !label.contains("://") && words_of(label).len() >= 2).then_some(label)
}

fn words_of(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |w: &str| {
        if !out.iter().any(|x| x == w) {
            out.push(w.to_string());
        }
    };
    for token in text.split_whitespace() {
        // People are not what a topic is about: "Status Page (@a, @b)" is "Status Page".
        if token.trim_start_matches('(').starts_with('@') {
            continue;
        }
        // Emoji shortcodes (`:notebook: Agenda`) decorate, they do not name.
        if token.len() > 2 && token.starts_with(':') && token.ends_with(':') {
            continue;
        }
        if token.contains("://") {
            push(
                token
                    .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/')
                    .to_lowercase()
                    .as_str(),
            );
            continue;
        }
        let ascii = deunicode::deunicode(token).to_lowercase();
        for w in ascii
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if FILLER.contains(&w) {
                continue;
            }
            // A plural `s`, but not the end of "status", "analysis" or "class".
            let w = match w.strip_suffix('s') {
                Some(stem) if w.len() > 4 && !stem.ends_with(['s', 'u', 'i']) => stem,
                _ => w,
            };
            push(w);
        }
    }
    out
}

/// Whether two first lines name the same topic. Keys compare without spaces, so
/// "Statuspage" and "Status page" agree.
pub fn same_topic(a: &str, b: &str) -> bool {
    let (a, b) = (key_words(a), key_words(b));
    !a.is_empty() && (a.concat() == b.concat() || overlaps(&a, &b))
}

fn overlaps(a: &[String], b: &[String]) -> bool {
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let union = a.len() + b.len() - shared;
    shared >= 3 && shared * 10 >= union * 7
}

/// One week's mention of a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Index into the team's `entries`.
    pub entry: usize,
    /// The meeting.
    pub meeting: usize,
    /// The item's first line as written.
    pub text: String,
}

/// A recurring topic of one team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The most common wording.
    pub title: String,
    /// Anchor on the topics page, unique per team.
    pub anchor: String,
    /// One per meeting, oldest first.
    pub occurrences: Vec<Occurrence>,
    /// Distinct ISO weeks among the occurrences.
    pub weeks: usize,
}

struct Item {
    entry: usize,
    meeting: usize,
    text: String,
    key: Vec<String>,
}

fn items_of_team(archive: &Archive, team: usize) -> Vec<Item> {
    let t = &archive.teams[team];
    // A heading naming the team itself is no topic of it.
    let team_key = key_words(&t.name).concat();
    let mut items = Vec::new();
    for (ei, e) in t.entries.iter().enumerate() {
        let m = &archive.meetings[e.meeting];
        let blocks = &m.parsed.blocks;
        let which: Vec<usize> = match e.kind {
            EntryKind::Section(k) => m.parsed.sections[k].body.clone(),
            EntryKind::Meeting => (0..blocks.len()).collect(),
        };
        let mut under_people = false;
        for i in which {
            let b = &blocks[i];
            if let Some(h) = &b.heading {
                let lower = h.text.to_lowercase();
                under_people = NOT_TOPICS.iter().any(|n| lower.contains(n));
                // Teams' own meetings give their agenda items headings, not list items.
                let words = key_words(&h.text);
                let key = words.concat();
                if h.level >= 2
                    && !under_people
                    && !key.is_empty()
                    && key != team_key
                    && !STRUCTURE.contains(&key.as_str())
                {
                    items.push(Item {
                        entry: ei,
                        meeting: e.meeting,
                        text: h.text.clone(),
                        key: words,
                    });
                }
                continue;
            }
            if under_people {
                continue;
            }
            for line in &b.items {
                // A list of handles is an attendance list.
                if line.split_whitespace().all(|w| w.starts_with('@')) {
                    continue;
                }
                let words = key_words(line);
                if STRUCTURE.contains(&words.concat().as_str()) {
                    continue;
                }
                items.push(Item {
                    entry: ei,
                    meeting: e.meeting,
                    text: line.clone(),
                    key: words,
                });
            }
        }
    }
    items
}

/// Recurring topics of every team, by team index (teams in parallel).
pub fn all_topics(archive: &Archive) -> Vec<Vec<Topic>> {
    (0..archive.teams.len())
        .into_par_iter()
        .map(|t| team_topics(archive, t))
        .collect()
}

/// Recurring topics of one team (mentioned in at least two weeks), most weeks first.
pub fn team_topics(archive: &Archive, team: usize) -> Vec<Topic> {
    let items = items_of_team(archive, team);
    // Exact keys first; then whole key groups are joined when their keys overlap.
    let mut by_key: HashMap<String, (Vec<String>, Vec<usize>)> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let k = it.key.clone();
        if !k.is_empty() {
            by_key
                .entry(k.concat())
                .or_insert_with(|| (k, Vec::new()))
                .1
                .push(i);
        }
    }
    let mut keys: Vec<&String> = by_key.keys().collect();
    keys.sort();
    let words: Vec<&Vec<String>> = keys.iter().map(|k| &by_key[*k].0).collect();
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // Prefix filtering: with every key's words ordered rarest first, two keys sharing
    // at least 70% of their words must share one of the first `len - ceil(0.7 len) + 1`
    // words of each; only those are indexed, so common words do not make this quadratic.
    let mut df: HashMap<&str, usize> = HashMap::new();
    for k in &words {
        for w in k.iter() {
            *df.entry(w.as_str()).or_insert(0) += 1;
        }
    }
    let prefixes: Vec<Vec<&str>> = words
        .iter()
        .map(|k| {
            let mut sorted: Vec<&str> = k.iter().map(String::as_str).collect();
            sorted.sort_by_key(|w| (df[w], *w));
            let keep = k.len() - (k.len() * 7).div_ceil(10) + 1;
            sorted.truncate(keep);
            sorted
        })
        .collect();
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in words.iter().enumerate() {
        if k.len() >= 3 {
            for w in &prefixes[i] {
                by_word.entry(w).or_default().push(i);
            }
        }
    }
    for (i, k) in words.iter().enumerate() {
        if k.len() < 3 {
            continue;
        }
        let candidates: BTreeSet<usize> = prefixes[i]
            .iter()
            .flat_map(|w| by_word[w].iter().copied())
            .filter(|&j| j > i)
            .collect();
        for j in candidates {
            if overlaps(k, words[j]) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[b] = a;
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        let r = root(&mut parent, i);
        groups
            .entry(r)
            .or_default()
            .extend(by_key[*k].1.iter().copied());
    }

    let mut topics: Vec<Topic> = Vec::new();
    for members in groups.into_values() {
        let mut occ: Vec<Occurrence> = Vec::new();
        let mut sorted = members.clone();
        sorted.sort_by_key(|&i| {
            (
                archive.meetings[items[i].meeting].date(),
                items[i].meeting,
                i,
            )
        });
        for i in sorted {
            if !occ.iter().any(|o| o.meeting == items[i].meeting) {
                occ.push(Occurrence {
                    entry: items[i].entry,
                    meeting: items[i].meeting,
                    text: items[i].text.clone(),
                });
            }
        }
        let mut weeks: Vec<_> = occ
            .iter()
            .map(|o| archive.meetings[o.meeting].week())
            .collect();
        weeks.dedup();
        // Mentioned twice in one week (a team meeting and the weekly call) is not recurring.
        if weeks.len() < 2 {
            continue;
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &i in &members {
            *counts.entry(items[i].text.as_str()).or_insert(0) += 1;
        }
        let title = counts
            .into_iter()
            .max_by(|a, b| {
                a.1.cmp(&b.1)
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(b.0.cmp(a.0))
            })
            .map(|(t, _)| t.to_string())
            .unwrap_or_default();
        // Items keyed by their label are titled by it: the details differ week to week.
        let title = label_of(&title).map(str::to_string).unwrap_or(title);
        topics.push(Topic {
            title,
            anchor: String::new(),
            occurrences: occ,
            weeks: weeks.len(),
        });
    }
    let last = |t: &Topic| {
        t.occurrences
            .last()
            .map(|o| archive.meetings[o.meeting].date())
    };
    topics.sort_by(|a, b| {
        b.occurrences
            .len()
            .cmp(&a.occurrences.len())
            .then(last(b).cmp(&last(a)))
            .then(a.title.cmp(&b.title))
    });
    let mut used: HashMap<String, usize> = HashMap::new();
    for t in &mut topics {
        let base = slugify_or(&t.title, "topic");
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        t.anchor = if *n == 1 { base } else { format!("{base}-{n}") };
    }
    topics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_punctuation_filler_and_plurals() {
        assert_eq!(
            key_words("Zuul - conformance checks"),
            ["zuul", "conformance", "check"]
        );
        assert_eq!(
            key_words("Health Monitor for LB with OVN provider"),
            ["health", "monitor", "lb", "ovn", "provider"]
        );
        assert_eq!(key_words("Status page"), key_words("status-page:"));
        assert!(key_words("the of and").is_empty());
        assert!(!same_topic("the", "the"));
        // Plural `s` goes, the end of "status" stays; "Statuspage" is "Status page".
        assert_eq!(key_words("Status updates"), ["status", "update"]);
        assert!(same_topic("Statuspage", "Status Page"));
        // `Label: details` is keyed by a label of two words or more without a person.
        assert_eq!(
            key_words("Ops board: https://github.com/orgs/x/projects/6"),
            ["ops", "board"]
        );
        assert_eq!(
            key_words("AI @fkr: check the docs"),
            ["ai", "check", "docs"]
        );
        assert!(same_topic(
            "Status Page (@snkaupe, @joshuai96)",
            "Status page"
        ));
        assert_eq!(key_words(":notebook: Agenda"), ["agenda"]);
        assert_eq!(key_words("Issue: secrets"), ["issue", "secret"]);
        // A URL is one word, so links to different issues stay apart.
        assert!(!same_topic(
            "https://github.com/o/issues/issues/157",
            "https://github.com/o/issues/issues/158"
        ));
        assert!(same_topic(
            "https://github.com/o/issues/issues/157",
            "https://github.com/o/issues/issues/157,"
        ));
    }
}

#[cfg(test)]
mod corpus_tests {
    //! The matcher on real first lines of the SCS minutes, read from `../shared`.
    use super::*;
    use crate::testutil::scs_site;

    /// The first line of a list item in a meeting that starts with `prefix`.
    fn item(archive: &Archive, series: &str, stem: &str, prefix: &str) -> String {
        let m = archive
            .meetings
            .iter()
            .find(|m| m.source.series == series && m.source.stem == stem)
            .unwrap_or_else(|| panic!("no meeting {series}/{stem} in the corpus"));
        m.parsed
            .blocks
            .iter()
            .flat_map(|b| b.items.iter())
            .find(|i| i.starts_with(prefix))
            .unwrap_or_else(|| panic!("no item starting with {prefix:?} in {series}/{stem}"))
            .clone()
    }

    #[test]
    fn real_pairs_match_and_near_misses_do_not() {
        let Some(site) = scs_site() else { return };
        let a = &site.archive;
        let it = |series, stem, prefix| item(a, series, stem, prefix);
        let same = [
            (
                it("community-call", "2023-06-29", "Health Monitor"),
                it("community-call", "2023-06-15", "Health Monitor"),
            ),
            (
                it("community-call", "2023-06-29", "Status page"),
                it("community-call", "2023-05-04", "Statuspage"),
            ),
            (
                it("ops", "2024-07-11", "Ops board"),
                it("ops", "2024-06-13", "Ops board"),
            ),
        ];
        for (x, y) in &same {
            assert!(same_topic(x, y), "{x:?} and {y:?} should be one topic");
        }
        let different = [
            (
                it("community-call", "2023-06-29", "Zuul - conformance"),
                it("community-call", "2023-06-29", "IaaS entropy"),
            ),
            (
                it("community-call", "2023-06-29", "Status page"),
                it("community-call", "2023-03-09", "Statuspage docmuentation"),
            ),
            (
                it("community-call", "2023-06-15", "Support flavor name"),
                it("community-call", "2023-06-15", "SSH flavor names"),
            ),
            (
                it("community-call", "2023-06-29", "SSD flavor decision"),
                it("community-call", "2023-06-29", "v3 flavors"),
            ),
            (
                it("community-call", "2023-06-29", "Standard - naming"),
                it("community-call", "2023-06-29", "Split flavor naming"),
            ),
        ];
        for (x, y) in &different {
            assert!(!same_topic(x, y), "{x:?} and {y:?} must stay apart");
        }
        // A sub-topic is not its parent topic.
        assert!(!same_topic(
            "Zuul",
            &it("community-call", "2023-06-29", "Zuul - conformance")
        ));
        assert!(!same_topic("Status page", "Status page observability"));
    }

    #[test]
    fn scs_topics_group_recurring_items_without_false_merges() {
        let Some(site) = scs_site() else { return };
        let a = &site.archive;
        let team = |slug: &str| a.teams.iter().position(|t| t.slug == slug).unwrap();
        let ops = team_topics(a, team("ops"));
        let status = ops
            .iter()
            .find(|t| key_words(&t.title).concat() == key_words("Status page").concat())
            .unwrap_or_else(|| {
                panic!(
                    "no Status page topic for Team Ops in {:?}",
                    ops.iter().map(|t| &t.title).take(10).collect::<Vec<_>>()
                )
            });
        assert!(
            status.weeks >= 10,
            "Status page in only {} weeks",
            status.weeks
        );
        let dates: Vec<String> = status
            .occurrences
            .iter()
            .map(|o| a.meetings[o.meeting].source.stem.clone())
            .collect();
        assert!(dates.contains(&"2023-06-29".to_string()), "{dates:?}");
        assert!(
            dates.windows(2).all(|w| w[0] <= w[1]),
            "not in order: {dates:?}"
        );

        let iaas = team_topics(a, team("iaas"));
        let hm = iaas
            .iter()
            .find(|t| t.title.contains("Health Monitor for LB"))
            .expect("the health monitor thread");
        let hm_dates: Vec<&str> = hm
            .occurrences
            .iter()
            .map(|o| a.meetings[o.meeting].source.stem.as_str())
            .collect();
        assert!(
            hm_dates.contains(&"2023-06-15") && hm_dates.contains(&"2023-06-29"),
            "{hm_dates:?}"
        );

        // No chain of fuzzy matches may join items that share no word with the title.
        for (ti, t) in a.teams.iter().enumerate() {
            for topic in team_topics(a, ti) {
                let title = key_words(&topic.title);
                assert!(topic.weeks >= 2);
                for o in &topic.occurrences {
                    let k = key_words(&o.text);
                    assert!(
                        k.concat() == title.concat() || k.iter().any(|w| title.contains(w)),
                        "{}: {:?} grouped under {:?}",
                        t.name,
                        o.text,
                        topic.title
                    );
                }
            }
        }
    }
}
