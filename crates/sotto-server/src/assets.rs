//! Static things the server serves: the widget script, and the demo website of `sotto demo`
//! (Markdown pages rendered into one layout, with the widget embedded as a customer would).

use axum::Router;
use axum::extract::Path;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use sotto_app::setup::demo::{self, DEMO_PATH, DEMO_SITE_ID};
use tower_http::compression::CompressionLayer;

use crate::ApiError;

/// The widget, joined at build time from the files of `widget/src/` (see `build.rs`).
pub const WIDGET_JS: &str = include_str!(concat!(env!("OUT_DIR"), "/sotto.js"));

const DEMO_CSS: &str = include_str!("demo.css");

/// The demo pages' policy: nothing but this server, no inline script or style.
const DEMO_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const NAV: &[(&str, &str)] = &[
    ("/", "Home"),
    ("/products/", "Products"),
    ("/pricing", "Pricing"),
    ("/shipping", "Shipping"),
    ("/returns", "Returns"),
    ("/faq", "FAQ"),
    ("/contact", "Contact"),
    ("/privacy", "Privacy"),
];

/// Asset routes (gzip-compressed when the client accepts it).
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/widget.js", get(widget))
        .route("/demo", get(|| async { demo_page(String::new()) }))
        .route("/demo/", get(|| async { demo_page(String::new()) }))
        .route(
            "/demo/{*path}",
            get(|Path(path): Path<String>| async move { demo_page(path) }),
        )
        .route("/demo-assets/style.css", get(demo_css))
        .route("/", get(|| async { Redirect::to("/demo") }))
        .layer(CompressionLayer::new())
}

fn with_type(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

async fn widget() -> Response {
    with_type(WIDGET_JS, "text/javascript; charset=utf-8")
}

async fn demo_css() -> Response {
    with_type(DEMO_CSS, "text/css; charset=utf-8")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn demo_page(path: String) -> Response {
    let Some(page) = demo::render_page(&path) else {
        return ApiError::not_found("no such demo page").into_response();
    };
    let nav: String = NAV
        .iter()
        .map(|(href, label)| format!(r#"<a href="{DEMO_PATH}{href}">{label}</a>"#))
        .collect();
    let html = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Maison Verte</title>
<link rel="stylesheet" href="/demo-assets/style.css">
</head>
<body>
<header class="site-header"><a class="brand" href="{DEMO_PATH}/">Maison Verte</a><nav>{nav}</nav></header>
<main>
{body}
</main>
<footer class="site-footer">Maison Verte is a fictional shop: this is the demo of Sotto, a private AI assistant for websites. Ask the assistant in the corner.</footer>
<script src="/widget.js" data-site="{DEMO_SITE_ID}" async></script>
</body>
</html>"#,
        title = escape(&page.title),
        body = page.body_html,
    );
    let mut response = Html(html).into_response();
    response
        .headers_mut()
        .insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(DEMO_CSP));
    response
}
