//! Plain text out of comrak's AST: a node's words with whitespace collapsed, a
//! paragraph's lines, list items' first lines, and unwrapping a node in place. Every
//! stage that reads text from a parse uses these, so that a paragraph's lines are
//! read one way.

use comrak::nodes::{AstNode, NodeValue};

/// Replaces a node by its children (a dead link becomes its text).
pub(crate) fn unwrap_node<'a>(node: &'a AstNode<'a>) {
    while let Some(child) = node.first_child() {
        node.insert_before(child);
    }
    node.detach();
}

/// Text with every run of whitespace (within and between the pieces pushed) collapsed
/// to one space and none at either end: what `split_whitespace` and `join(" ")` give,
/// without the word list.
#[derive(Default)]
pub(crate) struct Collapsed {
    pub(crate) out: String,
    pub(crate) space: bool,
}

impl Collapsed {
    fn push(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        if is_plain_words(bytes) {
            self.word(piece);
            return;
        }
        let mut start = None;
        let mut i = 0;
        while i < bytes.len() {
            // Byte by byte for ASCII (nearly all text); other characters are decoded,
            // as Unicode has more whitespace (no-break space, ideographic space, ...).
            let (white, len) = match bytes[i] {
                b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' => (true, 1),
                b if b < 0x80 => (false, 1),
                _ => {
                    let c = piece[i..].chars().next().expect("inside the string");
                    (c.is_whitespace(), c.len_utf8())
                }
            };
            if white {
                if let Some(s) = start.take() {
                    self.word(&piece[s..i]);
                }
                self.space = true;
            } else if start.is_none() {
                start = Some(i);
            }
            i += len;
        }
        if let Some(s) = start {
            self.word(&piece[s..]);
        }
    }

    /// Room for the text under `node`: at most its pieces plus a space between each,
    /// so that the string is allocated once instead of a dozen times as it grows.
    fn for_text_of<'a>(node: &'a AstNode<'a>) -> Collapsed {
        let room = node.descendants().fold(0, |room, d| match &d.data().value {
            NodeValue::Text(t) => room + t.len() + 1,
            NodeValue::Code(c) => room + c.literal.len() + 1,
            NodeValue::ShortCode(e) => room + e.emoji.len() + 1,
            _ => room,
        });
        Collapsed {
            out: String::with_capacity(room),
            space: false,
        }
    }

    fn word(&mut self, w: &str) {
        if self.space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push_str(w);
    }

    fn gap(&mut self) {
        self.space = true;
    }
}

/// Whether `bytes` is printable ASCII words joined by single spaces, with none at either
/// end: already collapsed, as most text nodes are, so [`Collapsed`] takes it whole. One
/// pass without branches, instead of a decision per byte.
fn is_plain_words(bytes: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let mut plain = first != b' ' && last != b' ';
    let mut after_space = false;
    for &b in bytes {
        let space = b == b' ';
        plain &= (b > b' ' && b < 0x80) || (space && !after_space);
        after_space = space;
    }
    plain
}

/// The text of a node: text and code spans, with line breaks and block boundaries as spaces; raw HTML
/// (such as `<font>` tags) left out.
pub fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = Collapsed::for_text_of(node);
    for n in node.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => out.push(t),
            NodeValue::Code(c) => out.push(&c.literal),
            NodeValue::ShortCode(e) => out.push(&e.emoji),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.gap(),
            // Keeps the words of neighbouring list items and table cells apart.
            NodeValue::Paragraph | NodeValue::Item(_) | NodeValue::TableCell => out.gap(),
            _ => {}
        }
    }
    out.out
}

/// First line of each item of a list node (empty for other nodes).
pub(crate) fn list_item_first_lines<'a>(node: &'a AstNode<'a>) -> Vec<String> {
    if !matches!(node.data().value, NodeValue::List(_)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in node.children() {
        let Some(para) = item
            .first_child()
            .filter(|c| matches!(c.data().value, NodeValue::Paragraph))
        else {
            continue;
        };
        let mut line = Collapsed::for_text_of(para);
        for n in para.descendants() {
            match &n.data().value {
                NodeValue::Text(t) => line.push(t),
                NodeValue::Code(c) => line.push(&c.literal),
                NodeValue::ShortCode(e) => line.push(&e.emoji),
                NodeValue::SoftBreak | NodeValue::LineBreak => break,
                _ => {}
            }
        }
        if !line.out.is_empty() {
            out.push(line.out);
        }
    }
    out
}

/// `<h2>inner</h2>\n` -> `inner`.
pub(crate) fn heading_inner(html: &str) -> String {
    let html = html.trim();
    let start = html.find('>').map(|i| i + 1).unwrap_or(0);
    let end = html
        .rfind("</h")
        .filter(|&e| e >= start)
        .unwrap_or(html.len());
    html[start..end].to_string()
}

/// A paragraph's text line by line (a soft break ends a line, as in the file).
pub(crate) fn paragraph_lines<'a>(para: &'a AstNode<'a>) -> Vec<String> {
    let mut lines = vec![String::new()];
    for n in para.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => lines.last_mut().expect("one line").push_str(t),
            NodeValue::Code(c) => lines.last_mut().expect("one line").push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => lines.push(String::new()),
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod collapse_tests {
    use super::Collapsed;

    #[test]
    fn whitespace_collapses_as_split_whitespace_does() {
        let pieces = [
            "plain words",
            "x",
            "  a\tb ",
            "c\u{a0}d",
            "\u{3000}e",
            "f\x0Bg",
            "",
            "h",
            "ü\u{2003}ß  ",
            "\r\n",
        ];
        let mut c = Collapsed::default();
        for p in pieces {
            c.push(p);
        }
        let expected = pieces
            .concat()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(c.out, expected);
        assert_eq!(c.out, "plain wordsx a b c d ef ghü ß");
    }
}
