//! Authenticated encryption: XChaCha20-Poly1305 with a random 192-bit nonce (safe at any volume)
//! and caller-supplied associated data. The envelope is `version (1) | nonce (24) | ciphertext+tag`
//! so the scheme can change later without guessing.

use chacha20poly1305::aead::{Aead, Generate, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::CryptoError;
use crate::secret::Key256;

const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Encrypts `plaintext` under `key`, authenticating `aad` alongside it.
pub fn seal(key: &Key256, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let cipher =
        XChaCha20Poly1305::new_from_slice(key.expose()).map_err(|_| CryptoError::InvalidKey)?;
    let nonce = XNonce::try_generate().map_err(|_| CryptoError::Random)?;
    let ciphertext = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| CryptoError::Malformed)?;
    let mut out = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

/// Decrypts an envelope made by [`seal`]; fails unless key and `aad` are exactly those used.
pub fn open(key: &Key256, aad: &[u8], envelope: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if envelope.len() < 1 + NONCE_LEN + TAG_LEN || envelope[0] != VERSION {
        return Err(CryptoError::Malformed);
    }
    let nonce =
        XNonce::try_from(&envelope[1..1 + NONCE_LEN]).map_err(|_| CryptoError::Malformed)?;
    let cipher =
        XChaCha20Poly1305::new_from_slice(key.expose()).map_err(|_| CryptoError::InvalidKey)?;
    cipher
        .decrypt(
            &nonce,
            Payload {
                msg: &envelope[1 + NONCE_LEN..],
                aad,
            },
        )
        .map_err(|_| CryptoError::Decrypt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let key = Key256::generate().unwrap();
        let sealed = seal(&key, b"aad", b"hello").unwrap();
        assert_eq!(open(&key, b"aad", &sealed).unwrap(), b"hello");
    }

    #[test]
    fn same_plaintext_encrypts_differently() {
        let key = Key256::generate().unwrap();
        assert_ne!(
            seal(&key, b"a", b"same").unwrap(),
            seal(&key, b"a", b"same").unwrap()
        );
    }

    #[test]
    fn wrong_aad_fails() {
        let key = Key256::generate().unwrap();
        let sealed = seal(&key, b"tenant-a", b"hello").unwrap();
        assert_eq!(open(&key, b"tenant-b", &sealed), Err(CryptoError::Decrypt));
    }

    #[test]
    fn wrong_key_fails() {
        let sealed = seal(&Key256::generate().unwrap(), b"aad", b"hello").unwrap();
        assert_eq!(
            open(&Key256::generate().unwrap(), b"aad", &sealed),
            Err(CryptoError::Decrypt)
        );
    }

    #[test]
    fn tampering_and_truncation_fail() {
        let key = Key256::generate().unwrap();
        let mut sealed = seal(&key, b"aad", b"hello").unwrap();
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(open(&key, b"aad", &sealed), Err(CryptoError::Decrypt));
        assert_eq!(
            open(&key, b"aad", &sealed[..10]),
            Err(CryptoError::Malformed)
        );
        sealed[0] = 9;
        assert_eq!(open(&key, b"aad", &sealed), Err(CryptoError::Malformed));
    }
}
