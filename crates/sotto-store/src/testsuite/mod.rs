//! The conformance suite every store backend must pass, written against the traits only: one
//! public function per story, each on a fresh, empty store. A backend runs them all with
//! [`main_store_conformance!`](crate::main_store_conformance) and
//! [`conversation_store_conformance!`](crate::conversation_store_conformance) and
//! [`key_store_conformance!`](crate::key_store_conformance), which make one
//! named test per story, so a failure names the behaviour that broke; [`jobs::job_locks`] needs
//! two handles on one store and is called by hand.
pub mod consent;
pub mod conversations;
pub mod documents;
pub mod jobs;
pub mod keys;
pub mod leads;
pub mod rights;
pub mod sites;
pub mod team;
pub mod tenants;
pub mod votes;

use crate::{
    ConversationRecord, ConversationStore, HeldCounts, KnowledgeChunk, KnowledgePage, MainStore,
    MessageRecord, Role, Sealing, SiteRecord, TenantRecord, TurnRecord,
};
use sotto_core::{ConversationId, MessageId, Phase, Pseudonym, SiteId, TenantId};

/// One test per story: `$open()` gives a fresh store and what to clean up (or `None` to skip,
/// e.g. without a database server), `$finish(cleanup)` runs once the story passed.
#[macro_export]
macro_rules! conformance_tests {
    ($open:path, $finish:path => $($module:ident :: $story:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $story() {
                let Some((store, cleanup)) = $open().await else {
                    return;
                };
                $crate::testsuite::$module::$story(&store).await;
                drop(store);
                $finish(cleanup).await;
            }
        )+
    };
}

/// Every main store story as a named test; see [`conformance_tests!`](crate::conformance_tests).
#[macro_export]
macro_rules! main_store_conformance {
    ($open:path, $finish:path) => {
        $crate::conformance_tests!($open, $finish =>
            tenants::tenants_and_api_keys,
            tenants::tenant_closure,
            sites::sites_and_origins,
            sites::knowledge_pages,
            sites::page_versions,
            sites::crawl_runs,
            team::team_keys_and_members,
            team::audit_chain,
            documents::settings_and_published_texts,
            documents::breaches,
            documents::approved_answers,
            documents::site_tests,
        );
    };
}

/// Every conversation store story as a named test; see
/// [`conformance_tests!`](crate::conformance_tests).
#[macro_export]
macro_rules! conversation_store_conformance {
    ($open:path, $finish:path) => {
        $crate::conformance_tests!($open, $finish =>
            conversations::visitor_keys,
            conversations::turns_and_listings,
            conversations::retention_sweep,
            conversations::turn_guards,
            rights::objections,
            rights::erasure_by_subject,
            rights::requests_started_once_and_counted,
            consent::consent_ledger,
            leads::leads,
            votes::votes_on_answers,
        );
    };
}

/// Every key store story as a named test; see
/// [`conformance_tests!`](crate::conformance_tests).
#[macro_export]
macro_rules! key_store_conformance {
    ($open:path, $finish:path) => {
        $crate::conformance_tests!($open, $finish =>
            keys::conversation_keys,
            keys::shredding,
        );
    };
}

fn tenant(name: &str, created_at: i64) -> TenantRecord {
    TenantRecord {
        id: TenantId::random(),
        name: name.to_owned(),
        wrapped_key: vec![1, 2, 3, 4],
        created_at,
    }
}

fn site(tenant_id: TenantId, id: &str) -> SiteRecord {
    SiteRecord {
        tenant_id,
        id: id.parse().expect("valid site id"),
        origins: vec![
            "https://shop.example".into(),
            "https://www.shop.example".into(),
        ],
        privacy_notice_url: Some("https://shop.example/privacy".into()),
        language: "en".into(),
        retention_days: 30,
        knowledge_version: 0,
        answers_version: 0,
        created_at: 100,
    }
}

fn page(url: &str, hash: &str, texts: &[&str]) -> KnowledgePage {
    KnowledgePage {
        url: url.to_owned(),
        title: format!("Title of {url}"),
        language: Some("en".into()),
        content_hash: hash.to_owned(),
        stored_at: None,
        etag: None,
        last_modified: None,
        chunks: texts
            .iter()
            .map(|t| KnowledgeChunk {
                heading: "Heading".into(),
                text: (*t).to_owned(),
            })
            .collect(),
    }
}

/// Site `shop`, as the conversation stories name it.
fn shop() -> SiteId {
    "shop".parse().expect("valid site id")
}

/// Two tenants: `Acme` and `Other`.
async fn two_tenants<M: MainStore>(store: &M) -> (TenantRecord, TenantRecord) {
    let (acme, other) = (tenant("Acme", 10), tenant("Other", 20));
    store.create_tenant(&acme).await.expect("create tenant");
    store.create_tenant(&other).await.expect("create tenant");
    (acme, other)
}

/// Two tenants, the first with site `shop`.
async fn tenants_with_site<M: MainStore>(store: &M) -> (TenantRecord, TenantRecord, SiteId) {
    let (acme, other) = two_tenants(store).await;
    let shop = site(acme.id, "shop");
    store.create_site(&shop).await.expect("create site");
    (acme, other, shop.id)
}

fn conversation(
    tenant_id: TenantId,
    site_id: &SiteId,
    pseudonym: Pseudonym,
    at: i64,
) -> ConversationRecord {
    ConversationRecord {
        tenant_id,
        id: ConversationId::random(),
        site_id: site_id.clone(),
        pseudonym,
        phase: Phase::Exploring,
        created_at: at,
        updated_at: at,
    }
}

fn message(seq: i64, role: Role, body: &[u8], page: Option<&[u8]>) -> MessageRecord {
    MessageRecord {
        id: MessageId::random(),
        seq,
        role,
        body: body.to_vec(),
        page_path: page.map(<[u8]>::to_vec),
        sealing: if seq % 2 == 0 {
            Sealing::ConversationKey
        } else {
            Sealing::VisitorKey
        },
        created_at: 1000 + seq,
    }
}

/// A conversation of `messages` messages with opaque 300-byte bodies, last active at `at`:
/// bulk data for erasure tests and benchmarks, which never decrypt.
pub fn opaque_turn(
    tenant: TenantId,
    site: &SiteId,
    pseudonym: Pseudonym,
    at: i64,
    messages: i64,
) -> TurnRecord {
    TurnRecord {
        phase_steps: Vec::new(),
        conversation: conversation(tenant, site, pseudonym, at),
        messages: (0..messages)
            .map(|seq| message(seq, Role::Visitor, &[7; 300], None))
            .collect(),
        guard: None,
    }
}

/// Stores a visitor's key and one conversation per entry of `messages_per_conversation`.
async fn visitor_with<C: ConversationStore>(
    store: &C,
    tenant: TenantId,
    pseudonym: Pseudonym,
    messages_per_conversation: &[i64],
) -> Vec<ConversationId> {
    store
        .insert_visitor_key(tenant, &pseudonym, b"wrapped", 10)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (i, count) in messages_per_conversation.iter().enumerate() {
        let site: SiteId = if i % 2 == 0 { "shop" } else { "blog" }.parse().unwrap();
        let record = conversation(tenant, &site, pseudonym, 100 + i as i64);
        ids.push(record.id);
        store
            .record_turn(&TurnRecord {
                phase_steps: Vec::new(),
                conversation: record,
                messages: (0..*count)
                    .map(|seq| message(seq, Role::Visitor, b"sealed", None))
                    .collect(),
                guard: None,
            })
            .await
            .unwrap();
    }
    ids
}

fn held(conversations: u64, messages: u64, visitor_keys: u64) -> HeldCounts {
    HeldCounts {
        conversations,
        messages,
        visitor_keys,
    }
}
