//! A full scenario at the most verbose log level, with canary strings in every place personal
//! data can enter (message text, an e-mail, a phone number, the visitor id, the client
//! address, an API key): none of them may appear in the captured logs or in the metrics.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::TestServer;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_canary_reaches_the_logs_or_the_metrics() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let server = TestServer::start_configured(|c| c.trust_forwarded_for = true).await;
    let client = reqwest::Client::new();
    let visitor = "0b7c1c39-5e59-4c4e-9a57-c4a4a7e1d00d";
    let address = "203.0.113.199";
    let text = "canary-zebra-7731: mail me at canary.person@example.org or +33 6 12 34 56 78";
    let widget = |method: reqwest::Method, path: &str| {
        client
            .request(method, server.url(path))
            .header("sotto-visitor", visitor)
            .header("x-forwarded-for", address)
    };
    let reply: Value = widget(reqwest::Method::POST, "/api/v1/sites/demo/messages")
        .json(&json!({ "text": text }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let conversation = reply["conversation_id"].as_str().unwrap().to_owned();
    for path in [
        "/api/v1/sites/demo/me/conversations",
        "/api/v1/sites/demo/me/export",
    ] {
        let response = widget(reqwest::Method::GET, path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let bad = widget(reqwest::Method::POST, "/api/v1/sites/demo/messages")
        .header("content-type", "application/json")
        .body(format!("{{\"text\": \"{text}\", \"oops\": 1}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let admin = |path: String| {
        client
            .get(server.url(&path))
            .bearer_auth(server.api_key.clone())
            .header("x-forwarded-for", address)
            .send()
    };
    let read = admin(format!("/api/v1/admin/conversations/{conversation}"))
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    assert!(
        read.text().await.unwrap().contains("canary-zebra-7731"),
        "the agent reads it"
    );
    admin("/api/v1/admin/audit".into()).await.unwrap();
    let wrong_key = client
        .get(server.url("/api/v1/admin/me"))
        .bearer_auth(format!("{}0", server.api_key))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_key.status(), StatusCode::UNAUTHORIZED);
    let erased = widget(reqwest::Method::DELETE, "/api/v1/sites/demo/me")
        .send()
        .await
        .unwrap();
    assert_eq!(erased.status(), StatusCode::OK);
    let metrics = client.get(server.url("/metrics")).send().await.unwrap();
    assert_eq!(metrics.status(), StatusCode::OK);
    let metrics = metrics.text().await.unwrap();
    assert!(metrics.contains("sotto_http_requests_total"), "{metrics}");
    let key_secret = server.api_key.rsplit('_').next().unwrap().to_owned();
    assert_eq!(key_secret.len(), 64);
    server.stop().await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("TRACE"),
        "the capture holds the most verbose level"
    );
    assert!(
        logs.contains("erasure complete"),
        "the scenario ran under the capture"
    );
    for canary in [
        "canary-zebra-7731",
        "canary.person@example.org",
        "12 34 56 78",
        visitor,
        address,
        key_secret.as_str(),
    ] {
        assert!(!logs.contains(canary), "the logs hold {canary:?}");
        assert!(!metrics.contains(canary), "the metrics hold {canary:?}");
    }
}
