//! The oracle for sanitised HTML: whether any tag in it could run script or bring in
//! active content. The sanitising itself is ammonia's and comrak's safe mode (see
//! [`crate::markdown::parse`]); the fuzz target and tests hold the output to this.

/// Elements that bring active content into a page: script, styles, other documents,
/// plugins, redirects, a different base URL, forms, and the foreign-content (SVG,
/// MathML) and template parsing modes that sanitiser bypasses go through. None is in
/// ammonia's default allow-list and comrak's safe mode writes none of them. (`<input>`
/// is not here: comrak writes a disabled checkbox for each task-list item.)
const ACTIVE_TAGS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "link",
    "base", "form", "svg", "math", "template", "portal",
];

/// Attributes whose value a browser loads or navigates to as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "codebase",
    "classid",
    "archive",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "usemap",
    "ping",
    "manifest",
    "icon",
    "xlink:href",
    "srcset",
];

/// The first tag in sanitised HTML that could run script or bring in active content:
/// an element of `ACTIVE_TAGS`, an `on*` event handler, a `style` or `srcdoc`
/// attribute, or a URL attribute whose scheme is `javascript:`, `vbscript:` or `data:`
/// (read as a browser reads it: entities decoded, tabs and newlines dropped). `data:`
/// images in PNG, GIF, JPEG or WebP are allowed, as comrak allows them: they cannot run
/// script. Text is never inspected, so minutes that mention `data:` or `<iframe>` pass.
/// Text and attribute values are escaped in sanitised HTML, so every `<` opens a real
/// tag. The fuzz target uses this as its oracle.
pub fn active_content_in_tags(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        let (tag, len) = scan_tag(&rest[start..]);
        if tag_is_active(&tag) {
            return Some(rest[start..start + len].to_string());
        }
        rest = &rest[start + len.max(1)..];
    }
    None
}

/// One tag, lowercase: its name and its attributes with their values, if any.
struct HtmlTag<'a> {
    name: &'a str,
    attributes: Vec<(&'a str, Option<&'a str>)>,
}

/// Reads the tag at the start of `s` (which starts with `<`) the way an HTML tokenizer
/// does: a name, then attributes with double-quoted, single-quoted or bare values.
fn scan_tag(s: &str) -> (HtmlTag<'_>, usize) {
    let b = s.as_bytes();
    let mut i = s[1..]
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .map_or(s.len(), |e| 1 + e);
    let name = &s[1..i];
    let mut attributes = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (HtmlTag { name, attributes }, (i + 1).min(b.len()));
        }
        let start = i;
        // An attribute name may start with `=`; it ends at whitespace, `/`, `>` or `=`.
        i += 1;
        while i < b.len() && !(b[i].is_ascii_whitespace() || matches!(b[i], b'/' | b'>' | b'=')) {
            i += 1;
        }
        let attr = &s[start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            attributes.push((attr, None));
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = s[i + 1..].find(q as char).map_or(s.len(), |e| i + 1 + e);
                let v = &s[i + 1..end];
                i = (end + 1).min(s.len());
                v
            }
            _ => {
                let end = s[i..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(s.len(), |e| i + e);
                let v = &s[i..end];
                i = end;
                v
            }
        };
        attributes.push((attr, Some(value)));
    }
}

fn tag_is_active(tag: &HtmlTag) -> bool {
    if ACTIVE_TAGS.contains(&tag.name) {
        return true;
    }
    tag.attributes.iter().any(|&(name, value)| {
        let handler = name.len() > 2 && name.starts_with("on") && name != "open";
        handler
            || name == "style"
            || name == "srcdoc"
            || (URL_ATTRIBUTES.contains(&name)
                && value.is_some_and(|v| {
                    let v = decode_attribute(v);
                    if name == "srcset" || name == "ping" {
                        v.split([',', ' ']).any(active_url)
                    } else {
                        active_url(&v)
                    }
                }))
    })
}

/// Whether a URL, as a browser reads it, has a scheme that runs script or carries a
/// document: `javascript:`, `vbscript:`, or `data:` other than a raster image.
fn active_url(url: &str) -> bool {
    // Browsers drop leading and trailing C0 controls and spaces, and every tab and
    // newline inside a URL.
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = url.to_ascii_lowercase();
    if let Some(data) = url.strip_prefix("data:") {
        // comrak's own exception, to the letter (`image/png` with nothing after it).
        return !["image/png", "image/gif", "image/jpeg", "image/webp"]
            .iter()
            .any(|kind| data.starts_with(kind));
    }
    url.starts_with("javascript:") || url.starts_with("vbscript:")
}

/// An attribute value with its character references decoded, as a browser decodes it:
/// numeric ones and the named ones that can spell a scheme.
fn decode_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let body_end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| 1 + e);
        let body = &rest[1..body_end];
        let decoded = if let Some(num) = body.strip_prefix("#x").or(body.strip_prefix("#X")) {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = body.strip_prefix('#') {
            num.parse().ok().and_then(char::from_u32)
        } else {
            match body {
                "amp" => Some('&'),
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                let semi = usize::from(rest[body_end..].starts_with(';'));
                rest = &rest[body_end + semi..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod oracle_tests {
    use super::active_content_in_tags as active;

    #[test]
    fn flags_every_active_tag_ammonia_removes() {
        for html in [
            "<script>alert(1)</script>",
            "<p>x<SCRIPT src=/a.js></SCRIPT></p>",
            "<style>body{}</style>",
            r#"<iframe src="https://example.org/"></iframe>"#,
            "<frame src=x>",
            "<frameset>",
            r#"<object data="x.swf"></object>"#,
            r#"<embed src="x.swf">"#,
            "<applet code=x>",
            r#"<meta http-equiv="refresh" content="0;url=https://evil.example/">"#,
            r#"<link rel="stylesheet" href="x.css">"#,
            r#"<base href="https://evil.example/">"#,
            r#"<form action="https://evil.example/"><button>go</button></form>"#,
            "<svg><a>x</a></svg>",
            "<math><mi>x</mi></math>",
            "<template><p>x</p></template>",
        ] {
            assert!(active(html).is_some(), "not flagged: {html}");
        }
    }

    #[test]
    fn flags_handlers_styles_and_active_url_schemes() {
        for html in [
            r#"<img src=x onerror="y">"#,
            "<img src=x onerror=y>",
            "<p onclick='y'>x</p>",
            r#"<p style="background:url(https://evil.example/)">x</p>"#,
            r#"<div srcdoc="x">"#,
            r#"<a href="javascript:x">t</a>"#,
            r#"<a href=" JavaScript:x">t</a>"#,
            "<a href='javascript:x'>t</a>",
            "<a href=javascript:x>t</a>",
            "<a href=\"java\tscript:x\">t</a>",
            r#"<a href="&#106;avascript:x">t</a>"#,
            r#"<a href="&#x6A;avascript&colon;x">t</a>"#,
            r#"<a href="vbscript:msgbox(1)">t</a>"#,
            r#"<a href="data:text/html,<script>alert(1)</script>">t</a>"#,
            r#"<img src="data:image/svg+xml;base64,PHN2Zz4=">"#,
            r#"<img src="DATA:text/html;base64,PHA+">"#,
            r#"<img srcset="/a.png 1x, data:text/html,x 2x">"#,
            r#"<blockquote cite="vbscript:x">q</blockquote>"#,
        ] {
            assert!(active(html).is_some(), "not flagged: {html}");
        }
    }

    #[test]
    fn text_and_harmless_attributes_are_not_flagged() {
        for html in [
            "<p>javascript:alert(1) &lt;script&gt; onclick=x</p>",
            "<p>the data: field and vbscript: are discussed; &lt;iframe&gt; too</p>",
            "<p>data:text/html,x</p>",
            r#"<a title="x onb=" href="/a">t</a>"#,
            r#"<abbr title="data: the numbers">d</abbr>"#,
            r#"<span title="javascript:x">t</span>"#,
            r#"<a href="/minutes/data:x/">t</a>"#,
            r#"<a href="https://example.org/?next=javascript:x">t</a>"#,
            r#"<a href="mailto:a@example.org">m</a>"#,
            r#"<img src="data:image/png;base64,iVBORw0KGgo=" alt="data: chart">"#,
            r#"<a href="data:image/webp;base64,UklGRg==">i</a>"#,
            r#"<li><input type="checkbox" class="task-list-item-checkbox" disabled="" /> done</li>"#,
            r#"<td align="center">x</td>"#,
            r#"<details open=""><summary>s</summary></details>"#,
            "<p>a &amp; b</p>",
            "",
            "<",
            "<a href=",
        ] {
            assert_eq!(active(html), None, "flagged: {html}");
        }
    }
}
