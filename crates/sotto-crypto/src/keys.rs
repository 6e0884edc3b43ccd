//! The key hierarchy:
//!
//! ```text
//! master key ── wraps ─▶ tenant key ── wraps ─▶ visitor data key ── seals ─▶ addresses left
//!                          │                         │                          without a stored
//!                          │                         │                          conversation
//!                          │                         └─ wraps ─▶ conversation key ── seals ─▶
//!                          │                                     messages, addresses left about it
//!                          └─ HKDF ─▶ pseudonym, e-mail index, analytics, webhook and vote secrets
//! ```
//!
//! Destroying a wrapped conversation key makes every copy of that conversation's messages
//! unreadable (crypto-shredding); destroying a wrapped visitor key does the same for everything
//! of that visitor, and destroying a tenant key for a whole tenant. Conversation keys live in a
//! key store apart from the content, so a backup of the content alone cannot read what was
//! erased after it was taken. Messages stored before conversation keys existed are sealed with
//! the visitor key itself ([`VisitorKey::seal`]).

use std::fmt;

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use sotto_core::{ConversationId, Pseudonym, TenantId, VisitorId};

use crate::secret::Key256;
use crate::{CryptoError, aad, aead};

/// The installation's root key, kept outside the databases (key file or environment).
pub struct MasterKey(Key256);

impl MasterKey {
    /// A fresh random master key (first start).
    pub fn generate() -> Result<Self, CryptoError> {
        Key256::generate().map(Self)
    }

    /// Reads a key written by [`MasterKey::to_hex_zeroizing`] or given in `SOTTO_MASTER_KEY`.
    pub fn from_hex(text: &str) -> Result<Self, CryptoError> {
        Key256::from_hex(text).map(Self)
    }

    /// The key as hex for the key file; the buffer is zeroized when dropped.
    pub fn to_hex_zeroizing(&self) -> zeroize::Zeroizing<String> {
        self.0.to_hex_zeroizing()
    }

    /// Wraps a tenant key for storage in the main store.
    pub fn wrap_tenant_key(
        &self,
        tenant: TenantId,
        key: &TenantKey,
    ) -> Result<Vec<u8>, CryptoError> {
        aead::seal(&self.0, &aad::tenant_key(tenant), key.root.expose())
    }

    /// Unwraps a tenant key read from the main store.
    pub fn unwrap_tenant_key(
        &self,
        tenant: TenantId,
        wrapped: &[u8],
    ) -> Result<TenantKey, CryptoError> {
        let bytes =
            zeroize::Zeroizing::new(aead::open(&self.0, &aad::tenant_key(tenant), wrapped)?);
        TenantKey::from_root(Key256::from_slice(&bytes)?)
    }

    /// The MAC of a data-subject-request receipt: proof, checkable later by this installation
    /// only, that Sotto issued the receipt and that nobody changed it. The MAC key is derived
    /// from the master key, so it survives the erasure of any tenant.
    pub fn receipt_mac(&self, receipt: &[u8]) -> Result<[u8; 32], CryptoError> {
        Ok(hmac_sha256(&self.installation_secret(RECEIPTS)?, receipt))
    }

    /// Checks a receipt's MAC in constant time.
    pub fn verify_receipt_mac(&self, receipt: &[u8], mac: &[u8]) -> Result<bool, CryptoError> {
        self.verify_installation_mac(RECEIPTS, receipt, mac)
    }

    /// The MAC of an audit log entry (its encoded fields and the previous entry's MAC): whoever
    /// can write the database but does not hold the master key cannot forge, edit or remove an
    /// entry without `sotto audit verify` noticing.
    pub fn audit_mac(&self, entry: &[u8]) -> Result<[u8; 32], CryptoError> {
        Ok(hmac_sha256(&self.installation_secret(AUDIT_LOG)?, entry))
    }

    /// Checks an audit entry's MAC in constant time.
    pub fn verify_audit_mac(&self, entry: &[u8], mac: &[u8]) -> Result<bool, CryptoError> {
        self.verify_installation_mac(AUDIT_LOG, entry, mac)
    }

    fn verify_installation_mac(
        &self,
        label: &[u8],
        message: &[u8],
        mac: &[u8],
    ) -> Result<bool, CryptoError> {
        let mut hmac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(self.installation_secret(label)?.expose())
                .map_err(|_| CryptoError::InvalidKey)?;
        hmac.update(message);
        Ok(hmac.verify_slice(mac).is_ok())
    }

    /// A secret of the installation for one purpose, derived from the master key.
    /// A six-digit code that proves a visitor reads the mailbox they typed: a keyed hash of
    /// what the code is for (`context`: tenant, visitor, address index, time window), so that
    /// any node can check it without storing anything, and nobody without the master key can
    /// make one.
    pub fn confirmation_code(&self, context: &[u8]) -> Result<String, CryptoError> {
        let mac = hmac_sha256(&self.installation_secret(EMAIL_CONFIRMATIONS)?, context);
        let number = u32::from_be_bytes([mac[0], mac[1], mac[2], mac[3]]) % 1_000_000;
        Ok(format!("{number:06}"))
    }

    fn installation_secret(&self, label: &[u8]) -> Result<Key256, CryptoError> {
        let hkdf = Hkdf::<Sha256>::new(Some(b"sotto/installation-secrets/v1"), self.0.expose());
        let mut out = zeroize::Zeroizing::new([0u8; 32]);
        hkdf.expand(label, out.as_mut())
            .map_err(|_| CryptoError::InvalidKey)?;
        Ok(Key256::from_bytes(*out))
    }
}

/// HKDF label of the receipt MAC key.
const RECEIPTS: &[u8] = b"dsr-receipts";
/// HKDF label of the audit log MAC key.
const AUDIT_LOG: &[u8] = b"audit-log";
/// HKDF label of the key of e-mail confirmation codes.
const EMAIL_CONFIRMATIONS: &[u8] = b"email-confirmations";

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

/// A tenant's key and the HMAC secrets derived from it. The secrets come from HKDF with
/// distinct labels, so they never coincide and none reveals another.
pub struct TenantKey {
    root: Key256,
    pseudonym_secret: Key256,
    email_index_secret: Key256,
    analytics_secret: Key256,
    webhook_secret: Key256,
    vote_secret: Key256,
}

impl TenantKey {
    /// A fresh random tenant key (tenant creation).
    pub fn generate() -> Result<Self, CryptoError> {
        Self::from_root(Key256::generate()?)
    }

    fn from_root(root: Key256) -> Result<Self, CryptoError> {
        let hkdf = Hkdf::<Sha256>::new(Some(b"sotto/tenant-secrets/v1"), root.expose());
        let derive = |label: &[u8]| -> Result<Key256, CryptoError> {
            let mut out = zeroize::Zeroizing::new([0u8; 32]);
            hkdf.expand(label, out.as_mut())
                .map_err(|_| CryptoError::InvalidKey)?;
            Ok(Key256::from_bytes(*out))
        };
        Ok(Self {
            pseudonym_secret: derive(b"visitor-pseudonym")?,
            email_index_secret: derive(b"email-blind-index")?,
            analytics_secret: derive(b"analytics-pseudonym")?,
            webhook_secret: derive(b"lead-webhook")?,
            vote_secret: derive(b"answer-vote")?,
            root,
        })
    }

    /// `HMAC-SHA256(pseudonym secret, visitor UUID)`: what the conversation store keeps
    /// instead of the visitor id.
    pub fn pseudonymize(&self, visitor: &VisitorId) -> Pseudonym {
        Pseudonym::from_bytes(hmac_sha256(&self.pseudonym_secret, visitor.as_bytes()))
    }

    /// The blind index of a normalized e-mail address (lookup without decryption).
    pub fn email_blind_index(&self, normalized_email: &str) -> [u8; 32] {
        hmac_sha256(&self.email_index_secret, normalized_email.as_bytes())
    }

    /// The key that signs the lead webhook of `site` in its `generation` (one more after each
    /// rotation): the team gives it to the system that receives the webhook, so that it can
    /// check where each call comes from. Distinct per tenant, site and generation.
    pub fn webhook_signing_key(&self, site: &str, generation: u32) -> Key256 {
        Key256::from_bytes(hmac_sha256(
            &self.webhook_secret,
            format!("{site}\n{generation}").as_bytes(),
        ))
    }

    /// The token that lets a visitor vote on an answer they were given: a MAC over the
    /// answer's place and kind, handed out with the answer and checked when the vote comes, so
    /// that a vote counts only for an answer Sotto gave, with the kind it had, whether or not
    /// anything of the conversation is stored.
    pub fn vote_token(&self, answer: &[u8]) -> [u8; 32] {
        hmac_sha256(&self.vote_secret, answer)
    }

    /// Whether `token` is [`Self::vote_token`] of `answer` (compared in constant time).
    pub fn verify_vote_token(&self, answer: &[u8], token: &[u8]) -> bool {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.vote_secret.expose())
            .expect("HMAC accepts keys of any length");
        mac.update(answer);
        mac.verify_slice(token).is_ok()
    }

    /// The analytics pseudonym of a visitor, unlinkable to the storage pseudonym.
    pub fn analytics_pseudonym(&self, visitor: &VisitorId) -> [u8; 32] {
        hmac_sha256(&self.analytics_secret, visitor.as_bytes())
    }

    /// Wraps a visitor key for storage in the conversation store, bound to its pseudonym.
    pub fn wrap_visitor_key(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
        key: &VisitorKey,
    ) -> Result<Vec<u8>, CryptoError> {
        aead::seal(
            &self.root,
            &aad::visitor_key(tenant, pseudonym),
            key.0.expose(),
        )
    }

    /// Unwraps a visitor key read from the conversation store.
    pub fn unwrap_visitor_key(
        &self,
        tenant: TenantId,
        pseudonym: &Pseudonym,
        wrapped: &[u8],
    ) -> Result<VisitorKey, CryptoError> {
        let bytes = zeroize::Zeroizing::new(aead::open(
            &self.root,
            &aad::visitor_key(tenant, pseudonym),
            wrapped,
        )?);
        Key256::from_slice(&bytes).map(VisitorKey)
    }
}

impl fmt::Debug for TenantKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TenantKey(<redacted>)")
    }
}

/// Declares a data key: random, 256 bits, zeroized on drop, redacted in `Debug`, sealing and
/// opening fields with explicit associated data.
macro_rules! data_key {
    ($(#[$doc:meta])* $name:ident, $made:literal) => {
        $(#[$doc])*
        pub struct $name(Key256);

        impl $name {
            #[doc = concat!("A fresh random key (", $made, ").")]
            pub fn generate() -> Result<Self, CryptoError> {
                Key256::generate().map(Self)
            }

            /// Encrypts one field with its associated data (from [`crate::aad`]).
            pub fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
                aead::seal(&self.0, aad, plaintext)
            }

            /// Decrypts one field sealed by `seal` with the same associated data.
            pub fn open(&self, aad: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>, CryptoError> {
                aead::open(&self.0, aad, ciphertext)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

data_key!(
    /// One visitor's data key: wraps their conversations' keys, seals the addresses they left
    /// without a stored conversation, and sealed what was stored before conversation keys.
    VisitorKey,
    "first message of a visitor"
);

data_key!(
    /// One conversation's key: seals its messages and page paths. Kept, wrapped by the visitor
    /// key, in the key store, so that erasing the conversation (or letting it expire) shreds
    /// it.
    ConversationKey,
    "first turn of a conversation"
);

impl VisitorKey {
    /// Wraps a conversation key for the key store, bound to its tenant and conversation.
    pub fn wrap_conversation_key(
        &self,
        tenant: TenantId,
        conversation: ConversationId,
        key: &ConversationKey,
    ) -> Result<Vec<u8>, CryptoError> {
        aead::seal(
            &self.0,
            &aad::conversation_key(tenant, conversation),
            key.0.expose(),
        )
    }

    /// Unwraps a conversation key read from the key store.
    pub fn unwrap_conversation_key(
        &self,
        tenant: TenantId,
        conversation: ConversationId,
        wrapped: &[u8],
    ) -> Result<ConversationKey, CryptoError> {
        let bytes = zeroize::Zeroizing::new(aead::open(
            &self.0,
            &aad::conversation_key(tenant, conversation),
            wrapped,
        )?);
        Key256::from_slice(&bytes).map(ConversationKey)
    }
}

pub(crate) fn hmac_sha256(key: &Key256, message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.expose())
        .expect("HMAC accepts keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use sotto_core::MessageId;

    use super::*;
    use crate::MessageField;

    #[test]
    fn confirmation_codes_are_six_digits_bound_to_their_context_and_key() {
        let master = MasterKey::generate().unwrap();
        let code = master.confirmation_code(b"context").unwrap();
        assert_eq!(code.len(), 6);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        assert_eq!(master.confirmation_code(b"context").unwrap(), code);
        let others: Vec<String> = (0..20)
            .map(|i| {
                master
                    .confirmation_code(format!("context {i}").as_bytes())
                    .unwrap()
            })
            .collect();
        assert!(
            others.iter().any(|c| *c != code),
            "another context, another code"
        );
        let other_key = MasterKey::generate().unwrap();
        let theirs: Vec<String> = (0..20)
            .map(|i| {
                other_key
                    .confirmation_code(format!("context {i}").as_bytes())
                    .unwrap()
            })
            .collect();
        assert_ne!(others, theirs, "another key, other codes");
    }

    #[test]
    fn receipt_macs_verify_only_unchanged_receipts_under_the_same_master_key() {
        let master = MasterKey::generate().unwrap();
        let mac = master.receipt_mac(b"receipt").unwrap();
        assert!(master.verify_receipt_mac(b"receipt", &mac).unwrap());
        assert!(!master.verify_receipt_mac(b"receipt!", &mac).unwrap());
        assert!(!master.verify_receipt_mac(b"receipt", &mac[..31]).unwrap());
        let other = MasterKey::generate().unwrap();
        assert!(!other.verify_receipt_mac(b"receipt", &mac).unwrap());
    }

    #[test]
    fn vote_tokens_verify_only_their_answer_under_their_tenant_key() {
        let key = TenantKey::generate().unwrap();
        let token = key.vote_token(b"answer");
        assert!(key.verify_vote_token(b"answer", &token));
        assert!(!key.verify_vote_token(b"answer2", &token));
        assert!(!key.verify_vote_token(b"answer", &token[..31]));
        let other = TenantKey::generate().unwrap();
        assert!(!other.verify_vote_token(b"answer", &token));
    }

    #[test]
    fn audit_and_receipt_macs_use_different_keys() {
        let master = MasterKey::generate().unwrap();
        let mac = master.audit_mac(b"entry").unwrap();
        assert!(master.verify_audit_mac(b"entry", &mac).unwrap());
        assert!(!master.verify_audit_mac(b"entry2", &mac).unwrap());
        assert_ne!(mac, master.receipt_mac(b"entry").unwrap());
    }

    #[test]
    fn hierarchy_round_trip() {
        let master = MasterKey::generate().unwrap();
        let tenant = TenantId::random();
        let tenant_key = TenantKey::generate().unwrap();
        let wrapped = master.wrap_tenant_key(tenant, &tenant_key).unwrap();
        let tenant_key_again = master.unwrap_tenant_key(tenant, &wrapped).unwrap();

        let visitor = VisitorId::random();
        let pseudonym = tenant_key.pseudonymize(&visitor);
        assert_eq!(pseudonym, tenant_key_again.pseudonymize(&visitor));

        let visitor_key = VisitorKey::generate().unwrap();
        let wrapped_vk = tenant_key
            .wrap_visitor_key(tenant, &pseudonym, &visitor_key)
            .unwrap();
        let vk = tenant_key_again
            .unwrap_visitor_key(tenant, &pseudonym, &wrapped_vk)
            .unwrap();
        let aad = aad::message(
            tenant,
            ConversationId::random(),
            MessageId::random(),
            MessageField::Body,
        );
        let sealed = visitor_key.seal(&aad, b"secret text").unwrap();
        assert_eq!(vk.open(&aad, &sealed).unwrap(), b"secret text");
    }

    #[test]
    fn wrapped_keys_are_bound_to_their_owner() {
        let master = MasterKey::generate().unwrap();
        let tenant_key = TenantKey::generate().unwrap();
        let (a, b) = (TenantId::random(), TenantId::random());
        let wrapped = master.wrap_tenant_key(a, &tenant_key).unwrap();
        assert_eq!(
            master.unwrap_tenant_key(b, &wrapped).unwrap_err(),
            CryptoError::Decrypt
        );
        let other_master = MasterKey::generate().unwrap();
        assert_eq!(
            other_master.unwrap_tenant_key(a, &wrapped).unwrap_err(),
            CryptoError::Decrypt
        );

        let p1 = tenant_key.pseudonymize(&VisitorId::random());
        let p2 = tenant_key.pseudonymize(&VisitorId::random());
        let wrapped_vk = tenant_key
            .wrap_visitor_key(a, &p1, &VisitorKey::generate().unwrap())
            .unwrap();
        assert!(tenant_key.unwrap_visitor_key(a, &p2, &wrapped_vk).is_err());
        assert!(tenant_key.unwrap_visitor_key(b, &p1, &wrapped_vk).is_err());
    }

    #[test]
    fn message_aad_binds_every_coordinate() {
        let key = VisitorKey::generate().unwrap();
        let (t, c, m) = (
            TenantId::random(),
            ConversationId::random(),
            MessageId::random(),
        );
        let sealed = key
            .seal(&aad::message(t, c, m, MessageField::Body), b"x")
            .unwrap();
        for wrong in [
            aad::message(TenantId::random(), c, m, MessageField::Body),
            aad::message(t, ConversationId::random(), m, MessageField::Body),
            aad::message(t, c, MessageId::random(), MessageField::Body),
            aad::message(t, c, m, MessageField::PagePath),
        ] {
            assert_eq!(key.open(&wrong, &sealed).unwrap_err(), CryptoError::Decrypt);
        }
        let other_key = VisitorKey::generate().unwrap();
        assert!(
            other_key
                .open(&aad::message(t, c, m, MessageField::Body), &sealed)
                .is_err()
        );
    }

    #[test]
    fn conversation_keys_are_bound_to_their_visitor_tenant_and_conversation() {
        let visitor_key = VisitorKey::generate().unwrap();
        let (tenant, conversation) = (TenantId::random(), ConversationId::random());
        let key = ConversationKey::generate().unwrap();
        let wrapped = visitor_key
            .wrap_conversation_key(tenant, conversation, &key)
            .unwrap();
        let place = aad::MessagePlace {
            tenant,
            conversation,
            message: MessageId::random(),
            role: "visitor",
            seq: 0,
        };
        let sealed = key
            .seal(&aad::message_v2(&place, MessageField::Body), b"text")
            .unwrap();
        let again = visitor_key
            .unwrap_conversation_key(tenant, conversation, &wrapped)
            .unwrap();
        assert_eq!(
            again
                .open(&aad::message_v2(&place, MessageField::Body), &sealed)
                .unwrap(),
            b"text"
        );
        for (t, c) in [
            (TenantId::random(), conversation),
            (tenant, ConversationId::random()),
        ] {
            assert!(visitor_key.unwrap_conversation_key(t, c, &wrapped).is_err());
        }
        let other_visitor = VisitorKey::generate().unwrap();
        assert!(
            other_visitor
                .unwrap_conversation_key(tenant, conversation, &wrapped)
                .is_err()
        );
    }

    #[test]
    fn message_aad_v2_binds_role_and_position_too() {
        let key = ConversationKey::generate().unwrap();
        let place = aad::MessagePlace {
            tenant: TenantId::random(),
            conversation: ConversationId::random(),
            message: MessageId::random(),
            role: "assistant",
            seq: 3,
        };
        let sealed = key
            .seal(&aad::message_v2(&place, MessageField::Body), b"x")
            .unwrap();
        for wrong in [
            aad::MessagePlace {
                role: "agent",
                ..place
            },
            aad::MessagePlace { seq: 2, ..place },
            aad::MessagePlace {
                message: MessageId::random(),
                ..place
            },
        ] {
            assert_eq!(
                key.open(&aad::message_v2(&wrong, MessageField::Body), &sealed)
                    .unwrap_err(),
                CryptoError::Decrypt
            );
        }
        assert!(
            key.open(&aad::message_v2(&place, MessageField::PagePath), &sealed)
                .is_err()
        );
    }

    #[test]
    fn webhook_keys_differ_per_tenant_site_and_generation() {
        let k1 = TenantKey::generate().unwrap();
        let k2 = TenantKey::generate().unwrap();
        let hex = |k: Key256| k.to_hex_zeroizing().to_string();
        let base = hex(k1.webhook_signing_key("site-a", 0));
        assert_eq!(base, hex(k1.webhook_signing_key("site-a", 0)));
        assert_ne!(base, hex(k1.webhook_signing_key("site-a", 1)));
        assert_ne!(base, hex(k1.webhook_signing_key("site-b", 0)));
        assert_ne!(base, hex(k2.webhook_signing_key("site-a", 0)));
    }

    #[test]
    fn pseudonyms_differ_per_tenant_and_secrets_never_coincide() {
        let visitor = VisitorId::random();
        let k1 = TenantKey::generate().unwrap();
        let k2 = TenantKey::generate().unwrap();
        assert_ne!(k1.pseudonymize(&visitor), k2.pseudonymize(&visitor));
        assert_ne!(
            k1.pseudonymize(&visitor).as_bytes(),
            &k1.analytics_pseudonym(&visitor)
        );
        assert_ne!(k1.pseudonym_secret.expose(), k1.email_index_secret.expose());
        assert_ne!(k1.email_index_secret.expose(), k1.analytics_secret.expose());
        assert_eq!(k1.email_blind_index("a@b.c"), k1.email_blind_index("a@b.c"));
    }

    #[test]
    fn keys_never_print() {
        let master = MasterKey::generate().unwrap();
        let hex = master.to_hex_zeroizing();
        assert!(!format!("{master:?}").contains(&hex[..6]));
        assert_eq!(
            format!("{:?}", TenantKey::generate().unwrap()),
            "TenantKey(<redacted>)"
        );
    }
}
