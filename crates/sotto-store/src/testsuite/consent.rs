//! The consent ledger in the conversation store.

use crate::{ConsentFacts, ConversationStore, Subject};
use sotto_core::consent::ConsentPurpose;
use sotto_core::{ConversationId, Pseudonym, TenantId};

fn consent_facts(
    pseudonym: Pseudonym,
    purpose: ConsentPurpose,
    granted: bool,
    at: i64,
) -> ConsentFacts {
    ConsentFacts {
        site_id: "shop".parse().unwrap(),
        pseudonym,
        purpose,
        granted,
        language: "fr".into(),
        text_version: 3,
        text_sha256: vec![9; 32],
        at,
        salt: vec![at as u8; 16],
    }
}

/// The consent ledger: events get consecutive numbers per tenant and their link from the one
/// before; a visitor's events are listed; forgetting a visitor keeps digests and links; a
/// tenant's ledger goes whole.
pub async fn consent_ledger<C: ConversationStore>(store: &C) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let (alice, bob) = (
        Pseudonym::from_bytes([21; 32]),
        Pseudonym::from_bytes([22; 32]),
    );
    assert_eq!(store.consent_head(t1).await.unwrap(), 0);
    let linker = |seq: i64, previous: &[u8]| {
        let mut link = previous.to_vec();
        link.push(seq as u8);
        link
    };
    let storage = ConsentPurpose::ConversationStorage;
    let events = [
        (t1, consent_facts(alice, storage, true, 100)),
        (t1, consent_facts(bob, storage, true, 101)),
        (t2, consent_facts(alice, storage, true, 102)),
        (
            t1,
            consent_facts(alice, ConsentPurpose::Marketing, false, 103),
        ),
    ];
    for (tenant, facts) in &events {
        store
            .append_consent(*tenant, facts, &[facts.at as u8], &linker)
            .await
            .unwrap();
    }
    assert_eq!(store.consent_head(t1).await.unwrap(), 3);
    assert_eq!(store.consent_head(t2).await.unwrap(), 1);
    let ledger = store.consent_events(t1, 0, 10).await.unwrap();
    assert_eq!(
        ledger
            .iter()
            .map(|e| (e.seq, e.link.clone()))
            .collect::<Vec<_>>(),
        vec![(1, vec![1]), (2, vec![1, 2]), (3, vec![1, 2, 3])],
        "each link is computed from the one before"
    );
    assert_eq!(ledger[1].facts.as_ref(), Some(&events[1].1));
    assert_eq!(ledger[1].digest, vec![101]);
    assert_eq!(
        store.consent_events(t1, 1, 1).await.unwrap()[0].seq,
        2,
        "paged"
    );
    let of_alice = store.consents_of(t1, &alice).await.unwrap();
    assert_eq!(
        of_alice.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 3],
        "a visitor's events, in this tenant only"
    );
    assert_eq!(store.consents_of(t2, &alice).await.unwrap().len(), 1);

    assert_eq!(
        store
            .forget_consents(t1, &Subject::Visitor(alice))
            .await
            .unwrap(),
        2
    );
    assert!(store.consents_of(t1, &alice).await.unwrap().is_empty());
    let ledger = store.consent_events(t1, 0, 10).await.unwrap();
    assert_eq!(ledger.len(), 3, "forgotten events keep their place");
    assert!(ledger[0].facts.is_none() && ledger[2].facts.is_none());
    assert_eq!(
        (ledger[0].digest.clone(), ledger[2].link.clone()),
        (vec![100], vec![1, 2, 3])
    );
    assert_eq!(ledger[1].facts.as_ref(), Some(&events[1].1), "bob's stays");
    assert_eq!(
        store.consents_of(t2, &alice).await.unwrap().len(),
        1,
        "other tenant"
    );
    let conversation = Subject::Conversation(ConversationId::random());
    assert_eq!(store.forget_consents(t1, &conversation).await.unwrap(), 0);

    let next = store
        .append_consent(
            t1,
            &consent_facts(bob, storage, false, 104),
            &[104],
            &linker,
        )
        .await
        .unwrap();
    assert_eq!((next.seq, next.link), (4, vec![1, 2, 3, 4]));

    store.forget_consents(t1, &Subject::Tenant).await.unwrap();
    assert!(store.consent_events(t1, 0, 10).await.unwrap().is_empty());
    assert_eq!(store.consent_head(t1).await.unwrap(), 0);
    assert_eq!(store.consent_head(t2).await.unwrap(), 1);
}
