//! What the answerer needs to know about a site as a whole, gathered once when its index is
//! opened: its contact page, the text it publishes about itself (so that the names and numbers
//! it prints are not taken for a visitor's personal data), and its vocabulary with each term's
//! passage count (so that a mistyped word can be read as the site's word it is closest to).

use std::collections::{HashMap, HashSet};

use sotto_core::PageVersion;
use tantivy::collector::TopDocs;
use tantivy::query::AllQuery;
use tantivy::{Searcher, TantivyDocument};

use super::{ContactPage, Fields, Hit, IndexError, SiteIndex};

/// Words of a title or heading that mark a contact page or section; also what tells the reader
/// that a passage is where a phone number or an address belongs.
pub(crate) const CONTACT_MARKERS: &[&str] =
    &["contact", "kontakt", "yhteys", "contatt", "contacto"];

/// Words in a page title or section heading that mark quotations of customers: names there
/// are people who wrote to the business, not the business's own public names.
const QUOTATION_MARKERS: &[&str] = &[
    "testimonial",
    "guestbook",
    "guest book",
    "gästebuch",
    "gastebuch",
    "livre d'or",
    "gastenboek",
    "vieraskirja",
    "kundenmeinung",
    "meinungen",
    "customers write",
    "guests write",
    "customers say",
    "clients say",
    "guests say",
    "patients say",
    "disent",
    "sagen unsere",
    "zeggen",
    "sanovat",
    "review",
    "témoignage",
    "temoignage",
    "avis",
    "erfahrung",
    "bewertung",
    "kundenstimme",
    "ervaring",
    "recensie",
    "beoordeling",
    "kokemuk",
    "arvostelu",
    "asiakaspalaute",
    "opinion",
    "reseña",
    "testimonio",
    "recension",
    "testimonianz",
];

/// Shortest run of digits compared as a number the site publishes (phone numbers, postcodes
/// with house numbers, company numbers).
const MIN_PUBLIC_DIGITS: usize = 6;

/// The site's own published text, for telling its public names and numbers from a visitor's.
#[derive(Default)]
pub(crate) struct PublicText {
    /// Every passage but quotations, lower-cased, spaces collapsed.
    text: String,
    /// Runs of at least six digits, separators removed.
    numbers: HashSet<String>,
    /// The site's pages, each as its host (lower-cased, without `www.`) and path (without a
    /// trailing slash): [`page_key`].
    pages: HashSet<String>,
}

impl PublicText {
    fn add(&mut self, text: &str) {
        let lowered = collapse(&text.to_lowercase());
        self.numbers.extend(digit_runs(&lowered));
        if self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(&words_only(&lowered));
        self.text.push_str(" \n ");
    }

    /// Remembers one of the site's pages, for [`PublicText::links_to_itself`].
    fn add_page(&mut self, url: &str) {
        if let Some(key) = page_key(url) {
            self.pages.insert(key);
        }
    }

    /// Whether `link` (a detected URL, with or without its scheme) is one of the site's own
    /// pages, without a query: another page of the same host (a profile, a reset link with
    /// its token in the path, a page of a shared host) is not.
    pub(crate) fn links_to_itself(&self, link: &str) -> bool {
        page_key(link).is_some_and(|key| self.pages.contains(&key))
    }

    /// Whether `fragment` (a detected name, number or address) is printed on the site.
    pub(crate) fn contains(&self, fragment: &str) -> bool {
        let lowered = collapse(&fragment.to_lowercase());
        let digits: String = lowered.chars().filter(char::is_ascii_digit).collect();
        let letters = lowered.chars().filter(|c| c.is_alphabetic()).count();
        if digits.len() >= MIN_PUBLIC_DIGITS && digits.len() > letters {
            // A number (phone, company number): compared by its digits alone.
            let international = digits.trim_start_matches('0');
            return self.numbers.iter().any(|n| {
                let n = n.trim_start_matches('0');
                n == international
                    || (n.len() >= 8 && international.ends_with(n))
                    || (international.len() >= 8 && n.ends_with(international))
            });
        }
        // Whole words only: "Ann" is not printed in "planning", "Hauptstraße 1" not in
        // "Hauptstraße 12".
        let words = words_only(&lowered);
        words.chars().count() >= 3 && self.text.contains(&format!(" {words} "))
    }
}

/// A page's host, lower-cased and without `www.`, and its path without a trailing slash
/// ("WWW.Shop.example/rdv/" → "shop.example/rdv"); none for a link with a query, a user name or
/// a port, which no page of the site is.
fn page_key(link: &str) -> Option<String> {
    let absolute = if link.contains("://") {
        link.to_owned()
    } else {
        format!("https://{link}")
    };
    let url = url::Url::parse(&absolute).ok()?;
    if url.query().is_some() || !url.username().is_empty() || url.port().is_some() {
        return None;
    }
    let host = url.host_str()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    Some(format!("{host}{}", url.path().trim_end_matches('/')))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words and numbers of `text`, separated by single spaces (punctuation dropped).
fn words_only(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs of digits with their usual separators (spaces, dots, dashes, slashes, brackets, a
/// leading plus) taken as one number.
fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    let mut gap = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            current.push(c);
            gap = 0;
        } else if !current.is_empty() && matches!(c, ' ' | '.' | '-' | '/' | '(' | ')') && gap == 0
        {
            gap += 1;
        } else {
            if current.len() >= MIN_PUBLIC_DIGITS {
                runs.push(std::mem::take(&mut current));
            }
            current.clear();
            gap = 0;
        }
    }
    if current.len() >= MIN_PUBLIC_DIGITS {
        runs.push(current);
    }
    runs
}

/// What one pass over a site's passages finds.
pub(crate) struct SiteFacts {
    pub(crate) contact: Option<ContactPage>,
    /// The version of each stored page, by URL.
    pub(crate) versions: HashMap<String, PageVersion>,
    pub(crate) public: PublicText,
    pub(crate) vocabulary: HashMap<String, u32>,
    /// Every word the site writes, by its spelling key, with its analysed term.
    pub(crate) words: HashMap<String, String>,
}

/// How a word is compared when it may be misspelt: lower-cased, accents folded, and German's
/// typed-out umlauts (`ae`, `oe`, `ue`) read as the letter they stand for.
pub fn spelling_key(word: &str) -> String {
    crate::language::fold(&word.replace('ß', "ss"))
        .replace("ae", "a")
        .replace("oe", "o")
        .replace("ue", "u")
}

impl SiteFacts {
    pub(crate) fn gather(index: &SiteIndex, searcher: &Searcher) -> Result<Self, IndexError> {
        let all = searcher.search(&AllQuery, &TopDocs::with_limit(100_000).order_by_score())?;
        let mut contact: Option<ContactPage> = None;
        let mut versions = HashMap::new();
        let mut public = PublicText::default();
        let mut words: HashMap<String, String> = HashMap::new();
        for (_, address) in all {
            let doc: TantivyDocument = searcher.doc(address)?;
            let hit = index.hit(&doc, 0.0);
            versions.extend(index.page_version(&doc));
            consider_contact(&hit, &mut contact);
            public.add_page(&hit.url);
            let text = format!("{}\n{}\n{}", hit.title, hit.heading, hit.text);
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                if word.chars().count() < 4 || word.chars().any(|c| c.is_ascii_digit()) {
                    continue;
                }
                if let std::collections::hash_map::Entry::Vacant(entry) =
                    words.entry(spelling_key(word))
                    && let Some(term) = index.analyze(word).into_iter().next()
                {
                    entry.insert(term);
                }
            }
            if !is_quotation(&hit) {
                public.add(&text);
            }
        }
        Ok(Self {
            contact,
            versions,
            public,
            vocabulary: vocabulary(searcher, &index.fields)?,
            words,
        })
    }
}

fn consider_contact(hit: &Hit, best: &mut Option<ContactPage>) {
    let path = hit.url.to_lowercase();
    let title = hit.title.to_lowercase();
    if CONTACT_MARKERS
        .iter()
        .any(|m| path.contains(m) || title.contains(m))
        && best.as_ref().is_none_or(|b| hit.url.len() < b.url.len())
    {
        *best = Some(ContactPage {
            url: hit.url.clone(),
            title: hit.title.clone(),
        });
    }
}

fn is_quotation(hit: &Hit) -> bool {
    let context = format!("{} {}", hit.title, hit.heading).to_lowercase();
    QUOTATION_MARKERS.iter().any(|m| context.contains(m))
}

/// Every analysed term of the flat field with the number of passages holding it.
fn vocabulary(searcher: &Searcher, fields: &Fields) -> Result<HashMap<String, u32>, IndexError> {
    let mut terms: HashMap<String, u32> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(fields.flat)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *terms.entry(term.to_owned()).or_default() += stream.value().doc_freq;
            }
        }
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_numbers_match_whatever_their_separators() {
        let mut public = PublicText::default();
        public.add(
            "Call us on 02 345 67 89 or +43 5352 123 45. Dr Sophie Vandermeulen works on Mondays.",
        );
        assert!(public.contains("02/345.67.89"));
        assert!(public.contains("0234567 89"));
        assert!(
            public.contains("+32 2 345 67 89"),
            "the international form of a national number"
        );
        assert!(public.contains("05352 12345"));
        assert!(!public.contains("0470 12 34 56"));
        assert!(public.contains("Sophie Vandermeulen"));
        public.add_page("https://www.cabinet.example/rdv");
        assert!(public.links_to_itself("https://cabinet.example/rdv/"));
        assert!(public.links_to_itself("WWW.Cabinet.example/rdv"));
        assert!(!public.links_to_itself("https://cabinet.example/rdv?x=1"));
        assert!(!public.links_to_itself("https://cabinet.example/reset/4f1c2e8b7d"));
        assert!(!public.links_to_itself("https://cabinet.example@evil.example/rdv"));
        assert!(!public.links_to_itself("https://cabinet.example:8443/rdv"));
        assert!(!public.links_to_itself("https://other.example/rdv"));
        assert!(public.contains("vandermeulen"));
        assert!(!public.contains("Jean Dupont"));
        public.add("We are closed for planning on Hauptstraße 12.");
        assert!(!public.contains("Ann"), "not inside a word");
        assert!(
            !public.contains("Hauptstraße 1"),
            "not a prefix of a number"
        );
        public.add("Our showroom: 14 rue des Jardins, 69002 Lyon, France.");
        assert!(
            public.contains("14 rue des Jardins, 69002 Lyon"),
            "an address is text"
        );
    }

    #[test]
    fn spelling_keys_fold_accents_and_typed_out_umlauts() {
        assert_eq!(spelling_key("Diätfutter"), spelling_key("Diaetfutter"));
        assert_eq!(spelling_key("Öffnungszeiten"), "offnungszeiten");
        assert_eq!(spelling_key("Crème"), "creme");
        assert_eq!(spelling_key("Straße"), "strasse");
    }

    #[test]
    fn quotations_are_not_public_names() {
        let hit = |heading: &str| Hit {
            url: "https://s/".into(),
            title: "Home".into(),
            heading: heading.into(),
            text: "Hélène: very kind staff".into(),
            passage: 0,
            score: 0.0,
            similarity: None,
            language: crate::Language::En,
        };
        assert!(is_quotation(&hit("Ce que disent nos patients : avis")));
        assert!(is_quotation(&hit("Testimonials")));
        assert!(!is_quotation(&hit("Our team")));
    }
}
