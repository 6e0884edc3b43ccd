//! What a question asks for, read from its wording in any of the seven languages: the kind of
//! value that answers it (a price, a duration, a time, a phone number, a quantity), whether it
//! is a yes/no question (whose answer may be the page's "no"), and the language it is written
//! in (which may not be the site's).

use std::sync::LazyLock;

use crate::index::CONTACT_MARKERS;
use crate::language::Language;

/// The kind of value that answers a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expecting {
    /// A price or fee.
    Price,
    /// A duration or delay.
    Duration,
    /// Opening hours, a day or a time.
    Time,
    /// A phone number.
    Phone,
    /// A postal address: where the business is.
    Address,
    /// A count, an age, a distance.
    Quantity,
    /// Anything: the sentence that covers the question best.
    Anything,
}

/// A question, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    /// The value that answers it.
    pub expecting: Expecting,
    /// Whether it asks yes or no.
    pub yes_no: bool,
    /// The language it is written in, when its words say so clearly.
    pub language: Option<Language>,
}

/// Cue phrases of each kind of value, accents folded, lower-cased; matched as words or word
/// starts (a cue ending in a space is a whole word).
const PRICE: &[&str] = &[
    "how much",
    "price",
    "cost",
    "fee",
    "charge",
    "rate ",
    "rates",
    "expensive",
    "cheap",
    "combien co",
    "combien ca",
    "c'est combien",
    "prix",
    "tarif",
    "cout",
    "payer",
    "cher",
    "wie viel kost",
    "wieviel kost",
    "was kost",
    "kostet",
    "kosten",
    "preis",
    "gebuhr",
    "teuer",
    "hoeveel kost",
    "wat kost",
    "prijs",
    "tarie",
    "kost ",
    "duur ",
    "paljonko maksa",
    "hinta",
    "hinnat",
    "maksaa",
    "maksu",
    "cuanto cuesta",
    "cuanto vale",
    "precio",
    "tarifa",
    "coste",
    "quanto costa",
    "quanto costano",
    "prezzo",
    "prezzi",
    "costo",
];
const DURATION: &[&str] = &[
    "how long",
    "how many days",
    "how many weeks",
    "how soon",
    "delay",
    "combien de temps",
    "delai",
    "duree",
    "wie lange",
    "wie schnell",
    "dauer",
    "lieferzeit",
    "hoe lang",
    "hoe snel",
    "levertijd",
    "kuinka kauan",
    "kauanko",
    "kuinka nopeasti",
    "toimitusaika",
    "cuanto tiempo",
    "cuanto tarda",
    "plazo",
    "quanto tempo",
    "quanto ci vuole",
    "tempi di",
];
const TIME: &[&str] = &[
    "when ",
    "what day",
    "which day",
    "quel jour",
    "quels jours",
    "welche tag",
    "welchen tag",
    "an welchen tagen",
    "welke dag",
    "op welke dag",
    "mina paivina",
    "que dia",
    "que dias",
    "quale giorno",
    "quali giorni",
    "until what time",
    "jusqu'a quelle",
    "bis wann",
    "tot hoe laat",
    "what time",
    "opening",
    "open ",
    "opens",
    "close ",
    "closes",
    "closed",
    "hours",
    "quand",
    "quelle heure",
    "horaire",
    "ouvert",
    "ouvre",
    "ferme",
    "heure",
    "wann",
    "uhrzeit",
    "offnungszeit",
    "geoffnet",
    "offen",
    "sprechzeit",
    "sprechstunde",
    "geschlossen",
    "wanneer",
    "hoe laat",
    "openingstijd",
    "geopend",
    "gesloten",
    "milloin",
    "aukiolo",
    "auki",
    "kiinni",
    "mihin aikaan",
    "cuando",
    "a que hora",
    "horario",
    "abierto",
    "cerrado",
    "quando",
    "a che ora",
    "orari",
    "aperto",
    "chiuso",
    "check-in",
    "check-out",
    "check in",
    "check out",
];
const ADDRESS: &[&str] = &[
    "address",
    "adresse",
    "adres ",
    "osoite",
    "osoitteen",
    "direccion",
    "indirizzo",
    "endereco",
    "where are you",
    "where is your shop",
    "where is your office",
    "where exactly",
    "wo sind sie",
    "wo seid ihr",
    "wo befinde",
    "wo genau",
    "ou etes vous",
    "ou se trouve le cabinet",
    "ou se trouve votre",
    "ou vous trouver",
    "waar zit",
    "waar zijn jullie",
    "waar vind ik jullie",
    "missa olette",
    "missa sijaitse",
    "donde estan",
    "dove siete",
];
/// Words of a title or heading, besides the contact page's, under which an address is given.
const ADDRESS_HEADINGS: &[&str] = &[
    "address",
    "adresse",
    "adres ",
    "osoite",
    "anfahrt",
    "directions",
    "acces",
    "find us",
    "route",
    "ligging",
    "sijainti",
];
const PHONE: &[&str] = &[
    "phone",
    "call ",
    "telephone",
    "number to",
    "whatsapp",
    "telephon",
    "numero de tel",
    "appeler",
    "joindre",
    "telefon",
    "anrufen",
    "rufnummer",
    "nummer",
    "telefoon",
    "bellen",
    "puhelin",
    "soittaa",
    "soitan",
    "numero",
    "llamar",
    "chiamare",
];
const QUANTITY: &[&str] = &[
    "how many",
    "how old",
    "how far",
    "how big",
    "minimum",
    "maximum",
    "age ",
    "combien de ",
    "quel age",
    "a partir de quel",
    "wie viele",
    "wie alt",
    "wie weit",
    "ab wie",
    "hoeveel",
    "hoe oud",
    "hoe ver",
    "montako",
    "kuinka monta",
    "kuinka vanha",
    "kuinka pitka",
    "cuantos",
    "cuantas",
    "que edad",
    "quanti",
    "quante",
    "quanti anni",
];

/// Opening words of yes/no questions.
const YES_NO_OPENINGS: &[&str] = &[
    "is ",
    "are ",
    "do ",
    "does ",
    "did ",
    "can ",
    "could ",
    "may ",
    "will ",
    "would ",
    "have ",
    "has ",
    "est-ce",
    "puis-je",
    "peut-on",
    "peux-je",
    "pouvez-vous",
    "y a-t-il",
    "acceptez",
    "faites-vous",
    "avez-vous",
    "est-il",
    "sont-ils",
    "kann ",
    "darf ",
    "gibt es",
    "ist ",
    "sind ",
    "haben ",
    "hat ",
    "nehmen ",
    "akzeptier",
    "muss ",
    "bieten ",
    "kan ",
    "mag ",
    "zijn ",
    "heeft ",
    "hebben ",
    "accepteren",
    "moet ",
    "werken ",
    "bieden ",
    "puedo ",
    "hay ",
    "aceptan",
    "se puede",
    "tienen ",
    "posso ",
    "c'e ",
    "accettate",
    "si puo",
    "avete ",
];
/// Finnish asks yes or no with the -ko/-kö suffix on its first word.
const FINNISH_QUESTION_SUFFIXES: &[&str] = &["ko", "kö", "ko?", "kö?"];

/// Small words each language writes in almost every question: enough to tell which language
/// a question is in when it has two or more of them.
const FUNCTION_WORDS: [(Language, &[&str]); 7] = [
    (
        Language::En,
        &[
            "the", "is", "are", "at", "in", "on", "with", "we", "our", "do", "does", "you", "your",
            "what", "how", "can", "i", "a", "to", "of", "for", "there", "my", "much", "when",
            "where", "which", "have", "any", "it",
        ],
    ),
    (
        Language::Fr,
        &[
            "le", "la", "les", "est", "vous", "votre", "vos", "quel", "quelle", "quels", "comment",
            "je", "un", "une", "des", "du", "pour", "combien", "y", "a", "il", "on", "faut", "ce",
            "c'est", "que", "quand", "ou",
        ],
    ),
    (
        Language::De,
        &[
            "der", "die", "das", "ist", "sie", "ihr", "ihre", "was", "wie", "kann", "ich", "ein",
            "eine", "für", "es", "gibt", "man", "wann", "wo", "haben", "bei", "den", "dem", "mit",
            "und", "auch",
        ],
    ),
    (
        Language::Nl,
        &[
            "de", "het", "is", "jullie", "u", "je", "wat", "hoe", "kan", "ik", "een", "voor", "er",
            "hoeveel", "wanneer", "waar", "hebben", "bij", "mijn", "ook", "welke", "met",
        ],
    ),
    (
        Language::Fi,
        &[
            "on", "onko", "te", "teillä", "mikä", "mitä", "miten", "kuinka", "voi", "voiko",
            "minä", "paljonko", "milloin", "missä", "ja", "ei", "se", "saako", "mihin", "teiltä",
        ],
    ),
    (
        Language::Es,
        &[
            "el", "la", "los", "las", "es", "usted", "qué", "que", "cómo", "como", "puedo", "un",
            "una", "para", "hay", "cuánto", "cuándo", "dónde", "tienen", "de", "del", "se",
        ],
    ),
    (
        Language::It,
        &[
            "il", "lo", "la", "gli", "è", "voi", "che", "come", "posso", "un", "una", "per",
            "quanto", "quando", "dove", "avete", "di", "del", "della", "c'è", "si", "sono",
        ],
    ),
];

pub(crate) use crate::language::fold;

fn has_cue(folded: &str, cues: &[&str]) -> bool {
    // `folded` is padded with spaces, so a cue ending in a space matches a whole word only.
    cues.iter().any(|cue| {
        folded.match_indices(cue).any(|(i, _)| {
            folded[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

fn padded(text: &str) -> String {
    format!(
        " {} ",
        fold(text).replace(['?', '!', ',', '.', '¿', ':', '|', '–', '-'], " ")
    )
}

/// Whether `text` (a page title or heading) names the kind of value `expecting`: "Opening
/// hours", "Tarifs", "Kontakt" and the like.
pub(crate) fn names_kind(expecting: Expecting, text: &str) -> bool {
    let padded = padded(text);
    match expecting {
        Expecting::Price => has_cue(&padded, PRICE),
        Expecting::Duration => has_cue(&padded, DURATION),
        Expecting::Time => has_cue(&padded, TIME),
        Expecting::Phone => has_cue(&padded, PHONE) || has_cue(&padded, CONTACT_MARKERS),
        Expecting::Address => {
            has_cue(&padded, ADDRESS_HEADINGS) || has_cue(&padded, CONTACT_MARKERS)
        }
        Expecting::Quantity | Expecting::Anything => false,
    }
}

/// Reads `question`.
pub fn read(question: &str) -> Asked {
    let padded = padded(question);
    let expecting = if has_cue(&padded, PHONE) {
        Expecting::Phone
    } else if has_cue(&padded, ADDRESS) && !padded.contains("mail") {
        // An e-mail address is not where the business is.
        Expecting::Address
    } else if has_cue(&padded, DURATION) {
        Expecting::Duration
    } else if has_cue(&padded, PRICE) {
        Expecting::Price
    } else if has_cue(&padded, QUANTITY) {
        Expecting::Quantity
    } else if has_cue(&padded, TIME) || weekday_named(&padded) {
        Expecting::Time
    } else {
        Expecting::Anything
    };
    Asked {
        expecting,
        yes_no: is_yes_no(question),
        language: language_of(question),
    }
}

/// Whether `folded` (accents folded, lower-cased) names a day of the week or the weekend.
pub(crate) fn weekday_named(folded: &str) -> bool {
    const WEEKEND: &[&str] = &[
        "weekend",
        "week-end",
        "wochenende",
        "viikonloppu",
        "fin de semana",
        "fine settimana",
    ];
    static DAYS: LazyLock<Vec<String>> = LazyLock::new(|| {
        sotto_pii::calendar::WEEKDAYS
            .iter()
            .map(|day| fold(day))
            .collect()
    });
    let days: Vec<&str> = DAYS.iter().map(String::as_str).collect();
    has_cue(folded, &days) || has_cue(folded, WEEKEND)
}

fn is_yes_no(question: &str) -> bool {
    let folded = fold(question);
    let start = folded
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_start();
    // A greeting before the question: "bonjour, acceptez-vous …".
    let start = start
        .split_once([',', '!'])
        .filter(|(head, _)| head.split_whitespace().count() <= 2)
        .map_or(start, |(_, rest)| rest.trim_start());
    if YES_NO_OPENINGS.iter().any(|o| start.starts_with(o)) {
        return true;
    }
    let first = question
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    first.chars().count() >= 4 && FINNISH_QUESTION_SUFFIXES.iter().any(|s| first.ends_with(s))
}

/// The language of `text` when at least two of its words are one language's small words and
/// no other language has as many.
pub fn language_of(text: &str) -> Option<Language> {
    let words: Vec<String> = text
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '?' | '!' | ',' | '.' | '¿' | ';' | ':' | '-')
        })
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut counts: Vec<(Language, usize)> = FUNCTION_WORDS
        .iter()
        .map(|(language, list)| {
            let n = words.iter().filter(|w| list.contains(&w.as_str())).count();
            (*language, n)
        })
        .collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    match counts.as_slice() {
        [(language, best), (_, second), ..] if *best >= 2 && best > second => Some(*language),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_asked_for() {
        let cases = [
            ("How much does shipping to Spain cost?", Expecting::Price),
            ("Combien coûte un détartrage ?", Expecting::Price),
            ("Was kostet die Anfahrt?", Expecting::Price),
            ("How long does shipping to Spain take?", Expecting::Duration),
            ("Wie lange dauert die Lieferung?", Expecting::Duration),
            ("What are your hours on Sunday?", Expecting::Time),
            ("Quand êtes-vous ouverts ?", Expecting::Time),
            ("Hoe laat gaan jullie open?", Expecting::Time),
            ("What's your phone number?", Expecting::Phone),
            ("Puhelinnumero?", Expecting::Phone),
            ("What's the address of the shop?", Expecting::Address),
            ("Où se trouve le cabinet exactement ?", Expecting::Address),
            ("Waar zitten jullie precies?", Expecting::Address),
            ("What is your e-mail address?", Expecting::Anything),
            ("From what age can children come?", Expecting::Quantity),
            ("Do you sell gift cards?", Expecting::Anything),
        ];
        for (question, expecting) in cases {
            assert_eq!(read(question).expecting, expecting, "{question}");
        }
    }

    #[test]
    fn yes_no_questions() {
        assert!(read("Are dogs allowed?").yes_no);
        assert!(read("Bonjour, acceptez-vous les chèques ?").yes_no);
        assert!(read("Gibt es Parkplätze?").yes_no);
        assert!(read("Onko teillä lahjakortteja?").yes_no);
        assert!(!read("Where can I park?").yes_no);
    }

    #[test]
    fn languages() {
        assert_eq!(
            language_of("How much does the room cost?"),
            Some(Language::En)
        );
        assert_eq!(
            language_of("Combien coûte la livraison en France ?"),
            Some(Language::Fr)
        );
        assert_eq!(
            language_of("Wie viel kostet das Zimmer für eine Nacht?"),
            Some(Language::De)
        );
        assert_eq!(
            language_of("Hoeveel kost een nieuwe band bij jullie?"),
            Some(Language::Nl)
        );
        assert_eq!(language_of("prix ?"), None);
    }
}
