//! Personal-data detection and redaction for Sotto, with no I/O: what a visitor types is
//! scanned before it is stored or sent to a model, and the tenant's policy decides what is kept.
//!
//! Detection is built to be more accurate than generic recognisers on European data and fast
//! enough to run on every message: candidates come from linear-time regexes (the `regex`
//! crate), then check rules (Luhn, mod-97, national check characters) and nearby context
//! decide. No step is quadratic in the message length.
//!
//! # Layout
//! - [`entity`]: entity types and detections (character offsets).
//! - [`calendar`]: the days of the week, shared with question analysis.
//! - `detectors`: one module per type.
//! - [`rules`]: the tenant's own patterns and sensitive terms.
//! - [`policy`]: redact, mask or keep, per type.
//! - `checksum`, `text`, `resolve`: check rules, context windows, overlap settling.

pub mod calendar;
mod checksum;
mod detectors;
pub mod entity;
pub mod policy;
mod resolve;
pub mod rules;
mod text;

pub use entity::{Entity, EntityType};
pub use policy::{Action, Applied, Policy, apply};
pub use rules::{CustomPattern, RuleError, TenantRules};

/// Finds personal data in text: the built-in detectors plus a tenant's rules.
#[derive(Debug, Clone, Default)]
pub struct Detector {
    rules: TenantRules,
}

impl Detector {
    /// A detector with a tenant's rules.
    pub fn new(rules: TenantRules) -> Self {
        Self { rules }
    }

    /// The entities of `text`, sorted by position and never overlapping, with character
    /// offsets (end exclusive).
    pub fn detect(&self, text: &str) -> Vec<Entity> {
        let mut spans = Vec::new();
        detectors::detect_all(text, &mut spans);
        self.rules.find(text, &mut spans);
        resolve::to_entities(text, resolve::settle(spans))
    }

    /// Detects, then applies `policy`.
    pub fn redact(&self, text: &str, policy: &Policy) -> Applied {
        apply(text, &self.detect(text), policy)
    }
}

/// The forms a name written in a message may have in its dictionary form: the word itself
/// (lower-cased), then without each Finnish or Polish case ending it may carry ("Ainolle" →
/// "aino", "Mäkelän" → "mäkelä"). A site that prints "Aino Mäkelä" is named by a visitor who
/// thanks "Ainolle".
pub fn name_forms(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut forms: Vec<String> = detectors::known_names::base_forms(&lower).collect();
    forms.insert(0, lower);
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_forms_start_with_the_word_then_drop_case_endings() {
        let forms = name_forms("Mäkiselle");
        assert_eq!(forms[0], "mäkiselle");
        assert!(forms.contains(&"mäkinen".to_owned()), "{forms:?}");
        assert!(name_forms("Ainolle").contains(&"aino".to_owned()));
        assert_eq!(name_forms("Sabine"), ["sabine"]);
    }
}
