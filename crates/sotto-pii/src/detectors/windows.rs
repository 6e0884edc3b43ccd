//! Where candidates that hold digits can be. Most chat text has few digits, so the detectors of
//! digit-bearing data (IBAN, card, national id, date of birth, phone) search only windows
//! around clusters of digits, found in one linear pass, instead of the whole text.

use std::ops::Range;

use regex::{Match, Regex};

/// Digits at most this many bytes apart belong to one cluster (a phone number's groups, a
/// date's parts, an identifier's letters between digits).
const GAP: usize = 24;
/// How far a window reaches around its cluster of digits, before moving on to word edges.
#[derive(Clone, Copy)]
pub(crate) struct Reach {
    /// Bytes searched before the cluster's first digit.
    pub(crate) before: usize,
    /// Bytes searched after the cluster's last digit.
    pub(crate) after: usize,
}

/// For an identifier, phone or date: an IBAN's country code, a month name or a NINO's letters
/// come before the digits; a check letter after them.
pub(crate) const CANDIDATE_REACH: Reach = Reach {
    before: 16,
    after: 8,
};

/// For a street address, whose street name comes before the number in some countries
/// ("Calle de la Santísima Trinidad 5") and after it in others ("106 boulevard des Lilas").
pub(crate) const ADDRESS_REACH: Reach = Reach {
    before: 80,
    after: 80,
};

/// The farthest a window edge moves to reach a word boundary, so that a long run without
/// spaces costs constant work per cluster.
const SNAP: usize = 64;

/// The clusters of digits of `text`, in one pass: byte ranges from a cluster's first digit to
/// its last, sorted; empty when the text has no digit.
pub(crate) fn digit_clusters(text: &str) -> Vec<Range<usize>> {
    let mut clusters: Vec<Range<usize>> = Vec::new();
    for at in (0..text.len()).filter(|&i| text.as_bytes()[i].is_ascii_digit()) {
        match clusters.last_mut() {
            Some(open) if at <= open.end + GAP => open.end = at + 1,
            _ => clusters.push(at..at + 1),
        }
    }
    clusters
}

/// The byte ranges of `text` around its digit `clusters`, as far as `reach` goes, sorted and
/// disjoint. Each range starts and ends on a character boundary.
pub(crate) fn digit_windows(
    text: &str,
    clusters: &[Range<usize>],
    reach: Reach,
) -> Vec<Range<usize>> {
    let mut windows = Vec::new();
    for digits in clusters {
        push_window(text, digits.clone(), reach, &mut windows);
    }
    windows
}

/// Widens a digit cluster to its window and appends it, merging with the previous window when
/// they touch.
fn push_window(text: &str, digits: Range<usize>, reach: Reach, windows: &mut Vec<Range<usize>>) {
    let floor = windows.last().map_or(0, |w| w.end);
    let start = word_start(
        text,
        digits.start.saturating_sub(reach.before).max(floor),
        floor,
    );
    let end = word_end(text, (digits.end + reach.after).min(text.len()));
    match windows.last_mut() {
        Some(last) if start <= last.end => last.end = end,
        _ => windows.push(start..end),
    }
}

/// Moves left from `at` to the start of its word, no further than `floor` or [`SNAP`] bytes,
/// landing on a character boundary.
fn word_start(text: &str, mut at: usize, floor: usize) -> usize {
    let bytes = text.as_bytes();
    let limit = at.saturating_sub(SNAP).max(floor);
    while at > limit && !bytes[at - 1].is_ascii_whitespace() {
        at -= 1;
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Moves right from `at` to the end of its word, no further than [`SNAP`] bytes, landing on a
/// character boundary.
fn word_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    let limit = (at + SNAP).min(bytes.len());
    while at < limit && !bytes[at].is_ascii_whitespace() {
        at += 1;
    }
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The matches of `regex` that start in `window`, with offsets in the whole of `text`. The
/// text before the window still counts for boundaries and the checks that follow.
pub(crate) fn matches_in<'t>(
    regex: &'t Regex,
    text: &'t str,
    window: Range<usize>,
) -> impl Iterator<Item = Match<'t>> + 't {
    let haystack = &text[..window.end];
    let mut at = window.start;
    std::iter::from_fn(move || {
        if at > haystack.len() {
            return None;
        }
        let found = regex.find_at(haystack, at)?;
        at = found.end();
        if found.is_empty() {
            // Step over one character so that an empty match is not found again.
            at += haystack[at..].chars().next().map_or(1, char::len_utf8);
        }
        Some(found)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows(text: &str) -> Vec<&str> {
        digit_windows(text, &digit_clusters(text), CANDIDATE_REACH)
            .into_iter()
            .map(|w| &text[w])
            .collect()
    }

    #[test]
    fn windows_cover_digit_clusters_and_their_words() {
        assert!(windows("no digits here").is_empty());
        assert_eq!(
            windows("Hello there, my IBAN is DE89 3704 0044 0532 0130 00 and that is all"),
            ["there, my IBAN is DE89 3704 0044 0532 0130 00 and that"]
        );
        assert_eq!(
            windows("a very long introduction without numbers, then NINO AB 12 34 56 C."),
            ["numbers, then NINO AB 12 34 56 C."]
        );
    }

    #[test]
    fn near_clusters_merge_and_far_ones_do_not() {
        let text = format!("call 0170 1234567 {} or 040 123 4567", "filler ".repeat(20));
        assert_eq!(windows(&text).len(), 2);
        assert_eq!(windows("born 3 mars 1990, call 06 12 34 56 78").len(), 1);
    }

    #[test]
    fn edges_fall_on_character_boundaries() {
        let text = "ééééééééééééééééééééééééééééééé1éééééééééééééééééééééééééééééééé";
        for window in digit_windows(text, &digit_clusters(text), CANDIDATE_REACH) {
            assert!(text.is_char_boundary(window.start) && text.is_char_boundary(window.end));
        }
    }

    #[test]
    fn matches_are_those_starting_in_the_window() {
        let digits = Regex::new("[0-9]+").unwrap();
        let text = "12 ab 34 cd 56";
        let found: Vec<&str> = matches_in(&digits, text, 3..11)
            .map(|m| m.as_str())
            .collect();
        assert_eq!(found, ["34"]);
        let empty = Regex::new("x*").unwrap();
        assert_eq!(matches_in(&empty, "éa", 0..3).count(), 3);
    }
}
