//! URLs, only when they carry credentials or tokens: a plain link is not personal data, a
//! password-reset link is.

use std::sync::LazyLock;

use regex::Regex;

use crate::entity::{EntityType, Span};
use crate::text::compiled;

static URL: LazyLock<Regex> = LazyLock::new(|| compiled(r#"(?i)https?://[^\s<>"'`]+"#));

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

fn carries_secret(url: &str) -> bool {
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
        let url = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        if carries_secret(url) {
            out.push(Span::new(
                EntityType::Url,
                m.start(),
                m.start() + url.len(),
                // Above an e-mail address: `user:secret@host` inside a URL is the URL's.
                0.995,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_urls_with_secrets() {
        assert!(carries_secret("https://x.example/reset?token=abc123"));
        assert!(carries_secret("https://bob:hunter2@x.example/"));
        assert!(!carries_secret("https://x.example/shop?page=2"));
        assert!(!carries_secret("https://x.example/?token="));
    }
}
