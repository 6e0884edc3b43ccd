//! Approved answers on the demo site, on SQLite: the team approves an answer to a question the
//! pages do not answer; a visitor who asks it in other words, mistyped or in another language
//! gets it, marked `approved`, with its citation; a question on another subject does not; an
//! answer switched off or deleted is no longer given; every change is audited; personal data in
//! an answer is reported and holds it back until switched on; a page the site does not have
//! cannot be cited; only roles that may edit answers change them.

mod common;

use common::ask;
use sotto_app::AppError;
use sotto_app::knowledge::approved::{AnswerOrigin, ApprovedAnswerInput, ApprovedReplyText};
use sotto_app::team::access::{Actor, Caller};
use sotto_core::VisitorId;
use sotto_core::access::TeamRole;
use sotto_knowledge::AnswerKind;
use sotto_pii::EntityType;

fn dogs(citation: String) -> ApprovedAnswerInput {
    ApprovedAnswerInput {
        questions: vec!["Can I bring my dog into your store?".into()],
        replies: vec![
            ApprovedReplyText {
                language: "en".into(),
                text: "Dogs on a lead are welcome in all our stores.".into(),
            },
            ApprovedReplyText {
                language: "fr".into(),
                text: "Les chiens tenus en laisse sont les bienvenus dans nos magasins.".into(),
            },
        ],
        citations: vec![citation],
        enabled: true,
        origin: AnswerOrigin::Analytics,
    }
}

#[tokio::test]
async fn an_approved_answer_is_given_to_the_same_question_in_other_words() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let team = Caller::operator(site.tenant());
    let stores = sotto
        .team_pages(&team, site.id())
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.url.contains("stores"))
        .expect("the demo has a stores page")
        .url;
    let visitor = VisitorId::random();
    let before = ask(&sotto, &site, &visitor, "Is my dog allowed in your stores?").await;
    assert_ne!(before.message.kind, Some(AnswerKind::Approved));

    let saved = sotto
        .create_approved_answer(&team, site.id(), &dogs(stores.clone()))
        .await
        .unwrap();
    assert!(saved.personal_data.is_empty(), "{:?}", saved.personal_data);
    // A request reads its site afresh, and with it the version of its approved answers.
    let site = sotto.open_site(site.id()).await.unwrap();
    assert_eq!(saved.answer.citations[0].url, stores);
    assert!(!saved.answer.citations[0].title.is_empty());
    let id = saved.answer.id.clone();

    for question in [
        "Is my dog allowed in your stores?",
        "can i brign my dog into the sotre",
        "Can I come to your store with my dog?",
    ] {
        let reply = ask(&sotto, &site, &visitor, question).await;
        assert_eq!(reply.message.kind, Some(AnswerKind::Approved), "{question}");
        assert_eq!(
            reply.message.text, "Dogs on a lead are welcome in all our stores.",
            "{question}"
        );
        assert_eq!(reply.message.citations[0].url, stores);
        assert!(
            reply.message.vote_token.is_some(),
            "approved answers take votes"
        );
    }
    let french = ask(
        &sotto,
        &site,
        &visitor,
        "Est-ce que je peux venir au magasin avec mon chien ?",
    )
    .await;
    assert_eq!(french.message.kind, Some(AnswerKind::Approved));
    assert!(
        french.message.text.starts_with("Les chiens"),
        "the visitor's language"
    );
    for other in [
        "Do you ship to Finland?",
        "Can I bring my bike into your store?",
        "Hello!",
    ] {
        let reply = ask(&sotto, &site, &visitor, other).await;
        assert_ne!(reply.message.kind, Some(AnswerKind::Approved), "{other}");
    }

    // Switched off, then deleted: no longer given.
    let mut off = dogs(stores.clone());
    off.enabled = false;
    let updated = sotto
        .update_approved_answer(&team, site.id(), &id, &off)
        .await
        .unwrap();
    assert!(!updated.answer.enabled);
    let site = sotto.open_site(site.id()).await.unwrap();
    assert_eq!(updated.answer.created_at, saved.answer.created_at);
    let reply = ask(&sotto, &site, &visitor, "Is my dog allowed in your stores?").await;
    assert_ne!(reply.message.kind, Some(AnswerKind::Approved));
    assert_eq!(
        sotto
            .approved_answers(&team, site.id())
            .await
            .unwrap()
            .len(),
        1,
        "a switched-off answer is kept"
    );
    sotto
        .delete_approved_answer(&team, site.id(), &id)
        .await
        .unwrap();
    assert!(
        sotto
            .approved_answers(&team, site.id())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        sotto.delete_approved_answer(&team, site.id(), &id).await,
        Err(AppError::NotFound(_))
    ));

    let actions: Vec<String> = sotto
        .audit_log(&team, 0, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("approved_answer."))
        .map(|e| {
            assert_eq!(e.object, format!("{}/{id}", site.id()));
            e.action
        })
        .collect();
    assert_eq!(
        actions,
        [
            "approved_answer.create",
            "approved_answer.update",
            "approved_answer.delete"
        ]
    );
}

#[tokio::test]
async fn approved_answers_are_checked_and_guarded() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let owner = Caller::operator(site.tenant());
    let page = sotto.team_pages(&owner, site.id()).await.unwrap()[0]
        .url
        .clone();

    let mut personal = dogs(page.clone());
    personal.replies[0].text =
        "Ask Maria Lindqvist, maria.lindqvist@example.com, before bringing a dog.".into();
    let saved = sotto
        .create_approved_answer(&owner, site.id(), &personal)
        .await
        .unwrap();
    let warning = saved
        .personal_data
        .iter()
        .find(|w| w.field == "replies[0]")
        .expect("the e-mail address is reported");
    assert!(warning.types.contains(&EntityType::Email), "{warning:?}");
    assert!(
        !saved.answer.enabled,
        "held back until the team switches it on"
    );
    let on = sotto
        .set_approved_answer_enabled(&owner, site.id(), &saved.answer.id, true)
        .await
        .unwrap();
    assert!(on.enabled, "switched on deliberately");

    let foreign = dogs("https://elsewhere.example/page".into());
    assert!(matches!(
        sotto
            .create_approved_answer(&owner, site.id(), &foreign)
            .await,
        Err(AppError::Invalid(_))
    ));
    assert!(matches!(
        sotto
            .update_approved_answer(&owner, site.id(), "no-such-answer", &dogs(page.clone()))
            .await,
        Err(AppError::NotFound(_))
    ));

    let as_role = |role| Caller {
        tenant: site.tenant(),
        role,
        actor: Actor::Cli,
    };
    assert!(matches!(
        sotto
            .create_approved_answer(&as_role(TeamRole::Viewer), site.id(), &dogs(page.clone()))
            .await,
        Err(AppError::Forbidden(_))
    ));
    assert_eq!(
        sotto
            .approved_answers(&as_role(TeamRole::Viewer), site.id())
            .await
            .unwrap()
            .len(),
        1,
        "viewers read them"
    );
    sotto
        .create_approved_answer(&as_role(TeamRole::Agent), site.id(), &dogs(page))
        .await
        .expect("agents approve answers");
}
