//! Postings: for each word, the documents it is in, how often, whether in a heading,
//! and where (for phrases), encoded per word for the word shards.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::codec::encode_number;
use super::documents::{words_of, Doc};
use crate::model::archive::Archive;

/// A document's words: (word id, position in its word stream) sorted, the ids of the
/// words in its headings or its meeting's title, sorted, and its length in words. Flat
/// pairs rather than a list per word: at 5,200 weeks that is millions of lists.
pub(super) struct DocPostings {
    pub(super) pairs: Vec<(u32, u32)>,
    pub(super) head: Vec<u32>,
    pub(super) len: usize,
}

pub(super) fn doc_postings(
    archive: &Archive,
    d: &Doc,
    tok_words: &FxHashMap<&str, Vec<u32>>,
    word_id: &FxHashMap<&str, u32>,
) -> DocPostings {
    let title = &archive.meetings[d.meeting].title;
    let tokens: Vec<&str> = d.tokens(archive).collect();
    let mut pairs = Vec::with_capacity(tokens.len() + tokens.len() / 4);
    for t in &tokens {
        for &w in &tok_words[t] {
            pairs.push((w, pairs.len() as u32));
        }
    }
    let len = pairs.len();
    pairs.sort_unstable();
    let mut head: Vec<u32> = (words_of(d.heading).into_iter())
        .chain(words_of(title))
        .filter_map(|w| word_id.get(w.as_str()).copied())
        .collect();
    for &(start, n, _) in &d.subheadings {
        for t in &tokens[start..start + n] {
            head.extend(&tok_words[t]);
        }
    }
    head.sort_unstable();
    head.dedup();
    DocPostings { pairs, head, len }
}

/// Each word's postings, encoded: for each document holding it (in order), the gap from
/// the previous one, term frequency * 2 + 1 if in a heading, then the gaps between its
/// positions. Sorted into one flat array by word (a counting sort), then encoded per word.
/// Each document's pairs are freed once sorted into the array: the two together were
/// the peak of a 5,200-week build's memory.
pub(super) fn encode_postings(per_doc: &mut [DocPostings], words: usize) -> Vec<String> {
    let mut start = vec![0usize; words + 1];
    for d in per_doc.iter() {
        for &(w, _) in &d.pairs {
            start[w as usize + 1] += 1;
        }
    }
    for i in 0..words {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    // (document, position); documents ascend within a word as they are visited in order.
    let mut flat = vec![(0u32, 0u32); start[words]];
    for (di, d) in per_doc.iter_mut().enumerate() {
        for &(w, pos) in &d.pairs {
            let slot = &mut fill[w as usize];
            flat[*slot] = (di as u32, pos);
            *slot += 1;
        }
        d.pairs = Vec::new();
    }
    let per_doc = &*per_doc;
    (0..words)
        .into_par_iter()
        .map(|w| {
            let list = &flat[start[w]..start[w + 1]];
            let mut s = String::new();
            let mut prev = 0;
            for run in list.chunk_by(|a, b| a.0 == b.0) {
                let doc = run[0].0;
                encode_number((doc - prev) as usize, &mut s);
                prev = doc;
                let head = per_doc[doc as usize]
                    .head
                    .binary_search(&(w as u32))
                    .is_ok();
                encode_number(run.len() * 2 + usize::from(head), &mut s);
                let mut p0 = 0;
                for &(_, p) in run {
                    encode_number((p - p0) as usize, &mut s);
                    p0 = p;
                }
            }
            s
        })
        .collect()
}
