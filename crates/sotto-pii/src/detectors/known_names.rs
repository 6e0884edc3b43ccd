//! Given names and surnames of the EU's languages and of the origins common in Europe: about
//! 31,000 given names and 35,000 surnames from the MIT-licensed locale lists of `faker` (PyPI)
//! and `@faker-js/faker` (npm), derived by `scripts/derive-name-lists.py` and compiled by the
//! build script into an `fst` map embedded in the library (no file is read at run time).
//! A word in the lists is only a hint: many names are also words ("May", "Rose", "Per"), so the
//! person detector weighs it with capitalisation, position and context.

use std::sync::LazyLock;

use fst::Map;

/// Bit flags of the map's values (as the build script writes them).
const GIVEN: u64 = 1;
const SURNAME: u64 = 2;

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
}

impl Known {
    /// Listed at all.
    pub(crate) fn any(self) -> bool {
        self.given || self.surname
    }
}

/// Case endings that Finnish and Polish put on names ("Sannalle", "Laura Mäkiselle", "Elina
/// Virtasen", "Agnieszce"), longest first: a word not in the lists is looked up again without them.
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
];

fn flags(word: &str) -> Known {
    let value = NAMES.get(word).unwrap_or(0);
    Known {
        given: value & GIVEN != 0,
        surname: value & SURNAME != 0,
    }
}

/// What the lists say of `word` (any case) as written.
pub(crate) fn lookup_exact(word: &str) -> Known {
    flags(&word.to_lowercase())
}

/// What the lists say of `lower` (a word in lower case), or of its form without a Finnish or
/// Polish case ending.
pub(crate) fn lookup_lower(lower: &str) -> Known {
    let found = flags(lower);
    if found.any() {
        return found;
    }
    base_forms(lower)
        .map(|form| flags(&form))
        .find(|found| found.any())
        .unwrap_or_default()
}

/// The dictionary forms of `lower` (a word in lower case) that the lists hold: none when the
/// word itself is listed ("ivan" is not "iva" in another case), else its forms without a
/// Finnish or Polish case ending that are listed names ("ainolle" → "aino").
pub(crate) fn listed_base_forms(lower: &str) -> Vec<String> {
    if flags(lower).any() {
        return Vec::new();
    }
    base_forms(lower).filter(|form| flags(form).any()).collect()
}

/// The forms `lower` (a word in lower case) would have without each Finnish or Polish case
/// ending it may carry ("mäkiselle" → "mäkinen", "ainolle" → "aino"), longest ending first.
fn base_forms(lower: &str) -> impl Iterator<Item = String> + '_ {
    ENDINGS.iter().filter_map(move |(ending, replacement)| {
        lower
            .strip_suffix(ending)
            .filter(|stem| stem.chars().count() >= 3)
            .map(|stem| format!("{stem}{replacement}"))
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
        assert!(!lookup("Xqzvlle").any());
    }

    #[test]
    fn ordinary_words_are_not_listed() {
        for word in ["delivery", "parcel", "invoice", "bonjour", "lieferung"] {
            assert!(!lookup(word).any(), "{word}");
        }
    }
}
