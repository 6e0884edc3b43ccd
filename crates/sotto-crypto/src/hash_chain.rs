//! Public SHA-256 hash chains: unlike the audit log's MACs, anyone can recompute them without
//! a key, so a third party can check a consent proof on their own. The encoding is fixed and
//! documented (README, "Consent ledger"): every field is length-prefixed, so no two different
//! field lists hash the same bytes.

use sha2::{Digest, Sha256};

use crate::{CryptoError, random_bytes};

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The digest of a record: SHA-256 over `domain`, then each field as its length (8 bytes,
/// big-endian) and its bytes.
pub fn digest_fields(domain: &str, fields: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(domain.as_bytes());
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field);
    }
    hasher.finalize().into()
}

/// The link of record `seq` (from 1): SHA-256 over `domain`, `seq` (8 bytes, big-endian), the
/// previous link (empty for the first record) and the record's digest, each length-prefixed.
pub fn link(domain: &str, seq: i64, previous: &[u8], digest: &[u8]) -> [u8; 32] {
    digest_fields(domain, &[&seq.to_be_bytes(), previous, digest])
}

/// Sixteen random bytes to mix into a digest, so that it cannot be matched against guessed
/// field values once the fields are gone.
pub fn salt() -> Result<[u8; 16], CryptoError> {
    let mut salt = [0u8; 16];
    random_bytes(&mut salt)?;
    Ok(salt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_standard_vector() {
        assert_eq!(
            hex::encode(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn fields_are_length_prefixed() {
        let joined = digest_fields("d", &[b"ab", b"c"]);
        assert_ne!(joined, digest_fields("d", &[b"a", b"bc"]));
        assert_ne!(joined, digest_fields("e", &[b"ab", b"c"]));
        assert_eq!(joined, digest_fields("d", &[b"ab", b"c"]));
    }

    #[test]
    fn a_link_depends_on_position_previous_link_and_digest() {
        let first = link("l", 1, &[], &[1]);
        assert_ne!(first, link("l", 2, &[], &[1]));
        assert_ne!(first, link("l", 1, &[0], &[1]));
        assert_ne!(first, link("l", 1, &[], &[2]));
        assert_ne!(salt().unwrap(), salt().unwrap());
    }
}
