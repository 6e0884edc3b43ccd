//! Page URLs tell the team where a question was asked, but query strings and fragments often
//! carry personal data (e-mails, tokens, search terms). This is the one place that removes them
//! before anything is stored.

/// Returns `url` without its query string and fragment, trimmed of whitespace.
pub fn strip_query_and_fragment(url: &str) -> &str {
    let url = url.trim();
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_query_and_fragment() {
        assert_eq!(
            strip_query_and_fragment("https://shop.example/p?email=a@b.c#top"),
            "https://shop.example/p"
        );
        assert_eq!(
            strip_query_and_fragment("https://shop.example/p#x?y"),
            "https://shop.example/p"
        );
        assert_eq!(
            strip_query_and_fragment(" https://shop.example/ "),
            "https://shop.example/"
        );
        assert_eq!(strip_query_and_fragment(""), "");
    }
}
