//! `sitemap.xml` (the sitemaps.org 0.9 schema) and `robots.txt`.
//!
//! A sitemap may only hold absolute URLs, so it is written only when the base URL has
//! an origin. `robots.txt` is always written; crawlers read it only at the root of a
//! host, so on a project site (`/minutes/`) it matters only if that is copied to the
//! root, and its `Sitemap:` line keeps working from there.

use chrono::NaiveDate;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::urls::Urls;

/// The sitemaps.org namespace.
pub const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// A sitemap of `pages` (root-relative URL and last change), or `None` without an origin.
pub fn sitemap(urls: &Urls, pages: &[(String, Option<NaiveDate>)]) -> Option<String> {
    urls.absolute_base()?;
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let write = |w: &mut Writer<Vec<u8>>| -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("urlset")
            .with_attribute(("xmlns", SITEMAP_NS))
            .write_inner_content(|w| {
                for (url, lastmod) in pages {
                    w.create_element("url").write_inner_content(|w| {
                        w.create_element("loc")
                            .write_text_content(BytesText::new(&urls.absolute(url)))?;
                        if let Some(d) = lastmod {
                            let d = d.format("%Y-%m-%d").to_string();
                            w.create_element("lastmod")
                                .write_text_content(BytesText::new(&d))?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    };
    write(&mut w).expect("writing to memory does not fail");
    let mut xml = String::from_utf8(w.into_inner()).expect("the writer writes UTF-8");
    xml.push('\n');
    Some(xml)
}

/// `robots.txt`: everything allowed, and where the sitemap is when there is one.
pub fn robots(urls: &Urls) -> String {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if urls.absolute_base().is_some() {
        s.push_str(&format!("\nSitemap: {}\n", urls.absolute(&urls.sitemap())));
    }
    s
}
