//! Street addresses, best effort: a house number next to a street word of one of the
//! supported languages, with an optional postcode and town.

use std::sync::LazyLock;

use std::ops::Range;

use regex::Regex;

use super::windows::matches_in;

use crate::entity::{EntityType, Span};
use crate::text::{compiled, isolated};

const NAME: &str = r"\p{Lu}[\p{L}'’\-]*";
const POSTCODE_TOWN: &str = r"(?:,?[ \t]*(?:[0-9]{4,5}|[A-Z]{1,2}[0-9][A-Z[0-9]]?[ \t]?[0-9][A-Z]{2}|[0-9]{4}[ \t]?[A-Z]{2}|[0-9]{2}-[0-9]{3})[ \t]+\p{Lu}[\p{L}\-]+(?:[ \t]\p{Lu}[\p{L}\-]+)?)?";

/// The street patterns of every supported country, as one alternation: one pass per text.
static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives = [
        // 221B Baker Street, 10 Downing St
        format!(
            r"[0-9]{{1,5}}[A-Za-z]?,?[ \t]+(?:{NAME}[ \t]+){{1,3}}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Boulevard|Blvd\.?|Way|Close|Court|Place|Square|Crescent|Terrace|Gardens|Row|Hill){POSTCODE_TOWN}"
        ),
        // 12 rue de la Paix, 5 bis avenue Jean Jaurès
        format!(
            r"[0-9]{{1,4}}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?i:rue|avenue|av\.|boulevard|bd|chemin|allée|allee|place|impasse|quai|route|cours|square)[ \t]+(?:(?i:de|du|des|la|le|l'|l’|d'|d’)[ \t]*){{0,2}}[\p{{L}}][\p{{L}}'’\-]*(?:[ \t]+{NAME}){{0,3}}{POSTCODE_TOWN}"
        ),
        // Hauptstraße 5, Mannerheimintie 12 B 34, Kerkstraat 10, Drottninggatan 3
        format!(
            r"\p{{Lu}}[\p{{L}}\-]*(?i:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|katu|tie|kuja|polku|väylä|raitti|rinne|kaari|gatan|vägen|straat|laan|gracht|plein|kade|singel|dreef|steeg|gränd)[ \t]+[0-9]{{1,4}}[ \t]?[a-zA-Z]?(?:[ \t]?[A-Z]?[ \t]?[0-9]{{1,3}})?{POSTCODE_TOWN}"
        ),
        // Berliner Straße 12, Alter Markt 3
        format!(
            r"{NAME}[ \t]+(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Markt|Ufer)[ \t]+[0-9]{{1,4}}[ \t]?[a-zA-Z]?{POSTCODE_TOWN}"
        ),
        // Calle Mayor 5, Via Roma 10, Piazza Navona, 3
        format!(
            r"(?i:calle|c/|avenida|avda\.?|plaza|paseo|via|viale|piazza|corso|largo)[ \t]+(?:(?i:de|del|la|di|della|dei|delle)[ \t]+){{0,2}}{NAME}(?:[ \t]+{NAME}){{0,3}},?[ \t]*(?:n\.?º?[ \t]?)?[0-9]{{1,4}}{POSTCODE_TOWN}"
        ),
    ]
    .iter()
    .map(|p| format!("(?:{p})"))
    .collect::<Vec<_>>()
    .join("|");
    compiled(&alternatives)
});

pub(crate) fn find(text: &str, window: Range<usize>, out: &mut Vec<Span>) {
    for m in matches_in(&PATTERN, text, window) {
        let found = m.as_str().trim_end_matches([',', '.', ' ']);
        // "Berliner Straße 5 hat": the optional letter of a house number took the first letter
        // of the next word; without it, the address ends at the number.
        let found = if isolated(text, m.start(), m.start() + found.len()) {
            found
        } else {
            without_last_letter(found)
        };
        let end = m.start() + found.len();
        if isolated(text, m.start(), end) {
            out.push(Span::new(EntityType::PostalAddress, m.start(), end, 0.8));
        }
    }
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
}
