//! What a detector reports: a type, a confidence and where the entity lies in the text.

use serde::{Deserialize, Serialize};

/// The kinds of personal data Sotto recognises.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntityType {
    /// An e-mail address.
    Email,
    /// A telephone number.
    Phone,
    /// A bank account number in IBAN form (mod-97 checked).
    Iban,
    /// A payment card number (Luhn and issuer range checked).
    CreditCard,
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// A national identity or tax number with its check rule.
    NationalId,
    /// A date in a birth context.
    DateOfBirth,
    /// A person's name in a self-introduction or a signature.
    Person,
    /// A street address.
    PostalAddress,
    /// A web address (one carrying credentials or tokens: [`crate::carries_secret`]).
    Url,
    /// A match of one of the tenant's own patterns or sensitive terms.
    Custom,
}

impl EntityType {
    /// Every built-in type, in a stable order (for policies, reports and the scorer).
    pub const ALL: [EntityType; 11] = [
        EntityType::Email,
        EntityType::Phone,
        EntityType::Iban,
        EntityType::CreditCard,
        EntityType::IpAddress,
        EntityType::NationalId,
        EntityType::DateOfBirth,
        EntityType::Person,
        EntityType::PostalAddress,
        EntityType::Url,
        EntityType::Custom,
    ];

    /// The stable upper-case name (`EMAIL`, `CREDIT_CARD`, …), also the redaction placeholder.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Email => "EMAIL",
            EntityType::Phone => "PHONE",
            EntityType::Iban => "IBAN",
            EntityType::CreditCard => "CREDIT_CARD",
            EntityType::IpAddress => "IP_ADDRESS",
            EntityType::NationalId => "NATIONAL_ID",
            EntityType::DateOfBirth => "DATE_OF_BIRTH",
            EntityType::Person => "PERSON",
            EntityType::PostalAddress => "POSTAL_ADDRESS",
            EntityType::Url => "URL",
            EntityType::Custom => "CUSTOM",
        }
    }

    /// Parses a stable name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// One detected entity. Offsets count Unicode scalar values (characters), end exclusive, so
/// that any labelled set can be scored whatever its tooling's string encoding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Entity {
    /// What it is.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Confidence from 0 to 1.
    pub score: f32,
    /// The tenant's label, for [`EntityType::Custom`] matches.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
}

/// A detection in byte offsets, before conversion; what the detectors produce.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    pub kind: EntityType,
    pub start: usize,
    pub end: usize,
    pub score: f32,
    pub label: Option<String>,
}

impl Span {
    pub(crate) fn new(kind: EntityType, start: usize, end: usize, score: f32) -> Self {
        Self {
            kind,
            start,
            end,
            score,
            label: None,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }

    pub(crate) fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}
