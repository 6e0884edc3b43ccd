//! National identity and tax numbers, each with its own check rule. Strong rules (a check
//! letter or a two-digit key) are enough alone; weak ones (one check digit that one number in
//! ten or eleven passes by chance) also need a cue nearby or the number's usual formatting.

use std::sync::LazyLock;

use std::ops::Range;

use regex::Regex;

use super::windows::matches_in;

use crate::checksum::{digits, luhn, mod_n, valid_date};
use crate::entity::{EntityType, Span};
use crate::text::{Cues, compiled, isolated};

/// Words that announce an identity or tax number, in the languages Sotto serves.
static ID_CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "ssn",
        "social security",
        "sécurité sociale",
        "securite sociale",
        "sécu",
        "secu",
        "nir",
        "insee",
        "bsn",
        "burgerservice",
        "sofinummer",
        "pesel",
        "personnummer",
        "steuer",
        "idnr",
        "identifikationsnummer",
        "tax id",
        "tax number",
        "national insurance",
        "nino",
        "dni",
        "nie",
        "codice fiscale",
        "henkilötunnus",
        "hetu",
        "sotu",
        "personal id",
        "id number",
        "identity number",
        "identification",
        "personal number",
        "numéro fiscal",
        "identiteit",
    ])
});

struct Rule {
    /// The rule's shape, as a pattern to search with.
    pattern: &'static str,
    /// The same shape, anchored: does a whole candidate have it?
    shape: Regex,
    /// Whether the candidate's text passes the check rule.
    check: fn(&str) -> bool,
    /// Whether the check alone is strong enough, without a cue.
    strong: fn(&str) -> bool,
}

fn rule(pattern: &'static str, check: fn(&str) -> bool, strong: fn(&str) -> bool) -> Rule {
    Rule {
        pattern,
        shape: compiled(&format!("^(?:{pattern})$")),
        check,
        strong,
    }
}

fn always(_: &str) -> bool {
    true
}

fn has_separators(text: &str) -> bool {
    text.contains([' ', '-', '.'])
}

fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |acc, &d| acc * 10 + u32::from(d))
}

/// France, NIR: sex, year, month, department (2A/2B for Corsica), commune, order, then a key
/// of 97 minus the number modulo 97.
fn fr_nir(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let upper = compact.to_ascii_uppercase();
    let body = upper[..13].replace("2A", "19").replace("2B", "18");
    if body.len() != 13 || !body.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let key = digits(&upper[13..]);
    let month = number(&digits(&upper[3..5]));
    let month_ok = (1..=12).contains(&month) || (20..=42).contains(&month) || month >= 50;
    month_ok && u64::from(number(&key)) == 97 - mod_n(&digits(&body), 97)
}

/// UK National Insurance number: two letters (some never used), six digits, a suffix A–D.
fn uk_nino(text: &str) -> bool {
    let prefix: String = text
        .chars()
        .take(2)
        .collect::<String>()
        .to_ascii_uppercase();
    !matches!(
        prefix.as_str(),
        "BG" | "GB" | "NK" | "KN" | "TN" | "NT" | "ZZ"
    )
}

/// US Social Security number: area not 000, 666 or 9xx; group not 00; serial not 0000.
fn us_ssn(text: &str) -> bool {
    let d = digits(text);
    let (area, group, serial) = (number(&d[..3]), number(&d[3..5]), number(&d[5..]));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

const DNI_LETTERS: &[u8] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Spain, DNI (8 digits) or NIE (X/Y/Z and 7 digits), with their check letter.
fn es_dni(text: &str) -> bool {
    let compact: Vec<u8> = text
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let (first, rest) = compact.split_at(1);
    let lead = match first[0] {
        b'X' => b'0',
        b'Y' => b'1',
        b'Z' => b'2',
        d => d,
    };
    let mut numeric = vec![lead - b'0'];
    numeric.extend(rest[..rest.len() - 1].iter().map(|b| b - b'0'));
    let letter = *compact.last().unwrap_or(&0);
    DNI_LETTERS[mod_n(&numeric, 23) as usize] == letter
}

/// Italy, codice fiscale: 15 characters and a check letter from odd/even position tables.
fn it_codice_fiscale(text: &str) -> bool {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let value = |b: u8| -> usize {
        if b.is_ascii_digit() {
            usize::from(b - b'0')
        } else {
            usize::from(b - b'A')
        }
    };
    let sum: u32 = bytes[..15]
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if i % 2 == 0 {
                ODD[value(b)]
            } else {
                value(b) as u32
            }
        })
        .sum();
    bytes[15] == b'A' + (sum % 26) as u8
}

const HETU_CHECK: &[u8] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// Finland, henkilötunnus: a birth date, a century sign, an individual number and a check
/// character.
fn fi_hetu(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let date = digits(&upper[..6]);
    let century = match bytes[6] {
        b'+' => 1800,
        b'-' | b'U'..=b'Y' => 1900,
        b'A'..=b'F' => 2000,
        _ => return false,
    };
    let (day, month, year) = (
        number(&date[..2]),
        number(&date[2..4]),
        century + number(&date[4..6]),
    );
    let mut all = date.clone();
    all.extend(digits(&upper[7..10]));
    valid_date(year, month, day) && HETU_CHECK[mod_n(&all, 31) as usize] == bytes[10]
}

/// Germany, steuerliche Identifikationsnummer: 11 digits, no leading zero, one digit of the
/// first ten repeated (two or three times), ISO 7064 MOD 11,10 check digit.
fn de_steuer_id(text: &str) -> bool {
    let d = digits(text);
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &digit in &d[..10] {
        counts[usize::from(digit)] += 1;
    }
    let repeated = counts.iter().filter(|&&c| c >= 2).count();
    if repeated != 1 || counts.iter().any(|&c| c > 3) {
        return false;
    }
    let mut product = 10u32;
    for &digit in &d[..10] {
        let mut sum = (u32::from(digit) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = (11 - product) % 10;
    check == u32::from(d[10])
}

/// Netherlands, BSN: nine digits passing the 11-test.
fn nl_bsn(text: &str) -> bool {
    let d = digits(text);
    let sum: i64 = d
        .iter()
        .enumerate()
        .map(|(i, &digit)| {
            let weight = if i == 8 { -1 } else { 9 - i as i64 };
            weight * i64::from(digit)
        })
        .sum();
    sum != 0 && sum % 11 == 0
}

/// Sweden, personnummer: a birth date (YYMMDD or YYYYMMDD, day + 60 for a coordination
/// number) and a Luhn check over the last ten digits.
fn se_personnummer(text: &str) -> bool {
    let d = digits(text);
    let ten = &d[d.len() - 10..];
    let year = if d.len() == 12 {
        number(&d[..4])
    } else {
        1900 + number(&ten[..2])
    };
    let (month, mut day) = (number(&ten[2..4]), number(&ten[4..6]));
    if day > 60 {
        day -= 60;
    }
    valid_date(year, month, day) && luhn(ten)
}

/// Poland, PESEL: a birth date whose month encodes the century, and a weighted check digit.
fn pl_pesel(text: &str) -> bool {
    const WEIGHTS: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let d = digits(text);
    let sum: u32 = d[..10]
        .iter()
        .zip(WEIGHTS)
        .map(|(&digit, w)| u32::from(digit) * w)
        .sum();
    let (yy, mm, dd) = (number(&d[..2]), number(&d[2..4]), number(&d[4..6]));
    let (century, month) = match mm {
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        81..=92 => (1800, mm - 80),
        _ => return false,
    };
    valid_date(century + yy, month, dd) && (10 - sum % 10) % 10 == u32::from(d[10])
}

/// Longer shapes first: in the combined search, the first alternative that matches at a
/// position wins, so a 9-digit shape must not cut an 11-digit number short.
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    vec![
        rule(
            r"(?i)[12] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[ab]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}",
            fr_nir,
            always,
        ),
        rule(
            r"(?i)[a-z]{6}[0-9]{2}[abcdehlmprst][0-9]{2}[a-z][0-9]{3}[a-z]",
            it_codice_fiscale,
            always,
        ),
        rule(
            r"(?:19|20)?[0-9]{6}[-+][0-9]{4}|(?:19|20)[0-9]{10}",
            se_personnummer,
            |t| t.contains(['-', '+']),
        ),
        rule(
            r"[0-9]{2} ?[0-9]{3} ?[0-9]{3} ?[0-9]{3}",
            de_steuer_id,
            has_separators,
        ),
        rule(r"[0-9]{11}", pl_pesel, |_| false),
        rule(r"(?i)[0-9]{6}[-+a-fu-y][0-9]{3}[0-9a-y]", fi_hetu, always),
        rule(
            r"(?i)[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[a-d]",
            uk_nino,
            always,
        ),
        rule(
            r"(?i)[0-9]{8}-?[a-z]|[xyz]-?[0-9]{7}-?[a-z]",
            es_dni,
            always,
        ),
        rule(r"[0-9]{4}\.?[0-9]{2}\.?[0-9]{3}", nl_bsn, |t| {
            t.contains('.')
        }),
        rule(r"[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{9}", us_ssn, |t| {
            t.contains('-')
        }),
    ]
});

/// Every rule's shape in one pattern: one pass over the text finds the candidates, then each
/// rule whose shape a candidate has checks it.
static CANDIDATES: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = RULES.iter().map(|r| format!("(?:{})", r.pattern)).collect();
    compiled(&alternatives.join("|"))
});

pub(crate) fn find(text: &str, window: Range<usize>, out: &mut Vec<Span>) {
    for m in matches_in(&CANDIDATES, text, window) {
        let candidate = m.as_str();
        if !isolated(text, m.start(), m.end()) {
            continue;
        }
        let passing: Vec<&Rule> = RULES
            .iter()
            .filter(|rule| rule.shape.is_match(candidate) && (rule.check)(candidate))
            .collect();
        if passing.is_empty() {
            continue;
        }
        let cued = ID_CUES.near(text, m.start(), m.end());
        if cued || passing.iter().any(|rule| (rule.strong)(candidate)) {
            let score = if cued { 0.98 } else { 0.9 };
            out.push(Span::new(EntityType::NationalId, m.start(), m.end(), score));
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
    fn each_country_rule_accepts_a_valid_number_and_refuses_a_changed_one() {
        let cases = [
            (
                "mon NIR est 1 85 05 78 006 084 91",
                "1 85 05 78 006 084 91",
                "1 85 05 78 006 084 90",
            ),
            ("NINO AB123456C", "AB123456C", "GB123456C"),
            ("SSN 123-45-6789", "123-45-6789", "666-45-6789"),
            ("DNI 12345678Z", "12345678Z", "12345678A"),
            ("NIE X1234567L", "X1234567L", "X1234567A"),
            (
                "CF RSSMRA85T10A562S",
                "RSSMRA85T10A562S",
                "RSSMRA85T10A562T",
            ),
            ("hetu 131052-308T", "131052-308T", "131052-308U"),
            (
                "Steuer-ID 86 095 742 719",
                "86 095 742 719",
                "86 095 742 718",
            ),
            ("BSN 1112.22.333", "1112.22.333", "1112.22.334"),
            ("personnummer 811218-9876", "811218-9876", "811218-9875"),
            ("PESEL 44051401359", "44051401359", "44051401358"),
        ];
        for (text, valid, invalid) in cases {
            assert_eq!(found(text), [valid], "{text}");
            let changed = text.replace(valid, invalid);
            assert!(found(&changed).is_empty(), "{changed}");
        }
    }

    #[test]
    fn weak_checks_need_a_cue() {
        assert!(found("ticket 44051401359").is_empty());
        assert_eq!(found("my pesel: 44051401359"), ["44051401359"]);
        assert!(found("ref 123456782").is_empty());
    }
}
