//! E-mail capture: a visitor leaves an address only for a purpose the widget states, and the
//! address is checked and normalized here once, so that its blind index is the same wherever
//! it is computed (the widget's form, `sotto erase --email`, the admin API).

use crate::limits::MAX_EMAIL_BYTES;

named_enum!(
    /// Why the visitor left their address.
    LeadPurpose {
        /// They asked to be contacted about what they asked.
        Contact => "contact",
        /// They asked for a summary of the conversation by e-mail.
        Summary => "summary",
    }
);

/// The address as stored and indexed: trimmed and lower-cased; `None` when it is not an
/// address (one `@`, something before it, a dotted domain after it, no spaces or brackets).
pub fn normalized_email(address: &str) -> Option<String> {
    let address = address.trim();
    if address.len() > MAX_EMAIL_BYTES || !looks_like_email(address) {
        return None;
    }
    Some(address.to_lowercase())
}

/// One `@` with something on both sides and a dot inside the domain, and nothing that could
/// break out of a header or a document (spaces, angle brackets, quotes, control characters).
pub fn looks_like_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        assert_eq!(
            normalized_email("  Ada.Lovelace@Example.ORG ").as_deref(),
            Some("ada.lovelace@example.org")
        );
    }

    #[test]
    fn what_is_not_an_address_is_refused() {
        for bad in [
            "",
            "ada",
            "@example.org",
            "ada@",
            "ada@example",
            "ada@.org",
            "ada@example.",
            "a@b@example.org",
            "ada lovelace@example.org",
            "<ada@example.org>",
            "ada@example.org\r\nBcc: x@y.z",
            "a,b@example.org",
        ] {
            assert_eq!(normalized_email(bad), None, "{bad:?}");
        }
        assert_eq!(
            normalized_email(&format!("{}@example.org", "a".repeat(300))),
            None
        );
    }

    #[test]
    fn purposes_round_trip() {
        for purpose in LeadPurpose::ALL {
            assert_eq!(LeadPurpose::parse(purpose.as_str()), Some(*purpose));
        }
    }
}
