//! The SQL that lists conversations, written once for both backends.

/// The columns every conversation query selects.
pub const CONVERSATION_COLUMNS: &str =
    "tenant_id, conversation_id, site_id, pseudonym, phase, created_at, updated_at";

/// Conversations selected by `tail` (a condition and an order).
pub fn select_conversations(tail: &str) -> String {
    format!("SELECT {CONVERSATION_COLUMNS} FROM conversations {tail}")
}
