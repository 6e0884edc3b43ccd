//! A question's terms as the site's index reads them, each with the site's words that may
//! stand for it: itself when the site uses it, the site's words for the same concept (another
//! wording, another language: the lexicon), and, for a word the site never uses, the site's
//! word it is a typing mistake of. Words that only say what kind of value is asked for
//! ("cost", "how long", "when") are cues: they weigh little, so that a question is judged by
//! its topic ("Spain", "shipping"), not by words pages never use.

use std::collections::HashSet;

use super::question::fold;
use crate::index::{SiteIndex, spelling_key};
use crate::language::Language;
use crate::stop_words;

/// How much a word the site uses for the same concept counts, against the question's own.
const RELATED: f32 = 0.7;
/// How much the site's word nearest to a mistyped one counts.
const CORRECTED: f32 = 0.8;
/// Stems this short merge unrelated words (French "garer", to park, and "gare", station):
/// when stemming cut a longer word down to one, the site's words for the same concept count
/// more than the stem itself.
const SHORT_STEM: usize = 3;
/// How much a match on such a stem counts.
const AMBIGUOUS: f32 = 0.5;
/// Most words of a message read as the question.
const MAX_TERMS: usize = 32;
/// How much a cue word weighs, against a topic word of the same rarity.
const CUE_WEIGHT: f32 = 0.25;

/// Word starts (folded) of words that only say what kind of answer is wanted.
const CUE_STEMS: &[&str] = &[
    "price", "cost", "much", "many", "take", "fee", "charge", "time", "open", "close", "hour",
    "when", "phone", "number", "call", "minimum", "maximum", "prix", "cout", "combien", "tarif",
    "temps", "delai", "quand", "heure", "horaire", "ouvert", "ouvr", "ferme", "telephon", "numero",
    "appeler", "preis", "kost", "viel", "lange", "dauer", "wann", "uhr", "offnung", "geoffnet",
    "telefon", "nummer", "anruf", "prijs", "hoeveel", "duur", "wanneer", "bellen", "hinta",
    "paljon", "maksa", "kauan", "milloin", "aukio", "puhelin", "soit", "precio", "cuanto",
    "cuesta", "tiempo", "cuando", "hora", "abiert", "prezzo", "quanto", "costa", "tempo", "quando",
    "orari", "apert", "address", "adress", "adres", "osoit", "direcc", "indirizz", "endereco",
    "locat", "sijait", "befind",
];
/// Whole words (folded) that only say what kind of answer is wanted, or are politeness and
/// forms of address: matched exactly, so that "hi" does not take "hiking" with it.
const CUE_WORDS: &[&str] = &[
    "long",
    "old",
    "exact",
    "exactly",
    "exactement",
    "precies",
    "genau",
    "zit",
    "zitten",
    "gps",
    "far",
    "age",
    "lang",
    "laat",
    "auki",
    "hello",
    "hi",
    "hey",
    "please",
    "thanks",
    "bonjour",
    "salut",
    "merci",
    "svp",
    "hallo",
    "guten",
    "tag",
    "bitte",
    "danke",
    "hoi",
    "dag",
    "graag",
    "hei",
    "moi",
    "kiitos",
    "hola",
    "gracias",
    "ciao",
    "grazie",
    "buongiorno",
    "name",
    "nom",
    "naam",
    "nimi",
    "nome",
    "know",
    "tell",
    "want",
    "like",
    "need",
    "question",
    "info",
    "information",
    "savoir",
    "voudrais",
    "wissen",
    "mochte",
    "frage",
    "weten",
    "vraag",
    "haluaisin",
    "tietaa",
    "saber",
    "sapere",
    "ihr",
    "jullie",
    "teilla",
    "vous",
    "usted",
    "voi",
];

fn is_cue(folded: &str) -> bool {
    CUE_WORDS.contains(&folded) || CUE_STEMS.iter().any(|c| folded.starts_with(c))
}

/// One word of the question and what may stand for it on the site.
#[derive(Debug, Clone)]
pub(crate) struct QueryTerm {
    /// The word as the index analyses it.
    pub(crate) term: String,
    /// The word as written, lower-cased.
    word: String,
    /// The site's terms that count for it, each with how much.
    pub(crate) alternatives: Vec<(String, f32)>,
    /// Its weight in the question: its rarity on the site, less for a cue.
    pub(crate) weight: f32,
    /// Whether it only names the kind of value asked for.
    pub(crate) cue: bool,
}

/// A question as the site's index reads it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query {
    pub(crate) terms: Vec<QueryTerm>,
}

impl Query {
    /// The question `text`, in `language` when it is known, read against `index`.
    pub(crate) fn read(index: &SiteIndex, text: &str, language: Option<Language>) -> Self {
        let mut seen: HashSet<String> = HashSet::new();
        let mut terms: Vec<QueryTerm> = Vec::new();
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 1 || w.chars().all(|c| c.is_ascii_digit()))
        {
            let lowered = word.to_lowercase();
            if language.is_some_and(|l| stop_words::is_stop_word(l, &lowered)) {
                continue;
            }
            let Some(term) = index.analyze(&lowered).into_iter().next() else {
                continue;
            };
            if index.passages_with(&term) == 0
                && Language::ALL
                    .into_iter()
                    .any(|l| stop_words::is_stop_word(l, &lowered))
            {
                // A small word of another language ("wir", "il", "our") the site never
                // writes says nothing about the topic, whatever language the question is in.
                continue;
            }
            if !seen.insert(term.clone()) {
                continue;
            }
            let folded = fold(&lowered);
            let cue = is_cue(&folded) || index.shapes_a_request(&term);
            let ambiguous = term.chars().count() <= SHORT_STEM
                && lowered.chars().count() > term.chars().count() + 1;
            if terms.len() == MAX_TERMS {
                // A 4,000-character message is not a question; its first words are enough.
                break;
            }
            terms.push(Self::term(index, term, &lowered, cue, ambiguous));
        }

        Query { terms }
    }

    fn term(index: &SiteIndex, term: String, word: &str, cue: bool, ambiguous: bool) -> QueryTerm {
        let passages = index.passage_count() as f32;
        let rarity = |df: u32| (1.0 + (passages - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
        let own = index.passages_with(&term);
        let mut alternatives: Vec<(String, f32)> = Vec::new();
        if own > 0 {
            let factor = if ambiguous { AMBIGUOUS } else { 1.0 };
            alternatives.push((term.clone(), factor));
        } else if index.related_terms(&term).is_empty()
            && let Some(near) = nearest_term(index, word)
        {
            // Only a word the lexicon does not know is read as a typing mistake: Italian
            // "cane" is a dog, not a misspelt "cafe".
            alternatives.push((near, CORRECTED));
        }
        let anchor = alternatives
            .first()
            .map_or(term.clone(), |(t, _)| t.clone());
        for related in index.related_terms(&anchor) {
            if !alternatives.iter().any(|(t, _)| t == related) {
                alternatives.push((related.to_owned(), RELATED));
            }
        }
        let df = alternatives
            .iter()
            .map(|(t, _)| index.passages_with(t))
            .max()
            .unwrap_or(0);
        let weight = rarity(df) * if cue { CUE_WEIGHT } else { 1.0 };
        QueryTerm {
            term,
            word: word.to_owned(),
            alternatives,
            weight,
            cue,
        }
    }

    /// The weighted share of the question that `present` (a text's analysed terms) covers.
    pub(crate) fn coverage(&self, present: &HashSet<String>) -> f32 {
        share_covered(self.terms.iter(), present)
    }

    /// The weighted share of the question's topic that `present` covers: its cue words left
    /// out, unless they are all it has.
    pub(crate) fn topic_coverage(&self, present: &HashSet<String>) -> f32 {
        if self.only_cues() {
            // "Opening hours?": the cue words are all the topic there is.
            return self.coverage(present);
        }
        share_covered(self.terms.iter().filter(|t| !t.cue), present)
    }

    /// The question with each term weighed by its rarity in `index` instead (same analysis):
    /// how much a word says about the topic on a whole site, rather than in the small
    /// collection it was read against.
    pub(crate) fn weighed_by(mut self, index: &SiteIndex) -> Self {
        let passages = index.passage_count() as f32;
        for term in &mut self.terms {
            let df = index.passages_with(&term.term) as f32;
            let rarity = (1.0 + (passages - df + 0.5) / (df + 0.5)).ln();
            term.weight = rarity * if term.cue { CUE_WEIGHT } else { 1.0 };
        }
        self
    }

    /// The question with each word also standing for the words of `index` spelt nearly like
    /// it, as a typing mistake would be read: across languages these are mostly the same word
    /// ("hygienist" and "hygiéniste", "reservation" and "Reservierung" cut to its stem), so a
    /// question in one language covers a text in another. For a small collection (approved
    /// answers), whose few words cannot be confused by chance as a whole site's can.
    pub(crate) fn with_cognates(mut self, index: &SiteIndex) -> Self {
        for term in &mut self.terms {
            for near in near_terms(index, &term.word) {
                if !term.alternatives.iter().any(|(t, _)| *t == near) {
                    term.alternatives.push((near, CORRECTED));
                }
            }
        }
        self
    }

    /// Whether the question only names the kind of value it wants ("phone number?").
    pub(crate) fn only_cues(&self) -> bool {
        self.terms.iter().all(|t| t.cue)
    }

    /// Every term to search for, with its boost.
    pub(crate) fn search_terms(&self) -> Vec<(String, f32)> {
        let mut out: Vec<(String, f32)> = Vec::new();
        for term in &self.terms {
            for (alternative, factor) in &term.alternatives {
                let boost = factor * if term.cue { CUE_WEIGHT } else { 1.0 };
                match out.iter_mut().find(|(t, _)| t == alternative) {
                    Some((_, b)) => *b = b.max(boost),
                    None => out.push((alternative.clone(), boost)),
                }
            }
        }
        out
    }
}

/// The weighted share of `terms` that `present` covers, each term by its best alternative.
fn share_covered<'a>(
    terms: impl Iterator<Item = &'a QueryTerm> + Clone,
    present: &HashSet<String>,
) -> f32 {
    let total: f32 = terms.clone().map(|t| t.weight).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let covered: f32 = terms
        .map(|t| {
            let found = t
                .alternatives
                .iter()
                .filter(|(term, _)| present.contains(term))
                .map(|(_, factor)| *factor)
                .fold(0.0, f32::max);
            t.weight * found
        })
        .sum();
    covered / total
}

/// The site's term for the word it writes closest to `word` as typed, by edit distance on
/// their spelling keys (accents and typed-out umlauts folded): the same word written without
/// accents ("Diaetfutter" for "Diätfutter"), else one edit away (two from nine letters), from
/// the same first letter, the most used term among equals; none for short words. Stricter
/// than a spelling corrector: a wrong correction ("Wetter" read as "weiter") turns an
/// off-topic question into a confident answer.
fn nearest_term(index: &SiteIndex, word: &str) -> Option<String> {
    let mut best: Option<(usize, u32, &str)> = None;
    for (distance, term) in spelt_alike(index, word) {
        let passages = index.passages_with(term);
        let better = match best {
            None => true,
            Some((d, p, _)) => distance < d || (distance == d && passages > p),
        };
        if better {
            best = Some((distance, passages, term));
        }
    }
    best.map(|(_, _, t)| t.to_owned())
}

/// Every term of `index` whose word is spelt like `word` but differently (see
/// [`nearest_term`] for how near), from five letters: shorter words of two languages
/// ("chat", "chap") are too often unrelated.
fn near_terms(index: &SiteIndex, word: &str) -> Vec<String> {
    if word.chars().count() < 5 {
        return Vec::new();
    }
    let mut near: Vec<String> = spelt_alike(index, word)
        .into_iter()
        .filter(|(distance, _)| *distance > 0)
        .map(|(_, term)| term.to_owned())
        .collect();
    near.sort();
    near.dedup();
    near
}

/// The words of `index` (with their terms) within typing-mistake distance of `word`, by
/// their spelling keys: one edit, two from nine letters, from the same first letter; none for
/// words under four letters or with digits.
fn spelt_alike<'i>(index: &'i SiteIndex, word: &str) -> Vec<(usize, &'i str)> {
    let key = spelling_key(word);
    let length = key.chars().count();
    if length < 4 || key.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let most = if length >= 9 { 2 } else { 1 };
    let first = key.chars().next();
    index
        .words()
        .filter(|(candidate, _)| {
            candidate.chars().count().abs_diff(length) <= most && candidate.chars().next() == first
        })
        .map(|(candidate, term)| (edit_distance(&key, candidate), term))
        .filter(|(distance, _)| *distance <= most)
        .collect()
}

/// Levenshtein distance with adjacent transpositions (optimal string alignment).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("shipping", "shiping"), 1);
        assert_eq!(edit_distance("delivery", "deliveyr"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
