//! Answers written by a language model, end to end: a server configured with a small
//! OpenAI-protocol provider started by this test answers visitors with the model's text and
//! checked citations, as JSON and streamed as server-sent events; a model that cites a passage
//! it was not given, fails, or is too slow leaves the visitor with the extractive answer;
//! personal data never reaches the model unless the tenant opts out.

mod common;

use std::sync::atomic::Ordering;

use common::TestServer;
use common::fake_model::{self, CITES_UNKNOWN_PASSAGE, FAILING, SLOW};
use reqwest::Client;
use serde_json::{Value, json};

const QUESTION: &str = "How long does shipping take? jane.doe@example.com";

async fn ask(server: &TestServer) -> Value {
    ask_text(server, QUESTION).await
}

async fn ask_text(server: &TestServer, text: &str) -> Value {
    common::ask(
        &Client::new(),
        server,
        &common::visitor(),
        json!({ "text": text }),
    )
    .await
    .json()
    .await
    .unwrap()
}

/// The events of a streamed turn, as (name, data) pairs.
async fn ask_streamed(server: &TestServer) -> Vec<(String, Value)> {
    let response = Client::new()
        .post(server.url("/api/v1/sites/demo/messages/stream"))
        .header("sotto-visitor", common::visitor())
        .json(&json!({ "text": QUESTION }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let body = response.text().await.unwrap();
    body.split("\n\n")
        .filter_map(|block| {
            let name = block.lines().find_map(|l| l.strip_prefix("event: "))?;
            let data = block.lines().find_map(|l| l.strip_prefix("data: "))?;
            Some((name.to_owned(), serde_json::from_str(data).unwrap()))
        })
        .collect()
}

/// The pages a message cites, without the server's address.
fn cited_paths(server: &TestServer, message: &Value) -> Vec<String> {
    message["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["url"].as_str().unwrap().replace(&server.base, ""))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_model_answers_with_checked_citations_as_json_and_as_a_stream() {
    let (base, provider) = fake_model::start().await;
    let server = TestServer::start_with_model(&base).await;

    let reply = ask(&server).await;
    let message = &reply["message"];
    assert_eq!(
        message["text"], "Our model says parcels ship quickly [1]. Ask us for details [1].",
        "{reply}"
    );
    assert_eq!(
        message["kind"], "generated",
        "the reply says how it was made"
    );
    assert!(
        reply["question"].get("kind").is_none(),
        "a visitor's message has no kind"
    );
    let citations = message["citations"].as_array().unwrap();
    assert_eq!(citations.len(), 1, "one page cited: {reply}");
    let prompt = provider.last_prompt();
    assert!(
        prompt.contains(citations[0]["url"].as_str().unwrap()),
        "the citation is a passage the model was given"
    );
    assert!(prompt.contains("[1] "), "numbered passages: {prompt}");
    assert!(
        !prompt.contains("jane.doe"),
        "personal data is redacted: {prompt}"
    );
    assert!(prompt.contains("[EMAIL]"), "{prompt}");
    assert_eq!(
        reply["question"]["text"],
        "How long does shipping take? [EMAIL]"
    );

    let events = ask_streamed(&server).await;
    let deltas: String = events
        .iter()
        .filter(|(name, _)| name == "delta")
        .map(|(_, data)| data["text"].as_str().unwrap())
        .collect();
    assert!(
        events.iter().filter(|(name, _)| name == "delta").count() >= 2,
        "{events:?}"
    );
    let (last, done) = events.last().unwrap();
    assert_eq!(last, "done", "{events:?}");
    assert_eq!(
        deltas.trim(),
        done["message"]["text"],
        "the deltas add up to the stored answer"
    );
    assert_eq!(done["message"]["citations"], message["citations"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_question_with_passages_worth_reading_reaches_the_model_and_no_other() {
    let (base, provider) = fake_model::start().await;
    let server = TestServer::start_with_model(&base).await;
    let plain = TestServer::start().await;
    // The built-in reader declines this one, but retrieval finds the returns page.
    let declined = "Is it possible to get my money back on a damaged plant?";
    assert_eq!(
        ask_text(&plain, declined).await["message"]["kind"],
        "unknown"
    );
    let calls = provider.calls();
    let reply = ask_text(&server, declined).await;
    assert_eq!(provider.calls(), calls + 1, "the model got its chance");
    assert_eq!(reply["message"]["kind"], "generated", "{reply}");

    // Nothing on the site is close to this one: declined without a model call.
    let calls = provider.calls();
    let reply = ask_text(&server, "Who won the football yesterday?").await;
    assert_eq!(reply["message"]["kind"], "unknown", "{reply}");
    assert_eq!(provider.calls(), calls, "no model call");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ungrounded_failing_or_slow_model_leaves_the_extractive_answer() {
    let (base, provider) = fake_model::start().await;
    let server = TestServer::start_with_model(&base).await;
    let plain = TestServer::start().await;
    let extractive = ask(&plain).await["message"].clone();
    assert!(!extractive["citations"].as_array().unwrap().is_empty());
    assert_eq!(extractive["kind"], "answered");

    for mode in [CITES_UNKNOWN_PASSAGE, FAILING, SLOW] {
        provider.mode.store(mode, Ordering::SeqCst);
        let calls_before = provider.calls();
        let reply = ask(&server).await;
        assert_eq!(
            reply["message"]["text"], extractive["text"],
            "mode {mode}: {reply}"
        );
        assert_eq!(
            cited_paths(&server, &reply["message"]),
            cited_paths(&plain, &extractive)
        );
        let calls = provider.calls() - calls_before;
        let expected = if mode == CITES_UNKNOWN_PASSAGE { 1 } else { 2 };
        assert_eq!(
            calls, expected,
            "mode {mode}: one retry on 503 and timeouts only"
        );

        let events = ask_streamed(&server).await;
        let (last, done) = events.last().unwrap();
        assert_eq!(last, "done");
        assert_eq!(done["message"]["text"], extractive["text"], "mode {mode}");
        assert!(
            !events
                .iter()
                .any(|(_, data)| data.to_string().contains("Moon")),
            "a sentence citing an unknown passage is never shown"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_model_sees_personal_data_only_when_the_tenant_opts_out() {
    let (base, provider) = fake_model::start().await;
    let server = TestServer::start_with_model(&base).await;
    let put = |settings: Value| {
        Client::new()
            .put(server.url("/api/v1/admin/settings"))
            .bearer_auth(&server.api_key)
            .json(&settings)
            .send()
    };

    put(json!({ "policy": { "actions": { "EMAIL": "keep" } } }))
        .await
        .unwrap();
    ask(&server).await;
    let prompt = provider.last_prompt();
    assert!(
        !prompt.contains("jane.doe") && prompt.contains("[EMAIL]"),
        "kept in storage is still redacted for the model: {prompt}"
    );

    let opted_out =
        put(json!({ "policy": { "actions": { "EMAIL": "keep" } }, "unredacted_to_model": true }))
            .await
            .unwrap();
    assert_eq!(opted_out.status(), 200);
    ask(&server).await;
    assert!(provider.last_prompt().contains("jane.doe@example.com"));

    put(json!({ "unredacted_to_model": true })).await.unwrap();
    ask(&server).await;
    assert!(
        !provider.last_prompt().contains("jane.doe"),
        "the opt-out never sends more than the policy stores"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_model_reads_a_request_for_contact_the_cue_phrases_miss() {
    let (base, provider) = fake_model::start().await;
    let server = TestServer::start_with_model_configured(&base, |config| {
        config.llm.classify_phase = true;
    })
    .await;
    let reply: Value = common::ask(
        &Client::new(),
        &server,
        &common::visitor(),
        json!({ "text": "Could you look into my delivery and get back to me? jane.doe@example.com" }),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(reply["phase"], "requesting_contact", "{reply}");
    let classified = provider.classified.lock().unwrap().clone();
    assert_eq!(classified.len(), 1, "one classification per turn");
    let prompt = classified[0].to_string();
    assert!(prompt.contains("get back to me"), "{prompt}");
    assert!(
        !prompt.contains("jane.doe"),
        "the message reaches the model redacted: {prompt}"
    );
    let id = reply["conversation_id"].as_str().unwrap();
    let detail: Value = Client::new()
        .get(server.url(&format!("/api/v1/admin/conversations/{id}")))
        .bearer_auth(&server.api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let causes: Vec<(&str, &str)> = detail["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["phase"].as_str().unwrap(), p["cause"].as_str().unwrap()))
        .collect();
    assert_eq!(
        causes,
        [("exploring", "started"), ("requesting_contact", "model")]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tenant_that_refuses_the_model_answers_alone_and_its_documents_say_so() {
    let (base, provider) = fake_model::start().await;
    let server = TestServer::start_with_model(&base).await;
    let admin = |method: reqwest::Method, path: &str| {
        Client::new()
            .request(method, server.url(path))
            .bearer_auth(&server.api_key)
    };
    let uses_model = || async {
        let register: Value = admin(reqwest::Method::GET, "/api/v1/admin/register")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        register["sub_processors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["role"] == "language model")
    };
    let notice_version = || async {
        let texts: Value = Client::new()
            .get(server.url("/api/v1/sites/demo/privacy?lang=en"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        texts["notice"]["version"].as_i64().unwrap()
    };
    assert!(uses_model().await);
    let before = notice_version().await;

    let refused = admin(reqwest::Method::PUT, "/api/v1/admin/settings")
        .json(&json!({ "built_in_answers_only": true }))
        .send()
        .await
        .unwrap();
    assert!(refused.status().is_success(), "{}", refused.status());
    let calls = provider.calls();
    let reply = ask(&server).await;
    assert_eq!(provider.calls(), calls, "no question reached the model");
    assert!(
        !reply["message"]["text"]
            .as_str()
            .unwrap()
            .contains("Our model says"),
        "{reply}"
    );
    assert!(!uses_model().await, "the register no longer lists it");
    assert_eq!(notice_version().await, before + 1, "nor does the notice");
}
