//! The main store: everything about tenants and their sites, nothing about visitors.

use std::future::Future;

use sotto_core::access::TeamRole;
use sotto_core::{MemberId, SiteId, TenantId, UnixTime};

use crate::StoreResult;
use crate::breaches::BreachRecord;
use crate::consent::PublishedText;
use crate::crawls::{CrawlEnd, CrawlRunRecord};

/// A tenant with its key wrapped by the master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantRecord {
    /// Identifier.
    pub id: TenantId,
    /// Display name of the business.
    pub name: String,
    /// The tenant key, wrapped by the master key.
    pub wrapped_key: Vec<u8>,
    /// Creation time.
    pub created_at: UnixTime,
}

/// An admin API key: its public id, the hash of its secret, and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Public key id (lookup).
    pub key_id: String,
    /// SHA-256 of the secret.
    pub secret_hash: Vec<u8>,
    /// What the key may do.
    pub role: TeamRole,
    /// What the key is for, as its creator put it ("CRM sync").
    pub label: String,
    /// Creation time.
    pub created_at: UnixTime,
    /// When it was revoked; a revoked key authenticates nothing but stays listed.
    pub revoked_at: Option<UnixTime>,
}

/// A member of a tenant's team, who signs in to the admin UI with a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Identifier.
    pub id: MemberId,
    /// Sign-in address, lower-cased; unique within the tenant.
    pub email: String,
    /// Name shown to the rest of the team.
    pub display_name: String,
    /// What the member may do.
    pub role: TeamRole,
    /// argon2id hash in PHC string form.
    pub password_hash: String,
    /// Creation time.
    pub created_at: UnixTime,
    /// Someone else chose the password (whoever added the member): the member must change it
    /// before doing anything else.
    pub must_change_password: bool,
}

/// A member's sign-in session of the admin UI (the secret is kept only as a hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Public session id, from the cookie.
    pub session_id: String,
    /// Who signed in.
    pub member_id: MemberId,
    /// SHA-256 of the cookie's secret.
    pub secret_hash: Vec<u8>,
    /// Sign-in time.
    pub created_at: UnixTime,
    /// After this the session signs nobody in, whatever the cookie says.
    pub expires_at: UnixTime,
}

/// An audit log entry before it is chained: who did what to which object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditDraft {
    /// When.
    pub at: UnixTime,
    /// Who: `key:<key id>`, `member:<member id>`, `cli`, `visitor` or `system`.
    pub actor: String,
    /// What: `conversation.read`, `key.revoke`, …
    pub action: String,
    /// Which object: an id, never content or personal data.
    pub object: String,
}

/// An audit log entry as stored: the draft, its place in the tenant's chain, and the MAC that
/// links it to the entry before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Position in the tenant's log, from 1, without gaps.
    pub seq: i64,
    /// What happened.
    pub draft: AuditDraft,
    /// MAC over the entry and the previous entry's MAC.
    pub mac: Vec<u8>,
}

/// Computes an entry's MAC from its sequence number and the previous entry's MAC (empty for
/// the first); supplied by the layer that holds the key.
pub type AuditSeal<'a> = &'a (dyn Fn(i64, &[u8]) -> Vec<u8> + Sync);

/// A website of a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Public id used by the widget.
    pub id: SiteId,
    /// Origins (`scheme://host[:port]`) allowed to call the widget API.
    pub origins: Vec<String>,
    /// Where the site's privacy notice lives; the widget links to it.
    pub privacy_notice_url: Option<String>,
    /// Language of the site's content and interface (`en`, `fr`, …).
    pub language: String,
    /// Days a conversation is kept after its last message; the retention sweep erases older
    /// ones.
    pub retention_days: u32,
    /// Bumped on every knowledge change so nodes know when to rebuild their index.
    pub knowledge_version: i64,
    /// Bumped on every change of the site's approved answers, so nodes know when to read
    /// them again.
    pub answers_version: i64,
    /// Creation time.
    pub created_at: UnixTime,
}

/// One page of a site's public content, with its chunks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgePage {
    /// Canonical URL.
    pub url: String,
    /// Page title.
    pub title: String,
    /// Page language when known.
    pub language: Option<String>,
    /// Hash of the extracted content, to skip unchanged pages; the digest of the page's
    /// version that answers cite.
    pub content_hash: String,
    /// When the store took this content (its crawl or import time), as read back; a page
    /// written without it is stamped with the time of the write, one written with it (a copy
    /// between stores) keeps it.
    pub stored_at: Option<UnixTime>,
    /// The `ETag` the site last sent for the page, for a conditional recrawl.
    pub etag: Option<String>,
    /// The `Last-Modified` the site last sent for the page, for a conditional recrawl.
    pub last_modified: Option<String>,
    /// The page's chunks in reading order.
    pub chunks: Vec<KnowledgeChunk>,
}

/// One retrievable passage of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeChunk {
    /// The heading path the passage sits under.
    pub heading: String,
    /// The passage text.
    pub text: String,
}

/// Whether an import adds to a site's pages or replaces them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Add and update the given pages; keep the others.
    Merge,
    /// The given pages become the site's whole knowledge; the others are removed.
    Replace,
}

/// What an import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportOutcome {
    /// Pages that did not exist before.
    pub added: usize,
    /// Pages whose content changed.
    pub updated: usize,
    /// Pages already stored with the same content.
    pub unchanged: usize,
    /// Pages removed by a [`ImportMode::Replace`] import.
    pub removed: usize,
    /// The site's knowledge version after the import.
    pub knowledge_version: i64,
}

/// Persistence of tenants, sites, API keys and knowledge. Every method that reads
/// tenant-owned data takes the tenant id, except the two lookups that establish it
/// (a site id from a public URL, an API key id from a bearer token).
pub trait MainStore: Send + Sync + 'static {
    /// The schema version (latest applied migration) of this store.
    fn schema_version(&self) -> i64;
    /// Whether the database answers now (health checks); fails with
    /// [`StoreError::Unavailable`](crate::StoreError::Unavailable) when it cannot be reached.
    fn ping(&self) -> impl Future<Output = StoreResult<()>> + Send;
    /// Closes every connection once its work is done, so that a stopped server leaves settled
    /// files (SQLite removes its WAL) and no session behind; called on graceful shutdown.
    fn close(&self) -> impl Future<Output = ()> + Send;
    /// Stores a new tenant.
    fn create_tenant(&self, tenant: &TenantRecord) -> impl Future<Output = StoreResult<()>> + Send;
    /// One tenant by id.
    fn tenant(
        &self,
        id: TenantId,
    ) -> impl Future<Output = StoreResult<Option<TenantRecord>>> + Send;
    /// Tenants with this exact name (names are not unique), oldest first.
    fn tenants_named(
        &self,
        name: &str,
    ) -> impl Future<Output = StoreResult<Vec<TenantRecord>>> + Send;
    /// Stores an API key hash.
    fn insert_api_key(&self, key: &ApiKeyRecord) -> impl Future<Output = StoreResult<()>> + Send;
    /// Finds an API key by its public id.
    fn api_key(
        &self,
        key_id: &str,
    ) -> impl Future<Output = StoreResult<Option<ApiKeyRecord>>> + Send;
    /// Stores a new site; [`crate::StoreError::Conflict`] when the id is taken.
    fn create_site(&self, site: &SiteRecord) -> impl Future<Output = StoreResult<()>> + Send;
    /// Replaces the origins allowed to call a site's widget API, in order; false when the
    /// tenant has no such site.
    fn set_origins(
        &self,
        tenant: TenantId,
        site: &SiteId,
        origins: &[String],
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Changes how long a site's conversations are kept; false when the tenant has no such site.
    fn set_retention(
        &self,
        tenant: TenantId,
        site: &SiteId,
        days: u32,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Resolves a public site id to its record (and so its tenant).
    fn site(&self, id: &SiteId) -> impl Future<Output = StoreResult<Option<SiteRecord>>> + Send;
    /// Upserts pages of a site by URL, skipping unchanged ones (whose validators it still
    /// refreshes; with [`ImportMode::Replace`] it removes the pages not given), and bumps the
    /// knowledge version when anything changed. Atomic.
    fn upsert_pages(
        &self,
        tenant: TenantId,
        site: &SiteId,
        pages: &[KnowledgePage],
        mode: ImportMode,
    ) -> impl Future<Output = StoreResult<ImportOutcome>> + Send;
    /// A tenant's personal-data settings (a JSON document owned by the app layer); `None` for
    /// an unknown tenant, `{}` until the tenant sets them.
    fn pii_settings(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Option<String>>> + Send;
    /// Replaces a tenant's personal-data settings; false for an unknown tenant.
    fn set_pii_settings(
        &self,
        tenant: TenantId,
        settings: &str,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Every tenant, oldest first (installation-wide maintenance such as `sotto db copy`).
    fn tenants(&self) -> impl Future<Output = StoreResult<Vec<TenantRecord>>> + Send;
    /// A tenant's API keys.
    fn api_keys_of(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Vec<ApiKeyRecord>>> + Send;
    /// A tenant's sites.
    fn sites_of(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Vec<SiteRecord>>> + Send;
    /// Marks a crawl of `site` from `start_url` running as of `at`; false when another one is
    /// running and started after `stale_before` (an older one is taken for a crashed node's
    /// and replaced). Atomic across nodes.
    fn begin_crawl(
        &self,
        tenant: TenantId,
        site: &SiteId,
        start_url: &str,
        trigger: &str,
        at: UnixTime,
        stale_before: UnixTime,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Records how far the running crawl of `site` has come.
    fn record_crawl_progress(
        &self,
        tenant: TenantId,
        site: &SiteId,
        done: u64,
        known: u64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Records the end of the running crawl of `site`.
    fn finish_crawl(
        &self,
        tenant: TenantId,
        site: &SiteId,
        at: UnixTime,
        end: CrawlEnd<'_>,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// The latest crawl of `site`; `None` when it was never crawled.
    fn crawl_run(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> impl Future<Output = StoreResult<Option<CrawlRunRecord>>> + Send;
    /// Every page of a site with its chunks, to rebuild a search index.
    fn pages(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> impl Future<Output = StoreResult<Vec<KnowledgePage>>> + Send;
    /// Destroys a tenant's wrapped key (the first step of account closure): everything sealed
    /// under it, in every copy, becomes unreadable. The tenant's row stays, keyless, until
    /// [`Self::delete_tenant`]; false for an unknown tenant.
    fn shred_tenant_key(&self, tenant: TenantId) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes a tenant with its sites, origins, knowledge and API keys (the last step of
    /// account closure).
    fn delete_tenant(&self, tenant: TenantId) -> impl Future<Output = StoreResult<()>> + Send;
    /// Marks a key revoked at `at`; false when the tenant has no such unrevoked key.
    fn revoke_api_key(
        &self,
        tenant: TenantId,
        key_id: &str,
        at: UnixTime,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Adds a member; [`crate::StoreError::Conflict`] when the e-mail is taken in the tenant.
    fn insert_member(&self, member: &MemberRecord) -> impl Future<Output = StoreResult<()>> + Send;
    /// A tenant's members, oldest first.
    fn members_of(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Vec<MemberRecord>>> + Send;
    /// Sets a member's password hash and whether they must change it, and ends every session
    /// of theirs but `keep_session` (the one that changed it, if any); false when the tenant
    /// has no such member.
    fn set_member_password(
        &self,
        tenant: TenantId,
        member: MemberId,
        password_hash: &str,
        must_change: bool,
        keep_session: Option<&str>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Removes a member; false when the tenant has no such member.
    fn delete_member(
        &self,
        tenant: TenantId,
        member: MemberId,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Opens a sign-in session, and drops the tenant's expired ones (at `session.created_at`).
    fn insert_session(
        &self,
        session: &SessionRecord,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// A session with its member, read fresh (a changed role applies at once); `None` when
    /// the tenant has no such session. Expiry is the caller's check.
    fn session(
        &self,
        tenant: TenantId,
        session_id: &str,
    ) -> impl Future<Output = StoreResult<Option<(SessionRecord, MemberRecord)>>> + Send;
    /// Ends a session (sign-out, expiry); false when the tenant has no such session.
    fn delete_session(
        &self,
        tenant: TenantId,
        session_id: &str,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Appends an entry to the tenant's audit log, atomically with the chain's head: the
    /// entry gets the next sequence number and `seal` computes its MAC from the previous one.
    fn append_audit(
        &self,
        tenant: TenantId,
        draft: &AuditDraft,
        seal: AuditSeal<'_>,
    ) -> impl Future<Output = StoreResult<AuditEntry>> + Send;
    /// Up to `limit` entries of the tenant's log after sequence number `after`, in order.
    fn audit_entries(
        &self,
        tenant: TenantId,
        after: i64,
        limit: usize,
    ) -> impl Future<Output = StoreResult<Vec<AuditEntry>>> + Send;
    /// The sequence number of the tenant's last audit entry (0 when the log is empty), kept
    /// apart from the entries so that removing the last ones shows.
    fn audit_head(&self, tenant: TenantId) -> impl Future<Output = StoreResult<i64>> + Send;
    /// Makes deletions final on disk (SQLite: the WAL moves into the file, where
    /// `secure_delete` has zeroed the freed pages); nothing to do on PostgreSQL.
    fn checkpoint(&self) -> impl Future<Output = StoreResult<()>> + Send;
    /// A settings document of a tenant (JSON of the app layer), by key: `privacy` for the
    /// tenant, `site:<id>` for one of its sites.
    fn settings_document(
        &self,
        tenant: TenantId,
        key: &str,
    ) -> impl Future<Output = StoreResult<Option<String>>> + Send;
    /// Creates or replaces a settings document.
    fn put_settings_document(
        &self,
        tenant: TenantId,
        key: &str,
        body: &str,
        updated_at: UnixTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Every version of every text shown on a site, by kind, language and version.
    fn published_texts(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> impl Future<Output = StoreResult<Vec<PublishedText>>> + Send;
    /// Stores a new version of a text; [`crate::StoreError::Conflict`] when that version
    /// exists (another node published at the same moment).
    fn publish_text(&self, text: &PublishedText) -> impl Future<Output = StoreResult<()>> + Send;
    /// Stores a new approved answer and bumps the site's answers version, atomically; false
    /// when the tenant has no such site or the site already has an answer of that id.
    fn insert_approved_answer(
        &self,
        answer: &crate::ApprovedAnswerRecord,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Replaces an approved answer's content, switch and change time (never its creation
    /// time) and bumps the site's answers version, atomically; false when the site has no
    /// such answer (one deleted meanwhile stays deleted).
    fn update_approved_answer(
        &self,
        answer: &crate::ApprovedAnswerRecord,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes an approved answer and bumps the site's answers version; false when the site
    /// has no such answer.
    fn delete_approved_answer(
        &self,
        tenant: TenantId,
        site: &SiteId,
        id: &str,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// A site's approved answers, switched off ones included, oldest first.
    fn approved_answers(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> impl Future<Output = StoreResult<Vec<crate::ApprovedAnswerRecord>>> + Send;
    /// Stores a new answer test; false when the tenant has no such site or the id is taken.
    fn insert_site_test(
        &self,
        test: &crate::SiteTestRecord,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Replaces an answer test's content and change time (never its creation time); false
    /// when the site has no such test (one deleted meanwhile stays deleted).
    fn update_site_test(
        &self,
        test: &crate::SiteTestRecord,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes an answer test; false when the site has no such test.
    fn delete_site_test(
        &self,
        tenant: TenantId,
        site: &SiteId,
        id: &str,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// A site's answer tests, oldest first.
    fn site_tests(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> impl Future<Output = StoreResult<Vec<crate::SiteTestRecord>>> + Send;
    /// Stores a run of a site's answer tests and keeps only its `keep` newest runs, atomically;
    /// false when the tenant has no such site.
    fn record_site_test_run(
        &self,
        run: &crate::SiteTestRunRecord,
        keep: u32,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// A site's newest `limit` runs of its answer tests, newest first.
    fn site_test_runs(
        &self,
        tenant: TenantId,
        site: &SiteId,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Vec<crate::SiteTestRunRecord>>> + Send;
    /// Version `digest` of page `url` of a site: the current page when its content has that
    /// digest, else the superseded version still kept; `None` when neither is.
    fn page_version(
        &self,
        tenant: TenantId,
        site: &SiteId,
        url: &str,
        digest: &str,
    ) -> impl Future<Output = StoreResult<Option<crate::PageVersionRecord>>> + Send;
    /// Every superseded version kept of a site's pages (`sotto db copy`).
    fn superseded_page_versions(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> impl Future<Output = StoreResult<Vec<crate::PageVersionRecord>>> + Send;
    /// Stores superseded versions read from another store (`sotto db copy`); a version already
    /// kept stays as it is. Atomic.
    fn keep_page_versions(
        &self,
        tenant: TenantId,
        site: &SiteId,
        versions: &[crate::PageVersionRecord],
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Deletes a site's versions superseded before `superseded_before` (the retention sweep,
    /// once no stored conversation can have cited them); returns how many went.
    fn prune_page_versions(
        &self,
        tenant: TenantId,
        site: &SiteId,
        superseded_before: UnixTime,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Records a breach, or replaces the record of the same id.
    fn put_breach(&self, breach: &BreachRecord) -> impl Future<Output = StoreResult<()>> + Send;
    /// A tenant's breaches, most recently detected first.
    fn breaches_of(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Vec<BreachRecord>>> + Send;
}
