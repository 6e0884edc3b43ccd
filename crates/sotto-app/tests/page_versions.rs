//! Answers the business can stand behind, on the demo site on SQLite: an answer records the
//! version of each page it cites; when the page changes, the answer already given keeps
//! pointing at the old version, whose text the team opens and the visitor's export carries;
//! the version goes with the last conversation that could cite it, at the retention sweep.

mod common;

use common::ask;
use sotto_app::AppError;
use sotto_app::rights::retention::SweepOutcome;
use sotto_app::setup::demo::DEMO_PATH;
use sotto_app::team::access::{Actor, Caller};
use sotto_core::{Citation, VisitorId};
use sotto_store::ImportMode;

const DAY: i64 = 86_400;
const QUESTION: &str = "How long does delivery to Finland take?";

fn shipping(citations: &[Citation]) -> &Citation {
    citations
        .iter()
        .find(|c| c.url.ends_with("/shipping"))
        .expect("the answer cites the shipping page")
}

#[tokio::test]
async fn an_answer_keeps_the_version_of_the_page_it_cited() {
    let common::Demo {
        dir: _dir,
        config,
        sotto,
        site,
    } = common::demo().await;
    let team = Caller::operator(site.tenant());
    let (first_visitor, second_visitor) = (VisitorId::random(), VisitorId::random());

    let before = ask(&sotto, &site, &first_visitor, QUESTION).await;
    assert!(
        before.message.text.contains("3 to 5"),
        "{}",
        before.message.text
    );
    let old = shipping(&before.message.citations)
        .version
        .clone()
        .expect("a citation names the page's version");

    // The shop changes its delivery times; the page is imported again.
    let folder = config.data_dir.join("demo-site");
    let page = folder.join("shipping.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("3 to 5 working days", "6 to 8 working days"),
    )
    .unwrap();
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
    assert_eq!(report.updated, 1);

    let after = ask(&sotto, &site, &second_visitor, QUESTION).await;
    assert!(
        after.message.text.contains("6 to 8"),
        "{}",
        after.message.text
    );
    let new = shipping(&after.message.citations).version.clone().unwrap();
    assert_ne!(new.digest, old.digest, "a new version for the new text");
    assert!(new.stored_at >= old.stored_at);

    // The answer already given still names the old version, and its text is kept.
    let detail = sotto
        .team_conversation(&team, before.conversation_id)
        .await
        .unwrap();
    let given = &detail.messages[1];
    assert_eq!(shipping(&given.citations).version.as_ref(), Some(&old));
    let url = &shipping(&given.citations).url;
    let as_cited = sotto
        .team_page_version(&team, site.id(), url, &old.digest)
        .await
        .unwrap();
    let as_cited_text: String = as_cited.passages.iter().map(|p| p.text.as_str()).collect();
    assert!(as_cited_text.contains("3 to 5 working days"));
    assert!(!as_cited_text.contains("6 to 8"));
    assert_eq!(as_cited.stored_at, old.stored_at);
    assert!(as_cited.superseded_at.is_some());
    let current = sotto
        .team_page_version(&team, site.id(), url, &new.digest)
        .await
        .unwrap();
    assert_eq!(
        current.superseded_at, None,
        "the new text is the current page"
    );

    // The visitor's export carries the page as the answer read it.
    let export = sotto
        .export_visitor(&site, &first_visitor, &Actor::Visitor)
        .await
        .unwrap();
    let cited = &export.conversations[0].cited_pages;
    let exported = cited
        .iter()
        .find(|p| p.digest == old.digest)
        .expect("the export holds the cited version");
    assert_eq!(exported.passages.len(), as_cited.passages.len());
    assert!(export.to_html().contains("3 to 5 working days"));

    // Kept while a conversation that may cite it is kept (days after it was replaced); gone
    // with the last one.
    let now = sotto_core::now();
    assert!(matches!(
        sotto.sweep_retention(now + 5 * DAY).await.unwrap(),
        SweepOutcome::Swept {
            conversations: 0,
            page_versions: 0,
            ..
        }
    ));
    assert!(
        sotto
            .team_page_version(&team, site.id(), url, &old.digest)
            .await
            .is_ok()
    );
    sotto
        .set_retention(site.id(), 30, &Actor::Cli)
        .await
        .unwrap();
    assert!(matches!(
        sotto.sweep_retention(now + 32 * DAY).await.unwrap(),
        SweepOutcome::Swept {
            conversations: 2,
            page_versions: 1,
            ..
        }
    ));
    assert!(matches!(
        sotto
            .team_page_version(&team, site.id(), url, &old.digest)
            .await,
        Err(AppError::NotFound(_))
    ));
    assert!(
        sotto
            .team_page_version(&team, site.id(), url, &new.digest)
            .await
            .is_ok(),
        "the current page is never pruned"
    );
}
