//! Visitors and their conversations: visitor keys, turns and listings scoped to their tenant,
//! turns that race an erasure or an objection, and the retention sweep.

use super::leads::lead;
use super::{conversation, message, shop};
use crate::{
    ConversationRecord, ConversationStore, EmailIndex, HeldCounts, PhaseStep, Role, Sealing,
    Subject, TurnGuard, TurnRecord,
};
use sotto_core::{Phase, PhaseCause, Pseudonym, SiteId, TenantId};

/// A visitor's key is stored once (the first wins) and per tenant.
pub async fn visitor_keys<C: ConversationStore>(store: &C) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let visitor = Pseudonym::from_bytes([7; 32]);

    assert_eq!(store.visitor_key(t1, &visitor).await.unwrap(), None);
    let stored = store
        .insert_visitor_key(t1, &visitor, b"key-one", 5)
        .await
        .unwrap();
    assert_eq!(stored, b"key-one");
    let kept = store
        .insert_visitor_key(t1, &visitor, b"key-two", 6)
        .await
        .unwrap();
    assert_eq!(kept, b"key-one", "the first stored key wins");
    assert_eq!(
        store.visitor_key(t1, &visitor).await.unwrap(),
        Some(b"key-one".to_vec())
    );
    assert_eq!(
        store.visitor_key(t2, &visitor).await.unwrap(),
        None,
        "keys are per tenant"
    );
}

/// Turns add messages and phase steps to a conversation; listings are per tenant, site and
/// visitor, in order.
pub async fn turns_and_listings<C: ConversationStore>(store: &C) {
    let (t1, t2, site, visitor) = (
        TenantId::random(),
        TenantId::random(),
        shop(),
        Pseudonym::from_bytes([7; 32]),
    );
    let [older, newer, foreign] = three_conversations(store, t1).await;
    let visitors = store.visitors_of(t1).await.unwrap();
    assert_eq!(visitors.len(), 1);
    assert_eq!(visitors[0].pseudonym, visitor);
    assert_eq!(visitors[0].wrapped_key, b"key-one");
    assert!(store.visitors_of(t2).await.unwrap().is_empty());
    let all_of_t1 = store.conversations_of_tenant(t1).await.unwrap();
    assert_eq!(
        all_of_t1.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![older.id, newer.id, foreign.id],
        "oldest first"
    );
    assert!(store.conversations_of_tenant(t2).await.unwrap().is_empty());
    let read = store
        .conversation(t1, older.id)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(read, older, "phase and updated_at follow the last turn");
    assert_eq!(
        store.conversation(t2, older.id).await.unwrap(),
        None,
        "scoped to the tenant"
    );
    assert_eq!(store.message_count(t1, older.id).await.unwrap(), 4);
    assert_eq!(
        store.phase_steps(t1, older.id).await.unwrap(),
        [
            PhaseStep {
                phase: Phase::Exploring,
                cause: PhaseCause::Started,
                at: 100
            },
            PhaseStep {
                phase: Phase::Learning,
                cause: PhaseCause::Answered,
                at: 150
            },
        ],
        "each phase is entered once, in order"
    );
    assert!(store.phase_steps(t2, older.id).await.unwrap().is_empty());
    assert_eq!(store.message_count(t2, older.id).await.unwrap(), 0);

    // A turn's context is the same reads at once, scoped to the tenant.
    let context = store
        .turn_context(t1, &visitor, Some(older.id))
        .await
        .unwrap();
    assert_eq!(context.conversation, Some(older.clone()));
    assert_eq!(context.message_count, 4);
    assert_eq!(context.visitor_key, Some(b"key-one".to_vec()));
    assert_eq!(context.objection_since, None);
    let starting = store.turn_context(t1, &visitor, None).await.unwrap();
    assert_eq!((starting.conversation, starting.message_count), (None, 0));
    assert_eq!(starting.visitor_key, Some(b"key-one".to_vec()));
    let elsewhere = store
        .turn_context(t2, &visitor, Some(older.id))
        .await
        .unwrap();
    assert_eq!(
        (
            elsewhere.conversation,
            elsewhere.message_count,
            elsewhere.visitor_key
        ),
        (None, 0, None),
        "scoped to the tenant"
    );
    let stranger = Pseudonym::from_bytes([9; 32]);
    store.record_objection(t1, &stranger, 321).await.unwrap();
    let objecting = store.turn_context(t1, &stranger, None).await.unwrap();
    assert_eq!(objecting.objection_since, Some(321));
    assert_eq!(objecting.visitor_key, None);

    let mine = store.conversations_of(t1, &site, &visitor).await.unwrap();
    assert_eq!(
        mine.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![newer.id, older.id]
    );
    assert!(
        store
            .conversations_of(t2, &site, &visitor)
            .await
            .unwrap()
            .is_empty()
    );
    let other_site: SiteId = "other".parse().unwrap();
    assert!(
        store
            .conversations_of(t1, &other_site, &visitor)
            .await
            .unwrap()
            .is_empty()
    );

    let all = store.messages(t1, older.id, 50).await.unwrap();
    assert_eq!(
        all.iter().map(|m| m.body.as_slice()).collect::<Vec<_>>(),
        [b"q1", b"a1", b"q2", b"a2"]
    );
    assert_eq!(all[0].page_path.as_deref(), Some(&b"p"[..]));
    assert_eq!(
        all.iter().map(|m| m.sealing).collect::<Vec<_>>(),
        [
            Sealing::ConversationKey,
            Sealing::VisitorKey,
            Sealing::ConversationKey,
            Sealing::VisitorKey
        ],
        "each message keeps the key that sealed it"
    );
    assert_eq!(all[1].role, Role::Assistant);
    assert_eq!(
        all[3].role,
        Role::Agent,
        "a team member's reply keeps its author"
    );
    let last_two = store.messages(t1, older.id, 2).await.unwrap();
    assert_eq!(
        last_two.iter().map(|m| m.seq).collect::<Vec<_>>(),
        [2, 3],
        "the last ones, in order"
    );
    assert!(store.messages(t2, older.id, 50).await.unwrap().is_empty());
}

/// Visitor `[7; 32]` of `tenant` (key stored at 5) with two conversations on site `shop` (the
/// older one of two turns and four messages, last active at 150; the newer of one message at
/// 200), and visitor `[8; 32]` (no key) with one at 300.
async fn three_conversations<C: ConversationStore>(
    store: &C,
    t1: TenantId,
) -> [ConversationRecord; 3] {
    let (site, visitor, other_visitor) = (
        shop(),
        Pseudonym::from_bytes([7; 32]),
        Pseudonym::from_bytes([8; 32]),
    );
    store
        .insert_visitor_key(t1, &visitor, b"key-one", 5)
        .await
        .unwrap();
    let mut older = conversation(t1, &site, visitor, 100);
    store
        .record_turn(&TurnRecord {
            phase_steps: vec![PhaseStep {
                phase: Phase::Exploring,
                cause: PhaseCause::Started,
                at: 100,
            }],
            conversation: older.clone(),
            messages: vec![
                message(0, Role::Visitor, b"q1", Some(b"p")),
                message(1, Role::Assistant, b"a1", None),
            ],
            guard: None,
        })
        .await
        .expect("first turn");
    older.phase = Phase::Learning;
    older.updated_at = 150;
    store
        .record_turn(&TurnRecord {
            phase_steps: vec![
                PhaseStep {
                    phase: Phase::Learning,
                    cause: PhaseCause::Answered,
                    at: 150,
                },
                PhaseStep {
                    phase: Phase::Exploring,
                    cause: PhaseCause::Model,
                    at: 150,
                },
            ],
            conversation: older.clone(),
            messages: vec![
                message(2, Role::Visitor, b"q2", None),
                message(3, Role::Agent, b"a2", None),
            ],
            guard: None,
        })
        .await
        .expect("second turn");
    let newer = conversation(t1, &site, visitor, 200);
    store
        .record_turn(&TurnRecord {
            phase_steps: Vec::new(),
            conversation: newer.clone(),
            messages: vec![message(0, Role::Visitor, b"q3", None)],
            guard: None,
        })
        .await
        .unwrap();
    let foreign = conversation(t1, &site, other_visitor, 300);
    store
        .record_turn(&TurnRecord {
            phase_steps: Vec::new(),
            conversation: foreign.clone(),
            messages: vec![message(0, Role::Visitor, b"x", None)],
            guard: None,
        })
        .await
        .unwrap();
    [older, newer, foreign]
}

/// Idle conversations go in batches, scoped to tenant and site; visitors left without any
/// conversation go after them.
pub async fn retention_sweep<C: ConversationStore>(store: &C) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let site = &shop();
    let [older, newer, foreign] = three_conversations(store, t1).await.map(|c| c.id);
    let other_site: SiteId = "other".parse().unwrap();
    let recent = |site: Option<&SiteId>, since: i64, limit: u32| {
        let (site, tenant) = (site.cloned(), t1);
        async move {
            store
                .recent_conversations(tenant, site.as_ref(), since, limit)
                .await
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        recent(None, 0, 10).await,
        [foreign, newer, older],
        "the most recently active first"
    );
    assert_eq!(recent(Some(site), 160, 10).await, [foreign, newer]);
    assert_eq!(recent(None, 0, 1).await, [foreign], "no more than asked");
    assert!(recent(Some(&other_site), 0, 10).await.is_empty());
    assert!(
        store
            .recent_conversations(t2, None, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.count_idle_conversations(t1, site, 250).await.unwrap(),
        HeldCounts {
            conversations: 2,
            messages: 5,
            visitor_keys: 0
        },
        "a dry run counts what a sweep would erase"
    );
    assert_eq!(
        store
            .count_idle_conversations(t2, site, 250)
            .await
            .unwrap()
            .conversations,
        0
    );
    assert!(
        store
            .erase_idle_conversations(t2, site, 1_000, 10)
            .await
            .unwrap()
            .is_empty(),
        "another tenant erases nothing"
    );
    assert!(
        store
            .erase_idle_conversations(t1, &other_site, 1_000, 10)
            .await
            .unwrap()
            .is_empty(),
        "another site erases nothing"
    );
    assert_eq!(
        store.erase_orphan_visitors(t1, 1_000).await.unwrap(),
        0,
        "a visitor with conversations stays"
    );
    let oldest = |tenant: TenantId, site: SiteId| async move {
        store
            .oldest_conversation_start(tenant, &site)
            .await
            .unwrap()
    };
    assert_eq!(oldest(t1, site.clone()).await, Some(100));
    assert_eq!(oldest(t2, site.clone()).await, None, "another tenant's");
    assert_eq!(oldest(t1, other_site.clone()).await, None, "another site's");
    let first = store
        .erase_idle_conversations(t1, site, 250, 1)
        .await
        .unwrap();
    assert_eq!(first.len(), 1, "one batch of one");
    let second = store
        .erase_idle_conversations(t1, site, 250, 1)
        .await
        .unwrap();
    let mut erased_ids = [first, second].concat();
    erased_ids.sort_by_key(|id| id.to_string());
    let mut expected = vec![older, newer];
    expected.sort_by_key(|id| id.to_string());
    assert_eq!(erased_ids, expected, "a sweep names what it erased");
    assert_eq!(
        oldest(t1, site.clone()).await,
        Some(300),
        "the oldest start of the conversations left"
    );
    assert!(
        store
            .erase_idle_conversations(t1, site, 250, 1)
            .await
            .unwrap()
            .is_empty(),
        "only conversations idle since before the cut-off"
    );
    assert_eq!(
        store
            .stored_conversations(t1, &[older, foreign, newer])
            .await
            .unwrap(),
        vec![foreign],
        "the key store's sweep learns which conversations remain"
    );
    assert!(
        store
            .stored_conversations(t2, &[foreign])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .stored_conversations(t1, &[])
            .await
            .unwrap()
            .is_empty()
    );
    for erased in [older, newer] {
        assert_eq!(store.conversation(t1, erased).await.unwrap(), None);
        assert_eq!(store.message_count(t1, erased).await.unwrap(), 0);
    }
    assert!(store.conversation(t1, foreign).await.unwrap().is_some());
    let visitor = Pseudonym::from_bytes([7; 32]);
    assert_eq!(
        store.erase_orphan_visitors(t1, 5).await.unwrap(),
        0,
        "only visitors created before the cut-off"
    );
    assert_eq!(store.erase_orphan_visitors(t1, 6).await.unwrap(), 1);
    assert_eq!(store.visitor_key(t1, &visitor).await.unwrap(), None);
    store.checkpoint().await.expect("checkpoint");
}

/// A visitor's turn is stored only while the visitor may be stored: not after an objection,
/// not when it began before the visitor (or an e-mail address they left) was erased, not under
/// a key other than the visitor's, and never into a conversation erased meanwhile; a first turn
/// stores the visitor's key with it, and a turn that is refused stores no key.
pub async fn turn_guards<C: ConversationStore>(store: &C) {
    let (tenant, other_tenant) = (TenantId::random(), TenantId::random());
    let site = shop();
    let visitor = Pseudonym::from_bytes([7; 32]);
    let guarded = |record: &ConversationRecord, seq: i64, began_at: i64, key: &[u8]| TurnRecord {
        conversation: record.clone(),
        messages: vec![
            message(seq, Role::Visitor, b"q", None),
            message(seq + 1, Role::Assistant, b"a", None),
        ],
        phase_steps: Vec::new(),
        guard: Some(TurnGuard {
            began_at_ms: began_at,
            visitor_key: Some(key.to_vec()),
        }),
    };

    let first = conversation(tenant, &site, visitor, 100);
    assert!(
        store
            .record_turn(&guarded(&first, 0, 100, b"key-one"))
            .await
            .unwrap()
    );
    assert_eq!(
        store.visitor_key(tenant, &visitor).await.unwrap(),
        Some(b"key-one".to_vec()),
        "a first turn stores the visitor's key with it"
    );
    let other = conversation(tenant, &site, visitor, 110);
    assert!(
        !store
            .record_turn(&guarded(&other, 0, 110, b"key-two"))
            .await
            .unwrap(),
        "sealed under another key than the visitor's: not stored"
    );
    assert!(
        store
            .record_turn(&guarded(&first, 2, 120, b"key-one"))
            .await
            .unwrap()
    );
    assert_eq!(store.message_count(tenant, first.id).await.unwrap(), 4);

    let erased = Subject::Visitor(visitor);
    store.fence_subject(tenant, &erased, 130).await.unwrap();
    store.shred_keys(tenant, &erased).await.unwrap();
    while store
        .erase_conversations(tenant, &erased, 10)
        .await
        .unwrap()
        > 0
    {}
    assert!(
        !store
            .record_turn(&guarded(&first, 4, 125, b"key-one"))
            .await
            .unwrap(),
        "a turn that began before the erasure brings nothing back"
    );
    let racing = conversation(tenant, &site, visitor, 125);
    assert!(
        !store
            .record_turn(&guarded(&racing, 0, 125, b"key-three"))
            .await
            .unwrap(),
        "nor starts a conversation"
    );
    assert_eq!(
        store.visitor_key(tenant, &visitor).await.unwrap(),
        None,
        "and creates no key for the erased visitor"
    );
    assert!(
        store
            .conversations_of(tenant, &site, &visitor)
            .await
            .unwrap()
            .is_empty()
    );
    let elsewhere = conversation(other_tenant, &site, visitor, 125);
    assert!(
        store
            .record_turn(&guarded(&elsewhere, 0, 125, b"key-five"))
            .await
            .unwrap(),
        "an erasure fences its own tenant only"
    );

    let back = conversation(tenant, &site, visitor, 140);
    assert!(
        store
            .record_turn(&guarded(&back, 0, 140, b"key-four"))
            .await
            .unwrap(),
        "a turn that began after the erasure is the visitor coming back"
    );
    store.record_objection(tenant, &visitor, 150).await.unwrap();
    assert!(
        !store
            .record_turn(&guarded(&back, 2, 160, b"key-four"))
            .await
            .unwrap(),
        "an objection stops every turn"
    );
    store.withdraw_objection(tenant, &visitor).await.unwrap();

    let gone = Subject::Conversation(back.id);
    while store.erase_conversations(tenant, &gone, 10).await.unwrap() > 0 {}
    let reply = TurnRecord {
        conversation: back.clone(),
        messages: vec![message(2, Role::Agent, b"r", None)],
        phase_steps: Vec::new(),
        guard: None,
    };
    assert!(
        !store.record_turn(&reply).await.unwrap(),
        "a reply to a conversation erased meanwhile re-creates nothing"
    );
    assert_eq!(store.conversation(tenant, back.id).await.unwrap(), None);

    let addressed = Pseudonym::from_bytes([9; 32]);
    let theirs = conversation(tenant, &site, addressed, 200);
    assert!(
        store
            .record_turn(&guarded(&theirs, 0, 200, b"key-six"))
            .await
            .unwrap()
    );
    store
        .record_lead(&lead(tenant, addressed, Some(theirs.id), 4, 200))
        .await
        .unwrap();
    store
        .fence_subject(tenant, &Subject::Email(EmailIndex([4; 32])), 210)
        .await
        .unwrap();
    assert!(
        !store
            .record_turn(&guarded(&theirs, 2, 205, b"key-six"))
            .await
            .unwrap(),
        "an erasure by e-mail address fences the visitors who left it"
    );
    store
        .fence_subject(tenant, &Subject::Tenant, 220)
        .await
        .unwrap();
    let after_closure = conversation(tenant, &site, addressed, 205);
    assert!(
        store
            .record_turn(&guarded(&after_closure, 0, 205, b"key-six"))
            .await
            .unwrap(),
        "a tenant's closure drops its marks (its key went first)"
    );
}
