//! One module per entity type. Each finds candidates with linear-time regexes and keeps only
//! those its check rules and context accept, reporting byte spans.

pub(crate) mod address;
pub(crate) mod birth_date;
pub(crate) mod card;
pub(crate) mod email;
pub(crate) mod iban;
pub(crate) mod ip;
pub(crate) mod national_id;
pub(crate) mod person;
pub(crate) mod phone;
pub(crate) mod url;

use crate::entity::Span;

/// Runs every built-in detector over `text`.
pub(crate) fn detect_all(text: &str, out: &mut Vec<Span>) {
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    if text.contains('@') {
        email::find(text, out);
    }
    if text.contains("://") {
        url::find(text, out);
    }
    if has_digit {
        iban::find(text, out);
        card::find(text, out);
        ip::find(text, out);
        national_id::find(text, out);
        birth_date::find(text, out);
        phone::find(text, out);
        address::find(text, out);
    } else if text.contains(':') {
        ip::find(text, out);
    }
    person::find(text, out);
}

/// The texts a detector finds in `text`, for its tests.
#[cfg(test)]
pub(crate) fn found_by(find: fn(&str, &mut Vec<Span>), text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    find(text, &mut out);
    out.iter().map(|s| &text[s.start..s.end]).collect()
}
