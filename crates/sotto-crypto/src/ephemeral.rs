//! Keyed hashes under a secret that lives only in this process's memory: rate limiting counts
//! requests per client address and per visitor without holding either in clear. A new hasher
//! (see its users' rotation) makes every earlier hash unlinkable.

use std::fmt;

use crate::CryptoError;
use crate::keys::hmac_sha256;
use crate::secret::Key256;

/// HMAC-SHA-256 under a random in-memory key, truncated to 128 bits.
pub struct EphemeralHasher {
    key: Key256,
}

impl EphemeralHasher {
    /// A hasher with a fresh random key.
    pub fn generate() -> Result<Self, CryptoError> {
        Ok(Self {
            key: Key256::generate()?,
        })
    }

    /// The keyed hash of `input`.
    pub fn hash(&self, input: &[u8]) -> [u8; 16] {
        let full = hmac_sha256(&self.key, input);
        let mut out = [0u8; 16];
        out.copy_from_slice(&full[..16]);
        out
    }
}

impl fmt::Debug for EphemeralHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EphemeralHasher(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_per_hasher_and_unlinkable_across_hashers() {
        let a = EphemeralHasher::generate().unwrap();
        let b = EphemeralHasher::generate().unwrap();
        assert_eq!(a.hash(b"203.0.113.7"), a.hash(b"203.0.113.7"));
        assert_ne!(a.hash(b"203.0.113.7"), a.hash(b"203.0.113.8"));
        assert_ne!(a.hash(b"203.0.113.7"), b.hash(b"203.0.113.7"));
    }
}
