//! Issues and pull requests a minutes file mentions.
//!
//! Full GitHub and GitLab URLs (`https://github.com/o/r/issues/12`, `…/pull/12`,
//! `https://gitlab.com/g/p/-/issues/12`, `…/-/merge_requests/12`), `owner/repo#12`,
//! and `repo#12` or `#12` as written; the model works out which repository a short
//! reference means. The title is the link's text, or the text of a heading holding the
//! reference, where that is more than the reference itself.

use comrak::nodes::{AstNode, NodeValue};

use crate::markdown::blocks::Block;
use regex::Regex;
use std::sync::LazyLock;

/// One mention of an issue or pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// `github.com`, `gitlab.com`, … when a URL gave it.
    pub host: Option<String>,
    /// Owner (GitHub) or group path (GitLab), when written.
    pub owner: Option<String>,
    /// Repository (project) name, when written.
    pub repo: Option<String>,
    /// Issue or pull request number.
    pub number: u64,
    /// Whether a URL said it is a pull (merge) request.
    pub pull: bool,
    /// A title for it, when the minutes give one.
    pub title: Option<String>,
    /// The line it is in, as plain text (the excerpt).
    pub excerpt: String,
    /// The top-level block it is in, and its line in the file.
    pub block: usize,
    /// Line in the file.
    pub line: usize,
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"https?://(github\.com|gitlab\.[a-z.]+)/([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*?)/([A-Za-z0-9_.-]+)/(?:-/)?(issues|pull|pulls|merge_requests)/(\d+)",
    )
    .expect("valid regex")
});

/// What the path of every link to an issue or pull request holds ([`URL`]): a link
/// without any of them is to something else.
const ISSUE_PATHS: [&str; 3] = ["/issues/", "/pull", "/merge_requests/"];

static SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[])(?:([A-Za-z0-9_.-]+)/)?([A-Za-z0-9_.-]+)?#(\d+)(?-u:\b)")
        .expect("valid regex")
});

/// Every issue and pull request a file's top-level blocks mention, in order.
pub(crate) fn find_references<'a>(
    top: &[&'a AstNode<'a>],
    blocks: &[Block],
    offset: usize,
) -> Vec<Reference> {
    let mut out = Vec::new();
    for (block, node) in top.iter().enumerate() {
        // Without a `#` or a link to an issue, a block mentions none (links are in its
        // HTML).
        let (text, html) = (&blocks[block].text, &blocks[block].html);
        if !text.contains('#') && !ISSUE_PATHS.iter().any(|l| html.contains(l)) {
            continue;
        }
        let heading = matches!(node.data().value, NodeValue::Heading(_));
        // Links first: their URL and text; then short references in the text.
        for n in node.descendants() {
            let line = n.data().sourcepos.start.line + offset;
            match &n.data().value {
                NodeValue::Link(l) => {
                    if let Some(mut r) = from_url(&l.url) {
                        let text = inline_text(n);
                        let bare = text.trim().trim_start_matches('#').parse::<u64>().is_ok()
                            || text.starts_with("http");
                        r.title =
                            (!bare && !text.trim().is_empty()).then(|| text.trim().to_string());
                        r.block = block;
                        r.line = line;
                        out.push(r);
                    }
                }
                NodeValue::Text(t) if t.contains('#') && !inside_link(n) => {
                    for r in from_text(t) {
                        out.push(Reference { block, line, ..r });
                    }
                }
                _ => {}
            }
        }
        // The excerpt: the line (a list item, a paragraph line) holding each reference.
        if out.last().is_none_or(|r: &Reference| r.block != block) {
            continue;
        }
        let lines = lines_of(node);
        for r in out
            .iter_mut()
            .filter(|r| r.block == block && r.excerpt.is_empty())
        {
            let key = format!("#{}", r.number);
            let key_url = format!("/{}", r.number);
            r.excerpt = lines
                .iter()
                .find(|l| l.contains(&key) || l.contains(&key_url))
                .or(lines.first())
                .cloned()
                .unwrap_or_default();
            if heading && r.title.is_none() {
                // `### "Title" repo#12`: the heading, less the reference, is the title.
                let title = strip_reference(&r.excerpt);
                if !title.is_empty() {
                    r.title = Some(title);
                }
            }
        }
    }
    out
}

fn from_url(url: &str) -> Option<Reference> {
    // Most links are not to an issue: the pattern's fixed parts say so without it.
    if !ISSUE_PATHS.iter().any(|p| url.contains(p)) {
        return None;
    }
    let c = URL.captures(url)?;
    Some(Reference {
        host: Some(c[1].to_string()),
        owner: Some(c[2].to_string()),
        repo: Some(c[3].to_string()),
        number: c[5].parse().ok()?,
        pull: matches!(&c[4], "pull" | "pulls" | "merge_requests"),
        title: None,
        excerpt: String::new(),
        block: 0,
        line: 0,
    })
}

fn from_text(text: &str) -> Vec<Reference> {
    let mut out: Vec<Reference> = URL
        .captures_iter(text)
        .filter_map(|c| from_url(c.get(0)?.as_str()))
        .collect();
    let without_urls = URL.replace_all(text, " ");
    for c in SHORT.captures_iter(&without_urls) {
        let Ok(number) = c[3].parse() else { continue };
        out.push(Reference {
            host: None,
            owner: c.get(1).map(|m| m.as_str().to_string()),
            repo: c.get(2).map(|m| m.as_str().to_string()),
            number,
            pull: false,
            title: None,
            excerpt: String::new(),
            block: 0,
            line: 0,
        });
    }
    out
}

/// A heading's text without its references and quotes.
fn strip_reference(text: &str) -> String {
    let t = URL.replace_all(text, " ");
    let t = SHORT.replace_all(&t, " ");
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| {
            c == '"' || c == '“' || c == '”' || c == ':' || c == '-' || c == ' '
        })
        .to_string()
}

fn inside_link<'a>(n: &'a AstNode<'a>) -> bool {
    n.ancestors()
        .any(|a| matches!(a.data().value, NodeValue::Link(_)))
}

fn inline_text<'a>(n: &'a AstNode<'a>) -> String {
    let mut s = String::new();
    for d in n.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            _ => {}
        }
    }
    s
}

/// The lines of a block as plain text: paragraph lines, item lines, a heading.
fn lines_of<'a>(node: &'a AstNode<'a>) -> Vec<String> {
    let mut lines = Vec::new();
    for n in node.descendants().filter(|n| {
        matches!(
            n.data().value,
            NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell
        )
    }) {
        let mut line = String::new();
        for d in n.descendants() {
            match &d.data().value {
                NodeValue::Text(t) => line.push_str(t),
                NodeValue::Code(c) => line.push_str(&c.literal),
                NodeValue::Link(l) if l.url.starts_with("http") => {
                    // The link's target counts too, so that a `[#12](…/12)` line is found.
                    line.push(' ');
                    line.push_str(&l.url);
                    line.push(' ');
                }
                NodeValue::SoftBreak | NodeValue::LineBreak => {
                    lines.push(std::mem::take(&mut line))
                }
                _ => {}
            }
        }
        lines.push(line);
    }
    // Text nodes hold no line breaks: trimming is all the collapsing a line needs.
    lines
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_short_forms() {
        let r = from_url("https://github.com/o/r/pull/12").unwrap();
        assert_eq!(
            (
                r.host.as_deref(),
                r.owner.as_deref(),
                r.repo.as_deref(),
                r.number,
                r.pull
            ),
            (Some("github.com"), Some("o"), Some("r"), 12, true)
        );
        let g = from_url("https://gitlab.com/yaook/meta/-/issues/8").unwrap();
        assert_eq!(
            (g.owner.as_deref(), g.repo.as_deref(), g.number),
            (Some("yaook"), Some("meta"), 8)
        );
        let t = from_text("see leadership-council#161 and rust-lang/rust#5, not a#b or x#");
        let got: Vec<(Option<&str>, Option<&str>, u64)> = t
            .iter()
            .map(|r| (r.owner.as_deref(), r.repo.as_deref(), r.number))
            .collect();
        assert_eq!(
            got,
            [
                (None, Some("leadership-council"), 161),
                (Some("rust-lang"), Some("rust"), 5)
            ]
        );
        assert_eq!(from_text("issue #7 again").len(), 1);
        assert!(from_text("C# and F#1x").is_empty());
        assert_eq!(
            strip_reference("\"Update on program management\" leadership-council#161"),
            "Update on program management"
        );
    }
}
