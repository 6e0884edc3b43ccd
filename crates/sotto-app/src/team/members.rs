//! A tenant's team: members who sign in with a password, and admin API keys. Both carry a
//! role; nobody hands out a role above their own, and every change goes to the audit log.

use serde::{Deserialize, Serialize};
use sotto_core::access::{Permission, TeamRole};
use sotto_core::{MemberId, UnixTime};
use sotto_crypto::IssuedApiKey;
use sotto_crypto::password::{MIN_PASSWORD_CHARS, generate_password, hash_password};
use sotto_store::{ApiKeyRecord, ConversationStore, MainStore, MemberRecord};
use zeroize::Zeroizing;

use crate::team::access::Caller;
use crate::{AppError, AppResult, Sotto};

/// Longest label or display name, in characters.
const MAX_LABEL_CHARS: usize = 100;
/// Longest e-mail address (RFC 5321 path limit).
const MAX_EMAIL_CHARS: usize = 254;

/// A new member, as the caller describes them.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    /// Sign-in address.
    pub email: String,
    /// Name shown to the team.
    pub display_name: String,
    /// What they may do.
    pub role: TeamRole,
}

/// A member as the team sees them (never the password hash).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct MemberView {
    /// Identifier.
    pub id: MemberId,
    /// Sign-in address.
    pub email: String,
    /// Name shown to the team.
    pub display_name: String,
    /// Role.
    pub role: TeamRole,
    /// Creation time.
    pub created_at: UnixTime,
}

/// A member just added, with the first password chosen for them (shown once).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct AddedMember {
    /// The member.
    pub member: MemberView,
    /// Their first password, to hand over once; not stored in clear.
    pub initial_password: String,
}

/// A new key, as the caller describes it.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKey {
    /// What the key is for.
    pub label: String,
    /// What it may do.
    pub role: TeamRole,
}

/// A key as the team sees it (never the secret).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct KeyView {
    /// Public id.
    pub key_id: String,
    /// What it is for.
    pub label: String,
    /// Role.
    pub role: TeamRole,
    /// Creation time.
    pub created_at: UnixTime,
    /// Revocation time, if revoked.
    pub revoked_at: Option<UnixTime>,
}

/// A key just issued, with its token (shown once).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct IssuedKey {
    /// The key.
    pub key: KeyView,
    /// The bearer token: shown once, stored only as a hash.
    pub token: String,
}

fn bounded(what: &str, text: &str, max: usize) -> AppResult<String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > max || text.chars().any(char::is_control) {
        return Err(AppError::Invalid(format!(
            "{what} is 1 to {max} printable characters"
        )));
    }
    Ok(text.to_owned())
}

pub(crate) fn normalized_email(email: &str) -> AppResult<String> {
    let email = bounded("an e-mail address", email, MAX_EMAIL_CHARS)?.to_lowercase();
    let well_formed = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !email.contains(char::is_whitespace);
    if well_formed {
        Ok(email)
    } else {
        Err(AppError::Invalid("not an e-mail address".into()))
    }
}

fn member_view(record: &MemberRecord) -> MemberView {
    MemberView {
        id: record.id,
        email: record.email.clone(),
        display_name: record.display_name.clone(),
        role: record.role,
        created_at: record.created_at,
    }
}

fn key_view(record: &ApiKeyRecord) -> KeyView {
    KeyView {
        key_id: record.key_id.clone(),
        label: record.label.clone(),
        role: record.role,
        created_at: record.created_at,
        revoked_at: record.revoked_at,
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Adds a member. Without `password`, one is generated; a given one must have at least
    /// [`MIN_PASSWORD_CHARS`] characters. Whoever adds a member knows the password, so the
    /// member must change it at their first sign-in.
    pub async fn add_member(
        &self,
        caller: &Caller,
        new: NewMember,
        password: Option<Zeroizing<String>>,
    ) -> AppResult<AddedMember> {
        self.insert_member(caller, new, password, true).await
    }

    /// Adds a member, who must change their password at their first sign-in when
    /// `must_change_password`.
    pub(crate) async fn insert_member(
        &self,
        caller: &Caller,
        new: NewMember,
        password: Option<Zeroizing<String>>,
        must_change_password: bool,
    ) -> AppResult<AddedMember> {
        caller.require_grant(new.role)?;
        let password = match password {
            Some(given) if given.chars().count() >= MIN_PASSWORD_CHARS => given,
            Some(_) => {
                return Err(AppError::Invalid(format!(
                    "a password has at least {MIN_PASSWORD_CHARS} characters"
                )));
            }
            None => generate_password()?,
        };
        let record = MemberRecord {
            tenant_id: caller.tenant,
            id: MemberId::random(),
            email: normalized_email(&new.email)?,
            display_name: bounded("a display name", &new.display_name, MAX_LABEL_CHARS)?,
            role: new.role,
            password_hash: hash_password(&password)?,
            created_at: sotto_core::now(),
            must_change_password,
        };
        self.main
            .insert_member(&record)
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict(_) => {
                    AppError::Conflict("a member with this e-mail exists".into())
                }
                other => other,
            })?;
        self.audit(
            caller.tenant,
            &caller.actor,
            "member.add",
            &record.id.to_string(),
        )
        .await?;
        Ok(AddedMember {
            member: member_view(&record),
            initial_password: password.to_string(),
        })
    }

    /// The caller's team.
    pub async fn members(&self, caller: &Caller) -> AppResult<Vec<MemberView>> {
        caller.require(Permission::ManageTeam)?;
        let members = self.main.members_of(caller.tenant).await?;
        Ok(members.iter().map(member_view).collect())
    }

    /// Removes a member; an admin cannot remove an owner.
    pub async fn remove_member(&self, caller: &Caller, member: MemberId) -> AppResult<()> {
        caller.require(Permission::ManageTeam)?;
        let members = self.main.members_of(caller.tenant).await?;
        let target = members
            .iter()
            .find(|m| m.id == member)
            .ok_or(AppError::NotFound("member"))?;
        caller.require_grant(target.role)?;
        self.main.delete_member(caller.tenant, member).await?;
        self.audit(
            caller.tenant,
            &caller.actor,
            "member.remove",
            &member.to_string(),
        )
        .await
    }

    /// Issues a key with a role no higher than the caller's; the token is shown once.
    pub async fn create_key(&self, caller: &Caller, new: NewKey) -> AppResult<IssuedKey> {
        caller.require_grant(new.role)?;
        let issued = IssuedApiKey::generate()?;
        let record = ApiKeyRecord {
            tenant_id: caller.tenant,
            key_id: issued.key_id.clone(),
            secret_hash: issued.secret_hash.to_vec(),
            role: new.role,
            label: bounded("a label", &new.label, MAX_LABEL_CHARS)?,
            created_at: sotto_core::now(),
            revoked_at: None,
        };
        self.main.insert_api_key(&record).await?;
        self.audit(caller.tenant, &caller.actor, "key.create", &record.key_id)
            .await?;
        Ok(IssuedKey {
            key: key_view(&record),
            token: issued.token.to_string(),
        })
    }

    /// The caller's tenant's keys, revoked ones included.
    pub async fn keys(&self, caller: &Caller) -> AppResult<Vec<KeyView>> {
        caller.require(Permission::ManageTeam)?;
        let keys = self.main.api_keys_of(caller.tenant).await?;
        Ok(keys.iter().map(key_view).collect())
    }

    /// Revokes a key at once; an admin cannot revoke an owner's key.
    pub async fn revoke_key(&self, caller: &Caller, key_id: &str) -> AppResult<KeyView> {
        caller.require(Permission::ManageTeam)?;
        let keys = self.main.api_keys_of(caller.tenant).await?;
        let target = keys
            .iter()
            .find(|k| k.key_id == key_id && k.revoked_at.is_none())
            .ok_or(AppError::NotFound("key"))?;
        caller.require_grant(target.role)?;
        let now = sotto_core::now();
        self.main.revoke_api_key(caller.tenant, key_id, now).await?;
        self.audit(caller.tenant, &caller.actor, "key.revoke", key_id)
            .await?;
        Ok(KeyView {
            revoked_at: Some(now),
            ..key_view(target)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            normalized_email(" Ana@Acme.Example ").unwrap(),
            "ana@acme.example"
        );
        for bad in [
            "",
            "ana",
            "@acme.example",
            "ana@localhost",
            "a na@acme.example",
        ] {
            assert!(normalized_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn labels_are_bounded_and_printable() {
        assert_eq!(bounded("a label", "  CRM  ", 10).unwrap(), "CRM");
        assert!(bounded("a label", "", 10).is_err());
        assert!(bounded("a label", "a\u{7}b", 10).is_err());
        assert!(bounded("a label", &"x".repeat(11), 10).is_err());
    }
}
