//! Same-site links of a page: `<a href>` resolved against the page (or its `<base href>`),
//! without fragments, `nofollow` links, other schemes, other hosts, or files that are not
//! pages.

use scraper::{Html, Selector};
use url::Url;

/// File extensions that are never pages.
const NOT_PAGES: &[&str] = &[
    "pdf", "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "css", "js", "json", "xml", "zip",
    "gz", "mp3", "mp4", "webm", "avi", "mov", "woff", "woff2", "ttf", "exe", "dmg", "doc", "docx",
    "xls", "xlsx", "ppt", "pptx",
];

/// Whether `url` belongs to the site whose start URL is `site` (same scheme, host and port).
pub fn same_site(url: &Url, site: &Url) -> bool {
    url.scheme() == site.scheme()
        && url.host_str() == site.host_str()
        && url.port_or_known_default() == site.port_or_known_default()
}

/// A URL as the crawler keys it: no fragment, and no empty query.
pub fn normalize(mut url: Url) -> Url {
    url.set_fragment(None);
    if url.query() == Some("") {
        url.set_query(None);
    }
    url
}

fn looks_like_a_page(url: &Url) -> bool {
    let path = url.path();
    let last = path.rsplit('/').next().unwrap_or_default();
    match last.rsplit_once('.') {
        Some((_, extension)) => !NOT_PAGES.contains(&extension.to_ascii_lowercase().as_str()),
        None => true,
    }
}

/// The same-site page links of `html`, fetched from `page`, in document order, de-duplicated.
pub fn links(html: &str, page: &Url, site: &Url) -> Vec<Url> {
    let document = Html::parse_document(html);
    let base_selector = Selector::parse("base[href]").expect("valid selector");
    let base = document
        .select(&base_selector)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|href| page.join(href).ok())
        .unwrap_or_else(|| page.clone());
    let anchor = Selector::parse("a[href]").expect("valid selector");
    let mut out: Vec<Url> = Vec::new();
    for element in document.select(&anchor) {
        let rel = element.value().attr("rel").unwrap_or_default();
        if rel
            .split_whitespace()
            .any(|r| r.eq_ignore_ascii_case("nofollow"))
        {
            continue;
        }
        let Some(href) = element.value().attr("href") else {
            continue;
        };
        let Ok(url) = base.join(href.trim()) else {
            continue;
        };
        let url = normalize(url);
        if same_site(&url, site) && looks_like_a_page(&url) && !out.contains(&url) {
            out.push(url);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_same_site_pages_only() {
        let page = Url::parse("https://s.example/docs/intro").unwrap();
        let site = Url::parse("https://s.example/").unwrap();
        let html = r##"<a href="setup#top">Setup</a><a href="/pricing">Pricing</a>
            <a href="https://other.example/x">Other</a><a href="mailto:a@b.c">Mail</a>
            <a href="/guide.pdf">PDF</a><a href="/secret" rel="nofollow">No</a>
            <a href="/pricing#plans">Again</a><a href="javascript:void(0)">JS</a>
            <a href="http://s.example/insecure">Other scheme</a>"##;
        let found: Vec<String> = links(html, &page, &site)
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(
            found,
            ["https://s.example/docs/setup", "https://s.example/pricing"]
        );
    }

    #[test]
    fn base_href_is_honoured() {
        let page = Url::parse("https://s.example/a/b").unwrap();
        let site = Url::parse("https://s.example/").unwrap();
        let html = r#"<head><base href="/root/"></head><a href="x">X</a>"#;
        assert_eq!(
            links(html, &page, &site)[0].as_str(),
            "https://s.example/root/x"
        );
    }
}
