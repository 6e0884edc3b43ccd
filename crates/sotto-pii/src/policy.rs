//! What happens to detected data: each type is redacted (replaced by a `[TYPE]` placeholder),
//! masked (only its last characters kept) or kept (stored encrypted like all text, and flagged).
//! Tenants choose per type; redaction is the default.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::entity::{Entity, EntityType};

/// What to do with one type of personal data.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Replaced by `[TYPE]` (or `[LABEL]` for tenant rules).
    #[default]
    Redact,
    /// All but the last [`MASK_KEEP`] letters or digits replaced by `•`.
    Mask,
    /// Left as written; the message is flagged as holding this type.
    Keep,
    /// Dropped without a trace: for text that only needs its other words, such as a search
    /// query.
    Remove,
}

/// How many trailing letters or digits a mask keeps.
pub const MASK_KEEP: usize = 4;

/// A tenant's policy: an action per type, redaction for the types it does not name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Policy {
    /// Actions that differ from redaction.
    #[serde(default)]
    pub actions: BTreeMap<EntityType, Action>,
}

impl Policy {
    /// Redacts every type: what goes to an external model unless the tenant opts out.
    pub fn redact_all() -> Self {
        Self::default()
    }

    /// Removes every type: the words left are what a search may use.
    pub fn remove_all() -> Self {
        Self {
            actions: EntityType::ALL
                .into_iter()
                .map(|kind| (kind, Action::Remove))
                .collect(),
        }
    }

    /// The action for one type.
    pub fn action(&self, kind: EntityType) -> Action {
        self.actions.get(&kind).copied().unwrap_or_default()
    }
}

/// Text after a policy was applied, and what it held.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Applied {
    /// The text to store or send.
    pub text: String,
    /// The types found, each once, in [`EntityType::ALL`] order (the message's flags).
    pub found: Vec<EntityType>,
    /// The types that were kept as written.
    pub kept: Vec<EntityType>,
}

fn mask(original: &str) -> String {
    let significant = original.chars().filter(|c| c.is_alphanumeric()).count();
    let mut to_hide = significant.saturating_sub(MASK_KEEP);
    original
        .chars()
        .map(|c| {
            if c.is_alphanumeric() && to_hide > 0 {
                to_hide -= 1;
                '•'
            } else {
                c
            }
        })
        .collect()
}

/// Applies `policy` to `text` given its entities (sorted, non-overlapping, character offsets,
/// as [`crate::Detector::detect`] returns them). Linear in the text's length.
pub fn apply(text: &str, entities: &[Entity], policy: &Policy) -> Applied {
    let mut output = String::with_capacity(text.len());
    let mut found = Vec::new();
    let mut kept = Vec::new();
    let mut chars = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    // Offsets are asked in order; one may be asked twice in a row when an entity ends where
    // the next one starts.
    let mut next_char = 0;
    let mut last_byte = 0;
    let mut byte_of = |char_index: usize| {
        if char_index >= next_char {
            last_byte = chars.nth(char_index - next_char).unwrap_or(text.len());
            next_char = char_index + 1;
        }
        last_byte
    };
    let mut copied = 0;
    for entity in entities {
        let start = byte_of(entity.start);
        let end = byte_of(entity.end);
        output.push_str(&text[copied..start]);
        let original = &text[start..end];
        match policy.action(entity.kind) {
            Action::Redact => {
                output.push('[');
                output.push_str(entity.label.as_deref().unwrap_or(entity.kind.as_str()));
                output.push(']');
            }
            Action::Mask => output.push_str(&mask(original)),
            Action::Keep => {
                output.push_str(original);
                kept.push(entity.kind);
            }
            Action::Remove => {}
        }
        found.push(entity.kind);
        copied = end;
    }
    output.push_str(&text[copied..]);
    found.sort();
    found.dedup();
    kept.sort();
    kept.dedup();
    Applied {
        text: output,
        found,
        kept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(kind: EntityType, start: usize, end: usize) -> Entity {
        Entity {
            kind,
            start,
            end,
            score: 1.0,
            label: None,
        }
    }

    #[test]
    fn adjacent_entities_are_both_replaced() {
        let text = "né:a@b.fi+33612345678";
        let entities = [
            entity(EntityType::Email, 3, 9),
            entity(EntityType::Phone, 9, 21),
        ];
        let applied = apply(text, &entities, &Policy::redact_all());
        assert_eq!(applied.text, "né:[EMAIL][PHONE]");
    }

    #[test]
    fn redact_mask_and_keep() {
        let text = "é a@b.fi 4111111111111111 +358401234567";
        let entities = [
            entity(EntityType::Email, 2, 8),
            entity(EntityType::CreditCard, 9, 25),
            entity(EntityType::Phone, 26, 39),
        ];
        let mut policy = Policy::default();
        policy.actions.insert(EntityType::CreditCard, Action::Mask);
        policy.actions.insert(EntityType::Phone, Action::Keep);
        let applied = apply(text, &entities, &policy);
        assert_eq!(applied.text, "é [EMAIL] ••••••••••••1111 +358401234567");
        assert_eq!(
            applied.found,
            [EntityType::Email, EntityType::Phone, EntityType::CreditCard]
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
        assert_eq!(applied.kept, [EntityType::Phone]);
    }
}
