//! A site's own answer tests on the demo site, on SQLite, with a webhook receiver started by
//! the test: a test of the shipping price passes, turns red when an import changes the price,
//! saying since when and that the shipping page changed, and is posted once to the signed
//! webhook as `site_tests.failed`; tests are seeded from approved answers, refused when they
//! hold personal data, audited, and written by agents only.

mod common;

use common::webhook::{calls_after, demo_with_webhook};
use sotto_app::AppError;
use sotto_app::knowledge::approved::{AnswerOrigin, ApprovedAnswerInput, ApprovedReplyText};
use sotto_app::knowledge::site_test_results::{PageChangeKind, RunTrigger};
use sotto_app::knowledge::site_tests::{SiteTestInput, TestOrigin};
use sotto_app::setup::demo::DEMO_PATH;
use sotto_app::team::access::{Actor, Caller};
use sotto_core::access::TeamRole;
use sotto_crypto::webhook;
use sotto_store::ImportMode;

fn shipping_price() -> SiteTestInput {
    SiteTestInput {
        question: "How much does shipping within France cost?".into(),
        fact: "4.90 euros".into(),
        origin: TestOrigin::Written,
    }
}

#[tokio::test]
async fn a_price_change_turns_a_site_test_red_and_tells_the_webhook_once() {
    let (
        common::Demo {
            dir: _dir,
            config,
            sotto,
            site,
        },
        calls,
    ) = demo_with_webhook().await;
    let team = Caller::operator(site.tenant());

    let test = sotto
        .create_site_test(&team, site.id(), &shipping_price())
        .await
        .unwrap();
    assert_eq!(test.result, None, "not run yet");
    let run = sotto.team_run_site_tests(&team, site.id()).await.unwrap();
    assert_eq!(
        (run.passed, run.failed, run.trigger),
        (1, 0, RunTrigger::Manual)
    );
    let passed = &run.results[0];
    assert!(passed.answer.contains("4.90 euros"), "{}", passed.answer);
    let last = passed.last_pass.as_ref().unwrap();
    assert!(last.said.contains("4.90 euros"));
    assert!(last.citations[0].url.ends_with("/shipping"));
    assert!(last.citations[0].version.is_some());

    // The shop raises its price; the import runs the tests.
    let folder = config.data_dir.join("demo-site");
    let page = folder.join("shipping.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("costs 4.90 euros", "costs 5.90 euros")).unwrap();
    let report = sotto
        .import_folder(
            site.id(),
            &folder,
            Some(&format!("{}{DEMO_PATH}", config.public_url())),
            ImportMode::Merge,
            |_, _| {},
        )
        .await
        .unwrap();
    let after_import = report.tests.expect("the import ran the tests");
    assert_eq!((after_import.passed, after_import.failed), (0, 1));
    assert_eq!(after_import.trigger, RunTrigger::Import);

    let listed = sotto.site_tests(&team, site.id()).await.unwrap();
    let failed = listed[0].result.clone().expect("the latest result");
    assert!(!failed.passed);
    assert!(failed.answer.contains("5.90 euros"), "{}", failed.answer);
    assert_eq!(failed.failing_since, Some(after_import.ran_at));
    assert_eq!(failed.changes.len(), 1, "{:?}", failed.changes);
    let change = &failed.changes[0];
    assert!(change.url.ends_with("/shipping"));
    assert_eq!(change.change, PageChangeKind::Changed);
    assert_ne!(Some(&change.was), change.now.as_ref());
    assert!(failed.last_pass.unwrap().said.contains("4.90 euros"));
    // The version the passing answer cited stays readable while the test remembers it.
    let days_later = sotto_core::now() + 5 * 86_400;
    sotto.sweep_retention(days_later).await.unwrap();
    let was = sotto
        .team_page_version(&team, site.id(), &change.url, &change.was.digest)
        .await
        .expect("kept for the failing test");
    assert!(was.passages.iter().any(|p| p.text.contains("4.90 euros")));

    let delivered = calls_after(&calls, 1).await;
    assert_eq!(delivered.len(), 1);
    let (signature, body) = &delivered[0];
    let key = sotto.webhook_key(site.id(), &Actor::Cli).await.unwrap();
    let key = sotto_crypto::secret::Key256::from_hex(&key.secret).unwrap();
    assert!(webhook::verify(&key, signature, body), "signed");
    let event: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!(event["event"], "site_tests.failed");
    assert_eq!(event["newly_failing"][0]["test_id"], test.id);
    assert_eq!(event["newly_failing"][0]["changes"][0]["change"], "changed");

    // Still red on the next run, since the same time, and not posted again.
    let again = sotto.team_run_site_tests(&team, site.id()).await.unwrap();
    assert_eq!(again.results[0].failing_since, Some(after_import.ran_at));
    assert_eq!(again.results[0].changes, failed.changes);
    let history = sotto.site_test_history(&team, site.id()).await.unwrap();
    assert_eq!(
        history.iter().map(|r| r.trigger).collect::<Vec<_>>(),
        [RunTrigger::Manual, RunTrigger::Import, RunTrigger::Manual],
        "newest first"
    );
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        calls.lock().unwrap().len(),
        1,
        "a test failing on is posted once"
    );

    // The team corrects the test to the new price: green again, with no result carried over.
    let corrected = sotto
        .update_site_test(
            &team,
            site.id(),
            &test.id,
            &SiteTestInput {
                fact: "5.90 euros".into(),
                ..shipping_price()
            },
        )
        .await
        .unwrap();
    assert_eq!(corrected.result, None);
    let green = sotto.team_run_site_tests(&team, site.id()).await.unwrap();
    assert_eq!((green.passed, green.failed), (1, 0));
}

#[tokio::test]
async fn tests_are_seeded_checked_audited_and_written_by_agents() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let team = Caller::operator(site.tenant());
    assert!(matches!(
        sotto.team_run_site_tests(&team, site.id()).await,
        Err(AppError::Invalid(_))
    ));
    sotto
        .create_approved_answer(
            &team,
            site.id(),
            &ApprovedAnswerInput {
                questions: vec!["Can I bring my dog into your store?".into()],
                replies: vec![ApprovedReplyText {
                    language: "en".into(),
                    text: "Dogs on a lead are welcome. Water bowls are at the door.".into(),
                }],
                citations: Vec::new(),
                enabled: true,
                origin: AnswerOrigin::Written,
            },
        )
        .await
        .unwrap();
    let seeded = sotto.seed_site_tests(&team, site.id()).await.unwrap();
    assert_eq!(seeded.len(), 1);
    assert_eq!(seeded[0].question, "Can I bring my dog into your store?");
    assert_eq!(seeded[0].fact, "Dogs on a lead are welcome.");
    assert_eq!(seeded[0].origin, TestOrigin::Approved);
    assert!(
        sotto
            .seed_site_tests(&team, site.id())
            .await
            .unwrap()
            .is_empty(),
        "an approved answer seeds one test"
    );
    let run = sotto.team_run_site_tests(&team, site.id()).await.unwrap();
    assert_eq!(run.passed, 1, "{:?}", run.results);

    let personal = SiteTestInput {
        question: "Is my order for ada.lovelace@example.org shipped?".into(),
        ..shipping_price()
    };
    assert!(matches!(
        sotto.create_site_test(&team, site.id(), &personal).await,
        Err(AppError::Invalid(message)) if message.contains("personal data")
    ));
    let empty = SiteTestInput {
        fact: " ".into(),
        ..shipping_price()
    };
    assert!(matches!(
        sotto.create_site_test(&team, site.id(), &empty).await,
        Err(AppError::Invalid(_))
    ));

    let viewer = Caller {
        tenant: site.tenant(),
        role: TeamRole::Viewer,
        actor: Actor::Cli,
    };
    assert_eq!(sotto.site_tests(&viewer, site.id()).await.unwrap().len(), 1);
    for refused in [
        sotto
            .create_site_test(&viewer, site.id(), &shipping_price())
            .await
            .map(|_| ()),
        sotto
            .team_run_site_tests(&viewer, site.id())
            .await
            .map(|_| ()),
        sotto
            .delete_site_test(&viewer, site.id(), &seeded[0].id)
            .await,
    ] {
        assert!(matches!(refused, Err(AppError::Forbidden(_))));
    }
    sotto
        .delete_site_test(&team, site.id(), &seeded[0].id)
        .await
        .unwrap();
    assert!(matches!(
        sotto
            .delete_site_test(&team, site.id(), &seeded[0].id)
            .await,
        Err(AppError::NotFound(_))
    ));
    let log = sotto.audit_log(&team, 0, 100).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"site_test.create"), "{actions:?}");
    assert!(actions.contains(&"site_test.delete"), "{actions:?}");
}
