//! The visitor's rights from the widget API over real HTTP: erasure of one conversation, then
//! of everything, each with a receipt that names no one (another visitor's data is out of reach
//! and stays); the export as JSON and as a page; objection and its withdrawal.

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

#[tokio::test]
async fn a_visitor_downloads_their_data_and_switches_storage_off_and_on() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let me = visitor();
    start_conversation(&client, &server, &me).await;
    let export = |format: &str| {
        client
            .get(server.url(&format!("/api/v1/sites/demo/me/export{format}")))
            .header("sotto-visitor", &me)
            .send()
    };

    let json = export("").await.unwrap();
    assert_eq!(json.status(), StatusCode::OK);
    assert!(
        json.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("my-data.json")
    );
    let json: Value = json.json().await.unwrap();
    assert_eq!(json["format"], "sotto-export/v1");
    assert_eq!(
        json["conversations"][0]["messages"][0]["text"],
        "Do you ship to Finland?"
    );
    let html = export("?format=html").await.unwrap();
    assert_eq!(html.status(), StatusCode::OK);
    assert!(
        html.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        html.text()
            .await
            .unwrap()
            .contains("Do you ship to Finland?")
    );
    let bad = export("?format=xml").await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let objection = |method: reqwest::Method| {
        client
            .request(method, server.url("/api/v1/sites/demo/me/objection"))
            .header("sotto-visitor", &me)
            .send()
    };
    let objected: Value = objection(reqwest::Method::POST)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(objected["objecting"], true);
    assert_eq!(objected["erasure"]["erased"]["conversations"], 1);
    let reply = ask(
        &client,
        &server,
        &me,
        json!({"text": "How long does delivery to Finland take?"}),
    )
    .await;
    assert_eq!(reply.status(), StatusCode::OK);
    assert_eq!(
        conversation_count(&client, &server, &me).await,
        0,
        "nothing stored"
    );

    let withdrawn: Value = objection(reqwest::Method::DELETE)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(withdrawn["objecting"], false);
    start_conversation(&client, &server, &me).await;
    assert_eq!(conversation_count(&client, &server, &me).await, 1);
    server.stop().await;
}

/// An admin API read with the demo tenant's owner key.
async fn admin_get(client: &reqwest::Client, server: &TestServer, path: &str) -> Value {
    client
        .get(server.url(path))
        .bearer_auth(&server.api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn rights_requests_of_visitors_who_hold_nothing_write_next_to_nothing() {
    let server = TestServer::start_configured(|config| config.rate_limits.per_address = 0).await;
    let client = reqwest::Client::new();
    let audit_len = || async {
        admin_get(&client, &server, "/api/v1/admin/audit?limit=1000").await["entries"]
            .as_array()
            .unwrap()
            .len()
    };
    let audited_before = audit_len().await;
    for n in 0..400 {
        let who = visitor();
        let response = if n % 2 == 0 {
            client.delete(server.url("/api/v1/sites/demo/me"))
        } else {
            client.post(server.url("/api/v1/sites/demo/me/objection"))
        }
        .header("sotto-visitor", &who)
        .send()
        .await
        .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "answered as for anyone");
        let body: Value = response.json().await.unwrap();
        let receipt = if n % 2 == 0 { &body } else { &body["erasure"] };
        assert_is_receipt(receipt, "visitor", 0, &who);
    }
    let register = admin_get(&client, &server, "/api/v1/admin/requests").await;
    let registered = register["requests"].as_array().unwrap().len();
    let counters = register["unrecorded"].as_array().unwrap();
    let audited = audit_len().await - audited_before;
    assert!(
        registered + counters.len() + audited <= 10,
        "{registered} register rows, {} counters, {audited} audit entries",
        counters.len()
    );
    let total: i64 = counters.iter().map(|c| c["count"].as_i64().unwrap()).sum();
    assert_eq!(total, 400, "each request is counted: {register}");

    let someone = visitor();
    start_conversation(&client, &server, &someone).await;
    let (status, receipt) = delete(&client, &server, "/api/v1/sites/demo/me", Some(&someone)).await;
    assert_eq!(status, StatusCode::OK);
    assert_is_receipt(&receipt, "visitor", 1, &someone);
    let register = admin_get(&client, &server, "/api/v1/admin/requests").await;
    assert_eq!(
        register["requests"].as_array().unwrap().len(),
        registered + 1,
        "a visitor who held something is registered in full"
    );
}
