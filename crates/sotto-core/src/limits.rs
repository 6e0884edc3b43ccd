//! Input limits shared by the HTTP layer and the use cases, so both refuse the same inputs.

/// Longest accepted visitor message, in Unicode characters.
pub const MAX_MESSAGE_CHARS: usize = 4_000;

/// Longest accepted page URL, in bytes, before query and fragment are removed.
pub const MAX_PAGE_URL_BYTES: usize = 2_048;

/// How many messages of a visitor's history the widget keeps and the API returns per
/// conversation listing.
pub const HISTORY_MESSAGES: usize = 50;

/// How long a conversation is kept after its last message unless the site says otherwise: two
/// years, the longest the reference notices promise.
pub const DEFAULT_RETENTION_DAYS: u32 = 730;

/// The retention a site may choose, in days. One day at least, so that a sweep never races a
/// conversation that is being written; ten years at most.
pub const RETENTION_DAYS: std::ops::RangeInclusive<u32> = 1..=3_650;

/// Longest accepted e-mail address, in bytes (RFC 5321's path limit).
pub const MAX_EMAIL_BYTES: usize = 254;
