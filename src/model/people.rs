//! People: who was at each meeting (the attendance the parser found), who took the
//! minutes (`Minutes: NAME` lines) and who owns action items, one person per handle or
//! normalised name.
//!
//! Names are the same person when they are equal without case, accents and a leading
//! `@`; `Name (@handle)` joins a name to a handle, and `[[people]]` entries in
//! `site.toml` join any other spellings (`aliases`).
//!
//! Who spoke: an author tag (`[name=Alice]`) names its person; a speaker turn
//! (`ABC: …`) counts when `ABC` is an abbreviation an attendee table of any meeting
//! defines, or the name of one of that meeting's attendees.

use std::collections::HashMap;

use crate::markdown::outcomes::OutcomeKind;
use crate::model::archive::Meeting;
use crate::text::slug::{slugify_or, Unique};

/// Names compare without case, accents, extra spaces and a leading `@`, so `@Ana`,
/// `ana` and `Aña` are one person.
fn person_key(name: &str) -> String {
    let plain = deunicode::deunicode(name.trim().trim_start_matches('@'));
    plain
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One person the minutes name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The most common spelling of the name (a `@handle` when only that is known).
    pub name: String,
    /// The most common handle, without `@`.
    pub handle: Option<String>,
    /// URL slug, unique.
    pub slug: String,
    /// Meetings they attended, oldest first.
    pub attended: Vec<usize>,
    /// Meetings they took the minutes of, oldest first.
    pub minutes: Vec<usize>,
    /// Meetings that gave them an action item, oldest first.
    pub actions: Vec<usize>,
    /// Their most often written organisation.
    pub affiliation: Option<String>,
    /// Meetings they spoke at, oldest first, each with the blocks where they did.
    pub spoke: Vec<(usize, Vec<usize>)>,
}

/// Everyone the minutes name, and who is who.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct People {
    /// By name (and so by slug): a person's index moves only when someone is added
    /// or goes.
    pub list: Vec<Person>,
    /// Index into `list` of each normalised name and handle.
    by_key: HashMap<String, usize>,
}

impl People {
    /// The people of `meetings`, with `aliases` (each a list of spellings of one
    /// person) joining names the minutes spell differently.
    pub fn of(meetings: &[Meeting], aliases: &[Vec<String>]) -> People {
        let mut keys = Keys::default();
        // Abbreviation (as written) -> the name key it stands for, first definition.
        let mut abbreviations: HashMap<String, String> = HashMap::new();
        for group in aliases {
            for pair in group.windows(2) {
                keys.join(&person_key(&pair[0]), &person_key(&pair[1]));
            }
        }
        for a in meetings.iter().flat_map(|m| &m.parsed.attendees) {
            if let Some(abbr) = &a.abbreviation {
                abbreviations
                    .entry(abbr.clone())
                    .or_insert_with(|| person_key(&a.name));
            }
        }
        // An owner written as an abbreviation (`JB to poke the reps`) is its person.
        let owner_key =
            |owner: &str| (abbreviations.get(owner).cloned()).unwrap_or_else(|| person_key(owner));
        for m in meetings {
            for a in &m.parsed.attendees {
                let name = keys.id(&person_key(&a.name));
                if let Some(h) = &a.handle {
                    let handle = keys.id(&person_key(h));
                    keys.union(name, handle);
                }
            }
            for s in &m.parsed.scribes {
                keys.id(&person_key(s));
            }
            for owner in action_owners(m) {
                keys.id(&owner_key(owner));
            }
            for t in m.parsed.turns.iter().filter(|t| t.tagged) {
                keys.id(&person_key(&t.who));
            }
        }
        // Per group: spellings of the name and the handle, and the meetings.
        let mut groups: HashMap<usize, PersonSoFar> = HashMap::new();
        for (i, m) in meetings.iter().enumerate() {
            for a in &m.parsed.attendees {
                let g = groups
                    .entry(keys.find_key(&person_key(&a.name)))
                    .or_default();
                g.spell(&a.name, a.handle.as_deref());
                if let Some(org) = &a.affiliation {
                    *g.affiliations.entry(org.clone()).or_insert(0) += 1;
                }
                push_once(&mut g.attended, i);
            }
            for t in &m.parsed.turns {
                let key = if t.tagged {
                    person_key(&t.who)
                } else if let Some(k) = abbreviations.get(&t.who) {
                    k.clone()
                } else {
                    let key = person_key(&t.who);
                    let present = m
                        .parsed
                        .attendees
                        .iter()
                        .any(|a| person_key(&a.name) == key);
                    if !present {
                        continue;
                    }
                    key
                };
                let g = groups.entry(keys.find_key(&key)).or_default();
                if t.tagged {
                    g.spell(&t.who, None);
                }
                match g.spoke.last_mut() {
                    Some((m, blocks)) if *m == i => {
                        if !blocks.contains(&t.block) {
                            blocks.push(t.block);
                        }
                    }
                    _ => g.spoke.push((i, vec![t.block])),
                }
            }
            for s in &m.parsed.scribes {
                let g = groups.entry(keys.find_key(&person_key(s))).or_default();
                g.spell(s, None);
                push_once(&mut g.minutes, i);
            }
            for owner in action_owners(m) {
                let key = owner_key(owner);
                let abbreviated = key != person_key(owner);
                let g = groups.entry(keys.find_key(&key)).or_default();
                if !abbreviated {
                    g.spell(owner, None);
                }
                push_once(&mut g.actions, i);
            }
        }
        let mut list: Vec<(usize, Person)> = groups
            .into_iter()
            .map(|(root, g)| (root, g.person()))
            .collect();
        // A configured person is shown by the configured name.
        for group in aliases {
            if let Some(first) = group.first() {
                let root = keys.find_key(&person_key(first));
                if let Some((_, p)) = list.iter_mut().find(|(r, _)| *r == root) {
                    p.name = first.clone();
                }
            }
        }
        // Slugs in alphabetical order, so that they do not move as counts change.
        list.sort_by(|a, b| {
            (a.1.name.to_lowercase(), &a.1.name).cmp(&(b.1.name.to_lowercase(), &b.1.name))
        });
        let mut unique = Unique::new(2);
        for (_, p) in &mut list {
            p.slug = unique.claim(slugify_or(&person_key(&p.name), "person"));
        }
        let root_index: HashMap<usize, usize> =
            list.iter().enumerate().map(|(i, (r, _))| (*r, i)).collect();
        let names: Vec<(String, usize)> =
            keys.names.iter().map(|(k, &id)| (k.clone(), id)).collect();
        // Aliases nobody used belong to no one.
        let mut by_key: HashMap<String, usize> = (names.into_iter())
            .filter_map(|(k, id)| root_index.get(&keys.find(id)).map(|&i| (k, i)))
            .collect();
        // An abbreviation finds its person (an owner `KM`), unless it is a name itself.
        for (abbr, key) in &abbreviations {
            if let Some(&i) = by_key.get(key) {
                by_key.entry(person_key(abbr)).or_insert(i);
            }
        }
        People {
            list: list.into_iter().map(|(_, p)| p).collect(),
            by_key,
        }
    }

    /// The person a name or handle (as written) stands for.
    pub fn find(&self, name: &str) -> Option<&Person> {
        self.by_key.get(&person_key(name)).map(|&i| &self.list[i])
    }

    /// Whether both know the same names and handles for the same people.
    pub fn same_keys(&self, other: &People) -> bool {
        self.by_key == other.by_key
    }
}

/// Owners of a meeting's action items, as written.
fn action_owners(m: &Meeting) -> impl Iterator<Item = &str> {
    m.parsed.outcomes.iter().filter_map(|o| match &o.kind {
        OutcomeKind::Action { owner, .. } => owner.as_deref(),
        OutcomeKind::Decision => None,
    })
}

fn push_once(list: &mut Vec<usize>, i: usize) {
    if list.last() != Some(&i) {
        list.push(i);
    }
}

/// Normalised names and handles, joined into people (union-find).
#[derive(Default)]
struct Keys {
    names: HashMap<String, usize>,
    parent: Vec<usize>,
}

impl Keys {
    fn id(&mut self, key: &str) -> usize {
        if let Some(&i) = self.names.get(key) {
            return i;
        }
        let i = self.parent.len();
        self.parent.push(i);
        self.names.insert(key.to_string(), i);
        i
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn find_key(&mut self, key: &str) -> usize {
        let i = self.id(key);
        self.find(i)
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        // The smaller id stays the root, so the result does not depend on order.
        let (keep, join) = if a < b { (a, b) } else { (b, a) };
        self.parent[join] = keep;
    }

    fn join(&mut self, a: &str, b: &str) {
        let (a, b) = (self.id(a), self.id(b));
        self.union(a, b);
    }
}

/// What is known of one person while the meetings are read.
#[derive(Default)]
struct PersonSoFar {
    names: HashMap<String, usize>,
    handles: HashMap<String, usize>,
    attended: Vec<usize>,
    minutes: Vec<usize>,
    actions: Vec<usize>,
    affiliations: HashMap<String, usize>,
    spoke: Vec<(usize, Vec<usize>)>,
}

impl PersonSoFar {
    fn spell(&mut self, name: &str, handle: Option<&str>) {
        // A bare `@handle` (or a name equal to the handle) is a handle, not a name.
        let bare = name.starts_with('@') || handle.is_some_and(|h| h == name);
        if bare {
            let h = name.trim_start_matches('@');
            *self.handles.entry(h.to_string()).or_insert(0) += 1;
        } else {
            *self.names.entry(name.to_string()).or_insert(0) += 1;
        }
        if let Some(h) = handle {
            if h != name {
                *self.handles.entry(h.to_string()).or_insert(0) += 1;
            }
        }
    }

    fn person(self) -> Person {
        let most = |m: HashMap<String, usize>| {
            m.into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(n, _)| n)
        };
        let handle = most(self.handles);
        let affiliation = most(self.affiliations);
        // A name that is the handle written without `@` is the handle; a full name
        // ("Ada Lovelace") is shown rather than a more frequent first name ("Ada").
        let mut names = self.names;
        if let Some(h) = &handle {
            names.retain(|n, _| !n.eq_ignore_ascii_case(h));
        }
        let full: HashMap<String, usize> = (names.iter())
            .filter(|(n, _)| n.split_whitespace().count() > 1)
            .map(|(n, c)| (n.clone(), *c))
            .collect();
        let name = (if full.is_empty() {
            most(names)
        } else {
            most(full)
        })
        .or_else(|| handle.as_ref().map(|h| format!("@{h}")))
        .unwrap_or_default();
        Person {
            name,
            handle,
            slug: String::new(),
            attended: self.attended,
            minutes: self.minutes,
            actions: self.actions,
            affiliation,
            spoke: self.spoke,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{archive, scs_site};

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
        let people = People::of(&a.meetings, &[]);
        let s = &people.list;
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].name, "@ana");
        assert_eq!(s[0].minutes, [0, 2, 3]);
        assert_eq!(s[0].slug, "ana");
        assert_eq!(s[1].name, "Bo");
    }

    #[test]
    fn scs_scribes_are_people() {
        let Some(site) = scs_site() else { return };
        let people = People::of(&site.archive.meetings, &[]);
        let s: Vec<&Person> = people
            .list
            .iter()
            .filter(|p| !p.minutes.is_empty())
            .collect();
        let names: Vec<&str> = s.iter().map(|p| p.name.as_str()).collect();
        assert!(names.len() >= 10, "{names:?}");
        for junk in ["github.com", "blob", "main", "None", "pull"] {
            assert!(
                !names.iter().any(|n| n.eq_ignore_ascii_case(junk)),
                "{junk} in {names:?}"
            );
        }
        assert!(names.contains(&"Jonas"), "{names:?}");
        let total: usize = s.iter().map(|p| p.minutes.len()).sum();
        assert!(total >= 200, "only {total} scribe credits: {names:?}");
    }

    #[test]
    fn names_handles_and_aliases_are_one_person() {
        let a = archive(
            &[
                (
                    "w",
                    "2023-01-05",
                    "# W\n\n## Present\n\n- Ana Lopez (@alopez)\n- Bo\n\nMinutes: @alopez\n",
                ),
                (
                    "w",
                    "2023-01-12",
                    "# W\n\n## Attendees\n\n- @ALOPEZ\n- Bö\n- bosco\n",
                ),
                ("w", "2023-01-19", "# W\n\n## Participants\n\n- ana lopez\n"),
            ],
            "",
        );
        let aliases = vec![vec!["Bo".to_string(), "bosco".to_string()]];
        let people = People::of(&a.meetings, &aliases);
        let ana = people.find("@alopez").expect("Ana");
        assert_eq!(ana.name, "Ana Lopez");
        assert_eq!(ana.handle.as_deref(), Some("alopez"));
        assert_eq!(ana.attended, [0, 1, 2]);
        assert_eq!(ana.minutes, [0]);
        // Accents and case fold; the alias joins a nickname.
        let bo = people.find("bosco").expect("Bo");
        assert_eq!(bo.name, "Bo");
        assert_eq!(bo.attended, [0, 1]);
        assert_eq!(people.list.len(), 2, "{:?}", people.list);
    }
}
