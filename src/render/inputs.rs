//! What pages are rendered from, and a note of what each page read.
//!
//! Page contexts never hold the archive itself: they read it through a [`Reader`],
//! which notes every meeting, team timeline and topic list a page touches. `serve`
//! keeps each page's notes and, after an edit, looks again at exactly the pages that
//! read something that changed, so a field added to any context cannot make `serve`
//! differ from a cold `build`.
//!
//! Facts that only a full rebuild can change are read without a note: a meeting's
//! place (series, stem, date and so its URL, its neighbours in the series), the lists
//! of weeks and series, and a team's name, slug and description. `serve` rebuilds
//! everything when the set of pages or any team's name, slug or split changes.

use std::cell::RefCell;

use crate::markdown::outcomes::Outcome;
use crate::model::actions::{Actions, Rules};
use crate::model::archive::{Archive, Meeting, Series, TeamEntry, Week};
use crate::model::derived::Derived;
use crate::model::issues::Issues;
use crate::model::people::{People, Person};
use crate::model::topics::Topic;
use crate::source::walk::SourceFile;

/// One thing a page can read that an edit can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// A meeting's content: title, parsed text, sections and their teams.
    Meeting(usize),
    /// A meeting's title, as links to it show it.
    Title(usize),
    /// A meeting's outline: its sections' anchors and teams, as links into it use them.
    Outline(usize),
    /// A meeting's headings: their anchors and the blocks they head, which place a
    /// mention or an outcome on the meeting page.
    Headings(usize),
    /// Everyone the minutes name, with the meetings each attended or took minutes of.
    People,
    /// Who is who: each person's name and page, as links to people show them.
    Directory,
    /// Every meeting's decisions and action items, with where they sit (title,
    /// section anchors and teams).
    Outcomes,
    /// Every issue thread, with its mentions and where they sit.
    Issues,
    /// A team's timeline: which meetings and sections are its entries.
    Timeline(usize),
    /// A team's recurring topics.
    Topics(usize),
}

/// The model one renderer works from: the archive and what is derived from it.
#[derive(Clone, Copy)]
pub(crate) struct RenderModel<'a> {
    archive: &'a Archive,
    topics: &'a [Vec<Topic>],
    people: &'a People,
    issues: &'a Issues,
}

impl<'a> RenderModel<'a> {
    pub(crate) fn new(archive: &'a Archive, derived: &'a Derived) -> Self {
        RenderModel {
            archive,
            topics: &derived.topics,
            people: &derived.people,
            issues: &derived.issues,
        }
    }

    /// Everyone the minutes name, without a note: for files built beside the pages.
    pub(crate) fn all_people(&self) -> &'a People {
        self.people
    }

    /// Number of people (one page each). When it changes, so does the set of pages.
    pub(crate) fn person_count(&self) -> usize {
        self.people.list.len()
    }

    /// Person `p`'s slug. Slugs are part of the set of pages: `serve` rebuilds
    /// everything when one changes.
    pub(crate) fn person_slug(&self, p: usize) -> &'a str {
        &self.people.list[p].slug
    }

    /// A reader for one page, with an empty note.
    pub(crate) fn reader(&self) -> Reader<'a> {
        Reader {
            model: *self,
            read: RefCell::new(Vec::new()),
        }
    }

    /// Where meeting `i` sits: series, stem, date. Fixed until a full rebuild.
    pub(crate) fn place(&self, i: usize) -> &'a SourceFile {
        &self.archive.meetings[i].source
    }

    /// Number of meetings.
    pub(crate) fn meeting_count(&self) -> usize {
        self.archive.meetings.len()
    }

    /// ISO weeks with meetings, oldest first.
    pub(crate) fn weeks(&self) -> &'a [Week] {
        &self.archive.weeks
    }

    /// Series, by name.
    pub(crate) fn series(&self) -> &'a [Series] {
        &self.archive.series
    }

    /// Index of meeting `i`'s series.
    pub(crate) fn series_of(&self, i: usize) -> usize {
        self.archive.series_of(i)
    }

    /// Number of teams.
    pub(crate) fn team_count(&self) -> usize {
        self.archive.teams.len()
    }

    /// A team's name, slug and description.
    pub(crate) fn team(&self, t: usize) -> (&'a str, &'a str, &'a str) {
        let team = &self.archive.teams[t];
        (&team.name, &team.slug, &team.description)
    }

    /// Whether a team's timeline has a page per year (more than `split` entries, or
    /// more notes than a page holds). When this changes, so does the set of pages, and
    /// `serve` rebuilds everything.
    pub(crate) fn split_by_year(&self, t: usize, split: usize) -> bool {
        self.archive.teams[t].split_by_year(&self.archive.meetings, split)
    }

    /// The parts each year of a team's timeline is shown in ([`Team::year_parts`]).
    /// When they change, so does the set of pages, and `serve` rebuilds everything.
    ///
    /// [`Team::year_parts`]: crate::model::archive::Team::year_parts
    pub(crate) fn year_parts(&self, t: usize) -> Vec<crate::model::archive::YearParts> {
        self.archive.teams[t].year_parts(&self.archive.meetings)
    }

    /// Whether a team has recurring topics (whether it has a topics page).
    pub(crate) fn has_topics(&self, t: usize) -> bool {
        !self.topics[t].is_empty()
    }

    /// The newest meeting of an all-teams series, else the newest meeting.
    pub(crate) fn latest(&self) -> Option<usize> {
        let a = self.archive;
        a.latest_all_teams()
            .or_else(|| a.meetings.len().checked_sub(1))
    }
}

/// The archive as one page reads it: every read of something an edit can change is
/// noted.
pub(crate) struct Reader<'a> {
    model: RenderModel<'a>,
    read: RefCell<Vec<Input>>,
}

impl<'a> Reader<'a> {
    fn note(&self, input: Input) {
        self.read.borrow_mut().push(input);
    }

    /// Meeting `i`, noted.
    pub(crate) fn meeting(&self, i: usize) -> &'a Meeting {
        self.note(Input::Meeting(i));
        &self.model.archive.meetings[i]
    }

    /// Meeting `i`'s title, noted.
    pub(crate) fn title(&self, i: usize) -> &'a str {
        self.note(Input::Title(i));
        &self.model.archive.meetings[i].title
    }

    /// Meeting `i`'s outline, noted.
    pub(crate) fn outline(&self, i: usize) -> Outline<'a> {
        self.note(Input::Outline(i));
        Outline(&self.model.archive.meetings[i])
    }

    /// Every meeting's decisions and action items, in meeting order, noted as one
    /// read.
    pub(crate) fn outcomes(&self) -> impl Iterator<Item = (usize, &'a Outcome)> {
        self.note(Input::Outcomes);
        let meetings = &self.model.archive.meetings;
        (meetings.iter().enumerate())
            .flat_map(|(i, m)| m.parsed.outcomes.iter().map(move |o| (i, o)))
    }

    /// Every action item followed across meetings ([`Actions::of`]), worked out once
    /// into `cache` for all pages of one renderer. Noted as a read of every meeting's
    /// outcomes (with where they sit) and of who is who (an owner's spellings): an edit
    /// to either can change any item's mentions or state. The rest they are made of,
    /// the meetings of each series, changes only with a full rebuild.
    pub(crate) fn actions<'c>(
        &self,
        cache: &'c std::sync::OnceLock<Actions>,
        rules: Rules,
    ) -> &'c Actions {
        self.note(Input::Outcomes);
        self.note(Input::Directory);
        let s = &self.model;
        cache.get_or_init(|| Actions::of(s.archive, s.people, rules))
    }

    /// Outcome `k` of meeting `i`, noted as a read of every meeting's outcomes.
    pub(crate) fn outcome(&self, i: usize, k: usize) -> &'a Outcome {
        self.note(Input::Outcomes);
        &self.model.archive.meetings[i].parsed.outcomes[k]
    }

    /// Where outcome `o` of meeting `i` sits: the anchor of the heading above it (if
    /// any) and the team whose section holds it (if any). Noted as a read of the
    /// meeting's headings and outline.
    pub(crate) fn outcome_place(&self, i: usize, o: &Outcome) -> (Option<&'a str>, Option<usize>) {
        self.note(Input::Headings(i));
        self.note(Input::Outline(i));
        let m = &self.model.archive.meetings[i];
        let anchor = (m.parsed.blocks[..o.block].iter().rev())
            .find_map(|b| b.heading.as_ref().map(|h| h.id.as_str()));
        let team = (m.parsed.sections.iter().zip(&m.section_teams))
            .find(|(s, _)| s.body.contains(&o.block))
            .map(|(_, &t)| t)
            .or(self.model.archive.series[self.model.archive.series_of(i)].team);
        (anchor, team)
    }

    /// Every issue thread, noted.
    pub(crate) fn issues(&self) -> &'a Issues {
        self.note(Input::Issues);
        self.model.issues
    }

    /// The anchor of the heading at or above block `block` of meeting `i`: where a
    /// mention sits. Noted as a read of the meeting's headings.
    pub(crate) fn heading_above(&self, i: usize, block: usize) -> Option<&'a str> {
        self.note(Input::Headings(i));
        let blocks = &self.model.archive.meetings[i].parsed.blocks;
        (blocks[..=block.min(blocks.len().saturating_sub(1))]
            .iter()
            .rev())
        .find_map(|b| b.heading.as_ref().map(|h| h.id.as_str()))
    }

    /// The heading (anchor and text) at or above block `block` of meeting `i`: the topic
    /// a speaker spoke on. Noted as a read of the meeting's headings.
    pub(crate) fn topic_above(&self, i: usize, block: usize) -> Option<(&'a str, &'a str)> {
        self.note(Input::Headings(i));
        let blocks = &self.model.archive.meetings[i].parsed.blocks;
        (blocks[..=block.min(blocks.len().saturating_sub(1))]
            .iter()
            .rev())
        .find_map(|b| b.heading.as_ref().map(|h| (h.id.as_str(), h.text.as_str())))
    }

    /// Everyone, with their meetings, noted.
    pub(crate) fn people(&self) -> &'a People {
        self.note(Input::People);
        self.model.people
    }

    /// The person a name or handle stands for (their name and slug), noted as a read
    /// of who is who.
    pub(crate) fn person(&self, name: &str) -> Option<&'a Person> {
        self.note(Input::Directory);
        self.model.people.find(name)
    }

    /// A team's entries, newest first, noted.
    pub(crate) fn entries(&self, t: usize) -> &'a [TeamEntry] {
        self.note(Input::Timeline(t));
        &self.model.archive.teams[t].entries
    }

    /// A team's recurring topics, noted.
    pub(crate) fn topics(&self, t: usize) -> &'a [Topic] {
        self.note(Input::Topics(t));
        &self.model.topics[t]
    }

    /// Notes a read of a team's timeline and topics made through a cache built from
    /// them.
    pub(crate) fn note_timeline(&self, t: usize) {
        self.note(Input::Timeline(t));
        self.note(Input::Topics(t));
    }

    /// What the page read, sorted, each once.
    pub(crate) fn into_reads(self) -> Vec<Input> {
        let mut read = self.read.into_inner();
        read.sort_unstable();
        read.dedup();
        read
    }
}

/// A meeting's sections as links into it see them: anchors and teams.
#[derive(Clone, Copy)]
pub(crate) struct Outline<'a>(&'a Meeting);

impl<'a> Outline<'a> {
    /// Section `k`'s anchor on the meeting page.
    pub(crate) fn anchor(&self, k: usize) -> &'a str {
        &self.0.parsed.sections[k].anchor
    }

    /// Each section's team.
    pub(crate) fn teams(&self) -> &'a [usize] {
        &self.0.section_teams
    }
}
