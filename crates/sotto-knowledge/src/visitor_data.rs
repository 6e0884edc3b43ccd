//! A visitor's personal data in what they typed, as opposed to the site's own public names:
//! the detectors find every name, number and address; those the site prints on its own pages
//! (its staff on the team page, its phone numbers, its address; not customers quoted in
//! testimonials) are public, and stay in the question for retrieval, for the model and in
//! storage. "Which days does Dr Vandermeulen work?" is then searched with the dentist's name.

use sotto_pii::{Detector, Entity, EntityType};

use crate::index::SiteIndex;

/// The kinds of personal data a site publishes about itself: its people, phone numbers,
/// addresses and e-mail addresses. Card numbers, IBANs, national ids, birth dates and the
/// tenant's own sensitive patterns and terms are never exempted; a link only when it is one
/// of the site's own pages ([`SiteIndex::links_to_itself`]) and carries no secret.
const PUBLISHED_KINDS: [EntityType; 4] = [
    EntityType::Person,
    EntityType::Phone,
    EntityType::PostalAddress,
    EntityType::Email,
];

/// The entities of `text` that are the visitor's own: detected, and not published by the site.
pub fn visitor_entities(detector: &Detector, index: &SiteIndex, text: &str) -> Vec<Entity> {
    detector
        .detect(text)
        .into_iter()
        .filter(|entity| {
            let fragment = || -> String {
                text.chars()
                    .skip(entity.start)
                    .take(entity.end.saturating_sub(entity.start))
                    .collect()
            };
            if entity.kind == EntityType::Url {
                // "The form at https://shop.example/rdv fails": the site's own page.
                let link = fragment();
                return sotto_pii::carries_secret(&link) || !index.links_to_itself(&link);
            }
            if !PUBLISHED_KINDS.contains(&entity.kind) {
                return true;
            }
            let fragment = fragment();
            !(index.publishes(&fragment)
                || (entity.kind == EntityType::Person && every_word_published(index, &fragment))
                || (entity.kind == EntityType::PostalAddress && street_published(index, &fragment)))
        })
        .collect()
}

/// Whether each word of a name is printed on the site, as written or in its dictionary form
/// ([`sotto_pii::name_forms`]: "Kiitos Ainolle" where the site writes "Aino"), as when "Josef
/// and Theresia Hainzer" are asked about where the site writes "Theresia" and "the Hainzer
/// family" apart. A visitor who shares both a first name and the surname of the site's people
/// is taken for them.
fn every_word_published(index: &SiteIndex, name: &str) -> bool {
    let mut words = name.split_whitespace().peekable();
    words.peek().is_some()
        && words.all(|word| {
            sotto_pii::name_forms(word)
                .iter()
                .any(|form| index.publishes(form))
        })
}

/// Whether an address is the site's street and house number (its part before the first comma,
/// printed on the site) with nothing after them but a postcode and town: the visitor who asks
/// whether the shop is still at "Rue de la Loi 61, 1040 Brussels" names the shop's address
/// where the site leaves out the postcode; "Lindenstr. 8b, 3. OG rechts" is a flat in the
/// same building, the visitor's.
fn street_published(index: &SiteIndex, address: &str) -> bool {
    let Some((street, rest)) = address.split_once(',') else {
        return false;
    };
    let postcode_and_town = !rest.contains(',')
        && rest
            .split_whitespace()
            .next()
            .is_some_and(|first| first.chars().filter(char::is_ascii_digit).count() >= 4);
    postcode_and_town && index.publishes(street.trim())
}
