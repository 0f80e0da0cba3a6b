//! Topic threads: the same agenda item carried by a team from week to week.
//!
//! An item is the first line of a top-level list item in a team's entry. Two items are
//! the same topic when their key words are equal (case, punctuation, plural `s` and
//! filler words ignored) or overlap strongly (at least three shared words and at
//! least 70% of all their words). Grouping is done per team only, so "Zuul" in two
//! teams' notes stays two threads.
//!
//! Two kinds of recurring lines are not topics. A bare URL names no subject (the line
//! that links it does). And an item on the agenda of every one of ten meetings in a row
//! of one series ("Anything to add to the agenda?", "Who takes the minutes?") is part
//! of that series' agenda template: housekeeping, whatever its words. The rule counts
//! the team's own meetings of the series, so it needs no list of phrases, and a real
//! subject rarely comes up in ten meetings running without a gap.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use crate::model::archive::Archive;
use crate::text::slug::{slugify_or, Unique};

mod items;
mod keys;

pub use items::{meeting_items, team_candidates, MeetingItems};
pub use keys::{key_words, same_topic};

use items::{items_of_entries, items_of_team, Item};
use keys::{label_of, overlaps_sorted};

/// Consecutive meetings of one series that an item must be in, every one, to count
/// as the series' agenda template (housekeeping) rather than a topic.
const TEMPLATE_RUN: usize = 10;

/// For each meeting of team `team`'s timeline: its series and its place among the
/// team's meetings of that series, oldest first.
fn series_places(archive: &Archive, team: usize) -> FxHashMap<usize, (usize, usize)> {
    let mut meetings: Vec<usize> = archive.teams[team]
        .entries
        .iter()
        .map(|e| e.meeting)
        .collect();
    // Meetings are indexed by date, so sorting by index puts them oldest first.
    meetings.sort_unstable();
    meetings.dedup();
    let mut next: FxHashMap<usize, usize> = FxHashMap::default();
    meetings
        .into_iter()
        .map(|m| {
            let series = archive.series_of(m);
            let k = next.entry(series).or_insert(0);
            *k += 1;
            (m, (series, *k))
        })
        .collect()
}

/// Whether a topic's occurrences (oldest first, one per meeting) include
/// [`TEMPLATE_RUN`] consecutive meetings of one series.
fn is_template(occurrences: &[Occurrence], places: &FxHashMap<usize, (usize, usize)>) -> bool {
    // Per series: the place of the last meeting seen and the run it ends.
    let mut runs: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
    occurrences.iter().any(|o| {
        let Some(&(series, k)) = places.get(&o.meeting) else {
            return false;
        };
        let run = runs.entry(series).or_insert((0, 0));
        *run = if run.1 > 0 && run.0 + 1 == k {
            (k, run.1 + 1)
        } else {
            (k, 1)
        };
        run.1 >= TEMPLATE_RUN
    })
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

/// Recurring topics of every team, by team index (teams in parallel).
///
/// Each team works out the candidates of its own entries only: the candidates of a
/// whole archive at once were a third of a 5,200-week build's peak memory, and fresh
/// memory costs time (the kernel zeroes every page).
pub fn all_topics(archive: &Archive) -> Vec<Vec<Topic>> {
    (0..archive.teams.len())
        .into_par_iter()
        .map(|t| topics_of_team(archive, &items_of_entries(archive, t), t))
        .collect()
}

/// Recurring topics of one team (mentioned in at least two weeks, and not part of a
/// series' agenda template), most weeks first.
pub fn team_topics(archive: &Archive, team: usize) -> Vec<Topic> {
    topics_of_team(archive, &meeting_items(archive), team)
}

/// [`team_topics`] from candidates already worked out ([`meeting_items`]).
pub fn topics_of_team(archive: &Archive, items: &[MeetingItems], team: usize) -> Vec<Topic> {
    let items = items_of_team(archive, items, team);
    // Exact keys first; then whole key groups are joined when their keys overlap.
    let mut by_key: FxHashMap<&str, (&[String], Vec<usize>)> = FxHashMap::default();
    for (i, it) in items.iter().enumerate() {
        let c = it.candidate;
        if !c.concat.is_empty() {
            by_key
                .entry(c.concat.as_str())
                .or_insert_with(|| (&c.words, Vec::new()))
                .1
                .push(i);
        }
    }
    let mut keys: Vec<&str> = by_key.keys().copied().collect();
    keys.sort_unstable();
    // Words as numbers, each key's sorted, so that overlaps are counted by merging.
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let words: Vec<Vec<u32>> = keys
        .iter()
        .map(|k| {
            let mut v: Vec<u32> = by_key[k]
                .0
                .iter()
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w.as_str()).or_insert(next)
                })
                .collect();
            v.sort_unstable();
            v
        })
        .collect();
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let edges = overlapping_pairs(&words, ids.len());
    for (i, j) in edges {
        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
        parent[b] = a;
    }
    // Groups in the order of their first key, whichever key union-find made the root.
    let mut group_of = vec![usize::MAX; keys.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let r = root(&mut parent, i);
        if group_of[r] == usize::MAX {
            group_of[r] = groups.len();
            groups.push(Vec::new());
        }
        groups[group_of[r]].extend(by_key[k].1.iter().copied());
    }

    let places = series_places(archive, team);
    let mut topics: Vec<Topic> = (groups.into_iter())
        .filter_map(|members| topic_of_group(archive, &items, members))
        .filter(|t| !is_template(&t.occurrences, &places))
        .collect();
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
    let mut unique = Unique::new(2);
    for t in &mut topics {
        t.anchor = unique.claim(slugify_or(&t.title, "topic"));
    }
    topics
}

/// The topic a group of items with overlapping keys makes: one occurrence per meeting,
/// titled by its most common wording; none when it is not mentioned in two weeks.
fn topic_of_group(archive: &Archive, items: &[Item], members: Vec<usize>) -> Option<Topic> {
    let mut occ: Vec<Occurrence> = Vec::new();
    let mut sorted = members.clone();
    sorted.sort_by_key(|&i| {
        (
            archive.meetings[items[i].meeting].date(),
            items[i].meeting,
            i,
        )
    });
    // Sorted by meeting, so a meeting's items are adjacent: its first one counts.
    for i in sorted {
        if occ.last().is_none_or(|o| o.meeting != items[i].meeting) {
            occ.push(Occurrence {
                entry: items[i].entry,
                meeting: items[i].meeting,
                text: items[i].candidate.text.clone(),
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
        return None;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &i in &members {
        *counts.entry(items[i].candidate.text.as_str()).or_insert(0) += 1;
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
    Some(Topic {
        title,
        anchor: String::new(),
        occurrences: occ,
        weeks: weeks.len(),
    })
}

/// Pairs of keys (as sorted word numbers, `words` distinct words in all) that share at
/// least three words and 70% of all their words.
fn overlapping_pairs(words: &[Vec<u32>], distinct: usize) -> Vec<(usize, usize)> {
    // Prefix filtering: with every key's words ordered rarest first, two keys sharing
    // at least 70% of their words must share one of the first `len - ceil(0.7 len) + 1`
    // words of each; only those are indexed, so common words do not make this quadratic.
    let mut df = vec![0u32; distinct];
    for k in words {
        for &w in k {
            df[w as usize] += 1;
        }
    }
    let prefixes: Vec<Vec<u32>> = words
        .iter()
        .map(|k| {
            let mut sorted = k.clone();
            sorted.sort_unstable_by_key(|&w| (df[w as usize], w));
            sorted.truncate(k.len() - (k.len() * 7).div_ceil(10) + 1);
            sorted
        })
        .collect();
    // Posting lists of prefix words: (key, position of the word in the key's prefix).
    let mut by_word: Vec<Vec<(usize, usize)>> = vec![Vec::new(); distinct];
    for (i, k) in words.iter().enumerate() {
        if k.len() >= 3 {
            for (pos, &w) in prefixes[i].iter().enumerate() {
                by_word[w as usize].push((i, pos));
            }
        }
    }
    // Ordered by (length, key): a key compares itself only with the keys after it in
    // that order, found by bisection, and stops at those too long to overlap it.
    for list in &mut by_word {
        list.sort_unstable_by_key(|&(j, _)| (words[j].len(), j));
    }
    // Pairs of keys that overlap, found in parallel (serve recomputes one team's topics
    // after an edit, and that is most of the wait for the reload).
    let edges: Vec<(usize, usize)> = (0..words.len())
        .into_par_iter()
        .fold(
            || (Vec::new(), vec![usize::MAX; words.len()]),
            |(mut edges, mut seen), i| {
                let k = &words[i];
                if k.len() < 3 {
                    return (edges, seen);
                }
                // Sharing at least 70% of all words needs the shorter key to have at
                // least 70% of the longer one's.
                let max = k.len() * 10 / 7;
                let up_to_self = |&(j, _): &(usize, usize)| (words[j].len(), j) <= (k.len(), i);
                for (pi, &w) in prefixes[i].iter().enumerate() {
                    let list = &by_word[w as usize];
                    for &(j, pj) in &list[list.partition_point(up_to_self)..] {
                        let lj = words[j].len();
                        if lj > max {
                            break;
                        }
                        // `seen` says which key last looked at a candidate, so that each
                        // pair is compared once.
                        if seen[j] == i {
                            continue;
                        }
                        seen[j] = i;
                        // Met first at their first shared word (both prefixes are in the
                        // same rarest-first order), so at most the words after it can be
                        // shared too: too few for 70%, and the pair is never compared.
                        let bound = 1 + (k.len() - pi - 1).min(lj - pj - 1);
                        if bound < 3 || bound * 17 < 7 * (k.len() + lj) {
                            continue;
                        }
                        if overlaps_sorted(k, &words[j]) {
                            edges.push((i, j));
                        }
                    }
                }
                (edges, seen)
            },
        )
        .map(|(edges, _)| edges)
        .reduce(Vec::new, |mut a, b| {
            a.extend(b);
            a
        });
    edges
}

#[cfg(test)]
mod template_tests {
    use super::keys::is_bare_url;
    use super::*;
    use crate::testutil::archive;

    /// Team IaaS's own meetings: weeks `0..n`, each with the agenda question, a bare
    /// link, and "Image manager" in weeks `0..image`.
    fn iaas_meetings(n: usize, image: usize) -> Vec<Vec<String>> {
        (0..n)
            .map(|w| {
                let mut items = vec![
                    "Anything to add to the agenda?".to_string(),
                    "https://github.com/acme/widgets/issues/7".to_string(),
                ];
                if w < image {
                    items.push("Image manager".to_string());
                }
                items
            })
            .collect()
    }

    fn topics_for(weeks: &[Vec<String>]) -> Vec<String> {
        let texts: Vec<(String, String)> = (weeks.iter().enumerate())
            .map(|(w, items)| {
                let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                    + chrono::Duration::weeks(w as i64);
                let list: String = items.iter().map(|i| format!("- {i}\n")).collect();
                (date.to_string(), format!("# IaaS\n\n{list}"))
            })
            .collect();
        let files: Vec<(&str, &str, &str)> = (texts.iter())
            .map(|(d, t)| ("iaas", d.as_str(), t.as_str()))
            .collect();
        let cfg = "[[teams]]\nname = 'Team IaaS'\n[series.iaas]\nteam = 'Team IaaS'\n";
        let a = archive(&files, cfg);
        team_topics(&a, 0).into_iter().map(|t| t.title).collect()
    }

    #[test]
    fn agenda_template_items_and_bare_urls_are_not_topics() {
        // In every one of ten meetings running: the agenda template. The image manager,
        // in nine of them, stays a topic; the bare link never is one.
        assert_eq!(topics_for(&iaas_meetings(10, 9)), ["Image manager"]);
        // Nine meetings in all: too few to tell a template from a busy topic.
        assert_eq!(
            topics_for(&iaas_meetings(9, 9)),
            ["Anything to add to the agenda?", "Image manager"]
        );
        // A gap breaks the run: ten mentions in eleven meetings are a topic.
        let mut weeks = iaas_meetings(11, 11);
        weeks[5].retain(|i| i != "Image manager");
        assert!(topics_for(&weeks).contains(&"Image manager".to_string()));
        assert!(is_bare_url(
            "<https://example.org/a>, https://example.org/b."
        ));
        assert!(!is_bare_url("Ops board: https://example.org/board"));
        assert!(!is_bare_url(""));
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
