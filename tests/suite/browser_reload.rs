//! End to end in a real headless browser: the page reloads itself after an edit.
//!
//! The waits below only bound a hang; how fast the reload comes is measured, against
//! its budget, by `scripts/bench-reload`.

use crate::common::browser;

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::common::server::{edit, Server, PATIENCE};
use crate::common::SiteTest;

async fn body_text(client: &fantoccini::Client) -> String {
    match client.find(Locator::Css("body")).await {
        Ok(body) => body.text().await.unwrap_or_default(),
        // Mid-reload the document may briefly have no body.
        Err(_) => String::new(),
    }
}

async fn wait_for(
    client: &fantoccini::Client,
    within: Duration,
    what: &str,
    mut ok: impl FnMut(&str) -> bool,
) {
    let deadline = Instant::now() + within;
    loop {
        let text = body_text(client).await;
        if ok(&text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the page did not show {what} within {within:?}; it shows:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_week_page_reloads_itself_after_its_file_changes() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let dir = SiteTest::demo();
    let site = dir.path().join("site");
    let server = Server::start(&site, &["--watch"]);
    let client = &browser.client;

    client.goto(&server.url("weeks/2026-W39/")).await.unwrap();
    wait_for(client, Duration::from_secs(10), "the week", |t| {
        t.contains("IPv6 design accepted")
    })
    .await;
    // Let the page open its event stream before the edit.
    let deadline = Instant::now() + Duration::from_secs(10);
    while client
        .execute("return document.readyState", vec![])
        .await
        .unwrap()
        != "complete"
    {
        assert!(Instant::now() < deadline, "the page did not finish loading");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    edit(&site.join("content/weekly/20260924.md"), |t| {
        t.replace(
            "IPv6 design accepted",
            "IPv6 rollout finished in the browser test",
        )
    });
    wait_for(client, PATIENCE, "the edited text", |t| {
        t.contains("IPv6 rollout finished in the browser test")
            && !t.contains("IPv6 design accepted")
    })
    .await;

    // A broken template: the old page stays, with the overlay naming the file.
    let templates = site.join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("week.html"),
        "{% extends \"base.html\" %}{% block content %}{{ oops }{% endblock %}",
    )
    .unwrap();
    wait_for(client, Duration::from_secs(10), "the error overlay", |t| {
        t.contains("rebuild failed")
            && t.contains("week.html")
            && t.contains("IPv6 rollout finished")
    })
    .await;
    std::fs::remove_dir_all(&templates).unwrap();
    wait_for(
        client,
        Duration::from_secs(10),
        "the page without the overlay",
        |t| !t.contains("rebuild failed") && t.contains("IPv6 rollout finished"),
    )
    .await;

    // A stylesheet change is applied without reloading the page.
    client.execute("window.__kept = 42", vec![]).await.unwrap();
    edit(&site.join("static/style.css"), |t| {
        t + "\nbody { background-color: rgb(1, 2, 3) }\n"
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let bg = client
            .execute(
                "return getComputedStyle(document.body).backgroundColor",
                vec![],
            )
            .await
            .unwrap();
        if bg == "rgb(1, 2, 3)" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new stylesheet was not applied: {bg}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let kept = client
        .execute("return window.__kept", vec![])
        .await
        .unwrap();
    assert_eq!(kept, 42, "the page was reloaded for a CSS change");

    client.clone().close().await.unwrap();
}
