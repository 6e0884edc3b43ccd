//! IPv4 and IPv6 addresses, private and loopback ones included: the label guide counts every
//! address, and one of a home network still says something about whoever typed it. Version
//! numbers and times are not addresses: the standard library's parsers decide, and an IPv4
//! glued to more dotted numbers is refused.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::Regex;

use crate::entity::{EntityType, Span};
use crate::text::{CONTEXT_WINDOW, Cues, char_at, char_before, compiled};

static V4: LazyLock<Regex> = LazyLock::new(|| compiled(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}"));
static V6: LazyLock<Regex> =
    LazyLock::new(|| compiled(r"(?i)[0-9a-f]{0,4}:[0-9a-f]{0,4}:[0-9a-f:.]*[0-9a-f]"));

static VERSION_CUES: LazyLock<Cues> =
    LazyLock::new(|| Cues::new(&["version", "v.", "release", "versio"]));

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
            || VERSION_CUES.before(text, m.start(), CONTEXT_WINDOW)
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
        assert_eq!(found("my IP is 81.2.69.160."), ["81.2.69.160"]);
        assert_eq!(
            found("from 2001:db8::ff00:42:8329 today"),
            ["2001:db8::ff00:42:8329"]
        );
        assert_eq!(
            found("[2a00:1450:4007:80f::200e]"),
            ["2a00:1450:4007:80f::200e"]
        );
        assert!(found("version 1.2.3.4").is_empty());
        assert!(found("1.2.3.4.5").is_empty());
        assert!(found("999.1.1.1").is_empty());
        assert!(found("at 10:30:00").is_empty());
    }

    #[test]
    fn private_and_loopback_addresses_too() {
        for address in [
            "10.0.0.12",
            "192.168.1.20",
            "127.0.0.1",
            "::1",
            "fe80::1ff:fe23:4567:890a",
        ] {
            assert_eq!(found(&format!("server {address} is down")), [address]);
        }
        assert_eq!(found("router 192.168.1.20:8080 ok"), ["192.168.1.20"]);
        assert_eq!(found("range 10.0.0.5/24 blocked"), ["10.0.0.5"]);
        assert_eq!(found("IP: 10.0.0.1."), ["10.0.0.1"]);
    }
}
