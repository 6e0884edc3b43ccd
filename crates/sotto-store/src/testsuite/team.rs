//! The team: API keys with roles and revocation, members, their sign-in sessions, and the
//! hash-chained audit log, each tenant apart.

use super::two_tenants;
use crate::{ApiKeyRecord, AuditDraft, MainStore, MemberRecord, SessionRecord, StoreError};
use sotto_core::access::TeamRole;
use sotto_core::{MemberId, TenantId};

/// API keys with roles and revocation, and members with their sessions, each tenant apart.
pub async fn team_keys_and_members<M: MainStore>(store: &M) {
    let (acme, other) = two_tenants(store).await;
    let agent_key = ApiKeyRecord {
        tenant_id: acme.id,
        key_id: "aaaaaaaaaaaa".into(),
        secret_hash: vec![7; 32],
        role: TeamRole::Agent,
        label: "helpdesk".into(),
        created_at: 12,
        revoked_at: None,
    };
    store.insert_api_key(&agent_key).await.expect("insert key");
    assert!(
        !store
            .revoke_api_key(other.id, "aaaaaaaaaaaa", 13)
            .await
            .unwrap(),
        "another tenant cannot revoke it"
    );
    assert!(
        store
            .revoke_api_key(acme.id, "aaaaaaaaaaaa", 13)
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_api_key(acme.id, "aaaaaaaaaaaa", 14)
            .await
            .unwrap(),
        "revoked once"
    );
    let revoked = store.api_key("aaaaaaaaaaaa").await.unwrap().unwrap();
    assert_eq!(revoked.revoked_at, Some(13));
    assert_eq!(revoked.role, TeamRole::Agent);
    assert_eq!(revoked.label, "helpdesk");

    let member = MemberRecord {
        tenant_id: acme.id,
        id: MemberId::random(),
        email: "ana@acme.example".into(),
        display_name: "Ana".into(),
        role: TeamRole::Admin,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        created_at: 15,
        must_change_password: true,
    };
    store.insert_member(&member).await.expect("insert member");
    let twin = MemberRecord {
        id: MemberId::random(),
        ..member.clone()
    };
    assert!(
        matches!(
            store.insert_member(&twin).await,
            Err(StoreError::Conflict(_))
        ),
        "an e-mail is unique within a tenant"
    );
    let elsewhere = MemberRecord {
        tenant_id: other.id,
        id: MemberId::random(),
        ..member.clone()
    };
    store
        .insert_member(&elsewhere)
        .await
        .expect("the same e-mail in another tenant");
    assert_eq!(
        store.members_of(acme.id).await.unwrap(),
        vec![member.clone()]
    );
    session_story(store, &member, &elsewhere).await;
    assert!(!store.delete_member(acme.id, elsewhere.id).await.unwrap());
    assert!(store.delete_member(other.id, elsewhere.id).await.unwrap());
    assert!(store.members_of(other.id).await.unwrap().is_empty());
    assert!(
        store
            .session(other.id, "0e1a5e55e55e55e55e55e55e")
            .await
            .unwrap()
            .is_none(),
        "a member's sessions go with them"
    );
}

/// The audit log: one chain per tenant, each MAC over the one before, read in pages.
pub async fn audit_chain<M: MainStore>(store: &M) {
    let (acme, other) = two_tenants(store).await;
    let seal = |seq: i64, previous: &[u8]| {
        let mut mac = seq.to_be_bytes().to_vec();
        mac.extend_from_slice(previous);
        mac
    };
    assert_eq!(store.audit_head(acme.id).await.unwrap(), 0);
    for n in 1..=3 {
        let draft = AuditDraft {
            at: 100 + n,
            actor: "key:0123456789ab".into(),
            action: "conversation.read".into(),
            object: format!("object-{n}"),
        };
        let entry = store.append_audit(acme.id, &draft, &seal).await.unwrap();
        assert_eq!(entry.seq, n);
        assert_eq!(entry.draft, draft);
    }
    let first = store
        .append_audit(
            other.id,
            &AuditDraft {
                at: 1,
                actor: "cli".into(),
                action: "key.create".into(),
                object: "x".into(),
            },
            &seal,
        )
        .await
        .unwrap();
    assert_eq!(first.seq, 1, "each tenant has its own chain");
    assert_eq!(first.mac, seal(1, &[]));
    assert!(matches!(
        store
            .append_audit(TenantId::random(), &first.draft, &seal)
            .await,
        Err(StoreError::UnknownTenant)
    ));
    assert_eq!(store.audit_head(acme.id).await.unwrap(), 3);
    let all = store.audit_entries(acme.id, 0, 100).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        all[2].mac,
        seal(3, &all[1].mac),
        "each MAC chains the one before"
    );
    let page = store.audit_entries(acme.id, 1, 1).await.unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].seq, 2);
    assert!(
        store
            .audit_entries(acme.id, 3, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Sign-in sessions: found with their member only in their tenant, expired ones dropped at
/// the next sign-in, ended by sign-out.
async fn session_story<M: MainStore>(store: &M, member: &MemberRecord, elsewhere: &MemberRecord) {
    let session = SessionRecord {
        tenant_id: member.tenant_id,
        session_id: "5e55105e55105e55105e5510".into(),
        member_id: member.id,
        secret_hash: vec![7; 32],
        created_at: 100,
        expires_at: 200,
    };
    store
        .insert_session(&session)
        .await
        .expect("open a session");
    let (found, signed_in) = store
        .session(member.tenant_id, &session.session_id)
        .await
        .unwrap()
        .expect("the session");
    assert_eq!(found, session);
    assert_eq!(&signed_in, member);
    assert!(
        store
            .session(elsewhere.tenant_id, &session.session_id)
            .await
            .unwrap()
            .is_none(),
        "another tenant sees no session of this one"
    );
    let other_session = SessionRecord {
        tenant_id: elsewhere.tenant_id,
        session_id: "0e1a5e55e55e55e55e55e55e".into(),
        member_id: elsewhere.id,
        created_at: 300,
        expires_at: 400,
        ..session.clone()
    };
    store.insert_session(&other_session).await.unwrap();
    assert!(
        store
            .session(member.tenant_id, &session.session_id)
            .await
            .unwrap()
            .is_some(),
        "a sign-in elsewhere drops only its own tenant's expired sessions"
    );
    let later = SessionRecord {
        session_id: "1a7e5e55105e55105e551010".into(),
        created_at: 250,
        expires_at: 350,
        ..session.clone()
    };
    store.insert_session(&later).await.unwrap();
    assert!(
        store
            .session(member.tenant_id, &session.session_id)
            .await
            .unwrap()
            .is_none(),
        "the expired session was dropped"
    );
    assert!(
        !store
            .delete_session(elsewhere.tenant_id, &later.session_id)
            .await
            .unwrap()
    );
    assert!(
        store
            .delete_session(member.tenant_id, &later.session_id)
            .await
            .unwrap()
    );
    assert!(
        store
            .session(member.tenant_id, &later.session_id)
            .await
            .unwrap()
            .is_none()
    );
    password_story(store, member, &session).await;
}

/// A member changes the password someone else chose: the new hash is stored, the duty to
/// change it goes, and every other session of theirs ends.
async fn password_story<M: MainStore>(store: &M, member: &MemberRecord, session: &SessionRecord) {
    let at = |id: &str, created_at| SessionRecord {
        session_id: id.into(),
        created_at,
        expires_at: created_at + 10_000,
        ..session.clone()
    };
    let (kept, ended) = (
        at("aaaaaaaaaaaaaaaaaaaaaaaa", 400),
        at("bbbbbbbbbbbbbbbbbbbbbbbb", 401),
    );
    store.insert_session(&kept).await.unwrap();
    store.insert_session(&ended).await.unwrap();
    assert!(
        !store
            .set_member_password(TenantId::random(), member.id, "$new", false, None)
            .await
            .unwrap()
    );
    assert!(
        store
            .set_member_password(
                member.tenant_id,
                member.id,
                "$new",
                false,
                Some(&kept.session_id)
            )
            .await
            .unwrap()
    );
    let (_, changed) = store
        .session(member.tenant_id, &kept.session_id)
        .await
        .unwrap()
        .expect("the session that changed it stays");
    assert_eq!(changed.password_hash, "$new");
    assert!(!changed.must_change_password);
    assert!(
        store
            .session(member.tenant_id, &ended.session_id)
            .await
            .unwrap()
            .is_none(),
        "other sessions end"
    );
    store
        .set_member_password(member.tenant_id, member.id, "$reset", true, None)
        .await
        .unwrap();
    assert!(
        store
            .session(member.tenant_id, &kept.session_id)
            .await
            .unwrap()
            .is_none()
    );
    let reset = store.members_of(member.tenant_id).await.unwrap();
    assert!(
        reset
            .iter()
            .any(|m| m.id == member.id && m.must_change_password && m.password_hash == "$reset")
    );
}
