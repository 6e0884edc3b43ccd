//! Person names found by what they are, not only by an introduction before them: a run of
//! capitalised words holding a listed given name or surname ([`super::known_names`]), initials
//! with a surname ("J. van der Berg"), a single listed given name inside a sentence, and any
//! name after the words that introduce people in chat messages: a relation ("our son Mateo",
//! "ma collègue Chloé"), a form-like label ("Name: …", "Nimi: …"), a greeting or thanks
//! ("Hi Sanna", "kiitos Mikko"), a booking or payment ("under the name of …", "au nom de …").
//! Lower-case names are taken only after such words. Listed names that are also ordinary words
//! (months, "Will", "Rose") count only with a cue or beside another name.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::LazyLock;

use foldhash::HashMap;

use super::known_names::{Known, lookup_exact, lookup_lower};
use super::person_words::{
    INTENSIFIERS, INTRODUCING_PAIRS, LISTED, NAMED_AFTER_PEOPLE, PLACE_ENDINGS, QUESTION_VERBS,
    SAINTS, SAYING, list,
};
use crate::entity::{EntityType, Span};

/// A word of the message, with what separates it from the word before.
#[derive(Debug)]
struct Word<'t> {
    start: usize,
    end: usize,
    text: &'t str,
    lower: Cow<'t, str>,
    /// The text between the previous word and this one.
    gap: &'t str,
    /// What the name lists say of it, looked up once when first asked.
    known: OnceCell<Known>,
    /// The word lists it is in (bits of [`list`]).
    lists: u32,
    /// Whether the message is written mostly in capitals, where a word in capitals is no
    /// name's mark.
    shouted: bool,
    /// Whether a sign joins it to another word without a space ("FRITZ!Box", "AT&T"): part of
    /// a product's or company's name.
    glued: bool,
}

impl Word<'_> {
    /// Whether it is in the word list `bit` (one of [`list`]).
    fn is(&self, bit: u32) -> bool {
        self.lists & bit != 0
    }

    /// What the name lists say of the word in any case ([`lookup_lower`]).
    fn known(&self) -> Known {
        *self.known.get_or_init(|| lookup_lower(&self.lower))
    }

    /// Written with a capital and then small letters ("Anna"), or, in a message written in
    /// small letters (not [`Word::shouted`]), a listed name of four letters or more in capitals
    /// ("JOANNA MAZUR", "MALLET Quentin").
    fn capitalised(&self) -> bool {
        let mut chars = self.text.chars();
        if !chars.next().is_some_and(char::is_uppercase) {
            return false;
        }
        if chars.clone().any(char::is_lowercase) {
            return true;
        }
        !self.shouted
            && self.text.chars().count() >= 4
            && !self.text.contains('-')
            && self.known().any()
            && !self.known().common
            && !self.ordinary()
    }

    /// A saint's name or a feast, place or building named after one ("St", "Saint-Nicolas").
    fn saintly(&self) -> bool {
        self.text.starts_with(char::is_uppercase)
            && (self.is(list::SAINT)
                || self
                    .lower
                    .split_once('-')
                    .is_some_and(|(first, _)| SAINTS.contains(&first)))
    }

    /// A single capital letter followed by a full stop ("J.").
    fn initial(&self, text: &str) -> bool {
        self.text.chars().count() == 1
            && self.text.chars().all(char::is_uppercase)
            && text[self.end..].starts_with('.')
    }

    /// A preposition thanks go to someone by, written in small letters ("to", not the "A" of
    /// "Thanks For A Great Job").
    fn thanks_to(&self) -> bool {
        self.is(list::THANKS_TO) && self.text == self.lower
    }

    fn particle(&self) -> bool {
        self.is(list::PARTICLE)
    }

    fn ordinary(&self) -> bool {
        self.is(list::ORDINARY)
    }

    /// A word that introduces a name rather than being one.
    fn cue(&self) -> bool {
        self.is(list::RELATION | list::LABEL | list::ADDRESSING | list::HONORIFIC)
    }

    /// A capitalised word that could be part of a name: not an ordinary word nor a cue, nor
    /// part of a compound or a product's name.
    fn name_like(&self) -> bool {
        self.capitalised()
            && !self.ordinary()
            && !self.cue()
            && !self.is(list::PRESENTING)
            && !self.compound_noun()
            && (!self.glued || self.glued_name())
    }

    /// A listed given name written in small letters, glued to another ("Lena&Jonas"), unlike
    /// a product's name in capitals ("FRITZ!Box").
    fn glued_name(&self) -> bool {
        let known = self.known();
        known.given && !known.common && self.text.chars().any(char::is_lowercase)
    }

    /// A compound name of a street, square, market or building ("Cuypmarkt", "Kungsträdgården"):
    /// a listed name never ends so.
    fn place_compound(&self) -> bool {
        self.capitalised()
            && !self.known().any()
            && PLACE_ENDINGS
                .iter()
                .any(|ending| self.lower.len() >= ending.len() + 3 && self.lower.ends_with(ending))
    }

    /// A compound whose last part is in small letters ("Åberg-pussel", "Jamie-Oliver-style"):
    /// a thing named after someone.
    fn compound_noun(&self) -> bool {
        self.text.starts_with(char::is_uppercase)
            && self.text.rsplit_once('-').is_some_and(|(_, last)| {
                last.starts_with(char::is_lowercase) && last.len() >= 3 && !lookup_lower(last).any()
            })
    }

    /// Whether it starts a sentence (or the message).
    fn starts_sentence(&self) -> bool {
        self.gap
            .chars()
            .any(|c| matches!(c, '.' | '!' | '?' | '\n' | '…'))
            || (self.start == self.gap.len() && !self.gap.chars().any(char::is_alphanumeric))
    }

    /// Whether only spaces (and a full stop after an initial) separate it from the word before.
    fn joined(&self, after_initial: bool) -> bool {
        let gap = if after_initial {
            self.gap.strip_prefix('.').unwrap_or(self.gap)
        } else {
            self.gap
        };
        !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}')
    }
}

/// French and Italian elisions glued to the next word ("d'Adam", "l'Anna").
const ELISIONS: &[&str] = &["d", "l", "j", "qu", "n", "s", "c", "m", "t", "dell", "all"];

/// The words of `text`: letters, with apostrophes and hyphens inside; an elision before an
/// apostrophe is a word of its own, and a possessive "'s" is left out.
fn words(text: &str) -> Vec<Word<'_>> {
    let mut out: Vec<Word> = Vec::new();
    let mut start: Option<usize> = None;
    let mut previous_end = 0;
    let mut chars = text.char_indices().peekable();
    let (mut capitals, mut small) = (0usize, 0usize);
    while let Some((at, c)) = chars.next() {
        capitals += usize::from(c.is_uppercase());
        small += usize::from(c.is_lowercase());
        let next_is_letter = chars.peek().is_some_and(|(_, n)| n.is_alphabetic());
        let apostrophe = matches!(c, '\'' | '’');
        if apostrophe
            && next_is_letter
            && let Some(from) = start
            && ELISIONS.contains(&text[from..at].to_lowercase().as_str())
        {
            out.push(word(text, from, at, previous_end));
            previous_end = at;
            start = None;
            continue;
        }
        let inside =
            c.is_alphabetic() || ((apostrophe || c == '-') && start.is_some() && next_is_letter);
        match (inside, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                out.push(word(text, from, at, previous_end));
                previous_end = at;
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        out.push(word(text, from, text.len(), previous_end));
    }
    if capitals > small {
        for word in &mut out {
            word.shouted = true;
        }
    }
    out
}

fn word(text: &str, start: usize, end: usize, previous_end: usize) -> Word<'_> {
    let mut end = end;
    for possessive in ["'s", "’s"] {
        if text[start..end].ends_with(possessive) && end - start > possessive.len() + 2 {
            end -= possessive.len();
        }
    }
    let written = &text[start..end];
    let lower = if written.chars().any(char::is_uppercase) {
        Cow::Owned(written.to_lowercase())
    } else {
        Cow::Borrowed(written)
    };
    Word {
        glued: glued_after(text, end) || glued_before(text, start),
        start,
        end,
        text: &text[start..end],
        gap: &text[previous_end..start],
        known: OnceCell::new(),
        lists: LISTED.get(lower.as_ref()).copied().unwrap_or_default(),
        lower,
        shouted: false,
    }
}

/// Signs that glue words into a product's or company's name ("FRITZ!Box", "AT&T", "C+A").
const GLUES: &[char] = &['!', '&', '+', '@', '#', '_'];

/// Whether a glue sign and then a letter or digit follow byte `end`.
fn glued_after(text: &str, end: usize) -> bool {
    let mut after = text[end..].chars();
    after.next().is_some_and(|c| GLUES.contains(&c))
        && after.next().is_some_and(char::is_alphanumeric)
}

/// Whether a letter or digit and then a glue sign other than "!" come before byte `start` (a
/// missing space after "!" glues nothing: "Vielen Dank!Jana").
fn glued_before(text: &str, start: usize) -> bool {
    let mut before = text[..start].chars().rev();
    before
        .next()
        .is_some_and(|c| c != '!' && GLUES.contains(&c))
        && before.next().is_some_and(char::is_alphanumeric)
}

/// What the words before a name say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    None,
    /// A greeting or thanks: a given name follows, maybe in lower case.
    Addressing,
    /// A relation, role or label: whatever name follows.
    Introducing,
    /// A word that presents someone ("it's", "ist"): a capitalised name follows.
    Presenting,
    /// A title ("Mr", "Frau", "dott.ssa"): a surname follows, even one that is also a word
    /// or a brand ("Mr Ford", "dott.ssa Ferrari").
    Title,
}

fn cue_before(words: &[Word], at: usize) -> Cue {
    let Some(previous) = at.checked_sub(1).map(|i| &words[i]) else {
        return Cue::None;
    };
    let gap = words[at].gap;
    let word = previous.lower.as_ref();
    if previous.is(list::HONORIFIC) && !gap.chars().any(|c| matches!(c, '!' | '?' | '\n' | ',')) {
        return Cue::Title;
    }
    if previous.is(list::SENDER) && gap.trim() == ":" {
        // "De : MALLET Quentin", "From: Ana Lima"
        return Cue::Introducing;
    }
    if gap
        .chars()
        .any(|c| c.is_alphanumeric() || matches!(c, '.' | '!' | '?' | '\n' | '(' | '"'))
    {
        return Cue::None;
    }
    if previous.is(list::RELATION | list::LABEL) {
        return Cue::Introducing;
    }
    if let Some(before) = at.checked_sub(2).map(|i| &words[i]) {
        if INTRODUCING_PAIRS.contains(&(before.lower.as_ref(), word)) {
            return Cue::Introducing;
        }
        // "under the name of", "au nom de", "a nome di", "op naam van", "ao cuidado da", "die
        // Mama von Ben", "la fille de Karim"
        let given = || words[at].known().given && !words[at].known().common;
        if previous.is(list::OF) && (before.is(list::LABEL) || before.is(list::RELATION) && given())
        {
            // After a relation only a given name: "mi hermana de Valencia" is from a town.
            return Cue::Introducing;
        }
        // "thanks to Will", "merci à Pierre", "grazie mille a Chiara", "thanks so much to Rose"
        if previous.thanks_to() && thanked_before(words, at - 1) {
            return Cue::Addressing;
        }
    }
    if INTRODUCING_PAIRS.contains(&(word, "")) {
        return Cue::Introducing;
    }
    if previous.is(list::ADDRESSING) && !gap.contains(':') {
        return Cue::Addressing;
    }
    if previous.is(list::PRESENTING) && !gap.contains(':') {
        // Opening a message or following a greeting ("ist sandra heute da?", "salut, c'est
        // romain") it introduces whoever follows, as a greeting does.
        let mut phrase = at - 1;
        if phrase > 0
            && matches!(previous.gap, "'" | "’")
            && ELISIONS.contains(&words[phrase - 1].lower.as_ref())
        {
            phrase -= 1; // "c'est"
        }
        let opens = words[phrase].starts_sentence()
            || phrase
                .checked_sub(1)
                .is_some_and(|i| words[i].is(list::ADDRESSING));
        // "Är Prinsesstårtan med nötter?": a verb opening a question asks about a thing as
        // often as about a person ("Hi it's Tunde" presents one).
        let asks = words[phrase].starts_sentence() && QUESTION_VERBS.contains(&word);
        let present = words
            .get(at + 1)
            .is_some_and(|w| PRESENCE.contains(&w.lower.as_ref()));
        let named = words[at].known();
        let unsure = named.common || !named.any() && !present;
        return match (opens, asks && unsure) {
            (true, false) => Cue::Addressing,
            (true, true) => Cue::None,
            (false, _) => Cue::Presenting,
        };
    }
    Cue::None
}

/// Whether thanks come right before word `at` (a "to"), or with only intensifiers between
/// them ("thanks so much to", not "merci, livraison à").
fn thanked_before(words: &[Word], at: usize) -> bool {
    let mut i = at;
    while i > 0 && words[i].joined(false) {
        i -= 1;
        if words[i].is(list::THANKS) {
            return true;
        }
        if !INTENSIFIERS.contains(&words[i].lower.as_ref()) {
            return false;
        }
    }
    false
}

/// Whether word `at`, a name that is also a word ("Joy", "Will"), is addressed: thanks go to it
/// ("thanks to Will"), or it closes the greeting ("Hi Joy, …"; not "Hi, Will you open?").
fn addressed(words: &[Word], at: usize) -> bool {
    let word = &words[at];
    let thanked = at > 0 && words[at - 1].thanks_to();
    let closes_greeting = !word.gap.contains(',')
        && words
            .get(at + 1)
            .is_none_or(|next| next.gap.trim_start().starts_with([',', '!', '.', '?']));
    !word.known().common && (thanked || closes_greeting)
}

/// What the words from one position on are.
enum Run {
    /// A person's name, up to a word (exclusive), with a score.
    Person(usize, f32),
    /// A place, a company or a brand named after a person, up to a word (exclusive).
    NotPerson(usize),
}

pub(crate) fn find(text: &str, out: &mut Vec<Span>) {
    let words = words(text);
    let mut i = 0;
    let mut carried = Cue::None;
    let mut carried_capital = false;
    let mut after_brand = false;
    while i < words.len() {
        if let Some(end) = brand_at(&words, i) {
            i = end;
            after_brand = true;
            continue;
        }
        if let Some(end) = named_thing_end(text, &words, i) {
            i = end;
            after_brand = false;
            carried = Cue::None;
            continue;
        }
        let cue = match cue_before(&words, i) {
            // "the Hugo Boss shirt": a brand's last word cues nothing.
            _ if after_brand => Cue::None,
            // "Kiitos Essille ja koko tiimille": after a capitalised name, the next one is
            // capitalised too.
            Cue::None if carried_capital && !words[i].capitalised() => Cue::None,
            Cue::None => carried,
            found => found,
        };
        after_brand = false;
        carried = Cue::None;
        let taken = match cue {
            Cue::None => run_of_names(text, &words, i),
            _ => after_cue(text, &words, i, cue),
        };
        match taken {
            Some(Run::Person(end, score)) => {
                carried_capital = words[i].capitalised();
                out.push(Span::new(
                    EntityType::Person,
                    words[i].start,
                    words[end - 1].end,
                    score,
                ));
                i = end;
                // "Klingel Nguyen/Becker", "our kids Mia and Noah": the cue reaches the next.
                if cue != Cue::None && i < words.len() {
                    if words[i].is(list::CONJUNCTION) && i + 1 < words.len() {
                        i += 1;
                        carried = cue;
                    } else if matches!(words[i].gap.trim(), "/" | "&") {
                        carried = cue;
                    }
                }
            }
            Some(Run::NotPerson(end)) => i = end.max(i + 1),
            None => i += 1,
        }
    }
}

/// Where the words from `at` end when they name a pet, a saint, a street, a storm or a feast
/// rather than a person ("my dog Bella", "St Mary's", "piazza Garibaldi", "Storm Éowyn",
/// "Dia de Reis"); `None` when they do not.
fn named_thing_end(text: &str, words: &[Word], at: usize) -> Option<usize> {
    let word = &words[at];
    let after_naming_word = at > 0
        && word.joined(false)
        && (words[at - 1].is(list::PET | list::STREET_FIRST | list::STORM)
            || words[at - 1].saintly());
    // Not "meneer Storm" or "Frau Winkel".
    let feast = word.is(list::FEAST) && words.get(at + 1).is_some_and(|next| next.particle());
    let naming_word = word.capitalised()
        && (word.is(list::STORM)
            || feast
            || word.is(list::STREET_FIRST) && (!word.known().any() || word.known().common))
        && !(at > 0 && words[at - 1].is(list::HONORIFIC))
        && words.get(at + 1).is_some_and(|next| next.joined(false));
    if !(after_naming_word || word.saintly() || naming_word) {
        return None;
    }
    if !word.particle() {
        return Some(run_end(text, words, at, false).max(at + 1));
    }
    // "estación de Atocha": the name after the "de"; but "le chien de Marie", "el colegio de
    // Lucía": a given name after it is the owner's.
    let Some(next) = words.get(at + 1) else {
        return Some(at + 1);
    };
    let known = next.known();
    if known.given && !known.common {
        return Some(at + 1);
    }
    Some(run_end(text, words, at + 1, false).max(at + 1))
}

/// The end of a brand or place named after a person that starts at word `from`, if one does.
fn brand_at(words: &[Word], from: usize) -> Option<usize> {
    BRANDS_BY_FIRST_WORD
        .get(words[from].lower.as_ref())?
        .iter()
        .find_map(|parts| {
            let end = from + parts.len();
            (end <= words.len()
                && parts
                    .iter()
                    .zip(&words[from..end])
                    .all(|(part, word)| word.lower == *part))
            .then_some(end)
        })
}

/// [`NAMED_AFTER_PEOPLE`] split into words, by their first word: a word is looked up once.
static BRANDS_BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<Vec<&'static str>>>> =
    LazyLock::new(|| {
        let mut brands: HashMap<&str, Vec<Vec<&str>>> = HashMap::default();
        for brand in NAMED_AFTER_PEOPLE {
            let parts: Vec<&str> = brand.split(' ').collect();
            brands.entry(parts[0]).or_default().push(parts);
        }
        brands
    });

/// Words after a name that ask whether the person is in ("Is Tunde in today?", "Ist Björn
/// da?"): a person, whether listed or not ("Is Parking available?" asks about a thing).
const PRESENCE: &[&str] = &["in", "around", "da", "där", "inne", "là", "er", "paikalla"];

/// Words after "the" and a name that make it people's ("the Volkov family", "the Sarah
/// Jenkins booking").
const FAMILY_WORDS: &[&str] = &[
    "family",
    "household",
    "twins",
    "brothers",
    "sisters",
    "booking",
    "order",
    "reservation",
    "appointment",
    "account",
    "party",
];

/// Whether the words `from..end` are a place, a building or a company rather than a person.
fn names_no_person(text: &str, words: &[Word], from: usize, end: usize) -> bool {
    let run = &words[from..end];
    if run
        .iter()
        .any(|w| w.is(list::PLACE_PART) || w.place_compound())
    {
        return true;
    }
    let Some(next) = words.get(end) else {
        return false;
    };
    // "Brandt & Söhne", not "Ana Rita Carvalho, Rua da Prata": the street or company word
    // must follow the run in the same phrase; so must a compound ("Alfons Åberg-pussel").
    let same_phrase = !next.gap.contains([',', '.', ';', ':', '\n', '(', ')']);
    let head = next.is(list::THING_HEAD) && !possessive_before(text, words, end);
    // "Anna Berg Hauptstraße 5": a street with its number after a name is the person's address.
    let place = next.place_compound() && !postcode_after(text, next.end);
    if same_phrase && (next.is(list::PLACE_PART) || head || next.compound_noun() || place) {
        return true;
    }
    // "Matilda the Musical", "Dennis the Menace": an epithet or a title.
    let epithet = next.lower == "the"
        && next.joined(false)
        && words
            .get(end + 1)
            .is_some_and(|w| w.joined(false) && w.capitalised() && !w.known().any())
        // "Sarah the Wedding Planner": a role of several words is no title.
        && words
            .get(end + 2)
            .is_none_or(|w| !(w.joined(false) && w.capitalised()));
    // "Cox's Orange Pippin", "Jacques' Wein-Depot": a capitalised word after a possessive
    // names the company or the thing.
    // Not the owner's name: "Wir feiern Lukas' Geburtstag", "Is Emma's Birthday Cake ready?".
    let one_given_name = end - from == 1 && {
        let known = words[from].known();
        known.given && !known.common
    };
    let possessive = possessive_before(text, words, end)
        && next.capitalised()
        && !next.starts_sentence()
        && !next.cue()
        && !one_given_name;
    epithet || possessive
}

/// Whether word `from` is a given name in small letters opening a sentence before a verb of
/// saying ("bartek said I could…", "aapo sanoi että…").
fn said_by(words: &[Word], from: usize) -> bool {
    let first = &words[from];
    first.starts_sentence()
        && first.text == first.lower
        && first.known().given
        && !first.known().common
        && !first.ordinary()
        && words
            .get(from + 1)
            .is_some_and(|next| next.joined(false) && SAYING.contains(&next.lower.as_ref()))
}

/// Whether a possessive ("'s", "’s", or the apostrophe after an -s) comes between word `at`
/// and the word before it ("Cox's Orange", "Jacques' Wein-Depot").
fn possessive_before(text: &str, words: &[Word], at: usize) -> bool {
    // Not an elision ("d'Adam") nor a clitic before a comma ("ich bin's, Jonas"), nor "that's",
    // "here's" (the owner looks like a name).
    at > 0
        && words[at - 1].name_like()
        && !words[at - 1].known().common
        && matches!(
            text[words[at - 1].end..words[at].start].trim_end_matches([' ', '\u{a0}']),
            "'s" | "’s" | "'" | "’"
        )
        && text[..words[at].start].ends_with([' ', '\u{a0}'])
}

/// Whether a postcode or house number follows the word ending at byte `end` ("Preston PR2
/// 6LS"): then it names a town.
fn postcode_after(text: &str, end: usize) -> bool {
    let after = text[end..].trim_start_matches([' ', ',']);
    let token: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
    token.chars().any(|c| c.is_ascii_digit())
}

/// Whether a colon follows `word`: the label of the next field of a form ("Nguyen Thi Lan
/// Phone: …", "MALLET Quentin Objet : …").
fn labels_a_field(text: &str, word: &Word) -> bool {
    text[word.end..]
        .trim_start_matches([' ', '\u{a0}'])
        .starts_with(':')
        && !word.known().any()
}

/// The end (exclusive word index) of the name run starting at `from`: capitalised words,
/// initials, and particles between them.
fn run_end(text: &str, words: &[Word], from: usize, lower_case: bool) -> usize {
    let mut end = from;
    let mut after_initial = false;
    while end < words.len() {
        let word = &words[end];
        if end > from
            && (!word.joined(after_initial)
                || labels_a_field(text, word)
                || possessive_before(text, words, end)
                || word.is(list::THING_HEAD)
                || word.place_compound())
        {
            break;
        }
        // Lower-case words go on a name only when it began in lower case ("gabriel
        // o'sullivan"), never after a capitalised one ("Mateo has").
        let lower_run = end == from || !words[from].capitalised();
        let listed_lower = lower_case
            && lower_run
            && word.known().any()
            && !word.known().common
            && !word.ordinary();
        let part = word.initial(text)
            || word.name_like()
            || listed_lower
            || (word.particle()
                && end + 1 < words.len()
                && (end > from || lower_case || word.capitalised()));
        if !part {
            break;
        }
        after_initial = word.initial(text);
        end += 1;
        if end - from >= 5 {
            break;
        }
    }
    // A run does not end on a particle.
    while end > from && words[end - 1].particle() {
        end -= 1;
    }
    end
}

/// A name where no cue precedes: two or more capitalised words one of which is listed, initials
/// with a surname, or one listed given name inside a sentence.
fn run_of_names(text: &str, words: &[Word], from: usize) -> Option<Run> {
    let first = &words[from];
    if said_by(words, from) {
        return Some(Run::Person(from + 1, 0.7));
    }
    if !(first.name_like() || first.initial(text) || (first.particle() && first.capitalised())) {
        return None;
    }
    let end = run_end(text, words, from, false);
    if end == from {
        return None;
    }
    if possessive_before(text, words, from) && !first.starts_sentence() {
        // "Cox's Orange Pippin": the words after a possessive name what is its.
        return Some(Run::NotPerson(end));
    }
    if names_no_person(text, words, from, end) {
        return Some(Run::NotPerson(end));
    }
    // People take no article in English, Dutch and German ("the Henry Moore sculpture", "het
    // Anne Frank Huis", "das Max Planck Institut"), but "das" and "het" are pronouns too ("Können Sie das Markus Weber ausrichten?"): a thing's
    // name goes on with the head of a thing ("das Max Planck Institut").
    let article = from.checked_sub(1).map(|p| words[p].lower.as_ref());
    let thing_goes_on = words.get(end).is_some_and(|w| {
        w.joined(false) && w.capitalised() && w.is(list::THING_HEAD | list::PLACE_PART)
    });
    if first.joined(false)
        && (article == Some("the") || matches!(article, Some("das" | "het")) && thing_goes_on)
    {
        let family = words
            .get(end)
            .is_some_and(|w| w.joined(false) && FAMILY_WORDS.contains(&w.lower.as_ref()));
        return Some(if family {
            Run::Person(end, 0.75)
        } else {
            Run::NotPerson(end)
        });
    }
    let parts: Vec<&Word> = words[from..end]
        .iter()
        .filter(|w| w.capitalised() && !w.particle())
        .collect();
    let initials = words[from..end].iter().any(|w| w.initial(text));
    let listed = parts.iter().filter(|w| w.known().any()).count();
    match parts.len() {
        0 => None,
        1 if initials => {
            (listed == 1 || parts[0].text.chars().count() >= 3).then_some(Run::Person(end, 0.75))
        }
        1 if signs_off(text, words, from, end) && after_sentence(first) => {
            let known = first.known();
            (known.given && !known.common).then_some(Run::Person(end, 0.7))
        }
        1 => {
            // "in Florence", "245 High Lane, Bristol" (not "close Emma's account")
            let place = from.checked_sub(1).is_some_and(|p| {
                words[p].is(list::PLACE) || words[p].is(list::PLACE_PART) && first.gap.contains(',')
            }) || (first.gap.chars().any(|c| c.is_ascii_digit())
                && !first.gap.ends_with('('))
                || postcode_after(text, words[end - 1].end);
            if place {
                None
            } else if !first.starts_sentence() {
                // "Thanks For A Great Job": where the words around are capitalised too, a
                // capital says nothing.
                let before = from.checked_sub(1).is_some_and(|p| {
                    words[p].capitalised() && !words[p].starts_sentence() && first.joined(false)
                });
                let after = words
                    .get(end)
                    .is_none_or(|w| w.capitalised() || !w.joined(false));
                let title_case = before && after;
                let known = first.known();
                (known.given && !known.common && !title_case).then_some(Run::Person(end, 0.7))
            } else {
                // At the start of a sentence a capital says nothing: listed as written, and
                // long enough not to be a small word.
                (lookup_exact(first.text).given
                    && !first.known().common
                    && first.text.chars().count() >= 4)
                    .then_some(Run::Person(end, 0.6))
            }
        }
        _ => {
            let (first_part, second_part) = (parts[0].known(), parts[1].known());
            let surname_first = first_part.surname && second_part.given && !parts[0].known().common;
            if first.starts_sentence()
                && !first_part.given
                && !surname_first
                && !signs_off(text, words, from, end)
            {
                // "Kan Annas tid flyttas?", "Pour la Saint-Nicolas": a capital opening a
                // sentence says nothing; the next word is looked at on its own.
                return None;
            }
            // A given name first, a surname and a given name ("MALLET Quentin"), two listed
            // words, or a signature holding one ("… Merci, Morag Sinclair").
            let signature =
                signs_off(text, words, from, end) && (first_part.any() || after_sentence(first));
            // East Asian names put a short surname first ("Hu Jintao", "Ban Ki-moon").
            let short_surname = parts[0].text.chars().count() <= 3;
            (first_part.given
                || first_part.surname && (second_part.given || listed >= 2 || short_surname)
                || listed >= 1 && signature)
                .then_some(Run::Person(end, 0.8))
        }
    }
}

/// Whether a full stop, question or exclamation mark, line break or slash comes before `word`.
fn after_sentence(word: &Word) -> bool {
    word.gap
        .chars()
        .any(|c| matches!(c, '.' | '!' | '?' | '\n' | '/'))
}

/// Whether the words `from..end` close the message after a break ("…, ist das Rad noch da?
/// Dennis", "Emil och jag kommer kl 18, /Alva"): a signature.
fn signs_off(text: &str, words: &[Word], from: usize, end: usize) -> bool {
    // "…, pta. 8, 46010 Valencia": after a number it is a town ("…?id=4471. Federica" signs).
    let after_break = words[from]
        .gap
        .rsplit(['.', ',', '!', '?', '/', '\n'])
        .next()
        .unwrap_or_default();
    end == words.len()
        && !after_break.chars().any(|c| c.is_ascii_digit())
        && !text[words[end - 1].end..]
            .chars()
            .any(char::is_alphanumeric)
        && words[from]
            .gap
            .chars()
            .any(|c| matches!(c, '.' | ',' | '!' | '?' | '/' | '\n' | '-' | '–' | '—'))
}

/// A name after a cue: after a relation or label any capitalised words (or a listed given name
/// in lower case); after a greeting or thanks a listed given name, capitalised or not.
fn after_cue(text: &str, words: &[Word], from: usize, cue: Cue) -> Option<Run> {
    let first = &words[from];
    if first.cue() {
        // "Grazie mille Chiara", "Frau Dr. Pichler": the cue goes on to the next word.
        return None;
    }
    if cue != Cue::Title && !first.capitalised() && first.is(list::OF) {
        // "au nom de Karim": the name starts after the "de".
        return None;
    }
    let listed = first.known().given;
    let capitalised = first.name_like() || first.initial(text) || first.particle();
    // "dott.ssa Ferrari": after a title a word that is also a brand is a surname.
    let surname_after_title = cue == Cue::Title && first.capitalised() && first.ordinary();
    let takes = match cue {
        Cue::Introducing | Cue::Title => {
            // "her husband too", "nom sur la boîte": a lower-case word far more often ordinary
            // is no name.
            capitalised
                || surname_after_title
                || (first.known().any() && !first.ordinary() && !first.known().common)
        }
        Cue::Addressing if first.is(list::GREETED_GROUP) => false,
        Cue::Addressing => {
            (listed && !first.ordinary() && (first.capitalised() || !first.known().common))
                || first.name_like()
                || (listed && first.capitalised() && addressed(words, from))
        }
        Cue::Presenting => first.name_like(),
        Cue::None => false,
    };
    if !takes {
        return run_of_names(text, words, from);
    }
    // "Hi Joy", "thanks to Will": after a greeting a name that is also a word is a name.
    let ordinary_given = cue == Cue::Addressing && first.capitalised() && first.ordinary();
    let end = if surname_after_title || ordinary_given {
        match words.get(from + 1) {
            Some(next) if next.joined(false) => run_end(text, words, from + 1, false),
            _ => from + 1,
        }
    } else {
        run_end(text, words, from, true)
    };
    if end == from {
        return None;
    }
    Some(if names_no_person(text, words, from, end) {
        Run::NotPerson(end)
    } else if cue == Cue::Title {
        // Above the honorific pattern of `person`, which stops at a particle ("dhr. Van den
        // Broeck").
        Run::Person(end, 0.86)
    } else {
        Run::Person(end, 0.8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::detectors::found_by(find, text)
    }

    #[test]
    fn full_names_without_a_cue() {
        assert_eq!(
            found("can Agnieszka Kowalczyk pick up the order tomorrow"),
            ["Agnieszka Kowalczyk"]
        );
        assert_eq!(found("Mehmet Öztürk will come at 10"), ["Mehmet Öztürk"]);
        assert_eq!(
            found("the parcel is for J. van der Berg"),
            ["J. van der Berg"]
        );
    }

    #[test]
    fn a_given_name_inside_a_sentence() {
        assert_eq!(found("is it ok if Sanna brings the form"), ["Sanna"]);
        assert_eq!(found("Weronika here from room 12"), ["Weronika"]);
        assert!(found("Will it be ready?").is_empty());
    }

    #[test]
    fn names_after_relations_labels_and_greetings() {
        assert_eq!(found("our son Mateo has an appointment"), ["Mateo"]);
        assert_eq!(found("Name: Warsame Abdullahi"), ["Warsame Abdullahi"]);
        assert_eq!(found("hi sanna, is the shop open"), ["sanna"]);
        assert_eq!(found("a table under the name of Lindqvist"), ["Lindqvist"]);
    }

    #[test]
    fn ordinary_words_and_places_are_not_names() {
        assert!(found("Will it arrive in May?").is_empty());
        assert!(found("We live in Florence and love Paris").is_empty());
        assert!(found("The Delivery Team").is_empty());
        assert!(found("Thanks for your help").is_empty());
        assert!(found("Do you ship to Victoria?").is_empty());
    }

    #[test]
    fn a_surname_after_a_title_may_be_a_word_or_a_brand() {
        assert_eq!(
            found("Buonasera dott.ssa Ferrari, una domanda"),
            ["Ferrari"]
        );
        assert_eq!(found("Is Mr Ford in today?"), ["Ford"]);
        assert_eq!(found("Mr Ford said he would call"), ["Ford"]);
    }

    #[test]
    fn presenting_words_take_capitalised_names_only() {
        assert_eq!(found("Hi, it's Mikko from flat 3"), ["Mikko"]);
        assert!(found("Salon is clean and nice").is_empty());
        assert!(found("worse than it's ever been").is_empty());
        assert_eq!(found("ist sandra heute im laden?"), ["sandra"]);
        assert_eq!(found("salut, c'est romain"), ["romain"]);
    }

    #[test]
    fn title_case_and_sentence_starts_say_little() {
        assert!(found("Thanks For A Great Job").is_empty());
        assert!(found("Even after the storm the shop was open").is_empty());
        assert_eq!(found("Could you ask Anna about it?"), ["Anna"]);
        assert_eq!(found("on Friday Anna called"), ["Anna"]);
    }

    #[test]
    fn a_given_name_in_brackets_after_a_number() {
        assert_eq!(
            found("call me on 0612 345 678 (Lotte) after six"),
            ["Lotte"]
        );
        assert!(found("ship to 75002 Paris").is_empty());
    }

    #[test]
    fn a_company_after_an_ampersand_is_no_person() {
        assert!(found("c/o Brandt & Söhne GmbH").is_empty());
    }

    #[test]
    fn a_street_after_a_comma_does_not_make_a_name_a_place() {
        assert_eq!(
            found("Enviar para: Ana Rita Carvalho, Rua Augusta 100"),
            ["Ana Rita Carvalho"]
        );
    }

    #[test]
    fn signatures_close_the_message() {
        assert_eq!(found("ist das Rad noch da? Dennis"), ["Dennis"]);
        assert_eq!(
            found("ne marche pas. Merci, Ophélie Lacroix"),
            ["Ophélie Lacroix"]
        );
        assert_eq!(found("kommer kl 18 istället för 17, /Alva"), ["Alva"]);
        assert_eq!(
            found("we've moved to Inverness. Morag Sinclair"),
            ["Morag Sinclair"],
            "a surname is enough after a full stop"
        );
        assert!(found("Please deliver to 245 High Lane, Bristol.").is_empty());
        assert!(found("la carte est refusée, Karteninhaber Test").is_empty());
    }

    #[test]
    fn thanks_to_someone() {
        assert_eq!(found("Merci à Pierre pour son accueil"), ["Pierre"]);
        assert_eq!(found("thanks so much to Will on the front desk"), ["Will"]);
        assert_eq!(found("Hi Joy, thanks for the quick reply!"), ["Joy"]);
        assert!(found("vous livrez à Villeurbanne ?").is_empty());
        assert!(found("Thanks For A Great Job").is_empty());
        assert!(found("Hi Team, thanks All").is_empty());
    }

    #[test]
    fn pets_saints_and_squares_are_no_people() {
        assert!(found("Can I bring my dog Bella to the restaurant?").is_empty());
        assert!(found("Je peux venir avec mon chien Filou ?").is_empty());
        assert!(found("the main entrance of St Mary's").is_empty());
        assert!(found("Pour la Saint-Nicolas, vous faites des pains d'épices ?").is_empty());
        assert!(found("L'ospedale San Raffaele è in metro?").is_empty());
        assert!(found("Quanto dista piazza Garibaldi dall'hotel?").is_empty());
    }

    #[test]
    fn names_in_capitals_hyphens_and_headers() {
        assert_eq!(
            found("Mój PESEL: 89071203480, JOANNA MAZUR, chcę się zapisać do przychodni"),
            ["JOANNA MAZUR"]
        );
        assert!(found("ALL OF THE TEACHERS THERE ARE MEAN").is_empty());
        assert_eq!(found("can Ellie-Mae swap to Tuesdays?"), ["Ellie-Mae"]);
        assert_eq!(
            found("De : MALLET Quentin Objet : devis"),
            ["MALLET Quentin"]
        );
        assert_eq!(
            found("Name: Nguyen Thi Lan Phone: +44 7700 900418"),
            ["Nguyen Thi Lan"]
        );
        assert_eq!(
            found("Ecco il codice di mia moglie Giulia Bianchi: BNCGLI92D55H501A"),
            ["Giulia Bianchi"]
        );
    }

    #[test]
    fn relations_titles_and_bookings() {
        assert_eq!(
            found("Ich bin die Mama von Ben aus der Igelgruppe"),
            ["Ben"]
        );
        assert_eq!(
            found("werkt mevrouw de Jong-Bakker vandaag?"),
            ["de Jong-Bakker"]
        );
        assert_eq!(found("Zu Händen Herrn Wieczorek, bitte"), ["Wieczorek"]);
        assert_eq!(
            found("para a minha sogra, Graça Pereira?"),
            ["Graça Pereira"]
        );
        assert_eq!(found("our twins Ifeoma and Chidi"), ["Ifeoma", "Chidi"]);
        assert_eq!(
            found("Kiitos Essille ja koko tiimille"),
            ["Essille"],
            "after a capitalised name, the next is capitalised too"
        );
    }

    #[test]
    fn sentence_starts_and_brands_named_after_people() {
        assert_eq!(found("Kan Annas tid flyttas?"), ["Annas"]);
        assert!(found("Welche Bosch Geschirrspüler habt ihr?").is_empty());
        assert!(found("do you sell Jack Daniel's gift sets").is_empty());
        assert!(found("Is de Albert Heijn open op zondag?").is_empty());
        assert_eq!(found("a meeting with Hu Jintao"), ["Hu Jintao"]);
    }

    #[test]
    fn month_names_are_no_given_names() {
        for name in [
            "julio", "abril", "avril", "juni", "juli", "mayo", "augustus", "april", "june",
            "august",
        ] {
            assert!(
                !crate::detectors::person_words::MONTH_NAMES.contains(&name),
                "{name}"
            );
        }
        assert_eq!(found("Mi hijo Julio tiene fiebre"), ["Julio"]);
    }

    #[test]
    fn things_named_after_people_are_no_people() {
        // Articles, heads and compounds of things
        assert!(found("Is the Henry Moore sculpture garden open?").is_empty());
        assert!(found("the Oliver Bonas shop next door").is_empty());
        assert!(found("Die Caspar David Friedrich Ausstellung war toll").is_empty());
        assert!(found("Habt ihr Alfons Åberg-pussel?").is_empty());
        assert!(found("Meine FRITZ!Box hat kein WLAN").is_empty());
        // Storms, pets, schools and stations
        assert!(found("warnings for Storm Éowyn today").is_empty());
        assert!(found("Wegen Sturmtief Zeynep: fährt die Fähre?").is_empty());
        assert!(found("Får hunden Sixten följa med?").is_empty());
        assert!(found("Pour le lycée Jean-Moulin, la cantine ?").is_empty());
        assert!(found("llegar desde la estación de Atocha Almudena Grandes").is_empty());
        // Dishes and works
        assert!(found("Can I have the Beef Wellington for 6?").is_empty());
        assert!(found("Est-ce que la crêpe Suzette est flambée ?").is_empty());
        assert!(found("Do we bring our own copy of Jane Eyre?").is_empty());
        // A question opening with "is" asks about a thing; a greeting presents a person.
        assert!(found("Är Prinsesstårtan med nötter?").is_empty());
        assert_eq!(found("Hi it's Tunde, I'm outside"), ["Tunde"]);
        // But a family after "the" is people, and people stay people.
        assert_eq!(found("we're the Volkov family on pitch 22"), ["Volkov"]);
        assert_eq!(found("Anna Schmidt kommt morgen"), ["Anna Schmidt"]);
    }

    #[test]
    fn rules_for_things_leave_people_alone() {
        for (text, name) in [
            ("Thanks for the tour, Anna!", "Anna"),
            ("Danke für die Torte, Anna!", "Anna"),
            ("Can I collect Olivia's cake at 4?", "Olivia"),
            ("Can Priya Patel store her suitcase here?", "Priya Patel"),
            (
                "Mi compañera Lucía Mercado pasará a recogerlo",
                "Lucía Mercado",
            ),
            ("¿El colegio de Lucía cierra el viernes?", "Lucía"),
            ("Est-ce que le chien de Marie peut venir ?", "Marie"),
            (
                "Est-ce que Marie-claire Dubois peut passer ?",
                "Marie-claire Dubois",
            ),
            ("Können Sie das Markus Weber ausrichten?", "Markus Weber"),
            ("Ik heb het Sanne al gezegd", "Sanne"),
            ("Is the Sarah Jenkins booking still on?", "Sarah Jenkins"),
            ("Hello! Is Tunde in today?", "Tunde"),
            ("Can John Collins pick up the keys?", "John Collins"),
            ("On organise l'anniversaire d'Adam samedi", "Adam"),
            ("Hallo ich bin's, Jonas, hab mein Handy vergessen", "Jonas"),
            ("Bom dia Maria, tudo bem?", "Maria"),
            ("Wir laden Julia Weber zum Gespräch ein", "Julia Weber"),
            ("Hi, that's Anna Berg from flat 3", "Anna Berg"),
            ("Wir feiern Lukas' Geburtstag", "Lukas"),
            ("Is Emma's Birthday Cake ready?", "Emma"),
            ("Can Sarah the Wedding Planner call me back?", "Sarah"),
            ("Können Sie das Thomas Müller sagen?", "Thomas Müller"),
        ] {
            assert_eq!(found(text), [name], "{text}");
        }
        assert_eq!(found("Tisch für Lena&Jonas"), ["Lena", "Jonas"]);
        assert_eq!(
            found("Bitte an Anna Berg Hauptstraße 5 schicken"),
            ["Anna Berg"]
        );
        assert!(found("Is Parking available?").is_empty());
        assert!(found("Hola, justo quería preguntar").is_empty());
        assert!(found("do you sell Cox's Orange Pippin trees?").is_empty());
        assert!(found("Is the Wallace Collection open?").is_empty());
        assert!(found("Tickets for Matilda the Musical").is_empty());
        assert!(found("Hoe laat gaat de Albert Cuypmarkt open?").is_empty());
        assert!(found("laddstolpar vid Gustav Adolfs torg?").is_empty());
        assert!(found("C'est bien le magasin Leroy Merlin en face ?").is_empty());
        assert!(found("Bom dia, ainda têm bolo-rei ou só no Dia de Reis?").is_empty());
    }

    #[test]
    fn a_name_in_small_letters_before_a_verb_of_saying() {
        assert_eq!(found("aapo sanoi että tänne voi kysyä"), ["aapo"]);
        assert!(found("said he would come").is_empty());
    }

    #[test]
    fn ordinary_words_do_not_go_on_a_name() {
        assert_eq!(found("hey, bartek said I could come at 7"), ["bartek"]);
        assert!(
            found("Kamala and her husband too")
                .iter()
                .all(|n| *n != "too")
        );
        assert_eq!(
            found("nom sur la boîte : Capucine Thiriet"),
            ["Capucine Thiriet"]
        );
        assert_eq!(
            found("guests are Sinéad Keegan and Tom"),
            ["Sinéad Keegan", "Tom"]
        );
        assert_eq!(found("Gruß Gesine Kraushaar"), ["Gesine Kraushaar"]);
        // A town after a postcode is no signature; a name after a number's full stop is.
        assert!(found("pta. 8, 46010 Valencia").is_empty());
        assert_eq!(found("prenota?id=4471. Federica"), ["Federica"]);
    }

    #[test]
    fn review_cases_stay_names_or_words() {
        assert_eq!(found("Can you close Emma's account?"), ["Emma"]);
        assert_eq!(found("from the 21st Anna Meier will call"), ["Anna Meier"]);
        assert_eq!(found("Nowak Anna, klasa 3b"), ["Nowak Anna"]);
        assert!(found("Hi, Will you be open on Monday?").is_empty());
        assert!(found("Merci, livraison à Villeurbanne possible ?").is_empty());
        assert!(found("Gracias a Dios, llegó").is_empty());
        assert!(found("mia cugina di Bergamo vorrebbe prenotare").is_empty());
        assert!(found("Do you have a Twin Room on Friday?").is_empty());
        assert!(found("Die Bestellung läuft auf Rechnung").is_empty());
        assert!(found("Bestellt bei OTTO, kommt mit der Post").is_empty());
        assert!(found("is La Roche Posay in stock").is_empty());
    }

    #[test]
    fn words_far_more_often_ordinary_need_a_cue() {
        assert!(found("Macie pączki na tłusty czwartek?").is_empty());
        assert!(found("hab mein Handy bei euch liegen lassen").is_empty());
        assert!(found("Fate le chiavi per auto Fiat?").is_empty());
        assert_eq!(found("mein Freund Dane kommt"), ["Dane"]);
    }

    #[test]
    fn a_language_after_a_name_is_not_part_of_it() {
        assert_eq!(found("Spricht Jonas Polnisch?"), ["Jonas"]);
        assert_eq!(found("Does Maria speak Turkish or Arabic?"), ["Maria"]);
    }
}
