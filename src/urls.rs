//! The one place that knows the URL scheme and the base URL.
//!
//! Every internal link is root-relative and starts with the base path (`/` or
//! `/minutes/` for a GitHub project site), so the same HTML works at every depth and a
//! section rendered once can be reused on meeting, week and team pages. Absolute URLs
//! (feeds, sitemap, canonical links) prepend the base URL's origin.

use std::path::PathBuf;

/// URL builder for one site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// `https://example.org` or empty when the base URL has no origin.
    origin: String,
    /// Always starts and ends with `/`.
    base_path: String,
    /// The series whose meetings sit directly under `minutes/` (empty: none).
    default_series: String,
}

impl Urls {
    /// Builds from a base URL such as `/`, `/sub/`, `https://example.org/sub`.
    pub fn new(base_url: &str) -> Urls {
        let base_url = base_url.trim();
        let (origin, path) = match base_url.find("://") {
            Some(i) => {
                let after = &base_url[i + 3..];
                let slash = after.find('/').unwrap_or(after.len());
                (base_url[..i + 3 + slash].to_string(), &after[slash..])
            }
            None => (String::new(), base_url),
        };
        let mut base_path = String::from("/");
        for seg in path.split('/').filter(|s| !s.is_empty()) {
            base_path.push_str(seg);
            base_path.push('/');
        }
        Urls {
            origin,
            base_path,
            default_series: String::new(),
        }
    }

    /// Builds from a site's base URL and default series: that series' meetings are at
    /// `/minutes/<stem>/`, so that a site published at `/minutes/` does not link
    /// `/minutes/minutes/minutes/<stem>/`.
    pub fn for_site(base_url: &str, default_series: &str) -> Urls {
        Urls {
            default_series: default_series.to_string(),
            ..Urls::new(base_url)
        }
    }

    /// The base path, `/` or `/sub/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// `https://example.org`, or empty when the base URL has no origin.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The site's absolute base URL when an origin is configured (`https://x.org/sub/`).
    pub fn absolute_base(&self) -> Option<String> {
        (!self.origin.is_empty()).then(|| format!("{}{}", self.origin, self.base_path))
    }

    /// Root-relative URL of a site path like `teams/x/` (no leading slash).
    pub fn page(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// Absolute URL of a root-relative one, when the origin is known.
    pub fn absolute(&self, root_relative: &str) -> String {
        format!("{}{}", self.origin, root_relative)
    }

    /// `/minutes/<series>/<stem>/`, or `/minutes/<stem>/` for the default series (stems
    /// start with a date and series names never are one, so the two cannot meet).
    pub fn meeting(&self, series: &str, stem: &str) -> String {
        if !self.default_series.is_empty() && series == self.default_series {
            return self.page(&format!("minutes/{stem}/"));
        }
        self.page(&format!("minutes/{series}/{stem}/"))
    }
    /// `/weeks/<YYYY>-W<ww>/`
    pub fn week(&self, key: &str) -> String {
        self.page(&format!("weeks/{key}/"))
    }
    /// `/weeks/<year>/`: the weeks of one ISO week-numbering year.
    pub fn weeks_of_year(&self, year: i32) -> String {
        self.page(&format!("weeks/{year}/"))
    }
    /// `/teams/`
    pub fn teams(&self) -> String {
        self.page("teams/")
    }
    /// `/teams/<slug>/`, or `/teams/<slug>/<year>/` for one year of a split timeline.
    pub fn team(&self, slug: &str, year: Option<i32>) -> String {
        match year {
            Some(y) => self.page(&format!("teams/{slug}/{y}/")),
            None => self.page(&format!("teams/{slug}/")),
        }
    }
    /// `/teams/<slug>/<year>/<MM>/`: the part of a busy year of a timeline that starts
    /// at month `month` (the year's first part is the year's page).
    pub fn team_part(&self, slug: &str, year: i32, month: u32) -> String {
        self.page(&format!("teams/{slug}/{year}/{month:02}/"))
    }
    /// `/series/<name>/`
    pub fn series(&self, name: &str) -> String {
        self.page(&format!("series/{name}/"))
    }
    /// `/series/<name>/page/<n>/`: page `n` (from 2 on) of a long series' meetings.
    pub fn series_page(&self, name: &str, page: usize) -> String {
        if page <= 1 {
            self.series(name)
        } else {
            self.page(&format!("series/{name}/page/{page}/"))
        }
    }
    /// `/feed.xml`: the Atom feed of the whole archive.
    pub fn feed(&self) -> String {
        self.page("feed.xml")
    }
    /// `/teams/<slug>/feed.xml`: one team's Atom feed.
    pub fn team_feed(&self, slug: &str) -> String {
        self.page(&format!("teams/{slug}/feed.xml"))
    }
    /// `/sitemap.xml`
    pub fn sitemap(&self) -> String {
        self.page("sitemap.xml")
    }
    /// `/search/` (reads `?q=`)
    pub fn search(&self) -> String {
        self.page("search/")
    }
    /// `/search-index.json`, fetched by the search page on first use.
    pub fn search_index(&self) -> String {
        self.page("search-index.json")
    }
    /// `/search.js`
    pub fn search_script(&self) -> String {
        self.page("search.js")
    }
    /// `/teams/<slug>/topics/` (page 1 of a team's topics, `/teams/<slug>/topics/page/<n>/`
    /// from page 2 on), with `#<anchor>` for one topic.
    pub fn topics(&self, slug: &str, page: usize, anchor: Option<&str>) -> String {
        let folder = if page <= 1 {
            format!("teams/{slug}/topics/")
        } else {
            format!("teams/{slug}/topics/page/{page}/")
        };
        match anchor {
            Some(a) => self.page(&format!("{folder}#{a}")),
            None => self.page(&folder),
        }
    }
    /// `/people/`, with `#<anchor>` for one person.
    pub fn people(&self, anchor: Option<&str>) -> String {
        match anchor {
            Some(a) => self.page(&format!("people/#{a}")),
            None => self.page("people/"),
        }
    }
    /// `/decisions/`
    pub fn decisions(&self) -> String {
        self.page("decisions/")
    }
    /// `/actions/`
    pub fn actions(&self) -> String {
        self.page("actions/")
    }
    /// `/actions/<state>/`, `/actions/<state>/page/<n>/` from page 2: every done, or
    /// dropped, action item.
    pub fn closed_actions(&self, state: &str, page: usize) -> String {
        match page {
            0 | 1 => self.page(&format!("actions/{state}/")),
            _ => self.page(&format!("actions/{state}/page/{page}/")),
        }
    }
    /// `/issues/`
    pub fn issues(&self) -> String {
        self.page("issues/")
    }
    /// `/issues/<owner>/<repo>/`, from slugs (a GitLab group path keeps its `/`), for
    /// the first page of its issues; `/issues/<owner>/<repo>/page/<n>/` for page `n`
    /// (from 2 on) of a repository with more issues than one page shows.
    pub fn issue_repository(&self, owner: &str, repo: &str, page: usize) -> String {
        if page <= 1 {
            self.page(&format!("issues/{owner}/{repo}/"))
        } else {
            self.page(&format!("issues/{owner}/{repo}/page/{page}/"))
        }
    }
    /// `/teams/<slug>/topics/<anchor>/`: one recurring topic with every mention, for a
    /// topic mentioned more often than the topics page lists.
    pub fn topic(&self, slug: &str, anchor: &str) -> String {
        self.page(&format!("teams/{slug}/topics/{anchor}/"))
    }
    /// `/people/<slug>/`: one person's page.
    pub fn person(&self, slug: &str) -> String {
        self.page(&format!("people/{slug}/"))
    }
    /// A file copied from `content/`, at the same relative path.
    pub fn asset(&self, rel: &std::path::Path) -> String {
        let parts: Vec<String> = rel
            .components()
            .map(|c| percent_encode_segment(&c.as_os_str().to_string_lossy()))
            .collect();
        self.page(&parts.join("/"))
    }

    /// Output file for a page URL path (root-relative, with the base path): the folder's
    /// `index.html`, relative to the output folder.
    pub fn output_file(&self, url: &str) -> PathBuf {
        let rel = url
            .strip_prefix(&self.base_path)
            .unwrap_or(url.trim_start_matches('/'));
        let mut p = PathBuf::new();
        for seg in rel.split('/').filter(|s| !s.is_empty()) {
            p.push(seg);
        }
        if url.ends_with('/') {
            p.push("index.html");
        }
        p
    }
}

/// Everything but RFC 3986 unreserved characters is escaped in a path segment.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn percent_encode_segment(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, SEGMENT).to_string()
}

/// The anchor of a month on a timeline page, `m-2024-03`: the month index and the
/// activity map link there.
pub fn month_id((y, m): (i32, u32)) -> String {
    format!("m-{y:04}-{m:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(Urls::new("/").base_path(), "/");
        assert_eq!(Urls::new("").base_path(), "/");
        assert_eq!(Urls::new("https://example.org/sub").base_path(), "/sub/");
        assert_eq!(Urls::new("https://example.org").base_path(), "/");
        assert_eq!(Urls::new("/a/b/").base_path(), "/a/b/");
        let u = Urls::new("https://example.org/sub/");
        assert_eq!(
            u.absolute_base().as_deref(),
            Some("https://example.org/sub/")
        );
        assert_eq!(
            u.meeting("iaas", "2023-01-02"),
            "/sub/minutes/iaas/2023-01-02/"
        );
        assert_eq!(
            u.absolute(&u.week("2023-W01")),
            "https://example.org/sub/weeks/2023-W01/"
        );
        assert_eq!(Urls::new("/").absolute_base(), None);
    }

    #[test]
    fn default_series_meetings_sit_under_minutes() {
        let u = Urls::for_site("https://org.github.io/minutes/", "minutes");
        assert_eq!(
            u.meeting("minutes", "2024-01-05"),
            "/minutes/minutes/2024-01-05/"
        );
        assert_eq!(
            u.meeting("iaas", "2024-01-05"),
            "/minutes/minutes/iaas/2024-01-05/"
        );
        assert_eq!(
            Urls::new("/").meeting("minutes", "x"),
            "/minutes/minutes/x/"
        );
    }

    #[test]
    fn output_files_and_assets() {
        let u = Urls::new("/sub/");
        assert_eq!(
            u.output_file("/sub/teams/x/"),
            PathBuf::from("teams/x/index.html")
        );
        assert_eq!(u.output_file("/sub/"), PathBuf::from("index.html"));
        assert_eq!(
            u.asset(std::path::Path::new("iaas/My pic.png")),
            "/sub/iaas/My%20pic.png"
        );
    }
}
