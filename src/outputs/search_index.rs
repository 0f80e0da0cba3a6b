//! The full-text search index, written at build time and read by `static/search.js`.
//!
//! The plain text of every meeting and team section must fit in well under half the
//! size of the markdown, so it is not stored as text: each whitespace-separated token
//! becomes a number into one shared vocabulary (most frequent first), written as a
//! variable-length string of printable characters. The browser decodes it once, keeps
//! the original tokens for snippets, and builds its word lists from them.
//!
//! Format (`search-index.json`, documented in `docs/search.md`):
//! `{"v":1, "words": "tok tok ...", "rare": "<front-coded tokens>", "teams": [[name, slug]],
//!   "series": [[name, title]], "people": [[name, slug, handle or ""]],
//!   "meetings": [[series, "YYYY-MM-DD", title, url, [person, ...]]],
//!   "docs": [[meeting, team or -1, heading, anchor, subheading spans, tokens,
//!   subheading anchors, flags]]}`. Subheadings let a result link to the heading nearest
//!   its first match; a meeting's people attended it or took its minutes; a document's
//!   flags say whether it holds a decision (1) or an action item (2).

use std::io::Write;

use std::collections::HashMap;

use serde::Serialize;

use crate::markdown::outcomes::OutcomeKind;
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

/// Sizes of a written index, for the build report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Searchable documents (meetings and team sections).
    pub docs: usize,
    /// Bytes of the JSON file.
    pub raw_bytes: usize,
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

/// One searchable unit before encoding, borrowing from the archive.
struct Doc<'a> {
    meeting: usize,
    team: Option<usize>,
    heading: &'a str,
    anchor: &'a str,
    /// (first token, token count, anchor) of each heading inside the document.
    subheadings: Vec<(usize, usize, &'a str)>,
    tokens: Vec<&'a str>,
    /// 1: holds a decision; 2: holds an action item.
    flags: u8,
}

#[derive(Serialize)]
struct IndexFile<'a> {
    v: u32,
    words: String,
    rare: String,
    teams: Vec<(&'a str, &'a str)>,
    series: Vec<(&'a str, &'a str)>,
    people: Vec<(&'a str, &'a str, &'a str)>,
    meetings: Vec<(usize, String, &'a str, String, Vec<usize>)>,
    docs: Vec<EncodedDoc<'a>>,
}

/// A document as the index file holds it (see the module doc).
type EncodedDoc<'a> = (usize, i64, &'a str, &'a str, String, String, String, u8);

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

/// Inverse of [`front_code`].
fn front_decode(s: &str) -> Option<Vec<String>> {
    let mut prev: Vec<char> = Vec::new();
    let mut out = Vec::new();
    for entry in s.split(' ').filter(|e| !e.is_empty()) {
        let mut chars = entry.chars();
        let first = chars.next()?;
        let shared = ALPHABET.iter().position(|&a| a as char == first)?;
        let mut cur: Vec<char> = prev.get(..shared)?.to_vec();
        cur.extend(chars);
        out.push(cur.iter().collect());
        prev = cur;
    }
    Some(out)
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

/// Reads an index written by [`build`] back into documents, deriving the heading
/// anchors that are not stored the way `search.js` does. For tools and tests.
pub fn read_index(json: &str) -> Result<Vec<IndexedDoc>, String> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let bad = |what: &str| format!("malformed search index: {what}");
    let str_of =
        |x: &serde_json::Value, what: &str| x.as_str().map(str::to_string).ok_or_else(|| bad(what));
    let mut vocab: Vec<String> = str_of(&v["words"], "words")?
        .split(' ')
        .map(String::from)
        .collect();
    vocab.extend(front_decode(&str_of(&v["rare"], "rare")?).ok_or_else(|| bad("rare"))?);
    let teams = v["teams"].as_array().ok_or_else(|| bad("teams"))?;
    let meetings = v["meetings"].as_array().ok_or_else(|| bad("meetings"))?;
    let mut out = Vec::new();
    for d in v["docs"].as_array().ok_or_else(|| bad("docs"))? {
        let m = d[0]
            .as_u64()
            .and_then(|i| meetings.get(i as usize))
            .ok_or_else(|| bad("meeting"))?;
        let team = match d[1].as_i64() {
            Some(t) if t >= 0 => Some(str_of(
                &teams.get(t as usize).ok_or_else(|| bad("team"))?[1],
                "team",
            )?),
            _ => None,
        };
        let ids = decode_numbers(&str_of(&d[5], "tokens")?).ok_or_else(|| bad("tokens"))?;
        let tokens: Vec<&str> = ids
            .iter()
            .map(|&i| {
                vocab
                    .get(i)
                    .map(String::as_str)
                    .ok_or_else(|| bad("token id"))
            })
            .collect::<Result<_, _>>()?;
        let spans = decode_numbers(&str_of(&d[4], "spans")?).ok_or_else(|| bad("spans"))?;
        let stored = str_of(&d[6], "anchors")?;
        let mut stored = stored.split(' ');
        let mut subheadings = Vec::new();
        for pair in spans.chunks(2) {
            let [start, len] = pair else {
                return Err(bad("spans"));
            };
            let text = tokens
                .get(*start..start + len)
                .ok_or_else(|| bad("span"))?
                .join(" ");
            let anchor = match stored.next() {
                Some(a) if !a.is_empty() => a.to_string(),
                _ => crate::model::slug::slugify(&text),
            };
            subheadings.push((text, anchor));
        }
        out.push(IndexedDoc {
            meeting_url: str_of(&m[3], "url")?,
            date: str_of(&m[1], "date")?,
            team,
            heading: str_of(&d[2], "heading")?,
            anchor: str_of(&d[3], "anchor")?,
            subheadings,
            text: tokens.join(" "),
        });
    }
    Ok(out)
}

/// URLs are left out of the index: they are long, nearly all unique, and rarely what
/// anyone searches minutes for; their link text stays.
fn indexed(token: &str) -> bool {
    !(crate::markdown::links::has_scheme_separator(token) || token.starts_with("www."))
}

/// Number of vocabulary entries whose codes are at most two characters long; the
/// rest are three or more whatever their order, so they are sorted and front-coded.
const SHORT_CODES: usize = HALF + HALF * HALF;

/// Rare tokens, sorted, each as one character giving how many characters (not bytes,
/// at most 91) it shares with the previous token, then the rest; separated by spaces.
fn front_code(sorted: &[&str]) -> String {
    let mut out = String::new();
    let mut prev = "";
    for (i, t) in sorted.iter().enumerate() {
        let shared = prev
            .chars()
            .zip(t.chars())
            .take_while(|(a, b)| a == b)
            .count()
            .min(ALPHABET.len() - 1);
        let rest = t.char_indices().nth(shared).map_or("", |(k, _)| &t[k..]);
        if i > 0 {
            out.push(' ');
        }
        out.push(ALPHABET[shared] as char);
        out.push_str(rest);
        prev = t;
    }
    out
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
        let mut tokens: Vec<&'a str> = Vec::new();
        let mut subheadings = Vec::new();
        for i in which {
            let b = &p.blocks[i];
            let start = tokens.len();
            // Block text is collapsed to single spaces already, so its spaces bound the
            // number of tokens: room for them at once rather than by doubling.
            tokens.reserve(b.text.bytes().filter(|&c| c == b' ').count() + 1);
            tokens.extend(b.text.split(' ').filter(|t| !t.is_empty() && indexed(t)));
            let n = tokens.len() - start;
            if let Some(h) = b.heading.as_ref().filter(|_| n > 0) {
                // Most anchors are the plain slug of the heading's text; the browser
                // derives those itself and only the others are stored.
                let derivable = h.text.is_ascii()
                    && h.text.split_whitespace().all(indexed)
                    && crate::model::slug::slugify(&h.text) == h.id;
                subheadings.push((start, n, if derivable { "" } else { h.id.as_str() }));
            }
        }
        (tokens, subheadings)
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
    let (tokens, subheadings) = doc_of(&mut (0..p.blocks.len()).filter(|&i| !in_section[i]));
    if !tokens.is_empty() || p.sections.is_empty() {
        docs.push(Doc {
            meeting: mi,
            team: series_team,
            heading: &m.title,
            anchor: "",
            subheadings,
            tokens,
            flags: flags_of(&|b| !in_section[b]),
        });
    }
    for (k, s) in p.sections.iter().enumerate() {
        let (tokens, subheadings) = doc_of(&mut s.body.iter().copied());
        docs.push(Doc {
            meeting: mi,
            team: Some(m.section_teams[k]),
            heading: &s.heading,
            anchor: &s.anchor,
            subheadings,
            tokens,
            flags: flags_of(&|b| s.body.contains(&b)),
        });
    }
    docs
}

/// Builds the index as JSON, with its sizes.
pub fn build(archive: &Archive, urls: &Urls, people: &People) -> (String, IndexStats) {
    let (json, docs) = build_json_and_count(archive, urls, people);
    let stats = IndexStats {
        docs,
        raw_bytes: json.len(),
        markdown_bytes: archive.meetings.iter().map(|m| m.parsed.text_len).sum(),
    };
    (json, stats)
}

fn build_json_and_count(archive: &Archive, urls: &Urls, people: &People) -> (String, usize) {
    let docs = collect_docs(archive);
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
    // Counted in parallel, one map per worker, merged.
    let freq: FxHashMap<&str, usize> = docs
        .par_iter()
        .fold(FxHashMap::default, |mut f, d| {
            for t in &d.tokens {
                *f.entry(*t).or_insert(0) += 1;
            }
            f
        })
        .reduce(FxHashMap::default, |mut a, b| {
            let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            for (t, n) in small {
                *big.entry(t).or_insert(0) += n;
            }
            a = big;
            a
        });
    let mut vocab: Vec<(&str, usize)> = freq.into_iter().collect();
    // Most frequent first gets the shortest codes; ties by text keep builds reproducible.
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let split = vocab.len().min(SHORT_CODES);
    let mut rare: Vec<&str> = vocab[split..].iter().map(|(t, _)| *t).collect();
    rare.sort_unstable();
    let ordered: Vec<&str> = vocab[..split]
        .iter()
        .map(|(t, _)| *t)
        .chain(rare.iter().copied())
        .collect();
    let id: FxHashMap<&str, usize> = ordered.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let words = ordered[..split].join(" ");
    let rare = front_code(&rare);

    let encoded: Vec<EncodedDoc> = docs
        .par_iter()
        .map(|d| {
            let mut code = String::with_capacity(d.tokens.len() * 2);
            for t in &d.tokens {
                encode_number(id[t], &mut code);
            }
            let mut spans = String::new();
            for (start, len, _) in &d.subheadings {
                encode_number(*start, &mut spans);
                encode_number(*len, &mut spans);
            }
            let anchors = d
                .subheadings
                .iter()
                .map(|(_, _, a)| *a)
                .collect::<Vec<_>>()
                .join(" ");
            (
                d.meeting,
                d.team.map_or(-1, |t| t as i64),
                d.heading,
                d.anchor,
                spans,
                code,
                anchors,
                d.flags,
            )
        })
        .collect();
    let file = IndexFile {
        v: 1,
        words,
        rare,
        teams: archive
            .teams
            .iter()
            .map(|t| (t.name.as_str(), t.slug.as_str()))
            .collect(),
        series: archive
            .series
            .iter()
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
        meetings: archive
            .meetings
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let series = archive.series_of(i);
                (
                    series,
                    m.date().format("%Y-%m-%d").to_string(),
                    m.title.as_str(),
                    urls.meeting(&m.source.series, &m.source.stem),
                    present.get(&i).cloned().unwrap_or_default(),
                )
            })
            .collect(),
        docs: encoded,
    };
    let json = serde_json::to_string(&file).expect("plain data serializes");
    (json, docs.len())
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

    #[test]
    fn front_coding_round_trips_unicode_and_long_prefixes() {
        let long_a = format!("{}a", "x".repeat(120));
        let long_b = format!("{}b", "x".repeat(120));
        let tokens = [
            "Straße", "Straßen", "Stück", "Stücke", "zuul", "zuul,", &long_a, &long_b,
        ];
        let mut sorted = tokens.to_vec();
        sorted.sort_unstable();
        assert_eq!(front_decode(&front_code(&sorted)).unwrap(), sorted);
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
        let (json, stats) = build(&a, &Urls::new("/sub/"), &People::default());
        let docs = read_index(&json).unwrap();
        // The weekly's own part, its two sections, the Ops meeting.
        assert_eq!(docs.len(), 4, "{json}");
        assert_eq!(stats.docs, 4);
        assert_eq!(stats.raw_bytes, json.len());
        assert!(stats.markdown_bytes > 0);
        assert!(gzip_len(json.as_bytes()) > 0);

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
        let raw: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(raw["docs"][1][6], " grosse-umlaut");

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
        assert!(read_index("{").unwrap_err().contains("not JSON"));
        assert!(read_index("{}")
            .unwrap_err()
            .contains("malformed search index"));
        let bad = r##"{"words":"a","rare":"","teams":[],"series":[],"meetings":[[0,"d","t","/"]],"docs":[[0,-1,"h","","","#",""]]}"##;
        assert!(read_index(bad).unwrap_err().contains("token id"));
    }

    #[test]
    fn scs_index_stays_within_budget() {
        let Some(site) = scs_site() else { return };
        let (json, stats) = build(&site.archive, &site.urls, &site.people());
        eprintln!(
            "SCS search index: {} docs, {} bytes raw, {} gzip, {:.1}% of {} bytes markdown",
            stats.docs,
            stats.raw_bytes,
            gzip_len(json.as_bytes()),
            stats.percent_of_markdown(),
            stats.markdown_bytes
        );
        assert!(
            stats.percent_of_markdown() <= 40.0,
            "index is {:.1}% of the markdown",
            stats.percent_of_markdown()
        );
        let docs = read_index(&json).unwrap();
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
