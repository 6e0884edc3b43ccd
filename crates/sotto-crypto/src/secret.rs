//! 256-bit key material. Every key in the hierarchy is a [`Key256`]: zeroized when dropped,
//! `Debug` redacted, no `Display`, no `Serialize`; the only ways out are explicit.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{CryptoError, random_bytes};

/// 32 bytes of secret key material.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Key256([u8; 32]);

impl Key256 {
    /// Fresh random key material.
    pub fn generate() -> Result<Self, CryptoError> {
        let mut bytes = [0u8; 32];
        random_bytes(&mut bytes)?;
        Ok(Self(bytes))
    }

    /// Takes ownership of key bytes (the caller's copy should be zeroized).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Parses 64 hexadecimal digits (surrounding whitespace allowed).
    pub fn from_hex(text: &str) -> Result<Self, CryptoError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes).map_err(|_| CryptoError::InvalidKey)?;
        Ok(Self(bytes))
    }

    /// Rebuilds a key from an unwrapped byte slice.
    pub(crate) fn from_slice(bytes: &[u8]) -> Result<Self, CryptoError> {
        let array: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::InvalidKey)?;
        Ok(Self(array))
    }

    /// The key bytes, for the cipher and MAC constructors of this crate only.
    pub(crate) fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key as hex, in a buffer that is zeroized when dropped; used to write a key file.
    pub fn to_hex_zeroizing(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(hex::encode(self.0))
    }
}

impl fmt::Debug for Key256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key256(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_redacted_debug() {
        let key = Key256::generate().unwrap();
        let hex = key.to_hex_zeroizing();
        assert_eq!(hex.len(), 64);
        let again = Key256::from_hex(&hex).unwrap();
        assert_eq!(again.expose(), key.expose());
        assert_eq!(format!("{key:?}"), "Key256(<redacted>)");
        assert!(!format!("{key:?}").contains(&hex[..8]));
    }

    #[test]
    fn bad_hex_is_refused() {
        assert_eq!(
            Key256::from_hex("abc").unwrap_err(),
            CryptoError::InvalidKey
        );
        assert_eq!(
            Key256::from_hex(&"zz".repeat(32)).unwrap_err(),
            CryptoError::InvalidKey
        );
    }
}
