//! Scribes: who took the minutes, from the `Minutes: NAME` lines the parser found.

use std::collections::HashMap;

use crate::model::Archive;
use crate::slug::slugify_or;

/// One person who took minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scribe {
    /// The most common spelling of the name.
    pub name: String,
    /// Anchor on the people page, unique.
    pub anchor: String,
    /// Meetings they took minutes of, oldest first.
    pub meetings: Vec<usize>,
}

/// Names compare without case and a leading `@`, so `@Ana` and `ana` are one person.
fn person_key(name: &str) -> String {
    name.trim().trim_start_matches('@').to_lowercase()
}

/// Every scribe, most meetings first, then by name.
pub fn scribes(archive: &Archive) -> Vec<Scribe> {
    let mut by_key: HashMap<String, (HashMap<&str, usize>, Vec<usize>)> = HashMap::new();
    for (i, m) in archive.meetings.iter().enumerate() {
        for name in &m.parsed.scribes {
            let e = by_key.entry(person_key(name)).or_default();
            *e.0.entry(name.as_str()).or_insert(0) += 1;
            if e.1.last() != Some(&i) {
                e.1.push(i);
            }
        }
    }
    let mut list: Vec<Scribe> = by_key
        .into_values()
        .map(|(spellings, meetings)| {
            let name = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map(|(n, _)| n.to_string())
                .unwrap_or_default();
            Scribe { name, anchor: String::new(), meetings }
        })
        .collect();
    list.sort_by(|a, b| {
        b.meetings.len().cmp(&a.meetings.len()).then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let mut used: HashMap<String, usize> = HashMap::new();
    for s in &mut list {
        let base = slugify_or(&person_key(&s.name), "person");
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        s.anchor = if *n == 1 { base } else { format!("{base}-{n}") };
    }
    list
}
