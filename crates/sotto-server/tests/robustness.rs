//! Hostile input against the public and admin endpoints: malformed and mistyped JSON, huge
//! and deeply nested bodies, invalid UTF-8, and abused headers. The server never answers 5xx
//! or panics, every error is the JSON error shape, and a conversation stored before the storm
//! is intact after it.

mod common;

use common::TestServer;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// One hostile request.
#[derive(Clone)]
struct Attack {
    method: Method,
    path: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl std::fmt::Debug for Attack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let head = &self.body[..self.body.len().min(80)];
        write!(
            f,
            "{} {} headers={:?} body({} bytes)={:?}",
            self.method,
            self.path,
            self.headers
                .iter()
                .map(|(n, v)| (n, String::from_utf8_lossy(&v[..v.len().min(40)])))
                .collect::<Vec<_>>(),
            self.body.len(),
            String::from_utf8_lossy(head)
        )
    }
}

/// Bodies above the server's limit may be refused before they are read: the server answers
/// and closes, and the client, still sending, may see the connection end instead.
const BODY_LIMIT: usize = 64 * 1024;

fn paths() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        Just("demo".to_owned()),
        Just("..".to_owned()),
        Just("%00".to_owned()),
        Just("%FF%FE".to_owned()),
        "[a-z0-9-]{0,70}",
        Just("00000000-0000-0000-0000-000000000000".to_owned()),
        Just("x".repeat(3000)),
    ];
    let template = prop_oneof![
        Just("/api/v1/sites/{}/messages"),
        Just("/api/v1/sites/{}/settings"),
        Just("/api/v1/sites/{}/me"),
        Just("/api/v1/sites/{}/me/export?format={}"),
        Just("/api/v1/sites/demo/me/conversations/{}"),
        Just("/api/v1/sites/{}/me/objection"),
        Just("/api/v1/admin/conversations/{}"),
        Just("/api/v1/admin/conversations?limit={}&site={}"),
        Just("/api/v1/admin/requests?status={}"),
        Just("/api/v1/admin/sites/{}"),
        Just("/api/v1/admin/keys/{}"),
        Just("/api/v1/admin/audit?after={}"),
        Just("/{}"),
    ];
    (template, segment.clone(), segment)
        .prop_map(|(template, a, b)| template.replacen("{}", &a, 1).replacen("{}", &b, 1))
}

fn json_bodies() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
    ];
    let value = leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("text".to_owned()),
                    Just("conversation_id".to_owned()),
                    Just("page_url".to_owned()),
                    Just("role".to_owned()),
                    Just("retention_days".to_owned()),
                    "[a-z_]{1,12}",
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    value.prop_map(|v| serde_json::to_vec(&v).unwrap())
}

fn bodies() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => json_bodies(),
        1 => prop::collection::vec(any::<u8>(), 0..256),
        1 => (1usize..40_000).prop_map(|n| [b"[".repeat(n), b"]".repeat(n)].concat()),
        1 => Just(vec![b'a'; 70 * 1024]),
        1 => Just(br#"{"text": "\ud800 unpaired", "page_url": 12}"#.to_vec()),
        1 => Just(b"{\"text\": \"\xff\xfe\"}".to_vec()),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    let name = prop_oneof![
        Just("content-type".to_owned()),
        Just("sotto-visitor".to_owned()),
        Just("origin".to_owned()),
        Just("authorization".to_owned()),
        Just("x-forwarded-for".to_owned()),
        Just("accept-encoding".to_owned()),
        "x-[a-z]{1,20}",
    ];
    let value = prop_oneof![
        Just(b"application/json".to_vec()),
        Just(b"application/json; charset=utf-8".to_vec()),
        Just(b"text/plain".to_vec()),
        Just(b"3fa85f64-5717-4562-b3fc-2c963f66afa6".to_vec()),
        Just(b"Bearer sotto_000000000000_0000".to_vec()),
        Just(b"https://evil.example".to_vec()),
        Just(b"gzip, br".to_vec()),
        prop::collection::vec(0x20u8..0x7f, 0..64),
        prop::collection::vec(0x80u8..=0xff, 1..32),
        Just(vec![b'v'; 8 * 1024]),
    ];
    prop::collection::vec((name, value), 0..6)
}

fn attacks() -> impl Strategy<Value = Attack> {
    let method = prop_oneof![
        Just(Method::GET),
        Just(Method::POST),
        Just(Method::PUT),
        Just(Method::PATCH),
        Just(Method::DELETE),
        Just(Method::OPTIONS),
    ];
    (method, paths(), headers(), bodies()).prop_map(|(method, path, headers, body)| Attack {
        method,
        path,
        headers,
        body,
    })
}

async fn send(
    client: &reqwest::Client,
    server: &TestServer,
    attack: &Attack,
) -> Option<(StatusCode, HeaderMap, Vec<u8>)> {
    let mut request = client.request(attack.method.clone(), server.url(&attack.path));
    for (name, value) in &attack.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value),
        ) {
            request = request.header(name, value);
        }
    }
    let response = match request.body(attack.body.clone()).send().await {
        Ok(response) => response,
        Err(error) if attack.body.len() > BODY_LIMIT && !error.is_timeout() => return None,
        Err(error) => panic!("{attack:?}: {error}"),
    };
    let status = response.status();
    let headers = response.headers().clone();
    Some((status, headers, response.bytes().await.unwrap().to_vec()))
}

#[test]
fn hostile_requests_never_break_the_server_or_its_data() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start());
    // One connection per request: a connection the server closed after refusing an
    // oversized body must not be reused for the next attack.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let visitor = common::visitor();
    let before = runtime.block_on(async {
        let reply = common::ask(
            &client,
            &server,
            &visitor,
            json!({ "text": "How long does shipping take?" }),
        )
        .await;
        assert_eq!(reply.status(), StatusCode::OK);
        common::my_conversations(&client, &server, &visitor).await
    });

    let cases = std::env::var("SOTTO_ROBUSTNESS_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&attacks(), |attack| {
            let Some((status, headers, body)) = runtime.block_on(send(&client, &server, &attack))
            else {
                return Ok(());
            };
            prop_assert!(
                status.as_u16() < 500,
                "{} {} answered {status}",
                attack.method,
                attack.path
            );
            let is_json = headers
                .get("content-type")
                .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
            if status.is_client_error() && is_json {
                let error: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                prop_assert!(error["error"]["code"].is_string(), "{status}: {body:?}");
            }
            Ok(())
        })
        .unwrap();

    runtime.block_on(async {
        let health = client.get(server.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK, "still serving");
        let after = common::my_conversations(&client, &server, &visitor).await;
        assert_eq!(after, before, "the stored conversation is intact");
    });
}
