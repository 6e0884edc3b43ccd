//! Visitors' votes on answers, and the site's weekly counts of them. A vote belongs to the
//! answer it is about: sealed with the conversation's key, in the answer's place, and deleted
//! with it (erasure, objection, retention). The weekly counts hold numbers only, so they
//! outlive what they count, and include the votes of visitors whose conversations are not
//! stored.

use sotto_core::{ConversationId, MessageId, SiteId, UnixTime};

use crate::Sealing;

/// A visitor's vote on one assistant message, sealed (up or down, and the comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteRecord {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The answer voted on.
    pub message_id: MessageId,
    /// Its position in the conversation.
    pub seq: i64,
    /// The sealed vote.
    pub body: Vec<u8>,
    /// Which key sealed it (the answer's).
    pub sealing: Sealing,
    /// When the visitor last voted on this answer.
    pub voted_at: UnixTime,
}

/// How a site's answers of one kind were voted in one week: counts only. In a change of
/// what a store holds, the counts are what is added (a changed vote adds -1 to one side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteTally {
    /// The site.
    pub site_id: SiteId,
    /// The week the answers were given in: the Unix time its Monday starts (UTC).
    pub week: UnixTime,
    /// The answers' kind (`answered`, `generated`, `unknown`, `small_talk`).
    pub kind: String,
    /// Votes up.
    pub up: i64,
    /// Votes down.
    pub down: i64,
}

/// The Unix time the week of `at` starts: Monday 00:00 UTC.
pub fn week_of(at: UnixTime) -> UnixTime {
    const DAY: i64 = 24 * 3600;
    // 1970-01-01 was a Thursday: Monday is three days before it.
    let days = at.div_euclid(DAY) + 3;
    (days - days.rem_euclid(7) - 3) * DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        // 2026-12-07 is a Monday.
        let monday = 1_796_601_600;
        assert_eq!(week_of(monday), monday);
        assert_eq!(week_of(monday + 6 * 86_400 + 86_399), monday);
        assert_eq!(week_of(monday - 1), monday - 7 * 86_400);
        assert_eq!(week_of(0), -3 * 86_400);
    }
}
