//! A visitor's turn that races their own erasure or objection, end to end: the language model
//! is held before its last words while the visitor erases everything (or objects to storage)
//! from another tab, then lets go. The answer still reaches the visitor; nothing of the turn
//! is stored, neither in the conversation it continued nor in a new one, and no key is made
//! for the erased visitor.

mod common;

use common::TestServer;
use common::fake_model::{self, FakeModel};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// Sends a streamed turn while the model is held, runs `act` once the model is writing it,
/// then lets the model finish; checks that the answer reached the visitor, and returns the
/// visitor's conversations as the widget then reads them.
async fn racing_turn(
    server: &TestServer,
    provider: &FakeModel,
    visitor: &str,
    turn: Value,
    act: impl AsyncFnOnce() -> StatusCode,
) -> Value {
    provider.gate.send_replace(false);
    let asked = provider.calls();
    let request = Client::new()
        .post(server.url("/api/v1/sites/demo/messages/stream"))
        .header("sotto-visitor", visitor)
        .json(&turn)
        .send();
    let turn = tokio::spawn(async move { request.await.unwrap().text().await.unwrap() });
    while provider.calls() == asked {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(act().await, StatusCode::OK);
    provider.gate.send_replace(true);
    let events = turn.await.unwrap();
    assert!(
        events.contains("event: done"),
        "the visitor still gets the answer: {events}"
    );
    conversations_of(server, visitor).await
}

/// One stored turn of `visitor`; returns the reply.
async fn stored_turn(server: &TestServer, visitor: &str, text: &str) -> Value {
    common::ask(&Client::new(), server, visitor, json!({ "text": text }))
        .await
        .json()
        .await
        .unwrap()
}

/// The visitor's conversations as the widget reads them.
async fn conversations_of(server: &TestServer, visitor: &str) -> Value {
    Client::new()
        .get(server.url("/api/v1/sites/demo/me/conversations"))
        .header("sotto-visitor", visitor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn act_on_me(
    server: &TestServer,
    visitor: &str,
    method: reqwest::Method,
    path: &str,
) -> StatusCode {
    Client::new()
        .request(method, server.url(&format!("/api/v1/sites/demo/me{path}")))
        .header("sotto-visitor", visitor)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_turn_racing_an_erasure_stores_nothing() {
    let (base, provider) = fake_model::start().await;
    let server = TestServer::start_with_model(&base).await;
    let visitor = common::visitor();
    let first = stored_turn(&server, &visitor, "How long does shipping take?").await;
    let conversation = first["conversation_id"].as_str().unwrap().to_owned();
    let before = conversations_of(&server, &visitor).await;
    assert_eq!(before["conversations"].as_array().unwrap().len(), 1);
    let erase = async || act_on_me(&server, &visitor, reqwest::Method::DELETE, "").await;
    let turn = json!({ "text": "And returns?", "conversation_id": conversation });
    let mine = racing_turn(&server, &provider, &visitor, turn, erase).await;
    assert_eq!(
        mine["conversations"],
        json!([]),
        "the erased conversation stays erased: {mine}"
    );

    let again = common::visitor();
    stored_turn(&server, &again, "Do you ship abroad?").await;
    let erase = async || act_on_me(&server, &again, reqwest::Method::DELETE, "").await;
    let turn = json!({ "text": "What does it cost?" });
    let theirs = racing_turn(&server, &provider, &again, turn, erase).await;
    assert_eq!(
        theirs["conversations"],
        json!([]),
        "nor is a new one started: {theirs}"
    );
    let export: Value = Client::new()
        .get(server.url("/api/v1/sites/demo/me/export"))
        .header("sotto-visitor", &again)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(export["conversations"], json!([]), "{export}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_turn_racing_an_objection_stores_nothing() {
    let (base, provider) = fake_model::start().await;
    let server = TestServer::start_with_model(&base).await;
    let visitor = common::visitor();
    stored_turn(&server, &visitor, "How long does shipping take?").await;
    let object = async || act_on_me(&server, &visitor, reqwest::Method::POST, "/objection").await;
    let turn = json!({ "text": "And returns?" });
    let mine = racing_turn(&server, &provider, &visitor, turn, object).await;
    assert_eq!(mine["conversations"], json!([]), "{mine}");
    assert_eq!(mine["storing"], false);
    server.stop().await;
}

/// The visitor's answer to the site's storage question, as the widget sends it.
async fn answer_storage(
    server: &TestServer,
    visitor: &str,
    question: &Value,
    granted: bool,
) -> StatusCode {
    Client::new()
        .post(server.url("/api/v1/sites/demo/me/consents"))
        .header("sotto-visitor", visitor)
        .json(&json!({
            "purpose": "conversation_storage",
            "granted": granted,
            "language": question["language"],
            "text_version": question["version"],
            "text_sha256": question["sha256"],
        }))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_turn_racing_a_withdrawal_of_consent_stores_nothing() {
    let (base, provider) = fake_model::start().await;
    let server = TestServer::start_with_model(&base).await;
    let client = Client::new();
    let opted_in = client
        .put(server.url("/api/v1/admin/sites/demo/privacy"))
        .bearer_auth(&server.api_key)
        .json(&json!({ "consent_mode": "opt_in" }))
        .send()
        .await
        .unwrap();
    assert_eq!(opted_in.status(), StatusCode::OK);
    let visitor = common::visitor();
    let texts: Value = client
        .get(server.url("/api/v1/sites/demo/privacy?lang=en"))
        .header("sotto-visitor", &visitor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let question = texts["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "conversation_storage")
        .unwrap()
        .clone();
    assert_eq!(
        answer_storage(&server, &visitor, &question, true).await,
        StatusCode::OK
    );
    stored_turn(&server, &visitor, "How long does shipping take?").await;
    let before = conversations_of(&server, &visitor).await;
    assert_eq!(before["conversations"].as_array().unwrap().len(), 1);
    let withdraw = async || answer_storage(&server, &visitor, &question, false).await;
    let turn = json!({ "text": "And returns?" });
    let mine = racing_turn(&server, &provider, &visitor, turn, withdraw).await;
    assert_eq!(mine["conversations"], json!([]), "{mine}");
    server.stop().await;
}
