//! How the personal fields of a message are sealed: with the visitor's data key and AAD binding
//! them to tenant, conversation, message and field. The cargo feature `bench-privacy-off`
//! (benchmarks only, never in a release) adds a plaintext mode so the cost of privacy can be
//! measured in the same run.

use sotto_core::{ConversationId, LeadId, MessageId, Pseudonym, TenantId, VisitorId};
use sotto_crypto::{MessageField, TenantKey, VisitorKey, aad};

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

/// Seals and opens one visitor's message fields.
pub enum Sealer {
    /// With the visitor's data key.
    Key(VisitorKey),
    /// Not at all (benchmark builds only).
    #[cfg(feature = "bench-privacy-off")]
    Plain,
}

/// Where a sealed field belongs.
#[derive(Debug, Clone, Copy)]
pub struct FieldPlace {
    /// Owning tenant.
    pub tenant: TenantId,
    /// Conversation.
    pub conversation: ConversationId,
    /// Message.
    pub message: MessageId,
}

impl Sealer {
    /// Seals `plaintext` as `field` of the message at `place`.
    pub fn seal(
        &self,
        place: FieldPlace,
        field: MessageField,
        plaintext: &[u8],
    ) -> AppResult<Vec<u8>> {
        match self {
            Sealer::Key(key) => Ok(key.seal(
                &aad::message(place.tenant, place.conversation, place.message, field),
                plaintext,
            )?),
            #[cfg(feature = "bench-privacy-off")]
            Sealer::Plain => Ok(plaintext.to_vec()),
        }
    }

    /// Opens a field sealed by [`Sealer::seal`] at the same place.
    pub fn open(
        &self,
        place: FieldPlace,
        field: MessageField,
        sealed: &[u8],
    ) -> AppResult<Vec<u8>> {
        match self {
            Sealer::Key(key) => Ok(key.open(
                &aad::message(place.tenant, place.conversation, place.message, field),
                sealed,
            )?),
            #[cfg(feature = "bench-privacy-off")]
            Sealer::Plain => Ok(sealed.to_vec()),
        }
    }

    /// Seals the address of `lead`, bound to it.
    pub fn seal_email(&self, tenant: TenantId, lead: LeadId, address: &str) -> AppResult<Vec<u8>> {
        match self {
            Sealer::Key(key) => Ok(key.seal(&aad::lead_email(tenant, lead), address.as_bytes())?),
            #[cfg(feature = "bench-privacy-off")]
            Sealer::Plain => Ok(address.as_bytes().to_vec()),
        }
    }

    /// Opens an address sealed by [`Sealer::seal_email`] for the same lead.
    pub fn open_email(&self, tenant: TenantId, lead: LeadId, sealed: &[u8]) -> AppResult<String> {
        let bytes = match self {
            Sealer::Key(key) => key.open(&aad::lead_email(tenant, lead), sealed)?,
            #[cfg(feature = "bench-privacy-off")]
            Sealer::Plain => sealed.to_vec(),
        };
        String::from_utf8(bytes).map_err(|_| AppError::Setup("a stored address is not text".into()))
    }
}
