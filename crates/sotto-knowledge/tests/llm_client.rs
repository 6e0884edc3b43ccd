//! The chat-completions client against a small OpenAI-protocol server started by this test:
//! whole and streamed replies, the key and the request it sends, retries with back-off on
//! `5xx` (and none on `4xx`), a slow provider cut off by the time limit, and loopback refused
//! unless allowed.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures_util::stream;
use secrecy::SecretString;
use serde_json::{Value, json};
use sotto_knowledge::llm::{ChatClient, ChatMessage, LlmError, LlmSettings};
use sotto_knowledge::outbound::AddressPolicy;

/// How the provider behaves.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Answers.
    Answer,
    /// Fails with this status this many times, then answers.
    FailThenAnswer(u16, usize),
    /// Waits this long before answering.
    Slow(Duration),
}

struct Provider {
    behaviour: Behaviour,
    calls: AtomicUsize,
    requests: Mutex<Vec<(Option<String>, Value)>>,
}

const PIECES: [&str; 3] = ["Parcels arrive ", "in two days", " [1]."];

async fn completions(
    State(provider): State<Arc<Provider>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let call = provider.calls.fetch_add(1, Ordering::SeqCst);
    let key = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    provider.requests.lock().unwrap().push((key, body.clone()));
    match provider.behaviour {
        Behaviour::FailThenAnswer(status, failures) if call < failures => {
            return (
                StatusCode::from_u16(status).unwrap(),
                "{\"error\":\"busy\"}",
            )
                .into_response();
        }
        Behaviour::Slow(delay) => tokio::time::sleep(delay).await,
        _ => {}
    }
    if body["stream"] == true {
        let mut events: Vec<Result<Event, Infallible>> = PIECES
            .iter()
            .map(|piece| {
                Ok(Event::default().data(
                    json!({ "choices": [{ "index": 0, "delta": { "content": piece } }] })
                        .to_string(),
                ))
            })
            .collect();
        events.push(Ok(Event::default().data("[DONE]")));
        return Sse::new(stream::iter(events)).into_response();
    }
    Json(json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{ "index": 0, "message": { "role": "assistant", "content": PIECES.concat() }, "finish_reason": "stop" }]
    }))
    .into_response()
}

async fn start_provider(behaviour: Behaviour) -> (String, Arc<Provider>) {
    let provider = Arc::new(Provider {
        behaviour,
        calls: AtomicUsize::new(0),
        requests: Mutex::new(Vec::new()),
    });
    let app = Router::new()
        .route("/v1/chat/completions", post(completions))
        .with_state(provider.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, provider)
}

fn client(base: &str, retries: u32, timeout: Duration, allow_loopback: bool) -> ChatClient {
    let settings = LlmSettings {
        base_url: base.parse().unwrap(),
        model: "small-model".into(),
        api_key: Some(SecretString::from("test-key")),
        timeout,
        retries,
        max_tokens: 100,
    };
    let policy = AddressPolicy {
        allow_loopback,
        ..AddressPolicy::default()
    };
    ChatClient::new(settings, policy, "SottoTest").unwrap()
}

fn question() -> Vec<ChatMessage> {
    vec![ChatMessage {
        role: "user",
        content: "When will my parcel arrive?".into(),
    }]
}

const PATIENT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn a_whole_reply_with_the_key_and_the_request_it_sends() {
    let (base, provider) = start_provider(Behaviour::Answer).await;
    let reply = client(&base, 0, PATIENT, true)
        .complete(&question())
        .await
        .unwrap();
    assert_eq!(reply, "Parcels arrive in two days [1].");
    let requests = provider.requests.lock().unwrap();
    let (key, body) = &requests[0];
    assert_eq!(key.as_deref(), Some("Bearer test-key"));
    assert_eq!(body["model"], "small-model");
    assert_eq!(body["stream"], false);
    assert_eq!(
        body["messages"][0]["content"],
        "When will my parcel arrive?"
    );
}

#[tokio::test]
async fn a_streamed_reply_arrives_piece_by_piece() {
    let (base, provider) = start_provider(Behaviour::Answer).await;
    let mut pieces = Vec::new();
    let whole = client(&base, 0, PATIENT, true)
        .stream(&question(), |piece| pieces.push(piece.to_owned()))
        .await
        .unwrap();
    assert_eq!(pieces, PIECES);
    assert_eq!(whole, PIECES.concat());
    assert_eq!(provider.requests.lock().unwrap()[0].1["stream"], true);
}

#[tokio::test]
async fn server_errors_are_retried_and_client_errors_are_not() {
    let (base, provider) = start_provider(Behaviour::FailThenAnswer(503, 2)).await;
    let reply = client(&base, 2, PATIENT, true).complete(&question()).await;
    assert_eq!(reply.unwrap(), PIECES.concat());
    assert_eq!(
        provider.calls.load(Ordering::SeqCst),
        3,
        "two failures, then success"
    );

    let (base, provider) = start_provider(Behaviour::FailThenAnswer(500, 5)).await;
    let reply = client(&base, 1, PATIENT, true).complete(&question()).await;
    assert!(matches!(reply, Err(LlmError::Status(500))), "{reply:?}");
    assert_eq!(
        provider.calls.load(Ordering::SeqCst),
        2,
        "one retry, then give up"
    );

    let (base, provider) = start_provider(Behaviour::FailThenAnswer(401, 5)).await;
    let reply = client(&base, 3, PATIENT, true).complete(&question()).await;
    assert!(matches!(reply, Err(LlmError::Status(401))), "{reply:?}");
    assert_eq!(
        provider.calls.load(Ordering::SeqCst),
        1,
        "a refused key is not retried"
    );
}

#[tokio::test]
async fn a_slow_provider_is_cut_off_by_the_time_limit() {
    let (base, _provider) = start_provider(Behaviour::Slow(Duration::from_secs(30))).await;
    let reply = client(&base, 0, Duration::from_millis(300), true)
        .complete(&question())
        .await;
    assert!(matches!(reply, Err(LlmError::Outbound(_))), "{reply:?}");
    let streamed = client(&base, 0, Duration::from_millis(300), true)
        .stream(&question(), |_| {})
        .await;
    assert!(streamed.is_err());
}

#[tokio::test]
async fn loopback_is_refused_unless_allowed() {
    let (base, provider) = start_provider(Behaviour::Answer).await;
    let reply = client(&base, 2, PATIENT, false).complete(&question()).await;
    assert!(reply.is_err());
    assert_eq!(
        provider.calls.load(Ordering::SeqCst),
        0,
        "no request reached it"
    );
}
