//! Helpers for unit tests: small archives parsed from text ([`archive`]) and the SCS
//! corpus loaded once ([`scs_site`]).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::markdown::links::LinkTargets;
use crate::markdown::parse::{parse_meeting, ParseContext, ParseSettings};
use crate::model::archive::Archive;
use crate::site::{Site, SitePaths};
use crate::source::config::Config;
use crate::source::walk::SourceFile;
use crate::urls::Urls;

/// An archive from `(series, YYYY-MM-DD, markdown)` files and a `site.toml` text.
pub(crate) fn archive(files: &[(&str, &str, &str)], config: &str) -> Archive {
    let config = Config::parse(config, Path::new("site.toml")).unwrap();
    let settings = ParseSettings::new(&config);
    let targets = LinkTargets::default();
    let urls = Urls::new("/");
    let cx = ParseContext {
        settings: &settings,
        targets: &targets,
        urls: &urls,
    };
    let parsed = files
        .iter()
        .map(|(series, date, text)| {
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            let source = SourceFile {
                rel: PathBuf::from(format!("{series}/{date}.md")),
                series: series.to_string(),
                date,
                stem: date.to_string(),
                part: None,
            };
            let self_url = urls.meeting(series, &source.stem);
            (
                source,
                parse_meeting(text, Path::new("x.md"), &self_url, &cx),
            )
        })
        .collect();
    Archive::assemble(&config, &settings.matcher, parsed, vec![], vec![])
}

/// `../shared/corpus/scs-minutes`, or `None` (with a note) when it is missing; a
/// failure instead when `MINUTEBOOK_REQUIRE_SHARED=1`.
pub(crate) fn scs_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/scs-minutes");
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var("MINUTEBOOK_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!(
            "MINUTEBOOK_REQUIRE_SHARED=1 but the SCS corpus is missing at {}",
            p.display()
        );
    }
    eprintln!(
        "note: skipping: the SCS corpus is missing at {}",
        p.display()
    );
    None
}

/// The SCS corpus loaded with `examples/scs/site.toml`, once per test binary.
pub(crate) fn scs_site() -> Option<&'static Site> {
    static SITE: OnceLock<Option<Site>> = OnceLock::new();
    SITE.get_or_init(|| {
        let corpus = scs_corpus()?;
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scs");
        let paths = SitePaths::new(Some(root), Some(corpus), None);
        Some(Site::load(paths, None).expect("the SCS corpus loads"))
    })
    .as_ref()
}
