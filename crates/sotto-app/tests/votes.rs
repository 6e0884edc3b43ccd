//! Votes on answers, on the demo site, on SQLite: a vote is stored with its conversation
//! (sealed, its comment redacted like a question), replaced by a later vote, shown to the team,
//! exported, erased and expired with its conversation; a visitor whose conversation is not
//! stored is counted and nothing else; a vote needs the token of an answer Sotto gave; a
//! conversation counts as resolved only when its visitor voted up.

mod common;

use common::ask;
use sotto_app::AppError;
use sotto_app::chat::turn::TurnReply;
use sotto_app::chat::votes::{Direction, VoteInput};
use sotto_app::team::access::{Actor, Caller};
use sotto_core::VisitorId;

fn vote_on(reply: &TurnReply, vote: Direction, comment: Option<&str>) -> VoteInput {
    VoteInput {
        conversation_id: reply.conversation_id,
        message_id: reply.message.id,
        vote_token: reply
            .message
            .vote_token
            .clone()
            .expect("answers carry a token"),
        vote,
        comment: comment.map(str::to_owned),
    }
}

#[tokio::test]
async fn a_vote_lives_and_dies_with_its_conversation() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let team = Caller::operator(site.tenant());
    let anna = VisitorId::random();
    let reply = ask(&sotto, &site, &anna, "Do you ship to Finland?").await;
    assert!(
        reply.question.vote_token.is_none(),
        "only answers take votes"
    );

    let up = sotto
        .vote(&site, &anna, vote_on(&reply, Direction::Up, None))
        .await
        .unwrap();
    assert!(up.stored);
    let down = sotto
        .vote(
            &site,
            &anna,
            vote_on(
                &reply,
                Direction::Down,
                Some("Wrong! Call me, Anna Virtanen, anna@example.fi"),
            ),
        )
        .await
        .unwrap();
    assert!(down.stored);

    let detail = sotto
        .team_conversation(&team, reply.conversation_id)
        .await
        .unwrap();
    assert_eq!(detail.votes.len(), 1, "the second vote replaced the first");
    let vote = &detail.votes[0];
    assert_eq!(vote.message_id, reply.message.id);
    assert_eq!(vote.vote, Direction::Down);
    let comment = vote.comment.as_deref().unwrap();
    assert!(
        !comment.contains("anna@example.fi"),
        "the comment is stored under the tenant's policy: {comment}"
    );

    let analytics = sotto.team_analytics(&team, None).await.unwrap();
    assert_eq!(analytics.voted_down, 1);
    let counted: Vec<(i64, i64)> = analytics.votes.iter().map(|v| (v.up, v.down)).collect();
    assert_eq!(counted, [(0, 1)], "a changed vote moves the counts once");
    let group = analytics
        .groups
        .iter()
        .find(|g| g.voted_down == 1)
        .expect("the question voted down is a group to work on");
    assert_eq!(group.count, 1);
    assert!(
        group.comments.is_empty(),
        "one visitor's comment is withheld"
    );

    let export = sotto
        .export_visitor(&site, &anna, &Actor::Visitor)
        .await
        .unwrap();
    let exported = export.conversations[0]
        .messages
        .iter()
        .find_map(|m| m.vote.as_ref())
        .expect("the export holds the vote");
    assert_eq!(exported.vote, Direction::Down);
    assert_eq!(exported.comment.as_deref(), Some(comment));
    assert!(export.to_html().contains("not helpful"));

    sotto
        .erase_visitor(&site, &anna, &Actor::Visitor)
        .await
        .unwrap();
    assert!(matches!(
        sotto.team_conversation(&team, reply.conversation_id).await,
        Err(AppError::NotFound(_))
    ));
    let after = sotto.team_analytics(&team, None).await.unwrap();
    assert_eq!(after.voted_down, 0, "the vote went with the conversation");
    assert_eq!(
        after.votes.iter().map(|v| v.down).sum::<i64>(),
        1,
        "the weekly count stays: a number, not the vote"
    );
    let again = sotto
        .vote(&site, &anna, vote_on(&reply, Direction::Up, None))
        .await
        .unwrap();
    assert!(!again.stored, "an erased answer takes no stored vote");
}

#[tokio::test]
async fn a_visitor_whose_conversation_is_not_stored_is_counted_once() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let team = Caller::operator(site.tenant());
    let ben = VisitorId::random();
    sotto
        .set_objection(&site, &ben, true, &Actor::Visitor)
        .await
        .unwrap();
    let reply = ask(&sotto, &site, &ben, "Can I return a pot?").await;
    for _ in 0..3 {
        let receipt = sotto
            .vote(
                &site,
                &ben,
                vote_on(&reply, Direction::Down, Some("not what I asked")),
            )
            .await
            .unwrap();
        assert!(!receipt.stored);
    }
    let analytics = sotto.team_analytics(&team, None).await.unwrap();
    let counted: Vec<(i64, i64)> = analytics.votes.iter().map(|v| (v.up, v.down)).collect();
    assert_eq!(counted, [(0, 1)], "a replayed vote counts once");
    assert_eq!(analytics.voted_down, 0, "nothing of the visitor is stored");
    assert_eq!(
        serde_json::to_value(reply.message.kind.unwrap()).unwrap(),
        analytics.votes[0].kind.as_str(),
        "counted under the kind the answer had"
    );
    sotto
        .vote(&site, &ben, vote_on(&reply, Direction::Up, None))
        .await
        .unwrap();
    let changed = sotto.team_analytics(&team, None).await.unwrap();
    let counted: Vec<(i64, i64)> = changed.votes.iter().map(|v| (v.up, v.down)).collect();
    assert_eq!(counted, [(1, 0)]);
}

#[tokio::test]
async fn a_vote_needs_the_token_of_its_answer() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let carl = VisitorId::random();
    let first = ask(&sotto, &site, &carl, "Do you ship to Finland?").await;
    let second = ask(&sotto, &site, &carl, "Hello").await;
    let swapped = VoteInput {
        vote_token: second.message.vote_token.clone().unwrap(),
        ..vote_on(&first, Direction::Up, None)
    };
    assert!(matches!(
        sotto.vote(&site, &carl, swapped).await,
        Err(AppError::Invalid(_))
    ));
    let forged = VoteInput {
        vote_token: "1.0.answered.00".into(),
        ..vote_on(&first, Direction::Up, None)
    };
    assert!(matches!(
        sotto.vote(&site, &carl, forged).await,
        Err(AppError::Invalid(_))
    ));
    let praised_with_words = vote_on(&first, Direction::Up, Some("great"));
    assert!(matches!(
        sotto.vote(&site, &carl, praised_with_words).await,
        Err(AppError::Invalid(_))
    ));
    let stranger = VisitorId::random();
    assert!(
        matches!(
            sotto
                .vote(&site, &stranger, vote_on(&first, Direction::Down, None))
                .await,
            Err(AppError::Invalid(_))
        ),
        "a token is the visitor's it was given to: nobody else votes with it"
    );
    let team = Caller::operator(site.tenant());
    assert!(
        sotto
            .team_conversation(&team, first.conversation_id)
            .await
            .unwrap()
            .votes
            .is_empty()
    );
}

#[tokio::test]
async fn a_conversation_is_resolved_only_by_a_vote_up() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        ..
    } = common::demo().await;
    let team = Caller::operator(site.tenant());
    let pleased = VisitorId::random();
    let reply = ask(&sotto, &site, &pleased, "Do you ship to Finland?").await;
    sotto
        .vote(&site, &pleased, vote_on(&reply, Direction::Up, None))
        .await
        .unwrap();
    let displeased = VisitorId::random();
    let reply = ask(&sotto, &site, &displeased, "Can I return a pot?").await;
    sotto
        .vote(&site, &displeased, vote_on(&reply, Direction::Down, None))
        .await
        .unwrap();
    let wants_a_person = VisitorId::random();
    let reply = ask(
        &sotto,
        &site,
        &wants_a_person,
        "Can I talk to a person, please?",
    )
    .await;
    sotto
        .vote(&site, &wants_a_person, vote_on(&reply, Direction::Up, None))
        .await
        .unwrap();
    ask(
        &sotto,
        &site,
        &VisitorId::random(),
        "Do you ship to Finland?",
    )
    .await;

    let analytics = sotto.team_analytics(&team, None).await.unwrap();
    assert_eq!(analytics.resolution.len(), 1, "one site, one week");
    let week = &analytics.resolution[0];
    assert_eq!(
        (
            week.resolved,
            week.handed_to_team,
            week.unresolved,
            week.unknown
        ),
        (1, 1, 1, 1),
        "a visitor who simply left is not resolved: {week:?}"
    );
}
