//! IPv4 and IPv6 addresses. Version numbers and times are not addresses: the standard
//! library's parsers decide, and an IPv4 glued to more dotted numbers is refused. Private,
//! loopback and link-local addresses name a machine inside some network, not a person's
//! connection, so they are not reported.

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

/// True for an address that can stand for someone's connection on the internet.
fn public_v4(address: Ipv4Addr) -> bool {
    !(address.is_private()
        || address.is_loopback()
        || address.is_link_local()
        || address.is_unspecified())
}

/// True for an address that can stand for someone's connection on the internet.
fn public_v6(address: Ipv6Addr) -> bool {
    !(address.is_loopback()
        || address.is_unspecified()
        || address.is_unique_local()
        || address.is_unicast_link_local())
}

pub(crate) fn find(text: &str, out: &mut Vec<Span>) {
    for m in V4.find_iter(text) {
        if glued(text, m.start(), m.end(), &['.'])
            || !m.as_str().parse::<Ipv4Addr>().is_ok_and(public_v4)
            || VERSION_CUES.before(text, m.start(), CONTEXT_WINDOW)
        {
            continue;
        }
        out.push(Span::new(EntityType::IpAddress, m.start(), m.end(), 0.9));
    }
    for m in V6.find_iter(text) {
        if glued(text, m.start(), m.end(), &[':'])
            || !m.as_str().parse::<Ipv6Addr>().is_ok_and(public_v6)
        {
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
    fn private_and_loopback_addresses_are_not_personal() {
        for address in [
            "10.0.0.12",
            "192.168.1.20",
            "172.16.4.1",
            "127.0.0.1",
            "169.254.1.1",
        ] {
            assert!(
                found(&format!("server {address} is down")).is_empty(),
                "{address}"
            );
        }
        for address in ["::1", "fe80::1ff:fe23:4567:890a", "fd12:3456:789a::1"] {
            assert!(
                found(&format!("server {address} is down")).is_empty(),
                "{address}"
            );
        }
    }
}
