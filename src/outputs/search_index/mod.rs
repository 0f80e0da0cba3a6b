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

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::actions::{Actions, Rules, State};
use crate::model::archive::Archive;
use crate::model::people::People;
use crate::urls::Urls;

mod codec;
mod documents;
mod postings;
mod shards;

pub use codec::{read_index, IndexedDoc};

use documents::{collect_docs, words_of, Doc};
use postings::{doc_postings, encode_postings, DocPostings};
use shards::{manifest, text_shards, WordShard};

/// Raw bytes of postings after which a word shard is closed: about 7 KB gzip (word
/// positions compress poorly), so a query of a few words fetches a few tens of KB
/// however large the archive, unless a word's own postings are larger.
pub(super) const WORD_SHARD_BYTES: usize = 10_000;
/// Raw bytes of text after which a text shard is closed (at a meeting's end): about
/// 4.5 KB gzip, a few meetings, so showing 10 results fetches about 50 KB of text.
pub(super) const TEXT_SHARD_BYTES: usize = 8_000;

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

/// Size of `bytes` after gzip at the default level (what a static server usually
/// sends). A compression pass over the whole index: `build --verbose` reports it.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").len()
}

#[cfg(test)]
mod tests {
    use super::codec::{decode_numbers, encode_number, HALF};
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
        let (files, stats) = build(
            &site.archive,
            &site.urls,
            &crate::model::derived::people_of(&site.archive, &site.config),
            rules,
        );
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
