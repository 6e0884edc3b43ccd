//! The authorization matrix: every admin endpoint, called with no credentials, a malformed
//! token, a revoked key, each role, and another tenant's owner key. The matrix below is
//! written by hand; the test fails if the served OpenAPI document lists an admin operation the
//! matrix lacks (or the other way round), so a new endpoint cannot skip it.

mod common;

use std::collections::BTreeSet;

use common::TestServer;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Nobody,
    Malformed,
    Revoked,
    Owner,
    Admin,
    Agent,
    Viewer,
    OtherTenant,
}

const ROLES: [Who; 4] = [Who::Owner, Who::Admin, Who::Agent, Who::Viewer];

/// One row: the operation, the least role that may call it (by rank in [`ROLES`]), its
/// success status, and what another tenant's owner gets (404 when the call names one of our
/// objects, its own success otherwise).
struct Row {
    operation: &'static str,
    least: Who,
    success: u16,
    names_our_object: bool,
}

const MATRIX: &[Row] = &[
    Row {
        operation: "whoami",
        least: Who::Viewer,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "stats",
        least: Who::Viewer,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "listSites",
        least: Who::Viewer,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "createSite",
        least: Who::Admin,
        success: 201,
        names_our_object: false,
    },
    Row {
        operation: "changeSite",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "getAppearance",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "putAppearance",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "startCrawl",
        least: Who::Admin,
        success: 202,
        names_our_object: true,
    },
    Row {
        operation: "getCrawl",
        least: Who::Viewer,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "getPageVersion",
        least: Who::Viewer,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "listApprovedAnswers",
        least: Who::Viewer,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "createApprovedAnswer",
        least: Who::Agent,
        success: 201,
        names_our_object: true,
    },
    Row {
        operation: "updateApprovedAnswer",
        least: Who::Agent,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "enableApprovedAnswer",
        least: Who::Agent,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "disableApprovedAnswer",
        least: Who::Agent,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "deleteApprovedAnswer",
        least: Who::Agent,
        success: 204,
        names_our_object: true,
    },
    Row {
        operation: "listSiteTests",
        least: Who::Viewer,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "createSiteTest",
        least: Who::Agent,
        success: 201,
        names_our_object: true,
    },
    Row {
        operation: "updateSiteTest",
        least: Who::Agent,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "deleteSiteTest",
        least: Who::Agent,
        success: 204,
        names_our_object: true,
    },
    Row {
        operation: "runSiteTests",
        least: Who::Agent,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "seedSiteTests",
        least: Who::Agent,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "getSettings",
        least: Who::Admin,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "putSettings",
        least: Who::Admin,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "listMembers",
        least: Who::Admin,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "addMember",
        least: Who::Admin,
        success: 201,
        names_our_object: false,
    },
    Row {
        operation: "removeMember",
        least: Who::Admin,
        success: 204,
        names_our_object: true,
    },
    Row {
        operation: "listKeys",
        least: Who::Admin,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "createKey",
        least: Who::Admin,
        success: 201,
        names_our_object: false,
    },
    Row {
        operation: "revokeKey",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "listConversations",
        least: Who::Agent,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "getConversation",
        least: Who::Agent,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "eraseConversation",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "replyToVisitor",
        least: Who::Agent,
        success: 201,
        names_our_object: true,
    },
    Row {
        operation: "eraseVisitor",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "analytics",
        least: Who::Viewer,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "exportVisitor",
        least: Who::Agent,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "listRequests",
        least: Who::Agent,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "enterRequest",
        least: Who::Agent,
        success: 201,
        names_our_object: true,
    },
    Row {
        operation: "fulfilRequest",
        least: Who::Agent,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "auditLog",
        least: Who::Owner,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "getPrivacyProfile",
        least: Who::Admin,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "putPrivacyProfile",
        least: Who::Admin,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "getSitePrivacy",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "putSitePrivacy",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "textHistory",
        least: Who::Viewer,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "processingRegister",
        least: Who::Viewer,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "listBreaches",
        least: Who::Admin,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "openBreach",
        least: Who::Admin,
        success: 201,
        names_our_object: false,
    },
    Row {
        operation: "updateBreach",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "closeBreach",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "listLeads",
        least: Who::Agent,
        success: 200,
        names_our_object: false,
    },
    Row {
        operation: "webhookKey",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "rotateWebhookKey",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "eraseEmail",
        least: Who::Admin,
        success: 200,
        names_our_object: true,
    },
    Row {
        operation: "verifyConsents",
        least: Who::Owner,
        success: 200,
        names_our_object: false,
    },
];

/// An answer test's body, told apart by `n`.
fn site_test(n: usize) -> Value {
    json!({ "question": format!("How long does shipping take? ({n})"), "fact": "working days" })
}

/// An approved answer's body, told apart by `n`.
fn approved_answer(n: usize) -> Value {
    json!({
        "questions": [format!("Do you sell model {n} of the lamp?")],
        "replies": [{ "language": "en", "text": format!("Yes, model {n} is in stock.") }],
    })
}

fn rank(who: Who) -> usize {
    ROLES.iter().position(|r| *r == who).expect("a role")
}

/// The demo tenant's keys, one per kind of caller.
struct Keys {
    owner: String,
    admin: String,
    agent: String,
    viewer: String,
    revoked: String,
    other: String,
}

impl Keys {
    fn token(&self, who: Who) -> Option<String> {
        match who {
            Who::Nobody => None,
            Who::Malformed => Some("sotto_not-a-key".into()),
            Who::Revoked => Some(self.revoked.clone()),
            Who::Owner => Some(self.owner.clone()),
            Who::Admin => Some(self.admin.clone()),
            Who::Agent => Some(self.agent.clone()),
            Who::Viewer => Some(self.viewer.clone()),
            Who::OtherTenant => Some(self.other.clone()),
        }
    }
}

struct Harness {
    client: Client,
    server: TestServer,
    keys: Keys,
    counter: std::sync::atomic::AtomicUsize,
}

impl Harness {
    async fn call(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, String) {
        let mut request = self.client.request(method, self.server.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.text().await.unwrap())
    }

    async fn owner(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let (status, text) = self.call(Some(&self.keys.owner), method, path, body).await;
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// A visitor of the demo site asks to be called back and leaves `address`, as the widget
    /// does.
    async fn leave_lead(&self, address: &str) {
        self.owner(
            Method::PUT,
            "/api/v1/admin/sites/demo/privacy",
            Some(json!({ "email_capture": true })),
        )
        .await;
        let visitor = common::visitor();
        let reply: Value = common::ask(
            &self.client,
            &self.server,
            &visitor,
            json!({ "text": "Please call me back" }),
        )
        .await
        .json()
        .await
        .unwrap();
        let texts: Value = self
            .client
            .get(self.server.url("/api/v1/sites/demo/privacy?lang=en"))
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
            .find(|q| q["kind"] == "email_followup")
            .unwrap();
        let left = self
            .client
            .post(self.server.url("/api/v1/sites/demo/me/email"))
            .header("sotto-visitor", &visitor)
            .json(&json!({
                "purpose": "contact",
                "email": address,
                "conversation_id": reply["conversation_id"],
                "answers": [{
                    "purpose": "email_followup",
                    "granted": true,
                    "language": question["language"],
                    "text_version": question["version"],
                    "text_sha256": question["sha256"],
                }],
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(left.status(), 200, "{}", left.text().await.unwrap());
    }

    fn unique(&self) -> usize {
        self.counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    async fn new_key(&self, role: &str) -> Value {
        self.owner(
            Method::POST,
            "/api/v1/admin/keys",
            Some(json!({ "label": "matrix", "role": role })),
        )
        .await
    }

    /// A fresh site of the demo tenant (its crawls fail: `.example` names do not resolve).
    async fn new_site(&self, n: usize) -> String {
        let site = self
            .owner(
                Method::POST,
                "/api/v1/admin/sites",
                Some(json!({ "origins": [format!("https://crawl{n}.example")] })),
            )
            .await;
        site["site_id"].as_str().unwrap().to_owned()
    }

    /// A fresh visitor's question on the demo site, answered with a citation.
    async fn shipping_reply(&self) -> Value {
        common::ask(
            &self.client,
            &self.server,
            &common::visitor(),
            json!({ "text": "How long does shipping take?" }),
        )
        .await
        .json()
        .await
        .unwrap()
    }

    /// A fresh conversation of the demo tenant, by a fresh visitor.
    async fn new_conversation(&self) -> String {
        self.shipping_reply().await["conversation_id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The path and body of one call of `operation`, with fresh objects where the call
    /// consumes them.
    async fn fixture(&self, operation: &str) -> (Method, String, Option<Value>) {
        let n = self.unique();
        match operation {
            "whoami" => (Method::GET, "/api/v1/admin/me".into(), None),
            "stats" => (Method::GET, "/api/v1/admin/stats".into(), None),
            "listSites" => (Method::GET, "/api/v1/admin/sites".into(), None),
            "createSite" => (
                Method::POST,
                "/api/v1/admin/sites".into(),
                Some(json!({ "origins": [format!("https://shop{n}.example")] })),
            ),
            "listApprovedAnswers" => (Method::GET, "/api/v1/admin/sites/demo/answers".into(), None),
            "getPageVersion" => {
                let reply = self.shipping_reply().await;
                let cited = &reply["message"]["citations"][0];
                let query = serde_urlencoded::to_string([
                    ("url", cited["url"].as_str().unwrap()),
                    ("digest", cited["version"]["digest"].as_str().unwrap()),
                ])
                .unwrap();
                (
                    Method::GET,
                    format!("/api/v1/admin/sites/demo/page-versions?{query}"),
                    None,
                )
            }
            "createApprovedAnswer" => (
                Method::POST,
                "/api/v1/admin/sites/demo/answers".into(),
                Some(approved_answer(n)),
            ),
            "listSiteTests" => (Method::GET, "/api/v1/admin/sites/demo/tests".into(), None),
            "createSiteTest" => (
                Method::POST,
                "/api/v1/admin/sites/demo/tests".into(),
                Some(site_test(n)),
            ),
            "seedSiteTests" => (
                Method::POST,
                "/api/v1/admin/sites/demo/tests/seed".into(),
                None,
            ),
            "updateSiteTest" | "deleteSiteTest" | "runSiteTests" => {
                let saved = self
                    .owner(
                        Method::POST,
                        "/api/v1/admin/sites/demo/tests",
                        Some(site_test(n)),
                    )
                    .await;
                let path = format!(
                    "/api/v1/admin/sites/demo/tests/{}",
                    saved["id"].as_str().unwrap()
                );
                match operation {
                    "deleteSiteTest" => (Method::DELETE, path, None),
                    "runSiteTests" => (
                        Method::POST,
                        "/api/v1/admin/sites/demo/tests/run".into(),
                        None,
                    ),
                    _ => (Method::PUT, path, Some(site_test(n + 1000))),
                }
            }
            "updateApprovedAnswer"
            | "deleteApprovedAnswer"
            | "enableApprovedAnswer"
            | "disableApprovedAnswer" => {
                let saved = self
                    .owner(
                        Method::POST,
                        "/api/v1/admin/sites/demo/answers",
                        Some(approved_answer(n)),
                    )
                    .await;
                let path = format!(
                    "/api/v1/admin/sites/demo/answers/{}",
                    saved["answer"]["id"].as_str().unwrap()
                );
                match operation {
                    "deleteApprovedAnswer" => (Method::DELETE, path, None),
                    "enableApprovedAnswer" => (Method::POST, format!("{path}/enable"), None),
                    "disableApprovedAnswer" => (Method::POST, format!("{path}/disable"), None),
                    _ => (Method::PUT, path, Some(approved_answer(n + 1000))),
                }
            }
            "changeSite" => (
                Method::PATCH,
                "/api/v1/admin/sites/demo".into(),
                Some(json!({ "retention_days": 365 })),
            ),
            "startCrawl" => {
                let site = self.new_site(n).await;
                (
                    Method::POST,
                    format!("/api/v1/admin/sites/{site}/crawl"),
                    Some(json!({})),
                )
            }
            "getCrawl" => {
                let site = self.new_site(n).await;
                self.owner(
                    Method::POST,
                    &format!("/api/v1/admin/sites/{site}/crawl"),
                    Some(json!({})),
                )
                .await;
                (
                    Method::GET,
                    format!("/api/v1/admin/sites/{site}/crawl"),
                    None,
                )
            }
            "getSettings" => (Method::GET, "/api/v1/admin/settings".into(), None),
            "putSettings" => (
                Method::PUT,
                "/api/v1/admin/settings".into(),
                Some(json!({})),
            ),
            "listMembers" => (Method::GET, "/api/v1/admin/members".into(), None),
            "addMember" => (
                Method::POST,
                "/api/v1/admin/members".into(),
                Some(
                    json!({ "email": format!("m{n}@acme.example"), "display_name": "M", "role": "viewer" }),
                ),
            ),
            "removeMember" => {
                let added = self
                    .owner(
                        Method::POST,
                        "/api/v1/admin/members",
                        Some(json!({ "email": format!("r{n}@acme.example"), "display_name": "R", "role": "viewer" })),
                    )
                    .await;
                let id = added["member"]["id"].as_str().unwrap();
                (Method::DELETE, format!("/api/v1/admin/members/{id}"), None)
            }
            "listKeys" => (Method::GET, "/api/v1/admin/keys".into(), None),
            "createKey" => (
                Method::POST,
                "/api/v1/admin/keys".into(),
                Some(json!({ "label": "new", "role": "viewer" })),
            ),
            "revokeKey" => {
                let key = self.new_key("viewer").await;
                let id = key["key"]["key_id"].as_str().unwrap();
                (Method::DELETE, format!("/api/v1/admin/keys/{id}"), None)
            }
            "listConversations" => (Method::GET, "/api/v1/admin/conversations".into(), None),
            "getConversation" => {
                let id = self.new_conversation().await;
                (
                    Method::GET,
                    format!("/api/v1/admin/conversations/{id}"),
                    None,
                )
            }
            "eraseConversation" => {
                let id = self.new_conversation().await;
                (
                    Method::DELETE,
                    format!("/api/v1/admin/conversations/{id}"),
                    None,
                )
            }
            "replyToVisitor" => {
                let id = self.new_conversation().await;
                (
                    Method::POST,
                    format!("/api/v1/admin/conversations/{id}/replies"),
                    Some(json!({ "text": "We will call you tomorrow." })),
                )
            }
            "eraseVisitor" => {
                let id = self.new_conversation().await;
                (
                    Method::DELETE,
                    format!("/api/v1/admin/conversations/{id}/visitor"),
                    None,
                )
            }
            "analytics" => (Method::GET, "/api/v1/admin/analytics".into(), None),
            "exportVisitor" => {
                let id = self.new_conversation().await;
                (
                    Method::GET,
                    format!("/api/v1/admin/conversations/{id}/export"),
                    None,
                )
            }
            "listRequests" => (
                Method::GET,
                "/api/v1/admin/requests?status=open".into(),
                None,
            ),
            "enterRequest" => {
                let id = self.new_conversation().await;
                (
                    Method::POST,
                    "/api/v1/admin/requests".into(),
                    Some(json!({ "kind": "access", "conversation_id": id })),
                )
            }
            "fulfilRequest" => {
                let conversation = self.new_conversation().await;
                let entered = self
                    .owner(
                        Method::POST,
                        "/api/v1/admin/requests",
                        Some(json!({ "kind": "access", "conversation_id": conversation })),
                    )
                    .await;
                let id = entered["id"].as_str().unwrap();
                (
                    Method::POST,
                    format!("/api/v1/admin/requests/{id}/fulfil"),
                    None,
                )
            }
            "auditLog" => (Method::GET, "/api/v1/admin/audit".into(), None),
            "getPrivacyProfile" => (Method::GET, "/api/v1/admin/privacy".into(), None),
            "putPrivacyProfile" => (
                Method::PUT,
                "/api/v1/admin/privacy".into(),
                Some(json!({ "contact_email": "privacy@acme.example" })),
            ),
            "getSitePrivacy" => (Method::GET, "/api/v1/admin/sites/demo/privacy".into(), None),
            "getAppearance" => (
                Method::GET,
                "/api/v1/admin/sites/demo/appearance".into(),
                None,
            ),
            "putAppearance" => (
                Method::PUT,
                "/api/v1/admin/sites/demo/appearance".into(),
                Some(json!({ "title": "Ask Maison Verte" })),
            ),
            "putSitePrivacy" => (
                Method::PUT,
                "/api/v1/admin/sites/demo/privacy".into(),
                Some(json!({ "consent_mode": "legitimate_interest" })),
            ),
            "textHistory" => (Method::GET, "/api/v1/admin/sites/demo/texts".into(), None),
            "verifyConsents" => (Method::GET, "/api/v1/admin/consents/verify".into(), None),
            "processingRegister" => (Method::GET, "/api/v1/admin/register".into(), None),
            "listBreaches" => (Method::GET, "/api/v1/admin/breaches".into(), None),
            "openBreach" => (
                Method::POST,
                "/api/v1/admin/breaches".into(),
                Some(json!({ "what": format!("incident {n}") })),
            ),
            "updateBreach" | "closeBreach" => {
                let opened = self
                    .owner(
                        Method::POST,
                        "/api/v1/admin/breaches",
                        Some(json!({ "what": format!("incident {n}") })),
                    )
                    .await;
                let id = opened["id"].as_str().unwrap();
                if operation == "updateBreach" {
                    (
                        Method::PATCH,
                        format!("/api/v1/admin/breaches/{id}"),
                        Some(json!({ "authority_notified": true })),
                    )
                } else {
                    (
                        Method::POST,
                        format!("/api/v1/admin/breaches/{id}/close"),
                        None,
                    )
                }
            }
            "listLeads" => (Method::GET, "/api/v1/admin/leads".into(), None),
            "webhookKey" => (Method::GET, "/api/v1/admin/sites/demo/webhook".into(), None),
            "rotateWebhookKey" => (
                Method::POST,
                "/api/v1/admin/sites/demo/webhook/rotate".into(),
                None,
            ),
            "eraseEmail" => {
                let address = format!("visitor{n}@example.org");
                self.leave_lead(&address).await;
                (
                    Method::POST,
                    "/api/v1/admin/erasures/email".into(),
                    Some(json!({ "email": address })),
                )
            }
            other => panic!("no fixture for {other}: add one, and a row to MATRIX"),
        }
    }
}

async fn harness() -> Harness {
    let server = TestServer::start().await;
    let owner = server.api_key.clone();
    let other = server.other_tenant_key.clone();
    let mut harness = Harness {
        client: Client::new(),
        server,
        keys: Keys {
            owner,
            admin: String::new(),
            agent: String::new(),
            viewer: String::new(),
            revoked: String::new(),
            other,
        },
        counter: Default::default(),
    };
    let token = |key: Value| key["token"].as_str().unwrap().to_owned();
    harness.keys.admin = token(harness.new_key("admin").await);
    harness.keys.agent = token(harness.new_key("agent").await);
    harness.keys.viewer = token(harness.new_key("viewer").await);
    let revoked = harness.new_key("owner").await;
    let revoked_id = revoked["key"]["key_id"].as_str().unwrap().to_owned();
    harness
        .owner(
            Method::DELETE,
            &format!("/api/v1/admin/keys/{revoked_id}"),
            None,
        )
        .await;
    harness.keys.revoked = token(revoked);
    harness
}

/// The admin operations the server describes.
async fn served_admin_operations(h: &Harness) -> BTreeSet<String> {
    let (status, text) = h
        .call(None, Method::GET, "/api/v1/openapi.json", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_references_resolve(&doc, &doc);
    let mut operations = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for operation in item.as_object().unwrap().values() {
            if path.starts_with("/api/v1/admin/") {
                assert_eq!(
                    operation["security"],
                    json!([{ "bearer": [] }]),
                    "{path} must require a bearer key"
                );
                operations.insert(operation["operationId"].as_str().unwrap().to_owned());
            }
        }
    }
    operations
}

/// Every `$ref` of the document points at something the document holds.
fn assert_references_resolve(doc: &Value, node: &Value) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let pointer = reference.strip_prefix('#').expect("a local reference");
                assert!(doc.pointer(pointer).is_some(), "{reference} resolves");
            }
            map.values().for_each(|v| assert_references_resolve(doc, v));
        }
        Value::Array(items) => items.iter().for_each(|v| assert_references_resolve(doc, v)),
        _ => {}
    }
}

#[tokio::test]
async fn every_admin_endpoint_answers_every_caller_as_the_matrix_says() {
    let h = harness().await;
    let in_matrix: BTreeSet<String> = MATRIX.iter().map(|r| r.operation.to_owned()).collect();
    assert_eq!(
        served_admin_operations(&h).await,
        in_matrix,
        "the served admin operations and the matrix differ: add the new endpoint to MATRIX"
    );
    let tenant_id = {
        let me = h.owner(Method::GET, "/api/v1/admin/me", None).await;
        me["tenant_id"].as_str().unwrap().to_owned()
    };
    let mut cells = 0;
    for row in MATRIX {
        let callers = [
            Who::Nobody,
            Who::Malformed,
            Who::Revoked,
            Who::Owner,
            Who::Admin,
            Who::Agent,
            Who::Viewer,
            Who::OtherTenant,
        ];
        for who in callers {
            let (method, path, body) = h.fixture(row.operation).await;
            let token = h.keys.token(who);
            let (status, text) = h.call(token.as_deref(), method, &path, body).await;
            let expected = match who {
                Who::Nobody | Who::Malformed | Who::Revoked => 401,
                Who::OtherTenant if row.names_our_object => 404,
                Who::OtherTenant => row.success,
                role if rank(role) <= rank(row.least) => row.success,
                _ => 403,
            };
            assert_eq!(
                status.as_u16(),
                expected,
                "{} as {who:?}: {text}",
                row.operation
            );
            if who == Who::OtherTenant {
                assert!(
                    !text.contains(&tenant_id) && !text.contains("\"demo\""),
                    "{} leaked the demo tenant to another tenant: {text}",
                    row.operation
                );
            }
            if !status.is_success() {
                let error: Value = serde_json::from_str(&text).unwrap();
                assert!(error["error"]["code"].is_string(), "{text}");
            }
            cells += 1;
        }
    }
    assert_eq!(cells, MATRIX.len() * 8);
}

#[tokio::test]
async fn no_one_grants_a_role_above_their_own() {
    let h = harness().await;
    for (who, role) in [(Who::Admin, "owner"), (Who::Agent, "viewer")] {
        let token = h.keys.token(who).unwrap();
        for path in ["/api/v1/admin/keys", "/api/v1/admin/members"] {
            let n = h.unique();
            let body = json!({ "label": "x", "role": role, "email": format!("g{n}@acme.example"), "display_name": "G" });
            let body = if path.ends_with("keys") {
                json!({ "label": body["label"], "role": role })
            } else {
                json!({ "email": body["email"], "display_name": "G", "role": role })
            };
            let (status, _) = h.call(Some(&token), Method::POST, path, Some(body)).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{who:?} granting {role} at {path}"
            );
        }
    }
    let owner_key = h.keys.owner.clone();
    let owner_id = owner_key.split('_').nth(1).unwrap();
    let (status, _) = h
        .call(
            Some(&h.keys.admin),
            Method::DELETE,
            &format!("/api/v1/admin/keys/{owner_id}"),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "an admin cannot revoke an owner's key"
    );
    let (status, _) = h
        .call(Some(&owner_key), Method::GET, "/api/v1/admin/me", None)
        .await;
    assert_eq!(status, StatusCode::OK, "the owner key still works");
}

#[tokio::test]
async fn content_reads_and_changes_are_in_the_audit_log_with_their_actor() {
    let h = harness().await;
    let conversation = h.new_conversation().await;
    let agent_id = h.keys.agent.split('_').nth(1).unwrap().to_owned();
    let (status, text) = h
        .call(
            Some(&h.keys.agent),
            Method::GET,
            &format!("/api/v1/admin/conversations/{conversation}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let detail: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(detail["messages"].as_array().unwrap().len(), 2);
    assert!(
        detail["messages"][0]["text"]
            .as_str()
            .unwrap()
            .contains("shipping")
    );

    let log = h
        .owner(Method::GET, "/api/v1/admin/audit?limit=500", None)
        .await;
    let entries = log["entries"].as_array().unwrap();
    let read = entries
        .iter()
        .find(|e| e["action"] == "conversation.read" && e["object"] == conversation.as_str())
        .expect("the read is logged");
    assert_eq!(read["actor"], format!("key:{agent_id}"));
    assert!(
        entries.iter().any(|e| e["action"] == "key.revoke"),
        "the revocation at set-up is logged"
    );
    let seqs: Vec<i64> = entries.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "no gaps");
    assert!(
        !log.to_string().contains("shipping"),
        "the audit log holds ids, never content"
    );
}
