//! Who is acting, and for which tenant. An admin request becomes a [`Caller`] by its bearer
//! token alone: the tenant comes from the key, never from the request, so no handler can be
//! pointed at another tenant's data. Every use case that changes or reads content names its
//! [`Actor`], which decides the request channel and what the audit log says.

use sotto_core::access::{Permission, TeamRole};
use sotto_core::dsr::Channel;
use sotto_core::{MemberId, TenantId};
use sotto_crypto::ApiKeySecret;
use sotto_store::{ConversationStore, MainStore};

use crate::{AppError, AppResult, Sotto};

/// Who performs an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A visitor, from the widget (never identified further: the audit log holds no pseudonym).
    Visitor,
    /// The holder of an admin API key.
    Key(String),
    /// A team member signed in to the admin UI.
    Member(MemberId),
    /// An operator with the `sotto` command.
    Cli,
    /// Sotto itself (the retention sweep, resumed erasures).
    System,
}

impl Actor {
    /// How the actor reached Sotto, as the request register records it.
    pub fn channel(&self) -> Channel {
        match self {
            Actor::Visitor => Channel::Widget,
            Actor::Key(_) => Channel::Api,
            Actor::Member(_) => Channel::Admin,
            Actor::Cli | Actor::System => Channel::Cli,
        }
    }

    /// The actor as the audit log names it: a kind and, for team access, the key or member id.
    pub fn audit_name(&self) -> String {
        match self {
            Actor::Visitor => "visitor".to_owned(),
            Actor::Key(id) => format!("key:{id}"),
            Actor::Member(id) => format!("member:{id}"),
            Actor::Cli => "cli".to_owned(),
            Actor::System => "system".to_owned(),
        }
    }
}

/// An authenticated member of a tenant's team (or an operator acting for the tenant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The tenant, taken from the credentials.
    pub tenant: TenantId,
    /// What the caller may do.
    pub role: TeamRole,
    /// Who the caller is.
    pub actor: Actor,
}

impl Caller {
    /// An operator at the command line: acts as the tenant's owner.
    pub fn operator(tenant: TenantId) -> Self {
        Self {
            tenant,
            role: TeamRole::Owner,
            actor: Actor::Cli,
        }
    }

    /// Fails with [`AppError::Forbidden`] unless the caller's role allows `permission`.
    pub fn require(&self, permission: Permission) -> AppResult<()> {
        if self.role.allows(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden(permission.as_str()))
        }
    }

    /// Fails unless the caller may hand out `role` (no one grants more than they hold).
    pub fn require_grant(&self, role: TeamRole) -> AppResult<()> {
        self.require(Permission::ManageTeam)?;
        if self.role.at_least(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden("granting a role above your own"))
        }
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The caller behind an `Authorization: Bearer` token: a well-formed, known, unrevoked
    /// key of a tenant that still exists. Every failure is the same [`AppError::Unauthorized`],
    /// so a caller learns nothing about which part was wrong.
    pub async fn authenticate(&self, token: &str) -> AppResult<Caller> {
        let presented = ApiKeySecret::parse(token).ok_or(AppError::Unauthorized)?;
        let key = self
            .main
            .api_key(&presented.key_id)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if key.revoked_at.is_some() || !presented.matches(&key.secret_hash) {
            return Err(AppError::Unauthorized);
        }
        let tenant = self.main.tenant(key.tenant_id).await?;
        if tenant.is_none_or(|t| t.wrapped_key.is_empty()) {
            return Err(AppError::Unauthorized);
        }
        Ok(Caller {
            tenant: key.tenant_id,
            role: key.role,
            actor: Actor::Key(key.key_id),
        })
    }
}
