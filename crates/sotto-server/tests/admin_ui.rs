//! The admin UI over HTTP, as a browser would post its forms: signing in (the form's own
//! token, a wrong password, the cookie's attributes), the inbox and a conversation (its opening
//! audited), a viewer kept from conversations, forms without their CSRF token refused, and
//! signing out ending the session; replies reaching the widget API, erasures with receipts,
//! the request register, the analytics on redacted text and the knowledge page.
//! `browser.rs` drives the same pages in Chromium.

mod common;

use common::{TestServer, ask, my_conversations, visitor};
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

/// The password every test member chooses at their first sign-in.
const OWN_PASSWORD: &str = "a passphrase of my own";

/// Changes the password someone else chose for the member of `session` (which every other
/// page waits for) to [`OWN_PASSWORD`].
async fn choose_own_password(server: &TestServer, session: &str, given: &str) {
    let form = page(server, session, "/admin/account/password").await;
    assert_eq!(form.status(), StatusCode::OK);
    let form = form.text().await.unwrap();
    assert!(form.contains("Someone else chose your password"), "{form}");
    let changed = post_form(
        server,
        session,
        "/admin/account/password",
        &[
            ("csrf", hidden(&form, "csrf").as_str()),
            ("current", given),
            ("new", OWN_PASSWORD),
            ("repeat", OWN_PASSWORD),
        ],
    )
    .await;
    assert_eq!(changed.status(), StatusCode::OK);
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
    let (workspace, email, password) = server.new_member("agent").await;

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

    let first = page(&server, &session, "/admin/inbox").await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        first.headers()[LOCATION],
        "/admin/account/password",
        "a password someone else chose is changed first"
    );
    choose_own_password(&server, &session, &password).await;
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
    let today = time::OffsetDateTime::now_utc().date();
    let today = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    let by_date = |range: String| {
        let server = &server;
        let session = &session;
        async move {
            page(server, session, &format!("/admin/inbox?{range}"))
                .await
                .text()
                .await
                .unwrap()
        }
    };
    assert!(
        by_date(format!("from={today}&to={today}"))
            .await
            .contains(&conversation)
    );
    assert!(
        !by_date("from=2001-01-01&to=2001-12-31".into())
            .await
            .contains(&conversation),
        "the date filter keeps last activity inside the days chosen"
    );

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
    // Each source links to the page as the answer read it.
    let version_link = opened
        .split("class=\"as-cited\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a source links to its version")
        .replace("&amp;", "&");
    let as_cited = page(&server, &session, &version_link).await;
    assert_eq!(as_cited.status(), StatusCode::OK);
    let as_cited = as_cited.text().await.unwrap();
    assert!(as_cited.contains("The page as the answer read it"));
    assert!(as_cited.contains("3 to 5 working days"));
    assert!(
        as_cited.contains("still the page"),
        "the demo page did not change"
    );
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
    let (workspace, email, password) = server.new_member("viewer").await;
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
    choose_own_password(&server, &session, &password).await;
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

/// Posts a form of a signed-in page.
async fn post_form(
    server: &TestServer,
    session: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client()
        .post(server.url(path))
        .header(COOKIE, session)
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// A member of `role` signed in: their session cookie.
async fn signed_in(server: &TestServer, role: &str) -> String {
    let (workspace, email, password) = server.new_member(role).await;
    let response = sign_in(server, &workspace, &email, &password).await;
    let session = cookie_pair(&set_cookies(&response), "sotto_team").unwrap();
    choose_own_password(server, &session, &password).await;
    session
}

/// The CSRF token of the page at `path`.
async fn csrf_of(server: &TestServer, session: &str, path: &str) -> String {
    hidden(
        &page(server, session, path).await.text().await.unwrap(),
        "csrf",
    )
}

/// A new visitor asks `text` on the demo site and votes on the answer with `vote` (`{"vote",
/// "comment"?}`); the reply.
async fn ask_and_vote(server: &TestServer, text: &str, vote: Value) -> Value {
    let me = visitor();
    let reply: Value = ask(&client(), server, &me, json!({ "text": text }))
        .await
        .json()
        .await
        .unwrap();
    let mut body = json!({
        "conversation_id": reply["conversation_id"],
        "message_id": reply["message"]["id"],
        "vote_token": reply["message"]["vote_token"],
    });
    body.as_object_mut()
        .unwrap()
        .extend(vote.as_object().unwrap().clone());
    let voted = client()
        .post(server.url("/api/v1/sites/demo/votes"))
        .header("sotto-visitor", &me)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(voted.status(), StatusCode::OK);
    reply
}

/// A visitor's new conversation on the demo site, asking `text`.
async fn conversation_asking(server: &TestServer, visitor: &str, text: &str) -> String {
    let asked = ask(
        &reqwest::Client::new(),
        server,
        visitor,
        json!({ "text": text }),
    )
    .await;
    asked.json::<Value>().await.unwrap()["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_agent_reply_reaches_the_widget_and_settles_needs_a_human() {
    let server = TestServer::start().await;
    let visitor = visitor();
    let conversation = conversation_asking(
        &server,
        &visitor,
        "I would like to talk to someone, please call me",
    )
    .await;
    let session = signed_in(&server, "agent").await;
    let waiting = page(&server, &session, "/admin/inbox?needs_human=1").await;
    assert!(waiting.text().await.unwrap().contains(&conversation));

    let path = format!("/admin/conversations/{conversation}");
    let csrf = csrf_of(&server, &session, &path).await;
    let reply_path = format!("{path}/reply");
    let without_token = post_form(&server, &session, &reply_path, &[("text", "Forged")]).await;
    assert_eq!(without_token.status(), StatusCode::FORBIDDEN);
    let replied = post_form(
        &server,
        &session,
        &reply_path,
        &[
            ("csrf", csrf.as_str()),
            ("text", "Hello, this is Camille: I will call you at 3 pm."),
        ],
    )
    .await;
    assert_eq!(replied.status(), StatusCode::SEE_OTHER);

    let history = my_conversations(&reqwest::Client::new(), &server, &visitor).await;
    assert_eq!(history["storing"], true);
    let messages = history["conversations"][0]["messages"].as_array().unwrap();
    let last = messages.last().unwrap();
    assert_eq!(last["role"], "agent");
    assert_eq!(
        last["text"],
        "Hello, this is Camille: I will call you at 3 pm."
    );
    assert!(
        !messages.iter().any(|m| m["text"] == "Forged"),
        "the form without its token stored nothing"
    );
    let answered = page(&server, &session, "/admin/inbox?needs_human=1").await;
    assert!(
        !answered.text().await.unwrap().contains(&conversation),
        "a reply settles the request for a human"
    );
    let opened = page(&server, &session, &path).await.text().await.unwrap();
    assert!(opened.contains("Team member") && opened.contains("I will call you at 3 pm."));
    let log = owner(
        &server,
        reqwest::Method::GET,
        "/api/v1/admin/audit?limit=500",
        None,
    )
    .await;
    assert!(
        log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "conversation.reply" && e["object"] == conversation.as_str())
    );
}

#[tokio::test]
async fn an_admin_erases_a_visitor_from_the_ui_and_gets_a_receipt() {
    let server = TestServer::start().await;
    let visitor = visitor();
    let first =
        conversation_asking(&server, &visitor, "How long does delivery to Finland take?").await;
    let second = conversation_asking(&server, &visitor, "Can I return an item?").await;
    let agent = signed_in(&server, "agent").await;
    let path = format!("/admin/conversations/{first}");
    let agent_page = page(&server, &agent, &path).await.text().await.unwrap();
    assert!(
        !agent_page.contains("/erase\""),
        "an agent is not offered erasure"
    );

    let admin = signed_in(&server, "admin").await;
    let csrf = csrf_of(&server, &admin, &path).await;
    let erased = post_form(
        &server,
        &admin,
        &format!("{path}/erase"),
        &[("csrf", csrf.as_str()), ("scope", "visitor")],
    )
    .await;
    assert_eq!(erased.status(), StatusCode::OK);
    let receipt_page = erased.text().await.unwrap();
    assert!(receipt_page.contains("Receipt for the visitor"));
    assert!(receipt_page.contains("&quot;mac&quot;") || receipt_page.contains("\"mac\""));

    let inbox = page(&server, &admin, "/admin/inbox")
        .await
        .text()
        .await
        .unwrap();
    assert!(!inbox.contains(&first) && !inbox.contains(&second));
    let history = my_conversations(&reqwest::Client::new(), &server, &visitor).await;
    assert_eq!(history["conversations"].as_array().unwrap().len(), 0);
    assert_eq!(
        history["storing"], true,
        "the widget learns its copy was erased"
    );
    let register = page(&server, &admin, "/admin/requests")
        .await
        .text()
        .await
        .unwrap();
    assert!(register.contains("Erasure (visitor)") && register.contains("Completed"));
}

#[tokio::test]
async fn the_register_records_a_request_by_email_shows_it_overdue_and_carries_it_out() {
    let server = TestServer::start().await;
    let visitor = visitor();
    let conversation = conversation_asking(&server, &visitor, "Can I return an item?").await;
    let admin = signed_in(&server, "admin").await;
    let csrf = csrf_of(&server, &admin, "/admin/requests").await;
    let long_ago = time::OffsetDateTime::now_utc() - time::Duration::days(40);
    let received = format!(
        "{:04}-{:02}-{:02}",
        long_ago.year(),
        u8::from(long_ago.month()),
        long_ago.day()
    );
    let recorded = post_form(
        &server,
        &admin,
        "/admin/requests",
        &[
            ("csrf", csrf.as_str()),
            ("kind", "access"),
            ("conversation", conversation.as_str()),
            ("received", received.as_str()),
        ],
    )
    .await;
    assert_eq!(recorded.status(), StatusCode::SEE_OTHER);
    let bad = post_form(
        &server,
        &admin,
        "/admin/requests",
        &[
            ("csrf", csrf.as_str()),
            ("kind", "access"),
            ("conversation", "nope"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let register = page(&server, &admin, "/admin/requests?status=overdue")
        .await
        .text()
        .await
        .unwrap();
    assert!(register.contains("Overdue requests: 1"), "{register}");
    let fulfil = register
        .split("action=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|action| action.ends_with("/fulfil"))
        .expect("an open request can be carried out")
        .to_owned();
    let carried = post_form(&server, &admin, &fulfil, &[("csrf", csrf.as_str())]).await;
    assert_eq!(carried.status(), StatusCode::OK);
    assert!(
        carried.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let export: Value = carried.json().await.unwrap();
    assert!(export.to_string().contains("Can I return an item?"));
    let after = page(&server, &admin, "/admin/requests?status=overdue")
        .await
        .text()
        .await
        .unwrap();
    assert!(!after.contains("Overdue requests"), "{after}");
}

#[tokio::test]
async fn a_viewer_sees_unanswered_questions_redacted_but_no_conversation() {
    let server = TestServer::start().await;
    let keep_emails = client()
        .put(server.url("/api/v1/admin/settings"))
        .bearer_auth(&server.api_key)
        .json(&json!({ "policy": { "actions": { "EMAIL": "keep" } } }))
        .send()
        .await
        .unwrap();
    assert!(keep_emails.status().is_success());
    let first = conversation_asking(
        &server,
        &visitor(),
        "Do you sell gift vouchers? Write to jane.doe@example.com",
    )
    .await;
    conversation_asking(&server, &visitor(), "Do you sell gift vouchers?").await;
    conversation_asking(&server, &visitor(), "Are gift vouchers on sale?").await;
    conversation_asking(
        &server,
        &visitor(),
        "How long does delivery to Finland take?",
    )
    .await;

    let viewer = signed_in(&server, "viewer").await;
    let home = page(&server, &viewer, "/admin").await;
    assert_eq!(home.headers()[LOCATION], "/admin/analytics");
    let analytics = page(&server, &viewer, "/admin/analytics").await;
    assert_eq!(analytics.status(), StatusCode::OK);
    let analytics = analytics.text().await.unwrap();
    assert!(analytics.contains("gift vouchers"), "{analytics}");
    assert!(
        !analytics.contains("jane.doe"),
        "kept in storage, redacted in analytics"
    );
    assert!(analytics.contains("[EMAIL]"));
    assert!(!analytics.contains(&first), "no conversation is named");
    assert!(!analytics.contains("/admin/conversations/"));
    assert!(analytics.contains("Add or improve content about"));
    let french = client()
        .get(server.url("/admin/analytics"))
        .header(COOKIE, format!("{viewer}; sotto_lang=fr"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        french.contains("Ce que le site ne sait pas bien répondre")
            && french.contains("gift vouchers"),
        "{french}"
    );
    let viewer_reads = page(&server, &viewer, &format!("/admin/conversations/{first}")).await;
    assert_eq!(viewer_reads.status(), StatusCode::FORBIDDEN);
    let api: Value = client()
        .get(server.url("/api/v1/admin/analytics"))
        .bearer_auth(&server.api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let group = &api["groups"][0];
    assert_eq!(group["count"], 3, "three wordings of one question: {api}");
    assert_eq!(group["visitors"], 3);
    assert_eq!(api["funnel"]["exploring"], 4);
    assert!(!api["cited_pages"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_vote_down_shows_on_the_conversation_and_in_the_analytics() {
    let server = TestServer::start().await;
    let reply = ask_and_vote(
        &server,
        "How long does delivery to Finland take?",
        json!({ "vote": "down", "comment": "<b>No price</b> for Finland" }),
    )
    .await;

    let agent = signed_in(&server, "agent").await;
    let id = reply["conversation_id"].as_str().unwrap();
    let conversation = page(&server, &agent, &format!("/admin/conversations/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        conversation.contains("The visitor found this answer not helpful"),
        "{conversation}"
    );
    assert!(
        conversation.contains("&lt;b&gt;No price&lt;/b&gt; for Finland"),
        "the comment is shown as text"
    );
    let viewer = signed_in(&server, "viewer").await;
    let analytics = page(&server, &viewer, "/admin/analytics")
        .await
        .text()
        .await
        .unwrap();
    assert!(analytics.contains("id=\"votes\""), "{analytics}");
    assert!(analytics.contains("id=\"resolution\""));
    assert!(
        !analytics.contains("No price"),
        "one visitor's comment is theirs: withheld from the analytics"
    );
}

#[tokio::test]
async fn the_knowledge_page_tries_a_question_with_scores() {
    let server = TestServer::start().await;
    let viewer = signed_in(&server, "viewer").await;
    let knowledge = page(&server, &viewer, "/admin/knowledge")
        .await
        .text()
        .await
        .unwrap();
    assert!(knowledge.contains("Indexed pages"), "{knowledge}");
    assert!(
        !knowledge.contains("Recrawl now"),
        "a viewer cannot start a crawl"
    );
    let csrf = hidden(&knowledge, "csrf");
    let tried = post_form(
        &server,
        &viewer,
        "/admin/knowledge/try",
        &[
            ("csrf", csrf.as_str()),
            ("site", "demo"),
            ("question", "How long does delivery to Finland take?"),
        ],
    )
    .await;
    assert_eq!(tried.status(), StatusCode::OK);
    let tried = tried.text().await.unwrap();
    assert!(tried.contains("3 to 5 working days"), "{tried}");
    assert!(tried.contains("Passages found") && tried.contains("<td>"));
    let recrawl = post_form(
        &server,
        &viewer,
        "/admin/knowledge/recrawl",
        &[("csrf", csrf.as_str()), ("site", "demo")],
    )
    .await;
    assert_eq!(recrawl.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_compliance_page_shows_each_role_its_documents() {
    let server = TestServer::start().await;
    let owner_session = signed_in(&server, "owner").await;
    let csrf = csrf_of(&server, &owner_session, "/admin/compliance").await;
    let recorded = post_form(
        &server,
        &owner_session,
        "/admin/compliance/breaches",
        &[
            ("csrf", csrf.as_str()),
            ("what", "A laptop with an export was stolen"),
            ("consequences", "Names of 3 visitors may be read"),
            ("measures", "Disk encrypted; keys rotated"),
        ],
    )
    .await;
    assert_eq!(recorded.status(), StatusCode::SEE_OTHER);
    let full = page(&server, &owner_session, "/admin/compliance")
        .await
        .text()
        .await
        .unwrap();
    for part in [
        "Register of processing activities",
        "Visitor privacy notices",
        "A laptop with an export was stolen",
        "hours left to notify the authority",
        "The hash chain is intact.",
        "breach.open",
    ] {
        assert!(full.contains(part), "{part}: {full}");
    }

    let viewer = signed_in(&server, "viewer").await;
    let partial = page(&server, &viewer, "/admin/compliance").await;
    assert_eq!(partial.status(), StatusCode::OK);
    let partial = partial.text().await.unwrap();
    assert!(partial.contains("Register of processing activities"));
    assert!(!partial.contains("A laptop") && !partial.contains("Audit log"));
}

/// The notice version the settings page says is current.
fn notice_version(settings_page: &str) -> u32 {
    let at = settings_page
        .find("Current notice: v")
        .expect("the page names the notice version")
        + "Current notice: v".len();
    settings_page[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn settings_change_through_the_ui_audited_with_a_new_notice_version() {
    let server = TestServer::start().await;
    let agent = signed_in(&server, "agent").await;
    assert_eq!(
        page(&server, &agent, "/admin/settings").await.status(),
        StatusCode::FORBIDDEN
    );
    let admin = signed_in(&server, "admin").await;
    let before = page(&server, &admin, "/admin/settings?site=demo")
        .await
        .text()
        .await
        .unwrap();
    let version = notice_version(&before);
    let csrf = hidden(&before, "csrf");

    let saved = post_form(
        &server,
        &admin,
        "/admin/settings/profile",
        &[
            ("csrf", csrf.as_str()),
            ("site", "demo"),
            ("controller_name", "Maison Verte SAS"),
            ("contact_email", "privacy@maison-verte.example"),
            ("dpo_email", "dpo@maison-verte.example"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let after = page(&server, &admin, "/admin/settings?site=demo&saved=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(after.contains("Saved, and recorded in the audit log."));
    assert_eq!(
        notice_version(&after),
        version + 1,
        "the notice names the DPO now"
    );

    let origins = format!("{}\nhttps://WWW.maison-verte.example/", server.base);
    let site = post_form(
        &server,
        &admin,
        "/admin/settings/site",
        &[
            ("csrf", csrf.as_str()),
            ("site", "demo"),
            ("retention_days", "365"),
            ("origins", origins.as_str()),
            ("consent_mode", "opt_in"),
        ],
    )
    .await;
    assert_eq!(site.status(), StatusCode::SEE_OTHER);
    let sites = owner(&server, reqwest::Method::GET, "/api/v1/admin/sites", None).await;
    assert_eq!(
        sites["sites"][0]["origins"],
        json!([server.base, "https://www.maison-verte.example"]),
        "{sites}"
    );
    assert_eq!(sites["sites"][0]["retention_days"], 365);
    let not_an_origin = post_form(
        &server,
        &admin,
        "/admin/settings/site",
        &[
            ("csrf", csrf.as_str()),
            ("site", "demo"),
            ("retention_days", "365"),
            ("origins", "shop dot example"),
            ("consent_mode", "opt_in"),
        ],
    )
    .await;
    assert_eq!(not_an_origin.status(), StatusCode::BAD_REQUEST);
    let privacy: Value = reqwest::Client::new()
        .get(server.url("/api/v1/sites/demo/privacy"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(privacy["consent_mode"], "opt_in");

    let pii = post_form(
        &server,
        &admin,
        "/admin/settings/pii",
        &[
            ("csrf", csrf.as_str()),
            ("site", "demo"),
            ("action_EMAIL", "keep"),
            ("action_PHONE", "mask"),
            ("patterns", "ORDER: O-\\d{5}"),
            ("terms", "Project Fern"),
        ],
    )
    .await;
    assert_eq!(pii.status(), StatusCode::SEE_OTHER);
    let settings = owner(
        &server,
        reqwest::Method::GET,
        "/api/v1/admin/settings",
        None,
    )
    .await;
    assert_eq!(settings["policy"]["actions"]["EMAIL"], "keep", "{settings}");
    assert_eq!(settings["policy"]["actions"]["PHONE"], "mask");
    assert_eq!(settings["patterns"][0]["label"], "ORDER");
    assert_eq!(settings["terms"][0], "Project Fern");

    let broken = post_form(
        &server,
        &admin,
        "/admin/settings/pii",
        &[
            ("csrf", csrf.as_str()),
            ("site", "demo"),
            ("patterns", "BAD: (unclosed"),
        ],
    )
    .await;
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    let unchanged = owner(
        &server,
        reqwest::Method::GET,
        "/api/v1/admin/settings",
        None,
    )
    .await;
    assert_eq!(
        unchanged["patterns"][0]["label"], "ORDER",
        "a refused change loses nothing"
    );

    let log = owner(
        &server,
        reqwest::Method::GET,
        "/api/v1/admin/audit?limit=500",
        None,
    )
    .await;
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"].as_str().unwrap().starts_with("member:"))
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in ["settings.update", "site.update"] {
        assert!(actions.contains(&action), "{action}: {actions:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_refuses_the_language_model_from_the_settings_page() {
    let (base, provider) = common::fake_model::start().await;
    let server = TestServer::start_with_model(&base).await;
    let admin = signed_in(&server, "admin").await;
    let ticked = "name=\"use_model\" value=\"1\" checked";
    let before = page(&server, &admin, "/admin/settings")
        .await
        .text()
        .await
        .unwrap();
    assert!(before.contains(ticked), "the model is used by default");
    let csrf = hidden(&before, "csrf");
    let refused = post_form(
        &server,
        &admin,
        "/admin/settings/model",
        &[("csrf", csrf.as_str()), ("site", "demo")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    let calls = provider.calls();
    conversation_asking(
        &server,
        &visitor(),
        "How long does delivery to Finland take?",
    )
    .await;
    assert_eq!(provider.calls(), calls, "no question reached the model");
    let after = page(&server, &admin, "/admin/settings")
        .await
        .text()
        .await
        .unwrap();
    assert!(!after.contains(ticked));
    let settings = owner(
        &server,
        reqwest::Method::GET,
        "/api/v1/admin/settings",
        None,
    )
    .await;
    assert_eq!(settings["built_in_answers_only"], true);
}

#[tokio::test]
async fn a_changed_password_ends_other_sessions_and_is_the_only_one_that_works() {
    let server = TestServer::start().await;
    let (workspace, email, password) = server.new_member("agent").await;
    let session_of = |response: reqwest::Response| {
        cookie_pair(&set_cookies(&response), "sotto_team").expect("a session")
    };
    let laptop = session_of(sign_in(&server, &workspace, &email, &password).await);
    let phone = session_of(sign_in(&server, &workspace, &email, &password).await);
    let form = page(&server, &laptop, "/admin/account/password")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        form.matches("aria-current=\"page\"").count(),
        1,
        "only the account link is marked current: {form}"
    );
    assert!(
        form.contains("class=\"password\" href=\"/admin/account/password\" aria-current=\"page\"")
    );
    let csrf = hidden(&form, "csrf");
    let post = |current: &'static str, new: &'static str, repeat: &'static str| {
        let (server, laptop, csrf) = (&server, &laptop, &csrf);
        async move {
            post_form(
                server,
                laptop,
                "/admin/account/password",
                &[
                    ("csrf", csrf),
                    ("current", current),
                    ("new", new),
                    ("repeat", repeat),
                ],
            )
            .await
        }
    };
    assert_eq!(
        post("wrong current password", OWN_PASSWORD, OWN_PASSWORD)
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post("irrelevant", OWN_PASSWORD, "a different repeat!")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    let given: &'static str = Box::leak(password.clone().into_boxed_str());
    assert_eq!(
        post(given, "short", "short").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(given, given, given).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(given, OWN_PASSWORD, OWN_PASSWORD).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        page(&server, &laptop, "/admin/inbox").await.status(),
        StatusCode::OK,
        "the session that changed it goes on, with nothing more to change"
    );
    assert_eq!(
        page(&server, &phone, "/admin/inbox").await.status(),
        StatusCode::SEE_OTHER,
        "the other session ended"
    );
    assert_eq!(
        sign_in(&server, &workspace, &email, &password)
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "the old password is gone"
    );
    assert_eq!(
        sign_in(&server, &workspace, &email, OWN_PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let log = owner(
        &server,
        reqwest::Method::GET,
        "/api/v1/admin/audit?limit=500",
        None,
    )
    .await;
    let entries = log["entries"].as_array().unwrap();
    assert_eq!(
        entries
            .iter()
            .filter(|e| e["action"] == "member.password_change")
            .count(),
        1
    );
    let text = serde_json::to_string(&log).unwrap();
    for secret in [password.as_str(), OWN_PASSWORD] {
        assert!(!text.contains(secret), "no password in the audit log");
    }
}

#[tokio::test]
async fn guessing_a_password_is_slowed_after_a_few_tries_and_audited_once() {
    let server = TestServer::start().await;
    let (workspace, email, _) = server.new_member("admin").await;
    let mut processed = 0;
    let mut slowed = 0;
    for guess in 0..50 {
        let response = sign_in(
            &server,
            &workspace,
            &email,
            &format!("guess number {guess}"),
        )
        .await;
        match response.status() {
            StatusCode::UNAUTHORIZED => processed += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(response.headers().contains_key("retry-after"));
                let page = response.text().await.unwrap();
                assert!(page.contains("Too many wrong passwords"), "{page}");
                slowed += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!(processed <= 10, "{processed} wrong passwords were checked");
    assert_eq!(processed + slowed, 50);
    let log = owner(
        &server,
        reqwest::Method::GET,
        "/api/v1/admin/audit?limit=500",
        None,
    )
    .await;
    let failures: Vec<&Value> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "member.sign_in_failed")
        .collect();
    assert_eq!(
        failures.len(),
        1,
        "one entry per account and hour: {failures:?}"
    );
    assert!(
        !serde_json::to_string(&log)
            .unwrap()
            .contains("guess number")
    );
}

#[tokio::test]
async fn an_agent_keeps_a_voted_up_answer_as_a_test_and_runs_it() {
    let server = TestServer::start().await;
    let reply = ask_and_vote(
        &server,
        "How much does shipping within France cost?",
        json!({ "vote": "up" }),
    )
    .await;

    let agent = signed_in(&server, "agent").await;
    let id = reply["conversation_id"].as_str().unwrap();
    let conversation = page(&server, &agent, &format!("/admin/conversations/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        conversation.contains("Keep as an answer test"),
        "{conversation}"
    );
    let drafted = post_form(
        &server,
        &agent,
        "/admin/knowledge/tests/draft",
        &[
            ("csrf", hidden(&conversation, "csrf").as_str()),
            ("site", "demo"),
            ("question", &hidden(&conversation, "question")),
            ("fact", &hidden(&conversation, "fact")),
            ("origin", "voted_up"),
        ],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(drafted.contains("id=\"add-test\""), "{drafted}");
    assert!(
        drafted.contains("value=\"Shipping within France costs 4.90 euros"),
        "the sentence stating the price is drafted as the fact"
    );
    let added = post_form(
        &server,
        &agent,
        "/admin/knowledge/tests/add",
        &[
            ("csrf", hidden(&drafted, "csrf").as_str()),
            ("site", "demo"),
            ("question", "How much does shipping within France cost?"),
            ("fact", "4.90 euros"),
            ("origin", "voted_up"),
        ],
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let csrf = csrf_of(&server, &agent, "/admin/knowledge").await;
    let ran = post_form(
        &server,
        &agent,
        "/admin/knowledge/tests/run",
        &[("csrf", csrf.as_str()), ("site", "demo")],
    )
    .await;
    assert_eq!(ran.status(), StatusCode::SEE_OTHER);
    let knowledge = page(&server, &agent, "/admin/knowledge?site=demo")
        .await
        .text()
        .await
        .unwrap();
    assert!(knowledge.contains("id=\"site-tests\""), "{knowledge}");
    assert!(knowledge.contains("class=\"passes\""), "{knowledge}");
    assert!(knowledge.contains("on demand"));

    let viewer = signed_in(&server, "viewer").await;
    let seen = page(&server, &viewer, "/admin/knowledge?site=demo")
        .await
        .text()
        .await
        .unwrap();
    assert!(seen.contains("4.90 euros"), "viewers see the tests");
    assert!(!seen.contains("id=\"add-test\""), "but do not write them");
}
