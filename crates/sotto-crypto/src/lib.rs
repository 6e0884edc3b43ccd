//! Sotto's cryptography, built only from audited RustCrypto primitives: the key hierarchy
//! (master key → tenant key → visitor data key → conversation key), authenticated encryption bound to where a value
//! belongs, keyed pseudonyms, and API-key secrets. No I/O: callers decide where keys live.
//!
//! # Layout
//! - [`secret`]: 256-bit key material that is zeroized on drop and never printed.
//! - [`aead`]: XChaCha20-Poly1305 sealing with a versioned envelope and explicit AAD.
//! - [`keys`]: the levels of the hierarchy and how each wraps the next.
//! - [`aad`]: the associated-data labels that bind ciphertext to its tenant, conversation and
//!   message.
//! - [`password`]: team members' passwords, hashed with argon2id.
//! - [`ephemeral`]: keyed hashes under an in-memory secret, for rate limiting.
//! - [`hash_chain`]: public SHA-256 hash chains that anyone can recompute (consent proofs).
//! - [`webhook`]: signatures on the calls Sotto makes to a tenant's webhook.
//! - [`api_key`]: admin API keys: a public id plus a secret stored only as a hash.

pub mod aad;
pub mod aead;
pub mod api_key;
pub mod ephemeral;
pub mod hash_chain;
pub mod keys;
pub mod password;
pub mod secret;
pub mod session;
pub mod webhook;

pub use aad::MessageField;
pub use api_key::{ApiKeySecret, IssuedApiKey};
pub use ephemeral::EphemeralHasher;
pub use keys::{ConversationKey, MasterKey, TenantKey, VisitorKey};

/// Why a cryptographic operation failed. Deliberately uninformative: a failed decryption says
/// nothing about which part was wrong.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    /// Wrong key, wrong associated data, or tampered ciphertext.
    #[error("decryption failed")]
    Decrypt,
    /// The ciphertext envelope is too short or has an unknown version.
    #[error("malformed ciphertext")]
    Malformed,
    /// Key material has the wrong length or encoding.
    #[error("invalid key material")]
    InvalidKey,
    /// The operating system's random source failed.
    #[error("no randomness available")]
    Random,
}

/// Fills `buf` from the operating system's CSPRNG.
pub(crate) fn random_bytes(buf: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::fill(buf).map_err(|_| CryptoError::Random)
}
