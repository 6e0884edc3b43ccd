//! A webhook receiver on loopback for the use-case tests: it keeps each body it is posted with
//! its signature header.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::routing::post;
use sotto_crypto::webhook;

/// What the webhook receiver got: each body with its signature header.
pub type Calls = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// Starts a receiver; returns its URL and what it got.
pub async fn webhook_receiver() -> (String, Calls) {
    let calls: Calls = Arc::default();
    let seen = calls.clone();
    let app = Router::new().route(
        "/leads",
        post(move |headers: HeaderMap, body: Bytes| {
            let seen = seen.clone();
            async move {
                let signature = headers
                    .get(webhook::SIGNATURE_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                seen.lock().unwrap().push((signature, body.to_vec()));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/leads", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, calls)
}

/// Waits until the receiver got `count` calls (the webhook is delivered in the background).
pub async fn calls_after(calls: &Calls, count: usize) -> Vec<(String, Vec<u8>)> {
    for _ in 0..500 {
        if calls.lock().unwrap().len() >= count {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    calls.lock().unwrap().clone()
}
