//! IBANs of every country of the registry, with or without spaces, mod-97 checked.

use std::sync::LazyLock;

use std::ops::Range;

use regex::Regex;

use super::windows::matches_in;

use crate::checksum::mod97;
use crate::entity::{EntityType, Span};
use crate::text::{compiled, isolated};

/// IBAN length per country (ISO 13616 registry).
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

static START: LazyLock<Regex> = LazyLock::new(|| compiled(r"(?i)[a-z]{2}[0-9]{2} ?[a-z0-9]"));

/// Reads exactly `length` alphanumerics from `from`, allowing single spaces or dashes between
/// them; returns the upper-cased characters and the end offset.
fn take(text: &str, from: usize, length: usize) -> Option<(Vec<u8>, usize)> {
    let bytes = text.as_bytes();
    let mut chars = Vec::with_capacity(length);
    let mut at = from;
    while chars.len() < length {
        match bytes.get(at) {
            Some(b) if b.is_ascii_alphanumeric() => {
                chars.push(b.to_ascii_uppercase());
                at += 1;
            }
            Some(b' ' | b'-')
                if !chars.is_empty()
                    && bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric) =>
            {
                at += 1;
            }
            _ => return None,
        }
    }
    Some((chars, at))
}

pub(crate) fn find(text: &str, window: Range<usize>, out: &mut Vec<Span>) {
    let mut resume = 0;
    for m in matches_in(&START, text, window) {
        if m.start() < resume {
            continue;
        }
        let country = m.as_str()[..2].to_ascii_uppercase();
        let Some(&(_, length)) = LENGTHS.iter().find(|(code, _)| *code == country) else {
            continue;
        };
        let Some((chars, end)) = take(text, m.start(), length) else {
            continue;
        };
        if !isolated(text, m.start(), end) {
            continue;
        }
        let rearranged = chars[4..].iter().chain(&chars[..4]).copied();
        if mod97(rearranged) == Some(1) {
            out.push(Span::new(EntityType::Iban, m.start(), end, 0.99));
            resume = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::detectors::found_by(|text, out| find(text, 0..text.len(), out), text)
    }

    #[test]
    fn accepts_valid_ibans_with_or_without_spaces() {
        assert_eq!(
            found("IBAN: DE89 3704 0044 0532 0130 00 thanks"),
            ["DE89 3704 0044 0532 0130 00"]
        );
        assert_eq!(
            found("fr1420041010050500013m02606"),
            ["fr1420041010050500013m02606"]
        );
        assert_eq!(found("FI2112345600000785."), ["FI2112345600000785"]);
    }

    #[test]
    fn refuses_a_wrong_check_or_length() {
        assert!(found("DE89 3704 0044 0532 0130 01").is_empty());
        assert!(found("DE89 3704 0044 0532 0130").is_empty());
    }
}
