//! Given names and surnames of the EU's languages and of the origins common in Europe: about
//! 31,000 given names and 35,000 surnames from the MIT-licensed locale lists of `faker` (PyPI)
//! and `@faker-js/faker` (npm), derived by `scripts/derive-name-lists.py` and compiled by the
//! build script into an `fst` map embedded in the library (no file is read at run time).
//! A word in the lists is only a hint: many names are also words ("May", "Rose", "Per"), so the
//! person detector weighs it with capitalisation, position and context, and with a third list:
//! the words of the ten languages far more often ordinary than names ("Handy", "Macie"), from
//! PyPI `wordfreq`'s frequency lists (CC BY-SA 4.0).

use std::sync::LazyLock;

use fst::Map;
use unicode_normalization::UnicodeNormalization;

/// Bit flags of the map's values (as the build script writes them).
const GIVEN: u64 = 1;
const SURNAME: u64 = 2;
const COMMON: u64 = 4;

static NAMES: LazyLock<Map<&'static [u8]>> = LazyLock::new(|| {
    Map::new(&include_bytes!(concat!(env!("OUT_DIR"), "/names.fst"))[..])
        .expect("the build script writes a valid map")
});

/// What the lists say of a word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Known {
    /// Listed as a given name.
    pub(crate) given: bool,
    /// Listed as a surname.
    pub(crate) surname: bool,
    /// As written, far more often an ordinary word than a name in one of the ten languages
    /// ("handy", "macie", "koko"): a name only with a cue or beside another name.
    pub(crate) common: bool,
}

impl Known {
    /// Listed at all.
    pub(crate) fn any(self) -> bool {
        self.given || self.surname
    }
}

/// Case endings put on names ("Sannalle", "Laura Mäkiselle", "Elina Virtasen", "Agnieszce", "z
/// Pawłem", "bei Müllers"), each with what replaces it: a word not in the lists is looked up
/// again without them, in this order, and the first form listed wins.
const ENDINGS: &[(&str, &str)] = &[
    ("selle", "nen"),
    ("sella", "nen"),
    ("sellä", "nen"),
    ("selta", "nen"),
    ("seltä", "nen"),
    ("sen", "nen"),
    ("lle", ""),
    ("lla", ""),
    ("llä", ""),
    ("ltä", ""),
    ("lta", ""),
    ("sta", ""),
    ("stä", ""),
    ("ssa", ""),
    ("ssä", ""),
    ("owi", ""),
    ("ce", "ka"),
    ("n", ""),
    ("y", "a"),
    ("ie", "a"),
    ("ę", "a"),
    ("u", ""),
    // The Polish instrumental and genitive ("z Pawłem", "Pawła", "z Adamem", "z Markiem")
    ("łem", "eł"),
    ("ła", "eł"),
    ("iem", ""),
    ("em", ""),
    // Finnish names in -s ("Eliaksen", "Eliakselle" → "Elias")
    ("kselle", "s"),
    ("ksen", "s"),
    // The genitive of Swedish, German and Dutch ("bei Müllers", "Johanssons hund"), from a
    // stem of four letters or more, for surnames only: given names in -s are plurals as often
    // ("Muslims").
    (GENITIVE, ""),
];

/// The genitive ending of [`ENDINGS`], which only ever gives surnames.
const GENITIVE: &str = "s";

fn flags(word: &str) -> Known {
    let value = NAMES.get(word).unwrap_or(0);
    Known {
        given: value & GIVEN != 0,
        surname: value & SURNAME != 0,
        common: value & COMMON != 0,
    }
}

/// What the lists say of `word` (any case) as written.
pub(crate) fn lookup_exact(word: &str) -> Known {
    flags(&word.to_lowercase())
}

/// What the lists say of `lower` (a word in lower case), or of its form without a case
/// ending; a hyphenated word ("ellie-mae", "kamińska-olszewska") is a name when each of its
/// parts is: a given name when the first part is one, a surname when the last is.
pub(crate) fn lookup_lower(lower: &str) -> Known {
    let found = lookup_word(lower);
    if found.any() || !lower.contains('-') {
        return found;
    }
    let parts: Vec<Known> = lower.split('-').map(lookup_word).collect();
    if parts.iter().all(|part| part.any()) {
        Known {
            given: parts[0].given,
            surname: parts[parts.len() - 1].surname,
            common: false,
        }
    } else {
        Known::default()
    }
}

/// What the lists say of one word without hyphens (`lower`, in lower case): as written, or in
/// the first dictionary form of [`ENDINGS`] they list; whether it is common is said of the word
/// as written.
fn lookup_word(lower: &str) -> Known {
    if lower.chars().count() < 2 {
        return Known::default();
    }
    let found = flags(lower);
    if found.any() {
        return found;
    }
    base_forms(lower)
        .map(|(ending, form)| {
            let base = flags(&form);
            Known {
                given: base.given && ending != GENITIVE,
                surname: base.surname,
                // "linie" is a word whatever "lina" is.
                common: found.common,
            }
        })
        .find(|base| base.any())
        .or_else(|| {
            // "Sinéad", "Pádraig": listed without their accents (not "está", a word).
            if found.common {
                return None;
            }
            let plain = without_accents(lower)?;
            let base = flags(&plain);
            base.any().then_some(Known {
                common: found.common,
                ..base
            })
        })
        .unwrap_or(found)
}

/// `lower` without the accents that decompose off its letters ("sinéad" → "sinead"), when it
/// has any; letters that do not decompose ("ł", "ø") stay.
fn without_accents(lower: &str) -> Option<String> {
    // Words with umlauts or rings are German, Nordic or Finnish, whose names the lists hold
    // as written ("Mäkinen", "Jürgen"): not looked up again, which keeps such text fast.
    if lower.is_ascii() || lower.contains(['ä', 'ö', 'å', 'ü', 'ß']) {
        return None;
    }
    let plain: String = lower
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    (plain != lower).then_some(plain)
}

/// The dictionary forms of `lower` (a word in lower case) that the lists hold: none when the
/// word itself is listed ("ivan" is not "iva" in another case), else its forms without a
/// Finnish or Polish case ending that are listed names ("ainolle" → "aino").
pub(crate) fn listed_base_forms(lower: &str) -> Vec<String> {
    if flags(lower).any() {
        return Vec::new();
    }
    base_forms(lower)
        .map(|(_, form)| form)
        .filter(|form| flags(form).any())
        .collect()
}

/// The forms `lower` (a word in lower case) would have without each case ending of
/// [`ENDINGS`] it may carry ("mäkiselle" → "mäkinen", "ainolle" → "aino"), in the list's
/// order, each with the ending taken off.
fn base_forms(lower: &str) -> impl Iterator<Item = (&'static str, String)> + '_ {
    ENDINGS.iter().filter_map(move |&(ending, replacement)| {
        lower
            .strip_suffix(ending)
            .filter(|stem| stem.chars().count() >= if ending == GENITIVE { 4 } else { 3 })
            .map(|stem| (ending, format!("{stem}{replacement}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(word: &str) -> Known {
        lookup_lower(&word.to_lowercase())
    }

    #[test]
    fn names_of_many_origins_are_listed() {
        for given in [
            "Agnieszka",
            "Mehmet",
            "Aylin",
            "Priya",
            "Giulia",
            "Jürgen",
            "Eetu",
        ] {
            assert!(lookup(given).given, "{given}");
        }
        for surname in [
            "Kowalczyk",
            "Yılmaz",
            "Nguyen",
            "Mäkinen",
            "Dubois",
            "García",
        ] {
            assert!(lookup(surname).surname, "{surname}");
        }
        assert!(lookup("kowalska").surname, "feminine forms, any case");
    }

    #[test]
    fn inflected_forms_are_found_without_their_ending() {
        assert!(lookup("Sannalle").given);
        assert!(lookup("Mäkiselle").surname);
        assert!(lookup("Eliaksen").given);
        assert!(lookup("Johanssons").surname, "a Swedish genitive");
        assert!(!lookup("Muslims").given, "given names take no genitive");
        assert!(!lookup("Bus").any(), "no stem of three letters");
        assert!(!lookup("Xqzvlle").any());
    }

    #[test]
    fn names_listed_without_their_accents_are_found_with_them() {
        assert!(lookup("Sinéad").given);
        assert!(lookup("Zoë").given);
        assert!(!lookup("Xqzvé").any());
        assert_eq!(without_accents("łódź").as_deref(), Some("łodz"));
        assert_eq!(without_accents("anna"), None);
    }

    #[test]
    fn hyphenated_names_when_each_part_is_one() {
        assert!(lookup("Ellie-Mae").given);
        assert!(lookup("Juha-Pekka").given);
        assert!(lookup("Kamińska-Olszewska").surname);
        assert!(!lookup("e-mail").any());
        assert!(!lookup("check-in").any());
    }

    #[test]
    fn words_far_more_often_ordinary_than_names() {
        for word in ["Handy", "Macie", "koko", "Linie"] {
            assert!(lookup(word).common, "{word}");
        }
        for name in ["Maria", "Jan", "Pekka", "Chiara", "Sanna"] {
            assert!(!lookup(name).common, "{name}");
        }
    }

    #[test]
    fn ordinary_words_are_not_listed() {
        for word in ["delivery", "parcel", "invoice", "bonjour", "lieferung"] {
            assert!(!lookup(word).any(), "{word}");
        }
    }
}
