//! Payment card numbers: 13 to 19 digits in consistent groups, a known issuer range and Luhn.
//! An order number that fails Luhn is not a card.

use std::sync::LazyLock;

use std::ops::Range;

use regex::Regex;

use super::windows::matches_in;

use crate::checksum::luhn;
use crate::entity::{EntityType, Span};
use crate::text::{CONTEXT_WINDOW, Cues, compiled, isolated};

static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| compiled(r"[0-9](?:[ \-]?[0-9]){12,18}"));

/// Words before a number that make it an order, tracking or customer number, not a card.
static NOT_A_CARD: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "order",
        "tracking",
        "invoice",
        "commande",
        "facture",
        "suivi",
        "bestell",
        "rechnung",
        "sendung",
        "tilaus",
        "lasku",
        "seuranta",
        "pedido",
        "ordine",
        "bestelling",
        "ean",
        "isbn",
        "customer number",
        "kundennummer",
    ])
});

/// Whether the digits fall in a known issuer range with a length that issuer uses.
fn known_issuer(digits: &[u8]) -> bool {
    let prefix = |n: usize| {
        digits[..n]
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d))
    };
    let len = digits.len();
    let p2 = prefix(2);
    let p3 = prefix(3);
    let p4 = prefix(4);
    let p6 = prefix(6);
    match digits[0] {
        4 => matches!(len, 13 | 16 | 19),
        5 => (51..=55).contains(&p2) && len == 16 || (p2 == 50 || p2 >= 56) && len >= 13,
        2 => (2221..=2720).contains(&p4) && len == 16 || (2200..=2204).contains(&p4) && len >= 16,
        3 => {
            (p2 == 34 || p2 == 37) && len == 15
                || ((300..=305).contains(&p3) || p2 == 36 || p2 == 38) && (14..=19).contains(&len)
                || (3528..=3589).contains(&p4) && len >= 16
        }
        6 => {
            len >= 16
                && (p4 == 6011
                    || (644..=649).contains(&p3)
                    || p2 == 65
                    || p2 == 62
                    || (622_126..=622_925).contains(&p6))
                || len >= 13
        }
        _ => false,
    }
}

/// Offsets where a digit group ends (before a separator, and the end of the candidate).
fn group_ends(candidate: &str) -> Vec<usize> {
    let bytes = candidate.as_bytes();
    let mut ends: Vec<usize> = (1..bytes.len())
        .filter(|&i| !bytes[i].is_ascii_digit() && bytes[i - 1].is_ascii_digit())
        .collect();
    ends.push(bytes.len());
    ends
}

pub(crate) fn find(text: &str, window: Range<usize>, out: &mut Vec<Span>) {
    for m in matches_in(&CANDIDATE, text, window) {
        let candidate = m.as_str();
        // A card followed by its expiry or security code: try the longest group prefix first.
        for end in group_ends(candidate).into_iter().rev() {
            let digits = crate::checksum::digits(&candidate[..end]);
            if !(13..=19).contains(&digits.len()) {
                continue;
            }
            let (start, stop) = (m.start(), m.start() + end);
            if isolated(text, start, stop)
                && known_issuer(&digits)
                && luhn(&digits)
                && !NOT_A_CARD.before(text, start, CONTEXT_WINDOW)
            {
                out.push(Span::new(EntityType::CreditCard, start, stop, 0.97));
                break;
            }
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
    fn cards_pass_and_order_numbers_do_not() {
        assert_eq!(
            found("card 4111 1111 1111 1111 exp"),
            ["4111 1111 1111 1111"]
        );
        assert_eq!(found("amex 3782-822463-10005"), ["3782-822463-10005"]);
        assert_eq!(found("4111111111111111 123"), ["4111111111111111"]);
        assert!(found("order 4111 1111 1111 1112").is_empty());
        assert!(found("order number 4111111111111111").is_empty());
        assert!(
            found("9111 1111 1111 1111").is_empty(),
            "no issuer starts with 9"
        );
    }
}
