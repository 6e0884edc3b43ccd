//! Consent with proof: every grant and withdrawal a visitor makes in the widget is an event of
//! the tenant's consent ledger, with the version and SHA-256 of the exact question shown. The
//! ledger is a public SHA-256 hash chain ([`sotto_crypto::hash_chain`]): `sotto consent verify`
//! recomputes it, and a visitor's proof ([`ConsentProof`]) can be checked by anyone with
//! [`check_consent_proof`], without access to Sotto.
//!
//! On an `opt_in` site, conversations are stored only while the visitor's latest
//! `conversation_storage` event grants it; withdrawing erases what was stored.

use serde::{Deserialize, Serialize};
use sotto_core::consent::{ConsentMode, ConsentPurpose};
use sotto_core::{Pseudonym, SiteId, TenantId, UnixTime, VisitorId};
use sotto_crypto::hash_chain::{digest_fields, link, salt, sha256};
use sotto_store::{ConsentEvent, ConsentFacts, ConversationStore, MainStore, Subject, TextKind};
use tracing::{info, instrument};

use crate::compliance::notice::TextView;
use crate::team::access::Actor;
use crate::tenancy::sites::OpenSite;
use crate::{AppError, AppResult, Sotto};

/// The domain of an event's digest.
pub const EVENT_DOMAIN: &str = "sotto/consent-event/v1";
/// The domain of a chain link.
pub const LINK_DOMAIN: &str = "sotto/consent-link/v1";
/// The format name a proof carries.
pub const PROOF_FORMAT: &str = "sotto-consent-proof/v1";
/// The format of a proof whose chain skips between runs of the visitor's events
/// ([`ConsentProof::resumes`]); [`check_consent_proof`] reads both.
pub const PROOF_FORMAT_RUNS: &str = "sotto-consent-proof/v2";
/// Events of a visitor closer than this in the ledger share one run of the chain; farther
/// apart, the chain skips what lies between (other visitors' events): a proof holds at most
/// this many links per event of the visitor, whatever the ledger's size.
pub const RUN_GAP: i64 = 100;
/// Events read per page while verifying.
const PAGE: usize = 1000;

/// A visitor's answer to a consent question, as the widget sends it.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentAnswer {
    /// What the question was about.
    pub purpose: ConsentPurpose,
    /// Agreed (`true`) or withdrew (`false`).
    pub granted: bool,
    /// Language of the question shown.
    pub language: String,
    /// Version of the question shown.
    pub text_version: i64,
    /// SHA-256 (hex) of the question shown.
    pub text_sha256: String,
}

/// One event of the ledger, with its fields (for the visitor's own events and proofs).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ConsentEventView {
    /// Position in the tenant's ledger.
    pub seq: i64,
    /// The site it was given on.
    pub site_id: SiteId,
    /// What it is about.
    pub purpose: ConsentPurpose,
    /// Granted or withdrawn.
    pub granted: bool,
    /// Language of the question shown.
    pub language: String,
    /// Version of the question shown.
    pub text_version: i64,
    /// SHA-256 (hex) of the question shown.
    pub text_sha256: String,
    /// When.
    pub at: UnixTime,
    /// The random salt of the digest (hex).
    pub salt: String,
    /// The event's digest (hex).
    pub digest: String,
    /// The event's chain link (hex).
    pub link: String,
}

/// Where a visitor stands on a site.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ConsentState {
    /// How the site asks.
    pub consent_mode: ConsentMode,
    /// Whether their messages are stored now (no objection, and consent when the site asks).
    pub storing: bool,
    /// Their latest answer per purpose.
    pub answers: Vec<ConsentEventView>,
}

/// The outcome of [`Sotto::verify_consents`].
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ConsentCheck {
    /// The tenant checked.
    pub tenant_id: TenantId,
    /// Events read (forgotten ones included).
    pub events: i64,
    /// Events whose fields an erasure forgot (checked through their stored digest).
    pub forgotten: i64,
    /// The head recorded for the tenant.
    pub head: i64,
    /// Whether every event is intact, in place, and the last is the head.
    pub intact: bool,
    /// The first broken event and what is wrong with it.
    pub problem: Option<String>,
    /// The last link (hex): publish it to detect a rollback later.
    pub head_link: Option<String>,
}

/// One link of the chain in a proof: enough to recompute the chain through other visitors'
/// events without seeing them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ChainLink {
    /// Position.
    pub seq: i64,
    /// The event's digest (hex).
    pub digest: String,
    /// Its link (hex).
    pub link: String,
}

/// Where the chain of a proof resumes after a skip: the link before `seq`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ChainResume {
    /// The first position after the skip.
    pub seq: i64,
    /// The link before it (hex).
    pub previous_link: String,
}

/// Everything a third party needs to check a visitor's consents: their events, the chain
/// from the link before their first event to their last (in runs, skipping long stretches of
/// other visitors' events), and the questions they were shown.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ConsentProof {
    /// [`PROOF_FORMAT`].
    pub format: String,
    /// The tenant whose ledger it is.
    pub tenant_id: TenantId,
    /// The visitor's pseudonym (hex), as the events record it.
    pub pseudonym: String,
    /// The visitor's events.
    pub events: Vec<ConsentEventView>,
    /// The link before the first event (hex; empty when it is the ledger's first).
    pub previous_link: String,
    /// Every link from the first event to the last, in order, except where the chain skips
    /// from one run of the visitor's events to the next (format v2).
    pub chain: Vec<ChainLink>,
    /// Where the chain resumes after each skip (empty in format v1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resumes: Vec<ChainResume>,
    /// The questions the events name.
    pub texts: Vec<TextView>,
    /// The ledger's head when the proof was made.
    pub head: i64,
    /// The head's link (hex).
    pub head_link: String,
    /// When the proof was made.
    pub generated_at: UnixTime,
}

/// The outcome of [`check_consent_proof`].
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ProofCheck {
    /// Whether every check passed.
    pub valid: bool,
    /// Events checked.
    pub events: usize,
    /// Whether the chain reaches the head named in the proof.
    pub reaches_head: bool,
    /// The first failed check.
    pub problem: Option<String>,
}

/// The digest of an event: its tenant and every field, length-prefixed (README, "Consent
/// ledger").
pub fn event_digest(tenant: TenantId, facts: &ConsentFacts) -> [u8; 32] {
    let fields = [
        tenant.to_string(),
        facts.site_id.to_string(),
        hex::encode(facts.pseudonym.as_bytes()),
        facts.purpose.as_str().to_owned(),
        facts.granted.to_string(),
        facts.language.clone(),
        facts.text_version.to_string(),
        hex::encode(&facts.text_sha256),
        facts.at.to_string(),
        hex::encode(&facts.salt),
    ];
    let fields: Vec<&[u8]> = fields.iter().map(|f| f.as_bytes()).collect();
    digest_fields(EVENT_DOMAIN, &fields)
}

fn view(event: &ConsentEvent, facts: &ConsentFacts) -> ConsentEventView {
    ConsentEventView {
        seq: event.seq,
        site_id: facts.site_id.clone(),
        purpose: facts.purpose,
        granted: facts.granted,
        language: facts.language.clone(),
        text_version: facts.text_version,
        text_sha256: hex::encode(&facts.text_sha256),
        at: facts.at,
        salt: hex::encode(&facts.salt),
        digest: hex::encode(&event.digest),
        link: hex::encode(&event.link),
    }
}

/// The events whose fields are still held, as the visitor's export shows them.
pub(crate) fn held_events(events: &[ConsentEvent]) -> Vec<ConsentEventView> {
    events
        .iter()
        .filter_map(|e| e.facts.as_ref().map(|f| view(e, f)))
        .collect()
}

/// Whether the latest answers grant conversation storage.
fn storage_granted(answers: &[ConsentEventView]) -> bool {
    answers
        .iter()
        .any(|a| a.purpose == ConsentPurpose::ConversationStorage && a.granted)
}

/// The visitor's latest answer per purpose, in the order of [`ConsentPurpose::ALL`].
pub(crate) fn latest_answers(events: &[ConsentEvent]) -> Vec<ConsentEventView> {
    ConsentPurpose::ALL
        .iter()
        .filter_map(|purpose| {
            events.iter().rev().find_map(|event| {
                let facts = event.facts.as_ref()?;
                (facts.purpose == *purpose).then(|| view(event, facts))
            })
        })
        .collect()
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Whether a visitor's turns on `site` are stored: never after an objection, and on an
    /// `opt_in` site only while their latest storage answer grants it.
    pub(crate) async fn storage_allowed(
        &self,
        tenant: TenantId,
        site: &SiteId,
        pseudonym: &Pseudonym,
    ) -> AppResult<bool> {
        let objecting = self
            .conversations
            .objection_since(tenant, pseudonym)
            .await?
            .is_some();
        self.storage_allowed_unless(objecting, tenant, site, pseudonym)
            .await
    }

    /// [`Self::storage_allowed`] when whether the visitor objects was read already (with the
    /// rest of a turn's context).
    pub(crate) async fn storage_allowed_unless(
        &self,
        objecting: bool,
        tenant: TenantId,
        site: &SiteId,
        pseudonym: &Pseudonym,
    ) -> AppResult<bool> {
        if objecting {
            return Ok(false);
        }
        if self.site_privacy(tenant, site).await?.consent_mode == ConsentMode::LegitimateInterest {
            return Ok(true);
        }
        let events = self.conversations.consents_of(tenant, pseudonym).await?;
        Ok(storage_granted(&latest_answers(&events)))
    }

    /// Where a visitor stands on a site (each store read once).
    pub async fn consent_state(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
    ) -> AppResult<ConsentState> {
        let tenant = site.tenant();
        let pseudonym = self.pseudonym_of(tenant, visitor).await?;
        let answers = latest_answers(&self.conversations.consents_of(tenant, &pseudonym).await?);
        let consent_mode = self.site_privacy(tenant, site.id()).await?.consent_mode;
        let objecting = self
            .conversations
            .objection_since(tenant, &pseudonym)
            .await?
            .is_some();
        Ok(ConsentState {
            consent_mode,
            storing: !objecting
                && (consent_mode == ConsentMode::LegitimateInterest || storage_granted(&answers)),
            answers,
        })
    }

    /// Records a visitor's answer to a question the site showed them. Withdrawing storage
    /// consent erases what was stored first (the withdrawal itself stays in the ledger).
    #[instrument(skip_all, fields(site = %site.id(), purpose = answer.purpose.as_str(), granted = answer.granted))]
    pub async fn record_consent(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
        answer: ConsentAnswer,
    ) -> AppResult<ConsentState> {
        let tenant = site.tenant();
        let shown = self
            .main
            .published_texts(tenant, site.id())
            .await?
            .into_iter()
            .find(|t| {
                t.kind == TextKind::Consent(answer.purpose)
                    && t.language == answer.language
                    && t.version == answer.text_version
                    && hex::encode(&t.sha256) == answer.text_sha256.to_ascii_lowercase()
            })
            .ok_or_else(|| {
                AppError::Invalid("no such question was published on this site".into())
            })?;
        let pseudonym = self.pseudonym_of(tenant, visitor).await?;
        if answer.purpose == ConsentPurpose::ConversationStorage && !answer.granted {
            self.erase(tenant, Subject::Visitor(pseudonym), &Actor::Visitor)
                .await?;
        }
        let facts = ConsentFacts {
            site_id: site.id().clone(),
            pseudonym,
            purpose: answer.purpose,
            granted: answer.granted,
            language: shown.language,
            text_version: shown.version,
            text_sha256: shown.sha256,
            at: sotto_core::now(),
            salt: salt()?.to_vec(),
        };
        let digest = event_digest(tenant, &facts);
        let linker = |seq: i64, previous: &[u8]| link(LINK_DOMAIN, seq, previous, &digest).to_vec();
        self.conversations
            .append_consent(tenant, &facts, &digest, &linker)
            .await?;
        info!("consent recorded");
        self.consent_state(site, visitor).await
    }

    /// Recomputes the caller's tenant's consent ledger (owners, like the audit log).
    pub async fn team_verify_consents(
        &self,
        caller: &crate::team::access::Caller,
    ) -> AppResult<ConsentCheck> {
        caller.require(sotto_core::access::Permission::ReadAudit)?;
        self.verify_consents(caller.tenant).await
    }

    /// A visitor's own consent proof, from the widget.
    pub async fn my_consent_proof(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
    ) -> AppResult<ConsentProof> {
        self.consent_proof(site.tenant(), visitor).await
    }

    /// Recomputes a tenant's consent ledger from the first event to the head.
    pub async fn verify_consents(&self, tenant: TenantId) -> AppResult<ConsentCheck> {
        let head = self.conversations.consent_head(tenant).await?;
        let mut check = ConsentCheck {
            tenant_id: tenant,
            events: 0,
            forgotten: 0,
            head,
            intact: true,
            problem: None,
            head_link: None,
        };
        let mut previous: Vec<u8> = Vec::new();
        let mut expected = 1;
        loop {
            let page = self
                .conversations
                .consent_events(tenant, expected - 1, PAGE)
                .await?;
            if page.is_empty() {
                break;
            }
            for event in &page {
                check.events += 1;
                let problem = if event.seq != expected {
                    Some(format!("event {expected} is missing"))
                } else if let Some(facts) = &event.facts
                    && event_digest(tenant, facts).as_slice() != event.digest
                {
                    Some(format!("event {} was edited", event.seq))
                } else if link(LINK_DOMAIN, event.seq, &previous, &event.digest).as_slice()
                    != event.link
                {
                    Some(format!(
                        "event {} does not follow the one before",
                        event.seq
                    ))
                } else {
                    None
                };
                if problem.is_some() {
                    check.intact = false;
                    check.problem = problem;
                    return Ok(check);
                }
                check.forgotten += i64::from(event.facts.is_none());
                previous.clone_from(&event.link);
                expected += 1;
            }
        }
        if expected - 1 != head {
            check.intact = false;
            check.problem = Some(format!(
                "the ledger ends at event {} but its head is {head}",
                expected - 1
            ));
        }
        check.head_link = (!previous.is_empty()).then(|| hex::encode(&previous));
        Ok(check)
    }

    /// The link of the event before `seq` (empty before the ledger's first).
    async fn link_before(&self, tenant: TenantId, seq: i64) -> AppResult<Vec<u8>> {
        if seq <= 1 {
            return Ok(Vec::new());
        }
        Ok(self
            .conversations
            .consent_events(tenant, seq - 2, 1)
            .await?
            .first()
            .map(|e| e.link.clone())
            .unwrap_or_default())
    }

    /// A visitor's consent proof (their events, the chain through them in runs of at most
    /// [`RUN_GAP`] links per event, the questions shown).
    pub async fn consent_proof(
        &self,
        tenant: TenantId,
        visitor: &VisitorId,
    ) -> AppResult<ConsentProof> {
        let pseudonym = self.pseudonym_of(tenant, visitor).await?;
        let events = self.conversations.consents_of(tenant, &pseudonym).await?;
        let Some(first) = events.first() else {
            return Err(AppError::NotFound("consent events of this visitor"));
        };
        let previous_link = self.link_before(tenant, first.seq).await?;
        let mut chain = Vec::new();
        let mut resumes = Vec::new();
        for (start, end) in runs(events.iter().map(|e| e.seq)) {
            if start != first.seq {
                resumes.push(ChainResume {
                    seq: start,
                    previous_link: hex::encode(self.link_before(tenant, start).await?),
                });
            }
            let span = usize::try_from(end - start + 1).unwrap_or(0);
            chain.extend(
                self.conversations
                    .consent_events(tenant, start - 1, span)
                    .await?
                    .iter()
                    .map(|e| ChainLink {
                        seq: e.seq,
                        digest: hex::encode(&e.digest),
                        link: hex::encode(&e.link),
                    }),
            );
        }
        let head = self.conversations.consent_head(tenant).await?;
        let head_link = self
            .conversations
            .consent_events(tenant, head - 1, 1)
            .await?
            .first()
            .map(|e| hex::encode(&e.link))
            .unwrap_or_default();
        let mut texts: Vec<TextView> = Vec::new();
        let mut sites: Vec<&SiteId> = Vec::new();
        for facts in events.iter().filter_map(|e| e.facts.as_ref()) {
            if !sites.contains(&&facts.site_id) {
                sites.push(&facts.site_id);
            }
        }
        for site in sites {
            for text in self.main.published_texts(tenant, site).await? {
                let named = events.iter().filter_map(|e| e.facts.as_ref()).any(|f| {
                    f.site_id == text.site_id
                        && TextKind::Consent(f.purpose) == text.kind
                        && f.language == text.language
                        && f.text_version == text.version
                });
                if named {
                    texts.push(TextView::from(&text));
                }
            }
        }
        Ok(ConsentProof {
            format: if resumes.is_empty() {
                PROOF_FORMAT
            } else {
                PROOF_FORMAT_RUNS
            }
            .to_owned(),
            resumes,
            tenant_id: tenant,
            pseudonym: hex::encode(pseudonym.as_bytes()),
            events: held_events(&events),
            previous_link: hex::encode(previous_link),
            chain,
            texts,
            head,
            head_link,
            generated_at: sotto_core::now(),
        })
    }
}

/// The runs `(first, last)` of the chain a proof holds for events at `seqs` (ascending): events
/// less than [`RUN_GAP`] apart share a run.
fn runs(seqs: impl Iterator<Item = i64>) -> Vec<(i64, i64)> {
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for seq in seqs {
        match runs.last_mut() {
            Some((_, end)) if seq - *end < RUN_GAP => *end = seq.max(*end),
            _ => runs.push((seq, seq)),
        }
    }
    runs
}

/// Checks a consent proof on its own: each event's digest from its fields, each event's place
/// in the chain, the chain's links one after the other, and each question's SHA-256.
pub fn check_consent_proof(proof: &ConsentProof) -> ProofCheck {
    let fail = |problem: String| ProofCheck {
        valid: false,
        events: proof.events.len(),
        reaches_head: false,
        problem: Some(problem),
    };
    if proof.format != PROOF_FORMAT && proof.format != PROOF_FORMAT_RUNS {
        return fail(format!("unknown format {:?}", proof.format));
    }
    if proof.format == PROOF_FORMAT && !proof.resumes.is_empty() {
        return fail("a v1 proof has no skips".into());
    }
    let Some(pseudonym) = hex::decode(&proof.pseudonym)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .map(Pseudonym::from_bytes)
    else {
        return fail("the pseudonym is not 32 hex bytes".into());
    };
    let Ok(mut previous) = hex::decode(&proof.previous_link) else {
        return fail("previous_link is not hex".into());
    };
    let mut before: Option<i64> = None;
    for link_entry in &proof.chain {
        let (Ok(digest), Ok(stored)) = (
            hex::decode(&link_entry.digest),
            hex::decode(&link_entry.link),
        ) else {
            return fail(format!("link {} is not hex", link_entry.seq));
        };
        if let Some(last) = before
            && link_entry.seq != last + 1
        {
            // A skip: only forwards, and only where the proof says what the link before is.
            let resume = proof.resumes.iter().find(|r| r.seq == link_entry.seq);
            let (true, Some(Ok(resumed))) = (
                link_entry.seq > last,
                resume.map(|r| hex::decode(&r.previous_link)),
            ) else {
                return fail(format!("the chain skips after {last}"));
            };
            previous = resumed;
        }
        before = Some(link_entry.seq);
        if link(LINK_DOMAIN, link_entry.seq, &previous, &digest).as_slice() != stored {
            return fail(format!(
                "link {} does not follow the one before",
                link_entry.seq
            ));
        }
        previous = stored;
    }
    for event in &proof.events {
        let (Ok(text_sha256), Ok(salt)) =
            (hex::decode(&event.text_sha256), hex::decode(&event.salt))
        else {
            return fail(format!("event {} has a field that is not hex", event.seq));
        };
        let facts = ConsentFacts {
            site_id: event.site_id.clone(),
            pseudonym,
            purpose: event.purpose,
            granted: event.granted,
            language: event.language.clone(),
            text_version: event.text_version,
            text_sha256,
            at: event.at,
            salt,
        };
        let digest = hex::encode(event_digest(proof.tenant_id, &facts));
        if digest != event.digest {
            return fail(format!("event {} does not match its digest", event.seq));
        }
        if !proof
            .chain
            .iter()
            .any(|l| l.seq == event.seq && l.digest == digest && l.link == event.link)
        {
            return fail(format!("event {} is not in the chain", event.seq));
        }
        let shown = proof.texts.iter().any(|t| {
            t.kind == event.purpose.as_str()
                && t.language == event.language
                && t.version == event.text_version
                && t.sha256 == event.text_sha256
                && hex::encode(sha256(t.text.as_bytes())) == t.sha256
        });
        if !shown {
            return fail(format!(
                "the question of event {} is missing or altered",
                event.seq
            ));
        }
    }
    ProofCheck {
        valid: true,
        events: proof.events.len(),
        reaches_head: proof
            .chain
            .last()
            .is_some_and(|l| l.seq == proof.head && l.link == proof.head_link),
        problem: None,
    }
}
