//! The whole load-and-parse path of one minutes file: decoding, front matter, the
//! comrak AST, team sections, link resolution and sanitising.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minutebook::source::config::Config;

static CONFIG: std::sync::LazyLock<Config> = std::sync::LazyLock::new(|| {
    Config::parse(
        "team_parents = ['Team updates']\n[[teams]]\nname = 'Team A'\naliases = ['A SIG']\npatterns = ['Team A/.*']\n",
        std::path::Path::new("site.toml"),
    )
    .expect("fixed config parses")
});

fuzz_target!(|data: &[u8]| {
    let (parsed, _) = minutebook::site::parse_bytes(data.to_vec(), std::path::Path::new("x/20240101.md"), &CONFIG);
    for b in &parsed.blocks {
        if let Some(tag) = minutebook::markdown::sanitize::active_content_in_tags(&b.html) {
            panic!("active content in output: {tag} in {}", b.html);
        }
    }
    for s in &parsed.sections {
        assert!(s.body.iter().all(|&i| i < parsed.blocks.len()));
    }
});
