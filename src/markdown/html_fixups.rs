//! Fix-ups on a block's sanitised HTML that neither comrak nor ammonia makes: alt text
//! for raw `<img>`, a scrolling box around tables, names for task-list checkboxes.

/// [`add_missing_alt`], with a warning at `line` when an image had none.
pub(crate) fn with_alt_text(
    html: &str,
    line: usize,
    problems: &mut Vec<(usize, String)>,
) -> String {
    let (html, missing) = add_missing_alt(html);
    if missing > 0 {
        problems.push((
            line,
            "an HTML <img> without alt text, shown as decorative (alt=\"\") as markdown's \
             ![](…) is; say what it shows with alt=\"…\""
                .into(),
        ));
    }
    html
}

/// Gives every `<img>` without an `alt` attribute an empty one, as CommonMark does for
/// `![](x.png)`: without it a screen reader reads out the image's address. `html` is
/// ammonia's output, so attributes are `name="value"` with `"` escaped in values.
/// Returns the HTML and how many images had none.
fn add_missing_alt(html: &str) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut missing = 0;
    let mut rest = html;
    while let Some(at) = rest.find("<img") {
        let (before, tag) = rest.split_at(at);
        out.push_str(before);
        // The tag's end: the first `>` outside a quoted value.
        let mut quoted = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                quoted ^= c == '"';
                c == '>' && !quoted
            })
            .map_or(tag.len(), |(i, _)| i);
        let head = &tag[..end];
        let has_alt = head.split('"').step_by(2).any(|names| {
            names
                .split_whitespace()
                .any(|w| w == "alt=" || w == "alt" || w.starts_with("alt="))
        });
        if has_alt || end == tag.len() {
            out.push_str(head);
        } else {
            missing += 1;
            out.push_str(head.trim_end_matches('/').trim_end());
            out.push_str(r#" alt="""#);
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    (out, missing)
}

/// A table in a box that scrolls sideways by itself, so that a wide table does not
/// widen the page on a phone; the box takes keyboard focus so that it can be scrolled
/// without a pointer, and is named for screen readers. Added after sanitising, which
/// would drop the attributes.
pub(crate) fn wrap_table(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 80);
    out.push_str(r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Table">"#);
    out.push_str(html.trim_end());
    out.push_str("</div>\n");
    out
}

/// How comrak writes a task list item's checkbox (safe mode; sanitising drops inputs).
pub(crate) const TASK_BOX: &str = "<input type=\"checkbox\" ";

/// Task list checkboxes with a name: a form control without one is a critical axe
/// violation (`label`), and "done" / "to do" is what the box says.
pub(crate) fn label_task_boxes(html: &str) -> String {
    html.replace(
        "<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
        "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" />",
    )
    .replace(
        "<input type=\"checkbox\" disabled=\"\" />",
        "<input type=\"checkbox\" disabled=\"\" aria-label=\"to do\" />",
    )
}
