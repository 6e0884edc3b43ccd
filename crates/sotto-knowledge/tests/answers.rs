//! The built-in answerer on pages written for these tests, one test per way answers used to
//! go wrong: a relevance signal drowned by question words, sentences chosen by shared words
//! instead of by what was asked, tables cut into cells, sentences split at dates, stems merging
//! unrelated words, typos, another language than the page's, the site's public names, and an
//! address asked for.

use sotto_knowledge::import::read_page;
use sotto_knowledge::visitor_data::visitor_entities;
use sotto_knowledge::{AnswerKind, ExtractiveAnswerer, IndexRegistry, Language, Page, SiteIndex};

fn site(
    language: Language,
    files: &[(&str, &str)],
) -> (tempfile::TempDir, std::sync::Arc<SiteIndex>) {
    let pages_dir = tempfile::tempdir().unwrap();
    let mut pages: Vec<Page> = Vec::new();
    for (name, html) in files {
        let path = pages_dir.path().join(name);
        std::fs::write(&path, html).unwrap();
        pages.push(
            read_page(pages_dir.path(), &path, Some("https://site.example"))
                .unwrap()
                .unwrap(),
        );
    }
    let index_dir = tempfile::tempdir().unwrap();
    let index = IndexRegistry::new(index_dir.path())
        .rebuild("site", language, 1, &pages)
        .unwrap();
    drop(pages_dir);
    (index_dir, index)
}

fn page(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<html lang=\"{lang}\"><head><title>{title}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/contact.html\">Contact</a></nav>\
         <main><h1>{title}</h1>{body}</main>\
         <footer>© Tuinhuis Verde · All rights reserved</footer></body></html>"
    )
}

fn shop() -> (tempfile::TempDir, std::sync::Arc<SiteIndex>) {
    site(
        Language::En,
        &[
            (
                "shipping.html",
                &page(
                    "en",
                    "Shipping",
                    "<h2>Delivery times</h2><p>Parcels to Spain arrive within 4 working days. \
                     Parcels to Finland arrive within 6 working days.</p>\
                     <h2>Saturdays</h2><p>We do not deliver on Saturdays or Sundays. \
                     Our couriers work Monday to Friday.</p>",
                ),
            ),
            (
                "payment.html",
                &page(
                    "en",
                    "Payment",
                    "<p>We accept Visa, Mastercard and PayPal. We never see or store your full \
                     card number.</p>",
                ),
            ),
            (
                "showroom.html",
                &page(
                    "en",
                    "Showroom",
                    "<h2>Opening hours</h2><table><tr><th>Day</th><th>Hours</th></tr>\
                     <tr><td>Monday to Friday</td><td>9:00–18:00</td></tr>\
                     <tr><td>Saturday</td><td>10:00–17:00</td></tr>\
                     <tr><td>Sunday</td><td>11:00–15:00</td></tr></table>\
                     <p>The showroom is at Korenmarkt 12, Ghent.</p>",
                ),
            ),
            (
                "contact.html",
                &page(
                    "en",
                    "Contact",
                    "<p>Call us on +32 9 234 56 78 from Monday to Friday. Write to \
                     hello@verde.example.</p>",
                ),
            ),
            (
                "team.html",
                &page(
                    "en",
                    "Our team",
                    "<p>Dr. Ingrid Maes runs the plant clinic on Tuesdays and Thursdays. \
                     Tom Peeters packs every order.</p><h2>What customers say</h2>\
                     <p>“Lovely plants!” — Hélène Dubois</p>",
                ),
            ),
        ],
    )
}

fn ask(index: &SiteIndex, question: &str) -> sotto_knowledge::Answer {
    ExtractiveAnswerer::default()
        .answer(index, question)
        .unwrap()
}

#[test]
fn question_words_do_not_outweigh_the_topic() {
    let (_dir, index) = shop();
    let answer = ask(&index, "How long does shipping to Spain take?");
    assert_eq!(answer.kind, AnswerKind::Answered, "{answer:?}");
    assert!(
        answer
            .text
            .starts_with("Parcels to Spain arrive within 4 working days."),
        "{}",
        answer.text
    );
    assert_eq!(
        answer.citations[0].url,
        "https://site.example/shipping.html"
    );
}

#[test]
fn sentences_are_chosen_by_what_was_asked() {
    let (_dir, index) = shop();
    let phone = ask(&index, "What's your phone number?");
    assert!(phone.text.contains("+32 9 234 56 78"), "{}", phone.text);
    assert!(!phone.text.contains("card number"), "{}", phone.text);

    let saturday = ask(&index, "Do you deliver on Saturdays?");
    assert!(
        saturday.text.starts_with("We do not deliver on Saturdays"),
        "{}",
        saturday.text
    );
    assert!(
        !saturday.text.contains("10:00"),
        "no showroom hours: {}",
        saturday.text
    );
    assert!(
        saturday.text.split_whitespace().count() <= 20,
        "not padded: {}",
        saturday.text
    );
}

#[test]
fn table_rows_answer_with_their_header() {
    let (_dir, index) = shop();
    let answer = ask(&index, "What are your hours on Sunday?");
    assert_eq!(answer.text, "Sunday: 11:00–15:00.");
    assert_eq!(
        answer.citations[0].url,
        "https://site.example/showroom.html"
    );
}

#[test]
fn a_day_of_the_month_does_not_end_a_sentence() {
    let (_dir, index) = site(
        Language::De,
        &[(
            "kurse.html",
            &page(
                "de",
                "Kurse",
                "<p>Der Töpferkurs am 28. Juni kostet 45 € pro Person. Anmeldung bis zum 20. Juni.</p>",
            ),
        )],
    );
    let answer = ask(&index, "Was kostet der Töpferkurs?");
    assert!(
        answer
            .text
            .starts_with("Der Töpferkurs am 28. Juni kostet 45 € pro Person."),
        "{}",
        answer.text
    );
}

#[test]
fn stems_do_not_merge_parking_with_the_station() {
    let (_dir, index) = site(
        Language::Fr,
        &[(
            "acces.html",
            &page(
                "fr",
                "Accès",
                "<p>La gare du Midi est à 15 minutes en tram.</p>\
                 <p>Le parking Flagey se trouve à deux minutes à pied du cabinet.</p>",
            ),
        )],
    );
    let answer = ask(&index, "Où est-ce qu'on peut se garer ?");
    assert!(
        answer.text.starts_with("Le parking Flagey"),
        "{}",
        answer.text
    );
}

#[test]
fn typing_mistakes_are_read_as_the_sites_words() {
    let (_dir, index) = shop();
    let answer = ask(&index, "how long does shiping to Spian take");
    assert_eq!(answer.kind, AnswerKind::Answered, "{answer:?}");
    assert!(answer.text.contains("4 working days"), "{}", answer.text);

    let (_dir, index) = site(
        Language::De,
        &[(
            "futter.html",
            &page(
                "de",
                "Futter",
                "<p>Diätfutter bestellen Sie bis Donnerstag 12:00 Uhr für die nächste Woche.</p>\
                 <p>Unsere Praxis liegt am Luisenhof.</p>",
            ),
        )],
    );
    let answer = ask(&index, "Bis wann muss ich Diaetfutter bestelen?");
    assert!(
        answer
            .text
            .starts_with("Diätfutter bestellen Sie bis Donnerstag"),
        "typed-out umlaut and a missing letter: {answer:?}"
    );
}

#[test]
fn another_language_gets_the_page_quoted_under_a_line_in_its_own() {
    let (_dir, index) = site(
        Language::En,
        &[
            (
                "rooms.html",
                &page(
                    "en",
                    "Rooms",
                    "<p>All rooms have a balcony and free wifi.</p>",
                ),
            ),
            (
                "hausordnung.html",
                &page(
                    "de",
                    "Hausordnung",
                    "<p>Hunde sind beim Frühstück leider nicht erlaubt. Die Nachtruhe beginnt um 22:00 Uhr.</p>",
                ),
            ),
        ],
    );
    let answer = ask(&index, "Are dogs allowed at breakfast?");
    assert_eq!(answer.kind, AnswerKind::Answered, "{answer:?}");
    let (note, quote) = answer
        .text
        .split_once('\n')
        .expect("a line above the quote");
    assert_eq!(
        note,
        "This page is in another language; here is what it says:"
    );
    assert!(
        quote.starts_with("Hunde sind beim Frühstück leider nicht erlaubt."),
        "{quote}"
    );
    assert_eq!(
        answer.citations[0].url,
        "https://site.example/hausordnung.html"
    );

    let unknown = ask(&index, "Wie ist das Wetter morgen in Wien?");
    assert_eq!(unknown.kind, AnswerKind::Unknown);
    assert!(
        unknown.text.starts_with("Das weiß ich nicht"),
        "declined in German: {}",
        unknown.text
    );
}

#[test]
fn off_topic_questions_are_declined() {
    let (_dir, index) = shop();
    for question in [
        "What is the capital of Peru?",
        "Do you sell bananas?",
        "Write me a poem about cats",
    ] {
        assert_eq!(
            ask(&index, question).kind,
            AnswerKind::Unknown,
            "{question}"
        );
    }
}

#[test]
fn the_sites_public_names_are_not_the_visitors_personal_data() {
    let (_dir, index) = shop();
    let text = "Hi, my name is Hélène Dubois (+32 470 12 34 56). Is Dr. Ingrid Maes there on Tuesdays? Or should I call +32 9 234 56 78?";
    let kept = visitors_own(&index, text);
    assert!(
        kept.iter().any(|e| e.contains("470")),
        "the visitor's own number: {kept:?}"
    );
    assert!(
        !kept.iter().any(|e| e.contains("Maes")),
        "the site's staff: {kept:?}"
    );
    assert!(
        !kept.iter().any(|e| e.contains("234 56 78")),
        "the site's number: {kept:?}"
    );
    assert!(
        kept.iter().any(|e| e.contains("Dubois")),
        "the visitor's own name, though quoted in a testimonial: {kept:?}"
    );

    let answer = ask(&index, "Which days is Dr. Ingrid Maes there?");
    assert!(
        answer.text.contains("Tuesdays and Thursdays"),
        "{}",
        answer.text
    );
}

#[test]
fn an_address_question_reads_the_contact_page_for_a_street_and_number() {
    let (_dir, index) = site(
        Language::Nl,
        &[
            (
                "contact.html",
                &page(
                    "nl",
                    "Contact",
                    "<p>Je vindt ons aan de Oudegracht 123, 3511 AB Utrecht.</p>\
                     <p>Bel ons op 030 231 47 85.</p>",
                ),
            ),
            (
                "reparaties.html",
                &page(
                    "nl",
                    "Reparaties",
                    "<p>Een band plakken kost € 12,50. We zitten dicht bij het station.</p>",
                ),
            ),
        ],
    );
    let answer = ask(&index, "Waar zitten jullie precies?");
    assert_eq!(answer.kind, AnswerKind::Answered, "{answer:?}");
    assert!(answer.text.contains("Oudegracht 123"), "{}", answer.text);
    assert_eq!(answer.citations[0].url, "https://site.example/contact.html");
}

#[test]
fn a_minimum_before_its_number_does_not_end_a_sentence() {
    let (_dir, index) = site(
        Language::En,
        &[(
            "rooms.html",
            &page(
                "en",
                "Rooms",
                "<ul><li>Minimum stay: winter 3 nights. Christmas and New Year: min. 7 nights.</li></ul>",
            ),
        )],
    );
    let answer = ask(&index, "How many nights at Christmas and New Year?");
    assert!(
        answer
            .text
            .contains("Christmas and New Year: min. 7 nights."),
        "{}",
        answer.text
    );
}

#[test]
fn a_name_whose_every_word_the_site_prints_is_the_sites_own() {
    let (_dir, index) = site(
        Language::En,
        &[(
            "about.html",
            &page(
                "en",
                "About us",
                "<p>The Hainzer family has run the guesthouse since 1968. Today Theresia \
                 welcomes you at the front desk.</p>",
            ),
        )],
    );
    let text = "When did Theresia Hainzer take over? Greetings, Marta Kowalczyk";
    let kept = visitors_own(&index, text);
    assert_eq!(
        kept,
        ["Marta Kowalczyk"],
        "the hosts stay, the visitor goes"
    );
}

#[test]
fn the_sites_own_street_is_public_with_any_postcode_and_a_visitors_is_not() {
    let (_dir, index) = site(
        Language::Nl,
        &[(
            "contact.html",
            &page(
                "nl",
                "Contact",
                "<p>Je vindt ons aan de Oudegracht 123 in Utrecht.</p>",
            ),
        )],
    );
    let text = "Zitten jullie nog op Oudegracht 123, 3511 AB Utrecht? Ik woon op Biltstraat 40, 3572 BK Utrecht.";
    let kept = visitors_own(&index, text);
    assert_eq!(
        kept,
        ["Biltstraat 40, 3572 BK Utrecht"],
        "the shop's street stays, the visitor's address goes"
    );
}

#[test]
fn a_staff_name_in_another_case_is_still_the_sites_own() {
    let (_dir, index) = site(
        Language::Fi,
        &[(
            "tiimi.html",
            &page(
                "fi",
                "Tiimi",
                "<p>Ompelimoa vetää Aino Mäkelä. Myymälässä palvelee Elina Virtanen.</p>",
            ),
        )],
    );
    let text = "Kiitos Ainolle avusta! Puhuin myös Elina Virtasen kanssa. Terveisin Liisa Koskinen";
    let kept = visitors_own(&index, text);
    assert_eq!(kept, ["Liisa Koskinen"], "the staff stay, the visitor goes");
}

/// The entities of `text` that are the visitor's own on the site of `index`, as text.
fn visitors_own(index: &sotto_knowledge::SiteIndex, text: &str) -> Vec<String> {
    let detector = sotto_pii::Detector::new(sotto_pii::TenantRules::new(&[], &[]).unwrap());
    visitor_entities(&detector, index, text)
        .iter()
        .map(|e| text.chars().skip(e.start).take(e.end - e.start).collect())
        .collect()
}

#[test]
fn a_flat_in_the_sites_building_is_the_visitors_address() {
    let (_dir, index) = site(
        Language::Fr,
        &[(
            "contact.html",
            &page(
                "fr",
                "Contact",
                "<p>Le cabinet est au 12 rue Pasteur, 31000 Toulouse.</p>",
            ),
        )],
    );
    let text = "Vous êtes bien au 12 rue Pasteur, 31000 Toulouse ? J'habite au 12 rue Pasteur, Bât C, 31000 Toulouse.";
    assert_eq!(
        visitors_own(&index, text),
        ["12 rue Pasteur, Bât C, 31000 Toulouse"],
        "the practice's address stays, the flat above it goes"
    );
}

#[test]
fn a_link_to_the_sites_own_pages_stays_unless_it_carries_a_secret() {
    let (_dir, index) = site(
        Language::En,
        &[(
            "contact.html",
            &page("en", "Contact", "<p>Book online on our booking page.</p>"),
        )],
    );
    let text = "The form at https://www.site.example/contact.html fails; my ad is at \
                https://ads.example/item/2874413 and the reset link was \
                https://site.example/reset?token=a81f3c";
    assert_eq!(
        visitors_own(&index, text),
        [
            "https://ads.example/item/2874413",
            "https://site.example/reset?token=a81f3c"
        ],
        "the site's page stays; another site's page and a token go"
    );
}
