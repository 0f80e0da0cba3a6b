//! A meeting's own page: the minutes in full, with its series, week and neighbours.

use super::views::title_has_date;
use super::{Cx, Vars};

impl Cx<'_, '_> {
    /// Fills in the meeting page's variables; returns the page title.
    pub(super) fn meeting_context(&self, vars: &mut Vars, i: usize) -> String {
        let (title, date) = (&self.read.meeting(i).title, &self.r.dates[i]);
        let title = match title_has_date(title, date) {
            true => title.clone(),
            false => format!("{title} ({date})"),
        };
        vars.insert("meeting", &self.meeting_view(i));
        title
    }
}
