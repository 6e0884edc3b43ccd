//! The admin UI over HTTP, as a browser would post its forms: signing in (the form's own
//! token, a wrong password, the cookie's attributes), the inbox and a conversation (its opening
//! audited), a viewer kept from conversations, forms without their CSRF token refused, and
//! signing out ending the session. `browser.rs` drives the same pages in Chromium.

mod common;

use common::{TestServer, ask, visitor};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{Value, json};

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn owner(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Value {
    let mut request = client()
        .request(method, server.url(path))
        .bearer_auth(&server.api_key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap()
}

/// A member of the demo tenant with `role`: (workspace, e-mail, password).
async fn member(server: &TestServer, role: &str) -> (String, String, String) {
    let email = format!("{role}@maison-verte.example");
    let added = owner(
        server,
        reqwest::Method::POST,
        "/api/v1/admin/members",
        Some(json!({ "email": email, "display_name": format!("Camille {role}"), "role": role })),
    )
    .await;
    let me = owner(server, reqwest::Method::GET, "/api/v1/admin/me", None).await;
    (
        me["tenant_id"].as_str().unwrap().to_owned(),
        email,
        added["initial_password"].as_str().unwrap().to_owned(),
    )
}

/// The `name=value` of each `Set-Cookie`, with its attributes.
fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn cookie_pair(set_cookies: &[String], name: &str) -> Option<String> {
    set_cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

/// The value of the hidden input `name` in a page.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {page}"))
        + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// Signs in through the form; the session cookie (`sotto_team=…`) on success.
async fn sign_in(
    server: &TestServer,
    workspace: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let form = client()
        .get(server.url("/admin/sign-in"))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let form_cookie = cookie_pair(&set_cookies(&form), "sotto_signin").expect("form cookie");
    let token = hidden(&form.text().await.unwrap(), "form_token");
    client()
        .post(server.url("/admin/sign-in"))
        .header(COOKIE, form_cookie)
        .form(&[
            ("workspace", workspace),
            ("email", email),
            ("password", password),
            ("form_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap()
}

async fn page(server: &TestServer, session: &str, path: &str) -> reqwest::Response {
    client()
        .get(server.url(path))
        .header(COOKIE, session)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_agent_signs_in_reads_the_inbox_and_signs_out() {
    let server = TestServer::start().await;
    let visitor = visitor();
    let asked = ask(
        &reqwest::Client::new(),
        &server,
        &visitor,
        json!({ "text": "How long does delivery to Finland take?" }),
    )
    .await;
    let conversation = asked.json::<Value>().await.unwrap()["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (workspace, email, password) = member(&server, "agent").await;

    let anonymous = client()
        .get(server.url("/admin/inbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(anonymous.headers()[LOCATION], "/admin/sign-in");

    let wrong = sign_in(&server, &workspace, &email, "not the password at all").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(cookie_pair(&set_cookies(&wrong), "sotto_team").is_none());
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("The workspace, address or password is wrong.")
    );

    let signed_in = sign_in(&server, &workspace, &email.to_uppercase(), &password).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookies = set_cookies(&signed_in);
    let session_cookie = cookies
        .iter()
        .find(|c| c.starts_with("sotto_team="))
        .unwrap();
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/admin"] {
        assert!(session_cookie.contains(attribute), "{session_cookie}");
    }
    let session = cookie_pair(&cookies, "sotto_team").unwrap();

    let inbox = page(&server, &session, "/admin/inbox").await;
    assert_eq!(inbox.status(), StatusCode::OK);
    let csp = inbox.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let inbox = inbox.text().await.unwrap();
    assert!(inbox.contains(&format!("/admin/conversations/{conversation}")));
    assert!(
        !inbox.contains("Finland"),
        "the inbox shows no message content"
    );

    let contact_only = page(&server, &session, "/admin/inbox?needs_human=1").await;
    assert!(!contact_only.text().await.unwrap().contains(&conversation));

    let opened = page(
        &server,
        &session,
        &format!("/admin/conversations/{conversation}"),
    )
    .await;
    assert_eq!(opened.status(), StatusCode::OK);
    let opened = opened.text().await.unwrap();
    assert!(opened.contains("How long does delivery to Finland take?"));
    assert!(opened.contains("3 to 5 working days"));
    let log = owner(
        &server,
        reqwest::Method::GET,
        "/api/v1/admin/audit?limit=500",
        None,
    )
    .await;
    let entries = log["entries"].as_array().unwrap();
    let read = entries
        .iter()
        .find(|e| e["action"] == "conversation.read" && e["object"] == conversation.as_str())
        .expect("opening a conversation is audited");
    assert!(
        read["actor"].as_str().unwrap().starts_with("member:"),
        "{read}"
    );
    assert!(entries.iter().any(|e| e["action"] == "member.sign_in"));

    let csrf = hidden(&opened, "csrf");
    let forged = client()
        .post(server.url("/admin/sign-out"))
        .header(COOKIE, &session)
        .form(&[("csrf", "0".repeat(64))])
        .send()
        .await
        .unwrap();
    assert_eq!(
        forged.status(),
        StatusCode::FORBIDDEN,
        "a form without the session's token"
    );
    let missing = client()
        .post(server.url("/admin/sign-out"))
        .header(COOKIE, &session)
        .form(&[("other", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        page(&server, &session, "/admin/inbox").await.status(),
        StatusCode::OK
    );

    let out = client()
        .post(server.url("/admin/sign-out"))
        .header(COOKIE, &session)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(
        set_cookies(&out)
            .iter()
            .any(|c| c.starts_with("sotto_team=;") && c.contains("Max-Age=0"))
    );
    let after = page(&server, &session, "/admin/inbox").await;
    assert_eq!(
        after.status(),
        StatusCode::SEE_OTHER,
        "the session ended on the server"
    );
}

#[tokio::test]
async fn the_sign_in_form_needs_its_own_token_and_a_viewer_sees_no_conversation() {
    let server = TestServer::start().await;
    let (workspace, email, password) = member(&server, "viewer").await;
    let without_token = client()
        .post(server.url("/admin/sign-in"))
        .form(&[
            ("workspace", workspace.as_str()),
            ("email", email.as_str()),
            ("password", password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(without_token.status(), StatusCode::FORBIDDEN);
    assert!(cookie_pair(&set_cookies(&without_token), "sotto_team").is_none());

    let signed_in = sign_in(&server, &workspace, &email, &password).await;
    let session = cookie_pair(&set_cookies(&signed_in), "sotto_team").unwrap();
    let inbox = page(&server, &session, "/admin/inbox").await;
    assert_eq!(inbox.status(), StatusCode::FORBIDDEN);
    assert!(
        inbox
            .text()
            .await
            .unwrap()
            .contains("Viewers see analytics")
    );

    let french = client()
        .get(server.url("/admin/inbox"))
        .header(COOKIE, format!("{session}; sotto_lang=fr"))
        .send()
        .await
        .unwrap();
    let french = french.text().await.unwrap();
    assert!(
        french.contains("<html lang=\"fr\">") && french.contains("Page réservée"),
        "{french}"
    );

    let forged = page(
        &server,
        &format!(
            "sotto_team={workspace}.{}.{}",
            "a".repeat(24),
            "b".repeat(64)
        ),
        "/admin/inbox",
    )
    .await;
    assert_eq!(
        forged.status(),
        StatusCode::SEE_OTHER,
        "an unknown session signs nobody in"
    );
}

#[tokio::test]
async fn the_widget_api_still_sets_no_cookie() {
    let server = TestServer::start().await;
    let response = ask(
        &reqwest::Client::new(),
        &server,
        &visitor(),
        json!({ "text": "Hello" }),
    )
    .await;
    assert!(response.headers().get(SET_COOKIE).is_none());
    let page = client().get(server.url("/demo/")).send().await.unwrap();
    assert!(page.headers().get(SET_COOKIE).is_none());
}
