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
        r#"(?i)(?:https?://|www\.)[^\s<>"'`]+|(?-i:[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,})/[^\s<>"'`]*"#,
    )
});

/// Parts of a query parameter's name that mark its value as a secret ("token",
/// "reset_password_token", "X-Amz-Signature", "apikey"): matched inside the name, so that
/// a name of a kind not foreseen is caught too; a link flagged by mistake is only redacted.
const SECRET_PARTS: &[&str] = &[
    "token",
    "key",
    "secret",
    "pass",
    "pwd",
    "sig",
    "session",
    "sid",
    "auth",
    "otp",
    "code",
    "reset",
    "credential",
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
        SECRET_PARTS.iter().any(|part| name.contains(part)) && pair.len() > name.len() + 1
    })
}

/// Whether `text` may hold a link: a scheme, `www.`, or a slash right after a letter (a path
/// after a domain). Dates ("14/02/2026") and fractions do not wake the link search.
pub(crate) fn may_hold_link(text: &str) -> bool {
    text.contains("://")
        || text
            .as_bytes()
            .windows(4)
            .any(|four| four.eq_ignore_ascii_case(b"www."))
        || text
            .as_bytes()
            .windows(2)
            .any(|pair| pair[1] == b'/' && pair[0].is_ascii_alphabetic())
}

pub(crate) fn find(text: &str, out: &mut Vec<Span>) {
    for m in URL.find_iter(text) {
        let bare = !m.as_str().get(..4).is_some_and(|start| {
            start.eq_ignore_ascii_case("http") || start.eq_ignore_ascii_case("www.")
        });
        if bare
            && char_before(text, m.start())
                .is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '.')
        {
            // A bare domain that is the host of an e-mail address, or the middle of a word.
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
        assert!(found("Wohnung im 1.OG/links, Tel.Nr/Fax").is_empty());
        assert_eq!(
            found("here is the link.https://shop.example/reset?token=abc"),
            ["https://shop.example/reset?token=abc"]
        );
    }

    #[test]
    fn only_text_that_may_hold_a_link_is_searched() {
        assert!(may_hold_link("see kleinanzeigen.de/s-anzeige"));
        assert!(may_hold_link("https://x.example"));
        assert!(may_hold_link("WWW.EXAMPLE.COM"));
        assert!(may_hold_link("Www.meinprofil.de"));
        assert!(!may_hold_link("born 14/02/1987, 1/2 price"));
    }

    #[test]
    fn secrets_in_links() {
        assert!(carries_secret("https://x.example/reset?token=abc123"));
        assert!(carries_secret("https://bob:hunter2@x.example/"));
        assert!(carries_secret(
            "https://x.example/?reset_password_token=f00d"
        ));
        assert!(!carries_secret("https://x.example/shop?page=2"));
        assert!(!carries_secret("https://x.example/?token="));
    }
}
