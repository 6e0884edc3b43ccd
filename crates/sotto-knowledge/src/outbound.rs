//! The one HTTP client for every outbound request (crawler, LLM provider). It refuses to
//! connect to loopback, private, link-local and other non-public addresses unless the operator
//! allows them, so that a site URL or a provider URL cannot be turned against the machine's own
//! network (server-side request forgery). The check runs where it cannot be bypassed: on every
//! address a host name resolves to (the connection only uses checked addresses), on literal IP
//! addresses in URLs, and on every redirect. System proxies are ignored for the same reason.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Which non-public destinations the operator allows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(default, deny_unknown_fields)]
pub struct AddressPolicy {
    /// Allow 127.0.0.0/8 and ::1 (a model served on the same machine; tests).
    pub allow_loopback: bool,
    /// Allow private, shared, benchmarking, unique-local and IPv6 link-local ranges (a model
    /// or site on the company network). Cloud metadata addresses and IPv4 link-local stay
    /// refused.
    pub allow_private: bool,
}

/// Why an outbound request was not made or failed.
#[derive(Debug, thiserror::Error)]
pub enum OutboundError {
    /// The URL is not an absolute http(s) URL.
    #[error("only http and https URLs can be fetched")]
    Scheme,
    /// The destination is an address the policy refuses.
    #[error("refused: {0} is not a public address (allow it in [outbound] if intended)")]
    Refused(String),
    /// The response body is larger than allowed.
    #[error("the response is larger than {0} bytes")]
    TooLarge(usize),
    /// The HTTP exchange failed (connection, timeout, protocol).
    #[error("request failed: {0}")]
    Http(#[from] reqwest::Error),
}

/// Whether `ip` may be connected to under `policy`.
pub fn address_allowed(ip: IpAddr, policy: AddressPolicy) -> bool {
    match classify(ip) {
        AddressClass::Public => true,
        AddressClass::Loopback => policy.allow_loopback,
        AddressClass::Private => policy.allow_private,
        AddressClass::Never => false,
    }
}

enum AddressClass {
    Public,
    Loopback,
    Private,
    Never,
}

fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

/// The IPv4 address an IPv6 address stands for, where the network delivers it there: mapped
/// (`::ffff:0:0/96`), compatible (`::/96`, deprecated but still routed by some stacks), NAT64
/// (`64:ff9b::/96`) and 6to4 (`2002::/16`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let last = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if let Some(v4) = ip.to_ipv4_mapped() {
        Some(v4)
    } else if (s[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified())
        || s[..6] == [0x64, 0xff9b, 0, 0, 0, 0]
    {
        Some(last())
    } else if s[0] == 0x2002 {
        Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ))
    } else {
        None
    }
}

/// Cloud instance metadata services: never reachable, whatever the policy allows (they hand
/// out the machine's credentials).
const METADATA_V4: [Ipv4Addr; 2] = [
    Ipv4Addr::new(169, 254, 169, 254),
    Ipv4Addr::new(100, 100, 100, 200),
];
const METADATA_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254);

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, c, _] = ip.octets();
    let documentation = matches!((a, b, c), (192, 0, 2) | (198, 51, 100) | (203, 0, 113));
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || a >= 240
        || METADATA_V4.contains(&ip)
        || ip.is_link_local()
        || documentation
        || (a, b, c) == (192, 0, 0)
    {
        AddressClass::Never
    } else if ip.is_private()
        || (a == 100 && (64..128).contains(&b))
        || (a == 198 && (18..20).contains(&b))
    {
        AddressClass::Private
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    let s = ip.segments();
    let first = s[0];
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_unspecified()
        || ip.is_multicast()
        || ip == METADATA_V6
        // Teredo (its IPv4 end is obfuscated), documentation, discard-only.
        || (first, s[1]) == (0x2001, 0)
        || (first, s[1]) == (0x2001, 0x0db8)
        || s[..4] == [0x100, 0, 0, 0]
    {
        AddressClass::Never
    } else if (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0
        || (first, s[1]) == (0x64, 0xff9b)
    {
        AddressClass::Private
    } else {
        AddressClass::Public
    }
}

/// Resolves names with the system resolver and keeps only the allowed addresses.
struct GuardedResolver {
    policy: AddressPolicy,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| address_allowed(a.ip(), policy))
                .collect();
            if allowed.is_empty() {
                return Err(Box::new(OutboundError::Refused(host)) as _);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// Checks a URL's scheme and, when its host is a literal address, that address.
pub fn check_url(url: &Url, policy: AddressPolicy) -> Result<(), OutboundError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(OutboundError::Scheme);
    }
    let ip = match url.host() {
        Some(Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(Host::Ipv6(v6)) => IpAddr::V6(v6),
        Some(Host::Domain(_)) => return Ok(()),
        None => return Err(OutboundError::Scheme),
    };
    if address_allowed(ip, policy) {
        Ok(())
    } else {
        Err(OutboundError::Refused(ip.to_string()))
    }
}

/// Redirects followed at most.
const MAX_REDIRECTS: usize = 5;

/// The guarded client. Cheap to clone.
#[derive(Clone)]
pub struct OutboundClient {
    client: reqwest::Client,
    policy: AddressPolicy,
}

impl OutboundClient {
    /// A client identifying itself as `user_agent`, giving up on a request after `timeout`.
    pub fn new(
        policy: AddressPolicy,
        user_agent: &str,
        timeout: Duration,
    ) -> Result<Self, OutboundError> {
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if let Err(refused) = check_url(attempt.url(), policy) {
                attempt.error(refused)
            } else {
                attempt.follow()
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(redirects)
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver { policy }))
            .build()?;
        Ok(Self { client, policy })
    }

    /// The policy this client enforces.
    pub fn policy(&self) -> AddressPolicy {
        self.policy
    }

    /// A request builder for `url` after checking it; send it with [`OutboundClient::send`].
    pub fn request(
        &self,
        method: reqwest::Method,
        url: &Url,
    ) -> Result<reqwest::RequestBuilder, OutboundError> {
        check_url(url, self.policy)?;
        Ok(self.client.request(method, url.clone()))
    }

    /// Sends a request built by [`OutboundClient::request`].
    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, OutboundError> {
        Ok(request.send().await?)
    }
}

/// Reads a response body, refusing more than `limit` bytes.
pub async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, OutboundError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(OutboundError::TooLarge(limit));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Err(OutboundError::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn classifies_addresses() {
        let closed = AddressPolicy::default();
        for public in ["93.184.216.34", "2606:2800:220:1::248", "8.8.8.8"] {
            assert!(address_allowed(ip(public), closed), "{public}");
        }
        for refused in [
            "127.0.0.1",
            "::1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "0.0.0.0",
            "::",
            "255.255.255.255",
            "224.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a00:1",
            "::a9fe:a9fe",
            "2002:c0a8:101::1",
            "2002:7f00:1::",
            "fec0::1",
            "198.18.0.1",
            "198.19.255.254",
            "192.0.2.10",
            "2001:db8::1",
            "2001::1",
            "fd00:ec2::254",
            "100.100.100.200",
        ] {
            assert!(!address_allowed(ip(refused), closed), "{refused}");
        }
        let loopback = AddressPolicy {
            allow_loopback: true,
            ..AddressPolicy::default()
        };
        assert!(address_allowed(ip("127.0.0.1"), loopback));
        assert!(address_allowed(ip("::ffff:127.0.0.1"), loopback));
        assert!(!address_allowed(ip("10.0.0.1"), loopback));
        assert!(!address_allowed(ip("0.0.0.0"), loopback));
        let private = AddressPolicy {
            allow_private: true,
            ..AddressPolicy::default()
        };
        assert!(address_allowed(ip("192.168.1.1"), private));
        assert!(address_allowed(ip("64:ff9b::c0a8:101"), private));
        assert!(address_allowed(ip("198.18.0.1"), private));
        for metadata in [
            "169.254.169.254",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "fd00:ec2::254",
            "100.100.100.200",
        ] {
            assert!(!address_allowed(ip(metadata), private), "{metadata}");
        }
        assert!(!address_allowed(ip("127.0.0.1"), private));
        assert!(
            address_allowed(ip("64:ff9b::808:808"), closed),
            "NAT64 of a public address"
        );
        assert!(
            address_allowed(ip("2002:808:808::1"), closed),
            "6to4 of a public address"
        );
    }

    #[test]
    fn urls_are_checked_before_any_connection() {
        let closed = AddressPolicy::default();
        let check = |u: &str| check_url(&Url::parse(u).unwrap(), closed);
        assert!(matches!(
            check("ftp://example.com/"),
            Err(OutboundError::Scheme)
        ));
        assert!(matches!(
            check("file:///etc/passwd"),
            Err(OutboundError::Scheme)
        ));
        assert!(matches!(
            check("http://127.0.0.1:8080/"),
            Err(OutboundError::Refused(_))
        ));
        assert!(matches!(
            check("http://[::1]/"),
            Err(OutboundError::Refused(_))
        ));
        assert!(
            matches!(check("http://2130706433/"), Err(OutboundError::Refused(_))),
            "decimal form of 127.0.0.1"
        );
        assert!(check("https://example.com/").is_ok());
    }
}
