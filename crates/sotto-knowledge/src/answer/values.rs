//! Whether a sentence holds the kind of value a question asks for, and whether it says no:
//! what makes "Parcels to Spain arrive within 4 working days" the answer to "How long does
//! shipping to Spain take?" rather than a sentence that repeats its words.

use std::sync::LazyLock;

use regex::Regex;

use super::question::{Expecting, fold, weekday_named};

static PRICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(€|eur\b|euros?\b|\bchf\b|\$|£)\s?\d|\d[\d.,\s]*\s?(€|eur\b|euros?\b|chf\b|,-|\$|£)",
    )
    .expect("static regex")
});
static FREE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(free|gratuit|kostenlos|gratis|kostenfrei|ilmai|gratuito|inclus|inklusive|inbegriffen|inbegrepen)")
        .expect("static regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}([:.h]\d{2}|h\b|\s?(uhr|uur|am|pm|heures?)\b)|\bklo\s?\d")
        .expect("static regex")
});
static CLOSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(closed|fermé|geschlossen|gesloten|suljettu|kiinni|cerrado|chiuso|ruhetag)\b",
    )
    .expect("static regex")
});
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\+|\b0)\d[\d\s./()-]{6,}\d").expect("static regex"));
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d+(\s?(-|–|to|à|bis|tot|a)\s?\d+)?\s?(\p{L}+\s){0,2}(min|minutes?|h\b|hours?|heures?|stunden?|uur|tunti|tuntia|horas?|ore|days?|jours?|tage?n?|dagen|dag|päivä|päivää|pv|días?|dias?|giorni|weeks?|semaines?|wochen?|weken|viikko|viikkoa|semanas?|settimane|months?|mois|monate?n?|maanden|kuukau\w*|meses|mesi)\b")
        .expect("static regex")
});
/// A street with its number ("Rue de la Brasserie 71", "Hämeenkatu 12", "12 Baker Street").
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(rue|avenue|av\.|boulevard|bd|chaussée|place|quai|via|viale|piazza|calle|avenida|rua|travessa|largo|street|road|lane)\b[^\n.;]{0,40}?\d)|(?i:\p{L}(straße|strasse|str\.|weg|gasse|platz|allee|ring|laan|straat|gracht|plein|kade|singel|katu|tie|kuja|polku)\s?\d)|(?i:\d+\w?,?\s+\p{L}[\p{L} ]{0,30}\b(street|road|lane|avenue)\b)")
        .expect("static regex")
});
/// A postcode before a place name ("1050 Ixelles", "3511 AB Utrecht"): weaker, a number before
/// a capitalised noun may be anything in German.
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{4,5}(\s?[A-Z]{2})?\s+\p{Lu}\p{Ll}+").expect("static regex"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d").expect("static regex"));

/// Words that say no, in the seven languages, accents folded.
const NEGATIONS: &[&str] = &[
    "not",
    "no",
    "never",
    "cannot",
    "can't",
    "don't",
    "doesn't",
    "isn't",
    "aren't",
    "won't",
    "unfortunately",
    "only",
    "pas",
    "ne",
    "n'",
    "aucun",
    "aucune",
    "jamais",
    "malheureusement",
    "uniquement",
    "seulement",
    "nicht",
    "kein",
    "keine",
    "keinen",
    "leider",
    "nie",
    "nur",
    "niet",
    "geen",
    "helaas",
    "nooit",
    "alleen",
    "ei",
    "emme",
    "eivat",
    "valitettavasti",
    "vain",
    "ainoastaan",
    "nunca",
    "ningun",
    "ninguna",
    "solo",
    "lamentablemente",
    "non",
    "nessun",
    "nessuna",
    "mai",
    "purtroppo",
    "soltanto",
    "excluded",
    "exclus",
    "ausgeschlossen",
];

/// How well `sentence` holds the kind of value `expecting` names: 1 for the value itself (an
/// amount, a clock time, a number), less for words that can answer too ("free", "closed", a
/// weekday), 0 for none.
pub(crate) fn strength(expecting: Expecting, sentence: &str) -> f32 {
    match expecting {
        Expecting::Price if PRICE.is_match(sentence) => 1.0,
        Expecting::Price if FREE.is_match(sentence) => 0.6,
        Expecting::Time
            if TIME
                .find_iter(sentence)
                .any(|m| !is_price_after(sentence, m.end())) =>
        {
            1.0
        }
        Expecting::Time if CLOSED.is_match(sentence) => 0.6,
        Expecting::Time if weekday_named(&format!(" {} ", fold(sentence))) => 0.5,
        Expecting::Phone if PHONE.is_match(sentence) => 1.0,
        Expecting::Address if STREET.is_match(sentence) => 1.0,
        Expecting::Address if POSTCODE.is_match(sentence) => 0.5,
        Expecting::Duration if DURATION.is_match(sentence) => 1.0,
        Expecting::Quantity if NUMBER.is_match(sentence) => 1.0,
        _ => 0.0,
    }
}

/// Whether the number ending at `end` is an amount ("4.90 euros"), not a time ("9.00 uur").
fn is_price_after(sentence: &str, end: usize) -> bool {
    let after = sentence[end..].trim_start().to_lowercase();
    ["€", "eur", "euro", "chf", "$", "£", ",-"]
        .iter()
        .any(|currency| after.starts_with(currency))
}

/// Whether `sentence` says no (or "only", which limits what it allows).
pub(crate) fn says_no(sentence: &str) -> bool {
    let folded = fold(sentence);
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .any(|word| NEGATIONS.contains(&word) || word.starts_with("n'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(expecting: Expecting, sentence: &str) -> bool {
        strength(expecting, sentence) > 0.0
    }

    #[test]
    fn values() {
        assert!(holds(Expecting::Price, "Un détartrage coûte 45,00 €."));
        assert!(holds(Expecting::Price, "Day pass: €25"));
        assert!(holds(Expecting::Price, "Anfahrt 35 EUR"));
        assert!(!holds(Expecting::Price, "We deliver in 4 days."));
        assert!(holds(Expecting::Time, "Sunday: 10:00–16:00"));
        assert!(holds(Expecting::Time, "Ouvert de 8h30 à 18h"));
        assert!(holds(Expecting::Time, "Mo–Fr 8 – 12 Uhr"));
        assert!(!holds(Expecting::Time, "Shipping costs 4.90 euros."));
        assert!(holds(Expecting::Time, "Dr. Maes works on Tuesdays."));
        assert!(holds(Expecting::Phone, "Call us on 02 345 67 89."));
        assert!(holds(Expecting::Phone, "+43 5352 123 45"));
        assert!(!holds(Expecting::Phone, "Orders above 49 euros."));
        assert!(holds(
            Expecting::Address,
            "Rue de la Brasserie 71, 1050 Ixelles"
        ));
        assert!(holds(Expecting::Address, "Hämeenkatu 12, Tampere"));
        assert!(holds(Expecting::Address, "Oudegracht 123, 3511 AB Utrecht"));
        assert!(holds(Expecting::Address, "We are at 12 Baker Street."));
        assert_eq!(strength(Expecting::Address, "75001 Paris"), 0.5);
        assert!(!holds(
            Expecting::Address,
            "Open from 9 to 18, closed on Sundays."
        ));
        assert!(!holds(Expecting::Address, "The room sleeps 4 people."));
        assert!(holds(
            Expecting::Duration,
            "Parcels to Spain arrive within 4 working days."
        ));
        assert!(holds(Expecting::Duration, "Lieferung in 2–3 Tagen"));
    }

    #[test]
    fn negations() {
        assert!(says_no("Dogs are not allowed in the rooms."));
        assert!(says_no("Les chèques ne sont pas acceptés."));
        assert!(says_no("Leider keine Kreditkarten."));
        assert!(says_no("Emme toimita Ahvenanmaalle."));
        assert!(!says_no("We accept all cards."));
    }
}
