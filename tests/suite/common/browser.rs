//! Headless Chromium for browser tests, driven over WebDriver by fantoccini.
//!
//! `start()` returns `None` (after printing why) when chromedriver or Chromium is not
//! installed, so `cargo test` passes on machines without them; with
//! `MINUTEBOOK_BROWSER_TESTS=1` a missing browser is a failure instead (`common::skip`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running chromedriver with one Chromium session.
pub(crate) struct Browser {
    /// The WebDriver session.
    pub client: fantoccini::Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver runs in its own process group together with the Chromium it
        // started; ending the group leaves no browser behind.
        let pgid = self.driver.id();
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg("--")
            .arg(format!("-{pgid}"))
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn skip(why: &str) -> Option<Browser> {
    super::skip::skip(
        super::skip::Need::Browser,
        &format!("{why} (apt-get install -y chromium chromium-driver)"),
    )
}

fn find(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Starts chromedriver on a free port and opens a headless Chromium session.
pub(crate) async fn start() -> Option<Browser> {
    start_with(&[]).await
}

/// [`start`], with more Chromium flags (`--blink-settings=preferredColorScheme=0` for
/// a session in dark mode: WebDriver cannot emulate media features).
pub(crate) async fn start_with(flags: &[&str]) -> Option<Browser> {
    let Some(driver_bin) = find("CHROMEDRIVER", &["chromedriver"]) else {
        return skip("chromedriver is not installed");
    };
    let Some(chromium) = find(
        "CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    ) else {
        return skip("chromium is not installed");
    };
    // chromedriver picks its own port and says which: a port picked here and handed
    // over could be taken meanwhile by another test's chromedriver, whose session this
    // test would then share.
    let mut cmd = Command::new(&driver_bin);
    cmd.arg("--port=0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut driver = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return skip(&format!("cannot start {}: {e}", driver_bin.display())),
    };
    let stdout = driver.stdout.take().expect("piped stdout");
    let profile = tempfile::tempdir().expect("a temporary profile folder");
    let mut waiting = Browserless {
        driver: Some(driver),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(port) = line
                .split("started successfully on port ")
                .nth(1)
                .and_then(|p| p.trim_end_matches('.').parse::<u16>().ok())
            {
                let _ = tx.send(port);
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| {
            panic!(
                "chromedriver ({}) did not start within 60 s",
                driver_bin.display()
            )
        });
    let client = fantoccini::ClientBuilder::native()
        .capabilities(capabilities(&chromium, profile.path(), flags))
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot open a Chromium session ({}): {e}",
                chromium.display()
            )
        });
    // Generous bounds, not the defaults (30 s for a script): on a loaded machine axe
    // on a long page, or a page load, can take longer; a hang still fails.
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(180)),
            Some(Duration::from_secs(180)),
            Some(Duration::ZERO),
        ))
        .await
        .expect("set WebDriver timeouts");
    let driver = waiting.driver.take().expect("still owned");
    Some(Browser {
        client,
        driver,
        _profile: profile,
    })
}

/// Ends chromedriver if the session cannot be opened.
struct Browserless {
    driver: Option<Child>,
}

impl Drop for Browserless {
    fn drop(&mut self) {
        if let Some(d) = &mut self.driver {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg("--")
                .arg(format!("-{}", d.id()))
                .status();
            let _ = d.kill();
            let _ = d.wait();
        }
    }
}

fn capabilities(
    chromium: &Path,
    profile: &Path,
    flags: &[&str],
) -> serde_json::Map<String, serde_json::Value> {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(flags.iter().map(|s| s.to_string()))
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect::<Vec<_>>();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "binary": chromium.to_string_lossy(), "args": args }),
    );
    caps
}
