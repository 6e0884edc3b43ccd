//! The widget as a visitor uses it, in headless Chromium driven over WebDriver: nothing stored
//! before the first message, a cited answer, history after reload and on another page, exactly
//! one localStorage key, no cookie, and markup shown as text; and "Your data": download,
//! delete a conversation or everything (with a confirmation, the local copy cleared too), and
//! stop storage; a vote down with a comment, by keyboard-labelled controls, that the team reads;
//! an answer an agent approves from a voted-down one, given to a reworded question; an answer
//! test turned red by a recrawl after the shop raised a price. And the admin UI as a team
//! member uses it: sign in, the inbox, a conversation
//! (its opening audited), sign out; a reply reaching the open widget, an erasure clearing the
//! inbox and the widget; a viewer signing in with the keyboard alone and seeing analytics (a
//! question the site cannot answer, redacted) but no conversation; text contrast of every
//! page; with screenshots in `target/screenshots/`.
//!
//! Accessibility as an outside auditor checks it is in `accessibility.rs`; the driver, the browser
//! and the steps every test takes are in `harness.rs`.
//!
//! Skipped, with a printed reason, when `chromedriver` is not installed; `.ci/run` installs it.

#[path = "../common/mod.rs"]
mod common;
// The SMTP server of the use-case tests, shared rather than copied.
mod accessibility;
mod appearance;
#[path = "../../../sotto-app/tests/common/fake_smtp.rs"]
mod fake_smtp;
mod handoff;
mod harness;
mod widget_api;

use std::time::Duration;

use common::{TestServer, my_conversations};
use fantoccini::{Client, Locator};
use harness::*;
use serde_json::{Value, json};

#[tokio::test]
async fn a_model_answer_streams_into_the_widget() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let (base, model) = common::fake_model::start().await;
    let server = TestServer::start_with_model(&base).await;
    model.gate.send_replace(false);
    let client = browser(&driver).await;
    client.goto(&server.url("/demo")).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css(".sotto-launcher"))
        .await
        .unwrap();
    open_widget(&client).await;
    send(&client, "How long does delivery to Finland take?").await;
    wait_until(
        &client,
        "const live = document.querySelector('.sotto-live'); \
         return !!live && live.textContent.includes('Our model says parcels ship quickly [1].')",
    )
    .await;
    assert_eq!(
        run_js(&client, &format!("return {ANSWERS}")).await,
        json!(0),
        "the first sentence shows while the model is still writing"
    );
    model.gate.send_replace(true);
    wait_until(
        &client,
        &format!("return !document.querySelector('.sotto-live') && {ANSWERS} === 1"),
    )
    .await;
    let answer = text_of(&client, ".sotto-assistant").await;
    assert!(
        answer.contains("Our model says parcels ship quickly [1]. Ask us for details [1]."),
        "{answer}"
    );
    let source = run_js(
        &client,
        "return document.querySelector('.sotto-assistant .sotto-sources a').href",
    )
    .await;
    assert!(
        model.last_prompt().contains(source.as_str().unwrap()),
        "the source is a passage the model was given: {source}"
    );
}

#[tokio::test]
async fn a_visitor_uses_the_widget_in_chromium() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;

    client.goto(&server.url("/demo")).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css(".sotto-launcher"))
        .await
        .unwrap();
    assert_eq!(
        run_js(&client, "return window.localStorage.length").await,
        json!(0),
        "nothing stored on page load"
    );
    open_widget(&client).await;
    assert_eq!(
        run_js(&client, "return window.localStorage.length").await,
        json!(0),
        "nothing stored on opening"
    );
    let notice = text_of(&client, ".sotto-notice").await;
    assert!(notice.contains("AI"), "{notice}");
    wait_until(
        &client,
        "return !document.querySelector('.sotto-notice a').hidden",
    )
    .await;
    let privacy = run_js(
        &client,
        "return document.querySelector('.sotto-notice a').href",
    )
    .await;
    assert_eq!(
        privacy,
        json!(server.url("/sites/demo/privacy?lang=en")),
        "the notice Sotto writes from the live settings"
    );

    ask(&client, "How long does delivery to Finland take?").await;
    let answer = text_of(&client, ".sotto-assistant").await;
    assert!(answer.contains("3 to 5 working days"), "{answer}");
    let source = run_js(
        &client,
        "return document.querySelector('.sotto-assistant .sotto-sources a').href",
    )
    .await;
    assert_eq!(source, json!(server.url("/demo/shipping")));

    let keys = run_js(&client, "return Object.keys(window.localStorage)").await;
    assert_eq!(keys, json!(["sotto_visitor_demo"]), "exactly one key");
    let stored: Value = serde_json::from_str(
        run_js(
            &client,
            "return window.localStorage.getItem('sotto_visitor_demo')",
        )
        .await
        .as_str()
        .unwrap(),
    )
    .unwrap();
    assert!(uuid::Uuid::parse_str(stored["visitor"].as_str().unwrap()).is_ok());
    assert_eq!(stored["messages"].as_array().unwrap().len(), 2);

    client.refresh().await.unwrap();
    open_widget(&client).await;
    wait_until(
        &client,
        "return document.querySelectorAll('.sotto-visitor').length === 1",
    )
    .await;
    let history = text_of(&client, ".sotto-visitor").await;
    assert!(
        history.contains("How long does delivery to Finland take?"),
        "history after reload: {history}"
    );

    client.goto(&server.url("/demo/returns")).await.unwrap();
    open_widget(&client).await;
    wait_until(
        &client,
        "return document.querySelectorAll('.sotto-assistant').length === 1",
    )
    .await;

    let attack = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";
    ask(&client, attack).await;
    let shown = run_js(&client, "var v = document.querySelectorAll('.sotto-visitor'); return v[v.length - 1].lastChild.textContent").await;
    assert_eq!(shown, json!(attack), "markup is shown as text");
    assert_eq!(
        run_js(
            &client,
            "return document.querySelectorAll('.sotto-panel img, .sotto-panel script').length"
        )
        .await,
        json!(0)
    );
    assert_eq!(
        run_js(&client, "return typeof window.__pwned").await,
        json!("undefined"),
        "nothing ran"
    );

    assert!(
        client.get_all_cookies().await.unwrap().is_empty(),
        "no cookie, ever"
    );
    let cdp = client
        .issue_cmd(Cdp::new("Network.getAllCookies", json!({})))
        .await
        .unwrap();
    assert_eq!(
        cdp["cookies"],
        json!([]),
        "the browser's whole cookie jar is empty: {cdp}"
    );
    assert_eq!(run_js(&client, "return document.cookie").await, json!(""));
    assert_eq!(
        run_js(&client, "return Object.keys(window.localStorage)").await,
        json!(["sotto_visitor_demo"])
    );
    assert_eq!(
        run_js(&client, "return Object.keys(window.sessionStorage).length").await,
        json!(0)
    );

    client.close().await.unwrap();
    server.stop().await;
}

/// The visitor id the widget keeps, and what its cache holds.
async fn widget_state(client: &Client) -> Value {
    let raw = run_js(
        client,
        "return window.localStorage.getItem('sotto_visitor_demo')",
    )
    .await;
    raw.as_str()
        .map_or(Value::Null, |text| serde_json::from_str(text).unwrap())
}

async fn stored_conversations(server: &TestServer, visitor: &Value) -> usize {
    let reply = my_conversations(&reqwest::Client::new(), server, visitor.as_str().unwrap()).await;
    reply["conversations"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_visitor_manages_their_data_from_the_widget() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;
    client.goto(&server.url("/demo")).await.unwrap();
    open_widget(&client).await;
    ask(&client, "How long does delivery to Finland take?").await;
    let visitor = widget_state(&client).await["visitor"].clone();
    assert_eq!(stored_conversations(&server, &visitor).await, 1);
    click(&client, ".sotto-data summary").await;

    // Downloads go through a blob URL: the test reads the blob the widget saves.
    run_js(
        &client,
        "window.__saved = ''; var create = URL.createObjectURL; URL.createObjectURL = function (b) { b.text().then(function (t) { window.__saved = t; }); return create(b); }; return true",
    )
    .await;
    click(&client, ".sotto-download-json").await;
    wait_until(
        &client,
        "return window.__saved.indexOf('sotto-export/v1') >= 0 && window.__saved.indexOf('delivery to Finland') >= 0",
    )
    .await;

    click(&client, ".sotto-delete-conversation").await;
    click(&client, ".sotto-confirm button:not(.sotto-yes)").await;
    assert_eq!(
        run_js(
            &client,
            "return document.querySelectorAll('.sotto-log .sotto-msg').length"
        )
        .await,
        json!(2),
        "cancelled: nothing deleted"
    );
    assert_eq!(stored_conversations(&server, &visitor).await, 1);
    click(&client, ".sotto-delete-conversation").await;
    click(&client, ".sotto-yes").await;
    wait_until(
        &client,
        "return document.querySelector('.sotto-data-status').textContent.indexOf('Receipt') >= 0",
    )
    .await;
    assert_eq!(stored_conversations(&server, &visitor).await, 0);
    assert_eq!(widget_state(&client).await["messages"], json!([]));
    assert_eq!(
        run_js(
            &client,
            "return document.querySelectorAll('.sotto-log .sotto-msg').length"
        )
        .await,
        json!(0)
    );

    ask(&client, "Do you ship to Sweden?").await;
    assert_eq!(stored_conversations(&server, &visitor).await, 1);
    click(&client, ".sotto-objection").await;
    wait_until(&client, "var s = localStorage.getItem('sotto_visitor_demo'); return !!s && JSON.parse(s).objecting === true").await;
    assert_eq!(
        stored_conversations(&server, &visitor).await,
        0,
        "erased on objection"
    );
    ask(&client, "What about Norway?").await;
    assert_eq!(
        stored_conversations(&server, &visitor).await,
        0,
        "nothing stored"
    );
    assert_eq!(
        widget_state(&client).await["messages"]
            .as_array()
            .unwrap()
            .len(),
        4,
        "the history lives in the browser"
    );

    click(&client, ".sotto-delete-all").await;
    click(&client, ".sotto-yes").await;
    wait_until(&client, "return window.localStorage.length === 0").await;
    assert_eq!(
        run_js(
            &client,
            "return document.querySelectorAll('.sotto-log .sotto-msg').length"
        )
        .await,
        json!(0)
    );
    assert!(
        client
            .find(Locator::Css(".sotto-data-status .sotto-receipt"))
            .await
            .is_ok(),
        "the receipt can be saved"
    );

    client.close().await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn an_opt_in_site_asks_in_the_widget_before_storing() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let opt_in = reqwest::Client::new()
        .put(server.url("/api/v1/admin/sites/demo/privacy"))
        .bearer_auth(&server.api_key)
        .json(&json!({ "consent_mode": "opt_in" }))
        .send()
        .await
        .unwrap();
    assert_eq!(opt_in.status(), 200);
    let client = browser(&driver).await;
    client.goto(&server.url("/demo")).await.unwrap();
    open_widget(&client).await;
    wait_until(
        &client,
        "return !!document.querySelector('.sotto-consent .sotto-consent-yes')",
    )
    .await;
    let question = text_of(&client, ".sotto-consent").await;
    assert!(question.contains("keep this conversation"), "{question}");
    assert!(question.contains("Privacy notice version"), "{question}");
    let notice = run_js(
        &client,
        "return document.querySelector('.sotto-notice a').href",
    )
    .await;
    assert!(
        notice
            .as_str()
            .unwrap()
            .contains("/sites/demo/privacy?lang="),
        "{notice}"
    );

    ask(&client, "How long does delivery to Finland take?").await;
    let visitor = widget_state(&client).await["visitor"].clone();
    assert_eq!(
        stored_conversations(&server, &visitor).await,
        0,
        "not before consent"
    );

    click(&client, ".sotto-consent-yes").await;
    wait_until(&client, "var s = localStorage.getItem('sotto_visitor_demo'); return !!s && JSON.parse(s).consent === 'granted' && !document.querySelector('.sotto-consent')").await;
    ask(&client, "Do you ship to Sweden?").await;
    assert_eq!(
        stored_conversations(&server, &visitor).await,
        1,
        "stored after consent"
    );

    click(&client, ".sotto-data summary").await;
    // The data box scrolls in this small window; scroll it as a person would.
    run_js(
        &client,
        "document.querySelector('.sotto-storage-consent').scrollIntoView(); return true",
    )
    .await;
    click(&client, ".sotto-storage-consent").await;
    wait_until(&client, "var s = localStorage.getItem('sotto_visitor_demo'); return !!s && JSON.parse(s).consent === 'withdrawn'").await;
    assert_eq!(
        stored_conversations(&server, &visitor).await,
        0,
        "withdrawal erases"
    );
    let proof: Value = reqwest::Client::new()
        .get(server.url("/api/v1/sites/demo/me/consents/proof"))
        .header("sotto-visitor", visitor.as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let proof: sotto_app::consent::ledger::ConsentProof = serde_json::from_value(proof).unwrap();
    assert_eq!(
        proof.events.len(),
        1,
        "the grant was erased with the data; the withdrawal stays"
    );
    assert!(sotto_app::consent::ledger::check_consent_proof(&proof).valid);
}

#[tokio::test]
async fn a_request_for_contact_offers_the_email_form_and_the_team_gets_the_lead() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    capture_emails(&server).await;
    let client = browser(&driver).await;
    client.goto(&server.url("/demo")).await.unwrap();
    open_widget(&client).await;
    ask(&client, "How long does delivery to Finland take?").await;
    assert!(
        run_js(&client, "return !document.querySelector('.sotto-email')")
            .await
            .as_bool()
            .unwrap(),
        "no address is asked for without a reason"
    );
    ask(&client, "Can someone call me back about my delivery?").await;
    wait_until(
        &client,
        "return !!document.querySelector('.sotto-email .sotto-email-address')",
    )
    .await;
    let form = text_of(&client, ".sotto-email").await;
    assert!(
        form.contains("to be contacted about this conversation"),
        "{form}"
    );
    assert!(
        form.contains("write to you by e-mail"),
        "the follow-up question: {form}"
    );
    assert!(
        form.contains("news and offers"),
        "the marketing question: {form}"
    );
    assert_eq!(
        run_js(
            &client,
            "return document.querySelector('.sotto-email-marketing input').checked"
        )
        .await,
        Value::Bool(false),
        "marketing is never ticked in advance"
    );
    client
        .find(Locator::Css(".sotto-email-address"))
        .await
        .unwrap()
        .send_keys("ada@example.org")
        .await
        .unwrap();
    click(&client, ".sotto-email-send").await;
    wait_until(
        &client,
        "return !document.querySelector('.sotto-email') && document.querySelector('.sotto-status').textContent.indexOf('contacted by e-mail') >= 0",
    )
    .await;
    let leads: Value = reqwest::Client::new()
        .get(server.url("/api/v1/admin/leads"))
        .bearer_auth(&server.api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let leads = leads["leads"].as_array().unwrap();
    assert_eq!(leads.len(), 1, "{leads:?}");
    assert_eq!(leads[0]["email"], "ada@example.org");
    assert_eq!(leads[0]["purpose"], "contact");
    assert_eq!(leads[0]["may_contact"], true);
    assert_eq!(leads[0]["marketing"], false);
    assert_eq!(leads[0]["phase"], "requesting_contact");
}

/// A summary by e-mail, asked from the widget, goes only to an address the visitor reads: the
/// widget sends the address, the server mails a six-digit code (and nothing the visitor
/// typed), the widget asks for it; a wrong code is refused in the widget, the right one sends
/// the summary.
#[tokio::test]
async fn a_summary_goes_only_to_an_address_confirmed_with_the_mailed_code() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let smtp = fake_smtp::start().await;
    let port = smtp.addr.port();
    let server = TestServer::start_configured(move |config| {
        config.smtp.host = Some("127.0.0.1".into());
        config.smtp.port = port;
        config.smtp.security = sotto_app::setup::mail::SmtpSecurity::None;
        config.smtp.from = Some("assistant@maison-verte.example".into());
        config.smtp.country = Some("FI".into());
    })
    .await;
    capture_emails(&server).await;
    let client = browser(&driver).await;
    client.goto(&server.url("/demo")).await.unwrap();
    open_widget(&client).await;
    ask(&client, "How long does delivery to Finland take?").await;
    click(&client, ".sotto-data summary").await;
    // The data section scrolls inside the panel; ChromeDriver does not scroll it for us.
    run_js(
        &client,
        "document.querySelector('.sotto-email-summary').scrollIntoView({ block: 'center' }); return true",
    )
    .await;
    click(&client, ".sotto-email-summary").await;
    type_into(&client, ".sotto-email-address", "ada@example.org").await;
    click(&client, ".sotto-email-send").await;
    wait_until(
        &client,
        "return !!document.querySelector('.sotto-email-code')",
    )
    .await;
    let mails = smtp.received.lock().unwrap().clone();
    assert_eq!(mails.len(), 1, "a code first, no summary yet");
    assert_eq!(mails[0].to, ["ada@example.org"]);
    assert!(
        !mails[0].data.contains("Finland"),
        "the code's message holds nothing the visitor typed: {}",
        mails[0].data
    );
    let (code, wrong) = mails[0].confirmation_code();
    type_into(&client, ".sotto-email-code", wrong).await;
    click(&client, ".sotto-email-send").await;
    wait_until(
        &client,
        "return document.querySelector('.sotto-status').textContent.indexOf('not right') >= 0 && !!document.querySelector('.sotto-email-code')",
    )
    .await;
    assert_eq!(
        smtp.received.lock().unwrap().len(),
        1,
        "a wrong code sends nothing"
    );
    run_js(
        &client,
        "var c = document.querySelector('.sotto-email-code'); c.value = ''; return true",
    )
    .await;
    type_into(&client, ".sotto-email-code", &code).await;
    click(&client, ".sotto-email-send").await;
    wait_until(
        &client,
        "return !document.querySelector('.sotto-email') && document.querySelector('.sotto-status').textContent.indexOf('on its way') >= 0",
    )
    .await;
    let mails = smtp.received.lock().unwrap().clone();
    assert_eq!(mails.len(), 2, "the code, then the summary");
    assert_eq!(mails[1].to, ["ada@example.org"]);
    assert_eq!(mails[1].from, "assistant@maison-verte.example");
    assert!(mails[1].data.contains("Finland"), "{}", mails[1].data);
}

/// Turns on the demo site's e-mail capture, as its team would in the settings.
async fn capture_emails(server: &TestServer) {
    let capture = reqwest::Client::new()
        .put(server.url("/api/v1/admin/sites/demo/privacy"))
        .bearer_auth(&server.api_key)
        .json(&json!({ "email_capture": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(capture.status(), 200);
}

/// A new visitor's conversation asking `text`, through the widget API; its id.
async fn conversation_via_api(server: &TestServer, text: &str) -> String {
    let asked: Value = common::ask(
        &reqwest::Client::new(),
        server,
        &common::visitor(),
        json!({ "text": text }),
    )
    .await
    .json()
    .await
    .unwrap();
    asked["conversation_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_team_member_signs_in_opens_a_conversation_and_signs_out() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let api = reqwest::Client::new();
    let conversation = conversation_via_api(
        &server,
        "Can someone call me back about a delivery to Finland?",
    )
    .await;
    let (workspace, email, password) = server.new_member("agent").await;

    let client = browser(&driver).await;
    client.set_window_size(1200, 800).await.unwrap();
    client.goto(&server.url("/admin/inbox")).await.unwrap();
    wait_until(&client, "return location.pathname === '/admin/sign-in'").await;
    screenshot(&client, "admin-sign-in").await;
    type_into(&client, "#workspace", &workspace).await;
    type_into(&client, "#email", &email).await;
    type_into(&client, "#password", &password).await;
    click(&client, "main form button[type=submit]").await;
    wait_until(
        &client,
        "return location.pathname === '/admin/account/password'",
    )
    .await;
    screenshot(&client, "admin-password").await;
    choose_own_password(&client, &password).await;
    client.goto(&server.url("/admin/inbox")).await.unwrap();
    wait_until(&client, "return location.pathname === '/admin/inbox'").await;
    assert_eq!(
        run_js(&client, "return document.cookie").await,
        json!(""),
        "the session cookie is out of the page's reach (HttpOnly)"
    );
    let row = text_of(&client, "tbody tr").await;
    assert!(row.contains("Requesting contact"), "{row}");
    screenshot(&client, "admin-inbox").await;

    click(
        &client,
        &format!("a[href='/admin/conversations/{conversation}']"),
    )
    .await;
    wait_until(
        &client,
        "return location.pathname.startsWith('/admin/conversations/')",
    )
    .await;
    let messages = text_of(&client, "ol.messages").await;
    assert!(messages.contains("call me back"), "{messages}");
    screenshot(&client, "admin-conversation").await;
    let log: Value = api
        .get(server.url("/api/v1/admin/audit?limit=500"))
        .bearer_auth(&server.api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "conversation.read"
                && e["object"] == conversation.as_str()
                && e["actor"].as_str().unwrap().starts_with("member:")),
        "the opening is in the audit log: {log}"
    );

    click(&client, "form.sign-out button").await;
    wait_until(&client, "return location.pathname === '/admin/sign-in'").await;
    client.goto(&server.url("/admin/inbox")).await.unwrap();
    wait_until(&client, "return location.pathname === '/admin/sign-in'").await;
}

#[tokio::test]
async fn an_agent_reply_reaches_the_open_widget_and_an_erasure_clears_it() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;
    client.set_window_size(1200, 800).await.unwrap();
    client.goto(&server.url("/demo")).await.unwrap();
    open_widget(&client).await;
    ask(&client, "Can someone call me back about my order?").await;
    let visitor = widget_state(&client).await["visitor"].clone();
    let widget_window = client.window().await.unwrap();

    let admin_window = client.new_window(true).await.unwrap().handle;
    client.switch_to_window(admin_window.clone()).await.unwrap();
    sign_in_as(&client, &server, "admin").await;
    wait_until(&client, "return location.pathname === '/admin/inbox'").await;
    assert_contrast(&client, "the inbox").await;
    click(&client, "a[href^='/admin/conversations/']").await;
    wait_until(&client, "return !!document.querySelector('#reply-text')").await;
    let conversation_page = client.current_url().await.unwrap();
    run_js(
        &client,
        "document.querySelector('#reply input[name=csrf]').remove(); return true",
    )
    .await;
    type_into(&client, "#reply-text", "Sent without its token").await;
    click(&client, "#reply button[type=submit]").await;
    wait_until(
        &client,
        "return document.querySelector('main h1').textContent === 'This form has expired'",
    )
    .await;
    let history =
        my_conversations(&reqwest::Client::new(), &server, visitor.as_str().unwrap()).await;
    assert!(
        !history.to_string().contains("Sent without its token"),
        "a form without its CSRF token stores nothing"
    );
    client.goto(conversation_page.as_str()).await.unwrap();
    wait_until(&client, "return !!document.querySelector('#reply-text')").await;
    type_into(
        &client,
        "#reply-text",
        "Hello, this is Camille: I will call you at 3 pm.",
    )
    .await;
    click(&client, "#reply button[type=submit]").await;
    wait_until(
        &client,
        "return document.querySelector('ol.messages').textContent.indexOf('I will call you at 3 pm.') >= 0",
    )
    .await;
    assert_contrast(&client, "a conversation").await;
    screenshot(&client, "admin-reply").await;

    client
        .switch_to_window(widget_window.clone())
        .await
        .unwrap();
    wait_up_to(
        &client,
        "var m = document.querySelector('.sotto-agent'); return !!m && m.textContent.indexOf('I will call you at 3 pm.') >= 0",
        45,
    )
    .await;
    assert!(
        text_of(&client, ".sotto-agent")
            .await
            .contains("Team member")
    );
    screenshot(&client, "widget-agent-reply").await;
    let cached = widget_state(&client).await;
    assert_eq!(
        cached["messages"].as_array().unwrap().last().unwrap()["role"],
        "agent"
    );

    client.switch_to_window(admin_window).await.unwrap();
    click(&client, "input[name=scope][value=visitor]").await;
    click(&client, "form.danger button[type=submit]").await;
    wait_until(&client, "return !!document.querySelector('pre.receipt')").await;
    assert!(text_of(&client, "pre.receipt").await.contains("\"mac\""));
    screenshot(&client, "admin-receipt").await;
    client.goto(&server.url("/admin/inbox")).await.unwrap();
    assert!(
        text_of(&client, "main")
            .await
            .contains("No conversation matches."),
        "the visitor left the inbox"
    );
    assert_eq!(stored_conversations(&server, &visitor).await, 0);
    for (path, name) in [
        ("/admin/requests", "admin-requests"),
        ("/admin/settings", "admin-settings"),
        ("/admin/compliance", "admin-compliance"),
    ] {
        client.goto(&server.url(path)).await.unwrap();
        wait_until(&client, &format!("return location.pathname === '{path}'")).await;
        assert_contrast(&client, path).await;
        screenshot(&client, name).await;
    }
    assert!(
        text_of(&client, "main")
            .await
            .contains("Register of processing activities")
    );

    client.switch_to_window(widget_window).await.unwrap();
    wait_up_to(
        &client,
        "return document.querySelectorAll('.sotto-msg').length === 0",
        45,
    )
    .await;
    assert!(text_of(&client, ".sotto-status").await.contains("erased"));
    assert_eq!(
        widget_state(&client).await["messages"],
        json!([]),
        "the browser's copy went too"
    );
}

#[tokio::test]
async fn a_viewer_signs_in_by_keyboard_and_sees_analytics_but_no_conversation() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let api = reqwest::Client::new();
    let conversation = conversation_via_api(
        &server,
        "Do you sell gift vouchers? Reply to jane.doe@example.com",
    )
    .await;
    common::ask(
        &api,
        &server,
        &common::visitor(),
        json!({ "text": "How long does delivery to Finland take?" }),
    )
    .await;
    for wording in ["Do you sell gift vouchers?", "Are gift vouchers on sale?"] {
        common::ask(
            &api,
            &server,
            &common::visitor(),
            json!({ "text": wording }),
        )
        .await;
    }
    let (workspace, email, password) = server.new_member("viewer").await;

    let client = browser(&driver).await;
    client.set_window_size(1200, 900).await.unwrap();
    client.goto(&server.url("/admin/sign-in")).await.unwrap();
    assert_contrast(&client, "the sign-in page").await;
    assert_eq!(
        tab_to(&client, "a.skip").await,
        1,
        "the skip link comes first"
    );
    let workspace_at = tab_to(&client, "#workspace").await;
    type_here(&client, &workspace).await;
    assert_eq!(
        tab_to(&client, "#email").await,
        1,
        "address after workspace"
    );
    type_here(&client, &email).await;
    assert_eq!(
        tab_to(&client, "#password").await,
        1,
        "password after address"
    );
    type_here(&client, &password).await;
    assert!(workspace_at >= 1);
    assert_eq!(tab_to(&client, "main form button[type=submit]").await, 1);
    type_here(&client, "\u{E007}").await;
    choose_own_password(&client, &password).await;
    assert_contrast(&client, "the password page").await;
    client.goto(&server.url("/admin")).await.unwrap();
    wait_until(&client, "return location.pathname === '/admin/analytics'").await;

    let nav = text_of(&client, "header nav").await;
    assert!(nav.contains("Analytics") && !nav.contains("Inbox"), "{nav}");
    let gaps = text_of(&client, "#gaps").await;
    assert!(gaps.contains("gift vouchers"), "{gaps}");
    assert!(
        gaps.contains("[EMAIL]") && !gaps.contains("jane.doe"),
        "{gaps}"
    );
    assert!(
        !text_of(&client, "main").await.contains(&conversation),
        "no conversation is named"
    );
    assert_contrast(&client, "analytics").await;
    screenshot(&client, "admin-analytics").await;

    click(&client, "#gaps button[type=submit]").await;
    wait_until(&client, "return !!document.querySelector('#tried')").await;
    assert!(
        text_of(&client, "#question")
            .await
            .contains("gift vouchers")
    );
    assert_contrast(&client, "knowledge").await;
    screenshot(&client, "admin-knowledge").await;

    client
        .goto(&server.url(&format!("/admin/conversations/{conversation}")))
        .await
        .unwrap();
    let refused = text_of(&client, "main").await;
    assert!(refused.contains("Viewers see analytics"), "{refused}");
    assert!(!refused.contains("gift vouchers"));
}

#[tokio::test]
async fn a_visitor_votes_an_answer_down_with_a_comment_and_the_team_reads_it() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;
    client.goto(&server.url("/demo")).await.unwrap();
    open_widget(&client).await;
    ask(&client, "How long does delivery to Finland take?").await;
    let last = ".sotto-assistant:last-child .sotto-vote";
    assert_eq!(
        run_js(
            &client,
            &format!("return document.querySelector('{last}').getAttribute('aria-label')")
        )
        .await,
        "Was this answer helpful?"
    );
    assert_eq!(
        run_js(
            &client,
            &format!("return [...document.querySelectorAll('{last} button')].map(b => b.getAttribute('aria-label') + '=' + b.getAttribute('aria-pressed'))")
        )
        .await,
        json!(["Helpful=false", "Not helpful=false"])
    );
    click(&client, &format!("{last} button[aria-label='Not helpful']")).await;
    wait_until(
        &client,
        "return document.activeElement && document.activeElement.closest('.sotto-why') !== null",
    )
    .await;
    let label = run_js(
        &client,
        "return document.querySelector('label[for=\"' + document.activeElement.id + '\"]').textContent",
    )
    .await;
    assert_eq!(label, "What was wrong? (optional)", "the field has a label");
    type_here(&client, "The price for Finland is missing").await;
    click(&client, ".sotto-why button[type=submit]").await;
    wait_until(&client, "return !document.querySelector('.sotto-why')").await;
    assert_eq!(
        text_of(&client, ".sotto-status").await,
        "Thank you for your feedback."
    );
    let conversation = widget_state(&client).await["conversation"]
        .as_str()
        .unwrap()
        .to_owned();
    let detail = server
        .admin_json(&format!("/api/v1/admin/conversations/{conversation}"))
        .await;
    assert_eq!(detail["votes"][0]["vote"], "down", "{detail}");
    assert_eq!(
        detail["votes"][0]["comment"],
        "The price for Finland is missing"
    );

    client.refresh().await.unwrap();
    open_widget(&client).await;
    wait_until(
        &client,
        &format!("return document.querySelector(\"{last} button[aria-label='Not helpful']\").getAttribute('aria-pressed') === 'true'"),
    )
    .await;
    run_js(
        &client,
        "document.querySelector('.sotto-log').scrollTop = 1e6; return true",
    )
    .await;
    screenshot(&client, "widget-vote").await;
    client.close().await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn an_agent_approves_an_answer_from_a_voted_down_one_and_a_reworded_question_gets_it() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;
    client.goto(&server.url("/demo")).await.unwrap();
    open_widget(&client).await;
    ask(&client, "Can I bring my dog into your store?").await;
    vote_last_answer_down(&client, "It does not say").await;
    let conversation = widget_state(&client).await["conversation"]
        .as_str()
        .unwrap()
        .to_owned();

    sign_in_as(&client, &server, "agent").await;
    client
        .goto(&server.url(&format!("/admin/conversations/{conversation}")))
        .await
        .unwrap();
    click(&client, "form.approve button[type=submit]").await;
    wait_until(
        &client,
        "return location.pathname === '/admin/answers/draft'",
    )
    .await;
    assert_eq!(
        run_js(
            &client,
            "return document.querySelector('#questions-new').value"
        )
        .await,
        "Can I bring my dog into your store?",
        "the draft holds the voted-down question"
    );
    type_into(
        &client,
        "#reply1-new",
        "Dogs on a lead are welcome in all our stores.",
    )
    .await;
    click(&client, "#new-answer + form button[type=submit]").await;
    wait_until(
        &client,
        "return document.querySelectorAll('#approved-answers li').length === 1",
    )
    .await;
    assert_contrast(&client, "approved answers").await;
    run_js(
        &client,
        "document.querySelector('#approved-answers').scrollIntoView(); return true",
    )
    .await;
    screenshot(&client, "admin-approved-answers").await;

    client.goto(&server.url("/demo")).await.unwrap();
    open_widget(&client).await;
    ask(&client, "can i brign my dog into the sotre").await;
    let answer = text_of(&client, ".sotto-assistant:last-child").await;
    assert!(
        answer.contains("Dogs on a lead are welcome in all our stores."),
        "{answer}"
    );
    client.close().await.unwrap();
    server.stop().await;
}

/// Votes the last answer down with `comment`, as a visitor does with the keyboard-labelled
/// controls.
async fn vote_last_answer_down(client: &Client, comment: &str) {
    click(
        client,
        ".sotto-assistant:last-child .sotto-vote button[aria-label='Not helpful']",
    )
    .await;
    wait_until(
        client,
        "return document.activeElement && document.activeElement.closest('.sotto-why') !== null",
    )
    .await;
    type_here(client, comment).await;
    click(client, ".sotto-why button[type=submit]").await;
    wait_until(client, "return !document.querySelector('.sotto-why')").await;
}

/// A shop's site on loopback: a home page linking to a delivery page whose price rises when
/// `raised` is set.
async fn serve_shop(raised: std::sync::Arc<std::sync::atomic::AtomicBool>) -> String {
    use axum::response::Html;
    use axum::routing::get;
    let home = get(|| async {
        Html(
            "<html lang=\"en\"><body><main><h1>Bike shop</h1><p>City bikes and repairs. <a href=\"/delivery\">Delivery</a></p></main></body></html>",
        )
    });
    let delivery = get(move || {
        let price = if raised.load(std::sync::atomic::Ordering::SeqCst) {
            "39"
        } else {
            "29"
        };
        async move {
            Html(format!(
                "<html lang=\"en\"><body><main><h1>Delivery</h1><p>We deliver bikes across the Netherlands. Delivery costs {price} euros per bike.</p></main></body></html>"
            ))
        }
    });
    let app = axum::Router::new()
        .route("/", home)
        .route("/delivery", delivery);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// Clicks "Recrawl now" on the knowledge page of `site` and waits for the crawl to finish.
async fn recrawl_from_the_page(client: &Client, server: &TestServer, site: &str) {
    client
        .goto(&server.url(&format!("/admin/knowledge?site={site}")))
        .await
        .unwrap();
    run_js(client, "window.beforeRecrawl = true; return true").await;
    click(client, "form[action='/admin/knowledge/recrawl'] button").await;
    // The page the form leads to is a new one: by then the crawl has begun.
    wait_until(client, "return window.beforeRecrawl === undefined").await;
    let status = format!("/api/v1/admin/sites/{site}/crawl");
    for _ in 0..600 {
        let crawl = server.admin_json(&status).await;
        if crawl["state"] == "finished" || crawl["state"] == "failed" {
            assert_eq!(crawl["state"], "finished", "{crawl}");
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the crawl never finished");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_test_turns_red_when_the_site_raises_a_price() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let raised = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let shop = serve_shop(raised.clone()).await;
    let server = TestServer::start_configured(|config| {
        config.outbound.allow_loopback = true;
        config.crawl.min_delay_ms = 0;
    })
    .await;
    let created: Value = reqwest::Client::new()
        .post(server.url("/api/v1/admin/sites"))
        .bearer_auth(&server.api_key)
        .json(&json!({ "origins": [shop] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let site = created["site_id"].as_str().expect("a site").to_owned();
    let client = browser(&driver).await;
    sign_in_as(&client, &server, "admin").await;
    recrawl_from_the_page(&client, &server, &site).await;

    client
        .goto(&server.url(&format!("/admin/knowledge?site={site}")))
        .await
        .unwrap();
    type_into(&client, "#test-question", "How much is delivery?").await;
    type_into(&client, "#test-fact", "29 euros").await;
    click(&client, "#add-test button[type=submit]").await;
    wait_until(
        &client,
        "return document.querySelectorAll('#site-tests tbody tr').length === 1",
    )
    .await;
    click(&client, "#run-tests").await;
    wait_until(
        &client,
        "return document.querySelector('#site-tests tr.passes') !== null",
    )
    .await;

    raised.store(true, std::sync::atomic::Ordering::SeqCst);
    recrawl_from_the_page(&client, &server, &site).await;
    // The crawl's page was loaded while it ran: load it again, as a person would.
    client.refresh().await.unwrap();
    wait_until(
        &client,
        "return document.querySelector('#site-tests tr.fails') !== null",
    )
    .await;
    let row = text_of(&client, "#site-tests tr.fails").await;
    assert!(row.contains("Page changed"), "{row}");
    assert!(row.contains("29 euros per bike"), "what it said: {row}");
    assert!(row.contains("39 euros"), "what it says now: {row}");
    assert!(
        text_of(&client, "#last-run")
            .await
            .contains("after a crawl")
    );
    assert_contrast(&client, "answer tests").await;
    run_js(
        &client,
        "document.querySelector('#tests').scrollIntoView(); return true",
    )
    .await;
    screenshot(&client, "admin-site-tests").await;
    client.close().await.unwrap();
    server.stop().await;
}
