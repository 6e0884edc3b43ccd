//! Team members signing in to the admin UI with their e-mail address and password (argon2id),
//! and the sessions that follow: a cookie holding a random secret stored only as a hash, an
//! absolute lifetime of [`SESSION_HOURS`], the member's role read afresh on every request,
//! sign-out. Each sign-in and sign-out goes to the audit log, and wrong passwords too (once
//! per account and hour); a failed attempt says nothing about which part was wrong. Guessing
//! is slowed by [`crate::team::sign_in_throttle`].

use std::net::IpAddr;

use sotto_core::{TenantId, UnixTime};
use sotto_crypto::password::{MIN_PASSWORD_CHARS, hash_password, verify_password};
use sotto_crypto::session::{IssuedSession, SessionCookie};
use sotto_store::{ConversationStore, MainStore, MemberRecord, SessionRecord};
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
    /// Someone else chose the member's password: they must change it before anything else.
    pub must_change_password: bool,
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Signs a member of `workspace` (the tenant id) in; [`AppError::Unauthorized`] for an
    /// unknown workspace, address or a wrong password alike, [`AppError::RateLimited`] when
    /// the account or the network `from` must wait (see [`crate::team::sign_in_throttle`]).
    /// A wrong password is audited, once per account and hour.
    pub async fn sign_in(
        &self,
        workspace: &str,
        email: &str,
        password: Zeroizing<String>,
        from: Option<IpAddr>,
    ) -> AppResult<SignedIn> {
        let attempt = self.sign_ins.attempt(workspace, email, from);
        self.sign_ins.check(&attempt)?;
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
        let slot = self.sign_ins.hashing_slot().await?;
        // The stand-in hash is made (once) on the blocking pool too: argon2 is slow by design.
        let matches = tokio::task::spawn_blocking(move || {
            verify_password(&password, stored.as_deref().unwrap_or(&NO_MEMBER_HASH))
        })
        .await
        .map_err(|e| AppError::Setup(format!("password check failed: {e}")))?;
        drop(slot);
        let member = match (member, matches) {
            (Some(member), true) => member,
            (member, _) => {
                self.sign_ins.failed(&attempt)?;
                self.audit_failed_sign_in(tenant, member.as_ref()).await?;
                return Err(AppError::Unauthorized);
            }
        };
        self.sign_ins.succeeded(&attempt)?;
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

    /// Tells the audit log of a wrong password for a member (or for an address the workspace
    /// does not know), once per hour for each: never the password, nor the address typed.
    async fn audit_failed_sign_in(
        &self,
        tenant: Option<TenantId>,
        member: Option<&MemberRecord>,
    ) -> AppResult<()> {
        let Some(tenant) = tenant else {
            return Ok(());
        };
        let target = match member {
            Some(member) => member.id.to_string(),
            None if self.main.tenant(tenant).await?.is_some() => "unknown address".to_owned(),
            None => return Ok(()),
        };
        let hour = sotto_core::now() / 3600;
        if self
            .sign_ins
            .audit_due(&format!("{tenant}/{target}"), hour)?
        {
            self.audit(tenant, &Actor::System, "member.sign_in_failed", &target)
                .await?;
        }
        Ok(())
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
            must_change_password: member.must_change_password,
        })
    }

    /// The signed-in member changes their password: the current one must be right (a wrong
    /// one counts as a wrong sign-in, see [`crate::team::sign_in_throttle`]), the new one must
    /// have at least [`MIN_PASSWORD_CHARS`] characters and differ from it. Every other session
    /// of the member ends; the change is audited.
    pub async fn change_password(
        &self,
        session: &Session,
        current: Zeroizing<String>,
        new: Zeroizing<String>,
    ) -> AppResult<()> {
        let Actor::Member(member_id) = session.caller.actor else {
            return Err(AppError::Forbidden(
                "only a signed-in member changes their password",
            ));
        };
        let tenant = session.caller.tenant;
        if new.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AppError::Invalid(format!(
                "a password has at least {MIN_PASSWORD_CHARS} characters"
            )));
        }
        if *new == *current {
            return Err(AppError::Invalid(
                "the new password must differ from the current one".into(),
            ));
        }
        let member = self
            .main
            .members_of(tenant)
            .await?
            .into_iter()
            .find(|m| m.id == member_id)
            .ok_or(AppError::Unauthorized)?;
        let attempt = self
            .sign_ins
            .attempt(&tenant.to_string(), &member.email, None);
        self.sign_ins.check(&attempt)?;
        let slot = self.sign_ins.hashing_slot().await?;
        let stored = member.password_hash.clone();
        let hash = tokio::task::spawn_blocking(move || {
            verify_password(&current, &stored).then(|| hash_password(&new))
        })
        .await
        .map_err(|e| AppError::Setup(format!("password check failed: {e}")))?;
        drop(slot);
        let Some(hash) = hash else {
            self.sign_ins.failed(&attempt)?;
            self.audit_failed_sign_in(Some(tenant), Some(&member))
                .await?;
            return Err(AppError::Invalid(
                "the current password is not right".into(),
            ));
        };
        self.main
            .set_member_password(
                tenant,
                member_id,
                &hash?,
                false,
                Some(&session.cookie.session_id),
            )
            .await?;
        self.audit(
            tenant,
            &session.caller.actor,
            "member.password_change",
            &member_id.to_string(),
        )
        .await
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
