//! Team sign-in sessions of the admin UI. The cookie holds `<tenant>.<session id>.<secret>`:
//! the tenant scopes the lookup (row-level security needs it before anything is read), the
//! session id finds the row, and the 256-bit secret is stored only as a SHA-256 hash, as API
//! keys are. Each session's CSRF token is derived from its secret, so forms carry a token
//! that an attacker on another site can neither read nor compute, and nothing more is stored.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::CryptoError;
use crate::api_key::{hash_secret, random_id_and_secret};

const SESSION_DOMAIN: &[u8] = b"sotto/session/v1|";
const CSRF_DOMAIN: &[u8] = b"sotto/csrf/v1";

/// A session just opened: the cookie value goes to the browser once, the id and hash are
/// stored.
pub struct IssuedSession {
    /// Public identifier (24 hex digits).
    pub session_id: String,
    /// The cookie value; zeroized on drop.
    pub cookie: Zeroizing<String>,
    /// SHA-256 of the secret, the only stored form of it.
    pub secret_hash: [u8; 32],
}

impl IssuedSession {
    /// Opens a fresh random session for a member of `tenant` (a tenant id in its text form).
    pub fn generate(tenant: &str) -> Result<Self, CryptoError> {
        let (session_id, secret_hex) = random_id_and_secret::<12>()?;
        Ok(Self {
            cookie: Zeroizing::new(format!("{tenant}.{session_id}.{}", secret_hex.as_str())),
            secret_hash: hash_secret(SESSION_DOMAIN, &secret_hex),
            session_id,
        })
    }
}

/// A random token for a form shown before any session exists (the sign-in form): it is set
/// in a cookie and in the form, and the two must match ([`same_token`]).
pub fn form_token() -> String {
    random_id_and_secret::<1>()
        .map(|(_, secret)| secret.as_str().to_owned())
        .unwrap_or_default()
}

/// Whether two tokens are equal (and not empty), compared in constant time.
pub fn same_token(expected: &str, presented: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(presented.as_bytes()))
}

/// A session cookie presented by a browser, split into its parts.
pub struct SessionCookie {
    /// The tenant the session belongs to (text form, to be parsed by the caller).
    pub tenant: String,
    /// The public session id.
    pub session_id: String,
    secret: Zeroizing<String>,
}

impl SessionCookie {
    /// Splits a cookie value; `None` when it does not have the expected shape.
    pub fn parse(value: &str) -> Option<Self> {
        let mut parts = value.trim().splitn(3, '.');
        let (tenant, session_id, secret) = (parts.next()?, parts.next()?, parts.next()?);
        let hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit());
        let well_formed = !tenant.is_empty()
            && tenant.len() <= 64
            && tenant
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && hex(session_id, 24)
            && hex(secret, 64);
        well_formed.then(|| Self {
            tenant: tenant.to_owned(),
            session_id: session_id.to_owned(),
            secret: Zeroizing::new(secret.to_owned()),
        })
    }

    /// Whether the secret matches a stored hash, compared in constant time.
    pub fn matches(&self, stored_hash: &[u8]) -> bool {
        bool::from(hash_secret(SESSION_DOMAIN, &self.secret).ct_eq(stored_hash))
    }

    /// The session's CSRF token, put in every form it renders.
    pub fn csrf_token(&self) -> String {
        hex::encode(self.csrf_mac())
    }

    /// Whether a form's token is this session's, compared in constant time.
    pub fn csrf_matches(&self, presented: &str) -> bool {
        hex::decode(presented.trim())
            .is_ok_and(|bytes| bool::from(self.csrf_mac().as_slice().ct_eq(&bytes)))
    }

    fn csrf_mac(&self) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.secret.as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(CSRF_DOMAIN);
        mac.finalize().into_bytes().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_sessions_verify_and_carry_their_own_csrf_token() {
        let issued = IssuedSession::generate("ten_1").unwrap();
        let cookie = SessionCookie::parse(&issued.cookie).unwrap();
        assert_eq!(cookie.tenant, "ten_1");
        assert_eq!(cookie.session_id, issued.session_id);
        assert!(cookie.matches(&issued.secret_hash));
        let other =
            SessionCookie::parse(&IssuedSession::generate("ten_1").unwrap().cookie).unwrap();
        assert!(!other.matches(&issued.secret_hash));
        let token = cookie.csrf_token();
        assert!(cookie.csrf_matches(&token));
        assert!(
            !other.csrf_matches(&token),
            "a token belongs to one session"
        );
        assert!(!cookie.csrf_matches(""));
        assert!(!cookie.csrf_matches("not hex"));
    }

    #[test]
    fn form_tokens_are_random_and_compared_whole() {
        let (a, b) = (form_token(), form_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &b));
        assert!(!same_token(&a, &a[..63]));
        assert!(!same_token("", ""));
    }

    #[test]
    fn malformed_cookies_are_refused() {
        let secret = "a".repeat(64);
        let id = "b".repeat(24);
        for value in [
            String::new(),
            "ten_1".into(),
            format!("ten_1.{id}"),
            format!(".{id}.{secret}"),
            format!("ten 1.{id}.{secret}"),
            format!("ten_1.{}.{secret}", "g".repeat(24)),
            format!("ten_1.{id}.{}", "a".repeat(63)),
        ] {
            assert!(SessionCookie::parse(&value).is_none(), "{value}");
        }
        assert!(SessionCookie::parse(&format!("ten_1.{id}.{secret}")).is_some());
    }
}
