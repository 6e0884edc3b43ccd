//! Votes on answers: stored on a stored answer only, replaced only over the vote they were
//! read with, gone with their conversation (erasure, retention), scoped to their tenant; the
//! weekly counts add up and outlive what they count, until their tenant closes.

use super::{conversation, message, shop};
use crate::{ConversationStore, Role, Sealing, Subject, TurnRecord, VoteRecord, VoteTally};
use sotto_core::{MessageId, Pseudonym, TenantId};

fn tally(week: i64, kind: &str, up: i64, down: i64) -> VoteTally {
    VoteTally {
        site_id: shop(),
        week,
        kind: kind.to_owned(),
        up,
        down,
    }
}

/// The whole life of votes on one conversation's answer.
pub async fn votes_on_answers<C: ConversationStore>(store: &C) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let visitor = Pseudonym::from_bytes([5; 32]);
    let record = conversation(t1, &shop(), visitor, 1000);
    let question = message(0, Role::Visitor, b"question", None);
    let answer = message(1, Role::Assistant, b"answer", None);
    store
        .record_turn(&TurnRecord {
            phase_steps: Vec::new(),
            conversation: record.clone(),
            messages: vec![question.clone(), answer.clone()],
            guard: None,
        })
        .await
        .unwrap();
    let vote = |body: &[u8], at| VoteRecord {
        conversation_id: record.id,
        message_id: answer.id,
        seq: 1,
        body: body.to_vec(),
        sealing: Sealing::ConversationKey,
        voted_at: at,
    };
    let week = 604_800;

    let up = vote(b"sealed up", 2000);
    assert!(
        store
            .record_vote(
                t1,
                &visitor,
                &up,
                None,
                Some(&tally(week, "answered", 1, 0))
            )
            .await
            .unwrap()
    );
    assert_eq!(store.votes(t1, record.id).await.unwrap(), vec![up.clone()]);
    assert!(
        !store
            .record_vote(t1, &visitor, &vote(b"other", 2001), None, None)
            .await
            .unwrap(),
        "a vote read before the stored one was replaced does not overwrite it"
    );
    let down = vote(b"sealed down", 2002);
    assert!(
        store
            .record_vote(
                t1,
                &visitor,
                &down,
                Some(b"sealed up"),
                Some(&tally(week, "answered", -1, 1))
            )
            .await
            .unwrap()
    );
    assert_eq!(
        store.votes(t1, record.id).await.unwrap(),
        vec![down.clone()]
    );

    let on_the_question = VoteRecord {
        message_id: question.id,
        seq: 0,
        ..vote(b"x", 2003)
    };
    assert!(
        !store
            .record_vote(t1, &visitor, &on_the_question, None, None)
            .await
            .unwrap(),
        "only an answer takes a vote"
    );
    let elsewhere = VoteRecord {
        message_id: MessageId::random(),
        ..vote(b"x", 2003)
    };
    assert!(
        !store
            .record_vote(t1, &visitor, &elsewhere, Some(b"sealed down"), None)
            .await
            .unwrap(),
        "the answer must be the one stored at that place"
    );
    assert!(
        !store
            .record_vote(t2, &visitor, &vote(b"x", 2003), None, None)
            .await
            .unwrap(),
        "another tenant cannot vote on it"
    );
    assert!(store.votes(t2, record.id).await.unwrap().is_empty());

    store
        .add_vote_tally(t1, &tally(week, "answered", 0, 1))
        .await
        .unwrap();
    store
        .add_vote_tally(t1, &tally(week + 604_800, "unknown", 1, 0))
        .await
        .unwrap();
    store
        .add_vote_tally(t2, &tally(week, "answered", 5, 5))
        .await
        .unwrap();
    assert_eq!(
        store.vote_tallies(t1, None, 0).await.unwrap(),
        vec![
            tally(week, "answered", 0, 2),
            tally(week + 604_800, "unknown", 1, 0)
        ],
        "counts add up per week and kind, oldest first, per tenant"
    );
    assert_eq!(
        store.vote_tallies(t1, None, week + 1).await.unwrap().len(),
        1,
        "from the week asked"
    );
    let blog = "blog".parse().unwrap();
    assert!(
        store
            .vote_tallies(t1, Some(&blog), 0)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .vote_tallies(t1, Some(&shop()), 0)
            .await
            .unwrap()
            .len(),
        2
    );

    assert_eq!(
        store
            .erase_conversations(t1, &Subject::Conversation(record.id), 10)
            .await
            .unwrap(),
        1
    );
    assert!(
        store.votes(t1, record.id).await.unwrap().is_empty(),
        "votes go with their conversation"
    );
    assert_eq!(
        store.vote_tallies(t1, None, 0).await.unwrap().len(),
        2,
        "the counts stay"
    );

    let kept = conversation(t1, &shop(), visitor, 1000);
    let answer = message(1, Role::Assistant, b"answer", None);
    store
        .record_turn(&TurnRecord {
            phase_steps: Vec::new(),
            conversation: kept.clone(),
            messages: vec![message(0, Role::Visitor, b"q", None), answer.clone()],
            guard: None,
        })
        .await
        .unwrap();
    let vote = VoteRecord {
        conversation_id: kept.id,
        message_id: answer.id,
        ..up
    };
    assert!(
        store
            .record_vote(t1, &visitor, &vote, None, None)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .erase_idle_conversations(t1, &shop(), 1001, 10)
            .await
            .unwrap(),
        vec![kept.id]
    );
    assert!(
        store.votes(t1, kept.id).await.unwrap().is_empty(),
        "retention takes the votes with their conversation"
    );

    assert_eq!(store.erase_vote_tallies(t1).await.unwrap(), 2);
    assert!(store.vote_tallies(t1, None, 0).await.unwrap().is_empty());
    assert_eq!(
        store.vote_tallies(t2, None, 0).await.unwrap().len(),
        1,
        "a tenant's closure leaves the others' counts"
    );
}
