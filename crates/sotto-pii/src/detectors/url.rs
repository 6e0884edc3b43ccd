//! Web addresses: with a scheme, starting `www.`, or a domain with a path
//! (`kleinanzeigen.de/s-anzeige/…`). A link a visitor types can name them (a profile, an ad
//! they placed, a booking), and one carrying credentials or tokens is a key to their account:
//! [`carries_secret`] tells those apart, so that a site's own pages can be left in a question
//! while a password-reset link never is.

use std::sync::LazyLock;

use regex::Regex;

use crate::entity::{EntityType, Span};
use crate::text::{char_before, compiled};

static URL: LazyLock<Regex> = LazyLock::new(|| {
    compiled(
        r#"(?i)(?:https?://|www\.)[^\s<>"'`]+|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>"'`]*"#,
    )
});

const SECRET_PARAMS: &[&str] = &[
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "auth",
    "key",
    "apikey",
    "api_key",
    "secret",
    "password",
    "passwd",
    "pwd",
    "pass",
    "sig",
    "signature",
    "session",
    "sessionid",
    "sid",
    "code",
    "otp",
    "reset",
    "x-amz-signature",
    "x-amz-credential",
];

/// Whether `url` holds a user name and password, or a query parameter named like a token,
/// key, signature or password.
pub fn carries_secret(url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return true;
    }
    let Some((_, query)) = url.split_once('?') else {
        return false;
    };
    query.split(['&', ';', '#']).any(|pair| {
        let name = pair.split('=').next().unwrap_or("").to_ascii_lowercase();
        SECRET_PARAMS.contains(&name.as_str()) && pair.len() > name.len() + 1
    })
}

pub(crate) fn find(text: &str, out: &mut Vec<Span>) {
    for m in URL.find_iter(text) {
        if char_before(text, m.start()).is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '.')
        {
            // The host of an e-mail address, or the middle of a word.
            continue;
        }
        let url = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        // Above an e-mail address: `user:secret@host` inside a URL is the URL's; a plain link
        // holding an address (`…/contact?to=ana@example.com`) is the address's.
        let score = if carries_secret(url) { 0.995 } else { 0.9 };
        out.push(Span::new(
            EntityType::Url,
            m.start(),
            m.start() + url.len(),
            score,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::detectors::found_by(find, text)
    }

    #[test]
    fn links_with_a_scheme_www_or_a_path() {
        assert_eq!(
            found("the form at https://www.example.co.uk/register, then"),
            ["https://www.example.co.uk/register"]
        );
        assert_eq!(
            found("via www.fietsen.nl/reparatie-aanvragen een afspraak"),
            ["www.fietsen.nl/reparatie-aanvragen"]
        );
        assert_eq!(
            found("see kleinanzeigen.de/s-anzeige/rad/2874413."),
            ["kleinanzeigen.de/s-anzeige/rad/2874413"]
        );
        assert!(found("I booked on booking.com yesterday").is_empty());
        assert!(found("write to ana@example.com/today").is_empty());
        assert!(found("120 km/h, version 1.2/3").is_empty());
    }

    #[test]
    fn secrets_in_links() {
        assert!(carries_secret("https://x.example/reset?token=abc123"));
        assert!(carries_secret("https://bob:hunter2@x.example/"));
        assert!(!carries_secret("https://x.example/shop?page=2"));
        assert!(!carries_secret("https://x.example/?token="));
    }
}
