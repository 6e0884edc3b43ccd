//! The SQL that lists conversations, written once for both backends.

/// The columns every conversation query selects.
pub const CONVERSATION_COLUMNS: &str =
    "tenant_id, conversation_id, site_id, pseudonym, phase, created_at, updated_at";

/// What a visitor's turn reads at once (`$1` tenant, `$2` pseudonym, `$3` the conversation
/// continued or NULL): the conversation's columns (NULL when there is none), its message count,
/// the visitor's objection and wrapped key. One row, whatever exists.
pub fn turn_context() -> String {
    format!(
        "SELECT {CONVERSATION_COLUMNS},
           (SELECT COUNT(*) FROM messages m WHERE m.tenant_id = $1 AND m.conversation_id = $3) AS message_count,
           (SELECT o.since FROM objections o WHERE o.tenant_id = $1 AND o.pseudonym = $2) AS objection_since,
           (SELECT v.wrapped_key FROM visitors v WHERE v.tenant_id = $1 AND v.pseudonym = $2) AS visitor_key
         FROM (SELECT 1 AS one) AS one
         LEFT JOIN conversations ON conversations.tenant_id = $1 AND conversations.conversation_id = $3"
    )
}

/// Conversations selected by `tail` (a condition and an order).
pub fn select_conversations(tail: &str) -> String {
    format!("SELECT {CONVERSATION_COLUMNS} FROM conversations {tail}")
}
