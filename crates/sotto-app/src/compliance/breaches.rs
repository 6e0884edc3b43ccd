//! The breach register (GDPR arts. 33 and 34): a tenant records each personal-data breach,
//! Sotto tracks the 72 hours it has from detection to notify the supervisory authority, and
//! drafts both the authority notification and the message to the visitors concerned from the
//! record and the controller's profile. Every change goes to the audit log.

use serde::{Deserialize, Serialize};
use sotto_core::access::Permission;
use sotto_core::{TenantId, UnixTime};
use sotto_store::{BreachRecord, ConversationStore, MainStore};
use tracing::info;

use crate::compliance::html::time;
use crate::team::access::{Actor, Caller};
use crate::{AppError, AppResult, Sotto};

/// How long a controller has to notify the supervisory authority (art. 33(1)).
pub const NOTIFY_WITHIN_SECONDS: i64 = 72 * 3600;
/// Longest free-text field.
const MAX_TEXT: usize = 4000;

/// What a team member records about a breach.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BreachDetails {
    /// What happened.
    pub what: String,
    /// When it was detected (now when absent).
    #[serde(default)]
    pub detected_at: Option<UnixTime>,
    /// Categories of personal data concerned.
    #[serde(default)]
    pub data_categories: Vec<String>,
    /// Categories of people concerned.
    #[serde(default)]
    pub subject_categories: Vec<String>,
    /// Approximate number of people concerned.
    #[serde(default)]
    pub approx_subjects: Option<u64>,
    /// Approximate number of records concerned.
    #[serde(default)]
    pub approx_records: Option<u64>,
    /// Likely consequences.
    #[serde(default)]
    pub consequences: String,
    /// Measures taken or proposed.
    #[serde(default)]
    pub measures: String,
}

/// A change to a recorded breach: the fields given replace the recorded ones.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BreachChange {
    /// What happened.
    pub what: Option<String>,
    /// Categories of personal data concerned.
    pub data_categories: Option<Vec<String>>,
    /// Categories of people concerned.
    pub subject_categories: Option<Vec<String>>,
    /// Approximate number of people concerned.
    pub approx_subjects: Option<u64>,
    /// Approximate number of records concerned.
    pub approx_records: Option<u64>,
    /// Likely consequences.
    pub consequences: Option<String>,
    /// Measures taken or proposed.
    pub measures: Option<String>,
    /// The authority was notified now.
    #[serde(default)]
    pub authority_notified: bool,
    /// The people concerned were told now.
    #[serde(default)]
    pub subjects_notified: bool,
}

/// What the register stores for a breach (the record's JSON body).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct StoredBreach {
    details: BreachDetails,
    opened_at: UnixTime,
    authority_notified_at: Option<UnixTime>,
    subjects_notified_at: Option<UnixTime>,
}

/// A breach as the register shows it, with its deadline and the drafts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct BreachView {
    /// Identifier.
    pub id: String,
    /// What was recorded.
    #[serde(flatten)]
    pub details: BreachDetails,
    /// When it was recorded.
    pub opened_at: UnixTime,
    /// Last change.
    pub updated_at: UnixTime,
    /// When it was closed.
    pub closed_at: Option<UnixTime>,
    /// The authority must be notified by then: detection + 72 hours.
    pub notify_authority_by: UnixTime,
    /// When the authority was notified.
    pub authority_notified_at: Option<UnixTime>,
    /// When the people concerned were told.
    pub subjects_notified_at: Option<UnixTime>,
    /// Whole hours left before the deadline (negative once it passed), while the authority
    /// is not notified.
    pub hours_left: Option<i64>,
    /// The deadline passed without a notification.
    pub overdue: bool,
    /// Draft notification to the supervisory authority (art. 33(3)).
    pub authority_draft: String,
    /// Draft message to the people concerned (art. 34(2)).
    pub subjects_draft: String,
}

fn checked(details: BreachDetails) -> AppResult<BreachDetails> {
    if details.what.trim().is_empty() {
        return Err(AppError::Invalid("say what happened (what)".into()));
    }
    let texts = [&details.what, &details.consequences, &details.measures];
    let lists = details
        .data_categories
        .iter()
        .chain(&details.subject_categories);
    if texts
        .into_iter()
        .chain(lists)
        .any(|t| t.chars().count() > MAX_TEXT)
    {
        return Err(AppError::Invalid(format!(
            "a text is longer than {MAX_TEXT} characters"
        )));
    }
    Ok(details)
}

fn or_unknown(text: &str) -> &str {
    if text.trim().is_empty() {
        "not yet known"
    } else {
        text
    }
}

fn list_or_unknown(items: &[String]) -> String {
    if items.is_empty() {
        "not yet known".into()
    } else {
        items.join(", ")
    }
}

fn count_or_unknown(count: Option<u64>) -> String {
    count.map_or_else(|| "not yet known".into(), |n| format!("about {n}"))
}

/// The controller as the drafts name them.
struct Controller {
    name: String,
    contact: String,
}

fn authority_draft(breach: &StoredBreach, controller: &Controller) -> String {
    let d = &breach.details;
    let detected = time(d.detected_at.unwrap_or(breach.opened_at));
    format!(
        "Notification of a personal data breach (GDPR art. 33)\n\n\
         Controller: {name}. Contact point: {contact}.\n\n\
         Nature of the breach: {what}\nDetected: {detected}.\n\
         Categories of data: {data}. Categories of people: {people}.\n\
         Approximate number of people concerned: {subjects}; of records: {records}.\n\n\
         Likely consequences: {consequences}\n\n\
         Measures taken or proposed, including to mitigate possible adverse effects: {measures}\n\n\
         Where information is not yet known, it will be provided in phases without undue further delay (art. 33(4)).\n",
        name = controller.name,
        contact = controller.contact,
        what = d.what,
        data = list_or_unknown(&d.data_categories),
        people = list_or_unknown(&d.subject_categories),
        subjects = count_or_unknown(d.approx_subjects),
        records = count_or_unknown(d.approx_records),
        consequences = or_unknown(&d.consequences),
        measures = or_unknown(&d.measures),
    )
}

fn subjects_draft(breach: &StoredBreach, controller: &Controller) -> String {
    let d = &breach.details;
    format!(
        "About your conversations with the assistant of {name}\n\n\
         We are writing to tell you about a security incident that concerns your data: {what}\n\n\
         Data concerned: {data}.\n\
         What this may mean for you: {consequences}\n\
         What we have done and what we advise: {measures}\n\n\
         You can ask us any question at {contact}. You can also see, download or erase your data at any time from the assistant itself.\n",
        name = controller.name,
        contact = controller.contact,
        what = d.what,
        data = list_or_unknown(&d.data_categories),
        consequences = or_unknown(&d.consequences),
        measures = or_unknown(&d.measures),
    )
}

fn view(record: &BreachRecord, controller: &Controller, now: UnixTime) -> AppResult<BreachView> {
    let stored: StoredBreach = serde_json::from_str(&record.body)
        .map_err(|_| AppError::Setup("a stored breach does not decode".into()))?;
    let deadline = record.detected_at + NOTIFY_WITHIN_SECONDS;
    let pending = stored.authority_notified_at.is_none();
    Ok(BreachView {
        id: record.id.clone(),
        authority_draft: authority_draft(&stored, controller),
        subjects_draft: subjects_draft(&stored, controller),
        details: stored.details,
        opened_at: stored.opened_at,
        updated_at: record.updated_at,
        closed_at: record.closed_at,
        notify_authority_by: deadline,
        authority_notified_at: stored.authority_notified_at,
        subjects_notified_at: stored.subjects_notified_at,
        hours_left: pending.then(|| (deadline - now).div_euclid(3600)),
        overdue: pending && now > deadline,
    })
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    async fn breach_controller(&self, tenant: TenantId) -> AppResult<Controller> {
        let (name, profile) = self.controller_of(tenant).await?;
        Ok(Controller {
            name,
            contact: profile
                .dpo_email
                .or(profile.contact_email)
                .unwrap_or_else(|| "the contact given on our website".into()),
        })
    }

    /// A tenant's breaches as of `now`, most recently detected first.
    pub async fn breaches(&self, tenant: TenantId, now: UnixTime) -> AppResult<Vec<BreachView>> {
        let controller = self.breach_controller(tenant).await?;
        self.main
            .breaches_of(tenant)
            .await?
            .iter()
            .map(|record| view(record, &controller, now))
            .collect()
    }

    /// Records a new breach; its 72 hours run from `detected_at` (now when absent).
    pub async fn open_breach(
        &self,
        tenant: TenantId,
        details: BreachDetails,
        actor: &Actor,
    ) -> AppResult<BreachView> {
        let now = sotto_core::now();
        let mut details = checked(details)?;
        let detected_at = details.detected_at.unwrap_or(now).min(now);
        details.detected_at = Some(detected_at);
        let stored = StoredBreach {
            details,
            opened_at: now,
            authority_notified_at: None,
            subjects_notified_at: None,
        };
        let id = uuid::Uuid::new_v4().to_string();
        self.store_breach(tenant, &id, detected_at, None, &stored, now)
            .await?;
        self.audit(tenant, actor, "breach.open", &id).await?;
        info!(%tenant, "breach recorded");
        self.breach(tenant, &id, now).await
    }

    /// Changes a recorded breach; marks the authority or the people concerned notified.
    pub async fn update_breach(
        &self,
        tenant: TenantId,
        id: &str,
        change: BreachChange,
        actor: &Actor,
    ) -> AppResult<BreachView> {
        let (record, mut stored) = self.stored_breach(tenant, id).await?;
        let now = sotto_core::now();
        let d = &mut stored.details;
        if let Some(what) = change.what {
            d.what = what;
        }
        if let Some(categories) = change.data_categories {
            d.data_categories = categories;
        }
        if let Some(categories) = change.subject_categories {
            d.subject_categories = categories;
        }
        d.approx_subjects = change.approx_subjects.or(d.approx_subjects);
        d.approx_records = change.approx_records.or(d.approx_records);
        if let Some(consequences) = change.consequences {
            d.consequences = consequences;
        }
        if let Some(measures) = change.measures {
            d.measures = measures;
        }
        stored.details = checked(stored.details)?;
        if change.authority_notified {
            stored.authority_notified_at.get_or_insert(now);
        }
        if change.subjects_notified {
            stored.subjects_notified_at.get_or_insert(now);
        }
        self.store_breach(
            tenant,
            id,
            record.detected_at,
            record.closed_at,
            &stored,
            now,
        )
        .await?;
        self.audit(tenant, actor, "breach.update", id).await?;
        self.breach(tenant, id, now).await
    }

    /// Closes a breach (it stays in the register).
    pub async fn close_breach(
        &self,
        tenant: TenantId,
        id: &str,
        actor: &Actor,
    ) -> AppResult<BreachView> {
        let (record, stored) = self.stored_breach(tenant, id).await?;
        let now = sotto_core::now();
        let closed_at = record.closed_at.unwrap_or(now);
        self.store_breach(
            tenant,
            id,
            record.detected_at,
            Some(closed_at),
            &stored,
            now,
        )
        .await?;
        self.audit(tenant, actor, "breach.close", id).await?;
        self.breach(tenant, id, now).await
    }

    /// The caller's tenant's breaches (admins and owners: a breach record can name systems).
    pub async fn team_breaches(&self, caller: &Caller) -> AppResult<Vec<BreachView>> {
        caller.require(Permission::ManageSettings)?;
        self.breaches(caller.tenant, sotto_core::now()).await
    }

    /// Records a breach for the caller's tenant.
    pub async fn team_open_breach(
        &self,
        caller: &Caller,
        details: BreachDetails,
    ) -> AppResult<BreachView> {
        caller.require(Permission::ManageSettings)?;
        self.open_breach(caller.tenant, details, &caller.actor)
            .await
    }

    /// Changes a breach of the caller's tenant.
    pub async fn team_update_breach(
        &self,
        caller: &Caller,
        id: &str,
        change: BreachChange,
    ) -> AppResult<BreachView> {
        caller.require(Permission::ManageSettings)?;
        self.update_breach(caller.tenant, id, change, &caller.actor)
            .await
    }

    /// Closes a breach of the caller's tenant.
    pub async fn team_close_breach(&self, caller: &Caller, id: &str) -> AppResult<BreachView> {
        caller.require(Permission::ManageSettings)?;
        self.close_breach(caller.tenant, id, &caller.actor).await
    }

    async fn breach(&self, tenant: TenantId, id: &str, now: UnixTime) -> AppResult<BreachView> {
        self.breaches(tenant, now)
            .await?
            .into_iter()
            .find(|b| b.id == id)
            .ok_or(AppError::NotFound("breach"))
    }

    async fn stored_breach(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> AppResult<(BreachRecord, StoredBreach)> {
        let record = self
            .main
            .breaches_of(tenant)
            .await?
            .into_iter()
            .find(|b| b.id == id)
            .ok_or(AppError::NotFound("breach"))?;
        let stored = serde_json::from_str(&record.body)
            .map_err(|_| AppError::Setup("a stored breach does not decode".into()))?;
        Ok((record, stored))
    }

    async fn store_breach(
        &self,
        tenant: TenantId,
        id: &str,
        detected_at: UnixTime,
        closed_at: Option<UnixTime>,
        stored: &StoredBreach,
        now: UnixTime,
    ) -> AppResult<()> {
        let body = serde_json::to_string(stored)
            .map_err(|_| AppError::Setup("a breach does not encode".into()))?;
        Ok(self
            .main
            .put_breach(&BreachRecord {
                tenant_id: tenant,
                id: id.to_owned(),
                detected_at,
                closed_at,
                updated_at: now,
                body,
            })
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(detected_at: UnixTime, body: &StoredBreach) -> BreachRecord {
        BreachRecord {
            tenant_id: TenantId::random(),
            id: "b".into(),
            detected_at,
            closed_at: None,
            updated_at: detected_at,
            body: serde_json::to_string(body).unwrap(),
        }
    }

    #[test]
    fn the_72_hours_run_from_detection_until_the_authority_is_notified() {
        let mut stored = StoredBreach {
            details: BreachDetails {
                what: "A laptop with an export was stolen".into(),
                approx_subjects: Some(120),
                ..BreachDetails::default()
            },
            opened_at: 1_000,
            authority_notified_at: None,
            subjects_notified_at: None,
        };
        let controller = Controller {
            name: "Acme".into(),
            contact: "dpo@acme.example".into(),
        };
        let fresh = view(&record(0, &stored), &controller, 3600).unwrap();
        assert_eq!((fresh.hours_left, fresh.overdue), (Some(71), false));
        assert_eq!(fresh.notify_authority_by, 72 * 3600);
        let late = view(&record(0, &stored), &controller, 73 * 3600).unwrap();
        assert_eq!((late.hours_left, late.overdue), (Some(-1), true));
        assert!(
            late.authority_draft
                .contains("Approximate number of people concerned: about 120")
        );
        assert!(
            late.authority_draft
                .contains("Likely consequences: not yet known")
        );
        assert!(late.subjects_draft.contains("dpo@acme.example"));
        stored.authority_notified_at = Some(50 * 3600);
        let done = view(&record(0, &stored), &controller, 80 * 3600).unwrap();
        assert_eq!((done.hours_left, done.overdue), (None, false));
    }

    #[test]
    fn a_breach_says_what_happened() {
        assert!(checked(BreachDetails::default()).is_err());
        let long = BreachDetails {
            what: "x".repeat(MAX_TEXT + 1),
            ..BreachDetails::default()
        };
        assert!(checked(long).is_err());
    }
}
