//! Headless Chromium over WebDriver for tests.
//!
//! `start()` runs chromedriver on a free port and opens a Chromium session with a fresh
//! profile. It returns `None` (after a printed note) when chromedriver or Chromium is
//! missing, and panics instead when `MINUTEBOOK_BROWSER_TESTS=1` says they must be there.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running browser; dropping it ends chromedriver and the Chromium it started.
pub struct Browser {
    /// The WebDriver session.
    pub client: fantoccini::Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver leads its own process group, Chromium included: end the group.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg("--")
            .arg(format!("-{}", self.driver.id()))
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn required() -> bool {
    std::env::var("MINUTEBOOK_BROWSER_TESTS").as_deref() == Ok("1")
}

fn skip(why: &str) -> Option<Browser> {
    if required() {
        panic!("MINUTEBOOK_BROWSER_TESTS=1 but {why}; install with `apt-get install -y chromium chromium-driver`");
    }
    eprintln!(
        "note: {why}; skipping the browser test (apt-get install -y chromium chromium-driver)"
    );
    None
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
    })
}

/// Starts chromedriver and a headless Chromium session.
pub async fn start() -> Option<Browser> {
    let Some(driver_bin) = which(&["chromedriver"]) else {
        return skip("chromedriver is not installed");
    };
    let Some(chromium) = which(&["chromium", "chromium-browser", "google-chrome"]) else {
        return skip("chromium is not installed");
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let mut cmd = Command::new(&driver_bin);
    cmd.arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut driver = match cmd.spawn() {
        Ok(d) => d,
        Err(e) => return skip(&format!("chromedriver does not start: {e}")),
    };
    let profile = tempfile::tempdir().expect("temp dir");
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        }
    }))
    .expect("capabilities are an object");
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        match fantoccini::ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => break c,
            Err(e) if Instant::now() > deadline => {
                let _ = driver.kill();
                let _ = driver.wait();
                return skip(&format!("no WebDriver session from chromedriver: {e}"));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    };
    Some(Browser {
        client,
        driver,
        _profile: profile,
    })
}
