//! E-mail addresses, plain ("anna@example.fr") and spelled out to dodge scrapers ("sam dot
//! taylor at outlook dot com", "anna[at]example[dot]fr").

use std::sync::LazyLock;

use regex::Regex;

use crate::entity::{EntityType, Span};
use crate::text::compiled;

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| compiled(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,24}"));

/// Words that spell out "@" and "." in the languages Sotto serves.
const AT_WORD_LIST: [&str; 4] = ["at", "arobase", "ät", "miuku"];
static AT_WORDS: LazyLock<String> = LazyLock::new(|| AT_WORD_LIST.join("|"));
const DOT_WORD_LIST: [&str; 4] = ["dot", "point", "punkt", "piste"];
static DOT_WORDS: LazyLock<String> = LazyLock::new(|| DOT_WORD_LIST.join("|"));

/// Top-level domains a spelled-out address may end with: a closed list, so that prose such as
/// "look at the point made" is not an address.
const TLDS: &str = r"com|org|net|edu|gov|info|biz|io|co|eu|fr|de|fi|uk|es|it|nl|be|se|pl|at|ch|dk|ie|pt|lu|ee|lv|lt|us|ca";

/// A cheap pass that says whether a spelled-out address is possible at all: a dot spelled as
/// a word, or a bracket opening on an "at" or dot word, in lower or upper case. Literals only,
/// matched case-sensitively, so the search runs on the regex crate's SIMD prefilter.
static SPELLED_CUE: LazyLock<Regex> = LazyLock::new(|| {
    let mut cues = Vec::new();
    for word in DOT_WORD_LIST {
        for word in [word.to_string(), word.to_uppercase()] {
            cues.push(format!(" {word} "));
        }
    }
    for word in DOT_WORD_LIST.iter().chain(AT_WORD_LIST.iter()) {
        for word in [word.to_string(), word.to_uppercase()] {
            for open in ['[', '(', '{'] {
                cues.push(regex::escape(&format!("{open}{word}")));
            }
        }
    }
    compiled(&cues.join("|"))
});

/// A spelled-out address. It needs no word boundary before it (a match starts at the first
/// letter of its word anyway), and the one after the domain is ASCII's: a Unicode word boundary
/// stops the lazy DFA on any non-ASCII text, and the slow engine it falls back to took a fifth
/// of all detection time.
static SPELLED: LazyLock<Regex> = LazyLock::new(|| {
    let part = r"[\p{L}\p{N}_%+\-]+";
    let (dot_words, at_words) = (&*DOT_WORDS, &*AT_WORDS);
    let dot = format!(r"(?:\s*[\[({{]\s*(?:{dot_words})\s*[\])}}]\s*|\s+(?:{dot_words})\s+|\.)");
    let at = format!(r"(?:\s*[\[({{]\s*(?:{at_words}|@)\s*[\])}}]\s*|\s+(?:{at_words})\s+)");
    compiled(&format!(
        r"(?i){part}(?:{dot}{part})*{at}{part}(?:{dot}{part})*{dot}(?:{TLDS})(?-u:\b)"
    ))
});

/// True when the match spells out a separator in a way prose does not: a bracketed "@" or
/// ".", or a dot as a word ("look at google.com" is prose; "sam at outlook dot com" is not).
fn is_spelled_out(found: &str) -> bool {
    found.contains(['[', '(', '{'])
        || found
            .split_whitespace()
            .any(|word| DOT_WORD_LIST.contains(&word.to_lowercase().as_str()))
}

pub(crate) fn find(text: &str, out: &mut Vec<Span>) {
    if text.contains('@') {
        find_plain(text, out);
    }
    if SPELLED_CUE.is_match(text) {
        find_spelled(text, out);
    }
}

fn find_plain(text: &str, out: &mut Vec<Span>) {
    for m in EMAIL.find_iter(text) {
        let local = &text[m.start()..m.as_str().find('@').map_or(m.end(), |i| m.start() + i)];
        let start = m.start() + (local.len() - local.trim_start_matches('.').len());
        if start < m.end() {
            out.push(Span::new(EntityType::Email, start, m.end(), 0.99));
        }
    }
}

fn find_spelled(text: &str, out: &mut Vec<Span>) {
    for found in SPELLED.find_iter(text) {
        if is_spelled_out(found.as_str()) {
            out.push(Span::new(
                EntityType::Email,
                found.start(),
                found.end(),
                0.85,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::detectors::found_by(find, text)
    }

    #[test]
    fn finds_addresses_with_unicode_and_subdomains() {
        assert_eq!(
            found("écrivez à jérôme.dupont@mail.example.fr."),
            ["jérôme.dupont@mail.example.fr"]
        );
        assert!(found("no at sign here @ all").is_empty());
    }

    #[test]
    fn finds_spelled_out_addresses() {
        assert_eq!(
            found("my email is sam dot taylor at outlook dot com"),
            ["sam dot taylor at outlook dot com"]
        );
        assert_eq!(
            found("write to anna[at]example[dot]fr please"),
            ["anna[at]example[dot]fr"]
        );
        assert_eq!(
            found("mail: jean.dupont (at) orange.fr"),
            ["jean.dupont (at) orange.fr"]
        );
        assert_eq!(
            found("SAM DOT TAYLOR AT GMAIL DOT COM"),
            ["SAM DOT TAYLOR AT GMAIL DOT COM"]
        );
        assert_eq!(
            found("liisa piste virtanen miuku posti piste fi"),
            ["liisa piste virtanen miuku posti piste fi"]
        );
    }

    #[test]
    fn prose_is_not_a_spelled_out_address() {
        assert!(found("have a look at google.com for that").is_empty());
        assert!(found("we met at noon. com").is_empty());
        assert!(found("the point is at the end").is_empty());
        assert!(found("I'm at home dot no idea").is_empty());
    }
}
