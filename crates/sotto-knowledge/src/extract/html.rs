//! HTML to clean text with scraper (html5ever): the main content only. Navigation, headers and
//! footers of the page frame, scripts, forms, hidden elements and cookie banners are dropped.

use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};

use super::{ExtractedPage, SectionBuilder, normalize_space};

const ALWAYS_SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "form", "button",
    "select", "textarea", "head", "dialog", "object", "canvas", "video", "audio", "map",
];
const FRAME_ELEMENTS: &[&str] = &["header", "footer"];
const SKIPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "search",
    "dialog",
    "alertdialog",
];
const BANNER_MARKERS: &[&str] = &["cookie", "consent", "gdpr"];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4"];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "br",
    "hr",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "header",
    "footer",
];

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector is valid")
}

/// Extracts title, language, canonical URL and sections from an HTML document.
pub fn extract(source: &str) -> ExtractedPage {
    let document = Html::parse_document(source);
    let root = ["main", "[role=main]", "article"]
        .iter()
        .find_map(|css| document.select(&selector(css)).next());
    let (root, inside_main) = match root {
        Some(main) => (main, true),
        None => match document.select(&selector("body")).next() {
            Some(body) => (body, false),
            None => (document.root_element(), false),
        },
    };
    let mut builder = SectionBuilder::default();
    walk(root, inside_main, &mut builder);
    let sections = builder.finish();

    let title = document
        .select(&selector("title"))
        .next()
        .map(|t| normalize_space(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty())
        .or_else(|| {
            document
                .select(&selector("h1"))
                .next()
                .map(|h| normalize_space(&h.text().collect::<String>()))
        })
        .unwrap_or_default();
    let language = document
        .root_element()
        .value()
        .attr("lang")
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty());
    let declared_url = document
        .select(&selector("link[rel=canonical]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .map(str::trim)
        .filter(|href| !href.is_empty())
        .map(str::to_owned);
    ExtractedPage {
        title,
        language,
        declared_url,
        sections,
    }
}

fn is_skipped(element: &ElementRef<'_>, inside_main: bool) -> bool {
    let value = element.value();
    let name = value.name();
    if ALWAYS_SKIPPED.contains(&name) || (!inside_main && FRAME_ELEMENTS.contains(&name)) {
        return true;
    }
    if value.attr("hidden").is_some() || value.attr("aria-hidden") == Some("true") {
        return true;
    }
    if value
        .attr("role")
        .is_some_and(|r| SKIPPED_ROLES.contains(&r.trim()))
    {
        return true;
    }
    let marks_banner = |attr: Option<&str>| {
        attr.is_some_and(|a| {
            let a = a.to_ascii_lowercase();
            BANNER_MARKERS.iter().any(|m| a.contains(m))
        })
    };
    marks_banner(value.attr("id")) || marks_banner(value.attr("class"))
}

fn walk(element: ElementRef<'_>, inside_main: bool, out: &mut SectionBuilder) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.text(text),
            Node::Element(_) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                if is_skipped(&child, inside_main) {
                    continue;
                }
                let name = child.value().name();
                if HEADINGS.contains(&name) {
                    out.heading(normalize_space(&child.text().collect::<String>()));
                } else if name == "table" && is_data_table(child) {
                    out.break_paragraph();
                    for row in table_rows(child, inside_main) {
                        out.text(&row);
                        out.break_paragraph();
                    }
                } else if BLOCKS.contains(&name) {
                    out.break_paragraph();
                    walk(child, inside_main, out);
                    out.break_paragraph();
                } else {
                    walk(child, inside_main, out);
                }
            }
            _ => {}
        }
    }
}

/// Whether a table holds data rather than a page's layout: no table, heading or section inside
/// it. A layout table is read like any other block.
fn is_data_table(table: ElementRef<'_>) -> bool {
    table
        .select(&selector("table, h1, h2, h3, h4, article, section, main"))
        .next()
        .is_none()
}

/// The text of an element's descendants that are not skipped (hidden, scripts, banners).
fn visible_text(element: ElementRef<'_>, inside_main: bool) -> String {
    let mut text = String::new();
    for child in element.children() {
        match child.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child)
                    && !is_skipped(&child, inside_main)
                {
                    text.push(' ');
                    text.push_str(&visible_text(child, inside_main));
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    text
}

/// A table's rows as lines that keep their meaning alone: each data row's first cell, then
/// its other cells, each after its column's header when the table has one ("Sunday:
/// 10:00–16:00", "Double room: Summer € 98; Winter € 120"). A header row is not a line of
/// its own; a caption is.
fn table_rows(table: ElementRef<'_>, inside_main: bool) -> Vec<String> {
    let cell_text = |cell: ElementRef<'_>| normalize_space(&visible_text(cell, inside_main));
    let mut lines = Vec::new();
    if let Some(caption) = table.select(&selector("caption")).next() {
        lines.push(cell_text(caption));
    }
    let mut headers: Vec<String> = Vec::new();
    for row in table.select(&selector("tr")) {
        let cells: Vec<ElementRef<'_>> = row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .collect();
        if cells.is_empty() {
            continue;
        }
        let texts: Vec<String> = cells.iter().map(|c| cell_text(*c)).collect();
        if cells.iter().all(|c| c.value().name() == "th") {
            headers = texts;
            continue;
        }
        let mut line = texts[0].clone();
        let rest: Vec<String> = texts[1..]
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.is_empty())
            .map(|(i, text)| match headers.get(i + 1) {
                Some(header) if texts.len() > 2 && !header.is_empty() => {
                    format!("{header} {text}")
                }
                _ => text.clone(),
            })
            .collect();
        if !rest.is_empty() {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&rest.join("; "));
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="fr"><head><title> Livraison | Boutique </title>
        <link rel="canonical" href="https://shop.example/livraison"><script>var secret = 1;</script>
        <style>.x{}</style></head><body>
        <header><nav><a href="/">Accueil</a></nav><p>Site header text</p></header>
        <div id="cookie-banner">We use cookies. Accept?</div>
        <main><h1>Livraison</h1><p>Nous livrons en <b>France</b> et en Belgique.</p>
        <ul><li>Colissimo : 3 jours</li><li>Express : 24 h</li></ul>
        <h2>Frais</h2><p>Gratuit dès 50 €.</p><div hidden>hidden text</div>
        <form><label>Newsletter</label></form></main>
        <footer>Footer links</footer><script>tracking()</script></body></html>"#;

    #[test]
    fn keeps_main_text_and_drops_the_frame() {
        let page = extract(PAGE);
        assert_eq!(page.title, "Livraison | Boutique");
        assert_eq!(page.language.as_deref(), Some("fr"));
        assert_eq!(
            page.declared_url.as_deref(),
            Some("https://shop.example/livraison")
        );
        assert_eq!(page.sections.len(), 2);
        assert_eq!(page.sections[0].heading, "Livraison");
        assert_eq!(
            page.sections[0].paragraphs,
            [
                "Nous livrons en France et en Belgique.",
                "Colissimo : 3 jours",
                "Express : 24 h"
            ]
        );
        assert_eq!(page.sections[1].heading, "Frais");
        let all = format!("{page:?}");
        for dropped in [
            "secret",
            "Accueil",
            "Site header",
            "cookies",
            "hidden text",
            "Newsletter",
            "Footer",
            "tracking",
        ] {
            assert!(!all.contains(dropped), "{dropped} should be dropped");
        }
    }

    #[test]
    fn without_main_the_body_is_used_minus_header_and_footer() {
        let page = extract(
            "<html><body><header>Top</header><h1>Hello</h1><p>Body text</p><footer>Bottom</footer></body></html>",
        );
        assert_eq!(page.title, "Hello", "first h1 when there is no <title>");
        assert_eq!(page.sections[0].paragraphs, ["Body text"]);
        assert!(!format!("{page:?}").contains("Top"));
    }

    #[test]
    fn canonical_links_are_kept_as_written() {
        let page = extract(
            r#"<html><head><link rel="canonical" href=" /x "></head><body><p>t</p></body></html>"#,
        );
        assert_eq!(
            page.declared_url.as_deref(),
            Some("/x"),
            "the crawler resolves it"
        );
    }

    #[test]
    fn table_rows_keep_their_headers() {
        let page = extract(
            "<main><h2>Hours</h2><table><tr><th>Day</th><th>Hours</th></tr>\
             <tr><td>Monday</td><td>Closed</td></tr><tr><td>Sunday</td><td>10:00–16:00</td></tr>\
             </table><table><thead><tr><th>Room</th><th>Summer</th><th>Winter</th></tr></thead>\
             <tr><td>Double</td><td>€ 98</td><td>€ 120</td></tr></table></main>",
        );
        let layout = extract(
            "<main><table><tr><td><h2>Hours</h2><p>Open daily.</p></td>\
             <td><span hidden>secret</span>Shop</td></tr></table></main>",
        );
        assert_eq!(
            layout.sections[0].heading, "Hours",
            "a layout table keeps its headings"
        );
        assert_eq!(
            page.sections[0].paragraphs,
            [
                "Monday: Closed",
                "Sunday: 10:00–16:00",
                "Double: Summer € 98; Winter € 120"
            ]
        );
    }
}
