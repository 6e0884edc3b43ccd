//! One module per entity type. Each finds candidates with linear-time regexes and keeps only
//! those its check rules and context accept, reporting byte spans.

pub(crate) mod address;
pub(crate) mod birth_date;
pub(crate) mod card;
pub(crate) mod email;
pub(crate) mod iban;
pub(crate) mod ip;
pub(crate) mod known_names;
pub(crate) mod national_id;
pub(crate) mod person;
pub(crate) mod person_known;
mod person_words;
pub(crate) mod phone;
pub(crate) mod url;
mod windows;

use std::ops::Range;

use crate::entity::Span;

/// Runs every built-in detector over `text`; those of digit-bearing data only over the windows
/// around digits.
pub(crate) fn detect_all(text: &str, out: &mut Vec<Span>) {
    let clusters = windows::digit_clusters(text);
    detect_in_windows(
        text,
        &windows::digit_windows(text, &clusters, windows::CANDIDATE_REACH),
        out,
    );
    for window in windows::digit_windows(text, &clusters, windows::ADDRESS_REACH) {
        address::find(text, window, out);
    }
    email::find(text, out);
    if url::may_hold_link(text) {
        url::find(text, out);
    }
    if !clusters.is_empty() || text.contains(':') {
        ip::find(text, out);
    }
    person::find(text, out);
    person_known::find(text, out);
}

/// The digit-bearing detectors, each over every window.
fn detect_in_windows(text: &str, windows: &[Range<usize>], out: &mut Vec<Span>) {
    for window in windows {
        iban::find(text, window.clone(), out);
        card::find(text, window.clone(), out);
        national_id::find(text, window.clone(), out);
        birth_date::find(text, window.clone(), out);
        phone::find(text, window.clone(), out);
    }
}

/// The texts a detector finds in `text`, for its tests.
#[cfg(test)]
pub(crate) fn found_by(find: fn(&str, &mut Vec<Span>), text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    find(text, &mut out);
    out.iter().map(|s| &text[s.start..s.end]).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Text where digit-bearing data sits among words, sometimes close together.
    fn chat_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("IBAN DE89 3704 0044 0532 0130 00".to_owned()),
            Just("card 4111 1111 1111 1111".to_owned()),
            Just("NIR 1 85 05 78 006 084 36".to_owned()),
            Just("NINO AB 12 34 56 C".to_owned()),
            Just("codice RSSMRA85T10A562S".to_owned()),
            Just("born March 3, 1990".to_owned()),
            Just("né le 3 mars 1990".to_owned()),
            Just("call +358 40 1234567".to_owned()),
            Just("Friedrich-Wilhelm-Straße 123".to_owned()),
            Just("Calle de la Santísima Trinidad 5".to_owned()),
            Just("12 rue de la Paix, 75002 Paris".to_owned()),
            Just("221B Baker Street".to_owned()),
            Just("à 106 boulevard des Lilas merci".to_owned()),
            Just("5 bis avenue Jean Jaurès".to_owned()),
            Just("Lindenstr. 8b, 3. OG rechts, 50674 Köln".to_owned()),
            Just("ul. Długa 5/3, 80-827 Gdańsk".to_owned()),
            Just("7 Rose Lane, flat 3, Bristol BS1 4DJ".to_owned()),
            Just("27 Southgate, Bath BA1 1TP".to_owned()),
            Just("Oude Kerkstraat 5, 2312 AB Leiden".to_owned()),
            "[0-9 .:/+()-]{1,16}",
            "[a-zA-Zé ]{0,40}",
            "\\PC{0,12}",
        ];
        prop::collection::vec(piece, 0..10).prop_map(|pieces| pieces.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn windows_find_what_the_whole_text_finds(text in chat_like()) {
            let mut windowed = Vec::new();
            let clusters = windows::digit_clusters(&text);
            detect_in_windows(&text, &windows::digit_windows(&text, &clusters, windows::CANDIDATE_REACH), &mut windowed);
            for window in windows::digit_windows(&text, &clusters, windows::ADDRESS_REACH) {
                address::find(&text, window, &mut windowed);
            }
            let mut whole = Vec::new();
            detect_in_windows(&text, std::slice::from_ref(&(0..text.len())), &mut whole);
            address::find(&text, 0..text.len(), &mut whole);
            windowed.sort_by_key(|span| (span.start, span.end));
            whole.sort_by_key(|span| (span.start, span.end));
            prop_assert_eq!(windowed, whole);
        }
    }
}
