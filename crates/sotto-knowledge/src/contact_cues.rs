//! Whether a visitor's message asks for a human or a follow-up, without any model: cue
//! phrases in English, French, German and Finnish, matched on whole words of the folded text
//! (long cues also as the start of a word, for inflected forms).

/// Phrases that ask for contact, folded (lower case, no accents), by language.
const CUES: &[&str] = &[
    // English
    "contact me",
    "contact you",
    "get in touch",
    "call me",
    "call back",
    "ring me",
    "email me",
    "e-mail me",
    "write to me",
    "speak to",
    "talk to",
    "human",
    "real person",
    "someone from",
    "a quote",
    "quotation",
    "book a",
    "appointment",
    "sales team",
    "customer service",
    "representative",
    "agent",
    // French
    "contacter",
    "contactez",
    "me rappeler",
    "rappelez",
    "appelez moi",
    "appelez-moi",
    "ecrivez moi",
    "ecrivez-moi",
    "parler a",
    "un humain",
    "une personne",
    "un conseiller",
    "une conseillere",
    "un devis",
    "rendez vous",
    "rendez-vous",
    "service client",
    "joindre",
    // German
    "kontakt",
    "kontaktieren",
    "ruckruf",
    "rufen sie mich",
    "ruft mich",
    "schreiben sie mir",
    "sprechen mit",
    "mit einem menschen",
    "mitarbeiter",
    "berater",
    "termin",
    "kundenservice",
    "kundendienst",
    "ein angebot",
    // Finnish
    "ota yhteytta",
    "ottaa yhteytta",
    "ottakaa yhteytta",
    "yhteydenotto",
    "soittakaa",
    "soita minulle",
    "soittopyynto",
    "kirjoittakaa minulle",
    "ihmisen kanssa",
    "myyja",
    "asiakaspalvelu",
    "tarjous",
    "tarjouspyyn",
    "tapaaminen",
    "ajanvaraus",
];

/// Lower-cases and strips the accents a cue list cannot spell every way.
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'á' | 'ä' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ß' => 's',
            '’' | '\'' => ' ',
            other => other,
        })
        .collect()
}

/// Whether `text` asks for a human or a follow-up.
pub fn asks_for_contact(text: &str) -> bool {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let padded = format!(" {} ", words.join(" "));
    CUES.iter().any(|cue| {
        padded.contains(&format!(" {cue} "))
            || (cue.len() > 7 && !cue.contains(' ') && words.iter().any(|w| w.starts_with(cue)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_requests_in_four_languages() {
        for text in [
            "Can someone call me back tomorrow?",
            "I'd like to speak to a human please",
            "Could I get a quote for 40 plants?",
            "Pouvez-vous me rappeler demain ?",
            "Je voudrais parler à un conseiller",
            "Je souhaite un devis",
            "Bitte um Rückruf",
            "Kann ich mit einem Menschen sprechen?",
            "Ich hätte gerne ein Angebot",
            "Voisitteko ottaa yhteyttä minuun?",
            "Haluaisin tarjouspyynnön",
            "Soittakaa minulle huomenna",
        ] {
            assert!(asks_for_contact(text), "{text}");
        }
    }

    #[test]
    fn questions_about_the_site_are_not_contact_requests() {
        for text in [
            "How long does delivery to Finland take?",
            "Do you ship to Sweden?",
            "Combien coûte la livraison ?",
            "Wie lange dauert der Versand?",
            "Paljonko toimitus maksaa?",
            "Is this plant toxic for cats?",
            "What does the humanities section contain?",
        ] {
            assert!(!asks_for_contact(text), "{text}");
        }
    }
}
