//! The SQL of leads and phase steps, written once for both backends in PostgreSQL's `$n`
//! placeholders (which SQLite binds too), with the row
//! decoders both share.

use sotto_core::lead::LeadPurpose;
use sotto_core::{Phase, PhaseCause};
use sotto_store::decode as rows;
use sotto_store::{LeadRecord, PhaseStep, StoreError, StoreResult};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::backend;

/// The columns every lead query selects, in the order [`INSERT_LEAD`] binds them.
const LEAD_COLUMNS: &str = "tenant_id, lead_id, site_id, conversation_id, pseudonym, purpose, email, email_index, created_at, sealing";

/// Stores a lead; parameters in the order of [`LEAD_COLUMNS`].
pub const INSERT_LEAD: &str = "INSERT INTO leads (tenant_id, lead_id, site_id, conversation_id, pseudonym, purpose, email, email_index, created_at, sealing)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// Tenant `$1`'s leads, most recent first.
pub fn leads_of_tenant() -> String {
    format!(
        "SELECT {LEAD_COLUMNS} FROM leads WHERE tenant_id = $1 ORDER BY created_at DESC, lead_id"
    )
}

/// Visitor `$2`'s leads with tenant `$1`, most recent first.
pub fn leads_of_visitor() -> String {
    format!(
        "SELECT {LEAD_COLUMNS} FROM leads WHERE tenant_id = $1 AND pseudonym = $2 ORDER BY created_at DESC, lead_id"
    )
}

/// Records that conversation `$2` of tenant `$1` entered phase `$3` (rank `$4`) because of
/// `$5` at `$6`; a phase is entered once.
pub const INSERT_PHASE_STEP: &str = "INSERT INTO phase_steps (tenant_id, conversation_id, phase, rank, cause, at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, conversation_id, phase) DO NOTHING";

/// The phases conversation `$2` of tenant `$1` entered, in order.
pub const PHASE_STEPS: &str = "SELECT phase, cause, at FROM phase_steps WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY rank";

/// A phase's rank: phases only move forward, so ranks order a conversation's steps.
pub fn phase_rank(phase: Phase) -> i64 {
    match phase {
        Phase::Exploring => 0,
        Phase::Learning => 1,
        Phase::RequestingContact => 2,
    }
}

/// Reads a lead row (selected with [`LEAD_COLUMNS`]) of either backend.
pub fn lead<R>(row: &R) -> StoreResult<LeadRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    let text = |column: &str| row.try_get::<String, _>(column).map_err(backend);
    let bytes = |column: &str| row.try_get::<Vec<u8>, _>(column).map_err(backend);
    let conversation: Option<String> = row.try_get("conversation_id").map_err(backend)?;
    Ok(LeadRecord {
        tenant_id: rows::tenant_id(&text("tenant_id")?)?,
        id: rows::parse("lead_id", &text("lead_id")?)?,
        site_id: rows::site_id(&text("site_id")?)?,
        conversation_id: conversation
            .as_deref()
            .map(rows::conversation_id)
            .transpose()?,
        pseudonym: rows::pseudonym(&bytes("pseudonym")?)?,
        purpose: LeadPurpose::parse(&text("purpose")?)
            .ok_or_else(|| StoreError::Corrupt("purpose column".into()))?,
        email: bytes("email")?,
        email_index: rows::email_index(&bytes("email_index")?)?,
        created_at: row.try_get("created_at").map_err(backend)?,
        sealing: sotto_store::decode::sealing(row.try_get("sealing").map_err(backend)?)?,
    })
}

/// Reads a phase step row (selected by [`PHASE_STEPS`]) of either backend.
pub fn phase_step<R>(row: &R) -> StoreResult<PhaseStep>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    let cause: String = row.try_get("cause").map_err(backend)?;
    Ok(PhaseStep {
        phase: rows::phase(&row.try_get::<String, _>("phase").map_err(backend)?)?,
        cause: PhaseCause::parse(&cause)
            .ok_or_else(|| StoreError::Corrupt("cause column".into()))?,
        at: row.try_get("at").map_err(backend)?,
    })
}
