//! Markdown dialects other tools wrote, rendered clean: Jekyll's Liquid and kramdown's
//! attribute lists, and HedgeDoc's image sizes, containers, emoji and line breaks.
//!
//! Two steps. [`prepare`] runs on the text before comrak parses it, because Liquid and
//! kramdown are written where markdown would read them as something else (`{{ x }}` in
//! a link target breaks the link, `{% highlight %}` is a code block in disguise). It
//! keeps every line where it was, so that comrak's line numbers and every warning stay
//! the file's, and it leaves code spans and fenced code alone. [`containers`] and
//! [`set_sizes`] then work on comrak's tree: container directives become callouts,
//! sized images get their width and height. Emoji shortcodes are comrak's own `shortcodes` extension.
//!
//! Most files use none of this: [`prepare`] looks for the few byte pairs that start a
//! dialect's syntax first and returns the text untouched without them.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::LazyLock;

use comrak::nodes::{AstNode, NodeHtmlBlock, NodeValue};
use comrak::Arena;
use memchr::memmem;
use regex::Regex;

use crate::markdown::text::unwrap_node;
use crate::source::config::{Config, HardBreaks};
use crate::source::frontmatter::FrontMatter;
use crate::urls::Urls;

/// What the dialects need to know about the site.
#[derive(Debug, Clone)]
pub struct Dialects {
    /// `{{ site.title }}`.
    site_title: String,
    /// `{{ site.description }}`.
    site_description: String,
    /// The `hard_breaks` setting.
    hard_breaks: HardBreaks,
}

impl Dialects {
    /// The settings in `config`.
    pub fn new(config: &Config) -> Dialects {
        Dialects {
            site_title: config.title.clone(),
            site_description: config.description.clone(),
            hard_breaks: config.hard_breaks,
        }
    }
}

impl Default for Dialects {
    fn default() -> Self {
        Dialects::new(&Config::default())
    }
}

/// A HedgeDoc image size (`![](x.png =80%x)`), to be set on the image comrak parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSize {
    /// Line of the image in the text given to [`prepare`].
    pub line: usize,
    /// The image's URL as written.
    pub url: String,
    /// `200` or `80%`.
    pub width: Option<String>,
    /// `100` or `80%`.
    pub height: Option<String>,
}

/// The text comrak is to parse, and what [`prepare`] took out of it.
#[derive(Debug)]
pub struct Prepared<'a> {
    /// The text, with Liquid and kramdown attribute lists resolved; line for line the
    /// one given.
    pub text: Cow<'a, str>,
    /// `{#id}` written after a heading: (line, id).
    pub heading_ids: Vec<(usize, String)>,
    /// Image sizes, in order.
    pub image_sizes: Vec<ImageSize>,
    /// Warnings, as (line, message).
    pub problems: Vec<(usize, String)>,
    /// Whether single line breaks are kept as `<br>` in this file.
    pub hard_breaks: bool,
    /// Whether the text has `:::` at all: only then can it hold a container, and only
    /// then need comrak look for them (see [`containers`]).
    pub containers: bool,
}

/// Whether a file came from HedgeDoc, which shows single line breaks as breaks: its
/// front matter has a key only HedgeDoc writes or `type: slide`, or its text has a
/// HedgeDoc container line (`:::info`), an image size (`=200x`), or HedgeDoc's tags
/// line (`###### tags:`). Each is HedgeDoc syntax that no other common tool writes, so
/// a plain CommonMark file is never caught; a HedgeDoc pad that uses none of them is
/// read as CommonMark, as before.
pub fn is_hedgedoc(body: &str, front: &FrontMatter, sized_images: bool) -> bool {
    front.hedgedoc
        || sized_images
        || memmem::find(body.as_bytes(), b"###### tags:").is_some()
        // The regex only where `:::` is at all: most files have none.
        || (has_colons(body) && CONTAINER_LINE.is_match(body))
}

/// Whether `text` has `:::` anywhere.
fn has_colons(text: &str) -> bool {
    memmem::find(text.as_bytes(), b":::").is_some()
}

static CONTAINER_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^ {0,3}:::+ *[A-Za-z]").expect("valid regex"));

/// `![alt](url =WxH)`, also with a title before or after the size.
static SIZED_IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^!\[([^\]\n]*)\]\( *(<[^>\n]*>|[^\s()]+)( +"[^"\n]*")? +=(\d+(?:\.\d+)?%?)?x(\d+(?:\.\d+)?%?)?( +"[^"\n]*")? *\)"#,
    )
    .expect("valid regex")
});

/// Whether a text may hold anything [`prepare`] changes: `{%`, `{{`, `{:`, `{#`, or an
/// image followed somewhere by ` =`. One pass of `memchr` over most files.
fn may_need_preparing(b: &[u8]) -> (bool, bool) {
    let braces = memchr::memchr_iter(b'{', b)
        .any(|i| matches!(b.get(i + 1), Some(b'%' | b'{' | b':' | b'#')));
    let sizes = memmem::find(b, b"![").is_some_and(|i| memmem::find(&b[i..], b" =").is_some());
    (braces, sizes)
}

/// Resolves Jekyll's Liquid and kramdown's attribute lists and takes out HedgeDoc
/// image sizes, keeping every line where it is (README, "Dialects"). `front` gives
/// `page.*`; `urls` `site.baseurl` and `site.url`.
pub fn prepare<'a>(
    body: &'a str,
    front: &FrontMatter,
    dialects: &Dialects,
    urls: &Urls,
) -> Prepared<'a> {
    let (braces, sizes) = may_need_preparing(body.as_bytes());
    let mut prepared = Prepared {
        text: Cow::Borrowed(body),
        heading_ids: Vec::new(),
        image_sizes: Vec::new(),
        problems: Vec::new(),
        hard_breaks: false,
        containers: has_colons(body),
    };
    if braces || sizes {
        let mut scan = Scan {
            out: String::with_capacity(body.len()),
            front,
            dialects,
            urls,
            raw: false,
            comment: false,
            line_start: 0,
            prev_start: 0,
            prepared: &mut prepared,
        };
        scan.run(body);
        let out = scan.out;
        if out != body {
            prepared.text = Cow::Owned(out);
        }
    }
    prepared.hard_breaks = match (front.hard_breaks, dialects.hard_breaks) {
        (Some(b), _) => b,
        (None, HardBreaks::Always) => true,
        (None, HardBreaks::Never) => false,
        (None, HardBreaks::Auto) => is_hedgedoc(body, front, !prepared.image_sizes.is_empty()),
    };
    prepared
}

/// A Liquid tag `{% name args %}` found in a line: its byte range, name and arguments.
struct LiquidTag<'s> {
    start: usize,
    end: usize,
    name: &'s str,
    args: &'s str,
}

/// The first Liquid tag at or after `from` in `s` (closed on the same line).
fn next_tag(s: &str, from: usize) -> Option<LiquidTag<'_>> {
    let start = from + s[from..].find("{%")?;
    let close = start + 2 + s[start + 2..].find("%}")?;
    // `{%-` and `-%}` only trim whitespace in Liquid.
    let inner = s[start + 2..close].trim_matches('-').trim();
    let (name, args) = inner
        .split_once(char::is_whitespace)
        .map_or((inner, ""), |(n, a)| (n, a.trim()));
    Some(LiquidTag {
        start,
        end: close + 2,
        name,
        args,
    })
}

/// The first tag named `name` at or after `from`.
fn find_tag<'s>(s: &'s str, from: usize, name: &str) -> Option<LiquidTag<'s>> {
    let mut at = from;
    while let Some(t) = next_tag(s, at) {
        if t.name == name {
            return Some(t);
        }
        at = t.start + 2;
    }
    None
}

/// `s` without its `{% raw %}` and `{% endraw %}` tags, which Jekyll removes even from
/// code (they are how a post shows Liquid in code).
fn strip_raw_tags(s: &str) -> Cow<'_, str> {
    if !s.contains("{%") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    let mut from = 0;
    while let Some(t) = next_tag(s, from) {
        if t.name == "raw" || t.name == "endraw" {
            out.push_str(&s[at..t.start]);
            at = t.end;
        }
        from = t.start + 2;
    }
    out.push_str(&s[at..]);
    Cow::Owned(out)
}

/// A fenced code block's fence: its character and length, if `line` opens or closes
/// one. Leading spaces and block-quote markers are skipped, so fences in list items and
/// quotes count.
fn fence(line: &str) -> Option<(u8, usize, &str)> {
    let rest = line.trim_start_matches([' ', '\t', '>']);
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    (len >= 3).then(|| (ch, len, rest[len..].trim()))
}

/// Whether `line` is an ATX heading (`## Title`).
fn is_atx_heading(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    line.len() - rest.len() <= 3
        && (1..=6).contains(&hashes)
        && rest[hashes..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
}

/// A kramdown id as `{#id}` writes it.
fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

/// State of the pass over one file.
struct Scan<'p, 'a> {
    out: String,
    front: &'p FrontMatter,
    dialects: &'p Dialects,
    urls: &'p Urls,
    /// Inside `{% raw %}`: everything verbatim.
    raw: bool,
    /// Inside `{% comment %}`: everything dropped but line ends.
    comment: bool,
    /// Where the line being read, and the one before it, start in `out` (a `{:toc}`
    /// takes the list item above it).
    line_start: usize,
    prev_start: usize,
    prepared: &'p mut Prepared<'a>,
}

/// A fenced code block being copied: its fence, and whether it was a
/// `{% highlight %}` (closed by `{% endhighlight %}`).
struct Fence {
    ch: u8,
    len: usize,
    highlight: bool,
}

impl Scan<'_, '_> {
    fn warn(&mut self, line: usize, message: String) {
        self.prepared.problems.push((line, message));
    }

    fn run(&mut self, body: &str) {
        let mut in_fence: Option<Fence> = None;
        for (i, whole) in body.split_inclusive('\n').enumerate() {
            let n = i + 1;
            let (line, nl) = match whole.strip_suffix('\n') {
                Some(l) => (l, "\n"),
                None => (whole, ""),
            };
            self.line_start = self.out.len();
            if let Some(f) = &in_fence {
                if f.highlight && find_tag(line, 0, "endhighlight").is_some() {
                    self.out.push_str("```");
                    in_fence = None;
                } else if !f.highlight
                    && fence(line)
                        .is_some_and(|(c, l, rest)| c == f.ch && l >= f.len && rest.is_empty())
                {
                    self.out.push_str(line);
                    in_fence = None;
                } else {
                    self.out.push_str(&strip_raw_tags(line));
                }
            } else if self.raw || self.comment {
                self.text(line, n);
            } else if let Some((ch, len, info)) = fence(line) {
                if ch == b'~' || !info.contains('`') {
                    in_fence = Some(Fence {
                        ch,
                        len,
                        highlight: false,
                    });
                }
                self.out.push_str(&strip_raw_tags(line));
            } else if let Some(lang) = highlight_line(line) {
                // Jekyll's code block: a fence, so comrak renders it as one.
                let lang = lang.split_whitespace().next().unwrap_or_default();
                let _ = write!(self.out, "```{lang}");
                in_fence = Some(Fence {
                    ch: b'`',
                    len: 3,
                    highlight: true,
                });
            } else {
                self.text(line, n);
            }
            self.out.push_str(nl);
            self.prev_start = self.line_start;
        }
    }

    /// One line outside fenced code: code spans copied, Liquid and attribute lists
    /// resolved, image sizes taken out.
    fn text(&mut self, line: &str, n: usize) {
        let heading = is_atx_heading(line);
        let b = line.as_bytes();
        let mut i = 0;
        while i < line.len() {
            if self.raw {
                match find_tag(line, i, "endraw") {
                    Some(t) => {
                        self.out.push_str(&line[i..t.start]);
                        self.raw = false;
                        i = t.end;
                        continue;
                    }
                    None => {
                        self.out.push_str(&line[i..]);
                        return;
                    }
                }
            }
            if self.comment {
                match find_tag(line, i, "endcomment") {
                    Some(t) => {
                        self.comment = false;
                        i = t.end;
                        continue;
                    }
                    None => return,
                }
            }
            let Some(p) = memchr::memchr3(b'`', b'{', b'!', &b[i..]).map(|p| i + p) else {
                self.out.push_str(&line[i..]);
                return;
            };
            self.out.push_str(&line[i..p]);
            i = match b[p] {
                b'`' => self.code_span(line, p),
                b'!' => self.image(line, p, n),
                _ => match b.get(p + 1) {
                    Some(b'%') => self.tag(line, p, n),
                    Some(b'{') => self.variable(line, p, n),
                    Some(b':') => self.attribute_list(line, p, n, heading),
                    Some(b'#') if heading => self.heading_id(line, p, n),
                    _ => {
                        self.out.push('{');
                        p + 1
                    }
                },
            };
        }
    }

    /// A code span from `p`, copied (raw tags aside); returns where to go on.
    fn code_span(&mut self, line: &str, p: usize) -> usize {
        let b = line.as_bytes();
        let run = b[p..].iter().take_while(|&&c| c == b'`').count();
        let mut at = p + run;
        while let Some(q) = line[at..].find('`').map(|q| at + q) {
            let close = b[q..].iter().take_while(|&&c| c == b'`').count();
            if close == run {
                self.out.push_str(&strip_raw_tags(&line[p..q + close]));
                return q + close;
            }
            at = q + close;
        }
        // No closing run: the backticks are text.
        self.out.push_str(&line[p..p + run]);
        p + run
    }

    /// `![alt](url =WxH)`: the image without its size, which is kept for [`set_sizes`].
    fn image(&mut self, line: &str, p: usize, n: usize) -> usize {
        let Some(c) = SIZED_IMAGE.captures(&line[p..]) else {
            self.out.push('!');
            return p + 1;
        };
        let url = &c[2];
        let title = c.get(3).or(c.get(6)).map_or("", |m| m.as_str());
        let _ = write!(self.out, "![{}]({url}{title})", &c[1]);
        let url = url.trim_start_matches('<').trim_end_matches('>');
        self.prepared.image_sizes.push(ImageSize {
            line: n,
            url: url.to_string(),
            width: c.get(4).map(|m| m.as_str().to_string()),
            height: c.get(5).map(|m| m.as_str().to_string()),
        });
        p + c.get(0).expect("match").end()
    }

    /// `{% tag %}` at `p`.
    fn tag(&mut self, line: &str, p: usize, n: usize) -> usize {
        let Some(t) = next_tag(line, p).filter(|t| t.start == p) else {
            self.out.push('{');
            return p + 1;
        };
        match t.name {
            "raw" => self.raw = true,
            "comment" => self.comment = true,
            "endraw" | "endcomment" => {}
            _ => {
                let written = &line[t.start..t.end];
                self.warn(
                    n,
                    format!("Liquid tag `{written}` is not supported and was removed"),
                );
            }
        }
        t.end
    }

    /// `{{ expression }}` at `p`: the value of `page.*` or `site.*`.
    fn variable(&mut self, line: &str, p: usize, n: usize) -> usize {
        let Some(close) = line[p + 2..].find("}}").map(|c| p + 2 + c) else {
            self.out.push_str("{{");
            return p + 2;
        };
        let inner = line[p + 2..close].trim_matches('-').trim();
        // Filters (`| date: "%b %-d"`) are not applied: the value as written is closer
        // to what the author meant than nothing.
        let name = inner.split('|').next().unwrap_or_default().trim();
        let value: Option<Cow<str>> = match name.split_once('.') {
            Some(("page", key)) => (self.front.fields.iter())
                .find(|(k, _)| k == key)
                .map(|(_, v)| Cow::Owned(v.clone())),
            Some(("site", "baseurl")) => {
                // In a link target minutebook reads `/x` from the content folder and
                // puts the base path in front itself; elsewhere the base path is text.
                let in_link = self.out.ends_with("](")
                    || self.out.ends_with("](<")
                    || self.out.ends_with("=\"")
                    || self.out.ends_with("='");
                let path = self.urls.base_path().trim_end_matches('/');
                Some(Cow::Owned(if in_link {
                    String::new()
                } else {
                    path.to_string()
                }))
            }
            Some(("site", "url")) => Some(Cow::Owned(self.urls.origin().to_string())),
            Some(("site", "title")) => Some(Cow::Owned(self.dialects.site_title.clone())),
            Some(("site", "description")) => {
                Some(Cow::Owned(self.dialects.site_description.clone()))
            }
            _ => None,
        };
        match value {
            Some(v) => self.out.push_str(&v),
            None => {
                let written = &line[p..close + 2];
                self.warn(
                    n,
                    format!("Liquid `{written}` has no value here and was removed"),
                );
            }
        }
        close + 2
    }

    /// A kramdown attribute list `{: .class}`, `{:toc}`, `{:target="_blank"}` at `p`:
    /// removed. An id in one after a heading is the heading's id; `{:toc}` also takes
    /// the list item above it, which kramdown replaces by the table of contents.
    fn attribute_list(&mut self, line: &str, p: usize, n: usize, heading: bool) -> usize {
        let Some(close) = line[p..].find('}').map(|c| p + c) else {
            self.out.push('{');
            return p + 1;
        };
        let inner = line[p + 2..close].trim();
        if heading {
            if let Some(id) = inner.split_whitespace().find_map(|w| w.strip_prefix('#')) {
                if is_id(id) {
                    self.prepared.heading_ids.push((n, id.to_string()));
                }
            }
            self.trim_trailing_spaces();
        }
        if inner == "toc" && line.trim() == &line[p..=close] {
            let prev = self.out[self.prev_start..self.line_start].trim_start();
            let list_item =
                prev.starts_with(['*', '-', '+']) || prev.starts_with(|c: char| c.is_ascii_digit());
            if list_item && self.out[self.line_start..].trim().is_empty() {
                self.out.truncate(self.prev_start);
                self.out.push('\n');
                self.line_start = self.out.len();
            }
        }
        close + 1
    }

    /// `{#id}` at `p` on a heading line: the heading's id, when nothing but spaces and
    /// closing `#`s follow it.
    fn heading_id(&mut self, line: &str, p: usize, n: usize) -> usize {
        let close = line[p..].find('}').map(|c| p + c);
        match close {
            Some(c)
                if is_id(&line[p + 2..c]) && line[c + 1..].trim().trim_matches('#').is_empty() =>
            {
                self.prepared
                    .heading_ids
                    .push((n, line[p + 2..c].to_string()));
                self.trim_trailing_spaces();
                line.len()
            }
            _ => {
                self.out.push('{');
                p + 1
            }
        }
    }

    fn trim_trailing_spaces(&mut self) {
        let kept = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(kept);
    }
}

/// The language of a line that is a `{% highlight LANG %}` tag and nothing else.
fn highlight_line(line: &str) -> Option<&str> {
    let t = next_tag(line, 0)?;
    (t.name == "highlight" && line[..t.start].trim().is_empty() && line[t.end..].trim().is_empty())
        .then_some(t.args)
}

/// HedgeDoc container kinds that become callouts.
const CALLOUTS: &[&str] = &["info", "warning", "success", "danger"];

/// The classes [`containers`] writes, for the sanitizer to keep on `<div>`.
pub const CALLOUT_CLASSES: &[&str] = &[
    "callout",
    "callout-info",
    "callout-warning",
    "callout-success",
    "callout-danger",
    "callout-spoiler",
];

/// `:::info` and its kin become callouts, `:::spoiler Title` a `<details>` with that
/// summary, other containers just their content.
pub fn containers<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let directives: Vec<&AstNode> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::BlockDirective(_)))
        .collect();
    for node in directives {
        let info = match &node.data().value {
            NodeValue::BlockDirective(d) => d.info.trim().to_string(),
            _ => unreachable!("filtered above"),
        };
        let (kind, rest) = info
            .split_once(char::is_whitespace)
            .map_or((info.as_str(), ""), |(k, r)| (k, r.trim()));
        let kind = kind.to_ascii_lowercase();
        if CALLOUTS.contains(&kind.as_str()) {
            set_info(node, format!("callout callout-{kind}"));
        } else if kind == "spoiler" {
            // HedgeDoc's `{state="open"}` is not kept: the sanitizer drops `open`.
            let title = rest.trim_start_matches("{state=\"open\"}").trim();
            let title = if title.is_empty() { "Details" } else { title };
            let mut open = String::from("<details><summary>");
            let _ = comrak::html::escape(&mut open, &emojify(title));
            open.push_str("</summary>\n");
            set_info(node, "callout callout-spoiler".into());
            let html = |literal: String| {
                arena.alloc(
                    NodeValue::HtmlBlock(NodeHtmlBlock {
                        block_type: 6,
                        literal,
                    })
                    .into(),
                )
            };
            node.prepend(html(open));
            node.append(html("</details>\n".into()));
        } else {
            unwrap_node(node);
        }
    }
}

/// The images `sizes` were taken from, found by line and URL as written (so before
/// links are rewritten), for [`set_sizes`].
pub fn sized_images<'a, 's>(
    root: &'a AstNode<'a>,
    sizes: &'s [ImageSize],
) -> Vec<(&'a AstNode<'a>, &'s ImageSize)> {
    if sizes.is_empty() {
        return Vec::new();
    }
    let mut used = vec![false; sizes.len()];
    let mut found = Vec::new();
    for node in root.descendants() {
        let data = node.data();
        let NodeValue::Image(link) = &data.value else {
            continue;
        };
        let line = data.sourcepos.start.line;
        if let Some(k) = (0..sizes.len())
            .find(|&k| !used[k] && sizes[k].line == line && sizes[k].url == link.url)
        {
            used[k] = true;
            found.push((node, &sizes[k]));
        }
    }
    found
}

/// Gives each image its width and height: it becomes a raw `<img>` (comrak writes no
/// attributes of that kind), which the sanitizer keeps with exactly those attributes.
/// Runs after links are rewritten, so `src` is where the image is in the built site.
pub fn set_sizes<'a>(images: &[(&'a AstNode<'a>, &ImageSize)]) {
    for &(node, size) in images {
        let mut img = String::from("<img src=\"");
        {
            let data = node.data();
            let NodeValue::Image(link) = &data.value else {
                continue;
            };
            let _ = comrak::html::escape_href(&mut img, &link.url, false);
            img.push_str("\" alt=\"");
            let _ = comrak::html::escape(&mut img, &crate::markdown::text::plain_text(node));
            img.push('"');
            if !link.title.is_empty() {
                img.push_str(" title=\"");
                let _ = comrak::html::escape(&mut img, &link.title);
                img.push('"');
            }
        }
        for (name, value) in [("width", &size.width), ("height", &size.height)] {
            if let Some(v) = value {
                let _ = write!(img, " {name}=\"{v}\"");
            }
        }
        img.push_str(" />");
        while let Some(child) = node.first_child() {
            child.detach();
        }
        node.data_mut().value = NodeValue::HtmlInline(img);
    }
}

fn set_info<'a>(node: &'a AstNode<'a>, info: String) {
    if let NodeValue::BlockDirective(d) = &mut node.data_mut().value {
        d.info = info;
    }
}

/// GitHub's own emoji, which are images on GitHub and in no emoji set, with the
/// emoji drawn in their place (GitHub's pictures are not fetched at page view).
pub(crate) const GITHUB_EMOJI: &[(&str, &str)] = &[
    ("shipit", "🐿️"),
    ("octocat", "🐙"),
    ("trollface", "😈"),
    ("bowtie", "🎀"),
    ("neckbeard", "🧔"),
    ("feelsgood", "😌"),
    ("finnadie", "😵"),
    ("goberserk", "😤"),
    ("godmode", "😇"),
    ("hurtrealbad", "🤕"),
    ("rage1", "😠"),
    ("rage2", "😠"),
    ("rage3", "😡"),
    ("rage4", "🤬"),
    ("suspect", "🤨"),
];

/// HTML with GitHub's own emoji shortcodes (`:shipit:`) drawn as a labelled emoji
/// (`span` with `role="img"`), never left as text. Code is the caller's to skip.
pub(crate) fn github_emoji(html: &str) -> Cow<'_, str> {
    if !has_github_emoji(html) {
        return Cow::Borrowed(html);
    }
    let mut out = html.to_string();
    for (code, emoji) in GITHUB_EMOJI {
        let written = format!(":{code}:");
        if out.contains(&written) {
            out = out.replace(
                &written,
                &format!(r#"<span class="gh-emoji" role="img" aria-label="{code}" title="{written}">{emoji}</span>"#),
            );
        }
    }
    Cow::Owned(out)
}

/// Whether `html` writes one of GitHub's own emoji (`:shipit:`): one pass over its
/// colons, where a search per emoji would read the whole text twenty times.
pub(crate) fn has_github_emoji(html: &str) -> bool {
    html.match_indices(':').any(|(i, _)| {
        let after = &html[i + 1..];
        (GITHUB_EMOJI.iter())
            .any(|(code, _)| after.starts_with(code) && after[code.len()..].starts_with(':'))
    })
}

/// `text` with its emoji shortcodes (`:tada:`) as emoji, as comrak's `shortcodes`
/// extension renders them in the body: for titles from front matter, which comrak
/// never sees.
pub fn emojify(text: &str) -> Cow<'_, str> {
    if !text.contains(':') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let end = after.find(':');
        let github = |code: &str| {
            GITHUB_EMOJI
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(_, e)| *e)
        };
        let found = end.and_then(|e| {
            let code = &after[..e];
            (emojis::get_by_shortcode(code).map(|em| em.as_str()))
                .or_else(|| github(code))
                .map(|em| (e, em))
        });
        match found {
            Some((e, emoji)) => {
                out.push_str(&rest[..start]);
                out.push_str(emoji);
                rest = &after[e + 1..];
                changed = true;
            }
            None => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::frontmatter;

    fn prep(text: &str, base_url: &str) -> (String, Prepared<'static>) {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        let split = frontmatter::split(text);
        let dialects = Dialects::new(
            &Config::parse(
                "title = 'Minutes'\nhard_breaks = 'auto'",
                std::path::Path::new("s"),
            )
            .unwrap(),
        );
        let p = prepare(split.body, &split.front, &dialects, &Urls::new(base_url));
        assert_eq!(
            p.text.lines().count(),
            split.body.lines().count(),
            "lines must stay where they are:\n{}",
            p.text
        );
        (p.text.to_string(), p)
    }

    #[test]
    fn files_without_dialect_syntax_are_not_copied() {
        let (_, p) = prep("# Title\n\n- a = b, {x}, ![i](a.png)\n", "/");
        assert!(matches!(p.text, Cow::Borrowed(_)));
        assert!(!p.hard_breaks);
    }

    #[test]
    fn liquid_variables_take_their_values() {
        let text = "---\ntitle: Weekly sync\ndate: 2023-01-05\n---\n# {{ page.title }} on {{page.date}}\n\n\
                    [home]({{ site.baseurl }}/files/a.pdf) at {{ site.url }}{{ site.baseurl }}/ for {{ site.title }}\n\
                    <img src=\"{{ site.baseurl }}/x.png\">\n{{ page.nope }} and {{ site.baseurl }}\n";
        let (out, p) = prep(text, "https://org.github.io/minutes/");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "# Weekly sync on 2023-01-05");
        assert_eq!(
            lines[2],
            "[home](/files/a.pdf) at https://org.github.io/minutes/ for Minutes"
        );
        assert_eq!(lines[3], "<img src=\"/x.png\">");
        assert_eq!(lines[4], " and /minutes");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].0, 5);
        assert!(
            p.problems[0].1.contains("`{{ page.nope }}`"),
            "{:?}",
            p.problems
        );
    }

    #[test]
    fn liquid_tags_raw_comment_highlight_and_others() {
        let text = "a {% raw %}{{ kept }} {% if x %}{% endraw %} b\n\
                    {% comment %}\ngone\nstill gone {% endcomment %}after\n\
                    {% highlight ruby linenos %}\nputs {{ x }}\n{% endhighlight %}\n\
                    {%- include footer.html -%} tail\n";
        let (out, p) = prep(text, "/");
        assert_eq!(
            out,
            "a {{ kept }} {% if x %} b\n\n\nafter\n```ruby\nputs {{ x }}\n```\n tail\n"
        );
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        assert_eq!(p.problems[0].0, 8);
        assert!(p.problems[0].1.contains("`{%- include footer.html -%}`"));
    }

    #[test]
    fn code_is_left_alone_but_raw_tags_go() {
        let text = "`{{ page.title }}` and ``{% if %}``\n\n```liquid\n{% raw %}{{ page.title }}{% endraw %}\n{: .x}\n```\n\n    ~~~\n";
        let (out, p) = prep(text, "/");
        assert_eq!(
            out,
            "`{{ page.title }}` and ``{% if %}``\n\n```liquid\n{{ page.title }}\n{: .x}\n```\n\n    ~~~\n"
        );
        assert!(p.problems.is_empty());
    }

    #[test]
    fn kramdown_attribute_lists_are_removed() {
        let text = "* TOC\n{:toc}\n\n## Goals {: #goals .big}\n\nA [link](x){:target=\"_blank\"} here.\n{: .note}\n\n### Other {#other-id}\n\n# Not {#-bad}\n";
        let (out, p) = prep(text, "/");
        assert_eq!(
            out,
            "\n\n\n## Goals\n\nA [link](x) here.\n\n\n### Other\n\n# Not {#-bad}\n"
        );
        assert_eq!(
            p.heading_ids,
            [(4, "goals".to_string()), (9, "other-id".to_string())]
        );
    }

    #[test]
    fn hedgedoc_image_sizes_are_taken_out() {
        let text = "![a](x.jpg =80%x80%) ![](https://h/y.png =200x)\n![t](<z z.png> \"T\" =x100)\n![n](w.png)\n";
        let (out, p) = prep(text, "/");
        assert_eq!(
            out,
            "![a](x.jpg) ![](https://h/y.png)\n![t](<z z.png> \"T\")\n![n](w.png)\n"
        );
        let sizes: Vec<_> = (p.image_sizes.iter())
            .map(|s| {
                (
                    s.line,
                    s.url.as_str(),
                    s.width.as_deref(),
                    s.height.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            sizes,
            [
                (1, "x.jpg", Some("80%"), Some("80%")),
                (1, "https://h/y.png", Some("200"), None),
                (2, "z z.png", None, Some("100")),
            ]
        );
        assert!(p.hard_breaks, "image sizes are HedgeDoc's");
    }

    #[test]
    fn hedgedoc_is_detected_by_its_own_syntax_only() {
        let hd = |t: &str| prep(t, "/").1.hard_breaks;
        assert!(hd("a\n\n:::info\nx\n:::\n"));
        assert!(hd("a\n\n###### tags: `x`\n"));
        assert!(hd("---\ntitle: x\ntype: slide\n---\na\nb\n"));
        assert!(hd("---\nslideOptions:\n  theme: white\n---\na\n"));
        assert!(!hd("a\nb\n\n---\n\nc ::: d\n"));
        assert!(!hd("---\nbreaks: false\n---\n:::info\nx\n:::\n"));
        assert!(hd("---\nhard_breaks: true\n---\na\nb\n"));
    }

    #[test]
    fn shortcodes_become_emoji_in_text() {
        assert_eq!(
            emojify(":tada: Release :unknown: 10:05: :shipit:"),
            "🎉 Release :unknown: 10:05: 🐿️"
        );
        let html = github_emoji("<p>ship :shipit: it</p>");
        assert!(
            html.contains(r#"role="img" aria-label="shipit""#) && !html.contains(">:shipit:<"),
            "{html}"
        );
        assert!(matches!(emojify("no colon"), Cow::Borrowed(_)));
    }
}
