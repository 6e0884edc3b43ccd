//! What the site's own page can do with the widget, in Chromium: `Sotto.ask` opens the panel
//! and sends a question, events tell the page about opening, closing and answers (kind and
//! citations, the text only when the site turns it on, never the visitor's id); an answer's
//! Markdown is shown as bold, links and lists, its raw HTML as text; and the inline mode puts
//! the panel inside an element of the page, always open, without launcher or close button.

use serde_json::{Value, json};

use crate::accessibility::{axe_script, axe_violations};
use crate::common::TestServer;
use crate::harness::*;

/// Records the widget's events on the page, in `window.heard`.
const LISTEN: &str = "window.heard = []; ['open', 'close', 'answer'].forEach(function (name) { \
    window.addEventListener('sotto:' + name, function (e) { window.heard.push([name, e.detail]); }); }); return true";

const ANSWER_DONE: &str = "return window.heard.some(function (e) { return e[0] === 'answer'; })";

async fn approve_gift_cards(server: &TestServer) {
    let approved = reqwest::Client::new()
        .post(server.url("/api/v1/admin/sites/demo/answers"))
        .bearer_auth(&server.api_key)
        .json(&json!({
            "questions": ["Do you sell gift cards?"],
            "replies": [{
                "language": "en",
                "text": format!(
                    "**Yes**: gift cards from 20 euros.\n- in the shop\n- [online]({})\n<img src=x onerror=\"window.pwned=1\">\n\
                     Not [this](https://elsewhere.example/win) nor [that](javascript:alert(1)).\n3. third\n\n4. fourth",
                    server.url("/demo/gift-cards")
                )
            }]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), 201);
    // The detectors read a URL in the reply as possible personal data and save the answer
    // switched off; the team switches it on deliberately.
    let approved: Value = approved.json().await.unwrap();
    let id = approved["answer"]["id"].as_str().unwrap();
    let enabled = reqwest::Client::new()
        .post(server.url(&format!("/api/v1/admin/sites/demo/answers/{id}/enable")))
        .bearer_auth(&server.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(enabled.status(), 200);
}

/// A button of the page that asks the widget, clicked as a visitor would.
async fn ask_from_a_button(client: &fantoccini::Client) {
    run_js(
        client,
        "var b = document.createElement('button'); b.id = 'ask-gift'; b.textContent = 'Gift cards?'; \
         b.addEventListener('click', function () { Sotto.ask('Do you sell gift cards?'); }); \
         document.querySelector('main, body').appendChild(b); return true",
    )
    .await;
    click(client, "#ask-gift").await;
}

#[tokio::test]
async fn the_page_asks_through_the_api_hears_the_answer_and_shows_its_markdown() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    approve_gift_cards(&server).await;
    let client = browser(&driver).await;
    client.goto(&server.url("/demo")).await.unwrap();
    wait_until(&client, "return !!window.Sotto").await;
    assert_eq!(
        run_js(&client, "return Object.keys(window.Sotto)").await,
        json!(["open", "close", "ask"])
    );
    run_js(&client, LISTEN).await;
    run_js(&client, "Sotto.ask('Do you sell gift cards?'); return true").await;
    assert_eq!(
        run_js(
            &client,
            "return [document.querySelector('.sotto-panel').hidden, window.localStorage.length]"
        )
        .await,
        json!([true, 0]),
        "a page cannot ask by itself: nothing sent, nothing stored"
    );
    ask_from_a_button(&client).await;
    wait_until(&client, ANSWER_DONE).await;
    let heard = run_js(&client, "return window.heard").await;
    assert_eq!(heard[0], json!(["open", {}]));
    assert_eq!(
        heard[1],
        json!(["answer", { "kind": "approved", "citations": [] }]),
        "kind and citations, no text unless the site turns it on"
    );

    let answer = ".sotto-assistant:not(.sotto-live)";
    assert_eq!(
        run_js(
            &client,
            &format!(
                "var a = document.querySelector('{answer}'); return [a.querySelector('strong').textContent, \
                 a.querySelector('li a').href, a.querySelector('li a').rel, a.querySelectorAll('ul li').length, \
                 a.querySelectorAll('img, script').length, typeof window.pwned]"
            )
        )
        .await,
        json!([
            "Yes",
            server.url("/demo/gift-cards"),
            "noopener noreferrer",
            2,
            0,
            "undefined"
        ]),
        "bold, a safe link, a list; the raw HTML shown as text and never run"
    );
    let shown = text_of(&client, answer).await;
    assert!(
        shown.contains("<img src=x onerror=\"window.pwned=1\">"),
        "{shown}"
    );
    assert!(
        shown
            .contains("Not [this](https://elsewhere.example/win) nor [that](javascript:alert(1))."),
        "links to other sites and scripts stay text: {shown}"
    );
    assert_eq!(
        run_js(
            &client,
            &format!("var ol = document.querySelector('{answer} ol'); return [ol.start, ol.children.length, document.querySelectorAll('{answer} a').length]")
        )
        .await,
        json!([3, 2, 1]),
        "a numbered list keeps its numbers across a blank line; one link is followed"
    );
    let visitor = run_js(
        &client,
        "return JSON.parse(localStorage.getItem('sotto_visitor_demo')).visitor",
    )
    .await;
    let heard = run_js(&client, "return JSON.stringify(window.heard)").await;
    assert!(
        !heard.as_str().unwrap().contains(visitor.as_str().unwrap()),
        "no visitor id in the events"
    );

    run_js(&client, "Sotto.close(); return true").await;
    assert_eq!(
        run_js(
            &client,
            "return [document.querySelector('.sotto-panel').hidden, window.heard[window.heard.length - 1][0]]"
        )
        .await,
        json!([true, "close"])
    );

    // The site puts the text in the events: the next page load reads it.
    let text_on = reqwest::Client::new()
        .put(server.url("/api/v1/admin/sites/demo/appearance"))
        .bearer_auth(&server.api_key)
        .json(&json!({ "answer_text_in_events": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(text_on.status(), 200);
    client.refresh().await.unwrap();
    wait_until(&client, "return !!window.Sotto").await;
    run_js(&client, LISTEN).await;
    ask_from_a_button(&client).await;
    wait_until(&client, ANSWER_DONE).await;
    let heard: Value = run_js(&client, "return window.heard").await;
    let answered = heard
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[0] == "answer")
        .unwrap();
    assert!(
        answered[1]["text"]
            .as_str()
            .unwrap()
            .starts_with("**Yes**: gift cards"),
        "{answered}"
    );

    client.close().await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn the_inline_mode_puts_the_assistant_inside_the_page() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;
    window_of(&client, 1280, 800).await;
    client.goto(&server.url("/demo")).await.unwrap();
    wait_until(
        &client,
        "return !!document.querySelector('.sotto-launcher')",
    )
    .await;
    // The page as a site with an inline assistant has it: a help section holding the widget.
    run_js(
        &client,
        "document.querySelectorAll('.sotto-launcher, .sotto-panel, script[data-site]').forEach(function (n) { n.remove(); }); \
         var help = document.createElement('section'); help.id = 'help'; document.body.appendChild(help); \
         var s = document.createElement('script'); s.src = '/widget.js'; s.setAttribute('data-site', 'demo'); \
         s.setAttribute('data-mount', '#help'); document.body.appendChild(s); return true",
    )
    .await;
    wait_until(
        &client,
        "return !!document.querySelector('#help .sotto-panel')",
    )
    .await;
    assert_eq!(
        run_js(
            &client,
            "var p = document.querySelector('#help .sotto-panel'); return [p.hidden, getComputedStyle(p).position, \
             document.querySelectorAll('.sotto-launcher').length, p.querySelectorAll('.sotto-head button').length, \
             p.getAttribute('aria-modal'), window.localStorage.length]"
        )
        .await,
        json!([false, "relative", 0, 0, null, 0]),
        "open in the page, no launcher, no close button, not modal, nothing stored"
    );
    ask(&client, "How long does delivery to Finland take?").await;
    if let Some(axe) = axe_script() {
        assert_eq!(
            axe_violations(&client, &axe).await,
            Vec::<String>::new(),
            "axe at WCAG 2.2 AA on the inline assistant"
        );
    }
    type_here(&client, "\u{E00C}").await;
    assert_eq!(
        run_js(
            &client,
            "return document.querySelector('#help .sotto-panel').hidden"
        )
        .await,
        json!(false),
        "Escape does not close an inline assistant"
    );
    client.close().await.unwrap();
    server.stop().await;
}
