//! Any bytes, read as text: detection never panics, its offsets are sound, and redaction leaves
//! none of the detected spans in place.
//!
//! `cargo fuzz run detect --sanitizer none -- -max_total_time=600` (from the repository root).

#![no_main]

use libfuzzer_sys::fuzz_target;
use sotto_pii::{Detector, Policy};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let detector = Detector::default();
    let entities = detector.detect(&text);
    let chars: Vec<char> = text.chars().collect();
    let mut previous_end = 0;
    for entity in &entities {
        assert!(entity.start >= previous_end && entity.start < entity.end);
        assert!(entity.end <= chars.len());
        previous_end = entity.end;
    }
    let redacted = detector.redact(&text, &Policy::redact_all()).text;
    for entity in &entities {
        let span: String = chars[entity.start..entity.end].iter().collect();
        if span.chars().count() >= 8 && text.matches(span.as_str()).count() == 1 {
            assert!(!redacted.contains(&span), "{span:?} left in the redacted text");
        }
    }
});
