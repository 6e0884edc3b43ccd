//! Tenant keys are unwrapped from the main store once and kept in memory for the life of the
//! process. The cache holds each key behind an `Arc`; the key material is zeroized when the last
//! reference drops.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sotto_core::TenantId;
use sotto_crypto::{MasterKey, TenantKey};
use sotto_store::MainStore;

use crate::{AppError, AppResult};

/// The master key and the tenant keys unwrapped so far.
pub struct Keyring {
    master: MasterKey,
    tenants: RwLock<HashMap<TenantId, Arc<TenantKey>>>,
}

impl Keyring {
    /// A keyring over the installation's master key.
    pub fn new(master: MasterKey) -> Self {
        Self {
            master,
            tenants: RwLock::new(HashMap::new()),
        }
    }

    /// The master key (to wrap a new tenant's key).
    pub fn master(&self) -> &MasterKey {
        &self.master
    }

    /// A tenant's key, unwrapped from the main store on first use.
    pub async fn tenant_key(
        &self,
        main: &impl MainStore,
        tenant: TenantId,
    ) -> AppResult<Arc<TenantKey>> {
        if let Some(key) = self
            .tenants
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&tenant)
        {
            return Ok(key.clone());
        }
        let record = main
            .tenant(tenant)
            .await?
            .ok_or(AppError::NotFound("tenant"))?;
        let key = Arc::new(self.master.unwrap_tenant_key(tenant, &record.wrapped_key)?);
        self.tenants
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(tenant, key.clone());
        Ok(key)
    }

    /// Drops a tenant's key from memory (account closure); the last reference zeroizes it.
    pub fn forget(&self, tenant: TenantId) {
        self.tenants
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&tenant);
    }
}
