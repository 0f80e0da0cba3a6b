//! Scribes: who took the minutes, from the `Minutes: NAME` lines the parser found.

use std::collections::HashMap;

use crate::model::slug::{slugify_or, Unique};

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

/// Names in a line that says who took the minutes: a label mentioning minutes
/// (`Minutes`, `Responsible for the minutes is`, `minute taking`, `Transfer of
/// minutes`) before a colon, then one or several names (`A, B and C`, `@a / @b`).
/// What does not look like a name is left out: "None yet", "n/a", links to the
/// minutes, sentences ("may be published later").
pub fn scribes_in_line(line: &str) -> Vec<String> {
    let Some((label, rest)) = line.split_once(':') else {
        return Vec::new();
    };
    // A colon inside an open parenthesis ("minutes (AI: POs)") ends no label.
    if label.matches('(').count() != label.matches(')').count() {
        return Vec::new();
    }
    let label = strip_parentheses(label).to_lowercase();
    let lower_rest = rest.to_lowercase();
    if !label.contains("minute")
        || label.split_whitespace().count() > 8
        || ["://", "github", ".md"]
            .iter()
            .any(|x| lower_rest.contains(x))
    {
        return Vec::new();
    }
    // "(writing and transfer to github)" and the like are remarks, not names.
    let rest = strip_parentheses(rest);
    let mut names = Vec::new();
    for part in rest
        .split([',', ';', '&', '/'])
        .flat_map(|p| p.split(" and "))
    {
        let name = part.trim().trim_end_matches(['.', '!']).trim();
        if is_name(name) && !names.iter().any(|n: &String| n == name) {
            names.push(name.to_string());
        }
    }
    names
}

fn strip_parentheses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// One to four words, each a handle or capitalised (lower-case particles like "van"
/// allowed after the first), and not a placeholder.
fn is_name(name: &str) -> bool {
    const PLACEHOLDERS: &[&str] = &[
        "none", "nobody", "tbd", "n/a", "na", "tba", "todo", "unknown", "missing",
    ];
    const PARTICLES: &[&str] = &[
        "van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "zu",
    ];
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || name.chars().count() > 40 {
        return false;
    }
    if PLACEHOLDERS.contains(&name.to_lowercase().as_str()) {
        return false;
    }
    words.iter().enumerate().all(|(i, w)| {
        let first = w.chars().next().unwrap_or(' ');
        let handle = first == '@' && w.len() > 1;
        (handle || first.is_uppercase() || (i > 0 && PARTICLES.contains(w)))
            && !PLACEHOLDERS.contains(&w.to_lowercase().trim_end_matches(['.', '?']))
    })
}

/// Names compare without case and a leading `@`, so `@Ana` and `ana` are one person.
fn person_key(name: &str) -> String {
    name.trim().trim_start_matches('@').to_lowercase()
}

/// Every scribe, most meetings first, then by name.
pub fn scribes<'a>(lists: impl Iterator<Item = &'a [String]>) -> Vec<Scribe> {
    let mut by_key: HashMap<String, (HashMap<&str, usize>, Vec<usize>)> = HashMap::new();
    for (i, names) in lists.enumerate() {
        for name in names {
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
            Scribe {
                name,
                anchor: String::new(),
                meetings,
            }
        })
        .collect();
    list.sort_by(|a, b| {
        b.meetings
            .len()
            .cmp(&a.meetings.len())
            .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let mut unique = Unique::new(2);
    for s in &mut list {
        s.anchor = unique.claim(slugify_or(&person_key(&s.name), "person"));
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{archive, scs_site};

    #[test]
    fn names_from_minute_lines() {
        assert_eq!(
            scribes_in_line("Minutes: Ana, Bo and Cy"),
            ["Ana", "Bo", "Cy"]
        );
        assert_eq!(
            scribes_in_line("Responsible for the minutes is: @o-otte"),
            ["@o-otte"]
        );
        assert_eq!(
            scribes_in_line("Responsible for the minutes (writing and transfer to github): @fkr"),
            ["@fkr"]
        );
        assert_eq!(scribes_in_line("minute taking: @a / @b."), ["@a", "@b"]);
        assert_eq!(scribes_in_line("Minutes: Jan van Dijk"), ["Jan van Dijk"]);
        assert_eq!(
            scribes_in_line("Transfer to minutes repo and community call reporting: @reqa"),
            ["@reqa"]
        );
        for none in [
            "Minutes: None yet",
            "Minutes: none yet?",
            "Minutes: (none yet)",
            "Minutes: not available yet: https://github.com/x/minutes/pull/96",
            "Minutes: https://github.com/SovereignCloudStack/minutes/blob/main/iaas/20221116.md",
            "Minutes: may be published later, waiting for clearance.",
            "Minutes: n/a",
            "Minutes:",
            "Report in the community call will be done by: @o-otte",
            "Minutes not available yet",
            "Minutes: github.com/SovereignCloudStack/minutes",
            "Hedgedoc to be filled from PB and team meet minutes (AI: POs)",
            "We have a 20 minute slot for team Ops topics: 15.40 - 16.00 CEST Team Ops pitch",
        ] {
            assert!(
                scribes_in_line(none).is_empty(),
                "{none}: {:?}",
                scribes_in_line(none)
            );
        }
    }

    #[test]
    fn scribes_are_grouped_across_spellings() {
        let a = archive(
            &[
                ("w", "2023-01-05", "# W\n\n## Meta\n\n- Minutes: @Ana\n"),
                (
                    "w",
                    "2023-01-12",
                    "# W\n\n- Responsible for the minutes is: nobody\n- Minutes: Bo\n",
                ),
                ("w", "2023-01-19", "# W\n\n- minute taking: @ana\n"),
                ("w", "2023-01-26", "# W\n\n- Transfer of minutes: @ana\n"),
            ],
            "",
        );
        let s = scribes(a.meetings.iter().map(|m| m.parsed.scribes.as_slice()));
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].name, "@ana");
        assert_eq!(s[0].meetings, [0, 2, 3]);
        assert_eq!(s[0].anchor, "ana");
        assert_eq!(s[1].name, "Bo");
    }

    #[test]
    fn scs_scribes_are_people() {
        let Some(site) = scs_site() else { return };
        let s = scribes(
            site.archive
                .meetings
                .iter()
                .map(|m| m.parsed.scribes.as_slice()),
        );
        let names: Vec<&str> = s.iter().map(|p| p.name.as_str()).collect();
        assert!(names.len() >= 10, "{names:?}");
        for junk in ["github.com", "blob", "main", "None", "pull"] {
            assert!(
                !names.iter().any(|n| n.eq_ignore_ascii_case(junk)),
                "{junk} in {names:?}"
            );
        }
        assert!(names.contains(&"Jonas"), "{names:?}");
        let total: usize = s.iter().map(|p| p.meetings.len()).sum();
        assert!(total >= 200, "only {total} scribe credits: {names:?}");
    }
}
