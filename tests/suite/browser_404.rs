//! The 404 page in a real browser, served the way GitHub Pages serves a project site:
//! every file under `/sub/`, and `404.html` (with status 404) for any path that has none.
//! At every depth it must keep its stylesheet and its navigation must lead home.

use crate::common::browser;
use crate::common::crawl;
use crate::common::static_server::StaticServer;

use std::path::Path;

use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn not_found_page_is_styled_and_navigable_at_any_depth() {
    let Some(b) = browser::start().await else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    // Started first: the build's base URL names its port.
    let pages = StaticServer::start(&out, "/sub/");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/publish");
    crawl::build(&fixture, None, &pages.url(""), &out);
    let origin = pages.origin.clone();
    let c = &b.client;

    for missing in [
        "/sub/nope",
        "/sub/teams/nope/",
        "/sub/minutes/harbor/2025-01-20/a/b/c/d/e.html",
        "/sub/a/b/c/d/e/f/g/h/",
    ] {
        c.goto(&format!("{origin}{missing}")).await.unwrap();
        let h1 = c
            .find(Locator::Css("main h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(h1, "Page not found", "at {missing}");
        // The stylesheet loaded (same origin, so its rules are readable) and applies.
        let styled = c
            .execute(
                "const s = [...document.styleSheets].find(s => s.href && s.href.endsWith('/sub/style.css'));
                 return [s ? s.cssRules.length : -1, s ? s.href : null];",
                vec![],
            )
            .await
            .unwrap();
        let rules = styled[0].as_i64().unwrap();
        assert!(rules > 10, "at {missing}: style.css not loaded ({styled})");
        assert_eq!(styled[1], format!("{origin}/sub/style.css"), "at {missing}");
        // Navigation leads home, to the teams, people, decisions, actions and issues,
        // wherever the 404 page was served.
        let nav = c
            .execute(
                "return [...document.querySelectorAll('header nav a')].map(a => a.href);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            nav,
            serde_json::json!([
                format!("{origin}/sub/"),
                format!("{origin}/sub/teams/"),
                format!("{origin}/sub/people/"),
                format!("{origin}/sub/decisions/"),
                format!("{origin}/sub/actions/"),
                format!("{origin}/sub/issues/")
            ]),
            "at {missing}"
        );
    }

    // Following the Teams link from a deep 404 lands on the styled teams page.
    c.goto(&format!("{origin}/sub/x/y/z/")).await.unwrap();
    c.find(Locator::LinkText("Teams"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        c.current_url().await.unwrap().as_str(),
        format!("{origin}/sub/teams/")
    );
    assert_eq!(
        c.find(Locator::Css("main h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "Teams"
    );
    c.clone().close().await.unwrap();
}
