//! The files a query fetches: the manifest (enough to filter, rank and sort) and the
//! text shards (titles, headings and text of consecutive meetings, for the results
//! shown).

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::codec::encode_number;
use super::documents::Doc;
use super::postings::DocPostings;
use super::TEXT_SHARD_BYTES;
use crate::model::archive::Archive;
use crate::model::people::People;
use crate::urls::Urls;

#[derive(Serialize)]
pub(super) struct WordShard<'a> {
    pub(super) words: String,
    pub(super) post: &'a [String],
}

#[derive(Serialize)]
pub(super) struct Manifest<'a> {
    pub(super) v: u32,
    pub(super) teams: Vec<(&'a str, &'a str)>,
    pub(super) series: Vec<(&'a str, &'a str)>,
    pub(super) people: Vec<(&'a str, &'a str, &'a str)>,
    /// [series, date, people, number of documents]
    pub(super) meetings: Vec<(usize, String, Vec<usize>, usize)>,
    /// Per document: (team + 1) * 16 + flags, then length in words.
    pub(super) docs: String,
    pub(super) words: Vec<&'a str>,
    pub(super) texts: Vec<usize>,
}

pub(super) fn manifest(
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
pub(super) struct TextShard<'a> {
    /// [meeting, title, URL] of the meetings whose documents follow.
    pub(super) meetings: Vec<(usize, &'a str, String)>,
    /// [heading, anchor, tokens, subheading spans, subheading anchors]
    pub(super) docs: Vec<(&'a str, &'a str, String, String, String)>,
}

/// The text shards, and the first document of each. A shard ends at a meeting's end.
pub(super) fn text_shards(
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
