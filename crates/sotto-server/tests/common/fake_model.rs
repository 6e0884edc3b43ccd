//! A small OpenAI-protocol provider for tests: `POST /v1/chat/completions`, whole or streamed,
//! answering with two cited sentences, or misbehaving on demand. It records every prompt, and
//! a streamed reply can be held before its last piece until the test opens the gate.

use std::convert::Infallible;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures_util::stream;
use serde_json::{Value, json};
use tokio::sync::watch;

/// Answers with [`MODEL_TEXT`].
pub const GROUNDED: u8 = 0;
/// Answers citing a passage it was not given.
pub const CITES_UNKNOWN_PASSAGE: u8 = 1;
/// Answers `503`.
pub const FAILING: u8 = 2;
/// Answers after 30 seconds.
pub const SLOW: u8 = 3;

/// What the provider writes when it behaves, piece by piece: two sentences, each cited.
pub const MODEL_TEXT: [&str; 4] = [
    "Our model says parcels ",
    "ship quickly [1]. ",
    "Ask us for details [1",
    "].",
];

/// The provider's state.
pub struct FakeModel {
    /// How it behaves (one of the constants above).
    pub mode: AtomicU8,
    /// The `messages` of every request, in order.
    pub prompts: Mutex<Vec<Value>>,
    /// While false, a streamed reply waits before its last piece.
    pub gate: watch::Sender<bool>,
    /// The `messages` of every request to classify a message (answered `CONTACT`), apart
    /// from the answers' prompts.
    pub classified: Mutex<Vec<Value>>,
}

impl FakeModel {
    /// The last prompt received, as one string.
    pub fn last_prompt(&self) -> String {
        self.prompts.lock().unwrap().last().unwrap().to_string()
    }

    /// Requests received so far.
    pub fn calls(&self) -> usize {
        self.prompts.lock().unwrap().len()
    }
}

async fn completions(State(model): State<Arc<FakeModel>>, Json(body): Json<Value>) -> Response {
    let system = body["messages"][0]["content"].as_str().unwrap_or_default();
    if system.starts_with("Classify a message") {
        model
            .classified
            .lock()
            .unwrap()
            .push(body["messages"].clone());
        let reply = json!({ "choices": [{ "index": 0, "message": { "role": "assistant", "content": "CONTACT" } }] });
        return Json(reply).into_response();
    }
    model.prompts.lock().unwrap().push(body["messages"].clone());
    let pieces: Vec<&'static str> = match model.mode.load(Ordering::SeqCst) {
        FAILING => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        SLOW => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            MODEL_TEXT.to_vec()
        }
        CITES_UNKNOWN_PASSAGE => vec!["Parcels ship from the Moon [42]."],
        _ => MODEL_TEXT.to_vec(),
    };
    if body["stream"] != true {
        let reply = json!({ "choices": [{ "index": 0, "message": { "role": "assistant", "content": pieces.concat() } }] });
        return Json(reply).into_response();
    }
    let last = pieces.len() - 1;
    let gate = model.gate.subscribe();
    let events = stream::unfold(
        (0, pieces, gate),
        move |(at, pieces, mut gate)| async move {
            let data = match pieces.get(at) {
                Some(piece) => {
                    if at == last {
                        let _ = gate.wait_for(|open| *open).await;
                    }
                    json!({ "choices": [{ "index": 0, "delta": { "content": piece } }] })
                        .to_string()
                }
                None if at == pieces.len() => "[DONE]".to_owned(),
                None => return None,
            };
            Some((
                Ok::<_, Infallible>(Event::default().data(data)),
                (at + 1, pieces, gate),
            ))
        },
    );
    Sse::new(events).into_response()
}

/// Starts the provider on a loopback port; returns its base URL (`http://…/v1`).
pub async fn start() -> (String, Arc<FakeModel>) {
    let model = Arc::new(FakeModel {
        mode: AtomicU8::new(GROUNDED),
        prompts: Mutex::new(Vec::new()),
        gate: watch::channel(true).0,
        classified: Mutex::new(Vec::new()),
    });
    let app = Router::new()
        .route("/v1/chat/completions", post(completions))
        .with_state(model.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, model)
}
