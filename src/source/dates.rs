//! Dates from file and folder names, and ISO weeks.
//!
//! The file-name date is authoritative: `20220718-overflow.md` is a meeting on
//! 2022-07-18 with stem `2022-07-18-overflow`, whatever its title says. A file name may
//! also hold its date later on (`board-meeting-20230627.md`, `2023_06_27_notes.md`):
//! see [`file_name_date`].

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

use crate::text::slug::slugify;

/// What a name's leading date turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameDate {
    /// No leading date at all (`template.md`, `2023-05` month folders).
    None,
    /// A valid date and the slug of whatever follows it (may be empty).
    Date(NaiveDate, String),
    /// Digits shaped like a date that are not one (`20230231`, `18990101`).
    Invalid(String),
    /// Part of a date, for the folders to complete (`mar-21`, `03-21`, `21`), and the
    /// slug of whatever follows it.
    Partial(DateParts, String),
}

/// The parts of a date a file or folder name gives: `mar-21` a month and a day,
/// `2023-03` a year and a month, `2023` a year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateParts {
    /// The year, when the name gives one.
    pub year: Option<i32>,
    /// The month, 1-12.
    pub month: Option<u32>,
    /// The day of the month.
    pub day: Option<u32>,
}

impl DateParts {
    /// All three parts of a date.
    pub fn of(date: NaiveDate) -> DateParts {
        DateParts {
            year: Some(date.year()),
            month: Some(date.month()),
            day: Some(date.day()),
        }
    }
    /// The date, when all three parts are known; `Err` when they make no date
    /// (`2023-02` and day 30).
    pub fn date(&self) -> Option<Result<NaiveDate, String>> {
        let (y, m, d) = (self.year?, self.month?, self.day?);
        Some(NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("{y:04}-{m:02}-{d:02}")))
    }
    /// These parts with the ones `inner` gives put over them: a more specific name wins.
    pub fn with(self, inner: DateParts) -> DateParts {
        DateParts {
            year: inner.year.or(self.year),
            month: inner.month.or(self.month),
            day: inner.day.or(self.day),
        }
    }
    /// Whether a part both give differs (`2023-03` and `04-21`).
    pub fn disagrees(&self, other: &DateParts) -> bool {
        let differ = |a: Option<u32>, b: Option<u32>| a.zip(b).is_some_and(|(a, b)| a != b);
        differ(self.year.map(|y| y as u32), other.year.map(|y| y as u32))
            || differ(self.month, other.month)
            || differ(self.day, other.day)
    }
    /// As written in messages: `2023-03-21`, `2023-03`, `2023`, `03-21`, `21`.
    pub fn written(&self) -> String {
        let mut parts = Vec::new();
        if let Some(y) = self.year {
            parts.push(format!("{y:04}"));
        }
        if let Some(m) = self.month {
            parts.push(format!("{m:02}"));
        }
        if let Some(d) = self.day {
            parts.push(format!("{d:02}"));
        }
        parts.join("-")
    }
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

/// How a name writes its leading date (`%Y%m%d` for `20230627-x`, `%Y-%m-%d` for
/// `2023-06-27`), so that a new file can be named like an old one.
pub fn name_date_format(name: &str) -> Option<&'static str> {
    match parse_name_date(name) {
        NameDate::Date(..) if name.as_bytes().get(4) == Some(&b'-') => Some("%Y-%m-%d"),
        NameDate::Date(..) => Some("%Y%m%d"),
        _ => None,
    }
}

/// Whether a folder's name is a year (`2023`), which holds minutes of any series.
pub fn is_year_name(name: &str) -> bool {
    name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit())
}

/// The shapes of file and folder names a meeting's date is read from, for messages
/// that say what was looked for.
pub const NAME_DATE_SHAPES: &str = "`2023-03-21.md`, `20230321.md`, `notes-2023-03-21.md`, \
     `21-mar-2023.md`, `march-21-2023.md`, `2023-03/mar-21.md`, `2023/03/21.md`, \
     `2023-03-21/README.md`";

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
/// and `202306271` are not dates), else a date with a month's name or a part of one at
/// its start ([`written_name_date`]). The rest of the name, without the date, is
/// returned slugged: `board-meeting-20230627` gives 2023-06-27 and `board-meeting`.
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
    written_name_date(name)
}

/// A date written with an English month's name or abbreviation, or a month and day
/// whose year a folder gives, at the start of a name: `21-mar-2023`, `march-21-2023`,
/// `2023-sept-5` (whole dates), `mar-21`, `june-4`, `21-mar`, `03-21` (month and day),
/// `21` (the day alone, the whole name). Parts are separated by `-`, `_`, `.` or spaces;
/// a day may be ordinal (`21st`). What follows is the rest, slugged.
fn written_name_date(name: &str) -> NameDate {
    let tokens: Vec<&str> = name
        .split(['-', '_', '.', ' '])
        .filter(|t| !t.is_empty())
        .collect();
    let day = |t: &str| {
        let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &t[digits.len()..];
        let ordinal = matches!(
            suffix.to_ascii_lowercase().as_str(),
            "" | "st" | "nd" | "rd" | "th"
        );
        (ordinal && (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
            .filter(|d| (1..=31).contains(d))
    };
    let word = |t: &str| {
        t.bytes()
            .all(|b| b.is_ascii_alphabetic())
            .then(|| month_number(t))
            .flatten()
    };
    let month = |t: &str| {
        ((1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
            .filter(|m| (1..=12).contains(m))
    };
    let year = |t: &str| {
        (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<i32>().ok())
            .flatten()
            .filter(|y| YEARS.contains(y))
    };
    let t = |i: usize| tokens.get(i).copied().unwrap_or("");
    let full = |y: Option<i32>, m: Option<u32>, d: Option<u32>| {
        Some(DateParts {
            year: Some(y?),
            month: Some(m?),
            day: Some(d?),
        })
    };
    let part = |m: Option<u32>, d: Option<u32>| {
        Some(DateParts {
            year: None,
            month: Some(m?),
            day: Some(d?),
        })
    };
    let found = full(year(t(2)), word(t(1)), day(t(0)))
        .map(|p| (p, 3))
        .or_else(|| full(year(t(2)), word(t(0)), day(t(1))).map(|p| (p, 3)))
        .or_else(|| full(year(t(0)), word(t(1)), day(t(2))).map(|p| (p, 3)))
        .or_else(|| part(word(t(0)), day(t(1))).map(|p| (p, 2)))
        .or_else(|| part(word(t(1)), day(t(0))).map(|p| (p, 2)))
        .or_else(|| part(month(t(0)), day(t(1))).map(|p| (p, 2)))
        .or_else(|| {
            (tokens.len() == 1).then(|| day(t(0))).flatten().map(|d| {
                (
                    DateParts {
                        day: Some(d),
                        ..DateParts::default()
                    },
                    1,
                )
            })
        });
    let Some((parts, used)) = found else {
        return NameDate::None;
    };
    let rest = slugify(&tokens[used..].join(" "));
    match parts.date() {
        Some(Ok(date)) => NameDate::Date(date, rest),
        Some(Err(what)) => NameDate::Invalid(what),
        None => NameDate::Partial(parts, rest),
    }
}

/// What a folder's name says of the date of the files in it, given what the folders
/// above it said (`above`): a year (`2023`), a year and month (`2023-03`, `2023_03`),
/// under a year a month (`03`, `march`, `sept`), under a month a day (`21`). A folder
/// with a whole date (`2023-03-21`, `2022-09-27-hackathon`) is [`parse_name_date`]'s.
pub fn folder_date_parts(name: &str, above: &DateParts) -> Option<DateParts> {
    static YEAR_MONTH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{4})[-_](\d{1,2})$").expect("valid regex"));
    let none = DateParts::default();
    if is_year_name(name) {
        let y: i32 = name.parse().ok()?;
        return YEARS.contains(&y).then_some(DateParts {
            year: Some(y),
            ..none
        });
    }
    if let Some(c) = YEAR_MONTH.captures(name) {
        let (y, m): (i32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        return (YEARS.contains(&y) && (1..=12).contains(&m)).then_some(DateParts {
            year: Some(y),
            month: Some(m),
            day: None,
        });
    }
    let digits = (1..=2).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_digit());
    if above.year.is_some() && above.month.is_none() {
        let m = if digits {
            name.parse().ok().filter(|m| (1..=12).contains(m))
        } else if name.bytes().all(|b| b.is_ascii_alphabetic()) {
            month_number(name)
        } else {
            None
        };
        return m.map(|m| DateParts {
            month: Some(m),
            ..none
        });
    }
    if above.month.is_some() && above.day.is_none() && digits {
        let d: u32 = name.parse().ok()?;
        return (1..=31).contains(&d).then_some(DateParts {
            day: Some(d),
            ..none
        });
    }
    None
}

/// The stem of a meeting: ISO date plus the slugged suffix, if any.
pub fn stem(date: NaiveDate, suffix: &str) -> String {
    if suffix.is_empty() {
        date.format("%Y-%m-%d").to_string()
    } else {
        format!("{}-{suffix}", date.format("%Y-%m-%d"))
    }
}

/// A date written in a title, found by [`title_date`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleDate {
    /// The date it means.
    pub date: NaiveDate,
    /// The text as written (`2 June 2022`, `8/1/2023`, `2022-06-02`).
    pub written: String,
}

/// ISO dates, and slash dates with the year last or first (`8/1/2023`, `2023/08/01`).
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9/.-])(([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})|([0-9]{4})/([0-9]{1,2})/([0-9]{1,2}))(?:$|[^0-9/])")
        .expect("valid regex")
});

/// What every month's name starts with.
const MONTH_PREFIXES: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Month names and their usual abbreviations, as `%B` reads them.
const MONTH: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/// `2 June 2022`, `31st of July, 2019` (day first) and `June 2, 2022` (month first).
/// ASCII-only classes and word boundaries: titles hold emoji and umlauts, and Unicode
/// word boundaries would keep the regex off its fast path.
static WORDS_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i-u)\b(?:([0-9]{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({MONTH})\.?,?\s+([0-9]{{4}})|({MONTH})\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+([0-9]{{4}}))\b"
    ))
    .expect("valid regex")
});

/// `29.06.2023`: German and other European minutes write the day first with dots.
static DOTTED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9.])(([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}))(?:$|[^0-9.])")
        .expect("valid regex")
});

/// The first date a title names, in ISO form (`2022-06-02`), in words (`2 June 2022`,
/// `June 2, 2022`, `Wednesday 31 July 2019`), with slashes (`8/1/2023`, `2023/08/01`)
/// or with dots, day first (`02.06.2022`). A slash date with day and month both 12 or
/// less is ambiguous: the reading that is `file_date` wins, else the US month-first one
/// (what `8/1/2023` most often means in English minutes), else the other.
pub fn title_date(text: &str, file_date: NaiveDate) -> Option<TitleDate> {
    title_dates(text, file_date).into_iter().next()
}

/// Whether a title names `date` in any of the forms [`title_date`] reads (`SCS Tech
/// Weekly 2023-06-29`, `Treffen am 29.06.2023`): pages then do not repeat the date.
pub fn title_names_date(text: &str, date: NaiveDate) -> bool {
    // Most titles that name their date write it ISO: no regex for those.
    text.contains(&date.format("%Y-%m-%d").to_string())
        || title_dates(text, date).iter().any(|t| t.date == date)
}

/// Every date a title names, in the order written; see [`title_date`] for the forms.
pub fn title_dates(text: &str, file_date: NaiveDate) -> Vec<TitleDate> {
    // Most titles have no digit run of four: no year, no date, no regex.
    if !text
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit))
    {
        return Vec::new();
    }
    let mut found: Vec<(usize, TitleDate)> = Vec::new();
    // Each regex only where its date could be: a `-` or `/`, a dot, a month's name.
    if text.contains(['-', '/']) {
        each_capture(
            &NUMERIC_DATE,
            text,
            |c| {
                let n = |i: usize| c.get(i).map(|m| m.as_str().parse::<u32>().expect("digits"));
                if let Some(y) = n(2) {
                    NaiveDate::from_ymd_opt(y as i32, n(3)?, n(4)?)
                } else if let Some(y) = n(7) {
                    let (a, b) = (n(5)?, n(6)?);
                    let us = NaiveDate::from_ymd_opt(y as i32, a, b);
                    let eu = NaiveDate::from_ymd_opt(y as i32, b, a);
                    match (us, eu) {
                        (Some(u), _) if u == file_date => Some(u),
                        (_, Some(e)) if e == file_date => Some(e),
                        (u, e) => u.or(e),
                    }
                } else {
                    NaiveDate::from_ymd_opt(n(8)? as i32, n(9)?, n(10)?)
                }
            },
            &mut found,
        );
    }
    if text.contains('.') {
        each_capture(
            &DOTTED_DATE,
            text,
            |c| {
                let n = |i: usize| c[i].parse::<u32>().expect("digits");
                NaiveDate::from_ymd_opt(n(4) as i32, n(3), n(2))
            },
            &mut found,
        );
    }
    let lower = text.to_ascii_lowercase();
    if MONTH_PREFIXES.iter().any(|m| lower.contains(m)) {
        for c in WORDS_DATE.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let (day, month, year) = match c.get(1) {
                Some(d) => (d.as_str(), &c[2], &c[3]),
                None => (&c[5], &c[4], &c[6]),
            };
            let date = month_number(month)
                .and_then(|m| NaiveDate::from_ymd_opt(year.parse().ok()?, m, day.parse().ok()?));
            if let Some(date) = date {
                let written = whole.as_str().to_string();
                found.push((whole.start(), TitleDate { date, written }));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, t)| t).collect()
}

/// Runs `re` over `text` match after match, where group 1 is the date and the
/// characters around it only bound it: the next search starts right after the date,
/// so that the character bounding one date may bound the next one too.
fn each_capture(
    re: &Regex,
    text: &str,
    date: impl Fn(&regex::Captures) -> Option<NaiveDate>,
    found: &mut Vec<(usize, TitleDate)>,
) {
    let mut at = 0;
    while let Some(c) = re.captures_at(text, at) {
        let whole = c.get(1).expect("group");
        at = whole.end();
        if let Some(d) = date(&c) {
            let written = whole.as_str().to_string();
            found.push((whole.start(), TitleDate { date: d, written }));
        }
    }
}

/// English month names, January first: every date form that spells a month reads
/// them from here.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// English weekday names and their usual abbreviations, lower case.
pub const WEEKDAY_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// The number of an English month, from its name or an abbreviation of at least three
/// letters (`mar`, `sept`, `june`), in any case.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTH_NAMES
        .iter()
        .position(|n| n.starts_with(w))
        .map(|i| i as u32 + 1)
}

/// Whether a lower-case word names a month or a weekday (`march`, `sept`, `thurs`).
pub fn is_calendar_word(word: &str) -> bool {
    WEEKDAY_WORDS.contains(&word) || month_number(word).is_some_and(|_| word.len() >= 3)
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
    fn month_names_and_parts_of_dates_in_names() {
        let full = |n: &str| match file_name_date(n) {
            NameDate::Date(d, rest) => Some((d.format("%Y-%m-%d").to_string(), rest)),
            _ => None,
        };
        let some = |d: &str, r: &str| Some((d.to_string(), r.to_string()));
        assert_eq!(full("21-mar-2023"), some("2023-03-21", ""));
        assert_eq!(full("march-21-2023"), some("2023-03-21", ""));
        assert_eq!(full("Sept_5th_2019_notes"), some("2019-09-05", "notes"));
        assert_eq!(full("2023-june-4"), some("2023-06-04", ""));
        let part = |n: &str| match file_name_date(n) {
            NameDate::Partial(p, rest) => Some((p.written(), rest)),
            _ => None,
        };
        assert_eq!(part("mar-21"), Some(("03-21".into(), "".into())));
        assert_eq!(part("june-4"), Some(("06-04".into(), "".into())));
        assert_eq!(part("21-mar-notes"), Some(("03-21".into(), "notes".into())));
        assert_eq!(part("03-21"), Some(("03-21".into(), "".into())));
        assert_eq!(part("21"), Some(("21".into(), "".into())));
        assert_eq!(
            file_name_date("feb-30-2023"),
            NameDate::Invalid("2023-02-30".into())
        );
        for n in [
            "summary",
            "toc",
            "decisions-12",
            "21-notes",
            "mayor-3",
            "13-40",
            "v1.2.3",
        ] {
            assert!(matches!(file_name_date(n), NameDate::None), "{n}");
        }
        let none = DateParts::default();
        let year = folder_date_parts("2023", &none).unwrap();
        assert_eq!(year.written(), "2023");
        let month = folder_date_parts("2023-03", &none).unwrap();
        assert_eq!(month.written(), "2023-03");
        assert_eq!(folder_date_parts("03", &year).unwrap().month, Some(3));
        assert_eq!(folder_date_parts("june", &year).unwrap().month, Some(6));
        assert_eq!(folder_date_parts("21", &month).unwrap().day, Some(21));
        // Without a year above, `03` or `june` is a series' folder.
        assert_eq!(folder_date_parts("03", &none), None);
        assert_eq!(folder_date_parts("june", &none), None);
        assert_eq!(folder_date_parts("2023-13", &none), None);
        assert_eq!(folder_date_parts("iaas", &year), None);
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

    #[test]
    fn titles_that_name_their_date() {
        let date = d(2023, 6, 29);
        assert!(title_names_date("SCS Tech Weekly 2023-06-29", date));
        assert!(title_names_date("Treffen am 29.06.2023", date));
        assert!(title_names_date("Call June 29, 2023", date));
        assert!(title_names_date("Moved: 2023-06-22 -> 2023-06-29", date));
        assert!(!title_names_date("SCS Community Call", date));
        assert!(!title_names_date("SCS Tech Weekly 2023-06-22", date));
        assert!(!title_names_date("v1.29.06.2023", date));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("june"), Some(6));
        assert_eq!(month_number("ma"), None);
        assert_eq!(month_number("mayo"), None);
    }

    #[test]
    fn dates_in_titles_in_every_spelling() {
        let file = d(2022, 6, 2);
        let t = |s: &str| title_date(s, file).map(|x| (x.date, x.written));
        assert_eq!(
            t("SCS Tech Weekly 2023-02-02"),
            Some((d(2023, 2, 2), "2023-02-02".into()))
        );
        assert_eq!(t("Call 12023-02-021"), None);
        assert_eq!(t("no date"), None);
        assert_eq!(t("Release 2023"), None);
        assert_eq!(t("Meeting 2 June 2022"), Some((file, "2 June 2022".into())));
        assert_eq!(
            t("Meeting June 2, 2022"),
            Some((file, "June 2, 2022".into()))
        );
        assert_eq!(t("jun 2nd 2022 sync").map(|x| x.0), Some(file));
        assert_eq!(t("2nd of Sept 2022").map(|x| x.0), Some(d(2022, 9, 2)));
        assert_eq!(
            t("Wednesday 31 July 2019").map(|x| x.0),
            Some(d(2019, 7, 31))
        );
        assert_eq!(t("31 June 2019"), None, "no such day");
        assert_eq!(t("2022/06/02").map(|x| x.0), Some(file));
        // Ambiguous slash dates: the reading that is the file's date wins.
        assert_eq!(
            title_date("8/1/2023", d(2023, 8, 1)).unwrap().date,
            d(2023, 8, 1)
        );
        assert_eq!(
            title_date("8/1/2023", d(2023, 1, 8)).unwrap().date,
            d(2023, 1, 8)
        );
        assert_eq!(
            title_date("09/10/2024", d(2024, 10, 9)).unwrap().date,
            d(2024, 10, 9)
        );
        // Neither matches: month first; only one reading valid: that one.
        assert_eq!(title_date("8/1/2023", file).unwrap().date, d(2023, 8, 1));
        assert_eq!(title_date("31/07/2019", file).unwrap().date, d(2019, 7, 31));
        // Versions and ranges are not dates.
        assert_eq!(t("v1.2/3/2023x"), None);
        // The first date written wins.
        assert_eq!(
            t("1 May 2022 (moved from 2022-04-30)").unwrap().0,
            d(2022, 5, 1)
        );
    }
}
