//! Dates of birth: a date is reported only in a birth context ("born", "né le", "geboren",
//! "syntynyt", "DOB"…) of its own sentence, so that a delivery date is not a birth date.

use std::sync::LazyLock;

use std::ops::Range;

use regex::Regex;

use super::windows::matches_in;

use crate::entity::{EntityType, Span};
use crate::text::{Cues, compiled, isolated};

/// Month names and their abbreviations in the supported languages, as regex alternatives (also
/// what tells an address detector that "12 March" is a date).
pub(crate) const MONTHS: &str = "jan(?:uary|vier|uar|uari|naio)?|feb(?:ruary|ruar|braio|rero|ruari)?|f[ée]vr(?:ier)?|mar(?:ch|s|zo)?|m[äa]rz|maart|apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|ma[yij]|mai|mayo|maggio|mei|jun(?:e|i|io)?|juin|giugno|jul(?:y|i|io)?|juil(?:let)?|luglio|aug(?:ust|ustus)?|ao[uû]t|ago(?:sto)?|sep(?:t|tember|tembre|tiembre)?|set(?:tembre)?|oct(?:ober|obre|ubre)?|okt(?:ober)?|ott(?:obre)?|nov(?:ember|embre)?|dec(?:ember)?|d[ée]c(?:embre)?|dez(?:ember)?|dic(?:iembre|embre)?|tammikuuta|helmikuuta|maaliskuuta|huhtikuuta|toukokuuta|kesäkuuta|heinäkuuta|elokuuta|syyskuuta|lokakuuta|marraskuuta|joulukuuta";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    compiled(&format!(
        r"(?i)[0-9]{{1,2}}[./\-][0-9]{{1,2}}[./\-](?:[0-9]{{4}}|[0-9]{{2}})|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|[0-9]{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?(?:{MONTHS})\.?,?\s+(?:de\s+)?[0-9]{{4}}|(?:{MONTHS})\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}"
    ))
});

/// Cues of a birth, in the sentence before the date.
static BIRTH_CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "born",
        "birth",
        "dob",
        "d.o.b",
        "né ",
        "née",
        "ne le",
        "naissance",
        "geboren",
        "geb.",
        "geburt",
        "syntynyt",
        "syntyny",
        "syntymä",
        "synt.",
        "nacid",
        "nacimiento",
        "nato ",
        "nata ",
        "nascita",
        "geboortedatum",
        "född",
        "age:",
        "birthday",
    ])
});

/// Cues after the date ("… is my birthday", "… geboren").
static BIRTH_CUES_AFTER: LazyLock<Cues> =
    LazyLock::new(|| Cues::new(&["birthday", "geboren", "syntynyt", "born"]));

/// The year written in a date candidate, when it has four digits.
fn year(date: &str) -> Option<u32> {
    date.split(|c: char| !c.is_ascii_digit())
        .filter(|part| part.len() == 4)
        .find_map(|part| part.parse().ok())
}

pub(crate) fn find(text: &str, window: Range<usize>, out: &mut Vec<Span>) {
    for m in matches_in(&DATE, text, window) {
        if !isolated(text, m.start(), m.end()) {
            continue;
        }
        if year(m.as_str()).is_some_and(|y| !(1900..=2030).contains(&y)) {
            continue;
        }
        let cued =
            BIRTH_CUES.before(text, m.start(), 40) || BIRTH_CUES_AFTER.after(text, m.end(), 24);
        if cued {
            out.push(Span::new(EntityType::DateOfBirth, m.start(), m.end(), 0.9));
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
    fn dates_in_a_birth_context_only() {
        assert_eq!(found("I was born on 12/03/1985."), ["12/03/1985"]);
        assert_eq!(found("née le 3 mars 1990"), ["3 mars 1990"]);
        assert_eq!(found("Ich bin am 5. Mai 1978 geboren"), ["5. Mai 1978"]);
        assert_eq!(found("olen syntynyt 14.7.1992"), ["14.7.1992"]);
        assert_eq!(found("DOB: 1984-11-02"), ["1984-11-02"]);
        assert!(found("delivery on 12/03/2025 please").is_empty());
        assert!(found("I was born in Lyon. Deliver on 12.03.2025").is_empty());
    }
}
