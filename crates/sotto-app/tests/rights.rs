//! Access, portability and objection on the demo site, on SQLite: the export holds what is
//! stored (redacted as stored) in JSON and in a page where every value is escaped; an objecting
//! visitor gets answers while nothing of theirs is stored; every request lands in the register.

mod common;

use sotto_app::SqliteSotto;
use sotto_app::chat::turn::VisitorMessage;
use sotto_app::team::access::Actor;
use sotto_app::tenancy::sites::OpenSite;
use sotto_core::VisitorId;
use sotto_core::dsr::RequestKind;

async fn say(sotto: &SqliteSotto, site: &OpenSite, visitor: &VisitorId, text: &str) -> String {
    sotto
        .send_message(
            site,
            visitor,
            VisitorMessage {
                text: text.into(),
                conversation_id: None,
                page_url: Some("https://shop.example/shipping?mail=anna@example.fi".into()),
            },
        )
        .await
        .unwrap()
        .message
        .text
}

#[tokio::test]
async fn the_export_holds_what_is_stored_as_json_and_as_an_escaped_page() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let anna = VisitorId::random();
    say(
        &sotto,
        &site,
        &anna,
        "Do you ship to Finland? anna@example.fi",
    )
    .await;
    say(
        &sotto,
        &site,
        &anna,
        "<script>alert(1)</script> and returns?",
    )
    .await;
    say(&sotto, &site, &VisitorId::random(), "someone else").await;

    let export = sotto
        .export_visitor(&site, &anna, &Actor::Visitor)
        .await
        .unwrap();
    assert_eq!(export.format, "sotto-export/v1");
    assert_eq!(export.controller.tenant_id, site.tenant());
    assert_eq!(export.conversations.len(), 2);
    let all: Vec<_> = export
        .conversations
        .iter()
        .flat_map(|c| c.messages.iter())
        .collect();
    assert_eq!(all.len(), 4);
    let with_email = all
        .iter()
        .find(|m| m.text.contains("Finland"))
        .expect("the first question");
    assert_eq!(with_email.text, "Do you ship to Finland? [EMAIL]");
    assert_eq!(
        serde_json::to_value(&with_email.personal_data_found).unwrap(),
        serde_json::json!(["EMAIL"])
    );
    assert_eq!(
        with_email.page_url.as_deref(),
        Some("https://shop.example/shipping")
    );
    assert_eq!(export.requests.len(), 1);
    assert_eq!(export.requests[0].kind, RequestKind::Access);

    let page = export.to_html();
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>"));
    assert!(page.contains("Do you ship to Finland? [EMAIL]"));
}

#[tokio::test]
async fn an_objecting_visitor_gets_answers_and_nothing_is_stored_until_they_withdraw() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let anna = VisitorId::random();
    say(&sotto, &site, &anna, "Do you ship to Finland?").await;

    let objected = sotto
        .set_objection(&site, &anna, true, &Actor::Visitor)
        .await
        .unwrap();
    assert!(objected.objecting && objected.since.is_some());
    let receipt = objected.erasure.expect("what was stored is erased");
    assert_eq!(receipt.erased.conversations, 1);

    let answer = say(
        &sotto,
        &site,
        &anna,
        "How long does delivery to Finland take?",
    )
    .await;
    assert!(answer.contains("3 to 5 working days"), "{answer}");
    assert!(
        sotto
            .visitor_conversations(&site, &anna)
            .await
            .unwrap()
            .is_empty()
    );
    let export = sotto
        .export_visitor(&site, &anna, &Actor::Visitor)
        .await
        .unwrap();
    assert!(export.conversations.is_empty());
    assert_eq!(export.objecting_since, objected.since);

    let withdrawn = sotto
        .set_objection(&site, &anna, false, &Actor::Visitor)
        .await
        .unwrap();
    assert!(!withdrawn.objecting);
    say(&sotto, &site, &anna, "And to Sweden?").await;
    assert_eq!(
        sotto
            .visitor_conversations(&site, &anna)
            .await
            .unwrap()
            .len(),
        1
    );

    let kinds: Vec<RequestKind> = sotto
        .request_register(site.tenant(), sotto_core::now())
        .await
        .unwrap()
        .iter()
        .map(|r| r.kind)
        .collect();
    for kind in [
        RequestKind::Objection,
        RequestKind::Erasure,
        RequestKind::ObjectionWithdrawn,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} in {kinds:?}");
    }
    let counted = sotto.unrecorded_requests(site.tenant()).await.unwrap();
    assert_eq!(
        counted
            .iter()
            .map(|c| (c.kind, c.count))
            .collect::<Vec<_>>(),
        [(RequestKind::Access, 1)],
        "the export while objecting found nothing held: counted, not registered"
    );
}
