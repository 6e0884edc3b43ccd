//! `sotto db copy`: a populated SQLite installation moves to PostgreSQL without decrypting
//! anything, and reads back identically there with the same master key. Needs
//! `SOTTO_TEST_POSTGRES_URL`; prints that it was skipped without it.

use sotto_app::chat::turn::VisitorMessage;
use sotto_app::chat::votes::{Direction, VoteInput};
use sotto_app::knowledge::approved::{AnswerOrigin, ApprovedAnswerInput, ApprovedReplyText};
use sotto_app::setup::db_copy::copy_sqlite_to_postgres;
use sotto_app::team::access::Actor;
use sotto_app::{AppError, Config, PgSotto, PgUrls, SqliteSotto};
use sotto_core::VisitorId;
use sotto_store_postgres::scratch::ScratchStores;

fn ask(text: &str, conversation: Option<sotto_core::ConversationId>) -> VisitorMessage {
    VisitorMessage {
        text: text.into(),
        conversation_id: conversation,
        page_url: Some("https://shop.example/x".into()),
    }
}

#[tokio::test]
async fn an_sqlite_installation_moves_to_postgres_unchanged() {
    let Some(server) = std::env::var("SOTTO_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        println!("skipped: SOTTO_TEST_POSTGRES_URL is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        data_dir: dir.path().join("data"),
        ..Config::default()
    };
    let sqlite = SqliteSotto::open(&config).await.unwrap();
    let demo = sqlite.ensure_demo().await.unwrap();
    let site = sqlite.open_site(&demo.site_id).await.unwrap();
    let visitors: Vec<VisitorId> = (0..3).map(|_| VisitorId::random()).collect();
    let mut cited = None;
    for visitor in &visitors {
        let first = sqlite
            .send_message(&site, visitor, ask("Do you ship to Finland?", None))
            .await
            .unwrap();
        cited = first.message.citations.first().cloned();
        sqlite
            .send_message(
                &site,
                visitor,
                ask("Can I return a pot?", Some(first.conversation_id)),
            )
            .await
            .unwrap();
        sqlite
            .vote(
                &site,
                visitor,
                VoteInput {
                    conversation_id: first.conversation_id,
                    message_id: first.message.id,
                    vote_token: first.message.vote_token.clone().unwrap(),
                    vote: Direction::Down,
                    comment: Some("too vague".into()),
                },
            )
            .await
            .unwrap();
        sqlite
            .send_message(&site, visitor, ask("Hello", None))
            .await
            .unwrap();
    }
    let owner = sotto_app::team::access::Caller::operator(site.tenant());
    sqlite
        .create_approved_answer(
            &owner,
            site.id(),
            &ApprovedAnswerInput {
                questions: vec!["Can I bring my dog into your store?".into()],
                replies: vec![ApprovedReplyText {
                    language: "en".into(),
                    text: "Dogs on a lead are welcome in all our stores.".into(),
                }],
                citations: Vec::new(),
                enabled: true,
                origin: AnswerOrigin::Written,
            },
        )
        .await
        .unwrap();
    let test = sqlite
        .create_site_test(
            &owner,
            site.id(),
            &sotto_app::knowledge::site_tests::SiteTestInput {
                question: "What are your opening hours?".into(),
                fact: "Tuesday to Saturday".into(),
                origin: sotto_app::knowledge::site_tests::TestOrigin::Written,
            },
        )
        .await
        .unwrap();
    // The cited page changes after the answer: its earlier version is kept, and copied.
    let cited = cited.expect("the answer cites a page");
    let cited_version = cited.version.clone().expect("with its version");
    let page = std::fs::read_dir(config.data_dir.join("demo-site"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            cited
                .url
                .ends_with(&format!("/{}", path.file_stem().unwrap().to_string_lossy()))
        })
        .expect("the cited page's file");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n\nUpdated after the answer.\n")).unwrap();
    sqlite
        .import_folder(
            site.id(),
            &config.data_dir.join("demo-site"),
            Some(&format!(
                "{}{}",
                config.public_url(),
                sotto_app::setup::demo::DEMO_PATH
            )),
            sotto_store::ImportMode::Merge,
            |_, _| {},
        )
        .await
        .unwrap();
    let objecting = VisitorId::random();
    sqlite
        .send_message(&site, &objecting, ask("Hello", None))
        .await
        .unwrap();
    sqlite
        .set_objection(&site, &objecting, true, &Actor::Visitor)
        .await
        .unwrap();
    let before: Vec<String> = {
        let mut all = Vec::new();
        for visitor in &visitors {
            all.push(format!(
                "{:?}",
                sqlite.visitor_conversations(&site, visitor).await.unwrap()
            ));
        }
        all
    };
    drop(sqlite);

    let scratch = ScratchStores::create(&server, "copy").await.unwrap();
    let urls = PgUrls {
        main: &scratch.main_url,
        conversations: &scratch.conversations_url,
        keys: &scratch.keys_url,
    };
    let report = copy_sqlite_to_postgres(&config.data_dir, urls)
        .await
        .unwrap();
    assert_eq!(
        (
            report.tenants,
            report.sites,
            report.visitors,
            report.conversations,
            report.messages
        ),
        (1, 1, 3, 6, 18)
    );
    assert_eq!(
        report.conversation_keys, 6,
        "every conversation's key travels"
    );
    assert_eq!(report.pages, demo.import.pages);
    assert_eq!(report.votes, 3, "votes travel with their conversations");
    assert_eq!(report.approved_answers, 1);
    assert_eq!(report.page_versions, 1, "the page's earlier version");
    assert_eq!(
        (report.site_tests, report.site_test_runs),
        (1, 1),
        "the answer test and the run the import made"
    );
    assert_eq!(report.objections, 1);
    assert_eq!(report.requests, 2, "the objection and its erasure");
    assert!(report.api_keys >= 1);

    let again = copy_sqlite_to_postgres(&config.data_dir, urls).await;
    assert!(
        matches!(again, Err(AppError::Conflict(_))),
        "a second copy into the same target is refused"
    );

    let postgres = PgSotto::connect(&config, urls).await.unwrap();
    let site = postgres.open_site(&demo.site_id).await.unwrap();
    for (visitor, expected) in visitors.iter().zip(&before) {
        let after = format!(
            "{:?}",
            postgres
                .visitor_conversations(&site, visitor)
                .await
                .unwrap()
        );
        assert_eq!(
            &after, expected,
            "the same conversations decrypt with the same master key"
        );
    }
    let unstored = postgres
        .send_message(&site, &objecting, ask("Do you ship to Finland?", None))
        .await
        .unwrap();
    assert!(!unstored.message.text.is_empty());
    assert!(
        postgres
            .visitor_conversations(&site, &objecting)
            .await
            .unwrap()
            .is_empty(),
        "an objection made before the move still holds after it"
    );
    let reply = postgres
        .send_message(
            &site,
            &visitors[0],
            ask("What are your opening hours?", None),
        )
        .await
        .unwrap();
    assert!(
        reply.message.text.contains("Tuesday to Saturday"),
        "{}",
        reply.message.text
    );
    let team = sotto_app::team::access::Caller::operator(site.tenant());
    let as_cited = postgres
        .team_page_version(&team, site.id(), &cited.url, &cited_version.digest)
        .await
        .expect("the version an answer cited came along");
    assert_eq!(as_cited.stored_at, cited_version.stored_at);
    assert!(as_cited.superseded_at.is_some());
    let tests = postgres.site_tests(&team, site.id()).await.unwrap();
    assert_eq!(tests[0].id, test.id);
    assert!(
        tests[0].result.as_ref().is_some_and(|r| r.passed),
        "with its result"
    );
    let approved = postgres
        .send_message(
            &site,
            &visitors[1],
            ask("Is my dog allowed in your stores?", None),
        )
        .await
        .unwrap();
    assert_eq!(
        approved.message.text, "Dogs on a lead are welcome in all our stores.",
        "approved answers came along"
    );
    let analytics = postgres.team_analytics(&team, None).await.unwrap();
    assert_eq!(analytics.voted_down, 3, "the sealed votes open there");
    assert_eq!(
        analytics.votes.iter().map(|v| v.down).sum::<i64>(),
        3,
        "and the weekly counts came along"
    );
    drop(postgres);

    scratch.drop().await.unwrap();
}
