//! A conversation that asks for a person reaches the team through the site's signed webhook
//! (`conversation.handoff`), end to end on SQLite with a receiver started by the test: once per
//! conversation, with its id, the cause and a link to its page, never what the visitor wrote
//! (a canary in the message is in no body); a visitor who objected to storage leaves nothing
//! for the team to open, and no call.

mod common;

use common::ask;
use common::webhook::{calls_after, demo_with_webhook};
use serde_json::Value;
use sotto_app::chat::turn::VisitorMessage;
use sotto_app::team::access::Actor;
use sotto_core::{Phase, VisitorId};
use sotto_crypto::secret::Key256;
use sotto_crypto::webhook;

const CANARY: &str = "zebra-canary-4711";

#[tokio::test]
async fn a_request_for_a_person_is_posted_once_without_the_visitors_words() {
    let (
        common::Demo {
            dir: _dir,
            sotto,
            site,
            ..
        },
        calls,
    ) = demo_with_webhook().await;

    // Objecting: answered, stored nowhere, so nothing for the team to open.
    let quiet = VisitorId::random();
    sotto
        .set_objection(&site, &quiet, true, &Actor::Visitor)
        .await
        .unwrap();
    let unstored = ask(
        &sotto,
        &site,
        &quiet,
        &format!("Can a person call me back? {CANARY}"),
    )
    .await;
    assert_eq!(unstored.phase, Phase::RequestingContact);

    let ada = VisitorId::random();
    let first = ask(
        &sotto,
        &site,
        &ada,
        &format!("Can someone call me back about my order? {CANARY}"),
    )
    .await;
    assert_eq!(first.phase, Phase::RequestingContact);
    let again = sotto
        .send_message(
            &site,
            &ada,
            VisitorMessage {
                text: format!("Please, I would like to talk to a person. {CANARY}"),
                conversation_id: Some(first.conversation_id),
                page_url: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(again.phase, Phase::RequestingContact);
    // Another conversation's request: once it is delivered, every earlier call has been too.
    let bob = ask(
        &sotto,
        &site,
        &VisitorId::random(),
        "I want to speak to a human",
    )
    .await;

    let delivered = calls_after(&calls, 2).await;
    let key = sotto.webhook_key(site.id(), &Actor::Cli).await.unwrap();
    let key = Key256::from_hex(&key.secret).unwrap();
    let mut conversations = Vec::new();
    for (signature, body) in &delivered {
        assert!(
            webhook::verify(&key, signature, body),
            "signed with the site's key"
        );
        let text = String::from_utf8_lossy(body);
        assert!(
            !text.contains(CANARY) && !text.contains("call me"),
            "{text}"
        );
        let event: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(event["event"], "conversation.handoff");
        assert_eq!(event["site_id"], "demo");
        assert_eq!(event["cause"], "contact_cue");
        let id = event["conversation_id"].as_str().unwrap().to_owned();
        assert!(
            event["link"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/admin/conversations/{id}")),
            "{event}"
        );
        conversations.push(id);
    }
    conversations.sort();
    let mut expected = vec![
        first.conversation_id.to_string(),
        bob.conversation_id.to_string(),
    ];
    expected.sort();
    assert_eq!(
        conversations, expected,
        "one call per conversation that asked, none for the unstored one"
    );
    sotto.close().await;
    assert_eq!(calls.lock().unwrap().len(), 2, "no call came late");
}
