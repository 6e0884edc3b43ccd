//! The small HTML writing helpers of the pages Sotto renders itself (the visitor's export, the
//! privacy notice, the register of processing, breach notifications): escaped text and dates.
//! Apart from the pages, so that none of them depends on another.

use pulldown_cmark_escape::escape_html;

/// Appends `text`, escaped for HTML text and attribute values.
pub(crate) fn text(out: &mut String, text: &str) {
    escape_html(&mut *out, text).expect("writing to a String cannot fail");
}

/// Formats Unix seconds as a UTC date and time.
pub(crate) fn time(seconds: i64) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| seconds.to_string())
}

/// Formats a day (days since the epoch) as a UTC date, `YYYY-MM-DD`.
pub(crate) fn date(day: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::OffsetDateTime::from_unix_timestamp(day.saturating_mul(86_400))
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| day.to_string())
}
