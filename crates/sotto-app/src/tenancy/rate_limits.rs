//! Abuse limits: how many requests a client address, a visitor, a site and an admin key may
//! make per minute on this node. Counters live in memory only (GCRA, `governor`), keyed for
//! addresses and visitors by a hash under a secret that rotates every hour, so no address or
//! visitor id is held in clear, and none outlives the rotation.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use serde::{Deserialize, Serialize};
use sotto_core::{SiteId, VisitorId};
use sotto_crypto::EphemeralHasher;

use crate::{AppError, AppResult};

/// How often the hashing secret (and with it every counter) is replaced.
pub const ROTATION: Duration = Duration::from_secs(3600);

/// Requests per minute (a burst of the same size is allowed); 0 turns a limit off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimitConfig {
    /// Per client address, every route.
    pub per_address: u32,
    /// Per visitor, widget routes.
    pub per_visitor: u32,
    /// Per site, widget routes.
    pub per_site: u32,
    /// Per admin API key, admin routes.
    pub per_key: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            per_address: 300,
            per_visitor: 60,
            per_site: 3_000,
            per_key: 600,
        }
    }
}

type Limiter = DefaultKeyedRateLimiter<[u8; 16]>;

/// One limit: a keyed limiter, or nothing when the limit is off.
struct Limit(Option<Limiter>);

impl Limit {
    fn new(per_minute: u32) -> Self {
        Self(NonZeroU32::new(per_minute).map(|n| Limiter::keyed(Quota::per_minute(n))))
    }

    fn check(&self, key: [u8; 16]) -> AppResult<()> {
        let Some(limiter) = &self.0 else {
            return Ok(());
        };
        limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            AppError::RateLimited {
                retry_after_secs: wait.as_secs() + 1,
            }
        })
    }

    fn forget_idle(&self) {
        if let Some(limiter) = &self.0 {
            limiter.retain_recent();
        }
    }
}

/// The hashing secret and when it was made.
struct Epoch {
    hasher: EphemeralHasher,
    since: Instant,
}

/// Every limit of a node.
pub struct RateLimits {
    epoch: RwLock<Epoch>,
    address: Limit,
    visitor: Limit,
    site: Limit,
    key: Limit,
}

impl RateLimits {
    /// Limits as configured, with a fresh secret.
    pub fn new(config: &RateLimitConfig) -> AppResult<Self> {
        Ok(Self {
            epoch: RwLock::new(Epoch {
                hasher: EphemeralHasher::generate()?,
                since: Instant::now(),
            }),
            address: Limit::new(config.per_address),
            visitor: Limit::new(config.per_visitor),
            site: Limit::new(config.per_site),
            key: Limit::new(config.per_key),
        })
    }

    /// The keyed hash of `kind` and `value` under the current secret.
    fn key(&self, kind: u8, value: &[u8]) -> AppResult<[u8; 16]> {
        self.rotate_if_due()?;
        let epoch = self
            .epoch
            .read()
            .map_err(|_| AppError::Setup("rate limit state poisoned".into()))?;
        let mut input = Vec::with_capacity(value.len() + 1);
        input.push(kind);
        input.extend_from_slice(value);
        Ok(epoch.hasher.hash(&input))
    }

    /// Replaces the secret once [`ROTATION`] has passed.
    fn rotate_if_due(&self) -> AppResult<()> {
        let due = self
            .epoch
            .read()
            .map(|epoch| epoch.since.elapsed() >= ROTATION)
            .unwrap_or(true);
        if due {
            self.rotate()?;
        }
        Ok(())
    }

    /// Replaces the secret now: every earlier key becomes unlinkable, and counters start over.
    pub fn rotate(&self) -> AppResult<()> {
        let fresh = Epoch {
            hasher: EphemeralHasher::generate()?,
            since: Instant::now(),
        };
        *self
            .epoch
            .write()
            .map_err(|_| AppError::Setup("rate limit state poisoned".into()))? = fresh;
        for limit in [&self.address, &self.visitor, &self.site, &self.key] {
            limit.forget_idle();
        }
        Ok(())
    }

    /// Counts a request from a client address: an IPv4 address, or an IPv6 /64 (one
    /// subscriber's network, in which a client can take a new address at will).
    pub fn check_address(&self, address: IpAddr) -> AppResult<()> {
        let octets = match address {
            IpAddr::V4(v4) => v4.octets().to_vec(),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.octets().to_vec(),
                None => v6.octets()[..8].to_vec(),
            },
        };
        self.address.check(self.key(b'a', &octets)?)
    }

    /// Counts a widget request to a site, and for its visitor when the request names one.
    pub fn check_widget(&self, site: &SiteId, visitor: Option<&VisitorId>) -> AppResult<()> {
        self.site.check(self.key(b's', site.as_str().as_bytes())?)?;
        match visitor {
            Some(visitor) => self.visitor.check(self.key(b'v', visitor.as_bytes())?),
            None => Ok(()),
        }
    }

    /// Counts an admin request made with a key.
    pub fn check_key(&self, key_id: &str) -> AppResult<()> {
        self.key.check(self.key(b'k', key_id.as_bytes())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_minute: u32) -> RateLimits {
        RateLimits::new(&RateLimitConfig {
            per_address: per_minute,
            per_visitor: per_minute,
            per_site: 1_000,
            per_key: per_minute,
        })
        .unwrap()
    }

    #[test]
    fn a_burst_beyond_the_limit_is_refused_with_a_wait() {
        let limits = limits(3);
        let address: IpAddr = "203.0.113.9".parse().unwrap();
        for _ in 0..3 {
            limits.check_address(address).unwrap();
        }
        match limits.check_address(address) {
            Err(AppError::RateLimited { retry_after_secs }) => {
                assert!((1..=61).contains(&retry_after_secs), "{retry_after_secs}")
            }
            other => panic!("expected a rate limit, got {other:?}"),
        }
        limits
            .check_address("203.0.113.10".parse().unwrap())
            .expect("another address has its own budget");
    }

    #[test]
    fn visitors_and_keys_are_counted_apart() {
        let limits = limits(1);
        let site: SiteId = "shop".parse().unwrap();
        let (anna, ben) = (VisitorId::random(), VisitorId::random());
        limits.check_widget(&site, Some(&anna)).unwrap();
        assert!(limits.check_widget(&site, Some(&anna)).is_err());
        limits.check_widget(&site, Some(&ben)).unwrap();
        limits.check_widget(&site, None).unwrap();
        limits.check_key("0123456789ab").unwrap();
        assert!(limits.check_key("0123456789ab").is_err());
    }

    #[test]
    fn rotation_starts_every_counter_over() {
        let limits = limits(1);
        let address: IpAddr = "2001:db8::1".parse().unwrap();
        limits.check_address(address).unwrap();
        assert!(limits.check_address(address).is_err());
        assert!(
            limits
                .check_address("2001:db8::2".parse().unwrap())
                .is_err(),
            "the same /64"
        );
        limits.rotate().unwrap();
        limits.check_address(address).unwrap();
    }

    #[test]
    fn a_zero_limit_is_off() {
        let limits = limits(0);
        for _ in 0..1_000 {
            limits.check_key("0123456789ab").unwrap();
        }
    }
}
