//! The breach register (GDPR art. 33(5)): every personal-data breach a tenant records, with
//! when it was detected (the 72-hour deadline to notify the supervisory authority runs from
//! there) and when it was closed. The details are a JSON document of the app layer.

use sotto_core::{TenantId, UnixTime};

/// One recorded breach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Identifier (a UUID).
    pub id: String,
    /// When the breach was detected.
    pub detected_at: UnixTime,
    /// When it was closed, if it is.
    pub closed_at: Option<UnixTime>,
    /// Last change.
    pub updated_at: UnixTime,
    /// The details (JSON of the app layer): what happened, categories, numbers, measures.
    pub body: String,
}
