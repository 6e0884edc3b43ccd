//! Signatures on the calls Sotto makes to a tenant's webhook, in the scheme receivers already
//! know from payment providers: `Sotto-Signature: t=<unix time>,v1=<hex HMAC-SHA256>` over
//! `"<t>.<body>"`. The timestamp lets a receiver refuse replays; the key is the site's webhook
//! signing key ([`crate::TenantKey::webhook_signing_key`]).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::secret::Key256;

/// The HTTP header that carries the signature.
pub const SIGNATURE_HEADER: &str = "Sotto-Signature";

fn mac(key: &Key256, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.expose())
        .expect("HMAC accepts keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value for `body` sent at `timestamp`.
pub fn signature(key: &Key256, timestamp: i64, body: &[u8]) -> String {
    let tag = mac(key, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(tag))
}

/// Whether `header` is a valid signature of `body` under `key` (what a receiver checks; the
/// comparison takes constant time).
pub fn verify(key: &Key256, header: &str, body: &[u8]) -> bool {
    let mut timestamp = None;
    let mut tag = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => tag = hex::decode(value).ok(),
            _ => {}
        }
    }
    match (timestamp, tag) {
        (Some(timestamp), Some(tag)) => mac(key, timestamp, body).verify_slice(&tag).is_ok(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_key_body_and_time() {
        let key = Key256::from_bytes([7; 32]);
        let other = Key256::from_bytes([8; 32]);
        let header = signature(&key, 1_700_000_000, b"{\"a\":1}");
        assert!(header.starts_with("t=1700000000,v1="));
        assert!(verify(&key, &header, b"{\"a\":1}"));
        assert!(!verify(&other, &header, b"{\"a\":1}"));
        assert!(!verify(&key, &header, b"{\"a\":2}"));
        let moved = header.replace("t=1700000000", "t=1700000001");
        assert!(!verify(&key, &moved, b"{\"a\":1}"));
        assert!(!verify(&key, "v1=00", b"{\"a\":1}"));
        assert!(!verify(&key, "garbage", b""));
    }
}
