//! The index's number code, both ways, and the index read back as `static/search.js`
//! reads it: the reader checks in tests what the build wrote.

use std::collections::HashMap;

/// Characters that need no escaping in JSON, minus `"` and `\`: 92 of them, half
/// ending a number and half continuing it.
pub(super) const ALPHABET: &[u8] =
    b"!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
pub(super) const HALF: usize = ALPHABET.len() / 2;

/// Writes a number as one or more alphabet characters: leading digits from the
/// continuation half, the last from the terminal half.
pub(super) fn encode_number(mut n: usize, out: &mut String) {
    // Enough for any usize: 46^12 > 2^64.
    let mut digits = [0u8; 12];
    let mut len = 1;
    digits[0] = ALPHABET[n % HALF];
    n /= HALF;
    while n > 0 {
        n -= 1;
        digits[len] = ALPHABET[HALF + n % HALF];
        len += 1;
        n /= HALF;
    }
    out.extend(digits[..len].iter().rev().map(|&b| b as char));
}

/// Reads back what [`encode_number`] wrote (the browser does the same in JavaScript);
/// `None` for a character outside the alphabet or a number cut short.
pub(super) fn decode_numbers(s: &str) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    let mut acc = 0usize;
    for b in s.bytes() {
        let i = ALPHABET.iter().position(|&a| a == b)?;
        if i >= HALF {
            acc = acc.checked_add(i - HALF + 1)?.checked_mul(HALF)?;
        } else {
            out.push(acc + i);
            acc = 0;
        }
    }
    (acc == 0).then_some(out)
}

/// One document of an index, read back as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedDoc {
    /// Meeting page URL.
    pub meeting_url: String,
    /// Date of the meeting.
    pub date: String,
    /// Team slug, for team sections and teams' own meetings.
    pub team: Option<String>,
    /// Section heading, or the meeting title.
    pub heading: String,
    /// Anchor of the team section; empty for the meeting's own text.
    pub anchor: String,
    /// Headings inside the document: (text, anchor on the meeting page).
    pub subheadings: Vec<(String, String)>,
    /// The indexed text, tokens separated by single spaces.
    pub text: String,
}

/// Reads an index written by [`build`] back into documents from its manifest and its
/// text shards (`shard("t/0.json")`), deriving the heading anchors that are not stored
/// the way `search.js` does. For tools and tests.
pub fn read_index(
    manifest: &str,
    shard: impl Fn(&str) -> Option<String>,
) -> Result<Vec<IndexedDoc>, String> {
    let bad = |what: &str| format!("malformed search index: {what}");
    let json = |s: &str| -> Result<serde_json::Value, String> {
        serde_json::from_str(s).map_err(|e| format!("not JSON: {e}"))
    };
    let v = json(manifest)?;
    let str_of =
        |x: &serde_json::Value, what: &str| x.as_str().map(str::to_string).ok_or_else(|| bad(what));
    let teams = v["teams"].as_array().ok_or_else(|| bad("teams"))?;
    let meetings = v["meetings"].as_array().ok_or_else(|| bad("meetings"))?;
    let coded = decode_numbers(&str_of(&v["docs"], "docs")?).ok_or_else(|| bad("docs"))?;
    let texts = v["texts"].as_array().ok_or_else(|| bad("texts"))?;
    let mut out = Vec::new();
    for k in 0..texts.len() {
        let t = json(&shard(&format!("t/{k}.json")).ok_or_else(|| bad("missing text shard"))?)?;
        let mut urls = HashMap::new();
        for m in t["meetings"]
            .as_array()
            .ok_or_else(|| bad("shard meetings"))?
        {
            urls.insert(
                m[0].as_u64().ok_or_else(|| bad("meeting"))?,
                str_of(&m[2], "url")?,
            );
        }
        for d in t["docs"].as_array().ok_or_else(|| bad("shard docs"))? {
            let di = out.len();
            let code = *coded.get(di * 2).ok_or_else(|| bad("doc count"))?;
            let mi = meeting_of(meetings, di).ok_or_else(|| bad("doc count"))?;
            let team = match code / 16 {
                0 => None,
                t => Some(str_of(
                    &teams.get(t - 1).ok_or_else(|| bad("team"))?[1],
                    "team",
                )?),
            };
            let text = str_of(&d[2], "text")?;
            let tokens: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
            let spans = decode_numbers(&str_of(&d[3], "spans")?).ok_or_else(|| bad("spans"))?;
            let stored = str_of(&d[4], "anchors")?;
            let mut stored = stored.split(' ');
            let mut subheadings = Vec::new();
            for pair in spans.chunks(2) {
                let [start, len] = pair else {
                    return Err(bad("spans"));
                };
                let text = (tokens.get(*start..start + len))
                    .ok_or_else(|| bad("span"))?
                    .join(" ");
                let anchor = match stored.next() {
                    Some(a) if !a.is_empty() => a.to_string(),
                    _ => crate::text::slug::slugify(&text),
                };
                subheadings.push((text, anchor));
            }
            out.push(IndexedDoc {
                meeting_url: urls.get(&(mi as u64)).cloned().ok_or_else(|| bad("url"))?,
                date: str_of(&meetings[mi][1], "date")?,
                team,
                heading: str_of(&d[0], "heading")?,
                anchor: str_of(&d[1], "anchor")?,
                subheadings,
                text: tokens.join(" "),
            });
        }
    }
    Ok(out)
}

/// The meeting of the `doc`th document, from the meetings' document counts.
pub(super) fn meeting_of(meetings: &[serde_json::Value], doc: usize) -> Option<usize> {
    let mut seen = 0;
    for (i, m) in meetings.iter().enumerate() {
        seen += m[3].as_u64()? as usize;
        if doc < seen {
            return Some(i);
        }
    }
    None
}
