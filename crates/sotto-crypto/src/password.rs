//! Team members' passwords, hashed with argon2id (RustCrypto's `argon2`, OWASP's default
//! parameters) into PHC strings that carry their own salt and parameters.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use zeroize::Zeroizing;

use crate::{CryptoError, random_bytes};

/// Shortest accepted password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Hashes a password for storage.
pub fn hash_password(password: &str) -> Result<String, CryptoError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|_| CryptoError::Random)
}

/// Whether `password` matches a stored PHC string; false for a malformed one.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A fresh password of 20 characters from an unambiguous alphabet (about 100 bits), for a
/// member whose first password the system chooses; zeroized on drop.
pub fn generate_password() -> Result<Zeroizing<String>, CryptoError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut bytes = Zeroizing::new([0u8; 20]);
    random_bytes(bytes.as_mut())?;
    // 256 is not a multiple of the alphabet's size; the bias this leaves is below 1 bit in all.
    Ok(Zeroizing::new(
        bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify_only_the_password() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
        assert_ne!(hash, hash_password("correct horse battery").unwrap());
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password().unwrap();
        let b = generate_password().unwrap();
        assert_eq!(a.chars().count(), 20);
        assert!(a.chars().count() >= MIN_PASSWORD_CHARS);
        assert_ne!(*a, *b);
    }
}
