//! How a key fact is found in an answer: the answer benchmark's judge and a site's own answer
//! tests match a fact the same way, so a test passes exactly when the benchmark would count the
//! fact as given; and the fact a test of an answer starts from, for the team to trim.

use crate::chunk::sentences;

/// Longest fact suggested, in characters.
const MAX_SUGGESTED_CHARS: usize = 200;

/// Lower-cased, spaces collapsed, dashes and apostrophes unified: how key facts are matched.
pub fn normalized(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
            '–' | '—' | '‑' | '−' => '-',
            '’' | '‘' => '\'',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    let collapsed = mapped.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .replace(" - ", "-")
        .replace(" -", "-")
        .replace("- ", "-")
}

/// Whether `text` states `fact`, as [`normalized`] reads both, as whole words: "4.90 euros"
/// is not stated by "14.90 euros", nor "5 days" by "15 days". An empty fact is never stated.
pub fn holds_fact(text: &str, fact: &str) -> bool {
    let fact = normalized(fact);
    if fact.is_empty() {
        return false;
    }
    let text = normalized(text);
    let joins = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(&fact).any(|(start, found)| {
        let before = text[..start].chars().next_back();
        let after = text[start + found.len()..].chars().next();
        let first = fact.chars().next();
        let last = fact.chars().next_back();
        let glued_before = joins(before) && joins(first);
        let glued_after = joins(after) && joins(last);
        !glued_before && !glued_after
    })
}

/// The sentence of `answer` that states a value (its first with a digit), else
/// its first sentence, past a lead-in line ending with a colon, at most 200 characters: what a
/// test of the answer checks, until the team trims it to the fact itself.
pub fn suggested_fact(answer: &str) -> String {
    let body = match answer.split_once('\n') {
        Some((first, rest)) if first.trim_end().ends_with(':') => rest,
        _ => answer,
    };
    let all = sentences(body);
    let chosen = all
        .iter()
        .find(|s| s.chars().any(|c| c.is_ascii_digit()))
        .or(all.first())
        .map_or("", |s| s.trim());
    chosen.chars().take(MAX_SUGGESTED_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_match_whatever_the_case_spaces_and_dashes() {
        assert!(holds_fact("Delivery takes 3 – 5\u{a0}days.", "3-5 days"));
        assert!(holds_fact("Open on SUNDAYS", "open on sundays"));
        assert!(!holds_fact("Shipping costs 4.90 euros", "5.90 euros"));
        assert!(!holds_fact("Shipping costs 14.90 euros", "4.90 euros"));
        assert!(!holds_fact("It takes 15 days", "5 days"));
        assert!(holds_fact("It takes 5 days, not 15 days", "5 days"));
        assert!(holds_fact("(4.90 euros)", "4.90 euros"));
        assert!(
            !holds_fact("anything", "  "),
            "an empty fact is never stated"
        );
    }

    #[test]
    fn the_suggested_fact_is_the_sentence_with_a_value() {
        assert_eq!(
            suggested_fact("We ship everywhere. Shipping costs 4.90 euros. Returns are free."),
            "Shipping costs 4.90 euros."
        );
        assert_eq!(
            suggested_fact("From our FAQ:\nDogs are welcome. Cats too."),
            "Dogs are welcome."
        );
        assert_eq!(suggested_fact(""), "");
    }
}
