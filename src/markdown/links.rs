//! Where a link written in a minutes file points, once the site is built.
//!
//! Relative links are resolved against the file's folder: a minutes file becomes its
//! meeting page, any other file under `content/` is copied (only because a minutes file
//! links it) and linked where it lands, and anything else is reported. External URLs (with a scheme) are left to the
//! sanitizer, which drops the dangerous ones.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;

use crate::urls::Urls;

/// All link targets inside the content folder.
#[derive(Debug, Default)]
pub struct LinkTargets {
    /// Minutes file (content-relative) -> (series, stem).
    pub minutes: HashMap<PathBuf, (String, String)>,
    /// Other files of the content folder (content-relative), which links may point to.
    pub assets: HashSet<PathBuf>,
}

/// What a link resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Has a scheme or is protocol-relative: not ours to check.
    External,
    /// `#fragment` within the same file.
    SameFile(String),
    /// Another meeting page; the fragment must exist there.
    Meeting {
        /// Root-relative URL of the page (without fragment).
        url: String,
        /// (series, stem) of the target, to check the fragment later.
        target: (String, String),
        /// The fragment, if any.
        fragment: Option<String>,
    },
    /// A file of the content folder, published because a minutes file links it.
    Asset {
        /// Root-relative URL of the copy.
        url: String,
        /// The file, content-relative.
        path: PathBuf,
    },
    /// Nothing there; the message says what.
    Broken(String),
}

fn has_scheme(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !url[..i].contains('/')
        }
        None => false,
    }
}

impl LinkTargets {
    /// Resolves `url` written in the content file `from` (content-relative).
    pub fn resolve(&self, urls: &Urls, from: &Path, url: &str) -> Resolved {
        let url = url.trim();
        if url.is_empty() {
            return Resolved::Broken("empty link target".into());
        }
        if has_scheme(url) {
            return Resolved::External;
        }
        let (path_and_query, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (url, None),
        };
        let path_part = path_and_query.split('?').next().unwrap_or("");
        if path_part.is_empty() {
            return match fragment {
                Some(f) if !f.is_empty() => Resolved::SameFile(f),
                _ => Resolved::External,
            };
        }
        let decoded = percent_decode_str(path_part).decode_utf8_lossy();
        let Some(target) = join_inside(from.parent().unwrap_or(Path::new("")), &decoded) else {
            return Resolved::Broken(format!("`{url}` points outside the content folder"));
        };
        if let Some((series, stem)) = self.minutes.get(&target) {
            return Resolved::Meeting {
                url: urls.meeting(series, stem),
                target: (series.clone(), stem.clone()),
                fragment: fragment.filter(|f| !f.is_empty()),
            };
        }
        if self.assets.contains(&target) {
            let mut u = urls.asset(&target);
            if let Some(f) = fragment {
                u.push('#');
                u.push_str(&f);
            }
            return Resolved::Asset {
                url: u,
                path: target,
            };
        }
        let what = if target.extension().is_some_and(|e| e == "md") {
            "is not a dated minutes file"
        } else {
            "does not exist in the content folder"
        };
        Resolved::Broken(format!("link target `{url}` {what}"))
    }
}

/// Joins a relative (or content-root-absolute `/x`) path to `dir`, refusing to leave
/// the content folder.
fn join_inside(dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut out: Vec<String> = if rel.starts_with('/') {
        Vec::new()
    } else {
        dir.components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s.to_string()),
        }
    }
    Some(out.iter().collect())
}

/// Whether a word holds `://`, as URLs do. Checked per word of every file: a plain scan,
/// cheaper than `str::contains` on a pattern for words this short.
pub fn has_scheme_separator(word: &str) -> bool {
    word.as_bytes().windows(3).any(|w| w == b"://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        let mut t = LinkTargets::default();
        t.minutes.insert(
            PathBuf::from("iaas/20230102.md"),
            ("iaas".into(), "2023-01-02".into()),
        );
        t.assets.insert(PathBuf::from("iaas/img/a b.png"));
        t
    }

    #[test]
    fn resolution() {
        let t = targets();
        let u = Urls::new("/sub/");
        let from = Path::new("ops/20230103.md");
        assert_eq!(t.resolve(&u, from, "https://x.org/a"), Resolved::External);
        assert_eq!(t.resolve(&u, from, "mailto:a@b"), Resolved::External);
        assert_eq!(
            t.resolve(&u, from, "#team-ops"),
            Resolved::SameFile("team-ops".into())
        );
        assert_eq!(
            t.resolve(&u, from, "../iaas/20230102.md#x"),
            Resolved::Meeting {
                url: "/sub/minutes/iaas/2023-01-02/".into(),
                target: ("iaas".into(), "2023-01-02".into()),
                fragment: Some("x".into())
            }
        );
        assert_eq!(
            t.resolve(&u, from, "../iaas/img/a%20b.png"),
            Resolved::Asset {
                url: "/sub/iaas/img/a%20b.png".into(),
                path: PathBuf::from("iaas/img/a b.png")
            }
        );
        assert_eq!(
            t.resolve(&u, from, "/iaas/img/a b.png"),
            Resolved::Asset {
                url: "/sub/iaas/img/a%20b.png".into(),
                path: PathBuf::from("iaas/img/a b.png")
            }
        );
        assert!(
            matches!(t.resolve(&u, from, "../../etc/passwd"), Resolved::Broken(m) if m.contains("outside"))
        );
        assert!(
            matches!(t.resolve(&u, from, "missing.png"), Resolved::Broken(m) if m.contains("does not exist"))
        );
        assert!(
            matches!(t.resolve(&u, from, "template.md"), Resolved::Broken(m) if m.contains("not a dated"))
        );
    }
}
