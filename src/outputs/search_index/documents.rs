//! The documents of the index: one per meeting and one per team section, with their
//! headings, anchors and flags, and the tokens they are searched by.

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::markdown::outcomes::OutcomeKind;
use crate::model::archive::{Archive, Meeting};

/// One searchable unit before encoding, borrowing from the archive.
pub(super) struct Doc<'a> {
    pub(super) meeting: usize,
    pub(super) team: Option<usize>,
    pub(super) heading: &'a str,
    pub(super) anchor: &'a str,
    /// (first token, token count, anchor) of each heading inside the document.
    pub(super) subheadings: Vec<(usize, usize, &'a str)>,
    /// The blocks of the meeting it is made of, in order. Its tokens are read from them
    /// when needed ([`Doc::tokens`]): kept, three million of them were a fifth of a
    /// 5,200-week build's peak memory.
    pub(super) blocks: Vec<usize>,
    /// 1: holds a decision; 2: holds an action item; 4: one that is open; 8: one
    /// that is done.
    pub(super) flags: u8,
}

impl<'a> Doc<'a> {
    /// The document's tokens, as the index holds them.
    pub(super) fn tokens(
        &self,
        archive: &'a Archive,
    ) -> impl Iterator<Item = &'a str> + use<'a, '_> {
        let blocks = &archive.meetings[self.meeting].parsed.blocks;
        (self.blocks.iter()).flat_map(move |&i| block_tokens(&blocks[i].text))
    }
}

/// The indexed tokens of a block's text (collapsed to single spaces already).
pub(super) fn block_tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(' ').filter(|t| !t.is_empty() && indexed(t))
}

/// URLs are left out of the index: they are long, nearly all unique, and rarely what
/// anyone searches minutes for; their link text stays.
pub(super) fn indexed(token: &str) -> bool {
    !(crate::markdown::links::has_scheme_separator(token) || token.starts_with("www."))
}

pub(super) fn collect_docs(archive: &Archive) -> Vec<Doc<'_>> {
    let per_meeting: Vec<Vec<Doc>> = archive
        .meetings
        .par_iter()
        .enumerate()
        .map(|(mi, m)| meeting_docs(archive, mi, m))
        .collect();
    per_meeting.into_iter().flatten().collect()
}

/// The documents of one meeting: its text outside team sections, then each section.
pub(super) fn meeting_docs<'a>(archive: &Archive, mi: usize, m: &'a Meeting) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    let p = &m.parsed;
    let mut in_section = vec![false; p.blocks.len()];
    for s in &p.sections {
        for &b in &s.body {
            in_section[b] = true;
        }
        if let Some(i) = p
            .blocks
            .iter()
            .position(|b| b.heading.as_ref().is_some_and(|h| h.id == s.anchor))
        {
            in_section[i] = true;
        }
    }
    let doc_of = |which: &mut dyn Iterator<Item = usize>| {
        let mut tokens = 0;
        let mut blocks = Vec::new();
        let mut subheadings = Vec::new();
        for i in which {
            let b = &p.blocks[i];
            let start = tokens;
            blocks.push(i);
            tokens += block_tokens(&b.text).count();
            let n = tokens - start;
            if let Some(h) = b.heading.as_ref().filter(|_| n > 0) {
                // Most anchors are the plain slug of the heading's text; the browser
                // derives those itself and only the others are stored.
                let derivable = h.text.is_ascii()
                    && h.text.split_whitespace().all(indexed)
                    && crate::text::slug::slugify(&h.text) == h.id;
                subheadings.push((start, n, if derivable { "" } else { h.id.as_str() }));
            }
        }
        (tokens, blocks, subheadings)
    };
    // What the decisions and action items in some blocks make of a document's flags.
    let flags_of = |inside: &dyn Fn(usize) -> bool| {
        (p.outcomes.iter())
            .filter(|o| inside(o.block))
            .fold(0, |f, o| match o.kind {
                OutcomeKind::Decision => f | 1,
                OutcomeKind::Action { .. } => f | 2,
            })
    };
    let series_team = archive.series[archive.series_of(mi)].team;
    let (tokens, blocks, subheadings) =
        doc_of(&mut (0..p.blocks.len()).filter(|&i| !in_section[i]));
    if tokens > 0 || p.sections.is_empty() {
        docs.push(Doc {
            meeting: mi,
            team: series_team,
            heading: &m.title,
            anchor: "",
            subheadings,
            blocks,
            flags: flags_of(&|b| !in_section[b]),
        });
    }
    for (k, s) in p.sections.iter().enumerate() {
        let (_, blocks, subheadings) = doc_of(&mut s.body.iter().copied());
        docs.push(Doc {
            meeting: mi,
            team: Some(m.section_teams[k]),
            heading: &s.heading,
            anchor: &s.anchor,
            subheadings,
            blocks,
            flags: flags_of(&|b| s.body.contains(&b)),
        });
    }
    docs
}

/// The words of a token as `search.js` makes them (`words()`): lower case, accents
/// removed, split at anything but letters and digits.
pub(super) fn words_of(token: &str) -> Vec<String> {
    let folded: String = (token.to_lowercase().nfkd())
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}
