//! The activity map on the index page: teams by month, drawn at build time as inline
//! SVG so it needs no JavaScript. Every cell has a tooltip, and a month with entries
//! links to that month on the team's timeline (`…/2024/#m-2024-03`).
//!
//! The map is one picture to assistive technology and not a tab stop per cell: its
//! cells are `tabindex="-1"` inside an `aria-hidden` SVG. The keyboard and
//! screen-reader route to the same months is the team table beside it and each team
//! page's month index. Year and quarter ticks run above the cells, a legend below,
//! and the team names on both sides, so the newest months (on the right, where a
//! phone's scroll starts) are labelled too.

use std::fmt::Write;

use crate::text::html::escape;
use crate::text::months::month_name;
use crate::urls::month_id;

/// One row of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Team name.
    pub label: String,
    /// Entries per month, one per month of [`HeatMap::months`].
    pub counts: Vec<usize>,
    /// The team pages holding the entries, each with the (year, month) its entries
    /// start at, in order (the team page; a year page; a part of a busy year): a month
    /// with entries links to its `#m-YYYY-MM` anchor on the last page starting at or
    /// before it in its year.
    pub year_urls: Vec<((i32, u32), String)>,
}

/// The whole map as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    /// (year, month 1..=12) of each column, in order.
    pub months: Vec<(i32, u32)>,
    /// Rows, top to bottom.
    pub rows: Vec<Row>,
    /// Whether older months with entries were left out.
    pub truncated: bool,
}

const CELL: usize = 12;
const STEP: usize = 14;
const LABEL_W: usize = 190;
/// Two rows of ticks: years, then quarters.
const HEAD_H: usize = 30;
/// The legend below the rows.
const LEGEND_H: usize = 26;

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
        let cells_w = self.months.len() * STEP;
        let width = 2 * LABEL_W + cells_w;
        let height = HEAD_H + self.rows.len() * STEP + LEGEND_H;
        // About 150 bytes a cell: sized once rather than grown through a century.
        let mut s = String::with_capacity(1024 + self.rows.len() * self.months.len() * 160);
        let _ = write!(
            s,
            r#"<svg class="heatmap" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">"#
        );
        for (i, &(y, m)) in self.months.iter().enumerate() {
            let x = LABEL_W + i * STEP;
            if m == 1 || i == 0 {
                let _ = write!(s, r#"<text class="hm-year" x="{x}" y="11">{y}</text>"#);
            }
            if m % 3 == 1 {
                let _ = write!(
                    s,
                    r#"<text class="hm-tick" x="{x}" y="25">{}</text>"#,
                    &month_name(m)[..3]
                );
            }
        }
        for (r, row) in self.rows.iter().enumerate() {
            let y0 = HEAD_H + r * STEP;
            let name = escape(&row.label);
            let _ = write!(
                s,
                r#"<text class="hm-label" x="{}" y="{}" text-anchor="end">{name}</text><text class="hm-label" x="{}" y="{}">{name}</text>"#,
                LABEL_W - 6,
                y0 + CELL - 2,
                LABEL_W + cells_w + 4,
                y0 + CELL - 2,
            );
            // Months and pages are both in order: one pass over each.
            let mut page = 0;
            for (i, &(y, m)) in self.months.iter().enumerate() {
                let urls = &row.year_urls;
                while urls
                    .get(page + 1)
                    .is_some_and(|(start, _)| *start <= (y, m))
                {
                    page += 1;
                }
                let count = row.counts.get(i).copied().unwrap_or(0);
                // Only a month with entries has an anchor on the team's page.
                let url = (urls.get(page))
                    .filter(|(start, _)| start.0 == y && start.1 <= m && count > 0)
                    .map(|(_, u)| escape(u));
                if let Some(url) = &url {
                    let _ = write!(s, r#"<a href="{url}#{}" tabindex="-1">"#, month_id((y, m)));
                }
                let _ = write!(
                    s,
                    r#"<rect class="hm{}" x="{}" y="{y0}" width="{CELL}" height="{CELL}" rx="2"><title>{name}, {} {y}: {count} entr{}</title></rect>"#,
                    level(count, max),
                    LABEL_W + i * STEP,
                    month_name(m),
                    if count == 1 { "y" } else { "ies" }
                );
                if url.is_some() {
                    s.push_str("</a>");
                }
            }
        }
        // The legend: the five levels from none to the busiest month.
        let y0 = HEAD_H + self.rows.len() * STEP + 8;
        let _ = write!(
            s,
            r#"<text class="hm-legend" x="{}" y="{}" text-anchor="end">No entries</text>"#,
            LABEL_W - 6,
            y0 + CELL - 2
        );
        for l in 0..=4 {
            let _ = write!(
                s,
                r#"<rect class="hm{l}" x="{}" y="{y0}" width="{CELL}" height="{CELL}" rx="2"/>"#,
                LABEL_W + l * STEP
            );
        }
        let _ = write!(
            s,
            r#"<text class="hm-legend" x="{}" y="{}">{max} entr{} (the busiest month)</text>"#,
            LABEL_W + 5 * STEP + 4,
            y0 + CELL - 2,
            if max == 1 { "y" } else { "ies" }
        );
        s.push_str("</svg>");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_have_tooltips_and_link_to_months() {
        let map = HeatMap {
            months: HeatMap::month_range((2022, 11), (2023, 2)),
            rows: vec![Row {
                label: "Team <Ops>".into(),
                counts: vec![0, 3, 1, 0],
                year_urls: vec![((2022, 1), "/teams/ops/2022/".into())],
            }],
            truncated: false,
        };
        assert_eq!(map.months, [(2022, 11), (2022, 12), (2023, 1), (2023, 2)]);
        let svg = map.svg();
        // Four cells and five legend swatches.
        assert_eq!(svg.matches("<rect").count(), 4 + 5);
        assert_eq!(svg.matches("<title>Team &lt;Ops&gt;,").count(), 4);
        // A month with entries links to its anchor, out of the tab order.
        assert!(
            svg.contains(
                r##"<a href="/teams/ops/2022/#m-2022-12" tabindex="-1"><rect class="hm4""##
            ),
            "{svg}"
        );
        // No link for an empty month, nor for a year without a page.
        assert_eq!(svg.matches("<a ").count(), 1, "{svg}");
        assert!(svg.starts_with("<svg") && svg.contains(r#"aria-hidden="true""#));
        assert!(svg.contains(">Jan</text>") && svg.contains(">2023</text>"));
        assert!(svg.contains("3 entries (the busiest month)"));
        assert!(!svg.contains("<script"));
    }
}
