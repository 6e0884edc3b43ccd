//! Street addresses in the formats of the EU's main countries: a street with its house number
//! (number first as in Britain and France, street first elsewhere), then what follows it in the
//! same address: flat, floor or staircase, and the postcode with its town.
//!
//! A street is found in one of two ways. Strong: a street word that says so ("Street", "rue",
//! "-straße", "ul.", "Rua") next to the number. Weak: capitalised words next to a number with
//! no street word ("19 Kirkgate", "Am Sonnenhang 9"), taken only when a postcode follows, so
//! that "3 Green Tea" or "Termin 9" is not an address.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::windows::matches_in;

use super::birth_date::MONTHS;
use crate::entity::{EntityType, Span};
use crate::text::{char_at, char_before, compiled, isolated};

/// A capitalised word of a street or town name (letters, combining marks, apostrophes and
/// hyphens).
const NAME: &str = r"\p{Lu}[\p{L}\p{M}'’\-]*";

/// A house number: "5", "5a", "12/5", "72-III".
const NUMBER: &str = r"[0-9]{1,4}(?:/[0-9]{1,4}|-[0-9IVX]{1,4}|[a-zA-Z])?";

/// Small words inside street names in the Romance languages ("Rua de Santa Catarina").
const PARTICLE: &str =
    r"(?i:de la|de l'|de l’|d'|d’|de|del|della|dei|delle|di|da|do|das|dos|du|des|la|le|l'|l’)";

/// Words in front of a compound street name that belong to it ("Lange Nieuwstraat", "Alte
/// Gasse").
const STREET_ADJECTIVES: &str = r"Lange|Korte|Oude|Nieuwe|Grote|Kleine|Hoge|Alte|Neue|Große|Grosse|Obere|Untere|Hohe|Breite|Sankt|St\.|Stora|Lilla|Norra|Södra|Östra|Västra|Gamla|Nya";

/// Streets with a street word: one pass per window.
static STRONG: LazyLock<Regex> = LazyLock::new(|| {
    alternation(&[
        // 221B Baker Street, 10 Downing St
        format!(
            r"[0-9]{{1,5}}[A-Za-z]?,?[ \t]+(?:{NAME}[ \t]+){{1,3}}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Boulevard|Blvd\.?|Way|Close|Court|Place|Square|Crescent|Terrace|Gardens|Row|Hill|Walk|Grove|Mews|Parade|Rise|Wharf)"
        ),
        // 12 rue de la Paix, 5 bis avenue Jean Jaurès
        format!(
            r"[0-9]{{1,4}}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?i:rue|avenue|av\.|boulevard|bd|chemin|allée|allee|place|impasse|quai|route|cours|square|chaussée)[ \t]+(?:{PARTICLE}[ \t]*){{0,2}}[\p{{L}}][\p{{L}}'’\-]*(?:[ \t]+{NAME}){{0,3}}"
        ),
        // Hauptstraße 5, Lange Nieuwstraat 41, Mannerheimintie 12 B 34, Drottninggatan 3
        format!(
            r"(?:(?:{STREET_ADJECTIVES})[ \t]+)?\p{{Lu}}[\p{{L}}\-]*(?i:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|katu|tie|kuja|polku|väylä|raitti|rinne|kaari|gatan|vägen|gränd|straat|laan|gracht|plein|kade|singel|dreef|steeg|vej|gade)[ \t]+{NUMBER}(?:[ \t]?[A-Z]?[ \t]?[0-9]{{1,3}})?"
        ),
        // Berliner Straße 12, Alter Markt 3
        format!(
            r"{NAME}[ \t]+(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Markt|Ufer|Chaussee|Steig)[ \t]+{NUMBER}"
        ),
        // Calle Mayor 5, C/ de Sants 45, Via Roma 10, Rua da Prata 45, ul. Mickiewicza 12/5,
        // Rue de la Loi 61
        format!(
            r"(?i:calle|c/|avenida|avda\.?|plaza|paseo|carrer|via|viale|piazza|corso|largo|vicolo|rua|travessa|av\.|praça|praceta|estrada|calçada|alameda|ul\.|ulica|al\.|aleja|os\.|osiedle|pl\.|plac|rue|avenue|boulevard|chaussée)[ \t]*(?:{PARTICLE}[ \t]+){{0,2}}{NAME}(?:[ \t]+(?:{PARTICLE}[ \t]+)?{NAME}){{0,3}},?[ \t]*(?:n\.?º?[ \t]?)?{NUMBER}"
        ),
    ])
});

/// Capitalised words next to a number, with no street word: an address only when a postcode
/// follows.
static WEAK: LazyLock<Regex> = LazyLock::new(|| {
    alternation(&[
        // 19 Kirkgate, 14B Leith Walk, 12 Fairview Park
        format!(r"[0-9]{{1,5}}[A-Za-z]?[ \t]+{NAME}(?:[ \t]+{NAME}){{0,2}}"),
        // Am Sonnenhang 9, Piazza del Duomo 3
        format!(r"{NAME}(?:[ \t]+(?:{PARTICLE}[ \t]+)?{NAME}){{0,2}}[ \t]+{NUMBER}"),
    ])
});

/// A postcode: Dutch "3512 PH", Swedish "582 24", Polish "31-120", Portuguese "1100-414", and
/// the four or five digits of most countries, maybe after a country letter ("D-10115").
const POSTCODE: &str = r"[0-9]{4}[ \t]?[A-Z]{2}|[0-9]{3}[ \t][0-9]{2}|[0-9]{2}-[0-9]{3}|[0-9]{4}-[0-9]{3}|(?:[A-Z]{1,2}-)?[0-9]{4,5}";

/// A British postcode ("W1U 6HZ") or an Irish Eircode ("H91 E2K8"), which follow the town.
const UK_POSTCODE: &str =
    r"[A-Z]{1,2}[0-9][A-Z0-9]?[ \t]?[0-9][A-Z]{2}|[A-Z][0-9][0-9W][ \t]?[A-Z0-9]{4}";

/// A town: one capitalised word, or two joined by a particle ("Frankfurt am Main", "Freiburg
/// im Breisgau") or after a prefix that needs a second word ("Bad Homburg", "Le Mans").
const TOWN: &str = r"(?:(?:Co\.|Bad|Sankt|St\.|San|Santa|Santo|São|Saint|Sainte|Le|La|Les|Den|Nieuw|Villa|Castel)[ \t]+)?\p{Lu}[\p{L}\p{M}'’\-]*(?:[ \t]+(?:am|an der|im|in|ob|bei|sur|sous|en|lès|upon|on|di|del|de|do|da)[ \t]+\p{Lu}[\p{L}\p{M}'’\-]*)?";

/// A flat, floor, staircase or door after the street, in the formats of each language. Its
/// value is a number or a single letter ("flat 2", "Bt B", "as. 5"), never a word ("piano
/// terra" is no unit).
const UNIT: &str = r"(?i:flat|apt\.?|apartment|unit|suite)[ \t]*[0-9]{1,4}[A-Za-z]?|[0-9]{1,2}(?:st|nd|rd|th)[ \t]+(?i:floor)|[0-9]{1,2}(?:e|er|ère|ème|re)[ \t]+(?i:étage)|(?i:bâtiment|bât\.?|bt|escalier|esc\.?|appartement|appt\.?|porte|boîte|bus)[ \t]*(?:[0-9]{1,4}[A-Za-z]?|[A-Z])|[0-9]{1,2}\.[ \t]*(?:OG|Obergeschoss|Stock|Etage|UG)(?:[ \t]+(?:links|rechts|Mitte|mitte))?|(?:EG|Erdgeschoss|Hinterhaus|Vorderhaus|Seitenflügel)(?:[ \t]+(?:links|rechts))?|(?i:asunto|as\.?|lägenhet|lgh\.?|mieszkania|m\.|lok\.|piso|puerta|pta\.?|planta|andar|piano|interno|int\.|scala)[ \t]*(?:[0-9]{1,4}[A-Za-z]?|[A-Z])|[0-9]{1,2}[ºª°](?:[ \t]*(?i:andar|piso|planta))?(?:[ \t]*[0-9]{1,2}[ºª°]|[ \t]*(?i:esquerdo|esquerda|direito|direita|izquierda|derecha|esq|dto|dta|dir|izq|izda|dcha|fte|frente)\.?)?";

/// A flat or floor written before the street, with its comma ("Flat 3, 27 Hawthorn Road",
/// "2F1, 18 Warrender Park Road", "Appt 24, 3e étage, 8 avenue …"), anchored where the
/// street starts.
static UNIT_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| compiled(&format!(r"(?:{UNIT}|[0-9]{{1,2}}F[0-9]{{1,2}}),\s*$")));

/// The letter of a staircase or entrance after a house number, with a space ("Zuidsingel 7 A",
/// "Koivukuja 2 B"), anchored where the address has got to.
static ENTRANCE_AT: LazyLock<Regex> =
    LazyLock::new(|| compiled(r"^[ \t][A-H](?:[ \t]?[0-9]{1,3}\b)?"));

/// One unit after a street, anchored where the address has got to.
static UNIT_AT: LazyLock<Regex> = LazyLock::new(|| compiled(&format!(r"^,?[ \t]*(?:{UNIT})")));

/// A postcode with its town (group 1), or a British town with its postcode, anchored where
/// the address has got to.
static PLACE_AT: LazyLock<Regex> = LazyLock::new(|| {
    compiled(&format!(
        r"^,?[ \t]*(?:(?:{POSTCODE})[ \t]+({TOWN})|(?:{TOWN},[ \t]+){{0,2}}{TOWN},?[ \t]+(?:{UK_POSTCODE})|(?:{UK_POSTCODE}))"
    ))
});

/// Words after a number that make it an amount, not a postcode with its town ("1500 Euro").
const CURRENCIES: &[&str] = &[
    "euro", "euros", "eur", "dollar", "dollars", "pound", "pounds", "franken", "francs", "kronor",
    "kroner", "kronen", "złotych", "zloty",
];

/// One regex of several patterns, each in a group of its own.
fn alternation(patterns: &[String]) -> Regex {
    let joined: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
    compiled(&joined.join("|"))
}

/// The addresses whose street starts in `window` (one around a cluster of digits).
pub(crate) fn find(text: &str, window: Range<usize>, out: &mut Vec<Span>) {
    let strong: Vec<Span> = matches_in(&STRONG, text, window.clone())
        .filter_map(|m| address(text, m.start(), m.end(), false))
        .collect();
    // A weak street is no street where a strong one overlaps it ("Objekt Berliner Allee 102").
    let weak: Vec<Span> = matches_in(&WEAK, text, window)
        .filter_map(|m| address(text, m.start(), m.end(), true))
        .filter(|span| !strong.iter().any(|s| s.overlaps(span)))
        .collect();
    out.extend(strong);
    out.extend(weak);
}

/// The address whose street runs from `start` to `end`, with the units, postcode and town that
/// follow it; `None` when it is not one. A `weak` street (no street word) needs a postcode.
fn address(text: &str, start: usize, end: usize, weak: bool) -> Option<Span> {
    let street = text[start..end].trim_end_matches([',', '.', ' ']);
    if weak && street.split_whitespace().any(names_a_month) {
        // "on 12 March 2024 John called"
        return None;
    }
    let street_end = start + street.len();
    let (tail_end, with_postcode) = tail(text, street_end);
    if weak && !with_postcode {
        return None;
    }
    let end = if tail_end > street_end || isolated(text, start, street_end) {
        tail_end
    } else {
        // "Berliner Straße 5 hat": the optional letter of a house number took the first
        // letter of the next word; without it, the address ends at the number.
        start + without_last_letter(street).len()
    };
    isolated(text, start, end).then(|| {
        let score = if with_postcode { 0.9 } else { 0.85 };
        Span::new(EntityType::PostalAddress, head(text, start), end, score)
    })
}

/// Where the address whose street starts at `start` begins: before the flats and floors
/// written ahead of the street, each with its comma.
fn head(text: &str, start: usize) -> usize {
    let mut start = start;
    loop {
        let from = text.floor_char_boundary(start.saturating_sub(48));
        match UNIT_BEFORE.find(&text[from..start]) {
            Some(unit)
                if !char_before(text, from + unit.start()).is_some_and(char::is_alphanumeric) =>
            {
                start = from + unit.start();
            }
            _ => return start,
        }
    }
}

/// Where the address that goes on from `from` ends: past each unit, then past a postcode with
/// its town, each taken only when it ends a word; and whether a postcode was taken.
fn tail(text: &str, from: usize) -> (usize, bool) {
    let mut end = from;
    if let Some(entrance) = ENTRANCE_AT.find(&text[end..])
        && ends_word(text, end + entrance.end())
    {
        end += entrance.end();
    }
    while let Some(unit) = UNIT_AT.find(&text[end..]) {
        if unit.is_empty() || !ends_word(text, end + unit.end()) {
            break;
        }
        end += unit.end();
    }
    if let Some(place) = PLACE_AT.captures(&text[end..]) {
        let whole = place.get(0).map_or(0, |m| m.len());
        let amount = place
            .get(1)
            .is_some_and(|town| CURRENCIES.contains(&town.as_str().to_lowercase().as_str()));
        if whole > 0 && !amount && ends_word(text, end + whole) {
            return (end + whole, true);
        }
    }
    (end, false)
}

/// Whether no letter or digit follows byte `at`.
fn ends_word(text: &str, at: usize) -> bool {
    !char_at(text, at).is_some_and(char::is_alphanumeric)
}

/// Whether `word` is a month's name in one of the supported languages.
fn names_a_month(word: &str) -> bool {
    static MONTH: LazyLock<Regex> =
        LazyLock::new(|| compiled(&format!(r"(?i)^(?:{MONTHS})\.?,?$")));
    MONTH.is_match(word)
}

/// `found` without its last character when that is an ASCII letter, and the spaces before it.
fn without_last_letter(found: &str) -> &str {
    found
        .strip_suffix(|c: char| c.is_ascii_alphabetic())
        .map_or(found, str::trim_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_house_number_does_not_take_the_next_word() {
        assert_eq!(
            found("Die Filiale in der Berliner Straße 5 hat falsch kassiert."),
            ["Berliner Straße 5"]
        );
        assert_eq!(found("Hauptstraße 5a, bitte"), ["Hauptstraße 5a"]);
    }

    fn found(text: &str) -> Vec<&str> {
        crate::detectors::found_by(|text, out| find(text, 0..text.len(), out), text)
    }

    #[test]
    fn street_addresses_of_several_countries() {
        assert_eq!(
            found("ship to 221B Baker Street, London"),
            ["221B Baker Street"]
        );
        assert_eq!(
            found("au 12 rue de la Paix, 75002 Paris merci"),
            ["12 rue de la Paix, 75002 Paris"]
        );
        assert_eq!(
            found("Hauptstraße 5, 10115 Berlin"),
            ["Hauptstraße 5, 10115 Berlin"]
        );
        assert_eq!(
            found("osoite Mannerheimintie 12 B 34"),
            ["Mannerheimintie 12 B 34"]
        );
        assert_eq!(found("Via Roma 10"), ["Via Roma 10"]);
        assert!(found("I bought 3 plants on Monday").is_empty());
    }

    #[test]
    fn flats_floors_postcodes_and_towns_belong_to_the_address() {
        for (text, address) in [
            (
                "Send it to 7 Rose Lane, flat 3, Bristol BS1 4DJ please",
                "7 Rose Lane, flat 3, Bristol BS1 4DJ",
            ),
            (
                "post it to Flat 2, 14 Mill Road, Cambridge CB1 2AD thanks",
                "Flat 2, 14 Mill Road, Cambridge CB1 2AD",
            ),
            (
                "deliver to 3F2, 9 Marchmont Crescent, Edinburgh EH9 1HN",
                "3F2, 9 Marchmont Crescent, Edinburgh EH9 1HN",
            ),
            (
                "chez moi : Appt 5, 1er étage, 6 rue Nationale, 59000 Lille",
                "Appt 5, 1er étage, 6 rue Nationale, 59000 Lille",
            ),
            (
                "to 4 Strand Road, Sandymount, Co. Dublin D04 X2Y1 please",
                "4 Strand Road, Sandymount, Co. Dublin D04 X2Y1",
            ),
            ("woon op Kerkstraat 12 C, is dat goed?", "Kerkstraat 12 C"),
            (
                "Zuidsingel 7 A 3811 HB Amersfoort",
                "Zuidsingel 7 A 3811 HB Amersfoort",
            ),
            (
                "Flat 2,\n14 Mill Road, Cambridge CB1 2AD",
                "Flat 2,\n14 Mill Road, Cambridge CB1 2AD",
            ),
            (
                "C/ de Sants 40, pta. 3, 08014 Barcelona",
                "C/ de Sants 40, pta. 3, 08014 Barcelona",
            ),
            (
                "livrer au 4 rue Pasteur, Bât C, 2e étage, 31000 Toulouse merci",
                "4 rue Pasteur, Bât C, 2e étage, 31000 Toulouse",
            ),
            (
                "Lieferung an Lindenstr. 8b, 3. OG rechts, 50674 Köln.",
                "Lindenstr. 8b, 3. OG rechts, 50674 Köln",
            ),
            (
                "Osoite: Kauppakatu 12 as. 4, 40100 Jyväskylä",
                "Kauppakatu 12 as. 4, 40100 Jyväskylä",
            ),
            (
                "envío a C/ Mayor 10, 2º 1ª, 28013 Madrid",
                "C/ Mayor 10, 2º 1ª, 28013 Madrid",
            ),
            (
                "adres: ul. Długa 5/3, 80-827 Gdańsk",
                "ul. Długa 5/3, 80-827 Gdańsk",
            ),
            (
                "morada: Rua Augusta 100, 3º Esq., 1100-053 Lisboa",
                "Rua Augusta 100, 3º Esq., 1100-053 Lisboa",
            ),
            (
                "bezorgen op Oude Kerkstraat 5, 2312 AB Leiden",
                "Oude Kerkstraat 5, 2312 AB Leiden",
            ),
            (
                "skicka till Storgatan 14, 114 51 Stockholm",
                "Storgatan 14, 114 51 Stockholm",
            ),
            (
                "3 Main Street, Cork T12 X2Y3",
                "3 Main Street, Cork T12 X2Y3",
            ),
            (
                "Rechnung an Kantstraße 4, 79100 Freiburg im Breisgau",
                "Kantstraße 4, 79100 Freiburg im Breisgau",
            ),
        ] {
            assert_eq!(found(text), [address], "{text}");
        }
    }

    #[test]
    fn a_unit_before_needs_its_comma_and_a_letter_after_ends_a_word() {
        assert_eq!(found("Flat 2 14 Mill Road"), ["14 Mill Road"]);
        assert_eq!(found("Hauptstraße 5 Danke"), ["Hauptstraße 5"]);
        assert_eq!(found("Hauptstraße 5 I think"), ["Hauptstraße 5"]);
    }

    #[test]
    fn a_unit_word_that_goes_on_is_not_taken_and_the_street_stays() {
        for (text, address) in [
            ("10 Downing Street as discussed", "10 Downing Street"),
            ("Via Roma 10 piano terra", "Via Roma 10"),
            ("Hauptstraße 5, 3. Stockwerk", "Hauptstraße 5"),
            (
                "Kauppakatu 12 asunto 4, 40100 Oulu",
                "Kauppakatu 12 asunto 4, 40100 Oulu",
            ),
            (
                "Rua Augusta 100, 3º andar esquerdo, 1100-053 Lisboa",
                "Rua Augusta 100, 3º andar esquerdo, 1100-053 Lisboa",
            ),
        ] {
            assert_eq!(found(text), [address], "{text}");
        }
    }

    #[test]
    fn dates_and_amounts_are_no_postcodes() {
        assert!(found("on 12 March 2024 John called").is_empty());
        assert!(found("Paket 2, 1500 Euro").is_empty());
    }

    #[test]
    fn a_street_without_a_street_word_needs_a_postcode() {
        assert_eq!(
            found("at 27 Southgate, Bath BA1 1TP"),
            ["27 Southgate, Bath BA1 1TP"]
        );
        assert_eq!(
            found("Im Winkel 4, 79100 Freiburg"),
            ["Im Winkel 4, 79100 Freiburg"]
        );
        assert!(found("I ordered 3 Green Tea boxes").is_empty());
        assert!(found("Termin 9 Uhr, bitte").is_empty());
        assert!(found("we need 12 Blue Widgets, 10000 pieces").is_empty());
    }

    #[test]
    fn a_street_word_wins_over_the_capitalised_words_before_it() {
        assert_eq!(
            found("Objekt Hansaring 7, 50670 Köln"),
            ["Hansaring 7, 50670 Köln"]
        );
    }
}
