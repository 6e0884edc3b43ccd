//! The public widget API over real HTTP on a loopback port: the happy path, every error case,
//! CORS, and the absence of cookies.

mod common;

use common::{TestServer, ask, my_conversations, visitor};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn error_of(response: reqwest::Response, status: StatusCode, code: &str) {
    assert_eq!(response.status(), status);
    assert!(response.headers().get("set-cookie").is_none());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

#[tokio::test]
async fn a_conversation_with_citations_and_history() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let me = visitor();

    let health = client.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);

    let first = ask(&client, &server, &me, json!({"text": "How long does delivery to Finland take?", "conversation_id": null, "page_url": server.url("/demo/shipping?ref=mail#top")})).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert!(first.headers().get("set-cookie").is_none());
    let first: Value = first.json().await.unwrap();
    assert!(
        first["message"]["text"]
            .as_str()
            .unwrap()
            .contains("3 to 5 working days"),
        "{first}"
    );
    assert_eq!(
        first["message"]["citations"][0]["url"],
        server.url("/demo/shipping")
    );
    assert_eq!(
        first["message"]["citations"][0]["title"],
        "Shipping and delivery"
    );
    assert!(
        first["message"]["citations"][0]["snippet"]
            .as_str()
            .unwrap()
            .len()
            > 20
    );
    assert_eq!(first["phase"], "learning");
    let conversation = first["conversation_id"].as_str().unwrap().to_owned();

    let second: Value = ask(
        &client,
        &server,
        &me,
        json!({"text": "thanks!", "conversation_id": conversation}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(second["conversation_id"], conversation.as_str());
    assert_eq!(second["message"]["citations"], json!([]));
    assert!(
        second["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("You're welcome")
    );

    let unknown: Value = ask(
        &client,
        &server,
        &me,
        json!({"text": "Who won the 1998 football world cup?"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(
        unknown["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("I don't know")
    );
    assert_eq!(
        unknown["message"]["citations"][0]["url"],
        server.url("/demo/contact")
    );

    let history = client
        .get(server.url("/api/v1/sites/demo/me/conversations"))
        .header("sotto-visitor", &me)
        .send()
        .await
        .unwrap();
    assert_eq!(history.status(), StatusCode::OK);
    let history: Value = history.json().await.unwrap();
    let conversations = history["conversations"].as_array().unwrap();
    assert_eq!(conversations.len(), 2);
    let first_conversation = conversations
        .iter()
        .find(|c| c["id"] == conversation.as_str())
        .unwrap();
    let texts: Vec<&str> = first_conversation["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 4);
    assert_eq!(texts[0], "How long does delivery to Finland take?");
    assert_eq!(texts[2], "thanks!");
    assert_eq!(first_conversation["messages"][0]["role"], "visitor");
    assert_eq!(
        first_conversation["messages"][1]["citations"][0]["url"],
        server.url("/demo/shipping")
    );

    let stranger = my_conversations(&client, &server, &visitor()).await;
    assert_eq!(stranger["conversations"], json!([]));
    server.stop().await;
}

/// One bad request: site, `Sotto-Visitor` header, content type, body, expected status and code.
type ErrorCase<'a> = (
    &'a str,
    Option<&'a str>,
    &'a str,
    String,
    StatusCode,
    &'a str,
);

#[tokio::test]
async fn every_error_is_json_with_the_right_status() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let me = visitor();
    let post = |site: &str| client.post(server.url(&format!("/api/v1/sites/{site}/messages")));

    let long = "a".repeat(4001);
    let huge = json!({ "text": "x".repeat(70_000) }).to_string();
    let cases: Vec<ErrorCase> = vec![
        (
            "nope",
            Some(&me),
            "application/json",
            json!({"text": "hi"}).to_string(),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "Not_A_Site!",
            Some(&me),
            "application/json",
            json!({"text": "hi"}).to_string(),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "demo",
            None,
            "application/json",
            json!({"text": "hi"}).to_string(),
            StatusCode::BAD_REQUEST,
            "invalid_visitor",
        ),
        (
            "demo",
            Some("not-a-uuid"),
            "application/json",
            json!({"text": "hi"}).to_string(),
            StatusCode::BAD_REQUEST,
            "invalid_visitor",
        ),
        (
            "demo",
            Some(&me),
            "application/json",
            json!({ "text": long }).to_string(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "demo",
            Some(&me),
            "application/json",
            huge,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "demo",
            Some(&me),
            "application/json",
            "{\"text\": ".into(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "demo",
            Some(&me),
            "text/plain",
            "hello".into(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            "demo",
            Some(&me),
            "application/json",
            json!({"text": "hi", "admin": true}).to_string(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "demo",
            Some(&me),
            "application/json",
            json!({"text": 42}).to_string(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "demo",
            Some(&me),
            "application/json",
            json!({"text": "   "}).to_string(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "demo",
            Some(&me),
            "application/json",
            json!({"text": "hi", "page_url": "javascript:alert(1)"}).to_string(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "demo",
            Some(&me),
            "application/json",
            json!({"text": "hi", "conversation_id": uuid::Uuid::new_v4()}).to_string(),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "demo",
            Some(&me),
            "application/json",
            json!({"text": "hi", "conversation_id": "nope"}).to_string(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ];
    for (site, visitor_header, content_type, body, status, code) in cases {
        let mut request = post(site).header("content-type", content_type).body(body);
        if let Some(value) = visitor_header {
            request = request.header("sotto-visitor", value);
        }
        error_of(request.send().await.unwrap(), status, code).await;
    }

    let ok = post("demo")
        .header("sotto-visitor", &me)
        .json(&json!({"text": "é".repeat(4000)}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK, "4,000 characters are accepted");
    error_of(
        client
            .get(server.url("/api/v1/sites/demo/me/conversations"))
            .send()
            .await
            .unwrap(),
        StatusCode::BAD_REQUEST,
        "invalid_visitor",
    )
    .await;
    error_of(
        client
            .get(server.url("/api/v1/nothing"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error_of(
        client
            .get(server.url("/demo/no-such-page"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    let still_works = ask(
        &client,
        &server,
        &me,
        json!({"text": "What are your opening hours?"}),
    )
    .await;
    assert_eq!(
        still_works.status(),
        StatusCode::OK,
        "bad input lost nothing and broke nothing"
    );
    server.stop().await;
}

#[tokio::test]
async fn cors_allows_only_the_site_origins_and_the_server_itself() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let me = visitor();
    let messages = server.url("/api/v1/sites/demo/messages");

    let own = client
        .post(&messages)
        .header("origin", &server.base)
        .header("sotto-visitor", &me)
        .json(&json!({"text": "hello"}))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(
        own.headers()["access-control-allow-origin"],
        server.base.as_str()
    );

    let evil = client
        .post(&messages)
        .header("origin", "https://evil.example")
        .header("sotto-visitor", &me)
        .json(&json!({"text": "hello"}))
        .send()
        .await
        .unwrap();
    assert!(evil.headers().get("access-control-allow-origin").is_none());
    error_of(evil, StatusCode::FORBIDDEN, "origin_not_allowed").await;

    let preflight = client
        .request(reqwest::Method::OPTIONS, &messages)
        .header("origin", &server.base)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, sotto-visitor",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        server.base.as_str()
    );
    assert!(
        preflight.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("sotto-visitor")
    );

    let evil_preflight = client
        .request(reqwest::Method::OPTIONS, &messages)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(evil_preflight.status(), StatusCode::FORBIDDEN);

    let error_with_cors = client
        .post(&messages)
        .header("origin", &server.base)
        .json(&json!({"text": "hello"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_with_cors.headers()["access-control-allow-origin"],
        server.base.as_str(),
        "the widget can read errors"
    );
    error_of(error_with_cors, StatusCode::BAD_REQUEST, "invalid_visitor").await;
    server.stop().await;
}

#[tokio::test]
async fn assets_and_settings() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();

    let widget = client.get(server.url("/widget.js")).send().await.unwrap();
    assert_eq!(widget.status(), StatusCode::OK);
    assert!(
        widget.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let script = widget.text().await.unwrap();
    assert!(script.contains("sotto_visitor_"));
    assert!(
        script.contains("  var CSS = '.sotto-launcher,") && script.trim_end().ends_with("})();"),
        "every part of widget/src is joined, the style sheet as a string, in one scope"
    );

    let compressed = client
        .get(server.url("/widget.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "gzip");
    let gzipped = compressed.bytes().await.unwrap().len();
    // 15 KB until the widget learnt to fit the site; 20 KB with every option since.
    assert!(
        gzipped <= 20 * 1024,
        "the widget stays within its 20 KB gzipped budget: {gzipped} bytes"
    );

    let demo = client.get(server.url("/demo")).send().await.unwrap();
    assert_eq!(demo.status(), StatusCode::OK);
    assert!(
        demo.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert!(demo.headers().get("set-cookie").is_none());
    let html = demo.text().await.unwrap();
    assert!(html.contains(r#"<script src="/widget.js" data-site="demo" async></script>"#));
    assert!(html.contains("Welcome to Maison Verte"));

    let settings: Value = client
        .get(server.url("/api/v1/sites/demo/settings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(settings["language"], "en");
    assert_eq!(settings["privacy_notice_url"], server.url("/demo/privacy"));
    server.stop().await;
}

#[tokio::test]
async fn a_vote_on_an_answer_is_one_request_and_reaches_the_team() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let me = visitor();
    let reply: Value = ask(
        &client,
        &server,
        &me,
        json!({"text": "How long does delivery to Finland take?"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let token = reply["message"]["vote_token"].as_str().unwrap().to_owned();
    assert!(reply["question"].get("vote_token").is_none());
    let history = my_conversations(&client, &server, &me).await;
    assert_eq!(
        history["conversations"][0]["messages"][1]["vote_token"],
        token.as_str(),
        "the history hands out the same token"
    );
    let vote = |body: Value| {
        client
            .post(server.url("/api/v1/sites/demo/votes"))
            .header("sotto-visitor", &me)
            .json(&body)
            .send()
    };
    let body = |token: &str, vote: &str, comment: Option<&str>| {
        json!({
            "conversation_id": reply["conversation_id"],
            "message_id": reply["message"]["id"],
            "vote_token": token,
            "vote": vote,
            "comment": comment,
        })
    };

    let response = vote(body(&token, "down", Some("The price is missing")))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("set-cookie").is_none());
    let receipt: Value = response.json().await.unwrap();
    assert_eq!(receipt, json!({"stored": true}));

    let forged = token.replace("answered", "unknown");
    error_of(
        vote(body(&forged, "up", None)).await.unwrap(),
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    error_of(
        vote(body(&token, "sideways", None)).await.unwrap(),
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    error_of(
        vote(body(&token, "up", Some(&"x".repeat(10))))
            .await
            .unwrap(),
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;

    let detail = server
        .admin_json(&format!(
            "/api/v1/admin/conversations/{}",
            reply["conversation_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(detail["votes"][0]["vote"], "down");
    assert_eq!(detail["votes"][0]["comment"], "The price is missing");
    assert_eq!(detail["votes"][0]["message_id"], reply["message"]["id"]);

    let analytics = server.admin_json("/api/v1/admin/analytics").await;
    assert_eq!(analytics["voted_down"], 1, "{analytics}");
    assert_eq!(analytics["votes"][0]["down"], 1);
    assert_eq!(analytics["votes"][0]["kind"], "answered");

    let openapi: Value = client
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        openapi["paths"]["/api/v1/sites/{site}/votes"]["post"]["operationId"],
        "voteOnAnswer"
    );
    server.stop().await;
}

#[tokio::test]
async fn an_approved_answer_is_written_through_the_admin_api_and_given_to_a_reworded_question() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let admin = |method: reqwest::Method, path: &str| {
        client
            .request(method, server.url(path))
            .bearer_auth(&server.api_key)
    };
    let answer = json!({
        "questions": ["Can I bring my dog into your store?"],
        "replies": [{ "language": "en", "text": "Dogs on a lead are welcome in all our stores." }],
        "origin": "analytics",
    });
    let created = admin(reqwest::Method::POST, "/api/v1/admin/sites/demo/answers")
        .json(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["personal_data"], json!([]));
    assert_eq!(created["answer"]["origin"], "analytics");
    let id = created["answer"]["id"].as_str().unwrap().to_owned();

    let ask_kind = |text: &'static str| {
        let (client, server) = (&client, &server);
        async move {
            let reply: Value = ask(client, server, &visitor(), json!({ "text": text }))
                .await
                .json()
                .await
                .unwrap();
            reply["message"]["kind"].as_str().unwrap().to_owned()
        }
    };
    assert_eq!(
        ask_kind("can i brign my dog into the sotre").await,
        "approved"
    );
    assert_ne!(ask_kind("Do you ship to Finland?").await, "approved");

    let listed = server.admin_json("/api/v1/admin/sites/demo/answers").await;
    assert_eq!(listed["answers"][0]["id"], id.as_str());

    let refused = admin(reqwest::Method::POST, "/api/v1/admin/sites/demo/answers")
        .json(&json!({ "questions": [], "replies": [] }))
        .send()
        .await
        .unwrap();
    error_of(refused, StatusCode::BAD_REQUEST, "bad_request").await;

    let path = format!("/api/v1/admin/sites/demo/answers/{id}");
    let mut off = answer.clone();
    off["enabled"] = json!(false);
    let switched = admin(reqwest::Method::PUT, &path)
        .json(&off)
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), StatusCode::OK);
    assert_ne!(
        ask_kind("can i brign my dog into the sotre").await,
        "approved"
    );

    let deleted = admin(reqwest::Method::DELETE, &path).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let again = admin(reqwest::Method::DELETE, &path).send().await.unwrap();
    error_of(again, StatusCode::NOT_FOUND, "not_found").await;
}
