//! `sotto backup` and what crypto-shredding reaches: the content and the key store are copied
//! apart; a copy of the content taken before an erasure, put back beside the key store as it
//! stands after it, reads nothing of what was erased (the ciphertext is there, its key is
//! not), while what was not erased reads as before. Beside a key-store copy from before the
//! erasure it would read again: why key-store copies are kept no longer than a month.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use sotto_app::chat::turn::{ConversationView, VisitorMessage};
use sotto_app::consent::ledger::ConsentAnswer;
use sotto_app::consent::privacy_settings::SitePrivacy;
use sotto_app::leads::capture::EmailOffer;
use sotto_app::team::access::Actor;
use sotto_app::{AppError, Config, SqliteSotto};
use sotto_core::VisitorId;
use sotto_core::consent::ConsentPurpose;
use sotto_core::lead::LeadPurpose;
use sotto_store::ConversationStore;
use sotto_store_sqlite::SqliteConversationStore;

/// Every message text of a visitor's conversations, conversation by conversation.
fn texts(history: &[ConversationView]) -> Vec<Vec<String>> {
    history
        .iter()
        .map(|c| c.messages.iter().map(|m| m.text.clone()).collect())
        .collect()
}

/// A data directory made of a content copy, a key-store copy and the installation's master
/// key, opened.
async fn restored(at: &Path, content: &Path, keys: &Path, master_key: &Path) -> SqliteSotto {
    std::fs::create_dir_all(at).unwrap();
    for file in ["main.db", "conversations.db"] {
        std::fs::copy(content.join(file), at.join(file)).unwrap();
    }
    std::fs::copy(keys.join("keys.db"), at.join("keys.db")).unwrap();
    std::fs::copy(master_key, at.join("master.key")).unwrap();
    std::fs::set_permissions(
        at.join("master.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    SqliteSotto::open(&Config {
        data_dir: at.to_owned(),
        ..Config::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_backup_from_before_an_erasure_cannot_read_what_was_erased() {
    let common::Demo {
        dir,
        config,
        sotto,
        site,
    } = common::demo().await;
    let (anna, ben) = (VisitorId::random(), VisitorId::random());
    let asked = |visitor: VisitorId, text: &'static str| {
        let (sotto, site) = (&sotto, &site);
        async move {
            sotto
                .send_message(
                    site,
                    &visitor,
                    VisitorMessage {
                        text: text.into(),
                        conversation_id: None,
                        page_url: None,
                    },
                )
                .await
                .unwrap()
        }
    };
    let annas = asked(anna, "Do you deliver to Finland?").await;
    // Anna also leaves her address, to be contacted about that conversation.
    sotto
        .set_site_privacy(
            site.id(),
            SitePrivacy {
                email_capture: true,
                ..SitePrivacy::default()
            },
            &Actor::Cli,
        )
        .await
        .unwrap();
    let followup = sotto
        .privacy_texts(&site, Some("en"))
        .await
        .unwrap()
        .texts
        .questions
        .into_iter()
        .find(|q| q.kind == "email_followup")
        .unwrap();
    sotto
        .leave_email(
            &site,
            &anna,
            EmailOffer {
                purpose: LeadPurpose::Contact,
                email: "anna@example.org".into(),
                conversation_id: Some(annas.conversation_id),
                answers: vec![ConsentAnswer {
                    purpose: ConsentPurpose::EmailFollowup,
                    granted: true,
                    language: followup.language,
                    text_version: followup.version,
                    text_sha256: followup.sha256,
                }],
                language: None,
                confirmation_code: None,
            },
        )
        .await
        .unwrap()
        .lead_id
        .expect("kept with consent");
    let bens_first = asked(ben, "What are your opening hours?").await;
    asked(ben, "Can I return a plant?").await;

    let backups = dir.path().join("backups");
    let (content_before, keys_before, keys_after) = (
        backups.join("content-before"),
        backups.join("keys-before"),
        backups.join("keys-after"),
    );
    let report = sotto
        .backup(Some(&content_before), Some(&keys_before))
        .await
        .unwrap();
    assert_eq!(report.content.len(), 2);
    assert!(report.keys.unwrap().exists());
    assert!(
        matches!(
            sotto.backup(Some(&content_before), None).await,
            Err(AppError::Conflict(_))
        ),
        "a backup never overwrites another"
    );
    assert!(
        matches!(
            sotto
                .backup(Some(&backups.join("same")), Some(&backups.join("same")))
                .await,
            Err(AppError::Invalid(_))
        ),
        "the key store's copy goes elsewhere than the content's"
    );

    sotto
        .erase_visitor(&site, &anna, &Actor::Visitor)
        .await
        .unwrap();
    sotto
        .erase_visitor_conversation(&site, &ben, bens_first.conversation_id, &Actor::Visitor)
        .await
        .unwrap();
    sotto.backup(None, Some(&keys_after)).await.unwrap();
    let master_key = config.data_dir.join("master.key");

    let after = restored(
        &dir.path().join("restored-after"),
        &content_before,
        &keys_after,
        &master_key,
    )
    .await;
    let tenant = site.tenant();
    let content = SqliteConversationStore::open(&content_before.join("conversations.db"))
        .await
        .unwrap();
    assert_eq!(
        content
            .message_count(tenant, annas.conversation_id)
            .await
            .unwrap(),
        2,
        "the copy of the content holds the erased conversation's ciphertext"
    );
    let site_after = after.open_site(site.id()).await.unwrap();
    let annas_history = after
        .visitor_conversations(&site_after, &anna)
        .await
        .unwrap();
    assert!(
        annas_history.iter().all(|c| c.messages.is_empty()),
        "an erased visitor's messages do not open: {:?}",
        texts(&annas_history)
    );
    let bens_history = after
        .visitor_conversations(&site_after, &ben)
        .await
        .unwrap();
    let mut bens_texts = texts(&bens_history);
    bens_texts.sort();
    assert_eq!(
        bens_texts[0],
        Vec::<String>::new(),
        "the erased conversation"
    );
    assert_eq!(
        bens_texts[1][0], "Can I return a plant?",
        "what was not erased reads as before"
    );
    let export = after
        .export_visitor(&site_after, &anna, &Actor::Visitor)
        .await
        .unwrap();
    assert!(
        export.conversations.iter().all(|c| c.messages.is_empty()),
        "nor does the export show them"
    );
    assert!(
        export.emails.is_empty(),
        "nor the address she left about the erased conversation"
    );
    assert!(
        after
            .leads(tenant, None, &Actor::Cli)
            .await
            .unwrap()
            .is_empty(),
        "the team's list of addresses has none that reads"
    );

    let before = restored(
        &dir.path().join("restored-before"),
        &content_before,
        &keys_before,
        &master_key,
    )
    .await;
    let site_before = before.open_site(site.id()).await.unwrap();
    assert_eq!(
        texts(
            &before
                .visitor_conversations(&site_before, &anna)
                .await
                .unwrap()
        )[0][0],
        "Do you deliver to Finland?",
        "with the key store of before, it would read: key-store copies are kept a month at most"
    );
    assert_eq!(
        before.leads(tenant, None, &Actor::Cli).await.unwrap()[0].email,
        "anna@example.org"
    );
}
