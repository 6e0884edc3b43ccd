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

pub use detectors::url::carries_secret;
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
/// (lower-cased), then, when it is not a listed name itself, the listed names it is in a
/// Finnish or Polish case of ("Ainolle" → "aino", "Virtasen" → "virtanen"). A site that prints
/// "Aino Mäkelä" is named by a visitor who thanks "Ainolle"; a visitor called Ivan is not
/// taken for a site that prints "IVA".
pub fn name_forms(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut forms = detectors::known_names::listed_base_forms(&lower);
    forms.insert(0, lower);
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_forms_start_with_the_word_then_drop_case_endings() {
        assert_eq!(name_forms("Mäkiselle"), ["mäkiselle", "mäkinen"]);
        assert!(name_forms("Ainolle").contains(&"aino".to_owned()));
        assert_eq!(name_forms("Sabine"), ["sabine"]);
        assert_eq!(
            name_forms("Ivan"),
            ["ivan"],
            "a listed name is not another in a case"
        );
    }
}
