//! Accessibility as an outside auditor measures it, in Chromium. axe-core 4 (fetched by
//! `scripts/fetch-axe.sh` from the npm registry, pinned and digest-checked) finds nothing at
//! WCAG 2.2 AA in each state of the widget and on each admin page; and what axe cannot see:
//! the panel at 200, 300 and 400 % zoom and on a 360×640 screen (its header in view, its
//! content reachable, the keyboard's focus never on the page hidden under it), focus rings and
//! field borders at 3:1 at least, a visible label on the question box, the focus brought back
//! after a cancelled confirmation, and a whole visit by keyboard alone.
//!
//! The axe checks are skipped, with a printed reason, when axe-core was not fetched, except in
//! CI (`CI` set), where a missing axe-core fails them.

use std::path::PathBuf;

use fantoccini::Client;
use serde_json::{Value, json};

use crate::common::TestServer;
use crate::harness::*;

/// axe-core's script, or `None` (skipped) when it was not fetched outside CI.
pub(crate) fn axe_script() -> Option<String> {
    let path = std::env::var_os("SOTTO_AXE_SCRIPT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/axe-core/axe.min.js")
        });
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!(
                "axe-core is missing at {}: scripts/fetch-axe.sh",
                path.display()
            )
        }
        Err(_) => {
            println!("skipped: axe-core is not fetched (bash scripts/fetch-axe.sh)");
            None
        }
    }
}

/// What axe-core finds against WCAG 2.0, 2.1 and 2.2 A and AA on the current page, one line
/// per rule with the elements it found.
pub(crate) async fn axe_violations(client: &Client, axe: &str) -> Vec<String> {
    run_js(client, &format!("if (!window.axe) {{ {axe} }} return true")).await;
    let found = client
        .execute_async(
            r#"var done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
              .then(function (result) {
                done(result.violations.map(function (v) {
                  return v.id + ': ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', ');
                }));
              }, function (error) { done(['axe failed: ' + error]); });"#,
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Checks the current page with axe, collecting what it finds under `state`.
async fn check(client: &Client, axe: &str, state: &str, found: &mut Vec<String>) {
    for violation in axe_violations(client, axe).await {
        found.push(format!("{state}: {violation}"));
    }
}

#[tokio::test]
async fn axe_finds_nothing_in_the_widgets_states_and_the_admin_pages() {
    let Some(axe) = axe_script() else {
        return;
    };
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;
    let mut found = Vec::new();

    client.goto(&server.url("/demo")).await.unwrap();
    wait_until(
        &client,
        "return !!document.querySelector('.sotto-launcher')",
    )
    .await;
    // The harness finds what it should: a button without a name is reported.
    run_js(
        &client,
        "var b = document.createElement('button'); b.id = 'nameless'; document.body.appendChild(b); return true",
    )
    .await;
    let planted = axe_violations(&client, &axe).await;
    assert!(
        planted
            .iter()
            .any(|v| v.starts_with("button-name") && v.contains("#nameless")),
        "axe reports a nameless button: {planted:?}"
    );
    run_js(
        &client,
        "document.getElementById('nameless').remove(); return true",
    )
    .await;
    check(&client, &axe, "widget closed", &mut found).await;
    open_widget(&client).await;
    check(&client, &axe, "widget open", &mut found).await;
    ask(&client, "How long does delivery to Finland take?").await;
    check(&client, &axe, "an answer with its sources", &mut found).await;
    click(
        &client,
        ".sotto-assistant:last-child .sotto-vote button[aria-label='Not helpful']",
    )
    .await;
    wait_until(&client, "return !!document.querySelector('.sotto-why')").await;
    check(&client, &axe, "the comment after a vote down", &mut found).await;
    click(&client, ".sotto-data summary").await;
    check(&client, &axe, "your data", &mut found).await;
    click(&client, ".sotto-delete-conversation").await;
    check(&client, &axe, "the delete confirmation", &mut found).await;

    client.goto(&server.url("/admin/sign-in")).await.unwrap();
    check(&client, &axe, "/admin/sign-in", &mut found).await;
    sign_in_as(&client, &server, "owner").await;
    let pages = run_js(
        &client,
        "return Array.from(document.querySelectorAll('header.top nav a, header.top a.password')).map(function (a) { return a.pathname; })",
    )
    .await;
    let pages: Vec<String> = serde_json::from_value(pages).unwrap();
    assert!(pages.len() >= 8, "every section of the admin UI: {pages:?}");
    for page in &pages {
        client.goto(&server.url(page)).await.unwrap();
        check(&client, &axe, page, &mut found).await;
    }
    client.goto(&server.url("/admin/inbox")).await.unwrap();
    click(&client, "main table a").await;
    wait_until(
        &client,
        "return location.pathname.includes('/conversations/')",
    )
    .await;
    check(&client, &axe, "a conversation", &mut found).await;

    assert!(found.is_empty(), "axe at WCAG 2.2 AA: {found:#?}");
    client.close().await.unwrap();
    server.stop().await;
}

/// Whether the element `css` is entirely inside the window.
fn in_view(css: &str) -> String {
    format!(
        "var r = document.querySelector(\"{css}\").getBoundingClientRect(); \
         return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight + 0.5 && r.right <= window.innerWidth + 0.5"
    )
}

#[tokio::test]
async fn the_panel_reflows_when_zoomed_and_keeps_the_focus_on_a_small_screen() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;

    // 200, 300 and 400 % of a 1280×1024 screen.
    for (width, height) in [(640, 512), (427, 341), (320, 256)] {
        window_of(&client, width, height).await;
        client.goto(&server.url("/demo")).await.unwrap();
        open_widget(&client).await;
        let zoom = format!("{width}×{height}");
        assert_eq!(
            run_js(&client, &in_view(".sotto-panel")).await,
            json!(true),
            "the panel fits the window at {zoom}"
        );
        assert_eq!(
            run_js(&client, &in_view(".sotto-head button")).await,
            json!(true),
            "the close button is in view at {zoom}"
        );
        assert_eq!(
            run_js(
                &client,
                "var p = document.querySelector('.sotto-panel'); return p.scrollWidth <= p.clientWidth"
            )
            .await,
            json!(true),
            "nothing scrolls sideways at {zoom}"
        );
        ask(&client, "How long does delivery to Finland take?").await;
        for part in [".sotto-data summary", "#sotto-input"] {
            run_js(
                &client,
                &format!("document.querySelector('{part}').scrollIntoView({{ block: 'nearest' }}); return true"),
            )
            .await;
            assert_eq!(
                run_js(&client, &in_view(part)).await,
                json!(true),
                "{part} can be reached at {zoom}"
            );
            assert_eq!(
                run_js(&client, &in_view(".sotto-head button")).await,
                json!(true),
                "the close button stays in view beside {part} at {zoom}"
            );
        }
    }

    // A phone: the open panel covers the page, so the keyboard stays in it.
    window_of(&client, 360, 640).await;
    client.goto(&server.url("/demo")).await.unwrap();
    open_widget(&client).await;
    assert_eq!(
        run_js(
            &client,
            "return document.querySelector('.sotto-panel').getAttribute('aria-modal')"
        )
        .await,
        json!("true")
    );
    for (presses, key) in std::iter::repeat_n("\u{E004}", 12)
        .chain(std::iter::repeat_n("\u{E008}\u{E004}", 12))
        .enumerate()
    {
        type_here(&client, key).await;
        assert_eq!(
            run_js(
                &client,
                "return document.querySelector('.sotto-panel').contains(document.activeElement)"
            )
            .await,
            json!(true),
            "after {} presses of Tab the focus is still in the panel covering the page",
            presses + 1
        );
    }
    screenshot(&client, "widget-small-screen").await;
    type_here(&client, "\u{E00C}").await;
    assert_eq!(
        run_js(
            &client,
            "return document.activeElement === document.querySelector('.sotto-launcher')"
        )
        .await,
        json!(true),
        "Escape closes the panel and gives the focus back to the launcher"
    );

    client.close().await.unwrap();
    server.stop().await;
}

/// The contrast of the focused element's outline with the background around it, and of its
/// border with its own background, as `[outline, border]` (WCAG 1.4.11 asks 3:1).
const FOCUS_CONTRAST: &str = r#"
function channels(c) { return (c.match(/[\d.]+/g) || [0, 0, 0, 0]).map(Number); }
function luminance(c) {
  var rgb = channels(c).slice(0, 3).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}
function contrast(a, b) { a = luminance(a); b = luminance(b); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }
function background(e) {
  for (; e; e = e.parentElement) {
    var c = channels(getComputedStyle(e).backgroundColor);
    if (c.length < 4 || c[3] > 0) return getComputedStyle(e).backgroundColor;
  }
  return 'rgb(255, 255, 255)';
}
var e = document.activeElement, style = getComputedStyle(e);
var outline = style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2 ? 0 : contrast(style.outlineColor, background(e.parentElement));
var border = parseFloat(style.borderTopWidth) > 0 ? contrast(style.borderTopColor, background(e)) : null;
return [outline, border];
"#;

#[tokio::test]
async fn focus_rings_and_borders_stand_out_and_the_focus_comes_back() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;
    client.goto(&server.url("/demo")).await.unwrap();
    wait_until(
        &client,
        "return !!document.querySelector('.sotto-launcher')",
    )
    .await;

    // By keyboard alone: to the launcher, open, ask, read, vote, close.
    tab_to(&client, ".sotto-launcher").await;
    let mut rings = vec![("launcher", run_js(&client, FOCUS_CONTRAST).await)];
    type_here(&client, "\u{E007}").await;
    wait_until(
        &client,
        "return document.activeElement === document.querySelector('#sotto-input')",
    )
    .await;
    rings.push(("question box", run_js(&client, FOCUS_CONTRAST).await));
    let before = run_js(&client, &format!("return {ANSWERS}")).await;
    type_here(&client, "How long does delivery to Finland take?\u{E007}").await;
    wait_until(&client, &format!("return {ANSWERS} > {before}")).await;
    // Forward from the question box, round the page, and back into the panel from its top.
    for part in [
        ".sotto-data summary",
        ".sotto-head button",
        ".sotto-assistant .sotto-vote button",
    ] {
        tab_to(&client, part).await;
        rings.push((part, run_js(&client, FOCUS_CONTRAST).await));
    }
    for (part, [outline, border]) in rings.iter().map(|(part, found)| {
        (
            part,
            serde_json::from_value::<[Value; 2]>(found.clone()).unwrap(),
        )
    }) {
        assert!(
            outline.as_f64().unwrap() >= 3.0,
            "the focus ring of {part} against its background: {outline}"
        );
        assert!(
            border.as_f64().is_none_or(|b| b >= 3.0) || *part == "launcher",
            "the border of {part}: {border}"
        );
    }
    let question_box = &rings[1].1;
    assert!(
        question_box[1].as_f64().unwrap() >= 3.0,
        "the question box has a border of 3:1: {question_box}"
    );
    assert_eq!(
        run_js(
            &client,
            "var l = document.querySelector('#sotto-input').labels[0]; var r = l.getBoundingClientRect(); \
             return r.width > 20 && r.height > 8 && getComputedStyle(l).clip === 'auto' ? l.textContent : null"
        )
        .await,
        json!("Your question"),
        "the question box has a visible label, not only a placeholder"
    );

    // A cancelled confirmation gives the focus back to the button that asked for it.
    click(&client, ".sotto-data summary").await;
    let opened = run_js(&client, "return document.querySelector('.sotto-data').open").await;
    if opened == json!(false) {
        click(&client, ".sotto-data summary").await;
    }
    click(&client, ".sotto-delete-conversation").await;
    click(&client, ".sotto-confirm button:not(.sotto-yes)").await;
    assert_eq!(
        run_js(
            &client,
            "return document.activeElement === document.querySelector('.sotto-delete-conversation')"
        )
        .await,
        json!(true),
        "the focus is back on the delete button, not on the page's body"
    );

    // Escape closes the panel and the focus lands on the launcher.
    type_here(&client, "\u{E00C}").await;
    assert_eq!(
        run_js(
            &client,
            "return document.querySelector('.sotto-panel').hidden && document.activeElement === document.querySelector('.sotto-launcher')"
        )
        .await,
        json!(true)
    );

    // The admin UI's ring and its summaries.
    sign_in_as(&client, &server, "owner").await;
    client.goto(&server.url("/admin/inbox")).await.unwrap();
    tab_to(&client, "header.top nav a").await;
    let admin = run_js(&client, FOCUS_CONTRAST).await;
    assert!(
        admin[0].as_f64().unwrap() >= 3.0,
        "the admin UI's focus ring: {admin}"
    );
    assert_eq!(
        run_js(
            &client,
            "var s = document.createElement('summary'); document.querySelector('main').appendChild(document.createElement('details')).appendChild(s); \
             s.textContent = 'x'; s.tabIndex = 0; s.focus(); var o = getComputedStyle(s).outlineStyle; return o"
        )
        .await,
        json!("solid"),
        "a focused summary has a ring in the admin UI"
    );

    client.close().await.unwrap();
    server.stop().await;
}
