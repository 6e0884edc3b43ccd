//! Greetings, thanks and goodbyes get a short friendly reply in the visitor's language instead
//! of a retrieval answer. The phrase lists are built in and identical for every tenant: nothing
//! a visitor of one tenant says ever shapes another tenant's replies.

use crate::language::Language;

/// The kinds of small talk Sotto recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallTalk {
    /// "Hello", "bonjour", "hei"…
    Greeting,
    /// "Thanks", "merci", "kiitos"…
    Thanks,
    /// "Bye", "au revoir", "näkemiin"…
    Goodbye,
}

const PHRASES: &[(SmallTalk, Language, &[&str])] = &[
    (
        SmallTalk::Greeting,
        Language::En,
        &[
            "hi",
            "hello",
            "hey",
            "hiya",
            "good morning",
            "good afternoon",
            "good evening",
            "how are you",
            "greetings",
            "yo",
        ],
    ),
    (
        SmallTalk::Greeting,
        Language::Fr,
        &[
            "bonjour",
            "salut",
            "bonsoir",
            "coucou",
            "bonjour a vous",
            "ca va",
            "comment ca va",
        ],
    ),
    (
        SmallTalk::Greeting,
        Language::De,
        &[
            "hallo",
            "guten tag",
            "guten morgen",
            "guten abend",
            "moin",
            "servus",
            "gruss gott",
            "wie geht es dir",
            "wie gehts",
        ],
    ),
    (
        SmallTalk::Greeting,
        Language::Fi,
        &[
            "hei",
            "moi",
            "terve",
            "huomenta",
            "hyvaa paivaa",
            "paivaa",
            "mita kuuluu",
            "moikka",
        ],
    ),
    (
        SmallTalk::Greeting,
        Language::Es,
        &[
            "hola",
            "buenos dias",
            "buenas tardes",
            "buenas noches",
            "que tal",
        ],
    ),
    (
        SmallTalk::Greeting,
        Language::It,
        &["ciao", "buongiorno", "buonasera", "salve", "come stai"],
    ),
    (
        SmallTalk::Greeting,
        Language::Nl,
        &[
            "hoi",
            "hallo daar",
            "goedemorgen",
            "goedendag",
            "goedemiddag",
            "dag",
        ],
    ),
    (
        SmallTalk::Thanks,
        Language::En,
        &[
            "thanks",
            "thank you",
            "thx",
            "ty",
            "cheers",
            "many thanks",
            "thanks a lot",
            "thank you very much",
            "thank you so much",
        ],
    ),
    (
        SmallTalk::Thanks,
        Language::Fr,
        &[
            "merci",
            "merci beaucoup",
            "merci bien",
            "je vous remercie",
            "merci a vous",
        ],
    ),
    (
        SmallTalk::Thanks,
        Language::De,
        &[
            "danke",
            "danke schon",
            "danke sehr",
            "vielen dank",
            "besten dank",
        ],
    ),
    (
        SmallTalk::Thanks,
        Language::Fi,
        &["kiitos", "kiitos paljon", "kiitti", "kiitoksia"],
    ),
    (
        SmallTalk::Thanks,
        Language::Es,
        &["gracias", "muchas gracias"],
    ),
    (SmallTalk::Thanks, Language::It, &["grazie", "grazie mille"]),
    (
        SmallTalk::Thanks,
        Language::Nl,
        &["dank je", "dank u", "bedankt", "dank je wel", "dank u wel"],
    ),
    (
        SmallTalk::Goodbye,
        Language::En,
        &[
            "bye",
            "goodbye",
            "bye bye",
            "see you",
            "see you later",
            "see ya",
            "have a nice day",
            "good night",
        ],
    ),
    (
        SmallTalk::Goodbye,
        Language::Fr,
        &[
            "au revoir",
            "a bientot",
            "bonne journee",
            "bonne soiree",
            "a plus",
            "bye",
        ],
    ),
    (
        SmallTalk::Goodbye,
        Language::De,
        &[
            "tschuss",
            "auf wiedersehen",
            "bis bald",
            "schonen tag noch",
            "ciao",
        ],
    ),
    (
        SmallTalk::Goodbye,
        Language::Fi,
        &[
            "nakemiin",
            "heippa",
            "hei hei",
            "moi moi",
            "hyvaa paivanjatkoa",
        ],
    ),
    (
        SmallTalk::Goodbye,
        Language::Es,
        &["adios", "hasta luego", "hasta pronto"],
    ),
    (
        SmallTalk::Goodbye,
        Language::It,
        &["arrivederci", "a presto"],
    ),
    (
        SmallTalk::Goodbye,
        Language::Nl,
        &["tot ziens", "doei", "fijne dag"],
    ),
];

/// Words that may surround a small-talk phrase without changing its meaning.
const FILLERS: &[&str] = &[
    "ok", "okay", "great", "perfect", "super", "cool", "oh", "well", "there", "all", "everyone",
    "team", "bot", "again", "so", "much", "very", "a", "lot", "you", "for", "your", "help", "the",
    "info", "answer", "tout", "le", "monde", "pour", "votre", "aide", "fur", "ihre", "hilfe",
    "avusta", "vielmals", "and", "et", "und", "ja", "nice", "top", "parfait", "genial",
];

/// Recognises small talk: the whole message must be a known phrase, possibly with a few filler
/// words ("ok thanks a lot!", "hello there"). A question that merely starts with "hi" is not
/// small talk.
pub fn classify(message: &str) -> Option<(SmallTalk, Language)> {
    let normalized = normalize(message);
    let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let mut best: Option<(SmallTalk, Language, usize)> = None;
    for &(kind, language, phrases) in PHRASES {
        for phrase in phrases {
            let phrase_words: Vec<&str> = phrase.split(' ').collect();
            let Some(start) = words
                .windows(phrase_words.len())
                .position(|w| w == phrase_words.as_slice())
            else {
                continue;
            };
            let rest_are_fillers = words
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < start || *i >= start + phrase_words.len())
                .all(|(_, w)| FILLERS.contains(w) || is_known_phrase_word(w));
            if rest_are_fillers && best.is_none_or(|(_, _, len)| phrase_words.len() > len) {
                best = Some((kind, language, phrase_words.len()));
            }
        }
    }
    best.map(|(kind, language, _)| (kind, language))
}

/// A word that is itself a small-talk phrase ("hello thanks").
fn is_known_phrase_word(word: &str) -> bool {
    PHRASES
        .iter()
        .any(|(_, _, phrases)| phrases.contains(&word))
}

/// Lower-case, accents folded, punctuation and emoji to spaces.
fn normalize(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for c in message.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ß' => 's',
            'ñ' => 'n',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        out.push(folded);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The reply to a kind of small talk, in `language`.
pub fn reply(kind: SmallTalk, language: Language) -> &'static str {
    use Language::*;
    use SmallTalk::*;
    match (kind, language) {
        (Greeting, En) => {
            "Hello! Ask me anything about this website and I will answer from its pages."
        }
        (Greeting, Fr) => {
            "Bonjour ! Posez-moi une question sur ce site, je réponds à partir de ses pages."
        }
        (Greeting, De) => {
            "Hallo! Fragen Sie mich etwas zu dieser Website, ich antworte anhand ihrer Seiten."
        }
        (Greeting, Fi) => {
            "Hei! Kysy mitä tahansa tästä sivustosta, vastaan sen sivujen perusteella."
        }
        (Greeting, Es) => {
            "¡Hola! Pregúntame lo que quieras sobre este sitio; respondo a partir de sus páginas."
        }
        (Greeting, It) => {
            "Ciao! Chiedimi qualcosa su questo sito, rispondo in base alle sue pagine."
        }
        (Greeting, Nl) => {
            "Hallo! Stel me een vraag over deze website, ik antwoord op basis van de pagina's."
        }
        (Thanks, En) => "You're welcome! Anything else I can help with?",
        (Thanks, Fr) => "Avec plaisir ! Puis-je vous aider pour autre chose ?",
        (Thanks, De) => "Gern geschehen! Kann ich sonst noch helfen?",
        (Thanks, Fi) => "Ole hyvä! Voinko auttaa vielä jossain?",
        (Thanks, Es) => "¡De nada! ¿Puedo ayudarte con algo más?",
        (Thanks, It) => "Prego! Posso aiutarti in altro?",
        (Thanks, Nl) => "Graag gedaan! Kan ik nog ergens mee helpen?",
        (Goodbye, En) => "Goodbye, and have a nice day!",
        (Goodbye, Fr) => "Au revoir et bonne journée !",
        (Goodbye, De) => "Auf Wiedersehen und einen schönen Tag!",
        (Goodbye, Fi) => "Näkemiin ja hyvää päivänjatkoa!",
        (Goodbye, Es) => "¡Adiós y que tengas un buen día!",
        (Goodbye, It) => "Arrivederci e buona giornata!",
        (Goodbye, Nl) => "Tot ziens en een fijne dag!",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_small_talk_in_several_languages() {
        assert_eq!(
            classify("Hello!"),
            Some((SmallTalk::Greeting, Language::En))
        );
        assert_eq!(
            classify("hello there 👋"),
            Some((SmallTalk::Greeting, Language::En))
        );
        assert_eq!(
            classify("Bonjour"),
            Some((SmallTalk::Greeting, Language::Fr))
        );
        assert_eq!(
            classify("Merci beaucoup !"),
            Some((SmallTalk::Thanks, Language::Fr))
        );
        assert_eq!(
            classify("ok thanks a lot for your help"),
            Some((SmallTalk::Thanks, Language::En))
        );
        assert_eq!(
            classify("Vielen Dank"),
            Some((SmallTalk::Thanks, Language::De))
        );
        assert_eq!(
            classify("Kiitos paljon"),
            Some((SmallTalk::Thanks, Language::Fi))
        );
        assert_eq!(
            classify("Tschüss"),
            Some((SmallTalk::Goodbye, Language::De))
        );
        assert_eq!(
            classify("Näkemiin"),
            Some((SmallTalk::Goodbye, Language::Fi))
        );
        assert_eq!(
            classify("Au revoir"),
            Some((SmallTalk::Goodbye, Language::Fr))
        );
    }

    #[test]
    fn questions_are_not_small_talk() {
        for q in [
            "hi, how long does shipping take?",
            "thanks, and what about returns",
            "Do you ship to Finland?",
            "",
            "???",
        ] {
            assert_eq!(classify(q), None, "{q}");
        }
    }

    #[test]
    fn replies_exist_in_every_language() {
        for language in Language::ALL {
            for kind in [SmallTalk::Greeting, SmallTalk::Thanks, SmallTalk::Goodbye] {
                assert!(!reply(kind, language).is_empty());
            }
        }
        assert_ne!(
            reply(SmallTalk::Thanks, Language::En),
            reply(SmallTalk::Thanks, Language::Fr)
        );
    }
}
