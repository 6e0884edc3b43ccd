//! The widget in the site's colours and words, in Chromium: the demo's green launcher, its
//! greeting and suggested questions (nothing stored until one is clicked; the click sends it),
//! and a change by the admin API (left corner, offsets, a labelled launcher named by its
//! label, a title) shown on the next page load.

use serde_json::json;

use crate::common::TestServer;
use crate::harness::*;

#[tokio::test]
async fn the_widget_wears_the_sites_colours_greets_and_offers_questions() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;
    // A laptop's window: the panel floats in its corner (smaller ones fill the window).
    window_of(&client, 1280, 800).await;

    client.goto(&server.url("/demo")).await.unwrap();
    wait_until(
        &client,
        "var l = document.querySelector('.sotto-launcher'); return !!l && getComputedStyle(l).backgroundColor === 'rgb(30, 107, 52)'",
    )
    .await;
    open_widget(&client).await;
    wait_until(
        &client,
        "return !!document.querySelector('.sotto-greeting')",
    )
    .await;
    assert!(
        text_of(&client, ".sotto-greeting")
            .await
            .contains("Ask me about our plants")
    );
    assert_eq!(
        run_js(&client, "return Array.from(document.querySelectorAll('.sotto-suggest button')).map(function (b) { return b.textContent; })").await,
        json!(["How long does delivery to Finland take?", "Can I return a pot?", "What are your opening hours?"])
    );
    assert_eq!(
        text_of(&client, ".sotto-head h2").await,
        "Maison Verte assistant"
    );
    assert_eq!(
        run_js(&client, "return window.localStorage.length").await,
        json!(0),
        "nothing stored before a question is chosen"
    );
    screenshot(&client, "widget-appearance").await;

    // By keyboard: the focus goes to the question box when the suggestions leave.
    run_js(
        &client,
        "document.querySelector('.sotto-suggest li:nth-child(2) button').focus(); return true",
    )
    .await;
    type_here(&client, "\u{E007}").await;
    wait_until(
        &client,
        "return document.querySelectorAll('.sotto-assistant:not(.sotto-live)').length === 1",
    )
    .await;
    assert_eq!(
        run_js(&client, "var v = document.querySelectorAll('.sotto-visitor'); return v[v.length - 1].lastChild.textContent").await,
        json!("Can I return a pot?"),
        "the click sent the question"
    );
    assert_eq!(
        run_js(
            &client,
            "return document.querySelectorAll('.sotto-suggest').length"
        )
        .await,
        json!(0),
        "the suggestions leave once the conversation starts"
    );
    assert_eq!(
        run_js(&client, "return Object.keys(window.localStorage)").await,
        json!(["sotto_visitor_demo"])
    );
    assert_eq!(
        run_js(&client, "return document.activeElement.id").await,
        json!("sotto-input")
    );
    assert!(
        text_of(&client, ".sotto-greeting")
            .await
            .contains("Ask me about our plants"),
        "the greeting stays above the conversation"
    );

    let changed = reqwest::Client::new()
        .put(server.url("/api/v1/admin/sites/demo/appearance"))
        .bearer_auth(&server.api_key)
        .json(&json!({
            "accent_color": "#5a2d91",
            "position": "left",
            "offset_x": 32,
            "offset_y": 200,
            "launcher_label": "Ask us",
            "title": "Plant help"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    // A short window: the panel shrinks rather than leave it.
    window_of(&client, 1280, 720).await;
    client.refresh().await.unwrap();
    wait_until(
        &client,
        "var l = document.querySelector('.sotto-launcher'); return !!l && l.textContent === 'Ask us'",
    )
    .await;
    assert_eq!(
        run_js(
            &client,
            "var l = document.querySelector('.sotto-launcher'), r = l.getBoundingClientRect(); \
             return [r.left, Math.round(window.innerHeight - r.bottom), l.hasAttribute('aria-label'), getComputedStyle(l).backgroundColor]"
        )
        .await,
        json!([32, 200, false, "rgb(90, 45, 145)"]),
        "left corner, offsets, named by its visible label, the new colour"
    );
    open_widget(&client).await;
    assert_eq!(text_of(&client, ".sotto-head h2").await, "Plant help");
    assert_eq!(
        run_js(
            &client,
            "var r = document.querySelector('.sotto-panel').getBoundingClientRect(); return [r.left, r.top >= 0]"
        )
        .await,
        json!([32, true]),
        "in the left corner, its top in the window"
    );

    client.close().await.unwrap();
    server.stop().await;
}
