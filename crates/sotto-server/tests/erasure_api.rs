//! Erasure from the widget API over real HTTP: one conversation, then everything, each with a
//! receipt that names no one; another visitor's data is out of reach and stays.

mod common;

use common::{TestServer, ask, my_conversations, visitor};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn start_conversation(client: &reqwest::Client, server: &TestServer, who: &str) -> String {
    let reply: Value = ask(
        client,
        server,
        who,
        json!({"text": "Do you ship to Finland?"}),
    )
    .await
    .json()
    .await
    .unwrap();
    reply["conversation_id"].as_str().unwrap().to_owned()
}

async fn conversation_count(client: &reqwest::Client, server: &TestServer, who: &str) -> usize {
    my_conversations(client, server, who).await["conversations"]
        .as_array()
        .unwrap()
        .len()
}

async fn delete(
    client: &reqwest::Client,
    server: &TestServer,
    path: &str,
    who: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = client.delete(server.url(path));
    if let Some(who) = who {
        request = request.header("sotto-visitor", who);
    }
    let response = request.send().await.unwrap();
    assert!(response.headers().get("set-cookie").is_none());
    (response.status(), response.json().await.unwrap())
}

/// A receipt holds counts and a MAC, never who asked.
fn assert_is_receipt(receipt: &Value, scope: &str, conversations: u64, who: &str) {
    assert_eq!(receipt["scope"], scope, "{receipt}");
    assert_eq!(receipt["channel"], "widget");
    assert_eq!(receipt["erased"]["conversations"], conversations);
    assert_eq!(receipt["mac"].as_str().unwrap().len(), 64);
    assert!(
        !receipt.to_string().contains(who),
        "no visitor id in a receipt"
    );
}

#[tokio::test]
async fn a_visitor_erases_a_conversation_then_everything() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let (me, other) = (visitor(), visitor());
    let first = start_conversation(&client, &server, &me).await;
    start_conversation(&client, &server, &me).await;
    let theirs = start_conversation(&client, &server, &other).await;

    let (status, body) = delete(
        &client,
        &server,
        &format!("/api/v1/sites/demo/me/conversations/{theirs}"),
        Some(&me),
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::NOT_FOUND, &json!("not_found"))
    );
    let (status, body) = delete(
        &client,
        &server,
        "/api/v1/sites/demo/me/conversations/not-a-uuid",
        Some(&me),
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::NOT_FOUND, &json!("not_found"))
    );
    let (status, body) = delete(&client, &server, "/api/v1/sites/demo/me", None).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::BAD_REQUEST, &json!("invalid_visitor"))
    );
    assert_eq!(conversation_count(&client, &server, &me).await, 2);

    let (status, receipt) = delete(
        &client,
        &server,
        &format!("/api/v1/sites/demo/me/conversations/{first}"),
        Some(&me),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_is_receipt(&receipt, "conversation", 1, &me);
    assert_eq!(conversation_count(&client, &server, &me).await, 1);

    let (status, receipt) = delete(&client, &server, "/api/v1/sites/demo/me", Some(&me)).await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_is_receipt(&receipt, "visitor", 1, &me);
    assert_eq!(receipt["erased"]["visitor_keys"], 1);
    assert_eq!(conversation_count(&client, &server, &me).await, 0);
    assert_eq!(conversation_count(&client, &server, &other).await, 1);
    server.stop().await;
}
