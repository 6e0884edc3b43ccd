//! Admin API keys: `sotto_<key id>_<secret>`. The key id is public and used for lookup; the
//! secret is 256 random bits, stored only as a SHA-256 hash. A slow password hash adds nothing
//! for a secret of that entropy, and a fast hash keeps authentication cheap on every request.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::{CryptoError, random_bytes};

const PREFIX: &str = "sotto_";

/// A newly issued key: the token is shown once to its owner, the id and hash are stored.
pub struct IssuedApiKey {
    /// Public identifier (12 hex digits), stored in clear for lookup.
    pub key_id: String,
    /// The full token to hand to the user once; zeroized on drop.
    pub token: Zeroizing<String>,
    /// SHA-256 of the secret part, the only form of the secret that is stored.
    pub secret_hash: [u8; 32],
}

impl IssuedApiKey {
    /// Issues a fresh random key.
    pub fn generate() -> Result<Self, CryptoError> {
        let (key_id, secret_hex) = random_id_and_secret::<6>()?;
        Ok(Self {
            token: Zeroizing::new(format!("{PREFIX}{key_id}_{}", secret_hex.as_str())),
            secret_hash: hash_secret(API_KEY_DOMAIN, &secret_hex),
            key_id,
        })
    }
}

/// A token presented by a client, split into its id and secret.
pub struct ApiKeySecret {
    /// The public key id, used to find the stored hash.
    pub key_id: String,
    secret: Zeroizing<String>,
}

impl ApiKeySecret {
    /// Splits a presented token; `None` when it does not have the expected shape.
    pub fn parse(token: &str) -> Option<Self> {
        let rest = token.trim().strip_prefix(PREFIX)?;
        let (key_id, secret) = rest.split_once('_')?;
        let well_formed = key_id.len() == 12
            && secret.len() == 64
            && key_id
                .bytes()
                .chain(secret.bytes())
                .all(|b| b.is_ascii_hexdigit());
        well_formed.then(|| Self {
            key_id: key_id.to_owned(),
            secret: Zeroizing::new(secret.to_owned()),
        })
    }

    /// Whether the secret matches a stored hash, compared in constant time.
    pub fn matches(&self, stored_hash: &[u8]) -> bool {
        bool::from(hash_secret(API_KEY_DOMAIN, &self.secret).ct_eq(stored_hash))
    }
}

const API_KEY_DOMAIN: &[u8] = b"sotto/api-key/v1|";

/// A random public id of `N` bytes and a 256-bit secret, both in hex.
pub(crate) fn random_id_and_secret<const N: usize>()
-> Result<(String, Zeroizing<String>), CryptoError> {
    let mut id = [0u8; N];
    let mut secret = Zeroizing::new([0u8; 32]);
    random_bytes(&mut id)?;
    random_bytes(secret.as_mut())?;
    Ok((
        hex::encode(id),
        Zeroizing::new(hex::encode(secret.as_ref())),
    ))
}

/// The stored form of a secret: SHA-256 under a domain that says what the secret is for.
pub(crate) fn hash_secret(domain: &[u8], secret_hex: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(domain);
    hasher.update(secret_hex.as_bytes());
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_keys_verify_and_others_do_not() {
        let issued = IssuedApiKey::generate().unwrap();
        let parsed = ApiKeySecret::parse(&issued.token).unwrap();
        assert_eq!(parsed.key_id, issued.key_id);
        assert!(parsed.matches(&issued.secret_hash));
        let other = IssuedApiKey::generate().unwrap();
        assert!(!parsed.matches(&other.secret_hash));
        assert!(!parsed.matches(&[0u8; 3]));
    }

    #[test]
    fn malformed_tokens_are_refused() {
        for token in [
            "",
            "sotto_",
            "sotto_abc_def",
            "bearer",
            &format!("sotto_{}_{}", "g".repeat(12), "a".repeat(64)),
        ] {
            assert!(ApiKeySecret::parse(token).is_none(), "{token}");
        }
    }
}
