//! Brakes on password guessing, on each node: after a few wrong passwords for one account, or
//! from one network (an IPv4 address, an IPv6 /64), each further attempt must wait twice as
//! long as the last, up to [`MAX_DELAY`]. An attempt that comes too early is refused before
//! any password is hashed. There is no lockout: whoever guesses cannot keep the owner out for
//! longer than [`MAX_DELAY`] at a time. The argon2 work itself is bounded: at most
//! [`HASHING_AT_ONCE`] checks run at once and at most [`HASHING_QUEUE`] wait, the rest are
//! told to come back.
//!
//! Accounts and networks are known only by a keyed hash under a secret of this process, and
//! forgotten after [`FORGET_AFTER`] without failures.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sotto_crypto::EphemeralHasher;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::{AppError, AppResult};

/// Wrong passwords for one account before attempts are slowed.
pub const FREE_ACCOUNT_FAILURES: u32 = 5;
/// Wrong passwords from one network before attempts are slowed (a team behind one address).
pub const FREE_NETWORK_FAILURES: u32 = 20;
/// The longest wait between two attempts.
pub const MAX_DELAY: Duration = Duration::from_secs(60);
/// Password checks that run at once.
pub const HASHING_AT_ONCE: usize = 2;
/// Password checks that may wait for one of those; more are refused.
pub const HASHING_QUEUE: usize = 8;
/// A counter without a new failure for this long starts over.
pub const FORGET_AFTER: Duration = Duration::from_secs(3600);

/// Who is guessing at what: the account (workspace and address as typed, normalized) and the
/// network the attempt came from.
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    account: [u8; 16],
    network: Option<[u8; 16]>,
}

#[derive(Debug)]
struct Counter {
    failures: u32,
    not_before: Instant,
    last_failure: Instant,
}

/// A node's sign-in brakes.
pub struct SignInThrottle {
    hasher: EphemeralHasher,
    counters: Mutex<HashMap<[u8; 16], Counter>>,
    audited: Mutex<HashMap<[u8; 16], i64>>,
    hashing: Semaphore,
    waiting: AtomicUsize,
}

impl SignInThrottle {
    /// Fresh brakes, with a fresh secret.
    pub fn new() -> AppResult<Self> {
        Ok(Self {
            hasher: EphemeralHasher::generate()?,
            counters: Mutex::new(HashMap::new()),
            audited: Mutex::new(HashMap::new()),
            hashing: Semaphore::new(HASHING_AT_ONCE),
            waiting: AtomicUsize::new(0),
        })
    }

    /// The attempt's keys: the account, and the network of `from` (the whole IPv4 address, the
    /// /64 of an IPv6 one).
    pub fn attempt(&self, workspace: &str, email: &str, from: Option<IpAddr>) -> Attempt {
        let account = format!(
            "account\n{}\n{}",
            workspace.trim(),
            email.trim().to_lowercase()
        );
        let network = from.map(|ip| {
            let mut key = b"network\n".to_vec();
            match ip {
                IpAddr::V4(v4) => key.extend_from_slice(&v4.octets()),
                IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                    Some(v4) => key.extend_from_slice(&v4.octets()),
                    None => key.extend_from_slice(&v6.octets()[..8]),
                },
            }
            self.hasher.hash(&key)
        });
        Attempt {
            account: self.hasher.hash(account.as_bytes()),
            network,
        }
    }

    /// Refuses an attempt that comes before its account's or network's wait is over.
    pub fn check(&self, attempt: &Attempt) -> AppResult<()> {
        let now = Instant::now();
        let counters = self.lock()?;
        let wait = attempt
            .keys()
            .filter_map(|key| counters.get(&key))
            .map(|c| c.not_before.saturating_duration_since(now))
            .max()
            .unwrap_or_default();
        if wait.is_zero() {
            Ok(())
        } else {
            Err(AppError::RateLimited {
                retry_after_secs: wait.as_secs() + 1,
            })
        }
    }

    /// A slot to check a password in, or [`AppError::RateLimited`] when too many wait already.
    pub async fn hashing_slot(&self) -> AppResult<SemaphorePermit<'_>> {
        if let Ok(permit) = self.hashing.try_acquire() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= HASHING_QUEUE {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(AppError::RateLimited {
                retry_after_secs: 1,
            });
        }
        let permit = self.hashing.acquire().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        permit.map_err(|_| AppError::Setup("sign-in checks closed".into()))
    }

    /// Counts a wrong password.
    pub fn failed(&self, attempt: &Attempt) -> AppResult<()> {
        let now = Instant::now();
        let mut counters = self.lock()?;
        counters.retain(|_, c| now.duration_since(c.last_failure) < FORGET_AFTER);
        for (key, free) in [
            (Some(attempt.account), FREE_ACCOUNT_FAILURES),
            (attempt.network, FREE_NETWORK_FAILURES),
        ] {
            let Some(key) = key else { continue };
            let counter = counters.entry(key).or_insert(Counter {
                failures: 0,
                not_before: now,
                last_failure: now,
            });
            counter.failures += 1;
            counter.last_failure = now;
            counter.not_before = now + delay_after(counter.failures, free);
        }
        Ok(())
    }

    /// Whether the audit log is to hear of a failure about `subject` (a member's id, or a
    /// workspace for addresses it does not know) in `hour` (hours since the epoch): once per
    /// subject and hour, so that guessing cannot make the log grow without bound.
    pub fn audit_due(&self, subject: &str, hour: i64) -> AppResult<bool> {
        let key = self.hasher.hash(format!("audit\n{subject}").as_bytes());
        let mut audited = self
            .audited
            .lock()
            .map_err(|_| AppError::Setup("sign-in throttle state poisoned".into()))?;
        audited.retain(|_, h| *h >= hour - 1);
        Ok(audited.insert(key, hour) != Some(hour))
    }

    /// A right password: the account's count starts over (the network's does not: one good
    /// account does not pay for guesses at others).
    pub fn succeeded(&self, attempt: &Attempt) -> AppResult<()> {
        self.lock()?.remove(&attempt.account);
        Ok(())
    }

    fn lock(&self) -> AppResult<std::sync::MutexGuard<'_, HashMap<[u8; 16], Counter>>> {
        self.counters
            .lock()
            .map_err(|_| AppError::Setup("sign-in throttle state poisoned".into()))
    }
}

impl Attempt {
    fn keys(&self) -> impl Iterator<Item = [u8; 16]> {
        std::iter::once(self.account).chain(self.network)
    }
}

/// The wait after `failures` wrong passwords, the first `free` of which cost nothing: 1 s,
/// then twice as long each time, up to [`MAX_DELAY`].
fn delay_after(failures: u32, free: u32) -> Duration {
    match failures.checked_sub(free + 1) {
        None => Duration::ZERO,
        Some(doublings) => Duration::from_secs(1u64 << doublings.min(16)).min(MAX_DELAY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_after_the_free_failures_up_to_the_cap() {
        let delays: Vec<u64> = (1..=13).map(|n| delay_after(n, 5).as_secs()).collect();
        assert_eq!(delays, [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(delay_after(u32::MAX, 5), MAX_DELAY);
    }

    #[test]
    fn an_account_is_slowed_after_its_free_failures_wherever_they_come_from() {
        let throttle = SignInThrottle::new().unwrap();
        for i in 0..FREE_ACCOUNT_FAILURES {
            let from = IpAddr::from([198, 51, 100, i as u8]);
            let attempt = throttle.attempt("t", "Anna@Example.com", Some(from));
            throttle.check(&attempt).unwrap();
            throttle.failed(&attempt).unwrap();
        }
        let again = throttle.attempt("t", "anna@example.com ", Some([192, 0, 2, 1].into()));
        throttle.check(&again).unwrap();
        throttle.failed(&again).unwrap();
        assert!(matches!(
            throttle.check(&again),
            Err(AppError::RateLimited {
                retry_after_secs: 1..=2
            })
        ));
        let other = throttle.attempt("t", "ben@example.com", Some([192, 0, 2, 2].into()));
        throttle
            .check(&other)
            .expect("another account is not slowed");
    }

    #[test]
    fn a_network_is_one_ipv6_slash_64() {
        let throttle = SignInThrottle::new().unwrap();
        for i in 0..=FREE_NETWORK_FAILURES {
            let from: IpAddr = format!("2001:db8:1:2::{i:x}").parse().unwrap();
            let attempt = throttle.attempt("t", &format!("guess{i}@example.com"), Some(from));
            throttle.check(&attempt).unwrap();
            throttle.failed(&attempt).unwrap();
        }
        let same_net = throttle.attempt(
            "t",
            "new@example.com",
            Some("2001:db8:1:2:ffff::1".parse().unwrap()),
        );
        assert!(throttle.check(&same_net).is_err());
        let next_net = throttle.attempt(
            "t",
            "new@example.com",
            Some("2001:db8:1:3::1".parse().unwrap()),
        );
        throttle.check(&next_net).unwrap();
    }

    #[test]
    fn failures_are_audited_once_per_subject_and_hour() {
        let throttle = SignInThrottle::new().unwrap();
        assert!(throttle.audit_due("member-1", 7).unwrap());
        assert!(!throttle.audit_due("member-1", 7).unwrap());
        assert!(throttle.audit_due("member-2", 7).unwrap());
        assert!(throttle.audit_due("member-1", 8).unwrap());
    }

    #[test]
    fn a_right_password_starts_the_account_over() {
        let throttle = SignInThrottle::new().unwrap();
        let attempt = throttle.attempt("t", "anna@example.com", None);
        for _ in 0..=FREE_ACCOUNT_FAILURES {
            throttle.failed(&attempt).unwrap();
        }
        assert!(throttle.check(&attempt).is_err());
        throttle.succeeded(&attempt).unwrap();
        throttle.check(&attempt).unwrap();
    }

    #[tokio::test]
    async fn password_checks_beyond_the_queue_are_refused() {
        let throttle = std::sync::Arc::new(SignInThrottle::new().unwrap());
        let mut held = Vec::new();
        for _ in 0..HASHING_AT_ONCE {
            held.push(throttle.hashing_slot().await.unwrap());
        }
        let mut queued = Vec::new();
        for _ in 0..HASHING_QUEUE {
            let throttle = throttle.clone();
            queued.push(tokio::spawn(async move {
                throttle.hashing_slot().await.map(drop)
            }));
        }
        while throttle.waiting.load(Ordering::SeqCst) < HASHING_QUEUE {
            tokio::task::yield_now().await;
        }
        assert!(matches!(
            throttle.hashing_slot().await,
            Err(AppError::RateLimited { .. })
        ));
        drop(held);
        for waiting in queued {
            waiting.await.unwrap().unwrap();
        }
    }
}
