//! A concept lexicon of the words visitors and small business sites use (prices, times,
//! places, shipping, rooms, care, food, …) in the seven languages Sotto reads, one concept a
//! line in `concepts.tsv`. It links a question to a page that says the same thing in other
//! words or in another language: "cost" to "price" and "tarif", "Hund" to "dog". Written by a
//! person from a brief, without sight of any evaluation site.
//!
//! Each site analyses the lexicon's words with its own analyser (stemmer, accent folding), so
//! that a concept's forms meet the site's indexed terms; only forms the site uses are kept.

use std::collections::HashMap;
use std::sync::LazyLock;

const SOURCE: &str = include_str!("concepts.tsv");

/// Each concept's forms in every language, each form lower-cased.
static CONCEPTS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    SOURCE
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            line.split('\t')
                .skip(1)
                .flat_map(|cell| cell.split(", "))
                .map(|form| form.trim().to_lowercase())
                .filter(|form| !form.is_empty())
                .collect()
        })
        .collect()
});

/// Most concepts one word may belong to before it is too vague to link anything.
const MAX_SENSES: usize = 4;

/// Concepts whose words only shape a request ("is it allowed", "can I bring", "do you
/// offer"): like the words naming the kind of value asked for, they say little about what the
/// question is about, and weigh as little.
const REQUEST_CONCEPTS: &[&str] = &[
    "allowed",
    "forbidden",
    "possible",
    "can",
    "bring",
    "accept",
    "offer",
    "available",
    "have",
    "want",
    "need",
    "mandatory",
];

/// The line number (0 = first concept) of each request concept.
static REQUEST_LINES: LazyLock<Vec<u32>> = LazyLock::new(|| {
    SOURCE
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .filter(|(_, line)| {
            line.split('\t')
                .next()
                .is_some_and(|name| REQUEST_CONCEPTS.contains(&name))
        })
        .map(|(number, _)| number as u32)
        .collect()
});

/// The lexicon as one site's analyser reads it.
#[derive(Default)]
pub(crate) struct SiteLexicon {
    /// An analysed one-word form → the concepts it names.
    senses: HashMap<String, Vec<u32>>,
    /// A concept → its one-word forms, analysed, that the site's pages use.
    used: HashMap<u32, Vec<String>>,
}

impl SiteLexicon {
    /// The lexicon analysed by `analyze`, keeping for each concept the forms for which
    /// `site_uses` holds.
    pub(crate) fn build(
        mut analyze: impl FnMut(&str) -> Vec<String>,
        site_uses: impl Fn(&str) -> bool,
    ) -> Self {
        let mut lexicon = SiteLexicon::default();
        for (concept, forms) in CONCEPTS.iter().enumerate() {
            let concept = concept as u32;
            for form in forms {
                let terms = analyze(form);
                let [term] = terms.as_slice() else {
                    continue;
                };
                let senses = lexicon.senses.entry(term.clone()).or_default();
                if !senses.contains(&concept) {
                    senses.push(concept);
                }
                if site_uses(term) {
                    let used = lexicon.used.entry(concept).or_default();
                    if !used.contains(term) {
                        used.push(term.clone());
                    }
                }
            }
        }
        lexicon
    }

    /// Whether `term` is a form of a concept that only shapes a request (`REQUEST_CONCEPTS`).
    pub(crate) fn shapes_a_request(&self, term: &str) -> bool {
        self.senses
            .get(term)
            .is_some_and(|senses| senses.iter().any(|s| REQUEST_LINES.contains(s)))
    }

    /// The site's terms that name a concept `term` names, `term` excluded; none for a word
    /// of too many senses.
    pub(crate) fn related(&self, term: &str) -> Vec<&str> {
        let Some(senses) = self.senses.get(term).filter(|s| s.len() <= MAX_SENSES) else {
            return Vec::new();
        };
        let mut related: Vec<&str> = Vec::new();
        for concept in senses {
            for other in self.used.get(concept).into_iter().flatten() {
                if other != term && !related.contains(&other.as_str()) {
                    related.push(other);
                }
            }
        }
        related
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowercase_words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_lowercase).collect()
    }

    #[test]
    fn every_concept_has_forms_in_seven_languages() {
        for line in SOURCE.lines().skip(1) {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), 8, "{line}");
            assert!(cells.iter().all(|c| !c.trim().is_empty()), "{line}");
        }
        assert!(CONCEPTS.len() > 300);
    }

    #[test]
    fn links_words_across_languages_to_what_the_site_says() {
        let site = ["preis", "hund", "parkplatz"];
        let lexicon = SiteLexicon::build(lowercase_words, |t| site.contains(&t));
        assert!(lexicon.related("price").contains(&"preis"));
        assert!(lexicon.related("dog").contains(&"hund"));
        assert!(lexicon.related("xyzzy").is_empty());
    }
}
