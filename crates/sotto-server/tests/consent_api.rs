//! Consent and the privacy notice over HTTP, on a real server: the widget settings link to the
//! notice page Sotto writes; switching the demo site to opt-in through the admin API publishes
//! a new notice version (the old one stays readable); a visitor's messages are stored only after
//! they answer the published question; their proof checks on its own; the ledger verifies.

mod common;

use common::TestServer;
use reqwest::{Client, Method};
use serde_json::{Value, json};
use sotto_app::consent::ledger::{ConsentProof, check_consent_proof};

async fn call(
    client: &Client,
    server: &TestServer,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = client
        .request(method, server.url(path))
        .bearer_auth(&server.api_key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn widget_get(client: &Client, server: &TestServer, path: &str, visitor: &str) -> Value {
    let response = client
        .get(server.url(path))
        .header("sotto-visitor", visitor)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

async fn stored_conversations(client: &Client, server: &TestServer, visitor: &str) -> usize {
    common::my_conversations(client, server, visitor).await["conversations"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn an_opt_in_site_asks_first_and_the_consent_is_proved() {
    let server = TestServer::start().await;
    let client = Client::new();
    let anna = common::visitor();

    let settings = widget_get(&client, &server, "/api/v1/sites/demo/settings", &anna).await;
    assert_eq!(settings["consent_mode"], "legitimate_interest");
    let notice_url = settings["notice_url"].as_str().unwrap().to_owned();
    assert!(notice_url.starts_with(&server.url("/sites/demo/privacy?lang=")));
    let page = client.get(&notice_url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let first = page.text().await.unwrap();
    assert!(first.contains("Version 1, in force since"));
    assert!(first.contains("legitimate interest"));

    let (status, body) = call(
        &client,
        &server,
        Method::PUT,
        "/api/v1/admin/privacy",
        Some(json!({ "dpo_email": "not an address" })),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    let (status, _) = call(
        &client,
        &server,
        Method::PUT,
        "/api/v1/admin/privacy",
        Some(json!({ "dpo_email": "dpo@maison-verte.example" })),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = call(
        &client,
        &server,
        Method::PUT,
        "/api/v1/admin/sites/demo/privacy",
        Some(json!({ "consent_mode": "opt_in" })),
    )
    .await;
    assert_eq!(
        (status, body["consent_mode"].as_str()),
        (200, Some("opt_in"))
    );

    let texts = widget_get(
        &client,
        &server,
        "/api/v1/sites/demo/privacy?lang=en",
        &anna,
    )
    .await;
    assert_eq!(texts["consent_mode"], "opt_in");
    assert_eq!(texts["notice"]["version"], 2);
    assert!(
        texts["notice"]["text"]
            .as_str()
            .unwrap()
            .contains("dpo@maison-verte.example")
    );
    let question = texts["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "conversation_storage")
        .unwrap()
        .clone();
    let old = client
        .get(server.url("/sites/demo/privacy?lang=en&version=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        old.contains("legitimate interest"),
        "earlier versions stay readable"
    );
    let missing = client
        .get(server.url("/sites/demo/privacy?lang=en&version=99"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    common::ask(
        &client,
        &server,
        &anna,
        json!({ "text": "Do you ship to Finland?" }),
    )
    .await;
    assert_eq!(stored_conversations(&client, &server, &anna).await, 0);

    let consents = server.url("/api/v1/sites/demo/me/consents");
    let answer = |sha: &str| {
        json!({
            "purpose": "conversation_storage",
            "granted": true,
            "language": question["language"],
            "text_version": question["version"],
            "text_sha256": sha,
        })
    };
    let refused = client
        .post(&consents)
        .header("sotto-visitor", &anna)
        .json(&answer(&"0".repeat(64)))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let state: Value = client
        .post(&consents)
        .header("sotto-visitor", &anna)
        .json(&answer(question["sha256"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["storing"], true, "{state}");
    common::ask(
        &client,
        &server,
        &anna,
        json!({ "text": "Do you ship to Finland?" }),
    )
    .await;
    assert_eq!(stored_conversations(&client, &server, &anna).await, 1);

    let proof: ConsentProof = serde_json::from_value(
        widget_get(
            &client,
            &server,
            "/api/v1/sites/demo/me/consents/proof",
            &anna,
        )
        .await,
    )
    .unwrap();
    let check = check_consent_proof(&proof);
    assert!(check.valid && check.reaches_head, "{check:?}");
    assert_eq!(proof.texts[0].text, question["text"].as_str().unwrap());

    let (status, history) = call(
        &client,
        &server,
        Method::GET,
        "/api/v1/admin/sites/demo/texts",
        None,
    )
    .await;
    assert_eq!(status, 200);
    let notices: Vec<(String, i64)> = history["texts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "notice")
        .map(|t| {
            (
                t["language"].as_str().unwrap().to_owned(),
                t["version"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(notices.contains(&("en".into(), 1)) && notices.contains(&("en".into(), 2)));
    assert!(notices.iter().any(|(language, _)| language == "fr"));
    let (status, check) = call(
        &client,
        &server,
        Method::GET,
        "/api/v1/admin/consents/verify",
        None,
    )
    .await;
    assert_eq!(
        (status, check["intact"].as_bool(), check["events"].as_i64()),
        (200, Some(true), Some(1))
    );
    let (status, register) = call(
        &client,
        &server,
        Method::GET,
        "/api/v1/admin/register",
        None,
    )
    .await;
    assert_eq!(
        (status, register["format"].as_str()),
        (200, Some("sotto-register/v1"))
    );
    let basis = register["activities"][0]["legal_basis"][0]
        .as_str()
        .unwrap();
    assert!(basis.contains("consent asked in the widget"), "{basis}");
    for (format, kind) in [("md", "text/markdown"), ("html", "text/html")] {
        let page = client
            .get(server.url(&format!("/api/v1/admin/register?format={format}")))
            .bearer_auth(&server.api_key)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert!(
            page.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(kind)
        );
        assert!(
            page.text()
                .await
                .unwrap()
                .contains("dpo@maison-verte.example")
        );
    }
    let refused = client
        .get(server.url("/api/v1/admin/register?format=xml"))
        .bearer_auth(&server.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    server.stop().await;
}
