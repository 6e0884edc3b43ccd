//! The conversation store: pseudonymous visitors, their wrapped keys, conversations and
//! encrypted messages. Nothing here is readable without the key hierarchy, and messages not
//! without their conversation's key from the key store.

use std::future::Future;

use sotto_core::{
    ConversationId, MessageId, Phase, PhaseCause, Pseudonym, RequestId, SiteId, TenantId, UnixTime,
};

use crate::{
    ConsentEvent, ConsentFacts, ConsentLinker, HeldCounts, Job, LeadRecord, RequestRecord,
    StoreResult, Subject, UnrecordedRequests, VoteRecord, VoteTally,
};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The website visitor.
    Visitor,
    /// Sotto's answerer.
    Assistant,
    /// A member of the tenant's team, replying from the admin UI.
    Agent,
}

impl Role {
    /// Stable stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Visitor => "visitor",
            Role::Assistant => "assistant",
            Role::Agent => "agent",
        }
    }
    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "visitor" => Some(Role::Visitor),
            "assistant" => Some(Role::Assistant),
            "agent" => Some(Role::Agent),
            _ => None,
        }
    }
}

/// Which key sealed a message, and with which associated data: a stored column, so that
/// messages written before conversation keys existed stay readable beside those written after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sealing {
    /// The visitor key, associated data `sotto/msg/v1` (messages stored before conversation
    /// keys; erasing their conversation alone cannot shred them).
    VisitorKey,
    /// The conversation's own key from the key store, associated data `sotto/msg/v2` (binds
    /// the role and position too).
    ConversationKey,
}

impl Sealing {
    /// Stable stored number.
    pub fn as_i64(self) -> i64 {
        match self {
            Sealing::VisitorKey => 1,
            Sealing::ConversationKey => 2,
        }
    }

    /// Parses a stored number.
    pub fn parse(stored: i64) -> Option<Self> {
        match stored {
            1 => Some(Sealing::VisitorKey),
            2 => Some(Sealing::ConversationKey),
            _ => None,
        }
    }
}

/// A conversation's metadata (no content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Identifier.
    pub id: ConversationId,
    /// The site it happens on.
    pub site_id: SiteId,
    /// The visitor's pseudonym.
    pub pseudonym: Pseudonym,
    /// Current phase.
    pub phase: Phase,
    /// Creation time.
    pub created_at: UnixTime,
    /// Last activity.
    pub updated_at: UnixTime,
}

/// One stored message: everything personal is ciphertext.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRecord {
    /// Identifier.
    pub id: MessageId,
    /// Position in the conversation (0-based).
    pub seq: i64,
    /// Author.
    pub role: Role,
    /// Sealed body (text and citations).
    pub body: Vec<u8>,
    /// Sealed page path, when the widget sent one.
    pub page_path: Option<Vec<u8>>,
    /// Which key sealed the body and page path.
    pub sealing: Sealing,
    /// Creation time.
    pub created_at: UnixTime,
}

/// A conversation entering a phase: the team sees each one, with what caused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseStep {
    /// The phase entered.
    pub phase: Phase,
    /// Why.
    pub cause: PhaseCause,
    /// When.
    pub at: UnixTime,
}

/// One chat turn to persist atomically: the conversation (created when new), its new
/// messages, and the phase it entered, if it entered one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnRecord {
    /// The conversation after the turn (phase and `updated_at` are written). A turn whose
    /// first message has `seq` 0 starts it; any other continues it, and is not stored when the
    /// conversation is gone (erased meanwhile).
    pub conversation: ConversationRecord,
    /// Messages to append; their `seq` continue the conversation.
    pub messages: Vec<MessageRecord>,
    /// The phases the conversation entered in this turn (its first one when it is new).
    pub phase_steps: Vec<PhaseStep>,
    /// For a visitor's own turn: what must still hold when it is stored.
    pub guard: Option<TurnGuard>,
}

/// What a visitor's turn checks in the transaction that stores it, so that a turn racing an
/// erasure, an objection or a withdrawal of consent stores nothing: no objection recorded, no
/// erasure of the visitor since the turn began, and the visitor's key the one the messages
/// were sealed with (stored with the turn when the visitor had none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnGuard {
    /// When the turn began (the visitor's message arrived), in milliseconds since the epoch.
    pub began_at_ms: i64,
    /// The wrapped key the messages were sealed with; `None` when nothing is sealed
    /// (benchmark builds without privacy).
    pub visitor_key: Option<Vec<u8>>,
}

/// What a visitor's turn reads before answering, in one round trip: whether the visitor
/// objects, their wrapped key, and the conversation they continue with its length. A turn used
/// to read these one by one; on SQLite each read is a hand-off to a connection thread, on
/// PostgreSQL a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnContext {
    /// Since when the visitor objects to storage, if they do.
    pub objection_since: Option<UnixTime>,
    /// The visitor's wrapped data key, if they have one.
    pub visitor_key: Option<Vec<u8>>,
    /// The conversation asked for, if it exists (whoever it belongs to: the caller checks).
    pub conversation: Option<ConversationRecord>,
    /// The number of messages stored in it (0 when there is none).
    pub message_count: i64,
}

/// A visitor as stored: pseudonym and wrapped data key, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// The visitor's pseudonym.
    pub pseudonym: Pseudonym,
    /// Their data key, wrapped by the tenant key.
    pub wrapped_key: Vec<u8>,
    /// Creation time.
    pub created_at: UnixTime,
}

/// Persistence of pseudonymous visitors and their encrypted conversations. Every method is
/// scoped to one tenant.
pub trait ConversationStore: Send + Sync + 'static {
    /// The schema version (latest applied migration) of this store.
    fn schema_version(&self) -> i64;
    /// Whether the database answers now (health checks); fails with
    /// [`StoreError::Unavailable`](crate::StoreError::Unavailable) when it cannot be reached.
    fn ping(&self) -> impl Future<Output = StoreResult<()>> + Send;
    /// Closes every connection once its work is done, so that a stopped server leaves settled
    /// files (SQLite removes its WAL) and no session behind; called on graceful shutdown.
    fn close(&self) -> impl Future<Output = ()> + Send;
    /// Makes erasures final on disk: SQLite moves its WAL into the database file (where
    /// `secure_delete` has zeroed the freed pages) and truncates it. PostgreSQL has nothing to
    /// do here; its dead rows go with the operator's VACUUM.
    fn checkpoint(&self) -> impl Future<Output = StoreResult<()>> + Send;
    /// Proof that this process holds a job's lock; given back to [`Self::unlock_job`].
    type JobLock: Send;
    /// Takes the installation-wide lock of `job` if no one (this or another process or node)
    /// holds it; `None` when it is taken.
    fn try_lock_job(
        &self,
        job: Job,
    ) -> impl Future<Output = StoreResult<Option<Self::JobLock>>> + Send;
    /// Releases a job lock. A lock that is dropped instead is released when its process or
    /// connection ends.
    fn unlock_job(&self, lock: Self::JobLock) -> impl Future<Output = StoreResult<()>> + Send;
    /// Erases up to `batch` conversations of a site whose last activity is older than
    /// `idle_before`, with their messages; returns the ones that went (whose keys the sweep
    /// shreds next). Called until it returns none, so that a large sweep never holds the
    /// database for long and an interrupted one resumes.
    fn erase_idle_conversations(
        &self,
        tenant: TenantId,
        site: &SiteId,
        idle_before: UnixTime,
        batch: u32,
    ) -> impl Future<Output = StoreResult<Vec<ConversationId>>> + Send;
    /// The subject's conversations (a visitor's, an address's, one): whose keys an erasure
    /// shreds before it deletes them.
    fn conversation_ids(
        &self,
        tenant: TenantId,
        subject: &Subject,
    ) -> impl Future<Output = StoreResult<Vec<ConversationId>>> + Send;
    /// Which of `ids` are stored: the key store's sweep drops the keys of the others.
    fn stored_conversations(
        &self,
        tenant: TenantId,
        ids: &[ConversationId],
    ) -> impl Future<Output = StoreResult<Vec<ConversationId>>> + Send;
    /// Counts the conversations of a site whose last activity is older than `idle_before`, and
    /// their messages (what a sweep would erase; no key is counted).
    fn count_idle_conversations(
        &self,
        tenant: TenantId,
        site: &SiteId,
        idle_before: UnixTime,
    ) -> impl Future<Output = StoreResult<HeldCounts>> + Send;
    /// When the oldest stored conversation of a site began; `None` when it has none. No answer
    /// kept is older, so a page version superseded before then was cited by none of them.
    fn oldest_conversation_start(
        &self,
        tenant: TenantId,
        site: &SiteId,
    ) -> impl Future<Output = StoreResult<Option<UnixTime>>> + Send;
    /// Erases the leads of a site left before `created_before` (the site's retention applies
    /// to addresses as to conversations); returns how many went.
    fn erase_old_leads(
        &self,
        tenant: TenantId,
        site: &SiteId,
        created_before: UnixTime,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Erases the visitors (pseudonym and wrapped key) created before `created_before` who have
    /// no conversation and no lead left; returns how many went.
    fn erase_orphan_visitors(
        &self,
        tenant: TenantId,
        created_before: UnixTime,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// The wrapped data key of a visitor, if they have one.
    fn visitor_key(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
    ) -> impl Future<Output = StoreResult<Option<Vec<u8>>>> + Send;
    /// Stores a visitor's wrapped key unless one exists, and returns the stored one (so two
    /// concurrent first messages agree on one key).
    fn insert_visitor_key(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
        wrapped_key: &[u8],
        created_at: UnixTime,
    ) -> impl Future<Output = StoreResult<Vec<u8>>> + Send;
    /// One conversation by id.
    fn conversation(
        &self,
        tenant: TenantId,
        id: ConversationId,
    ) -> impl Future<Output = StoreResult<Option<ConversationRecord>>> + Send;
    /// What a visitor's turn needs to know, read at once ([`TurnContext`]); `conversation` is
    /// the one the turn continues, if any.
    fn turn_context(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
        conversation: Option<ConversationId>,
    ) -> impl Future<Output = StoreResult<TurnContext>> + Send;
    /// Number of messages stored in a conversation (the next `seq`).
    fn message_count(
        &self,
        tenant: TenantId,
        id: ConversationId,
    ) -> impl Future<Output = StoreResult<i64>> + Send;
    /// Persists a turn atomically, unless its conversation was erased meanwhile or its
    /// [`TurnGuard`] no longer holds; returns whether it was stored.
    fn record_turn(&self, turn: &TurnRecord) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Marks the subject's visitors as erased at `at_ms` (milliseconds since the epoch, before
    /// anything of theirs is deleted): a guarded turn that began then or before is not stored.
    /// The tenant's marks older than a day go then; a tenant's closure drops all of them.
    fn fence_subject(
        &self,
        tenant: TenantId,
        subject: &Subject,
        at_ms: i64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// A visitor's conversations on a site, most recent first.
    fn conversations_of(
        &self,
        tenant: TenantId,
        site: &SiteId,
        pseudonym: &Pseudonym,
    ) -> impl Future<Output = StoreResult<Vec<ConversationRecord>>> + Send;
    /// Every visitor of a tenant (installation-wide maintenance such as `sotto db copy`).
    fn visitors_of(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Vec<VisitorRecord>>> + Send;
    /// Up to `limit` of a tenant's conversations (of one site, if given) active since
    /// `active_since`, the most recently active first: what the team's list and the analytics
    /// read, bounded whatever the tenant holds.
    fn recent_conversations(
        &self,
        tenant: TenantId,
        site: Option<&SiteId>,
        active_since: UnixTime,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Vec<ConversationRecord>>> + Send;
    /// Every conversation of a tenant, oldest first (installation-wide maintenance such as
    /// `sotto db copy`).
    fn conversations_of_tenant(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Vec<ConversationRecord>>> + Send;
    /// The last `limit` messages of a conversation, in order.
    fn messages(
        &self,
        tenant: TenantId,
        conversation: ConversationId,
        limit: usize,
    ) -> impl Future<Output = StoreResult<Vec<MessageRecord>>> + Send;
    /// What the store holds on a subject.
    fn count_held(
        &self,
        tenant: TenantId,
        subject: &Subject,
    ) -> impl Future<Output = StoreResult<HeldCounts>> + Send;
    /// Destroys the wrapped visitor keys of a subject (a visitor's, or every one of a tenant's;
    /// none for a single conversation); returns how many went. What they sealed (e-mail
    /// addresses, messages stored before conversation keys) is then unreadable wherever it is
    /// left without them, though not in a backup of this store taken before: the conversation
    /// keys, shredded in the key store just before, are what reach those backups.
    fn shred_keys(
        &self,
        tenant: TenantId,
        subject: &Subject,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Deletes up to `batch` of a subject's conversations with their messages; returns how
    /// many went. Called until it returns less than `batch`.
    fn erase_conversations(
        &self,
        tenant: TenantId,
        subject: &Subject,
        batch: u32,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Deletes a subject's leads (a visitor's, a conversation's, an address's, or every one of
    /// a tenant's); returns how many went. The last deletion of an erasure, because an
    /// e-mail subject finds its visitors through their leads.
    fn erase_leads(
        &self,
        tenant: TenantId,
        subject: &Subject,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// The phases a conversation entered, in order.
    fn phase_steps(
        &self,
        tenant: TenantId,
        conversation: ConversationId,
    ) -> impl Future<Output = StoreResult<Vec<PhaseStep>>> + Send;
    /// Stores a visitor's vote on an answer of theirs and adds `tally`, if any, to the site's
    /// weekly counts (a copy of the stores has none: it copies the counts apart), in one
    /// transaction, if the vote stored on that answer is still `replaces` (the
    /// sealed vote read before, `None` for none) and the answer is still stored; returns
    /// whether it was stored. Two votes racing on one answer cannot both count.
    fn record_vote(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
        vote: &VoteRecord,
        replaces: Option<&[u8]>,
        tally: Option<&VoteTally>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Adds `tally` to the site's weekly counts alone: the vote of a visitor whose
    /// conversation is not stored.
    fn add_vote_tally(
        &self,
        tenant: TenantId,
        tally: &VoteTally,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Deletes a tenant's weekly vote counts (the tenant's closure); returns how many rows went.
    fn erase_vote_tallies(&self, tenant: TenantId)
    -> impl Future<Output = StoreResult<u64>> + Send;
    /// The votes stored on a conversation's answers, in the order of the answers.
    fn votes(
        &self,
        tenant: TenantId,
        conversation: ConversationId,
    ) -> impl Future<Output = StoreResult<Vec<VoteRecord>>> + Send;
    /// A tenant's weekly vote counts (of one site, if given) from the week starting `since`,
    /// oldest week first.
    fn vote_tallies(
        &self,
        tenant: TenantId,
        site: Option<&SiteId>,
        since: UnixTime,
    ) -> impl Future<Output = StoreResult<Vec<VoteTally>>> + Send;
    /// Stores a lead.
    fn record_lead(&self, lead: &LeadRecord) -> impl Future<Output = StoreResult<()>> + Send;
    /// A tenant's leads, or one visitor's, most recent first.
    fn leads(
        &self,
        tenant: TenantId,
        visitor: Option<&Pseudonym>,
    ) -> impl Future<Output = StoreResult<Vec<LeadRecord>>> + Send;
    /// Adds a request to the register.
    fn record_request(
        &self,
        request: &RequestRecord,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Marks a request completed, with its receipt's MAC; returns false, changing nothing,
    /// when it already was (another process completed it first), so that a request has one
    /// receipt.
    fn complete_request(
        &self,
        tenant: TenantId,
        id: RequestId,
        completed_at: UnixTime,
        receipt_mac: &[u8],
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Moves an open request (entered by the team) to in progress, with what is held now, so
    /// that an interruption leaves it for [`Self::unfinished_erasures`]; returns false,
    /// changing nothing, when it was no longer open (someone else took it).
    fn start_request(
        &self,
        tenant: TenantId,
        id: RequestId,
        counts: HeldCounts,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Whether the store holds anything on a visitor: a key, a conversation, a lead or a
    /// consent answer not forgotten (an objection marker is a setting, not data held). A
    /// rights request from a visitor who holds nothing is counted, not registered
    /// ([`Self::count_unrecorded_request`]).
    fn holds_anything(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Adds `by` to the count of requests of `kind` on `site` on `day` from visitors who held
    /// nothing.
    fn count_unrecorded_request(
        &self,
        tenant: TenantId,
        counted: &UnrecordedRequests,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// A tenant's counts of requests from visitors who held nothing, most recent day first.
    fn unrecorded_requests(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Vec<UnrecordedRequests>>> + Send;
    /// One request of the register.
    fn request(
        &self,
        tenant: TenantId,
        id: RequestId,
    ) -> impl Future<Output = StoreResult<Option<RequestRecord>>> + Send;
    /// A tenant's register, most recently received first.
    fn requests_of(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Vec<RequestRecord>>> + Send;
    /// A tenant's erasures (and objections, which erase) that were started but not completed
    /// (interrupted by a crash), oldest first: resumed when Sotto starts.
    fn unfinished_erasures(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Vec<RequestRecord>>> + Send;
    /// Records that a visitor objects to storage, from `since` (kept if already recorded).
    fn record_objection(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
        since: UnixTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Removes a visitor's objection; returns whether there was one.
    fn withdraw_objection(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Since when a visitor objects to storage, if they do.
    fn objection_since(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
    ) -> impl Future<Output = StoreResult<Option<UnixTime>>> + Send;
    /// Every objecting visitor of a tenant with the time they objected (installation-wide
    /// maintenance such as `sotto db copy`, which must carry objections over).
    fn objections_of(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Vec<(Pseudonym, UnixTime)>>> + Send;
    /// Appends an event to the tenant's consent ledger, atomically with the chain's head: the
    /// event gets the next sequence number and `linker` computes its link from the previous one.
    fn append_consent(
        &self,
        tenant: TenantId,
        facts: &ConsentFacts,
        digest: &[u8],
        linker: ConsentLinker<'_>,
    ) -> impl Future<Output = StoreResult<ConsentEvent>> + Send;
    /// Up to `limit` events of the tenant's ledger after sequence number `after`, in order.
    fn consent_events(
        &self,
        tenant: TenantId,
        after: i64,
        limit: usize,
    ) -> impl Future<Output = StoreResult<Vec<ConsentEvent>>> + Send;
    /// The sequence number of the tenant's last consent event (0 when there is none), kept
    /// apart from the events so that removing the last ones shows.
    fn consent_head(&self, tenant: TenantId) -> impl Future<Output = StoreResult<i64>> + Send;
    /// A visitor's consent events, oldest first.
    fn consents_of(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
    ) -> impl Future<Output = StoreResult<Vec<ConsentEvent>>> + Send;
    /// Forgets the fields of a subject's consent events (a visitor's, or every one of a
    /// tenant's; none for a single conversation), keeping their digests and links so that the
    /// chain still verifies; returns how many events were forgotten.
    fn forget_consents(
        &self,
        tenant: TenantId,
        subject: &Subject,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
}
