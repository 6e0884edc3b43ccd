//! E-mail capture on the demo site, end to end on SQLite, with a local SMTP server and a
//! webhook receiver started by the test: a request for contact moves the conversation to
//! `requesting_contact` (stored as a phase step) and the reply asks for the address; the
//! address is kept sealed only with consent, posted to the webhook with a valid signature,
//! listed for the team (audited), exported, found by its blind index and erased with everyone
//! who left it; a summary asked for alone is e-mailed and the address forgotten.

mod common;

use common::ask;
use common::webhook::{calls_after, webhook_receiver};

use sotto_app::consent::ledger::ConsentAnswer;
use sotto_app::consent::privacy_settings::SitePrivacy;
use sotto_app::leads::capture::EmailOffer;
use sotto_app::setup::mail::SmtpSecurity;
use sotto_app::team::access::{Actor, Caller};
use sotto_app::tenancy::sites::OpenSite;
use sotto_app::{AppError, Config, SqliteSotto};
use sotto_core::consent::ConsentPurpose;
use sotto_core::lead::LeadPurpose;
use sotto_core::{Phase, PhaseCause, VisitorId};
use sotto_crypto::secret::Key256;
use sotto_crypto::webhook;

async fn answers(
    sotto: &SqliteSotto,
    site: &OpenSite,
    purposes: &[ConsentPurpose],
) -> Vec<ConsentAnswer> {
    let texts = sotto.privacy_texts(site, Some("en")).await.unwrap();
    purposes
        .iter()
        .map(|purpose| {
            let question = texts
                .texts
                .questions
                .iter()
                .find(|q| q.kind == purpose.as_str())
                .unwrap();
            ConsentAnswer {
                purpose: *purpose,
                granted: true,
                language: question.language.clone(),
                text_version: question.version,
                text_sha256: question.sha256.clone(),
            }
        })
        .collect()
}

#[tokio::test]
async fn leads_are_kept_with_consent_signed_to_the_webhook_and_erased_by_address() {
    let smtp = common::fake_smtp::start().await;
    let (hook, calls) = webhook_receiver().await;
    let mut config = Config::default();
    config.outbound.allow_loopback = true;
    config.smtp.host = Some("127.0.0.1".into());
    config.smtp.port = smtp.addr.port();
    config.smtp.security = SmtpSecurity::None;
    config.smtp.from = Some("assistant@shop.example".into());
    config.smtp.country = Some("FI".into());
    let common::Demo {
        dir, sotto, site, ..
    } = common::demo_with(config).await;
    let tenant = site.tenant();
    let settings = sotto.widget_settings(&site).await.unwrap();
    assert!(!settings.email_capture && !settings.summary_by_email);

    let ada = VisitorId::random();
    let before = ask(
        &sotto,
        &site,
        &ada,
        "Can someone call me back about shipping?",
    )
    .await;
    assert_eq!(before.phase, Phase::RequestingContact);
    assert!(!before.ask_email, "the site does not ask for addresses yet");
    let offer = |purpose, answers, conversation| EmailOffer {
        purpose,
        email: " Ada@Example.ORG ".into(),
        conversation_id: conversation,
        answers,
        language: None,
        confirmation_code: None,
    };
    let refused = sotto
        .leave_email(&site, &ada, offer(LeadPurpose::Contact, Vec::new(), None))
        .await;
    assert!(
        matches!(refused, Err(AppError::Invalid(_))),
        "capture is off"
    );

    sotto
        .set_site_privacy(
            site.id(),
            SitePrivacy {
                email_capture: true,
                lead_webhook: Some(hook),
                ..SitePrivacy::default()
            },
            &Actor::Cli,
        )
        .await
        .unwrap();
    let settings = sotto.widget_settings(&site).await.unwrap();
    assert!(settings.email_capture && settings.summary_by_email);
    let notice = sotto.privacy_texts(&site, Some("en")).await.unwrap();
    assert!(
        notice
            .texts
            .notice
            .text
            .contains("only when you ask to be contacted")
    );
    let register = sotto.processing_register(tenant).await.unwrap();
    assert!(
        register
            .activities
            .iter()
            .any(|a| a.name == "E-mail follow-up")
    );
    assert!(
        register
            .sub_processors
            .iter()
            .any(|p| p.role == "e-mail relay")
    );

    let reply = ask(
        &sotto,
        &site,
        &ada,
        "I would like to talk to a human about an order",
    )
    .await;
    assert!(
        reply.ask_email,
        "requesting contact on a capturing site asks for the address"
    );
    let conversation = reply.conversation_id;
    let caller = Caller::operator(tenant);
    let detail = sotto
        .team_conversation(&caller, conversation)
        .await
        .unwrap();
    assert_eq!(
        detail
            .phases
            .iter()
            .map(|p| (p.phase, p.cause))
            .collect::<Vec<_>>(),
        [
            (Phase::Exploring, PhaseCause::Started),
            (Phase::RequestingContact, PhaseCause::ContactCue)
        ]
    );

    let no_consent = sotto
        .leave_email(
            &site,
            &ada,
            offer(LeadPurpose::Contact, Vec::new(), Some(conversation)),
        )
        .await;
    assert!(
        matches!(no_consent, Err(AppError::Invalid(_))),
        "contact needs the follow-up answer"
    );
    let both = answers(
        &sotto,
        &site,
        &[ConsentPurpose::EmailFollowup, ConsentPurpose::Marketing],
    )
    .await;
    let outcome = sotto
        .leave_email(
            &site,
            &ada,
            offer(LeadPurpose::Contact, both, Some(conversation)),
        )
        .await
        .unwrap();
    let lead_id = outcome.lead_id.expect("kept with consent");
    assert!(!outcome.summary_sent);

    // The request for a person was posted first (conversation.handoff), then the lead.
    let delivered = calls_after(&calls, 2).await;
    assert_eq!(delivered.len(), 2, "two webhook calls");
    let events: Vec<serde_json::Value> = delivered
        .iter()
        .map(|(_, body)| serde_json::from_slice(body).unwrap())
        .collect();
    assert!(events.iter().any(|e| e["event"] == "conversation.handoff"
        && e["conversation_id"] == conversation.to_string()));
    let (signature, body) = delivered
        .iter()
        .zip(&events)
        .find(|(_, e)| e["event"] == "lead.created")
        .map(|(call, _)| call)
        .expect("the lead was posted");
    let key = sotto.webhook_key(site.id(), &Actor::Cli).await.unwrap();
    let key = Key256::from_hex(&key.secret).unwrap();
    assert!(
        webhook::verify(&key, signature, body),
        "signed with the site's key"
    );
    assert!(!webhook::verify(&key, signature, b"{}"));
    let event: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!(event["event"], "lead.created");
    assert_eq!(event["lead"]["email"], "ada@example.org");
    assert_eq!(event["lead"]["may_contact"], true);
    assert_eq!(event["lead"]["marketing"], true);
    assert!(
        event["lead"]["conversation"]
            .to_string()
            .contains("talk to a human")
    );
    let rotated = sotto
        .rotate_webhook_key(site.id(), &Actor::Cli)
        .await
        .unwrap();
    assert!(!webhook::verify(
        &Key256::from_hex(&rotated.secret).unwrap(),
        signature,
        body
    ));

    let leads = sotto.leads(tenant, None, &Actor::Cli).await.unwrap();
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0].id, lead_id);
    assert_eq!(leads[0].email, "ada@example.org");
    assert_eq!(leads[0].phase, Some(Phase::RequestingContact));
    let audit = sotto.audit_log(&caller, 0, 1000).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "lead.read" && e.object == lead_id.to_string())
    );
    let export = sotto
        .export_tenant_visitor(tenant, &ada, &Actor::Cli)
        .await
        .unwrap();
    assert_eq!(export.emails.len(), 1);
    assert_eq!(export.emails[0].email, "ada@example.org");

    // A summary asked for alone goes only to a confirmed address: first a code (in a message
    // with nothing the visitor typed), then, with the code, the summary; the address is not
    // kept.
    let ben = VisitorId::random();
    let bens = ask(&sotto, &site, &ben, "Do you ship to Finland?").await;
    let summary_offer = |code: Option<&str>| EmailOffer {
        purpose: LeadPurpose::Summary,
        email: "ben@example.net".into(),
        conversation_id: Some(bens.conversation_id),
        answers: Vec::new(),
        language: None,
        confirmation_code: code.map(str::to_owned),
    };
    let asked = sotto
        .leave_email(&site, &ben, summary_offer(None))
        .await
        .unwrap();
    assert!(asked.confirmation_sent && !asked.summary_sent && asked.lead_id.is_none());
    let mails = smtp.received.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["ben@example.net"]);
    assert!(
        !mails[0].data.contains("Finland"),
        "the code's message holds nothing the visitor typed: {}",
        mails[0].data
    );
    let (code, wrong) = mails[0].confirmation_code();
    assert!(matches!(
        sotto
            .leave_email(&site, &ben, summary_offer(Some(wrong)))
            .await,
        Err(AppError::Invalid(_))
    ));
    let other = VisitorId::random();
    let others = ask(&sotto, &site, &other, "Hello").await;
    let borrowed = EmailOffer {
        conversation_id: Some(others.conversation_id),
        ..summary_offer(Some(&code))
    };
    assert!(
        matches!(
            sotto.leave_email(&site, &other, borrowed).await,
            Err(AppError::Invalid(_))
        ),
        "a code is the visitor's own"
    );
    let summary = sotto
        .leave_email(&site, &ben, summary_offer(Some(&code)))
        .await
        .unwrap();
    assert!(summary.summary_sent && summary.lead_id.is_none());
    let mails = smtp.received.lock().unwrap().clone();
    assert_eq!(mails.len(), 2, "the code, then the summary");
    assert_eq!(mails[1].to, ["ben@example.net"]);
    assert_eq!(mails[1].from, "assistant@shop.example");
    assert!(
        mails[1].data.contains("You: Do you ship to Finland?"),
        "{}",
        mails[1].data
    );
    assert_eq!(
        sotto.leads(tenant, None, &Actor::Cli).await.unwrap().len(),
        1
    );
    let mut limited = false;
    for _ in 0..10 {
        match sotto.leave_email(&site, &ben, summary_offer(None)).await {
            Ok(_) => {}
            Err(AppError::RateLimited { .. }) => {
                limited = true;
                break;
            }
            Err(other) => panic!("{other:?}"),
        }
    }
    assert!(limited, "a visitor's e-mails are limited per day");
    assert!(smtp.received.lock().unwrap().len() <= 6);

    // Erasure by address reaches Ada whole, wherever the address was typed.
    let receipt = sotto
        .erase_email(tenant, "ADA@example.org", &Actor::Cli)
        .await
        .unwrap();
    assert_eq!(receipt.scope, "email");
    assert_eq!(receipt.erased.conversations, 2);
    assert_eq!(receipt.erased.visitor_keys, 1);
    assert!(
        sotto
            .leads(tenant, None, &Actor::Cli)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        sotto
            .visitor_conversations(&site, &ada)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        sotto
            .visitor_conversations(&site, &ben)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(sotto.verify_receipt(&receipt).await.unwrap().is_valid());
    assert!(matches!(
        sotto
            .erase_email(tenant, "ada@example.org", &Actor::Cli)
            .await,
        Err(AppError::NotFound(_))
    ));
    sotto.checkpoint().await.unwrap();
    for entry in walk(&dir.path().join("data")) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !bytes
                .windows(b"ada@example.org".len())
                .any(|w| w == b"ada@example.org"),
            "{} holds the address in clear",
            entry.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
