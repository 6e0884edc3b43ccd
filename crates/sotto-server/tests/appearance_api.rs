//! How a site's widget looks, over HTTP on a loopback port: the demo's appearance in the
//! widget's public settings, a change by the admin API read back and audited, and colours that
//! fail WCAG AA, too many suggested questions or an unknown field refused as JSON errors with
//! nothing changed.

mod common;

use common::TestServer;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn put(server: &TestServer, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .put(server.url("/api/v1/admin/sites/demo/appearance"))
        .bearer_auth(&server.api_key)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn public_settings(server: &TestServer) -> Value {
    reqwest::Client::new()
        .get(server.url("/api/v1/sites/demo/settings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_sites_appearance_is_set_checked_and_read_by_the_widget() {
    let server = TestServer::start().await;
    let demo = public_settings(&server).await["appearance"].clone();
    assert_eq!(demo["accent_color"], "#1e6b34");
    assert_eq!(demo["suggested_questions"].as_array().unwrap().len(), 3);

    let changed = put(
        &server,
        json!({
            "accent_color": "#5A2D91",
            "position": "left",
            "offset_x": 32,
            "launcher_label": "Ask us",
            "title": "Maison Verte",
            "greeting": " Hello! ",
            "suggested_questions": ["Do you ship to Spain?", "Do you ship to Spain?", ""]
        }),
    )
    .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: Value = changed.json().await.unwrap();
    assert_eq!(changed["accent_color"], "#5a2d91");
    assert_eq!(
        changed["accent_text_color"], "#ffffff",
        "a missing field takes its default"
    );
    assert_eq!(changed["greeting"], "Hello!");
    assert_eq!(
        changed["suggested_questions"],
        json!(["Do you ship to Spain?"])
    );
    assert_eq!(
        server
            .admin_json("/api/v1/admin/sites/demo/appearance")
            .await,
        changed
    );
    assert_eq!(public_settings(&server).await["appearance"], changed);
    let audit = server.admin_json("/api/v1/admin/audit?limit=50").await;
    assert!(
        audit["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "site.appearance" && e["object"] == "demo"),
        "{audit}"
    );

    for (body, says) in [
        (
            json!({ "accent_color": "#2b4c7e", "accent_text_color": "#1d1d1f" }),
            "contrast",
        ),
        (
            json!({ "accent_color": "#ffe680", "accent_text_color": "#1d1d1f" }),
            "against white",
        ),
        (json!({ "accent_color": "green" }), "colour"),
        (
            json!({ "suggested_questions": ["a?", "b?", "c?", "d?", "e?"] }),
            "at most 4",
        ),
        (json!({ "offset_y": 500 }), "offset_y"),
        (json!({ "font": "Comic Sans" }), "font"),
    ] {
        let refused = put(&server, body.clone()).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{body}");
        let error: Value = refused.json().await.unwrap();
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{body}: {message}");
        assert!(error["error"]["code"].is_string());
    }
    assert_eq!(
        public_settings(&server).await["appearance"],
        changed,
        "nothing refused was kept"
    );
    server.stop().await;
}
