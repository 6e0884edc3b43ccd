//! Consent with proof on the demo site, on SQLite: an opt-in site stores nothing before the
//! visitor agrees; every answer lands in the hash-chained ledger with the exact question shown;
//! the notice and questions get a new version when a setting they describe changes; a proof
//! checks on its own and fails when anything in it is altered; an edited ledger row is found;
//! erasure forgets a visitor's events and the ledger still verifies.

mod common;

use sotto_app::SqliteSotto;
use sotto_app::chat::turn::VisitorMessage;
use sotto_app::compliance::notice::TextView;
use sotto_app::consent::ledger::{ConsentAnswer, check_consent_proof};
use sotto_app::consent::privacy_settings::{PrivacyProfile, SitePrivacy};
use sotto_app::team::access::Actor;
use sotto_app::tenancy::sites::OpenSite;
use sotto_core::VisitorId;
use sotto_core::consent::{ConsentMode, ConsentPurpose};

async fn ask(sotto: &SqliteSotto, site: &OpenSite, visitor: &VisitorId) {
    sotto
        .send_message(
            site,
            visitor,
            VisitorMessage {
                text: "Do you ship to Finland?".into(),
                conversation_id: None,
                page_url: None,
            },
        )
        .await
        .unwrap();
}

async fn stored(sotto: &SqliteSotto, site: &OpenSite, visitor: &VisitorId) -> usize {
    sotto
        .visitor_conversations(site, visitor)
        .await
        .unwrap()
        .len()
}

fn answer(question: &TextView, purpose: ConsentPurpose, granted: bool) -> ConsentAnswer {
    ConsentAnswer {
        purpose,
        granted,
        language: question.language.clone(),
        text_version: question.version,
        text_sha256: question.sha256.clone(),
    }
}

/// The site's question of `kind` in `language`, as the widget shows it.
async fn site_question(
    sotto: &SqliteSotto,
    site: &OpenSite,
    language: &str,
    kind: &str,
) -> TextView {
    let texts = sotto.privacy_texts(site, Some(language)).await.unwrap();
    texts
        .texts
        .questions
        .into_iter()
        .find(|q| q.kind == kind)
        .unwrap()
}

#[tokio::test]
async fn an_opt_in_site_stores_only_after_consent_and_the_ledger_proves_it() {
    let common::Demo {
        dir,
        sotto,
        site,
        config,
    } = common::demo().await;
    let tenant = site.tenant();
    let before = sotto.privacy_texts(&site, Some("en")).await.unwrap();
    assert_eq!(before.consent_mode, ConsentMode::LegitimateInterest);
    assert_eq!(before.texts.notice.version, 1);
    assert!(before.texts.notice.text.contains("legitimate interest"));
    assert_eq!(
        sotto.privacy_texts(&site, Some("en")).await.unwrap(),
        before,
        "an unchanged configuration publishes nothing"
    );

    sotto
        .set_site_privacy(
            site.id(),
            SitePrivacy {
                consent_mode: ConsentMode::OptIn,
                ..SitePrivacy::default()
            },
            &Actor::Cli,
        )
        .await
        .unwrap();
    sotto
        .set_privacy_profile(
            tenant,
            PrivacyProfile {
                dpo_email: Some("dpo@shop.example".into()),
                ..PrivacyProfile::default()
            },
            &Actor::Cli,
        )
        .await
        .unwrap();
    let after = sotto.privacy_texts(&site, Some("en")).await.unwrap();
    assert_eq!(after.consent_mode, ConsentMode::OptIn);
    assert_eq!(after.texts.notice.version, 2, "the change bumps the notice");
    assert!(after.texts.notice.text.contains("only if you agree"));
    assert!(after.texts.notice.text.contains("dpo@shop.example"));
    let question = site_question(&sotto, &site, "en", "conversation_storage").await;
    assert_eq!(question.version, 2, "and so the question");
    assert!(question.text.contains(&after.texts.notice.sha256));

    let anna = VisitorId::random();
    ask(&sotto, &site, &anna).await;
    assert_eq!(
        stored(&sotto, &site, &anna).await,
        0,
        "nothing before consent"
    );
    let state = sotto.consent_state(&site, &anna).await.unwrap();
    assert!(!state.storing && state.answers.is_empty());

    let mut forged = answer(&question, ConsentPurpose::ConversationStorage, true);
    forged.text_sha256 = "00".repeat(32);
    assert!(
        sotto.record_consent(&site, &anna, forged).await.is_err(),
        "an answer to a question never shown is refused"
    );
    let state = sotto
        .record_consent(
            &site,
            &anna,
            answer(&question, ConsentPurpose::ConversationStorage, true),
        )
        .await
        .unwrap();
    assert!(state.storing);
    ask(&sotto, &site, &anna).await;
    assert_eq!(
        stored(&sotto, &site, &anna).await,
        1,
        "stored after consent"
    );

    let bob = VisitorId::random();
    let marketing = site_question(&sotto, &site, "fr", "marketing").await;
    assert!(marketing.text.contains("actualités"));
    sotto
        .record_consent(
            &site,
            &bob,
            answer(&marketing, ConsentPurpose::Marketing, true),
        )
        .await
        .unwrap();
    let bob_state = sotto.consent_state(&site, &bob).await.unwrap();
    assert!(
        !bob_state.storing,
        "marketing consent is not storage consent"
    );

    let proof = sotto.consent_proof(tenant, &anna).await.unwrap();
    assert_eq!(proof.events.len(), 1);
    assert_eq!(proof.texts.len(), 1);
    assert_eq!(proof.texts[0].text, question.text);
    let check = check_consent_proof(&proof);
    assert!(check.valid, "{check:?}");
    assert!(!check.reaches_head, "bob's event came after");
    let json = serde_json::to_string(&proof).unwrap();
    let tampered = [
        json.replace("\"granted\":true", "\"granted\":false"),
        json.replace("May Maison", "Must Maison"),
        json.replacen(&proof.events[0].salt, &"ab".repeat(16), 1),
    ];
    for altered in tampered {
        assert_ne!(altered, json);
        let altered = serde_json::from_str(&altered).unwrap();
        assert!(!check_consent_proof(&altered).valid);
    }

    let withdrawn = sotto
        .record_consent(
            &site,
            &anna,
            answer(&question, ConsentPurpose::ConversationStorage, false),
        )
        .await
        .unwrap();
    assert!(!withdrawn.storing);
    assert_eq!(stored(&sotto, &site, &anna).await, 0, "withdrawal erases");
    let check = sotto.verify_consents(tenant).await.unwrap();
    assert!(check.intact, "{check:?}");
    assert_eq!((check.events, check.forgotten, check.head), (3, 1, 3));
    let proof = sotto.consent_proof(tenant, &anna).await.unwrap();
    assert_eq!(proof.events.len(), 1, "the withdrawal stays as proof");
    assert!(!proof.events[0].granted);
    assert!(check_consent_proof(&proof).valid);
    let export = sotto
        .export_visitor(&site, &anna, &Actor::Visitor)
        .await
        .unwrap();
    assert_eq!(
        export.consents, proof.events,
        "the export shows the consents held"
    );
    let page = export.to_html();
    assert!(
        page.contains("<td>conversation_storage</td><td>withdrawn</td>"),
        "{page}"
    );

    sotto
        .erase_visitor(&site, &bob, &Actor::Visitor)
        .await
        .unwrap();
    let check = sotto.verify_consents(tenant).await.unwrap();
    assert!(check.intact && check.forgotten == 2, "{check:?}");
    assert!(sotto.consent_proof(tenant, &bob).await.is_err());

    drop(sotto);
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("data/conversations.db").display()
    ))
    .await
    .unwrap();
    sqlx::query("UPDATE consent_events SET granted = 1 WHERE seq = 3")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let sotto = SqliteSotto::open(&config).await.unwrap();
    let check = sotto.verify_consents(tenant).await.unwrap();
    assert!(!check.intact);
    assert_eq!(check.problem.as_deref(), Some("event 3 was edited"));
}

/// A visitor's proof stays small on a long ledger: between two of their answers far apart, the
/// chain skips the other visitors' events (format v2, with the link where it resumes), checks
/// on its own, and fails when the resumed link or a skip is altered.
#[tokio::test]
async fn a_proof_across_a_long_ledger_skips_between_the_visitors_runs() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let tenant = site.tenant();
    let marketing = site_question(&sotto, &site, "en", "marketing").await;
    let answered = |visitor: VisitorId, granted: bool| {
        let (sotto, site, question) = (&sotto, &site, &marketing);
        async move {
            sotto
                .record_consent(
                    site,
                    &visitor,
                    answer(question, ConsentPurpose::Marketing, granted),
                )
                .await
                .unwrap();
        }
    };
    let anna = VisitorId::random();
    answered(anna, true).await;
    for _ in 0..250 {
        answered(VisitorId::random(), true).await;
    }
    answered(anna, false).await;

    let proof = sotto.consent_proof(tenant, &anna).await.unwrap();
    assert_eq!(proof.format, "sotto-consent-proof/v2");
    assert_eq!(proof.events.len(), 2);
    assert_eq!(
        proof.chain.len(),
        2,
        "one link per run, not the 250 between"
    );
    assert_eq!(proof.resumes.len(), 1);
    let check = check_consent_proof(&proof);
    assert!(check.valid && check.reaches_head, "{check:?}");

    let mut altered = proof.clone();
    altered.resumes[0].previous_link = "00".repeat(32);
    assert!(!check_consent_proof(&altered).valid, "a wrong resumed link");
    let mut altered = proof.clone();
    altered.resumes.clear();
    altered.format = "sotto-consent-proof/v1".into();
    assert!(
        !check_consent_proof(&altered).valid,
        "a skip without a resume"
    );

    let bob = VisitorId::random();
    answered(bob, true).await;
    answered(bob, false).await;
    let near = sotto.consent_proof(tenant, &bob).await.unwrap();
    assert_eq!(near.format, "sotto-consent-proof/v1", "no skip, no change");
    assert!(near.resumes.is_empty() && check_consent_proof(&near).valid);
}
