//! Issue threads: one GitHub or GitLab issue or pull request followed from meeting to
//! meeting.
//!
//! Full URLs name their repository. `owner/repo#12` is taken to be on the host that
//! the archive's URLs give that repository (GitHub when none does). `repo#12` is
//! resolved when the archive's URLs know exactly one owner of a repository of that
//! name, and `#12` when a heading above it names the repository (`### owner/repo`, as
//! agendas generated from issue labels have it). Other short references are left out.

use std::collections::{BTreeMap, HashMap};

use crate::markdown::parse::ParsedMeeting;
use crate::markdown::references::Reference;
use crate::model::archive::Meeting;
use crate::model::topics::Topic;

/// Which issue: host, owner (or group path), repository and number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IssueKey {
    /// `github.com`, `gitlab.com`, …
    pub host: String,
    /// Owner, or a GitLab group path (`group/subgroup`).
    pub owner: String,
    /// Repository (project).
    pub repo: String,
    /// Number.
    pub number: u64,
}

/// One mention of an issue in a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The meeting.
    pub meeting: usize,
    /// The top-level block it is in.
    pub block: usize,
    /// The line that mentions it.
    pub excerpt: String,
}

/// Everything the minutes say about one issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    /// Which issue.
    pub key: IssueKey,
    /// Whether it is a pull (merge) request, as far as a URL said.
    pub pull: bool,
    /// Its most common title in the minutes, if any gives one.
    pub title: Option<String>,
    /// Its address on the host.
    pub url: String,
    /// Mentions, oldest first (one per line).
    pub mentions: Vec<Mention>,
    /// The meetings that mention it, oldest first, each once.
    pub meetings: Vec<usize>,
}

/// Every issue the minutes mention.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Issues {
    /// By key.
    pub threads: Vec<Thread>,
    /// The repositories with an issue discussed in two or more meetings, by key: each
    /// (host, owner, repository) and those threads, the latest discussed first.
    pub repositories: Vec<((String, String, String), Vec<usize>)>,
    /// Per meeting, the threads it mentions (each once, by index).
    pub in_meeting: Vec<Vec<usize>>,
}

impl Issues {
    /// The threads of an archive's meetings.
    pub fn of(meetings: &[Meeting]) -> Issues {
        let repos = known_repositories(meetings);
        let mut by_key: BTreeMap<IssueKey, Gathered> = BTreeMap::new();
        for (i, m) in meetings.iter().enumerate() {
            for r in &m.parsed.references {
                let Some(key) = resolve(r, &m.parsed, &repos) else {
                    continue;
                };
                let e = by_key.entry(key).or_default();
                e.0 |= r.pull;
                if let Some(t) = &r.title {
                    *e.1.entry(t.clone()).or_insert(0) += 1;
                }
                let same_line =
                    e.2.last()
                        .is_some_and(|x| x.meeting == i && x.excerpt == r.excerpt);
                if !same_line {
                    e.2.push(Mention {
                        meeting: i,
                        block: r.block,
                        excerpt: r.excerpt.clone(),
                    });
                }
            }
        }
        let threads: Vec<Thread> = by_key
            .into_iter()
            .map(|(key, (pull, titles, mentions))| {
                let title = titles
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|(t, _)| t);
                let mut meetings: Vec<usize> = mentions.iter().map(|m| m.meeting).collect();
                meetings.dedup();
                Thread {
                    url: issue_url(&key, pull),
                    key,
                    pull,
                    title,
                    mentions,
                    meetings,
                }
            })
            .collect();
        let mut repositories: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
        for (i, t) in threads.iter().enumerate() {
            if t.meetings.len() >= 2 {
                let k = &t.key;
                let key = (k.host.clone(), k.owner.clone(), k.repo.clone());
                repositories.entry(key).or_default().push(i);
            }
        }
        let mut repositories: Vec<_> = repositories.into_iter().collect();
        for (_, list) in &mut repositories {
            list.sort_by_key(|&i| (std::cmp::Reverse(threads[i].meetings.last().copied()), i));
        }
        let mut in_meeting = vec![Vec::new(); meetings.len()];
        for (i, t) in threads.iter().enumerate() {
            for &m in &t.meetings {
                in_meeting[m].push(i);
            }
        }
        Issues {
            threads,
            repositories,
            in_meeting,
        }
    }

    /// The issue a recurring topic is about: the thread mentioned on the topic's own
    /// lines (the item or heading that names the topic names the issue too) in at
    /// least two of its meetings and in at least half of them.
    pub fn thread_of_topic(&self, topic: &Topic) -> Option<usize> {
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        let mut misses = 0;
        for o in &topic.occurrences {
            let text = o.text.as_str();
            // A mention's excerpt is the whole line it is on, which holds the topic's
            // first line when the two are the same item.
            let own_line = |m: &Mention| m.excerpt.len() >= text.len() && m.excerpt.contains(text);
            let mut hit = false;
            for &t in self.in_meeting.get(o.meeting).into_iter().flatten() {
                // Mentions are in meeting order: this meeting's are one run.
                let mentions = &self.threads[t].mentions;
                let from = mentions.partition_point(|m| m.meeting < o.meeting);
                let mut run = mentions[from..]
                    .iter()
                    .take_while(|m| m.meeting == o.meeting);
                if !text.is_empty() && run.any(own_line) {
                    *counts.entry(t).or_insert(0) += 1;
                    hit = true;
                }
            }
            misses += usize::from(!hit);
            // No thread can reach half of the occurrences any more.
            if 2 * misses > topic.occurrences.len() {
                return None;
            }
        }
        let (thread, n) = counts
            .into_iter()
            .max_by_key(|&(t, n)| (n, std::cmp::Reverse(t)))?;
        (n >= 2 && 2 * n >= topic.occurrences.len()).then_some(thread)
    }

    /// The threads discussed in at least two meetings (each is a part of its
    /// repository's page).
    pub fn recurring(&self) -> impl Iterator<Item = (usize, &Thread)> {
        (self.threads.iter().enumerate()).filter(|(_, t)| t.meetings.len() >= 2)
    }
}

/// What is gathered of an issue while the meetings are read: whether a URL said pull
/// request, its titles with their counts, its mentions.
type Gathered = (bool, HashMap<String, usize>, Vec<Mention>);

/// Repository name -> the (host, owner) pairs the archive's URLs give it.
fn known_repositories(meetings: &[Meeting]) -> HashMap<String, Vec<(String, String)>> {
    let mut repos: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for m in meetings {
        for r in &m.parsed.references {
            if let (Some(host), Some(owner), Some(repo)) = (&r.host, &r.owner, &r.repo) {
                let list = repos.entry(repo.to_lowercase()).or_default();
                let pair = (host.clone(), owner.clone());
                if !list.contains(&pair) {
                    list.push(pair);
                }
            }
        }
    }
    repos
}

/// The issue a reference means, when it can be told.
fn resolve(
    r: &Reference,
    parsed: &ParsedMeeting,
    repos: &HashMap<String, Vec<(String, String)>>,
) -> Option<IssueKey> {
    // Hosts do not tell owners and repositories apart by case: neither does the key.
    let key = |host: &str, owner: &str, repo: &str| IssueKey {
        host: host.to_lowercase(),
        owner: owner.to_lowercase(),
        repo: repo.to_lowercase(),
        number: r.number,
    };
    match (&r.host, &r.owner, &r.repo) {
        (Some(h), Some(o), Some(p)) => Some(key(h, o, p)),
        (None, Some(o), Some(p)) => {
            let host = (repos.get(&p.to_lowercase()).into_iter().flatten())
                .find(|(_, owner)| owner.eq_ignore_ascii_case(o))
                .map_or("github.com", |(h, _)| h.as_str());
            Some(key(host, o, p))
        }
        (None, None, Some(p)) => match repos.get(&p.to_lowercase()).map(Vec::as_slice) {
            Some([(h, o)]) => Some(key(h, o, p)),
            _ => None,
        },
        (None, None, None) => {
            // `#12` under a heading that names the repository.
            let heading = (parsed.blocks[..=r.block].iter().rev())
                .find_map(|b| b.heading.as_ref().filter(|h| h.level >= 2))?;
            let (o, p) = heading.text.trim().split_once('/')?;
            let plain = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            };
            if !plain(o) || !plain(p) {
                return None;
            }
            let host = (repos.get(&p.to_lowercase()).into_iter().flatten())
                .find(|(_, owner)| owner.eq_ignore_ascii_case(o))
                .map_or("github.com", |(h, _)| h.as_str());
            Some(key(host, o, p))
        }
        _ => None,
    }
}

/// Where an issue lives on its host.
fn issue_url(key: &IssueKey, pull: bool) -> String {
    let IssueKey {
        host,
        owner,
        repo,
        number,
    } = key;
    if host.starts_with("gitlab") {
        let kind = if pull { "merge_requests" } else { "issues" };
        format!("https://{host}/{owner}/{repo}/-/{kind}/{number}")
    } else {
        let kind = if pull { "pull" } else { "issues" };
        format!("https://{host}/{owner}/{repo}/{kind}/{number}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::archive;

    #[test]
    fn short_references_join_the_repository_the_archive_names() {
        let a = archive(
            &[
                (
                    "w",
                    "2024-01-04",
                    "# W\n\n- [Fix CI](https://github.com/acme/widgets/pull/12)\n",
                ),
                (
                    "w",
                    "2024-01-11",
                    "# W\n\n## acme/widgets\n\n- CI again [#12]\n- widgets#12 is merged\n",
                ),
                (
                    "w",
                    "2024-01-18",
                    "# W\n\n- widgets#12 backported, see #99\n",
                ),
            ],
            "",
        );
        let issues = Issues::of(&a.meetings);
        let t = &issues.threads[0];
        assert_eq!(t.key.owner, "acme");
        // `Acme/Widgets#12` is the same issue.
        let b = archive(
            &[
                (
                    "w",
                    "2024-01-04",
                    "# W\n\n- https://github.com/Acme/Widgets/issues/3\n",
                ),
                ("w", "2024-01-11", "# W\n\n- acme/widgets#3 again\n"),
            ],
            "",
        );
        assert_eq!(Issues::of(&b.meetings).threads.len(), 1);
        assert_eq!(t.url, "https://github.com/acme/widgets/pull/12");
        assert_eq!(t.title.as_deref(), Some("Fix CI"));
        assert_eq!(t.meetings, [0, 1, 2]);
        // `#99` with no repository named above it is nobody's.
        assert_eq!(issues.threads.len(), 1, "{:?}", issues.threads);
        assert_eq!(issues.recurring().count(), 1);
        assert_eq!(issues.repositories.len(), 1);
        assert_eq!(issues.repositories[0].1, [0]);
    }
}
