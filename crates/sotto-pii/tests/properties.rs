//! Properties that must hold for any input: detection never panics, offsets are character
//! offsets in order and never overlap, and redaction removes what was detected.

use proptest::prelude::*;
use sotto_pii::{Detector, EntityType, Policy};

/// Text mixing chat words, digits, separators and personal data, so the detectors fire often.
fn chat_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("my name is Anna Virtanen ".to_owned()),
        Just("anna@example.fi ".to_owned()),
        Just("+358 40 1234567 ".to_owned()),
        Just("DE89 3704 0044 0532 0130 00 ".to_owned()),
        Just("4111 1111 1111 1111 ".to_owned()),
        Just("né le 3 mars 1990 ".to_owned()),
        Just("12 rue de la Paix ".to_owned()),
        Just("https://x.example/?token=abc ".to_owned()),
        Just("Best regards,\nPeter ".to_owned()),
        Just("our son Mateo García ".to_owned()),
        Just("grazie Chiara, ".to_owned()),
        Just("Kadri Tamm and J. Bērziņš ".to_owned()),
        Just("Lindenstr. 8b, 3. OG rechts, 50674 Köln ".to_owned()),
        Just("ul. Długa 5/3, 80-827 Gdańsk ".to_owned()),
        Just("7 Rose Lane, flat 3, Bristol BS1 4DJ ".to_owned()),
        Just("27 Southgate, Bath BA1 1TP ".to_owned()),
        "[0-9 .:/+@-]{1,12}",
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn detection_never_panics_and_offsets_are_sound(text in prop_oneof![chat_like(), "\\PC{0,200}", any::<String>()]) {
        let entities = Detector::default().detect(&text);
        let length = text.chars().count();
        let mut previous_end = 0;
        for entity in &entities {
            prop_assert!(entity.start < entity.end, "non-empty");
            prop_assert!(entity.end <= length, "within the text");
            prop_assert!(entity.start >= previous_end, "sorted, no overlap");
            prop_assert!((0.0..=1.0).contains(&entity.score));
            previous_end = entity.end;
        }
    }

    #[test]
    fn names_and_addresses_never_start_or_end_inside_a_word(text in chat_like()) {
        let chars: Vec<char> = text.chars().collect();
        for entity in Detector::default().detect(&text) {
            // A name is letters: it may touch a digit ("3Kadri"); an address holds digits.
            let inside: fn(char) -> bool = match entity.kind {
                EntityType::Person => char::is_alphabetic,
                EntityType::PostalAddress => char::is_alphanumeric,
                _ => continue,
            };
            let before = entity.start.checked_sub(1).map(|i| chars[i]);
            let after = chars.get(entity.end).copied();
            prop_assert!(!before.is_some_and(inside), "{entity:?} in {text:?}");
            prop_assert!(!after.is_some_and(inside), "{entity:?} in {text:?}");
        }
    }

    #[test]
    fn redaction_removes_every_detected_span(text in chat_like()) {
        let detector = Detector::default();
        let entities = detector.detect(&text);
        let redacted = detector.redact(&text, &Policy::redact_all()).text;
        let chars: Vec<char> = text.chars().collect();
        for entity in &entities {
            let original: String = chars[entity.start..entity.end].iter().collect();
            if text.matches(original.as_str()).count() == 1 && original.chars().count() >= 3 {
                prop_assert!(!redacted.contains(&original), "{original:?} left in {redacted:?}");
            }
        }
    }
}
