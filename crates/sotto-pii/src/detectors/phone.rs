//! Telephone numbers in E.164 and the national formats of FR, DE, FI, UK, ES, IT, NL, BE, SE,
//! PL and the US. Digit counts per country decide; dates, prices and quantities are refused.

use std::sync::LazyLock;

use std::ops::Range;

use regex::Regex;

use super::windows::matches_in;

use crate::checksum::digits;
use crate::entity::{EntityType, Span};
use crate::text::{Cues, after, before, compiled, isolated};

static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    compiled(
        r"(?:\+|00)[1-9][0-9 \-./()]{5,22}[0-9]|\(?0[0-9][0-9 \-./()]{5,16}[0-9]|\(?[2-9][0-9]{2}\)?[ .\-]?[0-9]{3}[ .\-][0-9]{4}|[1-9][0-9]{1,2}[ .][0-9]{2,3}[ .][0-9]{2,3}(?:[ .][0-9]{2,3})?",
    )
});

static DATE_LIKE: LazyLock<Regex> =
    LazyLock::new(|| compiled(r"^[0-9]{1,4}[./\-][0-9]{1,2}[./\-][0-9]{1,4}$"));

/// Country calling codes and the number of digits that follow them.
const COUNTRIES: &[(&str, u8, u8)] = &[
    ("1", 10, 10),
    ("30", 10, 10),
    ("31", 9, 9),
    ("32", 8, 9),
    ("33", 9, 9),
    ("34", 9, 9),
    ("351", 9, 9),
    ("352", 4, 11),
    ("353", 7, 9),
    ("358", 5, 12),
    ("36", 8, 9),
    ("39", 6, 11),
    ("40", 9, 9),
    ("41", 9, 9),
    ("420", 9, 9),
    ("43", 4, 13),
    ("44", 9, 10),
    ("45", 8, 8),
    ("46", 7, 9),
    ("47", 8, 8),
    ("48", 9, 9),
    ("49", 6, 13),
];

static PHONE_CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "phone",
        "tel",
        "call",
        "mobile",
        "cell",
        "number",
        "whatsapp",
        "sms",
        "text me",
        "reach me",
        "numéro",
        "numero",
        "portable",
        "appel",
        "appelez",
        "joindre",
        "telefon",
        "handy",
        "anrufen",
        "rufen",
        "nummer",
        "puhelin",
        "puh",
        "soita",
        "numeroni",
        "gsm",
        "móvil",
        "llamar",
        "cellulare",
        "chiamare",
        "bellen",
        "telefoon",
    ])
});

const MONEY: &[&str] = &[
    "€", "$", "£", "eur", "usd", "gbp", "kr", "zł", "pln", "chf", "euro", "price", "prix", "preis",
    "hinta", "total", "€.", "sek",
];

const QUANTITY_AFTER: &[&str] = &[
    "€", "eur", "euro", "$", "kr", "zł", "kg", "g ", "km", "cm", "mm", "m²", "ml", "pcs", "pieces",
    "items", "units", "st.", "kpl", "stück", "%",
];

/// The plausibility of the digits as a number of one of the supported countries, and its
/// national digits (after the country code or the trunk zero).
fn plausible<'d>(candidate: &str, digits: &'d [u8]) -> Option<(f32, &'d [u8])> {
    let international = candidate.starts_with('+') || candidate.starts_with("00");
    if international {
        let skip = if candidate.starts_with("00") { 2 } else { 0 };
        let rest = &digits[skip..];
        // "+49 (0)30 …": the national trunk zero written in brackets does not count.
        let trunk = usize::from(candidate.contains("(0)"));
        for (code, min, max) in COUNTRIES {
            let code_digits = code.len();
            if rest.len() > code_digits + trunk
                && rest[..code_digits]
                    .iter()
                    .map(|d| (b'0' + d) as char)
                    .eq(code.chars())
            {
                let national = &rest[code_digits + trunk..];
                return (usize::from(*min)..=usize::from(*max))
                    .contains(&national.len())
                    .then_some((0.95, national));
            }
        }
        return (8..=15).contains(&rest.len()).then_some((0.7, rest));
    }
    match digits.first() {
        Some(0) => (9..=12)
            .contains(&digits.len())
            .then_some((0.8, &digits[1..])),
        Some(_) if digits.len() == 10 && candidate.contains(['(', '-']) => Some((0.8, digits)),
        Some(6..=9) if digits.len() == 9 => Some((0.6, digits)),
        Some(3) if digits.len() == 10 => Some((0.6, digits)),
        _ => None,
    }
}

/// Toll-free numbers (0800, 0808, +44 800, 1-800…) are a business's, never a person's.
fn toll_free(national: &[u8]) -> bool {
    national.starts_with(&[8, 0, 0]) || national.starts_with(&[8, 0, 8])
}

/// True when the candidate continues a longer number: "4532 0151 1283 0367" is one number, not
/// a prefix and a phone number.
fn continues_number(text: &str, start: usize) -> bool {
    let bytes = text.as_bytes();
    start >= 2
        && matches!(bytes[start - 1], b' ' | b'.' | b'-' | b'/')
        && bytes[start - 2].is_ascii_digit()
}

pub(crate) fn find(text: &str, window: Range<usize>, out: &mut Vec<Span>) {
    for m in matches_in(&CANDIDATE, text, window) {
        let candidate = m.as_str().trim_end_matches([')', '.', '-', ' ']);
        let (start, end) = (m.start(), m.start() + candidate.len());
        if !isolated(text, start, end)
            || continues_number(text, start)
            || DATE_LIKE.is_match(candidate)
        {
            continue;
        }
        let digits = digits(candidate);
        let Some((mut score, national)) = plausible(candidate, &digits) else {
            continue;
        };
        if toll_free(national) {
            continue;
        }
        let preceding = before(text, start, 8);
        let following = after(text, end, 8);
        let preceding = preceding.trim_end();
        if MONEY.iter().any(|cue| preceding.ends_with(cue))
            || QUANTITY_AFTER
                .iter()
                .any(|cue| following.trim_start().starts_with(cue))
            || following.starts_with(",")
                && following[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        if PHONE_CUES.near(text, start, end) {
            score = (score + 0.2).min(0.99);
        }
        if score >= 0.6 {
            out.push(Span::new(EntityType::Phone, start, end, score * 0.95));
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
    fn national_and_international_formats() {
        for number in [
            "+33 6 12 34 56 78",
            "06 12 34 56 78",
            "+49 (0)30 1234567",
            "0170 1234567",
            "040 123 4567",
            "+358 40 1234567",
            "020 7946 0958",
            "+44 20 7946 0958",
            "612 345 678",
            "347 123 4567",
            "06-12345678",
            "0470 12 34 56",
            "070-123 45 67",
            "+48 512 345 678",
            "(415) 555-0132",
            "0049 89 1234567",
        ] {
            let text = format!("call me on {number} please");
            assert_eq!(found(&text), [number], "{text}");
        }
    }

    #[test]
    fn prices_dates_and_quantities_are_not_phones() {
        assert!(found("it costs € 1 299 999 total").is_empty());
        assert!(found("delivered on 01.02.2023").is_empty());
        assert!(found("order 3 500 000 kg").is_empty());
        assert!(found("version 10").is_empty());
        assert!(found("order 4532 0151 1283 0367").is_empty());
    }

    #[test]
    fn toll_free_numbers_are_not_personal() {
        assert!(found("call the store on 0800 123 4567").is_empty());
        assert!(found("or +44 808 157 0192").is_empty());
        assert!(found("US: 1-800-555-0199").is_empty());
    }
}
