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

/// The demo on a fresh installation whose site posts to a receiver started here (loopback
/// allowed for it), with what the receiver got.
pub async fn demo_with_webhook() -> (super::Demo, Calls) {
    let (hook, calls) = webhook_receiver().await;
    let mut config = sotto_app::Config::default();
    config.outbound.allow_loopback = true;
    let demo = super::demo_with(config).await;
    demo.sotto
        .set_site_privacy(
            demo.site.id(),
            sotto_app::consent::privacy_settings::SitePrivacy {
                lead_webhook: Some(hook),
                ..Default::default()
            },
            &sotto_app::team::access::Actor::Cli,
        )
        .await
        .unwrap();
    (demo, calls)
}
