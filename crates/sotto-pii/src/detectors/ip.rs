//! IPv4 and IPv6 addresses. Version numbers and times are not addresses: the standard
//! library's parsers decide, and an IPv4 glued to more dotted numbers is refused.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::Regex;

use crate::entity::{EntityType, Span};
use crate::text::{char_at, char_before, cue_before};

static V4: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}").expect("valid regex"));
static V6: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[0-9a-f]{0,4}:[0-9a-f]{0,4}:[0-9a-f:.]*[0-9a-f]").expect("valid regex")
});

const VERSION_CUES: &[&str] = &["version", "v.", "release", "versio"];

fn glued(text: &str, start: usize, end: usize, joiners: &[char]) -> bool {
    let before = char_before(text, start);
    let after = char_at(text, end);
    before.is_some_and(|c| c.is_alphanumeric() || joiners.contains(&c))
        || after.is_some_and(|c| c.is_alphanumeric())
        || after.is_some_and(|c| joiners.contains(&c))
            && text[end + 1..].starts_with(|c: char| c.is_ascii_hexdigit())
}

pub(crate) fn find(text: &str, out: &mut Vec<Span>) {
    for m in V4.find_iter(text) {
        if glued(text, m.start(), m.end(), &['.'])
            || m.as_str().parse::<Ipv4Addr>().is_err()
            || cue_before(text, m.start(), VERSION_CUES)
        {
            continue;
        }
        out.push(Span::new(EntityType::IpAddress, m.start(), m.end(), 0.9));
    }
    for m in V6.find_iter(text) {
        if glued(text, m.start(), m.end(), &[':']) || m.as_str().parse::<Ipv6Addr>().is_err() {
            continue;
        }
        out.push(Span::new(EntityType::IpAddress, m.start(), m.end(), 0.9));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::detectors::found_by(find, text)
    }

    #[test]
    fn addresses_but_not_versions_or_times() {
        assert_eq!(found("my IP is 192.168.1.20."), ["192.168.1.20"]);
        assert_eq!(
            found("from 2001:db8::ff00:42:8329 today"),
            ["2001:db8::ff00:42:8329"]
        );
        assert_eq!(found("::1"), ["::1"]);
        assert!(found("version 1.2.3.4").is_empty());
        assert!(found("1.2.3.4.5").is_empty());
        assert!(found("999.1.1.1").is_empty());
        assert!(found("at 10:30:00").is_empty());
    }
}
