//! One minutes file, from text to plain data: title, scribes, team sections, and its
//! top-level blocks rendered to safe HTML once.
//!
//! Everything is read from comrak's AST, not from lines, so a `# Team X` inside a code
//! block or a `<style>` element is not a heading. Each top-level block is rendered
//! separately so that a team section (a run of blocks) can be shown on the meeting,
//! week and team pages without rendering it again. Blocks without raw HTML are rendered
//! by comrak in safe mode (raw HTML omitted, dangerous URLs dropped); blocks with raw
//! HTML go through ammonia, which removes `<script>`/`<style>` with their content, event
//! handlers and `javascript:` URLs but keeps the text of harmless tags like `<font>`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};

use crate::markdown::blocks::{Block, Heading};
use crate::markdown::dialects::{self, Dialects};
use crate::markdown::html_fixups::{label_task_boxes, with_alt_text, wrap_table, TASK_BOX};
use crate::markdown::item_headings;
use crate::markdown::links::{LinkTargets, Resolved};
use crate::markdown::names::Attendee;
use crate::markdown::outcomes::{find_outcomes, Labels, Outcome};
use crate::markdown::references::{find_references, Reference};
use crate::markdown::scribes::find_scribes;
use crate::markdown::speakers::{attendance_and_turns, Turn};
use crate::markdown::team_sections::{find_sections, TeamMatcher, TeamSection};
use crate::markdown::text::{heading_inner, list_item_first_lines, plain_text, unwrap_node};
use crate::source::config::Config;
use crate::source::frontmatter::{self, FrontMatter};
use crate::text::slug::{slugify_or, Unique};
use crate::urls::Urls;

/// A link to a heading in another meeting, checked once every file is parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossRef {
    /// Line of the link.
    pub line: usize,
    /// (series, stem) of the target meeting.
    pub target: (String, String),
    /// The fragment that must exist there.
    pub fragment: String,
    /// The href as rendered, to drop the fragment from if it does not exist.
    pub href: String,
}

/// A parsed minutes file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedMeeting {
    /// Front matter fields.
    pub front: FrontMatter,
    /// Front-matter title, else the first heading's text.
    pub title: Option<String>,
    /// Line of the title.
    pub title_line: usize,
    /// Who took the minutes (`Minutes: NAME` in the Meta section).
    pub scribes: Vec<String>,
    /// Who was there, as an attendance part or line names them.
    pub attendees: Vec<Attendee>,
    /// Speaker turns and author tags, in order.
    pub turns: Vec<Turn>,
    /// Decisions and action items, in order.
    pub outcomes: Vec<Outcome>,
    /// Issues and pull requests mentioned, in order.
    pub references: Vec<Reference>,
    /// Top-level blocks.
    pub blocks: Vec<Block>,
    /// Team sections, in order.
    pub sections: Vec<TeamSection>,
    /// Links into other meetings with a fragment.
    pub cross_refs: Vec<CrossRef>,
    /// (line, message) warnings.
    pub problems: Vec<(usize, String)>,
    /// Other files of the content folder this file links (content-relative, sorted):
    /// only these are published.
    pub linked_assets: Vec<PathBuf>,
    /// Bytes of markdown after the front matter (the search index's size is reported
    /// against their sum).
    pub text_len: usize,
}

/// The rules a site's `site.toml` sets for parsing, built once per configuration.
pub struct ParseSettings {
    /// Team matching rules.
    pub matcher: TeamMatcher,
    /// What marks a decision or an action item.
    pub labels: Labels,
    /// How other tools' markdown is read.
    pub dialects: Dialects,
}

impl ParseSettings {
    /// The settings `config` gives.
    pub fn new(config: &Config) -> ParseSettings {
        ParseSettings {
            matcher: TeamMatcher::new(config),
            labels: Labels::new(config),
            dialects: Dialects::new(config),
        }
    }
}

/// What the parser needs to know about the site.
#[derive(Clone, Copy)]
pub struct ParseContext<'a> {
    /// The rules of `site.toml`.
    pub settings: &'a ParseSettings,
    /// Files links may point to.
    pub targets: &'a LinkTargets,
    /// URL scheme.
    pub urls: &'a Urls,
}

fn options(safe: bool, hard_breaks: bool, containers: bool) -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    // HedgeDoc's `:tada:` and `:::info` containers (see `dialects`).
    o.extension.shortcodes = true;
    o.extension.block_directive = containers;
    o.render.r#unsafe = !safe;
    // A fence's info string goes into `class="language-x"`, not `<pre lang="x">`: `lang`
    // means a human language, and `lang="mermaid"` is invalid (axe: valid-lang).
    o.render.github_pre_lang = false;
    o.render.hardbreaks = hard_breaks;
    o
}

static SAFE: LazyLock<Options<'static>> = LazyLock::new(|| options(true, false, false));
static RAW: LazyLock<Options<'static>> = LazyLock::new(|| options(false, false, false));
// Line breaks as `<br>`, for files HedgeDoc wrote: a render option, so only rendering
// needs these.
static SAFE_BREAKS: LazyLock<Options<'static>> = LazyLock::new(|| options(true, true, false));
static RAW_BREAKS: LazyLock<Options<'static>> = LazyLock::new(|| options(false, true, false));
// Parsing with HedgeDoc's `:::` containers, only for files that have `:::`: comrak
// would otherwise try every line as one. (Rendering a container needs no option.)
static SAFE_CONTAINERS: LazyLock<Options<'static>> = LazyLock::new(|| options(true, false, true));

/// The comrak options every file is parsed and rendered with: `safe` for blocks without
/// raw HTML. Public so the markdown-floor benchmark (`examples/floor.rs`) measures
/// exactly the markdown work a build does.
pub fn comrak_options(safe: bool) -> &'static Options<'static> {
    if safe {
        &SAFE
    } else {
        &RAW
    }
}

/// Each top-level block's heading, if it is one, with its unique anchor: the id
/// written after it (`{#id}`, by body line in `custom`), else the slug of its text.
fn heading_ids<'a>(
    top: &[&'a AstNode<'a>],
    custom: &[(usize, String)],
    items: &[&'a AstNode<'a>],
) -> Vec<Option<Heading>> {
    let mut unique = Unique::new(1);
    (top.iter())
        .map(|node| {
            let level = match &node.data().value {
                NodeValue::Heading(h) => Some(h.level),
                _ => None,
            };
            level.map(|level| {
                let text = plain_text(node);
                let line = node.data().sourcepos.start.line;
                let written = (custom.iter()).find(|(l, _)| *l == line);
                let base = match written {
                    Some((_, id)) => id.clone(),
                    None => slugify_or(&text, "section"),
                };
                let id = unique.claim(base);
                let item = items.iter().any(|i| std::ptr::eq(*i, *node));
                Heading {
                    level,
                    id,
                    text,
                    item,
                }
            })
        })
        .collect()
}

/// Rewrites every markdown link and image to where it points in the built site, and
/// unwraps those whose target is missing (reported in `problems`). Returns the links
/// into other meetings, and the URLs written (the sanitizer lets those through).
#[allow(clippy::too_many_arguments)]
fn rewrite_links<'a>(
    root: &'a AstNode<'a>,
    rel: &Path,
    self_url: &str,
    cx: &ParseContext,
    anchors: &HashSet<String>,
    offset: usize,
    problems: &mut Vec<(usize, String)>,
    linked: &mut Vec<PathBuf>,
) -> (Vec<CrossRef>, HashSet<String>) {
    let line_of = |n: &AstNode| n.data().sourcepos.start.line + offset;
    let mut cross_refs = Vec::new();
    let mut produced: HashSet<String> = HashSet::new();
    let link_nodes: Vec<&AstNode> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Link(_) | NodeValue::Image(_)))
        .collect();
    for node in link_nodes {
        let url = match &node.data().value {
            NodeValue::Link(l) | NodeValue::Image(l) => l.url.clone(),
            _ => unreachable!("filtered above"),
        };
        let line = line_of(node);
        let new_url = match cx.targets.resolve(cx.urls, rel, &url) {
            Resolved::External => continue,
            Resolved::SameFile(f) => {
                if let Some(id) = find_anchor(anchors, &f) {
                    Some(format!("{self_url}#{id}"))
                } else {
                    problems.push((line, format!("link to `#{f}`: no heading with that anchor in this file; rendered as text")));
                    None
                }
            }
            Resolved::Meeting {
                url,
                target,
                fragment,
            } => Some(match fragment {
                Some(f) => {
                    let href = format!("{url}#{f}");
                    cross_refs.push(CrossRef {
                        line,
                        target,
                        fragment: f,
                        href: href.clone(),
                    });
                    href
                }
                None => url,
            }),
            Resolved::Asset { url, path } => {
                linked.push(path);
                Some(url)
            }
            Resolved::Broken(msg) => {
                problems.push((line, format!("{msg}; rendered as text")));
                None
            }
        };
        match new_url {
            Some(u) => {
                produced.insert(u.clone());
                match &mut node.data_mut().value {
                    NodeValue::Link(l) | NodeValue::Image(l) => l.url = u,
                    _ => unreachable!("filtered above"),
                }
            }
            None => unwrap_node(node),
        }
    }
    (cross_refs, produced)
}

/// The title (front matter first, else the first heading, unless a list item made it)
/// and the line it is on.
fn find_title(text: &str, front: Option<&str>, blocks: &[Block]) -> (Option<String>, usize) {
    let first_heading = blocks
        .iter()
        .find_map(|b| b.heading.as_ref().map(|h| (h, b.line)))
        .filter(|(h, _)| !h.item)
        .map(|(h, line)| (h.text.clone(), line));
    match (front, first_heading) {
        (Some(t), _) if !t.is_empty() => {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("title:"))
                .map(|i| i + 1);
            // The body's shortcodes are comrak's; the front matter's are ours.
            (Some(dialects::emojify(t).into_owned()), line.unwrap_or(1))
        }
        (_, Some((t, line))) if !t.trim().is_empty() => (Some(t.trim().to_string()), line),
        _ => (None, 1),
    }
}

/// The options a file is parsed with: HedgeDoc's `:::` containers only where a file has
/// them.
fn parse_options(containers: bool) -> &'static Options<'static> {
    if containers {
        &SAFE_CONTAINERS
    } else {
        &SAFE
    }
}

/// Parses one file. `rel` is the content-relative path; `self_url` its meeting page.
pub fn parse_meeting(text: &str, rel: &Path, self_url: &str, cx: &ParseContext) -> ParsedMeeting {
    let split = frontmatter::split(text);
    let offset = split.body_line_offset;
    let mut problems: Vec<(usize, String)> = split.problems;
    // Jekyll's and kramdown's syntax and HedgeDoc's image sizes, line for line.
    let prepared = dialects::prepare(split.body, &split.front, &cx.settings.dialects, cx.urls);
    problems.extend((prepared.problems.iter()).map(|(l, m)| (l + offset, m.clone())));
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, &prepared.text, parse_options(prepared.containers));
    let line_of = |n: &AstNode| n.data().sourcepos.start.line + offset;
    if prepared.containers {
        dialects::containers(&arena, root);
    }
    let sized = dialects::sized_images(root, &prepared.image_sizes);
    let (top, items) = item_headings::promote(&arena, root, &cx.settings.matcher);

    // Heading ids first: links to `#x` are checked against them.
    let headings = heading_ids(&top, &prepared.heading_ids, &items);
    let anchors: HashSet<String> = headings.iter().flatten().map(|h| h.id.clone()).collect();

    // Markdown links and images: rewrite, or unwrap when the target is missing.
    let mut linked_assets: Vec<PathBuf> = Vec::new();
    let (cross_refs, produced) = rewrite_links(
        root,
        rel,
        self_url,
        cx,
        &anchors,
        offset,
        &mut problems,
        &mut linked_assets,
    );
    dialects::set_sizes(&sized);

    // Raw HTML attributes (`<a href>`, `<img src>`) are resolved by the sanitizer.
    let raw_problems: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    let raw_linked: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    let current_line = AtomicUsize::new(0);
    let evaluator = higher_ranked(|url: &str| {
        if produced.contains(url) {
            return Some(Cow::Owned(url.to_string()));
        }
        let line = current_line.load(Ordering::Relaxed);
        let complain = |msg: String| {
            raw_problems.lock().expect("not poisoned").push((line, msg));
        };
        match cx.targets.resolve(cx.urls, rel, url) {
            Resolved::External => Some(Cow::Owned(url.to_string())),
            Resolved::SameFile(f) if find_anchor(&anchors, &f).is_some() => Some(Cow::Owned(
                format!("{self_url}#{}", find_anchor(&anchors, &f).expect("checked")),
            )),
            Resolved::SameFile(f) => {
                complain(format!(
                    "HTML link to `#{f}`: no heading with that anchor in this file; link removed"
                ));
                None
            }
            Resolved::Meeting { url, fragment, .. } => Some(Cow::Owned(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url,
            })),
            Resolved::Asset { url, path } => {
                raw_linked.lock().expect("not poisoned").push(path);
                Some(Cow::Owned(url))
            }
            Resolved::Broken(msg) => {
                complain(format!("HTML {msg}; link removed"));
                None
            }
        }
    });
    let mut sanitizer: Option<ammonia::Builder> = None;

    let mut blocks = Vec::with_capacity(top.len());
    for (node, heading) in top.iter().zip(headings) {
        let line = line_of(node);
        let raw = node.descendants().any(|n| {
            matches!(
                n.data().value,
                NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_)
            )
        });
        let text = match &heading {
            Some(h) => h.text.clone(),
            None => plain_text(node),
        };
        // Markup and link targets roughly double the text; sized up front, the string
        // is not copied over and over as it grows.
        let mut html = String::with_capacity(2 * text.len() + 64);
        let opts: &Options = match (raw, prepared.hard_breaks) {
            (false, false) => &SAFE,
            (true, false) => &RAW,
            (false, true) => &SAFE_BREAKS,
            (true, true) => &RAW_BREAKS,
        };
        comrak::format_html(node, opts, &mut html).expect("writing to a String");
        if raw {
            current_line.store(line, Ordering::Relaxed);
            let builder = sanitizer.get_or_insert_with(|| {
                let mut b = ammonia::Builder::default();
                b.url_relative(ammonia::UrlRelative::Custom(Box::new(&evaluator)));
                b.add_allowed_classes("div", dialects::CALLOUT_CLASSES);
                b
            });
            html = with_alt_text(&builder.clean(&html).to_string(), line, &mut problems);
        }
        if heading.is_some() {
            html = heading_inner(&html);
        } else if matches!(node.data().value, NodeValue::Table(_)) {
            html = wrap_table(&html);
        } else if !raw && html.contains(TASK_BOX) {
            html = label_task_boxes(&html);
        }
        let rule = matches!(node.data().value, NodeValue::ThematicBreak);
        let items = list_item_first_lines(node);
        #[rustfmt::skip]
        blocks.push(Block { html, line, heading, rule, text, items });
    }
    drop(sanitizer);
    problems.extend(raw_problems.into_inner().expect("not poisoned"));
    linked_assets.extend(raw_linked.into_inner().expect("not poisoned"));
    linked_assets.sort();
    linked_assets.dedup();

    let sections = find_sections(&blocks, &cx.settings.matcher);
    let (title, title_line) = find_title(text, split.front.title.as_deref(), &blocks);
    let scribes = find_scribes(&top, &blocks);
    let (attendees, turns) = attendance_and_turns(&top, &mut blocks);
    let outcomes = find_outcomes(&top, &blocks, offset, &cx.settings.labels);
    let references = find_references(&top, &blocks, offset);
    problems.sort_by_key(|(l, _)| *l);
    ParsedMeeting {
        front: split.front,
        title,
        title_line,
        scribes,
        attendees,
        turns,
        outcomes,
        references,
        blocks,
        sections,
        cross_refs,
        problems,
        linked_assets,
        text_len: split.body.len(),
    }
}

/// The heading id a `#fragment` means: exact, or the slug of what was written
/// (`#Features` for a heading `Features`, as GitHub readers expect).
fn find_anchor<'s>(anchors: &'s HashSet<String>, fragment: &str) -> Option<&'s str> {
    let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    anchors
        .get(fragment)
        .or_else(|| anchors.get(&slugify_or(&decoded, "section")))
        .map(String::as_str)
}

/// Pins a closure to the signature ammonia's URL hook needs (for every input lifetime).
fn higher_ranked<F: Fn(&str) -> Option<Cow<'_, str>>>(f: F) -> F {
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::sanitize::active_content_in_tags;
    use crate::markdown::team_sections::TeamMatch;
    use crate::source::config::Config;
    use std::path::PathBuf;

    fn parse_with(text: &str, config: &str) -> ParsedMeeting {
        let config = Config::parse(config, Path::new("site.toml")).unwrap();
        let settings = ParseSettings::new(&config);
        let mut targets = LinkTargets::default();
        targets.minutes.insert(
            PathBuf::from("weekly/20230105.md"),
            ("weekly".into(), "2023-01-05".into()),
        );
        targets.assets.insert(PathBuf::from("weekly/pic.png"));
        let urls = Urls::new("/sub/");
        let cx = ParseContext {
            settings: &settings,
            targets: &targets,
            urls: &urls,
        };
        parse_meeting(
            text,
            Path::new("weekly/20230112.md"),
            "/sub/minutes/weekly/2023-01-12/",
            &cx,
        )
    }

    fn parse(text: &str) -> ParsedMeeting {
        parse_with(text, "")
    }

    fn section_html(p: &ParsedMeeting, i: usize) -> String {
        p.sections[i]
            .body
            .iter()
            .map(|&b| p.blocks[b].html.as_str())
            .collect()
    }

    #[test]
    fn scribes_only_from_roles_parts_and_role_lines() {
        // Prose with a colon after a mention of minutes names nobody.
        let p = parse(
            "# Weekly 2023-01-12\n\n## Talks\n\nWe spent ten minutes on the plans and heard\ntwo talks: Astropy & Sherpa\n\n- Last minute additions: Astropy & Sherpa\n",
        );
        assert!(p.scribes.is_empty(), "{:?}", p.scribes);
        // A roles part takes any label about the minutes; a role line counts anywhere.
        let p = parse(
            "# Weekly 2023-01-12\n\n## Meeting roles\n\n- Facilitator: Dee\n- Minutes by the person who facilitates next: @reqa\n\n## Team IaaS\n\n- flavors\n\nScribe: Ana\nNote taker: Bo\n\nResponsible for the minutes is:\n@cy & @dee\n",
        );
        assert_eq!(p.scribes, ["@reqa", "Ana", "Bo", "@cy", "@dee"]);
        // A label that mentions minutes among other words is prose outside one.
        let p = parse(
            "# Weekly 2023-01-12\n\n## Team IaaS\n\n- Results of the minute-long vote on two talks: Astropy & Sherpa\n",
        );
        assert!(p.scribes.is_empty(), "{:?}", p.scribes);
    }

    #[test]
    fn plain_minutes() {
        let p = parse(
            "# Tech Weekly 2023-01-12\n\n## Meta\n\n- Minutes: Ana, Bo and Cy\n\n## Team updates\n\n### Team IaaS\n\n- flavors\n\n#### Details\n\nmore\n\n### <font color=red>Team *Ops*</font> (1/2)\n\n- status page\n\n## Events\n\n- summit\n",
        );
        assert_eq!(p.title.as_deref(), Some("Tech Weekly 2023-01-12"));
        assert_eq!(p.title_line, 1);
        assert_eq!(p.scribes, ["Ana", "Bo", "Cy"]);
        assert_eq!(p.sections.len(), 2);
        assert_eq!(p.sections[0].team, TeamMatch::Named("Team IaaS".into()));
        assert_eq!(p.sections[0].anchor, "team-iaas");
        assert_eq!(p.sections[0].line, 9);
        let iaas = section_html(&p, 0);
        assert!(
            iaas.contains("flavors") && iaas.contains("Details") && iaas.contains("more"),
            "{iaas}"
        );
        assert!(!iaas.contains("status page"));
        assert_eq!(p.sections[1].team, TeamMatch::Named("Team Ops".into()));
        assert_eq!(p.sections[1].subtitle.as_deref(), Some("1/2"));
        let ops = section_html(&p, 1);
        assert!(
            ops.contains("status page") && !ops.contains("summit"),
            "{ops}"
        );
        // The heading's inline HTML is gone, its text and emphasis are kept.
        let h = p
            .blocks
            .iter()
            .find(|b| {
                b.heading
                    .as_ref()
                    .is_some_and(|h| h.text == "Team Ops (1/2)")
            })
            .unwrap();
        assert!(
            h.html.contains("<em>Ops</em>") && !h.html.contains("font"),
            "{}",
            h.html
        );
    }

    #[test]
    fn slide_deck_sections_merge_and_style_is_dropped() {
        let p = parse(
            "---\ntitle: Community Call\ntype: slide\n---\n\n<style>\n.slides h1 { color: red; }\n# not a heading\n</style>\n\n# Team Ops\n\nfirst slide\n\n---\n\n# Team Ops\n\n## Topics\n\nsecond slide\n\n---\n\n# Team IaaS\n\nthird\n",
        );
        assert_eq!(p.title.as_deref(), Some("Community Call"));
        assert_eq!(p.front.kind.as_deref(), Some("slide"));
        assert_eq!(p.sections.len(), 2);
        let ops = section_html(&p, 0);
        assert!(
            ops.contains("first slide") && ops.contains("second slide") && ops.contains("Topics"),
            "{ops}"
        );
        assert!(!ops.contains("<hr"), "{ops}");
        assert_eq!(p.sections[0].line, 11);
        let all: String = p.blocks.iter().map(|b| b.html.as_str()).collect();
        assert!(
            !all.contains("color: red")
                && !all.contains("<style")
                && !all.contains("not a heading"),
            "{all}"
        );
    }

    #[test]
    fn a_sub_heading_naming_another_team_starts_its_own_section() {
        let p = parse("# Team Container\n\n## Team Container\n\na\n\n## SIG Docs\n\nb\n\n### Details\n\nc\n\n# Other\n\nd\n");
        assert_eq!(p.sections.len(), 2);
        assert_eq!(section_html(&p, 0), "<p>a</p>\n");
        assert_eq!(p.sections[1].team, TeamMatch::Named("SIG Docs".into()));
        let docs = section_html(&p, 1);
        assert!(
            docs.contains("b") && docs.contains("c") && !docs.contains("d"),
            "{docs}"
        );
    }

    #[test]
    fn configured_teams_and_parents() {
        let cfg = "team_parents = ['Working Group Updates']\n[[teams]]\nname = 'Team IAM'\naliases = ['Team IAM & Security']\n";
        let p = parse_with(
            "## Working Group Updates\n\n### Networking\n\nx\n\n### Team IAM & Security - Roles\n\ny\n\n## Team Foo\n\nz\n",
            cfg,
        );
        let teams: Vec<_> = p.sections.iter().map(|s| s.team.clone()).collect();
        assert_eq!(
            teams,
            [TeamMatch::Named("Networking".into()), TeamMatch::Known(0)]
        );
        assert_eq!(p.sections[1].subtitle.as_deref(), Some("Roles"));
    }

    #[test]
    fn list_items_that_name_teams_are_headings() {
        let text = "# Weekly\n\n## Updates\n\n- **Team Ops**\n  - did X\n- Team IaaS:\n  - did Y\n\
                    - **Decisions**\n  - none\n- a note\n\n* ### SIG Docs\n  wrote\n\n## Other\n\nz\n";
        let p = parse(text);
        let teams: Vec<_> = p.sections.iter().map(|s| s.team.clone()).collect();
        assert_eq!(
            teams,
            ["Team Ops", "Team IaaS", "SIG Docs"].map(|t| TeamMatch::Named(t.into()))
        );
        let heads: Vec<_> = (p.blocks.iter())
            .filter_map(|b| b.heading.as_ref().map(|h| (h.level, h.text.as_str())))
            .collect();
        assert_eq!(
            heads,
            [
                (1, "Weekly"),
                (2, "Updates"),
                (3, "Team Ops"),
                (3, "Team IaaS"),
                (3, "SIG Docs"),
                (2, "Other")
            ]
        );
        assert!(section_html(&p, 0).contains("did X"));
        let iaas = section_html(&p, 1);
        assert!(
            iaas.contains("did Y") && iaas.contains("<strong>Decisions</strong>"),
            "an item that names no team stays an item: {iaas}"
        );
        assert!(section_html(&p, 2).contains("wrote"));
        let p = parse("- **Team Ops**\n  - did X\n");
        assert_eq!(p.title, None, "a list item is no title");
        assert_eq!(p.sections.len(), 1);
        let p = parse("# Weekly\n\n- [ ] Team Ops:\n  - do X\n");
        assert!(p.sections.is_empty(), "a task stays a task");
        // Configured: a team's alias, or any name under a parent; not other names.
        let cfg = "team_parents = ['Working groups']\n[[teams]]\nname = 'Team Ops'\naliases = ['Operations']\n";
        let p = parse_with(
            "## Updates\n\n- **Operations**:\n  - x\n- **Team Foo**\n  - y\n\n\
             ## Working groups\n\n- Packaging:\n  - z\n",
            cfg,
        );
        let teams: Vec<_> = p.sections.iter().map(|s| s.team.clone()).collect();
        assert_eq!(
            teams,
            [TeamMatch::Known(0), TeamMatch::Named("Packaging".into())]
        );
        assert!(section_html(&p, 0).contains("x") && section_html(&p, 0).contains("Team Foo"));
    }

    /// The README's "Team sections" part, one sentence at a time, each case naming the
    /// sentence it checks (the last sentence, a series' meetings on its team's timeline,
    /// is a matter of the archive: `model::archive::tests::weeks_series_and_timelines`).
    /// A case gives `site.toml`, the minutes and the sections found, each as
    /// `TEAM: body block | body block`, `TEAM (by name)` for a team known only by name.
    #[test]
    #[allow(clippy::too_many_lines)] // one table of cases
    fn team_sections_follow_the_readme() {
        const LEVELS: &str = "A heading of any level names a team";
        const CLEANED: &str = "its text — with inline HTML, emphasis, a trailing `(…)` and \
             a subtitle after ` - `, ` -- `, ` – `, ` — ` or `: ` removed — equals a team's \
             name or alias";
        const CASE: &str = "(case-insensitive; `SIG X` equals `X SIG`)";
        const PATTERNS: &str =
            "or matches one of its `patterns` (regular expressions over the whole heading)";
        const SLASH: &str = "A slash is part of the name: `SIG Standardization/Certification` \
             is one name.";
        // Not the README's: one file parsed alone, before the archive's groups are
        // worked out (`model::inference`), as the fuzz targets parse it.
        const DEFAULT: &str = "Without any `[[teams]]`, headings reading `Team X`, `SIG X` or \
             `X SIG` count until the groups are known";
        const PARENTS: &str = "`team_parents` makes every direct sub-heading of, say, \
             `Working Group Updates` a team section.";
        const ENDS: &str = "A section runs to the next heading of the same or higher level, or \
             to a sub-heading that names another team; that sub-section interrupts it, and \
             it goes on after the sub-section ends.";
        const ITEMS: &str = "a top-level item (not a task) whose first line is a heading, or \
             is one line of only bold text or one that ends with a colon with more of the \
             item below it, is a heading one level below the heading the list is under \
             (level 2 under none) when that line names a team, or is a name (at most five \
             words, no `,` `;` `?` `!`) directly under a `team_parents` heading or, with no \
             teams in `site.toml`, of a group's form";
        const MERGE: &str = "Slide decks repeat `# Team Ops` on every slide: consecutive \
             sections of one team in a file merge into one.";

        const TEAMS: &str = "[[teams]]\nname = 'Team Ops'\naliases = ['Operations']\n\
             [[teams]]\nname = 'SIG Docs'\n\
             [[teams]]\nname = 'Team IAM'\npatterns = ['IAM', 'Team IAM/.*']\n";
        const NONE: &str = "";
        const PARENT: &str = "team_parents = ['Working Group Updates']\n";

        let cases: &[(&str, &str, &str, &[&str])] = &[
            (LEVELS, TEAMS, "# Team Ops\n\na\n", &["Team Ops: a"]),
            (LEVELS, TEAMS, "### Team Ops\n\na\n", &["Team Ops: a"]),
            (
                LEVELS,
                TEAMS,
                "## Notes\n\n#### Team Ops\n\na\n",
                &["Team Ops: a"],
            ),
            (
                LEVELS,
                NONE,
                "## Notes\n\n###### Team Ops\n\na\n",
                &["Team Ops (by name): a"],
            ),
            (
                LEVELS,
                PARENT,
                "### Working Group Updates\n\n#### Networking\n\na\n",
                &["Networking (by name): a"],
            ),
            (
                CLEANED,
                TEAMS,
                "## <font color=red>Team</font> *Ops* (1/2) - status\n\na\n",
                &["Team Ops: a"],
            ),
            (
                CLEANED,
                TEAMS,
                "## Team Ops -- a\n\na\n\n## SIG Docs – b\n\nb\n\n## Operations — c\n\nc\n\n\
                 ## SIG Docs: d\n\nd\n",
                &["Team Ops: a", "SIG Docs: b", "Team Ops: c", "SIG Docs: d"],
            ),
            (CLEANED, TEAMS, "## Team Ops Review\n\na\n", &[]),
            (CASE, TEAMS, "## OPERATIONS\n\na\n", &["Team Ops: a"]),
            (CASE, TEAMS, "## docs sig\n\na\n", &["SIG Docs: a"]),
            (PATTERNS, TEAMS, "## iam\n\na\n", &["Team IAM: a"]),
            (
                PATTERNS,
                TEAMS,
                "## Team IAM/Roles\n\na\n",
                &["Team IAM: a"],
            ),
            (
                PATTERNS,
                TEAMS,
                "## IAM roadmap\n\na\n\n## The IAM\n\nb\n\n## Old Team IAM/Roles\n\nc\n",
                &[],
            ),
            (
                SLASH,
                NONE,
                "### SIG Standardization/Certification - update\n\na\n",
                &["SIG Standardization/Certification (by name): a"],
            ),
            (
                DEFAULT,
                NONE,
                "## Team Container\n\na\n\n## Monitoring SIG\n\nb\n\n## SIG Release\n\nc\n\n\
                 ## Events\n\nd\n",
                &[
                    "Team Container (by name): a",
                    "Monitoring SIG (by name): b",
                    "SIG Release (by name): c",
                ],
            ),
            (DEFAULT, TEAMS, "## Team Container\n\na\n", &[]),
            (
                PARENTS,
                PARENT,
                "## Working Group Updates\n\n### Networking\n\na\n\n#### Routers\n\nb\n\n\
                 ### Storage - news\n\nc\n\n## Events\n\nd\n",
                &[
                    "Networking (by name): a | Routers | b",
                    "Storage (by name): c",
                ],
            ),
            (
                PARENTS,
                PARENT,
                "# Working Group Updates\n\n## Area\n\n### Networking\n\na\n",
                &["Area (by name): Networking | a"],
            ),
            (
                ENDS,
                TEAMS,
                "## Team Ops\n\na\n\n## Events\n\nb\n",
                &["Team Ops: a"],
            ),
            (
                ENDS,
                TEAMS,
                "### Team Ops\n\na\n\n## Events\n\nb\n",
                &["Team Ops: a"],
            ),
            (
                ENDS,
                TEAMS,
                "## Team Ops\n\na\n\n### Details\n\nb\n\n#### More\n\nc\n\n## Events\n\nd\n",
                &["Team Ops: a | Details | b | More | c"],
            ),
            (
                ENDS,
                TEAMS,
                "## Team Ops\n\na\n\n### SIG Docs\n\nb\n\n## Events\n\nc\n",
                &["Team Ops: a", "SIG Docs: b"],
            ),
            (
                ENDS,
                TEAMS,
                "## Team Ops\n\na\n\n### SIG Docs\n\nb\n\n### Details\n\nc\n\n## Events\n\nd\n",
                &["Team Ops: a | Details | c", "SIG Docs: b"],
            ),
            (
                ENDS,
                TEAMS,
                "# Team Ops\n\na\n\n## SIG Docs\n\nb\n\n## Team Ops\n\nc\n",
                &["Team Ops: a | c", "SIG Docs: b"],
            ),
            (
                ITEMS,
                TEAMS,
                "## Notes\n\n- **Operations**\n  - a\n- SIG Docs:\n  - b\n- c\n\n## Events\n\nd\n",
                &["Team Ops: a", "SIG Docs: b | c"],
            ),
            (
                ITEMS,
                TEAMS,
                "## Notes\n\n- **Team Foo**\n  - a\n- Team Ops\n  - b\n- [ ] SIG Docs:\n  - c\n",
                &[],
            ),
            (
                ITEMS,
                NONE,
                "* ### Team Ops\n  a\n",
                &["Team Ops (by name): a"],
            ),
            (
                ITEMS,
                PARENT,
                "## Working Group Updates\n\n- Networking:\n  - a\n\
                 - Storage, see the notes below:\n  - b\n",
                &["Networking (by name): a | Storage, see the notes below: b"],
            ),
            (
                MERGE,
                TEAMS,
                "# Team Ops\n\na\n\n---\n\n# Team Ops\n\nb\n\n---\n\n# SIG Docs\n\nc\n\n---\n\n\
                 # Team Ops\n\nd\n",
                &["Team Ops: a | b", "SIG Docs: c", "Team Ops: d"],
            ),
        ];
        let mut failures = Vec::new();
        for (sentence, config, text, want) in cases {
            let matcher = TeamMatcher::new(&Config::parse(config, Path::new("site.toml")).unwrap());
            let p = parse_with(text, config);
            let got: Vec<String> = p
                .sections
                .iter()
                .map(|s| {
                    let team = match &s.team {
                        TeamMatch::Known(i) => matcher.teams[*i].name.clone(),
                        TeamMatch::Named(n) => format!("{n} (by name)"),
                    };
                    let body: Vec<&str> =
                        s.body.iter().map(|&b| p.blocks[b].text.as_str()).collect();
                    format!("{team}: {}", body.join(" | "))
                })
                .collect();
            if got != *want {
                failures.push(format!(
                    "README: {sentence}\nminutes:\n{text}\nexpected {want:?}\n   found {got:?}\n"
                ));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn links_are_rewritten_or_reported() {
        let p = parse(
            "# T\n\n## Team A\n\n[prev](20230105.md#team-a) [pic](pic.png) [top](#t) [case](#T) [gone](missing.md) [bad](#nope) [ext](https://x.org)\n\n<a href=\"20230105.md\">raw</a> <a href=\"nothing.pdf\">raw dead</a>\n",
        );
        let html: String = p.blocks.iter().map(|b| b.html.as_str()).collect();
        assert!(
            html.contains(r#"href="/sub/minutes/weekly/2023-01-05/#team-a""#),
            "{html}"
        );
        assert!(html.contains(r#"href="/sub/weekly/pic.png""#), "{html}");
        assert!(
            html.contains(r#"href="/sub/minutes/weekly/2023-01-12/#t">top"#),
            "{html}"
        );
        assert!(
            html.contains(r#"href="/sub/minutes/weekly/2023-01-12/#t">case"#),
            "{html}"
        );
        assert!(
            html.contains("gone") && !html.contains("missing.md"),
            "{html}"
        );
        assert!(html.contains(r#"href="https://x.org""#), "{html}");
        assert!(
            html.contains(r#"href="/sub/minutes/weekly/2023-01-05/""#),
            "{html}"
        );
        assert!(
            html.contains("raw dead") && !html.contains("nothing.pdf"),
            "{html}"
        );
        assert_eq!(p.cross_refs.len(), 1);
        let msgs: Vec<String> = p
            .problems
            .iter()
            .map(|(l, m)| format!("{l}: {m}"))
            .collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(
            msgs[0].starts_with("5: link target `missing.md` is not a dated minutes file"),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("5: link to `#nope`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("7: HTML link target `nothing.pdf`")),
            "{msgs:?}"
        );
    }

    #[test]
    fn hostile_html_never_survives() {
        let p = parse(
            "# T\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">j</a> [md](javascript:alert(2)) <iframe src=\"https://x\"></iframe>\n\n<meta http-equiv=\"refresh\" content=\"0\">\n\n<svg><script>alert(3)</script></svg>\n\n[d](data:text/html;base64,PHNjcmlwdD4=)\n",
        );
        let html: String = p.blocks.iter().map(|b| b.html.to_lowercase()).collect();
        for bad in [
            "<script",
            "alert(",
            "onerror",
            "javascript:",
            "<iframe",
            "<meta",
            "data:text",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    /// The fuzz oracle against real output: silent on everything the sanitiser and
    /// comrak's safe mode write (task boxes, aligned tables, `data:` PNGs, text naming
    /// schemes), while each raw tag given here is active content it would flag.
    #[test]
    fn the_oracle_is_silent_on_sanitised_output() {
        let raw = [
            "<object data=\"x.swf\"></object>",
            "<embed src=\"x.swf\">",
            "<form action=\"https://evil.example/\"><input name=q></form>",
            "<style>p{color:red}</style>",
            "<base href=\"https://evil.example/\">",
            "<a href=\"vbscript:msgbox(1)\">v</a>",
            "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">",
            "<a href=\"data:text/html,x\">d</a>",
            "<p style=\"color:red\" onmouseover=\"x()\">s</p>",
        ];
        for tag in raw {
            assert!(active_content_in_tags(tag).is_some(), "not active: {tag}");
        }
        let text = format!(
            "# T\n\n{}\n\n- [x] done\n- [ ] open\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n\
             ![chart](data:image/png;base64,iVBORw0KGgo=) the data: field, vbscript: and \
             javascript: named in text\n",
            raw.join("\n\n")
        );
        let p = parse(&text);
        let html: String = p.blocks.iter().map(|b| b.html.as_str()).collect();
        for b in &p.blocks {
            assert_eq!(active_content_in_tags(&b.html), None, "in {}", b.html);
        }
        for kept in [
            "type=\"checkbox\"",
            "align=\"center\"",
            "src=\"data:image/png;base64,iVBORw0KGgo=\"",
            "the data: field, vbscript: and javascript: named in text",
        ] {
            assert!(html.contains(kept), "{kept} missing from {html}");
        }
    }

    #[test]
    fn duplicate_heading_ids_are_numbered() {
        let p = parse("# Team Ops\n\n---\n\n# Team Ops\n\n# Team Ops 1\n");
        let ids: Vec<_> = p
            .blocks
            .iter()
            .filter_map(|b| b.heading.as_ref().map(|h| h.id.clone()))
            .collect();
        assert_eq!(ids, ["team-ops", "team-ops-1", "team-ops-1-1"]);
    }

    #[test]
    fn front_matter_lines_are_kept_in_problems() {
        let p = parse("---\ntitle: x\n---\n\n[a](nope.png)\n");
        assert_eq!(p.problems[0].0, 5);
    }

    #[test]
    fn html_images_without_alt_text_get_an_empty_one_and_a_warning() {
        let p = parse(
            "# T\n\n<img src=\"https://e.org/a.png\" width=\"300\" />\n\n\
             <img src=\"https://e.org/b.png\" alt=\"A chart of x > y\">\n\n\
             <img alt src=\"https://e.org/c.png\">\n",
        );
        let html: Vec<&str> = p.blocks.iter().map(|b| b.html.as_str()).collect();
        assert_eq!(
            html[1].trim(),
            r#"<img src="https://e.org/a.png" width="300" alt="">"#,
            "{html:?}"
        );
        assert!(html[2].contains(r#"alt="A chart of x &gt; y""#), "{html:?}");
        assert_eq!(html[2].matches("alt=").count(), 1, "{html:?}");
        assert_eq!(html[3].matches("alt=").count(), 1, "{html:?}");
        let warned: Vec<usize> = (p.problems.iter())
            .filter(|(_, m)| m.contains("without alt text"))
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(warned, [3]);
        // Markdown images already have one.
        let md = parse("# T\n\n![](https://e.org/a.png)\n");
        assert!(md.blocks[1].html.contains(r#"alt="""#));
        assert!(md.problems.is_empty(), "{:?}", md.problems);
    }
}
