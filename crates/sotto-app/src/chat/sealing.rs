//! How the personal fields of a message are sealed: with the conversation's key (or, for
//! messages stored before conversation keys, the visitor's) and associated data binding them to
//! tenant, conversation, message, role, position and field; and a visitor's e-mail addresses,
//! with the visitor's key. The cargo feature `bench-privacy-off`
//! (benchmarks only, never in a release) adds a plaintext mode so the cost of privacy can be
//! measured in the same run.

use sotto_core::{ConversationId, LeadId, Pseudonym, TenantId, VisitorId};
use sotto_crypto::aad::MessagePlace;
use sotto_crypto::{ConversationKey, MessageField, TenantKey, VisitorKey, aad};
use sotto_store::Sealing;

use crate::{AppError, AppResult};

/// Whether visitor ids are pseudonymized and messages encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Privacy {
    /// Pseudonyms and encryption: the only mode of a real build.
    #[default]
    On,
    /// Raw visitor ids and plaintext bodies, to measure what privacy costs.
    #[cfg(feature = "bench-privacy-off")]
    OffForBenchmarks,
}

impl Privacy {
    /// The identifier stored for a visitor.
    pub fn pseudonym(self, tenant_key: &TenantKey, visitor: &VisitorId) -> Pseudonym {
        match self {
            Privacy::On => tenant_key.pseudonymize(visitor),
            #[cfg(feature = "bench-privacy-off")]
            Privacy::OffForBenchmarks => {
                let mut raw = [0u8; 32];
                raw[..16].copy_from_slice(visitor.as_bytes());
                Pseudonym::from_bytes(raw)
            }
        }
    }
}

/// Seals and opens what is one visitor's: their e-mail addresses, and (through
/// [`Sealer::messages`]) their messages.
pub enum Sealer {
    /// With the visitor's data key.
    Key(VisitorKey),
    /// Not at all (benchmark builds only).
    #[cfg(feature = "bench-privacy-off")]
    Plain,
}

/// Seals and opens one conversation's messages: new ones with the conversation's key from the
/// key store (associated data v2, binding role and position), and those stored before
/// conversation keys existed with the visitor key (v1), each as its stored [`Sealing`] says.
pub struct MessageSealer<'a> {
    visitor: &'a Sealer,
    conversation: Option<(ConversationId, ConversationKey)>,
}

impl Sealer {
    /// The sealer of one conversation's messages (and the addresses left about it), with its
    /// key (`None` for a conversation stored before conversation keys, whose new messages stay
    /// under the visitor key, or for an address left without a stored conversation).
    pub fn messages(
        &self,
        conversation: Option<(ConversationId, ConversationKey)>,
    ) -> MessageSealer<'_> {
        MessageSealer {
            visitor: self,
            conversation,
        }
    }

    /// The visitor's key, to wrap and unwrap their conversations' keys (`None` in benchmark
    /// builds without privacy).
    pub fn visitor_key(&self) -> Option<&VisitorKey> {
        match self {
            Sealer::Key(key) => Some(key),
            #[cfg(feature = "bench-privacy-off")]
            Sealer::Plain => None,
        }
    }
}

impl MessageSealer<'_> {
    /// How the messages sealed now are sealed.
    pub fn sealing(&self) -> Sealing {
        if self.conversation.is_some() {
            Sealing::ConversationKey
        } else {
            Sealing::VisitorKey
        }
    }

    /// Whether a message sealed as `sealing` can be opened: not when its conversation's key
    /// was shredded (an erased conversation whose rows came back with a restored backup of the
    /// content, or whose deletion a crash interrupted). Readers leave such messages out, as
    /// erased.
    pub fn can_open(&self, sealing: Sealing) -> bool {
        sealing == Sealing::VisitorKey || self.conversation.is_some() || self.is_plain()
    }

    /// Whether nothing is sealed (benchmark builds without privacy).
    fn is_plain(&self) -> bool {
        match self.visitor {
            Sealer::Key(_) => false,
            #[cfg(feature = "bench-privacy-off")]
            Sealer::Plain => true,
        }
    }

    /// Seals `plaintext` as `field` of the message at `place`, as [`Self::sealing`] says.
    pub fn seal(
        &self,
        place: &MessagePlace,
        field: MessageField,
        plaintext: &[u8],
    ) -> AppResult<Vec<u8>> {
        match (self.visitor, &self.conversation) {
            #[cfg(feature = "bench-privacy-off")]
            (Sealer::Plain, _) => Ok(plaintext.to_vec()),
            (_, Some((_, key))) => Ok(key.seal(&aad::message_v2(place, field), plaintext)?),
            (Sealer::Key(key), None) => Ok(key.seal(&v1(place, field), plaintext)?),
        }
    }

    /// Opens a field sealed as `sealing` at the same place. A message sealed with a
    /// conversation key that is gone (shredded) does not open.
    pub fn open(
        &self,
        place: &MessagePlace,
        sealing: Sealing,
        field: MessageField,
        sealed: &[u8],
    ) -> AppResult<Vec<u8>> {
        match (self.visitor, sealing, &self.conversation) {
            #[cfg(feature = "bench-privacy-off")]
            (Sealer::Plain, _, _) => Ok(sealed.to_vec()),
            (_, Sealing::ConversationKey, Some((_, key))) => {
                Ok(key.open(&aad::message_v2(place, field), sealed)?)
            }
            (_, Sealing::ConversationKey, None) => {
                Err(AppError::Crypto(sotto_crypto::CryptoError::Decrypt))
            }
            (Sealer::Key(key), Sealing::VisitorKey, _) => Ok(key.open(&v1(place, field), sealed)?),
        }
    }
}

impl MessageSealer<'_> {
    /// Seals the address of `lead`, bound to it (and to the conversation, under its key), as
    /// [`Self::sealing`] says.
    pub fn seal_email(&self, tenant: TenantId, lead: LeadId, address: &str) -> AppResult<Vec<u8>> {
        match (self.visitor, &self.conversation) {
            #[cfg(feature = "bench-privacy-off")]
            (Sealer::Plain, _) => Ok(address.as_bytes().to_vec()),
            (_, Some((conversation, key))) => Ok(key.seal(
                &aad::lead_email_v2(tenant, *conversation, lead),
                address.as_bytes(),
            )?),
            (Sealer::Key(key), None) => {
                Ok(key.seal(&aad::lead_email(tenant, lead), address.as_bytes())?)
            }
        }
    }

    /// Opens an address sealed as `sealing` for the same lead; one whose conversation key was
    /// shredded does not open (see [`Self::can_open`]).
    pub fn open_email(
        &self,
        tenant: TenantId,
        lead: LeadId,
        sealing: Sealing,
        sealed: &[u8],
    ) -> AppResult<String> {
        let bytes = match (self.visitor, sealing, &self.conversation) {
            #[cfg(feature = "bench-privacy-off")]
            (Sealer::Plain, _, _) => sealed.to_vec(),
            (_, Sealing::ConversationKey, Some((conversation, key))) => {
                key.open(&aad::lead_email_v2(tenant, *conversation, lead), sealed)?
            }
            (_, Sealing::ConversationKey, None) => {
                return Err(AppError::Crypto(sotto_crypto::CryptoError::Decrypt));
            }
            (Sealer::Key(key), Sealing::VisitorKey, _) => {
                key.open(&aad::lead_email(tenant, lead), sealed)?
            }
        };
        String::from_utf8(bytes).map_err(|_| AppError::Setup("a stored address is not text".into()))
    }
}

/// The associated data of a message sealed with the visitor key.
fn v1(place: &MessagePlace, field: MessageField) -> Vec<u8> {
    aad::message(place.tenant, place.conversation, place.message, field)
}
