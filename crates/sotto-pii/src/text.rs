//! Small text helpers shared by the detectors: boundaries and nearby context, each bounded so
//! that no detector does more than constant work per candidate.

use regex::{Regex, RegexBuilder};

/// How far (in bytes) detectors look around a candidate for context words.
pub(crate) const CONTEXT_WINDOW: usize = 48;

/// The character before byte `at`, if any.
pub(crate) fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// The character at byte `at`, if any.
pub(crate) fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// True when `start..end` is not glued to letters or digits on either side.
pub(crate) fn isolated(text: &str, start: usize, end: usize) -> bool {
    !char_before(text, start).is_some_and(char::is_alphanumeric)
        && !char_at(text, end).is_some_and(char::is_alphanumeric)
}

/// The largest char boundary at or below `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The largest char boundary at or above `at`.
fn ceil_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The text of the window before `start`, cut at the last sentence end so that a cue of
/// another sentence does not count.
fn sentence_before(text: &str, start: usize, window: usize) -> &str {
    let from = ceil_boundary(text, start.saturating_sub(window));
    let slice = &text[from..start];
    let hard = slice.rfind(['\n', '!', '?']).map_or(0, |i| i + 1);
    // ". " ends a sentence when a capital follows; "geb. 12.03.1985" is an abbreviation.
    let soft = slice
        .match_indices(". ")
        .filter(|(i, _)| slice[i + 2..].starts_with(char::is_uppercase))
        .last()
        .map_or(0, |(i, _)| i + 2);
    &slice[hard.max(soft)..]
}

/// The text of the window after `end`.
fn window_after(text: &str, end: usize, window: usize) -> &str {
    let to = floor_boundary(text, (end + window).min(text.len()));
    &text[end..to]
}

/// The lower-cased text of the sentence before `start`, at most `window` bytes.
pub(crate) fn before(text: &str, start: usize, window: usize) -> String {
    sentence_before(text, start, window).to_lowercase()
}

/// The lower-cased text of the window after `end`.
pub(crate) fn after(text: &str, end: usize, window: usize) -> String {
    window_after(text, end, window).to_lowercase()
}

/// The memory each pattern's lazy DFA may use for the states it builds while searching, per
/// thread that searches. The regex crate's default (2 MiB) is too small for patterns over
/// Unicode letter classes on varied multilingual text: the cache filled and was cleared again
/// and again, and three quarters of detection time went into building the same states anew.
/// 8 MiB ran as fast as 16 and 64 on the bench's 3,572 distinct messages, and bounds what
/// crafted text can make a node hold.
pub(crate) const LAZY_DFA_CACHE: usize = 8 << 20;

/// A detector's pattern, compiled with a lazy-DFA cache of [`LAZY_DFA_CACHE`]. Patterns are
/// constants of this crate, so one that does not compile is a bug caught by any test.
pub(crate) fn compiled(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .dfa_size_limit(LAZY_DFA_CACHE)
        .build()
        .expect("valid regex")
}

/// Context words of one kind ("born", "phone"…), found case-insensitively in a single regex
/// pass over a bounded window, so that a candidate's context costs constant work.
pub(crate) struct Cues(Regex);

impl Cues {
    /// Cues matching any of `words`, ignoring case.
    pub(crate) fn new(words: &[&str]) -> Self {
        let alternatives: Vec<String> = words.iter().map(|word| regex::escape(word)).collect();
        Self(compiled(&format!("(?i){}", alternatives.join("|"))))
    }

    /// True when a cue occurs in the sentence before `start`, at most `window` bytes back.
    pub(crate) fn before(&self, text: &str, start: usize, window: usize) -> bool {
        self.0.is_match(sentence_before(text, start, window))
    }

    /// True when a cue occurs in the `window` bytes after `end`.
    pub(crate) fn after(&self, text: &str, end: usize, window: usize) -> bool {
        self.0.is_match(window_after(text, end, window))
    }

    /// True when a cue occurs in the usual window before `start` or the half window after `end`.
    pub(crate) fn near(&self, text: &str, start: usize, end: usize) -> bool {
        self.before(text, start, CONTEXT_WINDOW) || self.after(text, end, CONTEXT_WINDOW / 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_respect_char_boundaries_and_sentences() {
        let text = "Né à Pärnu. Livraison le 12";
        let start = text.find("12").unwrap();
        assert_eq!(before(text, start, 20), "livraison le ");
        assert!(!Cues::new(&["né"]).before(text, start, 40));
        assert!(Cues::new(&["LIVRAISON"]).before(text, start, 40));
        assert!(Cues::new(&["pärnu"]).after("12 PÄRNU", 2, 10));
        assert!(isolated("a 12 b", 2, 4));
        assert!(!isolated("a12 b", 1, 3));
        assert_eq!(after("ab€cd", 2, 2), "", "never splits a character");
        assert_eq!(after("ab€cd", 2, 3), "€");
    }
}
