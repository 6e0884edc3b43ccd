//! Person names where chat messages carry them: self-introductions ("my name is …", "je
//! m'appelle …", "ich heiße …", "nimeni on …"), honorifics and signatures ("Best regards,
//! Anna"). Here cues decide; names without such a cue are `person_known`'s (a gazetteer with
//! capitalisation, position and other cues).

use std::ops::Range;
use std::sync::LazyLock;

use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};

use super::known_names::lookup_exact;
use crate::calendar::WEEKDAYS;
use crate::entity::{EntityType, Span};
use crate::text::{LAZY_DFA_CACHE, char_before, compiled};

/// A name word: a letter, then letters, combining marks ("René" typed as "Rene" and an
/// accent), apostrophes or hyphens.
const WORD: &str = r"[\p{L}][\p{L}\p{M}'’\-]*";
const CAPITALISED: &str = r"\p{Lu}[\p{L}\p{M}'’\-]*";

/// Introductions strong enough to take lower-case names ("my name is anna virtanen").
const STRONG_INTRO: &str = r"my name is|my name's|my full name is|i am called|je m'appelle|je m’appelle|mon nom est|mon nom c'est|mon prénom est|ich heiße|ich heisse|mein name ist|mein vorname ist|nimeni on|nimi on|me llamo|mi nombre es|mi chiamo|il mio nome è|mijn naam is|ik heet|jag heter";

/// Introductions that need a capitalised name ("I'm Anna", "olen Matti").
const WEAK_INTRO: &str =
    r"i'm|i’m|i am|this is|je suis|c'est|olen|täällä|hier ist|hier spricht|soy|sono|ik ben";

/// The German "ich bin", where a single capitalised word is as likely a noun ("Ich bin Kunde")
/// as a name: it takes two or three.
const FULL_NAME_INTRO: &str = r"ich bin";

const HONORIFIC: &str =
    r"mr|mrs|ms|miss|dr|mme|mlle|herr|frau|hr|fr|rouva|herra|sr|sra|sig|sig\.ra|dhr|mevr";

const SIGN_OFF: &str = r"best regards|kind regards|warm regards|regards|best wishes|best|cheers|thanks|thank you|many thanks|sincerely|yours|cordialement|bien cordialement|bien à vous|salutations|merci|mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|viele grüße|viele grüsse|beste grüße|liebe grüße|lg|mfg|ystävällisin terveisin|terveisin|kiittäen|kiitos|t\.|saludos|un saludo|cordiali saluti|saluti|grazie|met vriendelijke groet|groeten|mvg|med vänliga hälsningar|hälsningar";

/// The five cue families in one pattern; the capture group that matched tells which family it
/// was, and so the score. It is only ever run anchored at a cue found by [`CUE`].
static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::builder()
        .configure(Regex::config().hybrid_cache_capacity(LAZY_DFA_CACHE))
        .build(&pattern_source())
        .expect("valid regex")
});

/// The text of [`PATTERN`].
fn pattern_source() -> String {
    format!(
        r"(?i-u:{STRONG_INTRO})\s+({WORD}(?:[ \t]+{WORD}){{0,2}})|(?i-u:{WEAK_INTRO})[ \t]+({CAPITALISED}(?:[ \t]+{CAPITALISED}){{0,2}})|(?i-u:{HONORIFIC})\.?[ \t]+({CAPITALISED}(?:[ \t]+{CAPITALISED}){{0,1}})|(?i-u:{SIGN_OFF})[ \t]*[,.!]?[ \t]*\r?\n?[ \t]*({CAPITALISED}(?:[ \t]+{CAPITALISED}\.?){{0,2}})[ \t]*[.!]?[ \t]*$|(?i-u:{FULL_NAME_INTRO})[ \t]+({CAPITALISED}(?:[ \t]+{CAPITALISED}){{1,2}})"
    )
}

/// Every cue word of the four families where an ASCII word boundary precedes it (ASCII case
/// ignored, as in [`PATTERN`]): one fast pass over the text, after which the pattern runs only
/// where a cue starts.
static CUE: LazyLock<regex::Regex> = LazyLock::new(|| {
    compiled(&format!(
        r"(?i-u:\b(?:{STRONG_INTRO}|{WEAK_INTRO}|{HONORIFIC}|{SIGN_OFF}|{FULL_NAME_INTRO}))"
    ))
});

/// How each family counts: its score, and the fewest words its name may have once trimmed.
struct Family {
    score: f32,
    min_words: usize,
}

/// The families in the order of [`PATTERN`]'s groups: strong introduction, weak introduction,
/// honorific, signature, full-name introduction.
const FAMILIES: [Family; 5] = [
    Family {
        score: 0.9,
        min_words: 1,
    },
    Family {
        score: 0.75,
        min_words: 1,
    },
    Family {
        score: 0.85,
        min_words: 1,
    },
    Family {
        score: 0.85,
        min_words: 1,
    },
    Family {
        score: 0.75,
        min_words: 2,
    },
];

/// Words that follow an introduction without being a name: languages, nationalities, roles,
/// states, and the small words that end a name.
const NOT_NAMES: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "from",
    "here",
    "not",
    "so",
    "very",
    "looking",
    "interested",
    "trying",
    "wondering",
    "calling",
    "writing",
    "asking",
    "back",
    "new",
    "french",
    "english",
    "german",
    "finnish",
    "swedish",
    "spanish",
    "italian",
    "dutch",
    "polish",
    "american",
    "british",
    "customer",
    "client",
    "kunde",
    "kundin",
    "student",
    "et",
    "und",
    "ja",
    "y",
    "e",
    "en",
    "och",
    "i",
    "je",
    "ich",
    "und",
    "de",
    "du",
    "le",
    "la",
    "français",
    "française",
    "allemand",
    "suomalainen",
    "asiakas",
    "sure",
    "happy",
    "glad",
    "sorry",
    "ok",
    "okay",
    "fine",
    "good",
    "great",
    "at",
    "in",
    "on",
    "with",
    "for",
    "to",
    "intéressé",
    "intéressée",
    "désolé",
    "désolée",
    "hier",
    "team",
    "support",
    "sotto",
    "you",
    "again",
    "all",
    "everyone",
    "kiitos",
    "moi",
    "hei",
    "hello",
    "hi",
    "bonjour",
    "hallo",
    "for",
    "your",
    "help",
    "in",
    "advance",
    "much",
    "lot",
    "a lot",
    "so much",
    "sie",
    "ihr",
    "ihre",
    "ihres",
    "ihrer",
    "ihrem",
    "ihren",
    "ihnen",
    "dr",
    "prof",
];

/// Sign-off words that a signature pattern may capture before the name ("Kiitos! Terveisin
/// Liisa").
const SIGN_OFF_WORDS: &[&str] = &[
    "terveisin",
    "gruß",
    "gruss",
    "cordialement",
    "regards",
    "grüße",
    "grüßen",
    "grüsse",
    "grüssen",
    "saluti",
    "saludos",
    "groeten",
    "groet",
    "hälsningar",
    "kiitos",
    "merci",
    "thanks",
    "cheers",
    "best",
    "kiittäen",
    "sincerely",
    "yours",
    "salutations",
    "grazie",
    "lg",
    "mfg",
    "mvg",
];

/// Keeps the leading words of a captured name up to the first word that is not one, after
/// skipping sign-off words.
fn trim_name(mut name: &str) -> &str {
    while let Some(first) = name.split_whitespace().next() {
        if !SIGN_OFF_WORDS.contains(&first.to_lowercase().as_str()) {
            break;
        }
        name = name[name.find(first).map_or(0, |i| i + first.len())..].trim_start();
    }
    let mut end = 0;
    for word in name.split_whitespace() {
        let lower = word.trim_end_matches('.').to_lowercase();
        if NOT_NAMES.contains(&lower.as_str())
            || WEEKDAYS.contains(&lower.as_str())
            || is_acronym(word)
        {
            break;
        }
        let at = name[end..].find(word).map_or(end, |i| end + i);
        end = at + word.len();
    }
    name[..end].trim_end_matches(['.', '\'', '’', '-'])
}

fn push_name(text: &str, group: Range<usize>, family: &Family, out: &mut Vec<Span>) {
    let captured = &text[group.clone()];
    let name = trim_name(captured);
    if name.chars().count() >= 2 && name.split_whitespace().count() >= family.min_words {
        // `name` is a sub-slice of `captured`: its offset is the distance between the two.
        let start = group.start + (name.as_ptr() as usize - captured.as_ptr() as usize);
        out.push(Span::new(
            EntityType::Person,
            start,
            start + name.len(),
            family.score,
        ));
    }
}

/// True when a cue at `start` starts a word: nothing alphanumeric (nor `_`) is glued before it.
fn starts_word(text: &str, start: usize) -> bool {
    !char_before(text, start).is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The names introduced by the cue at `start`, if the pattern matches there; returns where the
/// match ends.
fn names_at(
    text: &str,
    start: usize,
    captures: &mut Captures,
    out: &mut Vec<Span>,
) -> Option<usize> {
    if initial_in_a_phrase(text, start) {
        return None;
    }
    let input = Input::new(text).range(start..).anchored(Anchored::Yes);
    PATTERN.search_captures(&input, captures);
    let found = captures.get_match()?;
    for (index, family) in FAMILIES.iter().enumerate() {
        if let Some(group) = captures.get_group(index + 1) {
            push_name(text, group.range(), family, out);
        }
    }
    Some(found.end())
}

pub(crate) fn find(text: &str, out: &mut Vec<Span>) {
    let mut captures = PATTERN.create_captures();
    let mut from = 0;
    while let Some(cue) = CUE.find_at(text, from) {
        // Cues start with an ASCII letter: one byte on is a character boundary.
        from = cue.start() + 1;
        if starts_word(text, cue.start())
            && let Some(end) = names_at(text, cue.start(), &mut captures, out)
        {
            from = end;
        }
    }
}

/// Whether the cue is the Finnish sign-off "t." where it is an initial inside a phrase ("name on
/// card T. Mahlangu"): a sign-off follows a break, not a word.
fn initial_in_a_phrase(text: &str, start: usize) -> bool {
    text.get(start..start + 2)
        .is_some_and(|cue| cue.eq_ignore_ascii_case("t."))
        && text[..start]
            .trim_end_matches([' ', '\t'])
            .ends_with(char::is_alphanumeric)
}

/// A word of two or three capitals that is no listed name ("c'est TTC", "I'm UPS"): an
/// abbreviation ("MY NAME IS EVA" keeps "EVA").
fn is_acronym(word: &str) -> bool {
    let letters = word.trim_end_matches(['.', ',', '!', '?']);
    (2..=3).contains(&letters.chars().count())
        && letters.chars().all(char::is_uppercase)
        && !lookup_exact(letters).any()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::detectors::found_by(find, text)
    }

    #[test]
    fn introductions_in_four_languages() {
        assert_eq!(
            found("Hi, my name is Anna Virtanen and I ordered"),
            ["Anna Virtanen"]
        );
        assert_eq!(found("my name is john smith"), ["john smith"]);
        assert_eq!(
            found("Bonjour, je m'appelle Élodie Martin."),
            ["Élodie Martin"]
        );
        assert_eq!(found("Ich heiße Jürgen Müller, und"), ["Jürgen Müller"]);
        assert_eq!(
            found("Moi, nimeni on Matti Meikäläinen"),
            ["Matti Meikäläinen"]
        );
        assert_eq!(found("Hello, I'm Sarah."), ["Sarah"]);
        assert_eq!(
            found("Hallo, ich bin Anna Schmidt und habe eine Frage"),
            ["Anna Schmidt"]
        );
    }

    #[test]
    fn signatures_and_honorifics() {
        assert_eq!(
            found("Where is my parcel?\nBest regards,\nPeter Jones"),
            ["Peter Jones"]
        );
        assert_eq!(
            found("Merci d'avance. Cordialement, Claire Dubois"),
            ["Claire Dubois"]
        );
        assert_eq!(
            found("Mit freundlichen Grüßen\nKlaus Weber"),
            ["Klaus Weber"]
        );
        assert_eq!(found("Kiitos! Terveisin Liisa"), ["Liisa"]);
        assert_eq!(found("Please ask Mrs. Dubois to call"), ["Dubois"]);
    }

    /// The specification, the slow way: the pattern tried at every word start in turn.
    fn found_at_every_word_start(text: &str) -> Vec<&str> {
        let mut captures = PATTERN.create_captures();
        let mut out = Vec::new();
        let mut resume = 0;
        for (start, _) in text.char_indices() {
            if start >= resume
                && starts_word(text, start)
                && let Some(end) = names_at(text, start, &mut captures, &mut out)
            {
                resume = end;
            }
        }
        out.iter().map(|s| &text[s.start..s.end]).collect()
    }

    /// Text built from cues, names and filler, so that cues overlap and follow each other.
    fn cue_rich_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("my name is Anna Virtanen".to_owned()),
            Just("Best regards,\nPeter Jones".to_owned()),
            Just("Mr. Smith".to_owned()),
            Just("I'm Sarah".to_owned()),
            Just("Ich bin Anna Schmidt".to_owned()),
            Just("thanks".to_owned()),
            "(?i)(best|regards|mr|ms|dr|t\\.|i'm|olen|merci|kiitos|ich bin)",
            "[A-Za-zé'.,!\n ]{0,20}",
        ];
        prop::collection::vec(piece, 0..12).prop_map(|parts| parts.join(" "))
    }

    proptest! {
        #[test]
        fn cue_search_finds_what_every_word_start_finds(text in cue_rich_text()) {
            prop_assert_eq!(found(&text), found_at_every_word_start(&text));
        }
    }

    #[test]
    fn an_initial_inside_a_phrase_is_no_sign_off() {
        assert!(found("name on card T. Mahlangu").is_empty());
        assert_eq!(found("Kiitos avusta. T. Liisa"), ["Liisa"]);
    }

    #[test]
    fn no_name_without_a_cue() {
        assert!(found("I'm looking for a Monstera").is_empty());
        assert!(found("I am French and live in Lyon").is_empty());
        assert!(found("Thanks for your help").is_empty());
        assert!(found("Ich bin Kunde seit 2019").is_empty());
        assert!(found("Ich bin Mitglied Ihres Clubs").is_empty());
        assert!(found("Ich bin Anna").is_empty());
        assert!(found("Paris is nice").is_empty());
        assert!(found("le prix affiché c'est TTC ou HT ?").is_empty());
        assert_eq!(found("MY NAME IS EVA"), ["EVA"]);
    }
}
