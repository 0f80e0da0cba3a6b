//! What pages show beyond the meetings themselves, worked out from the whole archive:
//! each team's topic threads, the people, the issue threads. Computed once per build
//! (and kept by `serve`, which recomputes only what an edit changed) and handed to the
//! renderer as one value.

use crate::model::archive::Archive;
use crate::model::issues::Issues;
use crate::model::people::People;
use crate::model::topics::{all_topics, Topic};
use crate::source::config::Config;

/// Topics, people and issue threads of one archive.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// Each team's topic threads, by team index.
    pub topics: Vec<Vec<Topic>>,
    /// Everyone the minutes name.
    pub people: People,
    /// Issues and pull requests followed across meetings.
    pub issues: Issues,
}

impl Derived {
    /// Everything, for `archive` with the person aliases of `config`.
    pub fn of(archive: &Archive, config: &Config) -> Derived {
        Derived::with_people(archive, people_of(archive, config))
    }

    /// Everything, given the people: `build` makes them first, writes the search index
    /// (which lists them) and frees its memory before the topics take theirs.
    pub fn with_people(archive: &Archive, people: People) -> Derived {
        Derived {
            topics: all_topics(archive),
            people,
            issues: Issues::of(&archive.meetings),
        }
    }
}

/// Everyone `archive` names, folded with the aliases of `config`.
pub fn people_of(archive: &Archive, config: &Config) -> People {
    People::of(&archive.meetings, &config.person_aliases())
}
