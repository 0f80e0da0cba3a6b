//! `site.toml` parsing and the team matcher it builds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(config) = minutebook::source::config::Config::parse(text, std::path::Path::new("site.toml")) {
        let matcher = minutebook::markdown::team_sections::TeamMatcher::new(&config);
        for h in ["Team A", "SIG Docs (1/2)", "Team IAM/Roles - x", text] {
            let _ = matcher.match_heading(h, false);
            let _ = matcher.match_heading(h, true);
        }
    }
});
