//! The full-text search index, written at build time and read by `static/search.js`.
//!
//! A query must not fetch the whole index, so it is split (format in `docs/search.md`):
//!
//! - `search-index.json`, the manifest: teams, series, people, each meeting's series,
//!   date, people and number of documents, each document's team, flags and length in
//!   words, and where the shards start. Enough to filter, rank and sort by date.
//! - `search-index/w/N.json`, word shards: the vocabulary in sorted ranges (the manifest
//!   holds the first word of each), each word with its postings: document, term
//!   frequency, whether it is in a heading, and word positions (for phrases).
//! - `search-index/t/N.json`, text shards: consecutive meetings' titles, URLs and
//!   documents' headings, anchors and text, fetched only for the results shown (snippets,
//!   links to the nearest heading).
//!
//! Numbers are written as variable-length strings of printable characters: each
//! character says whether the number goes on, so no separators are needed.

use std::io::Write;

use std::collections::HashMap;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::markdown::outcomes::OutcomeKind;
use crate::model::actions::{Actions, Rules, State};
use crate::model::people::People;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::archive::{Archive, Meeting};
use crate::urls::Urls;

/// Characters that need no escaping in JSON, minus `"` and `\`: 92 of them, half
/// ending a number and half continuing it.
const ALPHABET: &[u8] =
    b"!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
const HALF: usize = ALPHABET.len() / 2;

/// Raw bytes of postings after which a word shard is closed: about 7 KB gzip (word
/// positions compress poorly), so a query of a few words fetches a few tens of KB
/// however large the archive, unless a word's own postings are larger.
const WORD_SHARD_BYTES: usize = 10_000;
/// Raw bytes of text after which a text shard is closed (at a meeting's end): about
/// 4.5 KB gzip, a few meetings, so showing 10 results fetches about 50 KB of text.
const TEXT_SHARD_BYTES: usize = 8_000;

/// Sizes of a written index, for the build report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Searchable documents (meetings and team sections).
    pub docs: usize,
    /// Bytes of all its files.
    pub raw_bytes: usize,
    /// Bytes of the manifest, which every query fetches.
    pub manifest_bytes: usize,
    /// Number of files: the manifest and the shards.
    pub files: usize,
    /// Bytes of markdown the index covers (front matter excluded).
    pub markdown_bytes: usize,
}

impl IndexStats {
    /// Raw index size as a percentage of the markdown.
    pub fn percent_of_markdown(&self) -> f64 {
        if self.markdown_bytes == 0 {
            0.0
        } else {
            100.0 * self.raw_bytes as f64 / self.markdown_bytes as f64
        }
    }
}

/// The files of an index: the manifest and the shards by path relative to the folder
/// named after the manifest (`w/0.json`).
#[derive(Debug, Clone, Default)]
pub struct IndexFiles {
    /// `search-index.json`.
    pub manifest: String,
    /// Word and text shards.
    pub shards: Vec<(String, String)>,
}

/// One searchable unit before encoding, borrowing from the archive.
struct Doc<'a> {
    meeting: usize,
    team: Option<usize>,
    heading: &'a str,
    anchor: &'a str,
    /// (first token, token count, anchor) of each heading inside the document.
    subheadings: Vec<(usize, usize, &'a str)>,
    /// The blocks of the meeting it is made of, in order. Its tokens are read from them
    /// when needed ([`Doc::tokens`]): kept, three million of them were a fifth of a
    /// 5,200-week build's peak memory.
    blocks: Vec<usize>,
    /// 1: holds a decision; 2: holds an action item; 4: one that is open; 8: one
    /// that is done.
    flags: u8,
}

impl<'a> Doc<'a> {
    /// The document's tokens, as the index holds them.
    fn tokens(&self, archive: &'a Archive) -> impl Iterator<Item = &'a str> + use<'a, '_> {
        let blocks = &archive.meetings[self.meeting].parsed.blocks;
        (self.blocks.iter()).flat_map(move |&i| block_tokens(&blocks[i].text))
    }
}

/// The indexed tokens of a block's text (collapsed to single spaces already).
fn block_tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(' ').filter(|t| !t.is_empty() && indexed(t))
}

/// Writes a number as one or more alphabet characters: leading digits from the
/// continuation half, the last from the terminal half.
fn encode_number(mut n: usize, out: &mut String) {
    // Enough for any usize: 46^12 > 2^64.
    let mut digits = [0u8; 12];
    let mut len = 1;
    digits[0] = ALPHABET[n % HALF];
    n /= HALF;
    while n > 0 {
        n -= 1;
        digits[len] = ALPHABET[HALF + n % HALF];
        len += 1;
        n /= HALF;
    }
    out.extend(digits[..len].iter().rev().map(|&b| b as char));
}

/// Reads back what [`encode_number`] wrote (the browser does the same in JavaScript);
/// `None` for a character outside the alphabet or a number cut short.
fn decode_numbers(s: &str) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    let mut acc = 0usize;
    for b in s.bytes() {
        let i = ALPHABET.iter().position(|&a| a == b)?;
        if i >= HALF {
            acc = acc.checked_add(i - HALF + 1)?.checked_mul(HALF)?;
        } else {
            out.push(acc + i);
            acc = 0;
        }
    }
    (acc == 0).then_some(out)
}

/// One document of an index, read back as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedDoc {
    /// Meeting page URL.
    pub meeting_url: String,
    /// Date of the meeting.
    pub date: String,
    /// Team slug, for team sections and teams' own meetings.
    pub team: Option<String>,
    /// Section heading, or the meeting title.
    pub heading: String,
    /// Anchor of the team section; empty for the meeting's own text.
    pub anchor: String,
    /// Headings inside the document: (text, anchor on the meeting page).
    pub subheadings: Vec<(String, String)>,
    /// The indexed text, tokens separated by single spaces.
    pub text: String,
}

/// Reads an index written by [`build`] back into documents from its manifest and its
/// text shards (`shard("t/0.json")`), deriving the heading anchors that are not stored
/// the way `search.js` does. For tools and tests.
pub fn read_index(
    manifest: &str,
    shard: impl Fn(&str) -> Option<String>,
) -> Result<Vec<IndexedDoc>, String> {
    let bad = |what: &str| format!("malformed search index: {what}");
    let json = |s: &str| -> Result<serde_json::Value, String> {
        serde_json::from_str(s).map_err(|e| format!("not JSON: {e}"))
    };
    let v = json(manifest)?;
    let str_of =
        |x: &serde_json::Value, what: &str| x.as_str().map(str::to_string).ok_or_else(|| bad(what));
    let teams = v["teams"].as_array().ok_or_else(|| bad("teams"))?;
    let meetings = v["meetings"].as_array().ok_or_else(|| bad("meetings"))?;
    let coded = decode_numbers(&str_of(&v["docs"], "docs")?).ok_or_else(|| bad("docs"))?;
    let texts = v["texts"].as_array().ok_or_else(|| bad("texts"))?;
    let mut out = Vec::new();
    for k in 0..texts.len() {
        let t = json(&shard(&format!("t/{k}.json")).ok_or_else(|| bad("missing text shard"))?)?;
        let mut urls = HashMap::new();
        for m in t["meetings"]
            .as_array()
            .ok_or_else(|| bad("shard meetings"))?
        {
            urls.insert(
                m[0].as_u64().ok_or_else(|| bad("meeting"))?,
                str_of(&m[2], "url")?,
            );
        }
        for d in t["docs"].as_array().ok_or_else(|| bad("shard docs"))? {
            let di = out.len();
            let code = *coded.get(di * 2).ok_or_else(|| bad("doc count"))?;
            let mi = meeting_of(meetings, di).ok_or_else(|| bad("doc count"))?;
            let team = match code / 16 {
                0 => None,
                t => Some(str_of(
                    &teams.get(t - 1).ok_or_else(|| bad("team"))?[1],
                    "team",
                )?),
            };
            let text = str_of(&d[2], "text")?;
            let tokens: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
            let spans = decode_numbers(&str_of(&d[3], "spans")?).ok_or_else(|| bad("spans"))?;
            let stored = str_of(&d[4], "anchors")?;
            let mut stored = stored.split(' ');
            let mut subheadings = Vec::new();
            for pair in spans.chunks(2) {
                let [start, len] = pair else {
                    return Err(bad("spans"));
                };
                let text = (tokens.get(*start..start + len))
                    .ok_or_else(|| bad("span"))?
                    .join(" ");
                let anchor = match stored.next() {
                    Some(a) if !a.is_empty() => a.to_string(),
                    _ => crate::model::slug::slugify(&text),
                };
                subheadings.push((text, anchor));
            }
            out.push(IndexedDoc {
                meeting_url: urls.get(&(mi as u64)).cloned().ok_or_else(|| bad("url"))?,
                date: str_of(&meetings[mi][1], "date")?,
                team,
                heading: str_of(&d[0], "heading")?,
                anchor: str_of(&d[1], "anchor")?,
                subheadings,
                text: tokens.join(" "),
            });
        }
    }
    Ok(out)
}

/// The meeting of the `doc`th document, from the meetings' document counts.
fn meeting_of(meetings: &[serde_json::Value], doc: usize) -> Option<usize> {
    let mut seen = 0;
    for (i, m) in meetings.iter().enumerate() {
        seen += m[3].as_u64()? as usize;
        if doc < seen {
            return Some(i);
        }
    }
    None
}

/// URLs are left out of the index: they are long, nearly all unique, and rarely what
/// anyone searches minutes for; their link text stays.
fn indexed(token: &str) -> bool {
    !(crate::markdown::links::has_scheme_separator(token) || token.starts_with("www."))
}

fn collect_docs(archive: &Archive) -> Vec<Doc<'_>> {
    let per_meeting: Vec<Vec<Doc>> = archive
        .meetings
        .par_iter()
        .enumerate()
        .map(|(mi, m)| meeting_docs(archive, mi, m))
        .collect();
    per_meeting.into_iter().flatten().collect()
}

/// The documents of one meeting: its text outside team sections, then each section.
fn meeting_docs<'a>(archive: &Archive, mi: usize, m: &'a Meeting) -> Vec<Doc<'a>> {
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
                    && crate::model::slug::slugify(&h.text) == h.id;
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
fn words_of(token: &str) -> Vec<String> {
    let folded: String = (token.to_lowercase().nfkd())
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// A document's words: (word id, position in its word stream) sorted, the ids of the
/// words in its headings or its meeting's title, sorted, and its length in words. Flat
/// pairs rather than a list per word: at 5,200 weeks that is millions of lists.
struct DocPostings {
    pairs: Vec<(u32, u32)>,
    head: Vec<u32>,
    len: usize,
}

fn doc_postings(
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
fn encode_postings(per_doc: &mut [DocPostings], words: usize) -> Vec<String> {
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

/// Flags 4 (`is:open`) and 8 (`is:done`): the document mentions an action item that
/// is open, or done, as followed across meetings ([`Actions`]).
fn mark_action_states(archive: &Archive, actions: &Actions, docs: &mut [Doc]) {
    for d in docs.iter_mut() {
        let outcomes = &archive.meetings[d.meeting].parsed.outcomes;
        for (k, o) in outcomes.iter().enumerate() {
            if !d.blocks.contains(&o.block) {
                continue;
            }
            d.flags |= match actions.item_of(d.meeting, k).map(|it| it.state) {
                Some(State::Open) => 4,
                Some(State::Done) => 8,
                _ => 0,
            };
        }
    }
}

/// Builds the index files, with their sizes.
pub fn build(
    archive: &Archive,
    urls: &Urls,
    people: &People,
    rules: Rules,
) -> (IndexFiles, IndexStats) {
    let mut docs = collect_docs(archive);
    mark_action_states(archive, &Actions::of(archive, people, rules), &mut docs);
    // Each distinct token is split into words once.
    let distinct: rustc_hash::FxHashSet<&str> = docs
        .par_iter()
        .fold(rustc_hash::FxHashSet::default, |mut s, d| {
            s.extend(d.tokens(archive));
            s
        })
        .reduce(rustc_hash::FxHashSet::default, |mut a, b| {
            if a.len() < b.len() {
                return b.into_iter().chain(a).collect();
            }
            a.extend(b);
            a
        });
    let split: Vec<(&str, Vec<String>)> =
        distinct.into_par_iter().map(|t| (t, words_of(t))).collect();
    let mut vocab: Vec<&str> = split
        .iter()
        .flat_map(|(_, ws)| ws.iter().map(String::as_str))
        .collect();
    vocab.par_sort_unstable();
    vocab.dedup();
    let word_id: FxHashMap<&str, u32> = (vocab.iter().enumerate())
        .map(|(i, w)| (*w, i as u32))
        .collect();
    let tok_words: FxHashMap<&str, Vec<u32>> = (split.iter())
        .map(|(t, ws)| (*t, ws.iter().map(|w| word_id[w.as_str()]).collect()))
        .collect();
    let mut per_doc: Vec<DocPostings> = docs
        .par_iter()
        .map(|d| doc_postings(archive, d, &tok_words, &word_id))
        .collect();
    drop((tok_words, word_id));
    let encoded = encode_postings(&mut per_doc, vocab.len());
    let mut shards = Vec::new();
    let mut first_words = Vec::new();
    let mut start = 0;
    while start < vocab.len() {
        let (mut end, mut size) = (start, 0);
        while end < vocab.len() && (end == start || size < WORD_SHARD_BYTES) {
            size += encoded[end].len() + vocab[end].len();
            end += 1;
        }
        let file = WordShard {
            words: vocab[start..end].join(" "),
            post: &encoded[start..end],
        };
        shards.push((
            format!("w/{}.json", first_words.len()),
            serde_json::to_string(&file).expect("plain data serializes"),
        ));
        first_words.push(vocab[start]);
        start = end;
    }
    // The text shards reuse the postings' memory.
    drop(encoded);
    let (texts, text_starts) = text_shards(archive, urls, &docs);
    shards.extend(texts);
    let manifest = manifest(archive, people, &docs, &per_doc, first_words, text_starts);
    let stats = IndexStats {
        docs: docs.len(),
        raw_bytes: manifest.len() + shards.iter().map(|(_, s)| s.len()).sum::<usize>(),
        manifest_bytes: manifest.len(),
        files: 1 + shards.len(),
        markdown_bytes: archive.meetings.iter().map(|m| m.parsed.text_len).sum(),
    };
    (IndexFiles { manifest, shards }, stats)
}

#[derive(Serialize)]
struct WordShard<'a> {
    words: String,
    post: &'a [String],
}

#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    teams: Vec<(&'a str, &'a str)>,
    series: Vec<(&'a str, &'a str)>,
    people: Vec<(&'a str, &'a str, &'a str)>,
    /// [series, date, people, number of documents]
    meetings: Vec<(usize, String, Vec<usize>, usize)>,
    /// Per document: (team + 1) * 16 + flags, then length in words.
    docs: String,
    words: Vec<&'a str>,
    texts: Vec<usize>,
}

fn manifest(
    archive: &Archive,
    people: &People,
    docs: &[Doc],
    per_doc: &[DocPostings],
    words: Vec<&str>,
    texts: Vec<usize>,
) -> String {
    // Who attended or took the minutes of each meeting, by index into `people`.
    let mut present: HashMap<usize, Vec<usize>> = HashMap::new();
    for (k, p) in people.list.iter().enumerate() {
        for &i in p.attended.iter().chain(&p.minutes) {
            let list = present.entry(i).or_default();
            if !list.contains(&k) {
                list.push(k);
            }
        }
    }
    let mut count = vec![0; archive.meetings.len()];
    let mut coded = String::new();
    for (d, p) in docs.iter().zip(per_doc) {
        count[d.meeting] += 1;
        encode_number(
            d.team.map_or(0, |t| t + 1) * 16 + d.flags as usize,
            &mut coded,
        );
        encode_number(p.len, &mut coded);
    }
    let file = Manifest {
        v: 3,
        teams: (archive.teams.iter())
            .map(|t| (t.name.as_str(), t.slug.as_str()))
            .collect(),
        series: (archive.series.iter())
            .map(|s| (s.name.as_str(), s.title.as_str()))
            .collect(),
        people: (people.list.iter())
            .map(|p| {
                (
                    p.name.as_str(),
                    p.slug.as_str(),
                    p.handle.as_deref().unwrap_or(""),
                )
            })
            .collect(),
        meetings: (archive.meetings.iter().enumerate())
            .map(|(i, m)| {
                (
                    archive.series_of(i),
                    m.date().format("%Y-%m-%d").to_string(),
                    present.get(&i).cloned().unwrap_or_default(),
                    count[i],
                )
            })
            .collect(),
        docs: coded,
        words,
        texts,
    };
    serde_json::to_string(&file).expect("plain data serializes")
}

#[derive(Serialize)]
struct TextShard<'a> {
    /// [meeting, title, URL] of the meetings whose documents follow.
    meetings: Vec<(usize, &'a str, String)>,
    /// [heading, anchor, tokens, subheading spans, subheading anchors]
    docs: Vec<(&'a str, &'a str, String, String, String)>,
}

/// The text shards, and the first document of each. A shard ends at a meeting's end.
fn text_shards(
    archive: &Archive,
    urls: &Urls,
    docs: &[Doc],
) -> (Vec<(String, String)>, Vec<usize>) {
    let mut ranges = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, d) in docs.iter().enumerate() {
        size += d.tokens(archive).map(|t| t.len() + 1).sum::<usize>();
        let meeting_ends = docs.get(i + 1).is_none_or(|n| n.meeting != d.meeting);
        if meeting_ends && size >= TEXT_SHARD_BYTES || i + 1 == docs.len() {
            ranges.push((start, i + 1));
            (start, size) = (i + 1, 0);
        }
    }
    let files = ranges
        .par_iter()
        .enumerate()
        .map(|(k, &(a, b))| {
            let mut meetings: Vec<(usize, &str, String)> = Vec::new();
            let mut out = Vec::new();
            for d in &docs[a..b] {
                if meetings.last().is_none_or(|m| m.0 != d.meeting) {
                    let m = &archive.meetings[d.meeting];
                    let url = urls.meeting(&m.source.series, &m.source.stem);
                    meetings.push((d.meeting, m.title.as_str(), url));
                }
                let mut spans = String::new();
                for (start, len, _) in &d.subheadings {
                    encode_number(*start, &mut spans);
                    encode_number(*len, &mut spans);
                }
                let anchors = (d.subheadings.iter())
                    .map(|(_, _, a)| *a)
                    .collect::<Vec<_>>()
                    .join(" ");
                let text = d.tokens(archive).collect::<Vec<_>>().join(" ");
                out.push((d.heading, d.anchor, text, spans, anchors));
            }
            let file = TextShard {
                meetings,
                docs: out,
            };
            (
                format!("t/{k}.json"),
                serde_json::to_string(&file).expect("plain data serializes"),
            )
        })
        .collect();
    (files, ranges.iter().map(|r| r.0).collect())
}

/// Size of `bytes` after gzip at the default level (what a static server usually
/// sends). A compression pass over the whole index: `build --verbose` reports it.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{archive, scs_site};

    /// Numbers below this take at most two characters.
    const SHORT_CODES: usize = HALF + HALF * HALF;

    #[test]
    fn numbers_round_trip_across_code_lengths() {
        let numbers = [
            0,
            1,
            HALF - 1,
            HALF,
            HALF + 1,
            SHORT_CODES - 1,
            SHORT_CODES,
            97_335,
            97_336,
            5_000_000,
        ];
        let mut s = String::new();
        for &n in &numbers {
            encode_number(n, &mut s);
        }
        assert_eq!(decode_numbers(&s).unwrap(), numbers);
        let len = |n| {
            let mut s = String::new();
            encode_number(n, &mut s);
            s.len()
        };
        assert_eq!(
            (
                len(HALF - 1),
                len(HALF),
                len(SHORT_CODES - 1),
                len(SHORT_CODES)
            ),
            (1, 2, 2, 3)
        );
        assert!(!s.contains('"') && !s.contains('\\') && !s.contains(' '));
        // A number cut short or a stray character is an error, not a wrong number.
        assert_eq!(decode_numbers(&s[..s.len() - 1]), None);
        assert_eq!(decode_numbers("a\"b"), None);
    }

    /// Reads an index back through its manifest and shards.
    fn read(files: &IndexFiles) -> Vec<IndexedDoc> {
        read_index(&files.manifest, |name| {
            (files.shards.iter())
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.clone())
        })
        .unwrap()
    }

    #[test]
    fn words_are_folded_like_the_browser_folds_them() {
        assert_eq!(words_of("Größe"), ["große"]);
        assert_eq!(words_of("Zuul,"), ["zuul"]);
        assert_eq!(words_of("cert-manager/v2"), ["cert", "manager", "v2"]);
        assert_eq!(words_of("Café"), ["cafe"]);
        assert!(words_of("--").is_empty());
    }

    #[test]
    fn meetings_and_sections_become_documents() {
        let a = archive(
            &[
                (
                    "weekly",
                    "2023-06-29",
                    "# Tech Weekly\n\n## Meta\n\n- Minutes: Ana\n\n## Team Ops\n\n- Status page\n  - OpenAPI spec done\n- Zuul - conformance checks\n\n### Zuul details\n\nsee https://zuul.example.org/x for logs\n\n### Größe & Ümlaut\n\nwords\n\n## Team IaaS\n\n| a | b |\n|---|---|\n| flavor | naming |\n",
                ),
                ("ops", "2023-07-03", "# Ops meeting\n\n## Zuul\n\nrestarts\n"),
            ],
            "[[teams]]\nname = 'Team Ops'\nslug = 'ops'\n[[teams]]\nname = 'Team IaaS'\n[series.ops]\nteam = 'Team Ops'\n",
        );
        let (files, stats) = build(
            &a,
            &Urls::new("/sub/"),
            &People::default(),
            Rules::default(),
        );
        let docs = read(&files);
        // The weekly's own part, its two sections, the Ops meeting.
        assert_eq!(docs.len(), 4, "{files:?}");
        assert_eq!(stats.docs, 4);
        assert_eq!(stats.files, 1 + files.shards.len());
        assert_eq!(stats.manifest_bytes, files.manifest.len());
        assert!(stats.markdown_bytes > 0);
        assert!(gzip_len(files.manifest.as_bytes()) > 0);

        let weekly = &docs[0];
        assert_eq!(
            (weekly.meeting_url.as_str(), weekly.date.as_str()),
            ("/sub/minutes/weekly/2023-06-29/", "2023-06-29")
        );
        assert_eq!((weekly.anchor.as_str(), weekly.team.as_deref()), ("", None));
        assert!(
            weekly.text.contains("Minutes: Ana") && !weekly.text.contains("Status"),
            "{}",
            weekly.text
        );

        let ops = &docs[1];
        assert_eq!(
            (
                ops.heading.as_str(),
                ops.anchor.as_str(),
                ops.team.as_deref()
            ),
            ("Team Ops", "team-ops", Some("ops"))
        );
        // List items stay apart; the URL is left out, its sentence is kept.
        assert_eq!(
            ops.text,
            "Status page OpenAPI spec done Zuul - conformance checks Zuul details see for logs Größe & Ümlaut words"
        );
        // The ASCII heading's anchor is derived (in the browser too), the other one stored.
        assert_eq!(
            ops.subheadings,
            [
                ("Zuul details".to_string(), "zuul-details".to_string()),
                ("Größe & Ümlaut".into(), "grosse-umlaut".into())
            ]
        );
        let text: serde_json::Value =
            serde_json::from_str(&files.shards.last().unwrap().1).unwrap();
        assert_eq!(text["docs"][1][4], " grosse-umlaut");
        // A word's postings: document, term frequency and heading flag, positions.
        let (name, shard) = files
            .shards
            .iter()
            .find(|(n, _)| n.starts_with("w/"))
            .unwrap();
        let shard: serde_json::Value = serde_json::from_str(shard).unwrap();
        let words: Vec<&str> = shard["words"].as_str().unwrap().split(' ').collect();
        let zuul = words.iter().position(|w| *w == "zuul").unwrap();
        let post = decode_numbers(shard["post"][zuul].as_str().unwrap()).unwrap();
        // Doc 1 (Team Ops): `Zuul - conformance`, `Zuul details` (a heading); doc 3.
        assert_eq!(post, [1, 5, 5, 3, 2, 3, 2], "{name}");

        assert_eq!(docs[2].text, "a b flavor naming");
        assert_eq!(docs[2].team.as_deref(), Some("team-iaas"));

        // A team's own meeting is one document of that team.
        let own = &docs[3];
        assert_eq!(
            (own.team.as_deref(), own.heading.as_str()),
            (Some("ops"), "Ops meeting")
        );
        assert_eq!(own.text, "Ops meeting Zuul restarts");
        assert_eq!(
            own.subheadings,
            [
                ("Ops meeting".to_string(), "ops-meeting".to_string()),
                ("Zuul".into(), "zuul".into())
            ]
        );
    }

    #[test]
    fn broken_index_files_are_errors() {
        assert!(read_index("{", |_| None).unwrap_err().contains("not JSON"));
        assert!(read_index("{}", |_| None)
            .unwrap_err()
            .contains("malformed search index"));
        let manifest = r#"{"teams":[],"meetings":[[0,"d",[],1]],"docs":"!!","texts":[0]}"#;
        assert!(read_index(manifest, |_| None)
            .unwrap_err()
            .contains("missing text shard"));
    }

    #[test]
    fn scs_index_stays_within_budget() {
        let Some(site) = scs_site() else { return };
        let rules = crate::model::actions::Rules::of(&site.config);
        let (files, stats) = build(&site.archive, &site.urls, &site.people(), rules);
        eprintln!(
            "SCS search index: {} docs, {} bytes raw in {} files, manifest {} gzip, {:.1}% of {} bytes markdown",
            stats.docs,
            stats.raw_bytes,
            stats.files,
            gzip_len(files.manifest.as_bytes()),
            stats.percent_of_markdown(),
            stats.markdown_bytes
        );
        // Every query fetches the manifest: it must stay small.
        assert!(
            gzip_len(files.manifest.as_bytes()) < 30_000,
            "manifest is {} bytes gzip",
            gzip_len(files.manifest.as_bytes())
        );
        let docs = read(&files);
        let sections: usize = site
            .archive
            .meetings
            .iter()
            .map(|m| m.parsed.sections.len())
            .sum();
        assert_eq!(
            docs.iter().filter(|d| !d.anchor.is_empty()).count(),
            sections
        );
        assert!(docs
            .iter()
            .any(|d| d.text.contains("Health Monitor for LB with OVN provider")));
    }
}
