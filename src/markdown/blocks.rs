//! The blocks one file's parse is cut into: each top-level block rendered once, with
//! its line, its heading if it is one, and its plain text. Every part of the markdown
//! stage reads these; they hold nothing but data.

/// A top-level block of a meeting, rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Safe HTML. For headings, only the heading's inner HTML.
    pub html: String,
    /// First line in the file.
    pub line: usize,
    /// Set for headings.
    pub heading: Option<Heading>,
    /// A thematic break (`---`), which slide decks use between slides.
    pub rule: bool,
    /// Plain text of the block, whitespace collapsed (for the search index).
    pub text: String,
    /// For lists: the first line of each top-level item (for topic threads).
    pub items: Vec<String>,
}

/// A top-level heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Anchor id, unique in the file.
    pub id: String,
    /// Plain text (inline HTML and emphasis stripped).
    pub text: String,
    /// A list item's first line made a heading ([`crate::markdown::item_headings`]): never the title.
    pub item: bool,
}
