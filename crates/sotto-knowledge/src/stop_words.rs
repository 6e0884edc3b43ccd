//! Words that carry no topic in a visitor's question. tantivy's lists (Snowball's, and Lucene's
//! short one for English) target documents; chat questions also need question words and the
//! pronouns of address ("how", "can you", "comment", "voiko"), or they would count as the rarest,
//! most important terms of a question and drown its topic.

use crate::language::Language;

const EN: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "us",
    "you",
    "your",
    "yours",
    "he",
    "him",
    "his",
    "she",
    "her",
    "its",
    "them",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "how",
    "am",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "can",
    "could",
    "would",
    "should",
    "shall",
    "may",
    "might",
    "must",
    "from",
    "up",
    "down",
    "out",
    "off",
    "over",
    "under",
    "again",
    "further",
    "here",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "nor",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
    "just",
    "about",
    "also",
    "please",
    "hi",
    "hello",
    "thanks",
    "there",
    "those",
    "tell",
    "know",
    "want",
    "need",
    "like",
    "get",
    "got",
    "much",
    "many",
    "yes",
    "ok",
    "okay",
    "way",
    "let",
    "s",
    "t",
    "im",
    "dont",
    "don",
    "doesn",
    "isn",
    "anything",
    "something",
    "someone",
    "one",
    "if",
    "whether",
];
const FR: &[&str] = &[
    "comment", "combien", "quand", "quel", "quelle", "quels", "quelles", "pourquoi", "est", "ce",
    "puis", "peut", "peux", "pouvez", "faire", "fait", "voudrais", "veux", "bonjour", "merci",
    "svp", "plait", "dire", "savoir", "chez", "quoi", "où", "ou", "y", "a", "t",
];
const DE: &[&str] = &[
    "wie", "was", "wann", "wo", "warum", "welche", "welcher", "welches", "kann", "können",
    "konnen", "ich", "sie", "möchte", "mochte", "gibt", "es", "bitte", "hallo", "danke", "wieviel",
    "wieviele", "habt", "euch", "eure", "euer", "könnt", "konnt", "koennt", "seid", "fuer",
    "ueber", "moechte", "koennen",
];
const FI: &[&str] = &[
    "miten", "mitä", "mita", "kuinka", "milloin", "missä", "missa", "voiko", "voinko", "voitteko",
    "onko", "kiitos", "hei", "paljonko", "mikä", "mika", "minkä", "minka",
];
const ES: &[&str] = &[
    "cómo", "como", "cuánto", "cuanto", "cuándo", "cuando", "dónde", "donde", "puedo", "pueden",
    "hola", "gracias",
];
const IT: &[&str] = &[
    "come", "quanto", "quando", "dove", "perché", "perche", "posso", "potete", "ciao", "grazie",
];
const NL: &[&str] = &[
    "hoe", "wat", "wanneer", "waar", "waarom", "welke", "kan", "kunnen", "hallo", "bedankt",
];

/// Question words and forms of address to drop in `language`, on top of tantivy's list.
pub fn extra(language: Language) -> &'static [&'static str] {
    match language {
        Language::En => EN,
        Language::Fr => FR,
        Language::De => DE,
        Language::Fi => FI,
        Language::Es => ES,
        Language::It => IT,
        Language::Nl => NL,
    }
}

/// Whether `word` (lower-cased) is a word without topic in `language`: tantivy's list for the
/// language or one of the question words above. Used for a question written in another
/// language than the site's, whose analyser knows only its own.
pub fn is_stop_word(language: Language, word: &str) -> bool {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, StopWordFilter, TextAnalyzer};

    static FILTERS: LazyLock<HashMap<Language, Mutex<TextAnalyzer>>> = LazyLock::new(|| {
        Language::ALL
            .into_iter()
            .map(|language| {
                let extra = StopWordFilter::remove(extra(language).iter().map(|w| (*w).to_owned()));
                let builder = TextAnalyzer::builder(SimpleTokenizer::default())
                    .filter(LowerCaser)
                    .filter(extra);
                let analyzer = match StopWordFilter::new(language.tantivy()) {
                    Some(list) => builder.filter(list).build(),
                    None => builder.build(),
                };
                (language, Mutex::new(analyzer))
            })
            .collect()
    });
    let Some(filter) = FILTERS.get(&language) else {
        return false;
    };
    let mut filter = filter.lock().unwrap_or_else(|e| e.into_inner());
    let mut stream = filter.token_stream(word);
    !stream.advance()
}
