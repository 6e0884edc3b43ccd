//! Check rules of numbers that carry one: a candidate that fails its rule is not reported.

/// The digits of `text`, ignoring everything else.
pub(crate) fn digits(text: &str) -> Vec<u8> {
    text.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

/// Luhn (mod 10) over all digits, the last being the check digit.
pub(crate) fn luhn(digits: &[u8]) -> bool {
    if digits.len() < 2 {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The remainder of a long decimal number given as ASCII digits and letters (A = 10 … Z = 35),
/// modulo 97, as ISO 7064 MOD 97-10 (IBAN) computes it.
pub(crate) fn mod97(alphanumeric: impl Iterator<Item = u8>) -> Option<u32> {
    let mut remainder = 0u32;
    for c in alphanumeric {
        let value = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return None,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    Some(remainder)
}

/// The remainder of a decimal digit string modulo `m`.
pub(crate) fn mod_n(digits: &[u8], m: u64) -> u64 {
    digits
        .iter()
        .fold(0u64, |acc, &d| (acc * 10 + u64::from(d)) % m)
}

/// A calendar date check (years 1800–2099), for identity numbers that encode a birth date.
pub(crate) fn valid_date(year: u32, month: u32, day: u32) -> bool {
    if !(1800..=2099).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_test_cards_and_refuses_a_changed_digit() {
        assert!(luhn(&digits("4111 1111 1111 1111")));
        assert!(luhn(&digits("5500-0000-0000-0004")));
        assert!(!luhn(&digits("4111 1111 1111 1112")));
        assert!(!luhn(&digits("7")));
    }

    #[test]
    fn mod97_matches_the_iban_rule() {
        // DE89 3704 0044 0532 0130 00, rearranged: BBAN then country and check digits.
        let rearranged = b"370400440532013000DE89";
        assert_eq!(mod97(rearranged.iter().copied()), Some(1));
        assert_eq!(mod97(b"12a".iter().copied()), None);
    }

    #[test]
    fn dates_know_month_lengths_and_leap_years() {
        assert!(valid_date(2000, 2, 29));
        assert!(!valid_date(1900, 2, 29));
        assert!(!valid_date(2023, 4, 31));
        assert!(!valid_date(1700, 1, 1));
    }
}
