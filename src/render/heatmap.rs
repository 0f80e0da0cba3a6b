//! The activity map on the index page: teams by month, drawn at build time as inline
//! SVG so it needs no JavaScript. Every cell has a text label for screen readers (and a
//! tooltip) and links to the team's page for that year when there is one.

use std::fmt::Write;

/// One row of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Team name.
    pub label: String,
    /// Entries per month, one per month of [`HeatMap::months`].
    pub counts: Vec<usize>,
    /// Link for a cell by year (the team page showing that year), when it exists.
    pub year_urls: Vec<(i32, String)>,
}

/// The whole map as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    /// (year, month 1..=12) of each column, in order.
    pub months: Vec<(i32, u32)>,
    /// Rows, top to bottom.
    pub rows: Vec<Row>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const CELL: usize = 12;
const STEP: usize = 14;
const LABEL_W: usize = 190;
const HEAD_H: usize = 18;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Intensity class 0..=4 relative to the busiest cell.
fn level(count: usize, max: usize) -> usize {
    if count == 0 || max == 0 {
        0
    } else {
        1 + (count * 4 - 1) / max.max(1)
    }
    .min(4)
}

impl HeatMap {
    /// Months from the first to the last date given, inclusive.
    pub fn month_range(first: (i32, u32), last: (i32, u32)) -> Vec<(i32, u32)> {
        let mut out = Vec::new();
        let (mut y, mut m) = first;
        while (y, m) <= last {
            out.push((y, m));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        out
    }

    /// The map as an `<svg>` element.
    pub fn svg(&self) -> String {
        let max = self
            .rows
            .iter()
            .flat_map(|r| r.counts.iter().copied())
            .max()
            .unwrap_or(0);
        let width = LABEL_W + self.months.len() * STEP;
        let height = HEAD_H + self.rows.len() * STEP;
        // About 180 bytes a cell: sized once rather than grown through a century.
        let mut s = String::with_capacity(512 + self.rows.len() * self.months.len() * 200);
        let _ = write!(
            s,
            r#"<svg class="heatmap" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="group" aria-labelledby="heatmap-title"><title id="heatmap-title">Team entries per month</title>"#
        );
        for (i, &(y, m)) in self.months.iter().enumerate() {
            if m == 1 || i == 0 {
                let _ = write!(
                    s,
                    r#"<text class="hm-year" x="{}" y="12" aria-hidden="true">{y}</text>"#,
                    LABEL_W + i * STEP
                );
            }
        }
        for (r, row) in self.rows.iter().enumerate() {
            let y0 = HEAD_H + r * STEP;
            let _ = write!(
                s,
                r#"<text class="hm-label" x="{}" y="{}" text-anchor="end" aria-hidden="true">{}</text>"#,
                LABEL_W - 6,
                y0 + CELL - 2,
                esc(&row.label)
            );
            let name = esc(&row.label);
            let mut label = String::with_capacity(name.len() + 32);
            // A century of months looks each year up once, not once per month.
            let mut year_url: Option<(i32, Option<String>)> = None;
            for (i, &(y, m)) in self.months.iter().enumerate() {
                if year_url.as_ref().is_none_or(|(yy, _)| *yy != y) {
                    let url = row.year_urls.iter().find(|(yy, _)| *yy == y);
                    year_url = Some((y, url.map(|(_, u)| esc(u))));
                }
                let count = row.counts.get(i).copied().unwrap_or(0);
                // The label is escaped as a whole: the team's name is, the rest is plain.
                label.clear();
                let _ = write!(
                    label,
                    "{name}, {} {y}: {count} entr{}",
                    MONTHS[(m - 1) as usize],
                    if count == 1 { "y" } else { "ies" }
                );
                let _ = match year_url.as_ref().and_then(|(_, u)| u.as_ref()) {
                    Some(url) => write!(s, r#"<a href="{url}" aria-label="{label}">"#),
                    None => write!(s, r#"<g role="img" aria-label="{label}">"#),
                };
                let _ = write!(
                    s,
                    r#"<rect class="hm{}" x="{}" y="{y0}" width="{CELL}" height="{CELL}" rx="2"><title>{label}</title></rect>"#,
                    level(count, max),
                    LABEL_W + i * STEP,
                );
                s.push_str(if year_url.as_ref().is_some_and(|(_, u)| u.is_some()) {
                    "</a>"
                } else {
                    "</g>"
                });
            }
        }
        s.push_str("</svg>");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_have_labels_and_year_links() {
        let map = HeatMap {
            months: HeatMap::month_range((2022, 11), (2023, 2)),
            rows: vec![Row {
                label: "Team <Ops>".into(),
                counts: vec![0, 3, 1, 0],
                year_urls: vec![(2022, "/teams/ops/2022/".into())],
            }],
        };
        assert_eq!(map.months, [(2022, 11), (2022, 12), (2023, 1), (2023, 2)]);
        let svg = map.svg();
        assert_eq!(svg.matches("<rect").count(), 4);
        assert_eq!(svg.matches("<title>Team &lt;Ops&gt;,").count(), 4);
        assert!(svg.contains(r#"<a href="/teams/ops/2022/" aria-label="Team &lt;Ops&gt;, December 2022: 3 entries"><rect class="hm4""#), "{svg}");
        assert!(
            svg.contains(r#"<g role="img" aria-label="Team &lt;Ops&gt;, January 2023: 1 entry"><rect class="hm2""#),
            "{svg}"
        );
        assert!(!svg.contains("<script"));
    }
}
