//! Attendance written as a table, markdown or HTML: a name column, and maybe an
//! abbreviation or handle column (joins the person), an organisation column (their
//! affiliation) and mark columns (a sign-in sheet: `X`, `✓`, `yes` says who came, an
//! unmarked row is not attendance).
//!
//! A table is attendance when it stands in an attendance part, or when its header has
//! a name column beside an abbreviation, organisation or mark column: a table of names
//! and topics elsewhere is an agenda.

use comrak::nodes::{AstNode, NodeValue};
use scraper::{Html, Selector};

use crate::markdown::names::{attendee, Attendee};
use crate::markdown::text::plain_text;

/// What a column holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Abbreviation,
    Organisation,
    Mark,
    Other,
}

const NAME: &[&str] = &[
    "name",
    "names",
    "full name",
    "attendee",
    "attendees",
    "participant",
    "participants",
    "person",
    "member",
    "members",
    "board member",
    "who",
];
const ABBREVIATION: &[&str] = &[
    "abbreviation",
    "abbr",
    "abbrev",
    "initials",
    "short",
    "handle",
    "github",
    "github handle",
    "gh",
    "nick",
    "nickname",
    "username",
    "irc",
];
const ORGANISATION: &[&str] = &[
    "organization",
    "organisation",
    "org",
    "company",
    "affiliation",
    "employer",
    "represents",
    "representing",
    "member company",
    "institution",
];
const MARK_HEADERS: &[&str] = &[
    "present",
    "attended",
    "attending",
    "here",
    "attendance",
    "in attendance",
    "signed in",
    "sign-in",
    "x",
];

/// Cell texts that mark somebody as there.
const MARKS: &[&str] = &["x", "✓", "✔", "✔️", "✅", "yes", "y", "present", "[x]"];

fn column(header: &str) -> Column {
    let h = header
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == ':' || c == '.')
        .trim()
        .to_lowercase();
    if NAME.contains(&h.as_str()) {
        Column::Name
    } else if ABBREVIATION.contains(&h.as_str()) {
        Column::Abbreviation
    } else if ORGANISATION.contains(&h.as_str()) {
        Column::Organisation
    } else if MARK_HEADERS.contains(&h.as_str()) || is_date(&h) {
        Column::Mark
    } else {
        Column::Other
    }
}

/// `2024-10-29`, `10/29`, `Oct 29`: a sign-in sheet's column per meeting.
fn is_date(h: &str) -> bool {
    h.chars().any(|c| c.is_ascii_digit())
        && h.chars()
            .all(|c| c.is_alphanumeric() || " -/.,".contains(c))
        && h.len() <= 20
}

fn is_mark(cell: &str) -> bool {
    MARKS.contains(&cell.trim().to_lowercase().as_str())
}

/// A table's header and rows as plain text: a markdown table, or an HTML block holding
/// one. `None` for any other block.
pub(crate) fn table_of<'a>(node: &'a AstNode<'a>) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    match &node.data().value {
        NodeValue::Table(_) => {
            let mut rows: Vec<Vec<String>> = node
                .children()
                .map(|row| row.children().map(|c| plain_text(c)).collect())
                .collect();
            if rows.is_empty() {
                return None;
            }
            let header = rows.remove(0);
            Some((header, rows))
        }
        NodeValue::HtmlBlock(h) if h.literal.contains("<table") || h.literal.contains("<TABLE") => {
            html_table(&h.literal)
        }
        _ => None,
    }
}

fn html_table(html: &str) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let doc = Html::parse_fragment(html);
    let tr = Selector::parse("tr").expect("valid selector");
    let cell = Selector::parse("th, td").expect("valid selector");
    let mut rows: Vec<Vec<String>> = doc
        .select(&tr)
        .map(|row| {
            row.select(&cell)
                .map(|c| {
                    let t: String = c.text().collect();
                    t.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect()
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let header = rows.remove(0);
    Some((header, rows))
}

/// The people a table names as present. `in_part`: the table stands in an attendance
/// part, where a table without a name header names people in its first column.
pub(crate) fn table_attendees<'a>(node: &'a AstNode<'a>, in_part: bool) -> Vec<Attendee> {
    let Some((header, rows)) = table_of(node) else {
        return Vec::new();
    };
    let kinds: Vec<Column> = header.iter().map(|h| column(h)).collect();
    let of = |k: Column| kinds.iter().position(|&c| c == k);
    let extra = kinds.iter().any(|&c| {
        matches!(
            c,
            Column::Abbreviation | Column::Organisation | Column::Mark
        )
    });
    let name_col = match of(Column::Name) {
        Some(c) if in_part || extra => c,
        None if in_part => 0,
        _ => return Vec::new(),
    };
    let marks: Vec<usize> = (kinds.iter().enumerate())
        .filter(|(_, &c)| c == Column::Mark)
        .map(|(i, _)| i)
        .collect();
    let cell = |row: &[String], i: Option<usize>| -> Option<String> {
        let t = row.get(i?)?.trim();
        (!t.is_empty() && !["-", "–", "—", "n/a"].contains(&t)).then(|| t.to_string())
    };
    let mut out = Vec::new();
    for row in &rows {
        if !marks.is_empty()
            && !marks
                .iter()
                .any(|&m| row.get(m).is_some_and(|c| is_mark(c)))
        {
            continue;
        }
        let Some(mut a) = cell(row, Some(name_col)).and_then(|n| attendee(&n)) else {
            continue;
        };
        if let Some(abbr) = cell(row, of(Column::Abbreviation)) {
            let abbr = abbr.trim_start_matches('@');
            if cell(row, of(Column::Abbreviation)).is_some_and(|c| c.starts_with('@')) {
                a.handle.get_or_insert_with(|| abbr.to_string());
            } else if !abbr.contains(char::is_whitespace) && abbr.chars().count() <= 12 {
                a.abbreviation = Some(abbr.to_string());
            }
        }
        if let Some(org) = cell(row, of(Column::Organisation)) {
            a.affiliation = Some(org);
        }
        out.push(a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use comrak::{parse_document, Arena, Options};

    fn people(md: &str, in_part: bool) -> Vec<String> {
        let arena = Arena::new();
        let mut o = Options::default();
        o.extension.table = true;
        let root = parse_document(&arena, md, &o);
        let node = root.first_child().unwrap();
        table_attendees(node, in_part)
            .into_iter()
            .map(|a| {
                format!(
                    "{}|{}|{}",
                    a.name,
                    a.abbreviation.or(a.handle).unwrap_or_default(),
                    a.affiliation.unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn name_abbreviation_and_organisation_columns() {
        let md = "| Name | Abbreviation | Organization |\n|---|---|---|\n| Maria T. Lopez | MTL | Acme |\n| Bo Chen | @bochen | - |\n";
        assert_eq!(
            people(md, false),
            ["Maria T. Lopez|MTL|Acme", "Bo Chen|bochen|"]
        );
        // Names beside topics are an agenda, unless under an attendance heading.
        let agenda = "| Name | Topic |\n|---|---|\n| Ana | budget |\n";
        assert!(people(agenda, false).is_empty());
        assert_eq!(people(agenda, true), ["Ana||"]);
    }

    #[test]
    fn sign_in_sheets_count_marked_rows_only() {
        let md = "| Name | Org | Present |\n|---|---|---|\n| Ana Li | Acme | X |\n| Bo Chen | Initech | |\n| Cy Dee | | ✓ |\n| Di Eve | | yes |\n";
        assert_eq!(people(md, false), ["Ana Li||Acme", "Cy Dee||", "Di Eve||"]);
        let html = "<table><tr><th>Name</th><th>2024-10-29</th></tr><tr><td>Ana Li</td><td>x</td></tr><tr><td>Bo</td><td></td></tr></table>\n";
        assert_eq!(people(html, false), ["Ana Li||"]);
    }
}
