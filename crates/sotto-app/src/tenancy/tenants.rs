//! Tenants: creating a customer account with its key, and issuing admin API keys.

use serde::Serialize;
use sotto_core::TenantId;
use sotto_core::access::TeamRole;
use sotto_crypto::TenantKey;
use sotto_store::{ConversationStore, MainStore, TenantRecord};

use crate::team::access::Caller;
use crate::team::members::NewKey;
use tracing::info;

use crate::{AppError, AppResult, Sotto};

/// Longest tenant name, in characters.
const MAX_NAME_CHARS: usize = 200;

/// A newly created tenant and its first admin API key (shown once).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CreatedTenant {
    /// The tenant id.
    pub tenant_id: TenantId,
    /// Its name.
    pub name: String,
    /// The admin API key: shown once, stored only as a hash.
    pub api_key: String,
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Creates a tenant with a fresh key (wrapped by the master key) and a first admin API key.
    pub async fn create_tenant(&self, name: &str) -> AppResult<CreatedTenant> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(AppError::Invalid(format!(
                "a tenant name is 1 to {MAX_NAME_CHARS} characters"
            )));
        }
        let id = TenantId::random();
        let key = TenantKey::generate()?;
        self.main
            .create_tenant(&TenantRecord {
                id,
                name: name.to_owned(),
                wrapped_key: self.keyring.master().wrap_tenant_key(id, &key)?,
                created_at: sotto_core::now(),
            })
            .await?;
        info!(tenant = %id, "tenant created");
        let api_key = self.issue_api_key(id).await?;
        Ok(CreatedTenant {
            tenant_id: id,
            name: name.to_owned(),
            api_key,
        })
    }

    /// Issues a new owner key for a tenant at the command line; returns the token, which is
    /// not stored.
    pub async fn issue_api_key(&self, tenant: TenantId) -> AppResult<String> {
        let new = NewKey {
            label: "issued at the command line".into(),
            role: TeamRole::Owner,
        };
        Ok(self.create_key(&Caller::operator(tenant), new).await?.token)
    }
}
