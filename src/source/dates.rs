//! Dates from file and folder names, and ISO weeks.
//!
//! The file-name date is authoritative: `20220718-overflow.md` is a meeting on
//! 2022-07-18 with stem `2022-07-18-overflow`, whatever its title says. A file name may
//! also hold its date later on (`board-meeting-20230627.md`, `2023_06_27_notes.md`):
//! see [`file_name_date`].

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

use crate::model::slug::slugify;

/// What a name's leading date turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameDate {
    /// No leading date at all (`template.md`, `2023-05` month folders).
    None,
    /// A valid date and the slug of whatever follows it (may be empty).
    Date(NaiveDate, String),
    /// Digits shaped like a date that are not one (`20230231`, `18990101`).
    Invalid(String),
}

static LEADING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})-?(\d{2})-?(\d{2})(?:$|[^0-9](.*))").expect("valid regex")
});

/// Earliest and latest year accepted; outside is almost certainly a typo.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Reads a leading `YYYYMMDD` or `YYYY-MM-DD` from a file stem or folder name.
pub fn parse_name_date(name: &str) -> NameDate {
    let Some(c) = LEADING_DATE.captures(name) else {
        return NameDate::None;
    };
    let whole = &name[..c.get(3).expect("group").end()];
    // `2023-0512` or `202305-12` mix the two shapes: not a date we promise to read.
    let dashes = whole.matches('-').count();
    if dashes == 1 {
        return NameDate::None;
    }
    let num = |i: usize| c[i].parse::<u32>().expect("digits");
    let year = num(1) as i32;
    let Some(date) = NaiveDate::from_ymd_opt(year, num(2), num(3)) else {
        return NameDate::Invalid(whole.to_string());
    };
    if !YEARS.contains(&year) {
        return NameDate::Invalid(whole.to_string());
    }
    let rest = c.get(4).map(|m| slugify(m.as_str())).unwrap_or_default();
    NameDate::Date(date, rest)
}

/// Years a date later in a file name may have: narrower than [`YEARS`], since such a
/// date is not where dates are expected and digits elsewhere are often not dates.
const LATER_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// The shapes of a date later in a name: `YYYYMMDD`, `YYYY-MM-DD`, `YYYY_MM_DD`.
static DATE_SHAPES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(\d{4})(\d{2})(\d{2})|(\d{4})-(\d{2})-(\d{2})|(\d{4})_(\d{2})_(\d{2}))")
        .expect("valid regex")
});

/// The date of a file name: a leading one ([`parse_name_date`]), else the first date
/// anywhere in it that is `YYYYMMDD`, `YYYY-MM-DD` or `YYYY_MM_DD`, a real calendar
/// date in 1990-2100, with no digit right before or after it (so `v1.2.3`, `#12345678`
/// and `202306271` are not dates). The rest of the name, without the date, is returned
/// slugged: `board-meeting-20230627` gives 2023-06-27 and `board-meeting`.
pub fn file_name_date(name: &str) -> NameDate {
    match parse_name_date(name) {
        NameDate::None => {}
        found => return found,
    }
    let b = name.as_bytes();
    for i in 0..b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            continue;
        }
        // `i` is an ASCII digit, so a char boundary.
        let Some(c) = DATE_SHAPES.captures(&name[i..]) else {
            continue;
        };
        let end = i + c.get(0).expect("whole match").end();
        if b.get(end).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let groups: Vec<u32> = (1..=9)
            .filter_map(|g| c.get(g))
            .map(|m| m.as_str().parse().expect("digits"))
            .collect();
        let year = groups[0] as i32;
        if !LATER_YEARS.contains(&year) {
            continue;
        }
        if let Some(date) = NaiveDate::from_ymd_opt(year, groups[1], groups[2]) {
            let rest = slugify(&format!("{} {}", &name[..i], &name[end..]));
            return NameDate::Date(date, rest);
        }
    }
    NameDate::None
}

/// The stem of a meeting: ISO date plus the slugged suffix, if any.
pub fn stem(date: NaiveDate, suffix: &str) -> String {
    if suffix.is_empty() {
        date.format("%Y-%m-%d").to_string()
    } else {
        format!("{}-{suffix}", date.format("%Y-%m-%d"))
    }
}

/// An ISO week, e.g. 2023-W26. Orders chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct IsoWeek {
    /// ISO week-numbering year (may differ from the calendar year around New Year).
    pub year: i32,
    /// Week number, 1..=53.
    pub week: u32,
}

impl IsoWeek {
    /// The ISO week a date falls in.
    pub fn of(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }
    /// `2023-W05`: the key used in URLs.
    pub fn key(&self) -> String {
        format!("{}-W{:02}", self.year, self.week)
    }
    /// Monday of this week.
    pub fn monday(&self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, chrono::Weekday::Mon)
            .expect("week built from a real date")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn both_shapes_and_suffixes() {
        assert_eq!(
            parse_name_date("20230629"),
            NameDate::Date(d(2023, 6, 29), "".into())
        );
        assert_eq!(
            parse_name_date("2023-09-14"),
            NameDate::Date(d(2023, 9, 14), "".into())
        );
        assert_eq!(
            parse_name_date("20220718-overflow"),
            NameDate::Date(d(2022, 7, 18), "overflow".into())
        );
        assert_eq!(
            parse_name_date("20240614-postmortem-zuul-incident"),
            NameDate::Date(d(2024, 6, 14), "postmortem-zuul-incident".into())
        );
        assert_eq!(
            parse_name_date("2022-09-27-gx-hackathon-5"),
            NameDate::Date(d(2022, 9, 27), "gx-hackathon-5".into())
        );
        assert_eq!(
            parse_name_date("20230101_Kick Off"),
            NameDate::Date(d(2023, 1, 1), "kick-off".into())
        );
    }

    #[test]
    fn not_dates() {
        assert_eq!(parse_name_date("template"), NameDate::None);
        assert_eq!(parse_name_date("2023-05"), NameDate::None);
        assert_eq!(parse_name_date("2023"), NameDate::None);
        assert_eq!(parse_name_date("202306291"), NameDate::None);
        assert_eq!(parse_name_date("scs-federation"), NameDate::None);
        assert_eq!(parse_name_date("2023-0629"), NameDate::None);
    }

    #[test]
    fn dates_later_in_file_names() {
        let date = |n: &str| match file_name_date(n) {
            NameDate::Date(d, rest) => Some((d.format("%Y-%m-%d").to_string(), rest)),
            _ => None,
        };
        let some = |d: &str, r: &str| Some((d.to_string(), r.to_string()));
        assert_eq!(
            date("board-meeting-20230627"),
            some("2023-06-27", "board-meeting")
        );
        assert_eq!(date("2023_06_27_notes"), some("2023-06-27", "notes"));
        assert_eq!(
            date("tsc-meeting-2023-06-27"),
            some("2023-06-27", "tsc-meeting")
        );
        assert_eq!(date("wg-2023-06-27-extra"), some("2023-06-27", "wg-extra"));
        assert_eq!(date("minutes_20200101"), some("2020-01-01", "minutes"));
        // Leading dates keep their rules (and their suffix).
        assert_eq!(
            date("2023-01-05-generators"),
            some("2023-01-05", "generators")
        );
        assert_eq!(date("20230627"), some("2023-06-27", ""));
        // Not dates: version and issue numbers, longer digit runs, impossible dates,
        // years out of range, mixed or other separators.
        for n in [
            "v1.2.3-notes",
            "issue-12345678",
            "pr-20231345",
            "notes-202306271",
            "notes-120230627",
            "release-2023.06.27",
            "notes-2023-0627",
            "notes-2023-06_27",
            "notes-1989-12-31",
            "notes-2101-01-01",
            "notes-2023-02-30",
            "rfc-2119",
            "template",
        ] {
            assert_eq!(date(n), None, "{n}");
        }
    }

    #[test]
    fn impossible_and_out_of_range_dates() {
        assert_eq!(
            parse_name_date("20230231"),
            NameDate::Invalid("20230231".into())
        );
        assert_eq!(
            parse_name_date("18991231"),
            NameDate::Invalid("18991231".into())
        );
        assert_eq!(
            parse_name_date("30000101"),
            NameDate::Invalid("30000101".into())
        );
        assert_eq!(
            parse_name_date("2023-13-01"),
            NameDate::Invalid("2023-13-01".into())
        );
    }

    #[test]
    fn stems_and_weeks() {
        assert_eq!(stem(d(2022, 7, 18), "overflow"), "2022-07-18-overflow");
        assert_eq!(stem(d(2022, 7, 18), ""), "2022-07-18");
        // 2021-01-03 is a Sunday in ISO week 53 of 2020.
        let w = IsoWeek::of(d(2021, 1, 3));
        assert_eq!(w.key(), "2020-W53");
        assert_eq!(w.monday(), d(2020, 12, 28));
        assert!(IsoWeek::of(d(2023, 1, 2)) > w);
    }
}
