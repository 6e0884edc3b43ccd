//! "Talk to a person" in the widget, in Chromium: one click sends the request in the visitor's
//! words, and the team's view of the conversation shows it asking for contact.

use serde_json::json;

use crate::common::TestServer;
use crate::harness::*;

#[tokio::test]
async fn one_click_asks_for_a_person_and_the_team_sees_it() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let server = TestServer::start().await;
    let client = browser(&driver).await;
    client.goto(&server.url("/demo")).await.unwrap();
    open_widget(&client).await;
    assert_eq!(
        run_js(&client, "return window.localStorage.length").await,
        json!(0)
    );
    click(&client, ".sotto-handoff button").await;
    wait_until(&client, &format!("return {ANSWERS} === 1")).await;
    assert_eq!(
        run_js(&client, "var v = document.querySelectorAll('.sotto-visitor'); return v[v.length - 1].lastChild.textContent").await,
        json!("I would like to talk to a person.")
    );
    let conversation = run_js(
        &client,
        "return JSON.parse(localStorage.getItem('sotto_visitor_demo')).conversation",
    )
    .await;
    let seen = server
        .admin_json(&format!(
            "/api/v1/admin/conversations/{}",
            conversation.as_str().unwrap()
        ))
        .await;
    assert_eq!(seen["phase"], "requesting_contact", "{seen}");
    client.close().await.unwrap();
    server.stop().await;
}
