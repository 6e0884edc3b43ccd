//! How a key fact is found in an answer: the answer benchmark's judge and a site's own answer
//! tests match a fact the same way, so a test passes exactly when the benchmark would count the
//! fact as given.

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

/// Whether `text` states `fact`, as [`normalized`] reads both; an empty fact is never stated.
pub fn holds_fact(text: &str, fact: &str) -> bool {
    let fact = normalized(fact);
    !fact.is_empty() && normalized(text).contains(&fact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_match_whatever_the_case_spaces_and_dashes() {
        assert!(holds_fact("Delivery takes 3 – 5\u{a0}days.", "3-5 days"));
        assert!(holds_fact("Open on SUNDAYS", "open on sundays"));
        assert!(!holds_fact("Shipping costs 4.90 euros", "5.90 euros"));
        assert!(
            !holds_fact("anything", "  "),
            "an empty fact is never stated"
        );
    }
}
