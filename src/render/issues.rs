//! The issue pages: `/issues/` (the most discussed and the newest) and a repository's
//! pages with a part for each of its issues discussed in two or more meetings, with
//! every mention, [`ISSUES_PER_PAGE`] issues a page, the latest discussed first. (A
//! page per issue would double the pages of a long archive: 9,700 of them at 5,200
//! weeks, and a folder and a file each; one page per repository was 1.4 MB there.)

use serde::Serialize;

use super::views::Link;
use super::views::PageLink;
use super::{Cx, Vars};
use crate::model::issues::Thread;

/// Issues on one page of a repository: about 80 KB of HTML.
pub(crate) const ISSUES_PER_PAGE: usize = 50;

/// How many pages a repository with `issues` issues has.
pub(crate) fn page_count(issues: usize) -> usize {
    super::views::page_count(issues, ISSUES_PER_PAGE)
}

/// An issue as lists show it.
#[derive(Serialize)]
pub(super) struct IssueSummary {
    /// `owner/repo#12`.
    label: String,
    title: Option<String>,
    /// Its page here, when it has one.
    url: Option<String>,
    /// Its address on the host.
    issue_url: String,
    pull: bool,
    meetings: usize,
    first: String,
    last: String,
}

/// One issue's part of its repository's page.
#[derive(Serialize)]
struct IssuePart {
    issue: IssueSummary,
    /// Its anchor on the page.
    id: String,
    mentions: Vec<MentionView>,
}

/// One mention on an issue's page.
#[derive(Serialize)]
struct MentionView {
    meeting: Link,
    /// The mention in context: the heading above it on the meeting page.
    url: String,
    excerpt: String,
}

impl Cx<'_, '_> {
    pub(super) fn issue_summary(&self, t: &Thread) -> IssueSummary {
        let r = self.r;
        IssueSummary {
            label: label(t),
            title: t.title.clone(),
            url: (t.meetings.len() >= 2).then(|| {
                let page = self.page_of(t);
                format!("{}#{}", repository_url(r.urls, t, page), part_id(t))
            }),
            issue_url: t.url.clone(),
            pull: t.pull,
            meetings: t.meetings.len(),
            first: t
                .meetings
                .first()
                .map(|&i| r.dates[i].clone())
                .unwrap_or_default(),
            last: t
                .meetings
                .last()
                .map(|&i| r.dates[i].clone())
                .unwrap_or_default(),
        }
    }

    pub(super) fn issues_context(&self, vars: &mut Vars) {
        let issues = self.read.issues();
        let mut recurring: Vec<(usize, &Thread)> = issues.recurring().collect();
        recurring.sort_by(|a, b| {
            (b.1.meetings.len(), b.1.meetings.last())
                .cmp(&(a.1.meetings.len(), a.1.meetings.last()))
        });
        let most: Vec<IssueSummary> = (recurring.iter().take(50))
            .map(|&(_, t)| self.issue_summary(t))
            .collect();
        let mut newest: Vec<(usize, &Thread)> = issues.threads.iter().enumerate().collect();
        newest.sort_by_key(|(i, t)| (std::cmp::Reverse(t.meetings.last().copied()), *i));
        let newest: Vec<IssueSummary> = (newest.into_iter().take(50))
            .map(|(_, t)| self.issue_summary(t))
            .collect();
        vars.insert("most_discussed", &most);
        vars.insert("newest", &newest);
        vars.insert("issue_count", &issues.threads.len());
        vars.insert("recurring_count", &recurring.len());
    }

    /// The page of its repository that shows thread `t` (1 when it has none).
    fn page_of(&self, t: &Thread) -> usize {
        let issues = self.read.issues();
        let key = (&t.key.host, &t.key.owner, &t.key.repo);
        (issues.repositories.iter())
            .find(|((h, o, r), _)| (h, o, r) == key)
            .and_then(|(_, list)| list.iter().position(|&i| issues.threads[i].key == t.key))
            .map_or(1, |at| at / ISSUES_PER_PAGE + 1)
    }

    /// Fills in page `page` (from 1) of a repository's issues; returns its title.
    pub(super) fn repository_context(&self, vars: &mut Vars, index: usize, page: usize) -> String {
        let issues = self.read.issues();
        let (_, all) = &issues.repositories[index];
        let first = &issues.threads[all[0]];
        let pages: Vec<PageLink> = (1..=page_count(all.len()))
            .map(|n| PageLink {
                label: format!(
                    "{}–{}",
                    (n - 1) * ISSUES_PER_PAGE + 1,
                    (n * ISSUES_PER_PAGE).min(all.len())
                ),
                url: repository_url(self.r.urls, first, n),
                current: n == page,
            })
            .collect();
        let list = all
            .chunks(ISSUES_PER_PAGE)
            .nth(page - 1)
            .unwrap_or_default();
        let parts: Vec<IssuePart> = (list.iter())
            .map(|&i| {
                let t = &issues.threads[i];
                IssuePart {
                    issue: self.issue_summary(t),
                    id: part_id(t),
                    mentions: self.mentions(t),
                }
            })
            .collect();
        let name = format!("{}/{}", first.key.owner, first.key.repo);
        vars.insert("repository", &name);
        vars.insert("repository_url", &repo_home(first));
        vars.insert("issues", &parts);
        vars.insert("issue_count", &all.len());
        vars.insert("pages", &pages);
        if page > 1 {
            format!("{name}, page {page}")
        } else {
            name
        }
    }

    /// Every mention of an issue, newest first.
    fn mentions(&self, t: &Thread) -> Vec<MentionView> {
        let r = self.r;
        (t.mentions.iter().rev())
            .map(|m| {
                let anchor = self.read.heading_above(m.meeting, m.block);
                MentionView {
                    meeting: self.link(m.meeting),
                    url: match anchor {
                        Some(a) => format!("{}#{a}", r.meeting_urls[m.meeting]),
                        None => r.meeting_urls[m.meeting].clone(),
                    },
                    excerpt: m.excerpt.clone(),
                }
            })
            .collect()
    }
}

/// `owner/repo#12`.
fn label(t: &Thread) -> String {
    format!("{}/{}#{}", t.key.owner, t.key.repo, t.key.number)
}

/// Page `page` of an issue's repository: `/issues/<owner>/<repo>/`, slugged.
pub(super) fn repository_url(urls: &crate::urls::Urls, t: &Thread, page: usize) -> String {
    let owner: Vec<String> = (t.key.owner.split('/'))
        .map(|p| crate::text::slug::slugify_or(p, "owner"))
        .collect();
    let repo = crate::text::slug::slugify_or(&t.key.repo, "repo");
    urls.issue_repository(&owner.join("/"), &repo, page)
}

/// An issue's anchor on its repository's page.
fn part_id(t: &Thread) -> String {
    format!("issue-{}", t.key.number)
}

/// The repository's own address on its host.
fn repo_home(t: &Thread) -> String {
    format!("https://{}/{}/{}", t.key.host, t.key.owner, t.key.repo)
}
