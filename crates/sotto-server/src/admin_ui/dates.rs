//! Dates as the team reads and types them: Unix times shown in UTC to the minute, and the
//! `YYYY-MM-DD` of a date field read as midnight UTC.

/// A Unix time as the team reads it (UTC, to the minute).
pub fn when(at: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

/// Midnight UTC of a `YYYY-MM-DD` date.
pub fn date_to_unix(date: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date, &format)
        .ok()
        .map(|d| d.midnight().assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_midnight_utc_and_shown_to_the_minute() {
        assert_eq!(date_to_unix("2026-11-24"), Some(1_795_478_400));
        assert_eq!(date_to_unix("24/11/2026"), None);
        assert_eq!(when(1_795_478_400 + 61), "2026-11-24 00:01 UTC");
    }
}
