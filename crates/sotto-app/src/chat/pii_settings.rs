//! A tenant's personal-data settings: the policy per type, its own patterns and sensitive
//! terms. Stored as JSON in the main store, compiled once and cached; a node picks up a change
//! made elsewhere within [`SETTINGS_TTL`].

/// The personal-data types and actions a settings form names.
pub use sotto_pii::{Action, CustomPattern, EntityType, Policy};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sotto_core::TenantId;
use sotto_pii::{Detector, TenantRules};
use sotto_store::{ConversationStore, MainStore};
use tracing::info;

use crate::team::access::Actor;
use crate::{AppError, AppResult, Sotto};

/// How long a node trusts its compiled copy of a tenant's settings.
pub const SETTINGS_TTL: Duration = Duration::from_secs(30);

/// Most patterns and terms a tenant may define: detection stays fast.
const MAX_RULES: usize = 200;

/// What a tenant configures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PiiSettings {
    /// The action per type (`redact` for the types not named).
    #[serde(default)]
    pub policy: Policy,
    /// The tenant's own patterns, each with a label.
    #[serde(default)]
    pub patterns: Vec<CustomPattern>,
    /// Exact terms the tenant marks as sensitive (matched case-insensitively, as words).
    #[serde(default)]
    pub terms: Vec<String>,
    /// The explicit opt-out: send the language model the question as the policy stores it
    /// (`mask` and `keep` types included) instead of with every detected item redacted.
    #[serde(default)]
    pub unredacted_to_model: bool,
    /// Answers come from the built-in answerer alone, never from the language model the
    /// operator configured: the model then leaves the notice and the register, and no
    /// question of the tenant's visitors reaches it.
    #[serde(default)]
    pub built_in_answers_only: bool,
}

/// A tenant's settings, compiled.
pub(crate) struct TenantPii {
    pub(crate) detector: Detector,
    pub(crate) policy: Policy,
    pub(crate) unredacted_to_model: bool,
    pub(crate) built_in_answers_only: bool,
}

impl PiiSettings {
    fn compile(&self) -> AppResult<TenantPii> {
        if self.patterns.len() + self.terms.len() > MAX_RULES {
            return Err(AppError::Invalid(format!(
                "at most {MAX_RULES} patterns and terms"
            )));
        }
        let rules = TenantRules::new(&self.patterns, &self.terms)
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(TenantPii {
            detector: Detector::new(rules),
            policy: self.policy.clone(),
            unredacted_to_model: self.unredacted_to_model,
            built_in_answers_only: self.built_in_answers_only,
        })
    }
}

/// Compiled settings per tenant, with the time they were read.
#[derive(Default)]
pub(crate) struct PiiCache {
    tenants: RwLock<HashMap<TenantId, (Instant, Arc<TenantPii>)>>,
}

impl PiiCache {
    fn fresh(&self, tenant: TenantId) -> Option<Arc<TenantPii>> {
        let tenants = self.tenants.read().unwrap_or_else(|e| e.into_inner());
        let (read_at, compiled) = tenants.get(&tenant)?;
        (read_at.elapsed() < SETTINGS_TTL).then(|| compiled.clone())
    }

    fn store(&self, tenant: TenantId, compiled: Arc<TenantPii>) {
        self.tenants
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(tenant, (Instant::now(), compiled));
    }
}

fn parse(json: &str) -> AppResult<PiiSettings> {
    serde_json::from_str(json)
        .map_err(|_| AppError::Setup("stored personal-data settings do not decode".into()))
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// A tenant's settings as stored.
    pub async fn pii_settings(&self, tenant: TenantId) -> AppResult<PiiSettings> {
        let json = self
            .main
            .pii_settings(tenant)
            .await?
            .ok_or(AppError::NotFound("tenant"))?;
        parse(&json)
    }

    /// Checks and replaces a tenant's settings; they apply to the next message on this node
    /// at once, on other nodes within [`SETTINGS_TTL`].
    pub async fn set_pii_settings(
        &self,
        tenant: TenantId,
        settings: PiiSettings,
        actor: &Actor,
    ) -> AppResult<PiiSettings> {
        let compiled = Arc::new(settings.compile()?);
        let json = serde_json::to_string(&settings)
            .map_err(|_| AppError::Setup("settings do not encode".into()))?;
        if !self.main.set_pii_settings(tenant, &json).await? {
            return Err(AppError::NotFound("tenant"));
        }
        self.pii.store(tenant, compiled);
        self.audit(tenant, actor, "settings.update", "pii").await?;
        info!(%tenant, patterns = settings.patterns.len(), terms = settings.terms.len(), "personal-data settings changed");
        Ok(settings)
    }

    /// The language model the tenant's answers may use: the operator's, unless the tenant
    /// chose the built-in answerer alone. Read from the cached settings: no store read per
    /// chat turn.
    pub(crate) async fn tenant_model(
        &self,
        tenant: TenantId,
    ) -> AppResult<Option<&crate::chat::model_answers::ModelAnswerer>> {
        let Some(model) = &self.model else {
            return Ok(None);
        };
        let refused = self.tenant_pii(tenant).await?.built_in_answers_only;
        Ok((!refused).then_some(model))
    }

    /// The compiled settings of a tenant, from the cache when fresh.
    pub(crate) async fn tenant_pii(&self, tenant: TenantId) -> AppResult<Arc<TenantPii>> {
        if let Some(compiled) = self.pii.fresh(tenant) {
            return Ok(compiled);
        }
        let compiled = Arc::new(self.pii_settings(tenant).await?.compile()?);
        self.pii.store(tenant, compiled.clone());
        Ok(compiled)
    }
}
