//! Jekyll, kramdown and HedgeDoc syntax rendered clean (README, "Dialects"): small
//! archives written into a temporary folder, built with the binary, and the HTML it
//! writes and the warnings it prints looked at.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::SiteTest;

/// Builds `files` (content-relative path, text) with `site_toml`; returns the site,
/// the output folder and stderr.
fn build(files: &[(&str, &str)], site_toml: &str) -> (SiteTest, PathBuf, String) {
    let site = files
        .iter()
        .fold(SiteTest::new().config(site_toml), |site, (rel, text)| {
            site.minutes(rel, text)
        })
        .build();
    let (out, stderr) = (site.out.clone(), site.stderr.clone());
    (site, out, stderr)
}

/// The `<div class="content">` of a meeting page: the minutes as rendered.
fn content_of(out: &Path, page: &str) -> String {
    let html = fs::read_to_string(out.join(page).join("index.html"))
        .unwrap_or_else(|e| panic!("{page}: {e}"));
    let start = html.find("<div class=\"content\">").expect("content div");
    let end = start + html[start..].find("<nav class=\"prev-next\"").expect("nav");
    html[start..end].to_string()
}

fn page(out: &Path, page: &str) -> String {
    fs::read_to_string(out.join(page).join("index.html")).unwrap()
}

const JEKYLL_POST: &str = "---
title: Weekly sync
layout: post
---
# {{ page.title }}

Written for {{ site.title }}; see [the agenda]({{ site.baseurl }}/files/agenda.txt).

{% include nav.html %}

{% comment %}
secret draft
{% endcomment %}

{% raw %}{{ literally }}{% endraw %}

`{{ page.title }}` in code

{% highlight ruby %}
puts {{ x }}
{% endhighlight %}

* TOC
{:toc}

## Goals {: .big}

Click [here](https://example.org/){:target=\"_blank\"} now.
{: .note}

## Renamed {#custom-anchor}

See [goals](#goals) and [renamed](#custom-anchor).
";

#[test]
fn jekyll_liquid_and_kramdown_are_rendered_clean() {
    let (_tmp, out, stderr) = build(
        &[
            ("20230105-post.md", JEKYLL_POST),
            ("files/agenda.txt", "agenda"),
        ],
        "title = 'Demo minutes'\nbase_url = '/sub/'\n",
    );
    let html = content_of(&out, "minutes/2023-01-05-post");
    let full = page(&out, "minutes/2023-01-05-post");
    assert!(
        full.contains("<h1 class=\"meeting-title\">Weekly sync <span class=\"subtitle\">2023-01-05</span></h1>"),
        "{full}"
    );
    assert!(html.contains("Written for Demo minutes;"), "{html}");
    assert!(
        html.contains("href=\"/sub/files/agenda.txt\""),
        "site.baseurl keeps the link under the base path: {html}"
    );
    assert!(!html.contains("secret draft"), "{html}");
    assert!(html.contains("{{ literally }}"), "raw content kept: {html}");
    assert!(
        html.contains("<code>{{ page.title }}</code>"),
        "code span untouched: {html}"
    );
    assert!(
        html.contains("<pre><code class=\"language-ruby\">puts {{ x }}"),
        "highlight is a code block: {html}"
    );
    for gone in ["{%", "{:", "TOC", "big", "target", "note"] {
        assert!(!html.contains(gone), "{gone} left in {html}");
    }
    assert!(
        html.contains("id=\"goals\""),
        "IAL out of the heading id: {html}"
    );
    assert!(html.contains("id=\"custom-anchor\""), "{html}");
    assert!(!html.contains("{#custom-anchor}"), "{html}");
    assert!(
        html.contains("href=\"/sub/minutes/2023-01-05-post/#custom-anchor\""),
        "{html}"
    );
    // The unsupported tag is reported with the file's line (front matter counted).
    let warning = stderr
        .lines()
        .find(|l| l.contains("include nav.html"))
        .unwrap_or_else(|| panic!("no warning for the include in {stderr}"));
    assert!(warning.contains("20230105-post.md:9:"), "{warning}");
    assert!(!stderr.contains("no heading with that anchor"), "{stderr}");
}

const HEDGEDOC_PAD: &str = "---
title: 'Community call :telephone:'
type: slide
---

# :family: Team Ops

- Alice
  Bob

![board](https://example.org/b.png =80%x80%) ![wide](https://example.org/w.png =200x) ![tall](https://example.org/h.png =x100)

:::info
Note with :notebook: and <b>bold</b>
:::

:::warning
careful
:::

:::success
ok
:::

:::danger
bad
:::

:::spoiler More details
hidden
:::

----

# Team Ops :rocket:

more
";

const PLAIN: &str = "# Plain minutes :tada:

Line one
line two
";

#[test]
fn hedgedoc_sizes_emoji_callouts_and_breaks() {
    let (_tmp, out, stderr) = build(
        &[("20230112.md", HEDGEDOC_PAD), ("20230119.md", PLAIN)],
        "title = 'Demo'\n",
    );
    let html = content_of(&out, "minutes/2023-01-12");
    let full = page(&out, "minutes/2023-01-12");
    assert!(
        full.contains("Community call ☎\u{fe0f}"),
        "emoji in the title: {full}"
    );
    assert!(html.contains("👪"), "{html}");
    assert!(html.contains("📓"), "{html}");
    assert!(
        !html.contains(":notebook:") && !html.contains(":family:"),
        "{html}"
    );
    for (alt, attrs) in [
        ("board", "width=\"80%\" height=\"80%\""),
        ("wide", "width=\"200\""),
        ("tall", "height=\"100\""),
    ] {
        let img = html
            .split("<img ")
            .find(|i| i.contains(&format!("alt=\"{alt}\"")))
            .unwrap_or_else(|| panic!("no image {alt} in {html}"));
        assert!(img.contains(attrs), "{alt}: {img}");
        assert!(img.contains("src=\"https://example.org/"), "{alt}: {img}");
    }
    assert!(
        !html.contains("=80%") && !html.contains("=200x") && !html.contains("=x100"),
        "{html}"
    );
    for kind in ["info", "warning", "success", "danger"] {
        assert!(
            html.contains(&format!("<div class=\"callout callout-{kind}\">")),
            "{kind}: {html}"
        );
    }
    assert!(html.contains("<b>bold</b>"), "{html}");
    assert!(
        html.contains("<details><summary>More details</summary>"),
        "{html}"
    );
    assert!(!html.contains(":::"), "{html}");
    assert!(
        html.contains("Alice<br"),
        "HedgeDoc file keeps line breaks: {html}"
    );
    // Both slides are the team's one section; the emoji does not change the team.
    let team = page(&out, "teams/team-ops");
    assert!(team.contains("more"), "{team}");

    let plain = content_of(&out, "minutes/2023-01-19");
    assert!(
        plain.contains("Line one\nline two"),
        "plain file joins lines: {plain}"
    );
    assert!(!plain.contains("<br"), "{plain}");
    // The file's title heading is the page's `h1`, with its emoji.
    let title = page(&out, "minutes/2023-01-19");
    assert!(title.contains("Plain minutes 🎉"), "{title}");
    assert!(
        plain.contains("id=\"plain-minutes"),
        "ASCII anchor: {plain}"
    );
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn hard_breaks_setting_and_front_matter_override() {
    let files = [
        ("20230112.md", HEDGEDOC_PAD),
        ("20230119.md", PLAIN),
        (
            "20230126.md",
            "---\nbreaks: false\n---\n# Off\n\n:::info\nx\ny\n:::\n",
        ),
    ];
    let (_tmp, out, _) = build(&files, "hard_breaks = true\n");
    assert!(content_of(&out, "minutes/2023-01-19").contains("Line one<br"));
    assert!(!content_of(&out, "minutes/2023-01-26").contains("x<br"));
    let (_tmp, out, _) = build(&files, "hard_breaks = false\n");
    assert!(!content_of(&out, "minutes/2023-01-12").contains("<br"));
}

#[test]
fn title_dates_in_words_and_slashes_are_checked() {
    let (_tmp, _out, stderr) = build(
        &[
            ("20230126.md", "# Weekly call 2 February 2023\n\nx\n"),
            ("20230202.md", "# Weekly call February 2, 2023\n\nx\n"),
            ("20230209.md", "# Weekly call 9/2/2023\n\nx\n"),
            (
                "20230216.md",
                "# Weekly call Thursday 16 February 2023\n\nx\n",
            ),
        ],
        "",
    );
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("title says"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].contains("20230126.md:1:"), "{}", warnings[0]);
    assert!(
        warnings[0].contains(
            "title says 2023-02-02 (`2 February 2023`) but the file name says 2023-01-26"
        ),
        "{}",
        warnings[0]
    );
}
