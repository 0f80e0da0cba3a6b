//! A meeting's own page: the minutes in full, with its series, week and neighbours.

use crate::source::dates::title_names_date;

use super::{Cx, Vars};

impl Cx<'_, '_> {
    /// Fills in the meeting page's variables; returns the page title.
    pub(super) fn meeting_context(&self, vars: &mut Vars, i: usize) -> String {
        let m = self.read.meeting(i);
        let (title, date) = (&m.title, &self.r.dates[i]);
        let title = match title_names_date(title, m.date()) {
            true => title.clone(),
            false => format!("{title} ({date})"),
        };
        vars.insert("meeting", &self.meeting_view(i));
        title
    }
}
