//! A headless Chromium driven over WebDriver (Debian's `chromium` + `chromium-driver`).
//!
//! [`start`] returns `None` (after printing why) when they are not installed, so a
//! plain `cargo test` passes on a machine without them; with
//! `MINUTEBOOK_BROWSER_TESTS=1` (set by `.ci/run`) a missing browser is a failure.

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A WebDriver session; dropping it stops chromedriver and the browser it started.
pub struct Browser {
    /// The WebDriver client.
    pub client: fantoccini::Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names
        .iter()
        .flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n)))
        .find(|p| p.is_file())
}

fn unavailable(why: &str) -> Option<Browser> {
    if std::env::var("MINUTEBOOK_BROWSER_TESTS").is_ok_and(|v| v == "1") {
        panic!("MINUTEBOOK_BROWSER_TESTS=1 but {why}; install with `apt-get install -y chromium chromium-driver`");
    }
    eprintln!("note: browser test skipped: {why} (apt-get install -y chromium chromium-driver)");
    None
}

/// Starts chromedriver on a free port and a headless Chromium session with a fresh
/// profile.
pub async fn start() -> Option<Browser> {
    let Some(driver_bin) = find(&["chromedriver"]) else {
        return unavailable("chromedriver not found");
    };
    let Some(chromium) = find(&["chromium", "chromium-browser", "google-chrome"]) else {
        return unavailable("chromium not found");
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cmd = Command::new(&driver_bin);
    cmd.arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // Its own process group, so that Drop can stop Chromium with it.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut driver = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver_bin.display()));
    let profile = tempfile::tempdir().unwrap();
    match connect(port, &chromium, profile.path()).await {
        Ok(client) => Some(Browser {
            client,
            driver,
            _profile: profile,
        }),
        Err(e) => {
            stop(&mut driver);
            panic!("{e}");
        }
    }
}

async fn connect(port: u16, chromium: &Path, profile: &Path) -> Result<fantoccini::Client, String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err(format!("chromedriver did not listen on port {port}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "binary": chromium.to_string_lossy(), "args": args }),
    );
    fantoccini::ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .map_err(|e| format!("cannot start a Chromium session through chromedriver: {e}"))
}

/// Kills chromedriver's process group (chromedriver and the Chromium it started).
fn stop(driver: &mut Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", &format!("-{}", driver.id())])
            .status();
    }
    let _ = driver.kill();
    let _ = driver.wait();
}

impl Drop for Browser {
    fn drop(&mut self) {
        stop(&mut self.driver);
    }
}
