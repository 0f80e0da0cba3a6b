//! The one place that decides whether a test whose tool or data is missing skips or
//! fails. Each need has the variable `.ci/run` sets to make it mandatory; without it a
//! missing need skips the test and prints one line, `skipped: TEST: WHY`, so that a
//! run's skips can be counted with `grep -c '^skipped: '`.

/// What a test needs beyond the repository.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Need {
    /// `../shared` (the corpora and tools beside the repository).
    Shared,
    /// Chromium, chromedriver and axe-core.
    Browser,
    /// `node`, for the search script's tests.
    Node,
}

impl Need {
    /// The variable that makes this need mandatory when it is `1`.
    pub(crate) fn variable(self) -> &'static str {
        match self {
            Need::Shared => "MINUTEBOOK_REQUIRE_SHARED",
            Need::Browser => "MINUTEBOOK_BROWSER_TESTS",
            Need::Node => "MINUTEBOOK_NODE_TESTS",
        }
    }

    /// Whether a missing need fails the test.
    pub(crate) fn required(self) -> bool {
        std::env::var(self.variable()).is_ok_and(|v| v == "1")
    }
}

/// Called when `need` is missing (`why` says what and how to get it): fails the test
/// when the need is mandatory, else prints the one skip line. Returns `None`, so that
/// a helper can end with `return skip(...)`.
pub(crate) fn skip<T>(need: Need, why: &str) -> Option<T> {
    if need.required() {
        panic!("{}=1 but {why}", need.variable());
    }
    let current = std::thread::current();
    let test = current.name().unwrap_or("a test");
    eprintln!(
        "skipped: {test}: {why} (set {}=1 to make it a failure)",
        need.variable()
    );
    None
}
