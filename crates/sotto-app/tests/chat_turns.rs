//! The chat use cases end to end on the demo site, on SQLite.

mod common;

use sotto_app::chat::turn::VisitorMessage;
use sotto_app::team::access::Actor;
use sotto_app::tenancy::sites::OpenSite;
use sotto_app::{AppError, SqliteSotto};
use sotto_core::{Phase, SiteId, VisitorId};

async fn demo() -> (tempfile::TempDir, SqliteSotto, OpenSite) {
    let common::Demo {
        dir, sotto, site, ..
    } = common::demo().await;
    (dir, sotto, site)
}

fn message(text: &str, conversation: Option<sotto_core::ConversationId>) -> VisitorMessage {
    VisitorMessage {
        text: text.into(),
        conversation_id: conversation,
        page_url: Some("http://127.0.0.1:8080/demo/shipping?utm_source=x".into()),
    }
}

#[tokio::test]
async fn a_visitor_asks_and_finds_their_history() {
    let (_dir, sotto, site) = demo().await;
    let visitor = VisitorId::random();
    let reply = sotto
        .send_message(
            &site,
            &visitor,
            message("How long does delivery to Finland take?", None),
        )
        .await
        .unwrap();
    assert!(
        reply.message.text.contains("3 to 5 working days"),
        "{}",
        reply.message.text
    );
    assert!(reply.message.citations[0].url.ends_with("/demo/shipping"));
    assert_eq!(reply.phase, Phase::Learning);

    let second = sotto
        .send_message(
            &site,
            &visitor,
            message("Can I return a pot?", Some(reply.conversation_id)),
        )
        .await
        .unwrap();
    assert_eq!(second.conversation_id, reply.conversation_id);
    assert!(
        second
            .message
            .citations
            .iter()
            .any(|c| c.url.ends_with("/demo/returns")),
        "{second:?}"
    );

    let history = sotto.visitor_conversations(&site, &visitor).await.unwrap();
    assert_eq!(history.len(), 1);
    let texts: Vec<_> = history[0]
        .messages
        .iter()
        .map(|m| (m.role, m.text.as_str()))
        .collect();
    assert_eq!(texts.len(), 4);
    assert_eq!(
        texts[0],
        ("visitor", "How long does delivery to Finland take?")
    );
    assert_eq!(texts[2], ("visitor", "Can I return a pot?"));
    assert_eq!(history[0].messages[1].citations, reply.message.citations);
}

#[tokio::test]
async fn other_visitors_cannot_see_or_continue_a_conversation() {
    let (_dir, sotto, site) = demo().await;
    let owner = VisitorId::random();
    let reply = sotto
        .send_message(&site, &owner, message("Hello", None))
        .await
        .unwrap();
    let intruder = VisitorId::random();
    assert!(
        sotto
            .visitor_conversations(&site, &intruder)
            .await
            .unwrap()
            .is_empty()
    );
    let attempt = sotto
        .send_message(
            &site,
            &intruder,
            message("What did they ask?", Some(reply.conversation_id)),
        )
        .await;
    assert!(matches!(attempt, Err(AppError::NotFound("conversation"))));
}

#[tokio::test]
async fn unknown_sites_and_questions() {
    let (_dir, sotto, site) = demo().await;
    let missing: SiteId = "nope".parse().unwrap();
    let visitor = VisitorId::random();
    assert!(matches!(
        sotto.open_site(&missing).await,
        Err(AppError::NotFound("site"))
    ));
    let reply = sotto
        .send_message(
            &site,
            &visitor,
            message("What is the airspeed velocity of a swallow?", None),
        )
        .await
        .unwrap();
    assert!(
        reply.message.text.starts_with("I don't know"),
        "{}",
        reply.message.text
    );
    assert!(reply.message.citations[0].url.ends_with("/demo/contact"));
    assert_eq!(reply.phase, Phase::Exploring);
}

#[tokio::test]
async fn the_demo_is_reusable() {
    let (_dir, sotto, _site) = demo().await;
    let again = sotto.ensure_demo().await.unwrap();
    assert_eq!(again.import.added, 0);
    assert_eq!(again.import.removed, 0);
    assert!(again.import.unchanged >= 20);
}

#[tokio::test]
async fn personal_data_is_redacted_before_it_is_stored() {
    let (_dir, sotto, site) = demo().await;
    let visitor = VisitorId::random();
    let typed = "How long does delivery to Finland take? anna.virtanen@example.fi, +358 40 1234567, FI21 1234 5600 0007 85";
    let reply = sotto
        .send_message(&site, &visitor, message(typed, None))
        .await
        .unwrap();
    assert_eq!(
        reply.question.text,
        "How long does delivery to Finland take? [EMAIL], [PHONE], [IBAN]"
    );
    assert!(
        reply.message.text.contains("3 to 5 working days"),
        "the answer still reads the question: {}",
        reply.message.text
    );
    let history = sotto.visitor_conversations(&site, &visitor).await.unwrap();
    assert_eq!(history[0].messages[0].text, reply.question.text);
    let only_personal = sotto
        .send_message(
            &site,
            &visitor,
            message("anna.virtanen@example.fi", Some(reply.conversation_id)),
        )
        .await
        .expect("a message of personal data only is still a turn");
    assert_eq!(only_personal.question.text, "[EMAIL]");
}

#[tokio::test]
async fn the_tenant_policy_and_rules_decide_what_is_stored() {
    use sotto_app::chat::pii_settings::PiiSettings;
    use sotto_pii::{Action, CustomPattern, EntityType};
    let (_dir, sotto, site) = demo().await;
    let tenant = site.tenant();
    let mut settings = PiiSettings::default();
    settings
        .policy
        .actions
        .insert(EntityType::Phone, Action::Mask);
    settings.patterns.push(CustomPattern {
        label: "CUSTOMER".into(),
        pattern: r"MV-[0-9]{6}".into(),
    });
    settings.terms.push("Project Fern".into());
    sotto
        .set_pii_settings(tenant, settings.clone(), &Actor::Cli)
        .await
        .unwrap();
    assert_eq!(sotto.pii_settings(tenant).await.unwrap(), settings);

    let reply = sotto
        .send_message(
            &site,
            &VisitorId::random(),
            message(
                "Customer MV-123456 about project fern, call +358 40 1234567",
                None,
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        reply.question.text,
        "Customer [CUSTOMER] about [SENSITIVE_TERM], call +••• •• •••4567"
    );

    let invalid = PiiSettings {
        patterns: vec![CustomPattern {
            label: "BAD".into(),
            pattern: "(unclosed".into(),
        }],
        ..PiiSettings::default()
    };
    assert!(matches!(
        sotto.set_pii_settings(tenant, invalid, &Actor::Cli).await,
        Err(AppError::Invalid(_))
    ));
    assert_eq!(
        sotto.pii_settings(tenant).await.unwrap(),
        settings,
        "a refused change leaves the settings as they were"
    );
}

#[tokio::test]
async fn asking_for_a_human_moves_the_conversation_to_requesting_contact() {
    let (_dir, sotto, site) = demo().await;
    let visitor = VisitorId::random();
    let first = sotto
        .send_message(&site, &visitor, message("Do you ship to Finland?", None))
        .await
        .unwrap();
    assert_eq!(first.phase, Phase::Learning);
    let second = sotto
        .send_message(
            &site,
            &visitor,
            message(
                "Pourriez-vous me rappeler demain ?",
                Some(first.conversation_id),
            ),
        )
        .await
        .unwrap();
    assert_eq!(second.phase, Phase::RequestingContact);
    let third = sotto
        .send_message(
            &site,
            &visitor,
            message("And how much is delivery?", Some(first.conversation_id)),
        )
        .await
        .unwrap();
    assert_eq!(third.phase, Phase::RequestingContact, "never moves back");
    let team = sotto_app::team::access::Caller::operator(site.tenant());
    let listed = sotto.team_conversations(&team, None, 10).await.unwrap();
    assert_eq!(
        listed[0].phase,
        Phase::RequestingContact,
        "the team sees it"
    );
}

fn embedding_model_folder() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/all-minilm-l6-v2")
}

#[cfg(not(feature = "dense"))]
#[tokio::test]
async fn an_embedding_model_needs_a_build_with_the_hybrid_mode() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = sotto_app::Config {
        data_dir: dir.path().join("data"),
        ..sotto_app::Config::default()
    };
    config.retrieval.embedding_model = Some(embedding_model_folder());
    let Err(error) = SqliteSotto::open(&config).await else {
        panic!("a build without the dense feature must refuse the setting");
    };
    assert!(error.to_string().contains("--features dense"), "{error}");
}

#[cfg(feature = "dense")]
#[tokio::test]
async fn the_hybrid_mode_answers_chat_turns_from_the_same_pages() {
    if !embedding_model_folder().join("model.safetensors").is_file() {
        println!("skipped: no model (scripts/fetch-minilm.sh)");
        return;
    }
    let mut config = sotto_app::Config::default();
    config.retrieval.embedding_model = Some(embedding_model_folder());
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo_with(config).await;
    let reply = sotto
        .send_message(
            &site,
            &VisitorId::random(),
            message("How long does delivery to Finland take?", None),
        )
        .await
        .unwrap();
    assert!(
        reply.message.text.contains("3 to 5 working days"),
        "{}",
        reply.message.text
    );
}

#[tokio::test]
async fn the_sites_public_names_stay_in_the_question_and_the_visitors_do_not() {
    let (_dir, sotto, site) = demo().await;
    let visitor = VisitorId::random();
    let typed = "Is your showroom at 14 rue des Jardins, 69002 Lyon open on Saturdays? My name is Paul Durand, call me on +33 6 12 34 56 78.";
    let reply = sotto
        .send_message(&site, &visitor, message(typed, None))
        .await
        .unwrap();
    let stored = &reply.question.text;
    assert!(
        stored.contains("14 rue des Jardins, 69002 Lyon"),
        "the site's own address is public: {stored}"
    );
    assert!(
        !stored.contains("12 34 56 78"),
        "the visitor's number: {stored}"
    );
    assert!(!stored.contains("Durand"), "the visitor's name: {stored}");
    let history = sotto.visitor_conversations(&site, &visitor).await.unwrap();
    assert_eq!(&history[0].messages[0].text, stored, "as stored");
}
