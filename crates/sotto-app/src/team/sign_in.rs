//! Team members signing in to the admin UI with their e-mail address and password (argon2id),
//! and the sessions that follow: a cookie holding a random secret stored only as a hash, an
//! absolute lifetime of [`SESSION_HOURS`], the member's role read afresh on every request,
//! sign-out. Each sign-in and sign-out goes to the audit log; a failed attempt says nothing
//! about which part was wrong.

use sotto_core::{TenantId, UnixTime};
use sotto_crypto::password::verify_password;
use sotto_crypto::session::{IssuedSession, SessionCookie};
use sotto_store::{ConversationStore, MainStore, SessionRecord};
use zeroize::Zeroizing;

use crate::team::access::{Actor, Caller};
use crate::{AppError, AppResult, Sotto};

/// How long a sign-in lasts, whatever happens in between.
pub const SESSION_HOURS: i64 = 8;

/// The hash of a random password, verified when the address is unknown so that a wrong
/// address takes as long as a wrong password.
static NO_MEMBER_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    sotto_crypto::password::generate_password()
        .and_then(|password| sotto_crypto::password::hash_password(&password))
        .unwrap_or_default()
});

/// A member just signed in.
pub struct SignedIn {
    /// The cookie value to hand to the browser; zeroized on drop.
    pub cookie: Zeroizing<String>,
    /// When the session ends.
    pub expires_at: UnixTime,
    /// Who signed in.
    pub caller: Caller,
}

/// A request's valid session: its caller, and the cookie (whose CSRF token the forms carry).
pub struct Session {
    /// Who is signed in, with their current role.
    pub caller: Caller,
    /// The presented cookie.
    pub cookie: SessionCookie,
    /// The member's name, for the page header.
    pub display_name: String,
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Signs a member of `workspace` (the tenant id) in; [`AppError::Unauthorized`] for an
    /// unknown workspace, address or a wrong password alike.
    pub async fn sign_in(
        &self,
        workspace: &str,
        email: &str,
        password: Zeroizing<String>,
    ) -> AppResult<SignedIn> {
        let tenant: Option<TenantId> = workspace.trim().parse().ok();
        let email = crate::team::members::normalized_email(email).ok();
        let member = match (tenant, email) {
            (Some(tenant), Some(email)) => self
                .main
                .members_of(tenant)
                .await?
                .into_iter()
                .find(|m| m.email == email),
            _ => None,
        };
        let stored = member.as_ref().map(|m| m.password_hash.clone());
        // The stand-in hash is made (once) on the blocking pool too: argon2 is slow by design.
        let matches = tokio::task::spawn_blocking(move || {
            verify_password(&password, stored.as_deref().unwrap_or(&NO_MEMBER_HASH))
        })
        .await
        .map_err(|e| AppError::Setup(format!("password check failed: {e}")))?;
        let (Some(member), true) = (member, matches) else {
            return Err(AppError::Unauthorized);
        };
        let issued = IssuedSession::generate(&member.tenant_id.to_string())
            .map_err(|e| AppError::Setup(format!("session: {e}")))?;
        let now = sotto_core::now();
        let expires_at = now + SESSION_HOURS * 3600;
        self.main
            .insert_session(&SessionRecord {
                tenant_id: member.tenant_id,
                session_id: issued.session_id.clone(),
                member_id: member.id,
                secret_hash: issued.secret_hash.to_vec(),
                created_at: now,
                expires_at,
            })
            .await?;
        let actor = Actor::Member(member.id);
        self.audit(
            member.tenant_id,
            &actor,
            "member.sign_in",
            &member.id.to_string(),
        )
        .await?;
        Ok(SignedIn {
            cookie: issued.cookie,
            expires_at,
            caller: Caller {
                tenant: member.tenant_id,
                role: member.role,
                actor,
            },
        })
    }

    /// The session a cookie value opens; [`AppError::Unauthorized`] when it is malformed,
    /// unknown, forged or expired (an expired one is deleted).
    pub async fn session(&self, cookie_value: &str) -> AppResult<Session> {
        let cookie = SessionCookie::parse(cookie_value).ok_or(AppError::Unauthorized)?;
        let tenant: TenantId = cookie.tenant.parse().map_err(|_| AppError::Unauthorized)?;
        let (record, member) = self
            .main
            .session(tenant, &cookie.session_id)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if !cookie.matches(&record.secret_hash) {
            return Err(AppError::Unauthorized);
        }
        if record.expires_at <= sotto_core::now() {
            self.main.delete_session(tenant, &record.session_id).await?;
            return Err(AppError::Unauthorized);
        }
        Ok(Session {
            caller: Caller {
                tenant,
                role: member.role,
                actor: Actor::Member(member.id),
            },
            cookie,
            display_name: member.display_name,
        })
    }

    /// Ends a session (sign-out).
    pub async fn sign_out(&self, session: &Session) -> AppResult<()> {
        self.main
            .delete_session(session.caller.tenant, &session.cookie.session_id)
            .await?;
        self.audit(
            session.caller.tenant,
            &session.caller.actor,
            "member.sign_out",
            &session.caller.actor.audit_name(),
        )
        .await
    }
}
