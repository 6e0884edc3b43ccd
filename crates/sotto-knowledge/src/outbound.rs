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
    /// Allow private, link-local, shared and unique-local ranges (a model or site on the
    /// company network).
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
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_unspecified() || ip.is_broadcast() || ip.is_multicast() || a == 0 || a >= 240 {
        AddressClass::Never
    } else if ip.is_private() || ip.is_link_local() || (a == 100 && (64..128).contains(&b)) {
        AddressClass::Private
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_unspecified() || ip.is_multicast() {
        AddressClass::Never
    } else if (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80 {
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
        assert!(address_allowed(ip("169.254.169.254"), private));
        assert!(!address_allowed(ip("127.0.0.1"), private));
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
