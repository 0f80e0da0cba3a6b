//! The issue pages: `/issues/` (the most discussed and the newest) and a page per
//! issue discussed in two or more meetings, with every mention.

use serde::Serialize;

use super::views::Link;
use super::{Cx, Vars};
use crate::model::issues::Thread;

/// An issue as lists show it.
#[derive(Serialize)]
struct IssueSummary {
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

/// One mention on an issue's page.
#[derive(Serialize)]
struct MentionView {
    meeting: Link,
    /// The mention in context: the heading above it on the meeting page.
    url: String,
    excerpt: String,
}

impl Cx<'_, '_> {
    fn issue_summary(&self, t: &Thread) -> IssueSummary {
        let r = self.r;
        IssueSummary {
            label: label(t),
            title: t.title.clone(),
            url: (t.meetings.len() >= 2).then(|| issue_url(r.urls, t)),
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

    /// Fills in an issue's page; returns its title.
    pub(super) fn issue_context(&self, vars: &mut Vars, index: usize) -> String {
        let r = self.r;
        let t = &self.read.issues().threads[index];
        let mentions: Vec<MentionView> = (t.mentions.iter().rev())
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
            .collect();
        vars.insert("issue", &self.issue_summary(t));
        vars.insert("mentions", &mentions);
        match &t.title {
            Some(title) => format!("{title} ({})", label(t)),
            None => label(t),
        }
    }
}

/// `owner/repo#12`.
fn label(t: &Thread) -> String {
    format!("{}/{}#{}", t.key.owner, t.key.repo, t.key.number)
}

/// An issue's page: `/issues/<owner>/<repo>/<number>/`, slugged.
pub(super) fn issue_url(urls: &crate::urls::Urls, t: &Thread) -> String {
    let owner: Vec<String> = (t.key.owner.split('/'))
        .map(|p| crate::model::slug::slugify_or(p, "owner"))
        .collect();
    let repo = crate::model::slug::slugify_or(&t.key.repo, "repo");
    urls.issue(&owner.join("/"), &repo, t.key.number)
}
