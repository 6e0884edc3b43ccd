//! Input limits shared by the HTTP layer and the use cases, so both refuse the same inputs.

/// Longest accepted visitor message, in Unicode characters.
pub const MAX_MESSAGE_CHARS: usize = 4_000;

/// Longest accepted page URL, in bytes, before query and fragment are removed.
pub const MAX_PAGE_URL_BYTES: usize = 2_048;

/// How many messages of a visitor's history the widget keeps and the API returns per
/// conversation listing.
pub const HISTORY_MESSAGES: usize = 50;
