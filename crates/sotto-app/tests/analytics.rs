//! Improvement analytics and team replies on the demo site: questions the site cannot answer
//! are grouped by wording and redacted even when the policy keeps the personal data; answered
//! ones count as answered and their pages as cited; a team member's reply joins the visitor's
//! history; and what a visitor erases leaves the analytics too.

mod common;

use sotto_app::chat::pii_settings::{Action, EntityType};
use sotto_app::team::access::{Actor, Caller};
use sotto_app::tenancy::sites::OpenSite;
use sotto_app::{AppError, SqliteSotto};
use sotto_core::{ConversationId, VisitorId};

async fn ask(
    sotto: &SqliteSotto,
    site: &OpenSite,
    visitor: &VisitorId,
    text: &str,
) -> ConversationId {
    common::ask(sotto, site, visitor, text)
        .await
        .conversation_id
}

#[tokio::test]
async fn unanswered_questions_are_grouped_redacted_and_leave_with_an_erasure() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let team = Caller::operator(site.tenant());
    let mut settings = sotto.team_settings(&team).await.unwrap();
    settings
        .policy
        .actions
        .insert(EntityType::Email, Action::Keep);
    sotto.team_change_settings(&team, settings).await.unwrap();

    let (anna, ben, carl, dora) = (
        VisitorId::random(),
        VisitorId::random(),
        VisitorId::random(),
        VisitorId::random(),
    );
    ask(
        &sotto,
        &site,
        &anna,
        "Do you sell gift vouchers? Mail anna@example.com",
    )
    .await;
    ask(&sotto, &site, &ben, "Are gift vouchers on sale?").await;
    ask(&sotto, &site, &dora, "Do you sell gift vouchers?").await;
    ask(
        &sotto,
        &site,
        &carl,
        "How long does delivery to Finland take?",
    )
    .await;

    let analytics = sotto.team_analytics(&team, None).await.unwrap();
    assert_eq!(analytics.questions, 4);
    assert_eq!(analytics.answered, 1);
    assert_eq!(analytics.funnel.exploring, 4);
    assert!(!analytics.cited_pages.is_empty());
    let gift = &analytics.groups[0];
    assert_eq!(gift.count, 3, "{:?}", analytics.groups);
    assert_eq!(gift.unknown, 3);
    assert_eq!(gift.visitors, 3);
    assert!(!gift.wordings_withheld, "three visitors asked");
    assert_eq!(gift.weekly.iter().sum::<usize>(), 3);
    let all = format!("{:?}", analytics.groups);
    assert!(all.contains("[EMAIL]") && !all.contains("anna@"), "{all}");

    sotto
        .erase_visitor(&site, &anna, &Actor::Visitor)
        .await
        .unwrap();
    let after = sotto.team_analytics(&team, None).await.unwrap();
    assert_eq!(after.questions, 3);
    assert_eq!(after.groups[0].count, 2, "Anna's question went with her");
    assert!(!format!("{:?}", after.groups).contains("[EMAIL]"));
    assert!(
        after.groups[0].wordings_withheld && after.groups[0].wordings.is_empty(),
        "two visitors are too few to show their words"
    );
}

#[tokio::test]
async fn a_team_reply_joins_the_visitors_history_and_a_viewer_cannot_send_one() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let visitor = VisitorId::random();
    let conversation = ask(&sotto, &site, &visitor, "Can someone call me back?").await;
    let team = Caller::operator(site.tenant());
    let reply = sotto
        .team_reply(&team, conversation, "  We will call you at 3 pm.  ")
        .await
        .unwrap();
    assert_eq!(reply.role, "agent");
    assert_eq!(reply.text, "We will call you at 3 pm.");
    let history = sotto.visitor_conversations(&site, &visitor).await.unwrap();
    let last = history[0].messages.last().unwrap();
    assert_eq!(
        (last.role, last.text.as_str()),
        ("agent", "We will call you at 3 pm.")
    );
    assert!(matches!(
        sotto.team_reply(&team, conversation, "   ").await,
        Err(AppError::Invalid(_))
    ));
    let viewer = Caller {
        role: sotto_core::access::TeamRole::Viewer,
        ..team
    };
    assert!(matches!(
        sotto.team_reply(&viewer, conversation, "Hello").await,
        Err(AppError::Forbidden(_))
    ));
}
