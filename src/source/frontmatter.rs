//! YAML front matter between `---` lines at the top of a minutes file.
//!
//! Only the opening block counts: slide decks use `---` later on as slide separators,
//! and those are markdown. A blank line before the opening `---` is tolerated, since
//! pads often add one.

use serde_yaml::Value;

/// The front matter of one file, already split from its body.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FrontMatter {
    /// `title`, when it is a string.
    pub title: Option<String>,
    /// `date`, as written (a string or a YAML date).
    pub date: Option<String>,
    /// `type: slide` marks a HedgeDoc slide deck.
    pub kind: Option<String>,
    /// Every top-level key with a text, number or boolean value, as text: what a
    /// Jekyll post's `{{ page.KEY }}` means (see `markdown::dialects`).
    pub fields: Vec<(String, String)>,
    /// A key only HedgeDoc writes (`slideOptions`, `tags`, `breaks`, `GA`, ...), or
    /// `type: slide`: the file came from HedgeDoc.
    pub hedgedoc: bool,
    /// `hard_breaks: true|false` (or HedgeDoc's own `breaks`): whether a single line
    /// break is kept in this file, whatever `site.toml` says.
    pub hard_breaks: Option<bool>,
}

/// Front-matter keys that HedgeDoc's metadata defines and Jekyll and the others do not
/// use (<https://hedgedoc.org/references/yaml-metadata/>).
const HEDGEDOC_KEYS: &[&str] = &[
    "slideOptions",
    "breaks",
    "GA",
    "disqus",
    "robots",
    "opengraph",
];

/// Result of splitting a file into front matter and markdown body.
#[derive(Debug)]
pub struct Split<'a> {
    /// Parsed front matter (defaults when absent or malformed).
    pub front: FrontMatter,
    /// The markdown after the closing delimiter.
    pub body: &'a str,
    /// How many lines precede `body` in the file, to map body lines to file lines.
    pub body_line_offset: usize,
    /// Problems found, as (file line, message).
    pub problems: Vec<(usize, String)>,
}

/// Splits `text` (BOM already removed, newlines normalised to `\n`).
pub fn split(text: &str) -> Split<'_> {
    let none = |problems| Split {
        front: FrontMatter::default(),
        body: text,
        body_line_offset: 0,
        problems,
    };
    // Skip blank lines before the opening delimiter.
    let mut start = 0;
    let mut line_no = 0;
    loop {
        let end = text[start..].find('\n').map(|i| start + i);
        let line = &text[start..end.unwrap_or(text.len())];
        if line.trim().is_empty() {
            match end {
                Some(e) => {
                    start = e + 1;
                    line_no += 1;
                    continue;
                }
                None => return none(Vec::new()),
            }
        }
        if line.trim_end() != "---" {
            return none(Vec::new());
        }
        let Some(e) = end else {
            return none(vec![(
                line_no + 1,
                "front matter is opened with `---` but never closed".into(),
            )]);
        };
        start = e + 1;
        line_no += 1;
        break;
    }
    let yaml_start = start;
    let yaml_first_line = line_no + 1;
    // Find the closing `---` (or YAML's `...`).
    let mut pos = start;
    let mut n = line_no;
    let close = loop {
        if pos >= text.len() {
            break None;
        }
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        let line = text[pos..end].trim_end();
        n += 1;
        if line == "---" || line == "..." {
            break Some((pos, (end + 1).min(text.len()), n));
        }
        pos = end + 1;
    };
    let Some((yaml_end, body_start, close_line)) = close else {
        return none(vec![(
            yaml_first_line - 1,
            "front matter is opened with `---` but never closed; the file is read as markdown"
                .into(),
        )]);
    };
    let yaml = &text[yaml_start..yaml_end];
    let (front, problems) = parse_yaml(yaml, yaml_first_line);
    Split {
        front,
        body: &text[body_start..],
        body_line_offset: close_line,
        problems,
    }
}

/// Front matter larger than this is not parsed: no minutes need it, and YAML parsers
/// can be made to work hard.
const MAX_YAML: usize = 64 * 1024;

fn parse_yaml(yaml: &str, first_line: usize) -> (FrontMatter, Vec<(usize, String)>) {
    let mut problems = Vec::new();
    let mut front = FrontMatter::default();
    if yaml.trim().is_empty() {
        return (front, problems);
    }
    if yaml.len() > MAX_YAML {
        problems.push((
            first_line,
            format!(
                "front matter is {} KiB, over the 64 KiB limit; ignored",
                yaml.len() / 1024
            ),
        ));
        return (front, problems);
    }
    let value: Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            let line = e
                .location()
                .map(|l| first_line + l.line() - 1)
                .unwrap_or(first_line);
            let msg = e.to_string();
            // serde_yaml appends " at line X column Y"; we give the file line ourselves.
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            problems.push((
                line,
                format!("front matter is not valid YAML ({msg}); ignored"),
            ));
            return (front, problems);
        }
    };
    let Value::Mapping(map) = value else {
        problems.push((
            first_line,
            "front matter is not a mapping of `key: value` lines; ignored".into(),
        ));
        return (front, problems);
    };
    let line_of = |key: &str| {
        yaml.lines()
            .position(|l| l.trim_start().starts_with(&format!("{key}:")))
            .map(|i| first_line + i)
            .unwrap_or(first_line)
    };
    for (key, value) in &map {
        let Some(key) = key.as_str() else { continue };
        front.hedgedoc |= HEDGEDOC_KEYS.contains(&key);
        match value {
            Value::String(v) => front.fields.push((key.to_string(), v.clone())),
            Value::Number(n) => front.fields.push((key.to_string(), n.to_string())),
            Value::Bool(b) => {
                front.fields.push((key.to_string(), b.to_string()));
                if key == "breaks" || key == "hard_breaks" {
                    front.hard_breaks = Some(*b);
                }
            }
            _ => {}
        }
        match key {
            "title" | "date" | "type" => {}
            _ => continue,
        }
        let text = match value {
            Value::String(s) => s.trim().to_string(),
            Value::Null => continue,
            other => {
                let kind = match other {
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    Value::Sequence(_) => "a list",
                    Value::Mapping(_) => "a mapping",
                    _ => "not text",
                };
                problems.push((
                    line_of(key),
                    format!("front matter `{key}` is {kind}, expected text; ignored"),
                ));
                continue;
            }
        };
        match key {
            "title" => front.title = Some(text),
            "date" => front.date = Some(text),
            _ => {
                front.hedgedoc |= text == "slide";
                front.kind = Some(text);
            }
        }
    }
    (front, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_front_matter() {
        let s = split("# Title\n\n---\n\ntext\n");
        assert_eq!(s.front, FrontMatter::default());
        assert_eq!(s.body_line_offset, 0);
        assert!(s.body.starts_with("# Title"));
    }

    #[test]
    fn front_matter_with_blank_line_before_and_slide_separators_after() {
        let s = split("\n---\ntitle: SCS Community Call\ntype: slide\n---\n\n# A\n\n---\n\n# B\n");
        assert_eq!(s.front.title.as_deref(), Some("SCS Community Call"));
        assert_eq!(s.front.kind.as_deref(), Some("slide"));
        assert!(s.front.hedgedoc);
        assert_eq!(s.body_line_offset, 5);
        assert!(s.body.starts_with("\n# A"));
        assert!(s.body.contains("---\n\n# B"));
        assert!(s.problems.is_empty());
    }

    #[test]
    fn malformed_yaml_reports_the_file_line() {
        let s = split("---\ntitle: ok\nbad: [unclosed\n---\nbody\n");
        assert_eq!(s.front.title, None);
        assert_eq!(s.body, "body\n");
        assert_eq!(s.problems.len(), 1);
        let (line, msg) = &s.problems[0];
        assert!((3..=4).contains(line), "line {line}");
        assert!(msg.contains("not valid YAML"), "{msg}");
    }

    #[test]
    fn wrong_types_and_non_mapping() {
        let s = split("---\ndate: 42\ntitle: [1]\n---\n");
        assert_eq!(s.problems.len(), 2);
        assert!(s
            .problems
            .iter()
            .any(|(l, m)| *l == 2 && m.contains("`date` is a number")));
        assert!(s
            .problems
            .iter()
            .any(|(l, m)| *l == 3 && m.contains("`title` is a list")));
        let s = split("---\n- a\n- b\n---\nx");
        assert!(s.problems[0].1.contains("not a mapping"));
    }

    #[test]
    fn unterminated() {
        let s = split("---\ntitle: x\n# heading\n");
        assert_eq!(s.body_line_offset, 0);
        assert!(s.problems[0].1.contains("never closed"));
        assert_eq!(s.problems[0].0, 1);
    }

    #[test]
    fn billion_laughs_does_not_hang() {
        let mut y = String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for i in 0..9u8 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            y.push_str(&format!("{next}: &{next} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        y.push_str("---\nbody\n");
        let s = split(&y);
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn fields_hedgedoc_keys_and_breaks() {
        let s = split("---\ntitle: T\nlayout: post\nweight: 3\nbreaks: false\ntags: [a]\n---\nx\n");
        assert_eq!(
            s.front.fields,
            [
                ("title".to_string(), "T".to_string()),
                ("layout".into(), "post".into()),
                ("weight".into(), "3".into()),
                ("breaks".into(), "false".into()),
            ]
        );
        assert!(s.front.hedgedoc, "`breaks` is HedgeDoc's");
        assert_eq!(s.front.hard_breaks, Some(false));
        let s = split("---\ntitle: T\nhard_breaks: true\n---\nx\n");
        assert!(!s.front.hedgedoc);
        assert_eq!(s.front.hard_breaks, Some(true));
    }
}
