//! Starting `minutebook serve` on a site folder, and talking to it.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Generous bound for anything that should happen "at once": a hang fails the test
/// instead of blocking it forever. Not a performance assertion.
pub(crate) const PATIENCE: Duration = Duration::from_secs(15);

/// A running `minutebook serve`; interrupted (Ctrl-C) and reaped on drop.
pub(crate) struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT/base/`
    pub url: String,
    pub addr: String,
    stderr: mpsc::Receiver<String>,
}

impl Server {
    pub(crate) fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_minutebook"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("serving ") {
                    let _ = tx.send(url.split_whitespace().next().unwrap().to_string());
                }
            }
        });
        let (etx, erx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = etx.send(line);
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve printed no URL");
        let addr = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        Server {
            child,
            url,
            addr,
            stderr: erx,
        }
    }

    /// `path` below the base path.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    /// GET below the base path: (status, body).
    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        get_url(&self.url(path))
    }

    /// Sends a request line as it is (no client-side normalisation of `..`), returns
    /// the status and the body.
    pub(crate) fn raw_get(&self, target: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let text = String::from_utf8_lossy(&out).to_string();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, text)
    }

    /// Opens the live-reload stream at `path` (below the base path).
    pub(crate) fn events(&self, path: &str) -> Events {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        let base = self.url.splitn(4, '/').nth(3).unwrap_or("");
        write!(
            s,
            "GET /{base}{path} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut ev = Events {
            reader: BufReader::new(s),
            hello: 0,
        };
        let (kind, version) = ev.next();
        assert_eq!(kind, "hello");
        ev.hello = version.parse().unwrap();
        ev
    }

    /// Stderr lines printed so far.
    pub(crate) fn stderr(&self) -> Vec<String> {
        self.stderr.try_iter().collect()
    }

    /// Sends Ctrl-C and waits for the exit.
    pub(crate) fn interrupt(&mut self) -> ExitStatus {
        interrupt(&self.child);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop after Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub(crate) fn interrupt(child: &Child) {
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -INT failed");
}

pub(crate) fn get_url(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut r = agent.get(url).call().unwrap();
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().unwrap_or_default();
    (status, body)
}

/// A server-sent events stream, read line by line (chunk sizes are skipped).
pub(crate) struct Events {
    reader: BufReader<TcpStream>,
    /// The site version the server reported on connecting.
    pub hello: u64,
}

impl Events {
    /// The next event: (event name, data). Keep-alive comments are skipped.
    pub(crate) fn next(&mut self) -> (String, String) {
        let mut kind = None;
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("event stream timed out");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end();
            if let Some(k) = line.strip_prefix("event: ") {
                kind = Some(k.to_string());
            } else if let Some(d) = line.strip_prefix("data: ") {
                if let Some(k) = kind.take() {
                    return (k, d.to_string());
                }
            }
        }
    }

    /// Waits for reload events until `done` holds (an editor's save, or a folder made
    /// then filled, may arrive as more than one rebuild).
    pub(crate) fn reload_until(&mut self, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (kind, _) = self.next();
            assert_eq!(kind, "reload");
            if done() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no reload brought the expected change"
            );
        }
    }

    /// Whether the server closed the stream (reads until end of stream).
    pub(crate) fn closed(&mut self) -> bool {
        let mut rest = Vec::new();
        self.reader.read_to_end(&mut rest).is_ok()
    }
}

/// Rewrites a file through a closure.
pub(crate) fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, f(text)).unwrap();
}
