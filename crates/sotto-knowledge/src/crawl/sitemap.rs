//! sitemap.xml: a URL set (pages) or a sitemap index (more sitemaps), parsed with quick-xml.

use serde::Deserialize;

#[derive(Deserialize)]
struct Loc {
    loc: String,
}

#[derive(Deserialize)]
struct UrlSet {
    #[serde(rename = "url", default)]
    urls: Vec<Loc>,
}

#[derive(Deserialize)]
struct SitemapIndex {
    #[serde(rename = "sitemap", default)]
    sitemaps: Vec<Loc>,
}

/// What one sitemap file lists.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sitemap {
    /// Page URLs (`<urlset>`).
    pub pages: Vec<String>,
    /// Further sitemaps (`<sitemapindex>`).
    pub sitemaps: Vec<String>,
}

/// Parses a sitemap or sitemap index; `None` when it is neither.
pub fn parse(xml: &str) -> Option<Sitemap> {
    let trimmed = |locs: Vec<Loc>| -> Vec<String> {
        locs.into_iter()
            .map(|l| l.loc.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    };
    if xml.contains("<sitemapindex") {
        let index: SitemapIndex = quick_xml::de::from_str(xml).ok()?;
        Some(Sitemap {
            sitemaps: trimmed(index.sitemaps),
            ..Sitemap::default()
        })
    } else {
        let set: UrlSet = quick_xml::de::from_str(xml).ok()?;
        Some(Sitemap {
            pages: trimmed(set.urls),
            ..Sitemap::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_sets_and_indexes() {
        let set = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc> https://s.example/a </loc><lastmod>2026-01-01</lastmod></url>
  <url><loc>https://s.example/b?x=1&amp;y=2</loc></url>
</urlset>"#;
        assert_eq!(
            parse(set).unwrap().pages,
            ["https://s.example/a", "https://s.example/b?x=1&y=2"]
        );
        let index = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://s.example/sitemap-1.xml</loc></sitemap>
</sitemapindex>"#;
        assert_eq!(
            parse(index).unwrap().sitemaps,
            ["https://s.example/sitemap-1.xml"]
        );
        assert!(parse("<html>not a sitemap").is_none());
    }
}
