//! Summary e-mails go only to an address the visitor has shown they read: a first request sends
//! a six-digit code (in a message that holds no text the visitor typed, so the relay cannot be
//! made to carry anyone's words to anyone), and the summary goes once the widget sends the code
//! back. Codes are keyed hashes of the tenant, the visitor, the address and a
//! [`CODE_WINDOW_SECONDS`] window ([`sotto_crypto::MasterKey::confirmation_code`]): any node
//! checks them, nothing is stored. Mail is limited per visitor and per site and day, and code
//! tries per visitor and day, on each node.

use std::collections::HashMap;
use std::sync::Mutex;

use sotto_core::{Pseudonym, SiteId, TenantId};
use sotto_crypto::EphemeralHasher;
use sotto_store::EmailIndex;

use crate::{AppError, AppResult};

/// A code is valid in the window it was made in and the next one (15 to 30 minutes).
pub const CODE_WINDOW_SECONDS: i64 = 900;
/// E-mails (codes and summaries) one visitor can have sent per day.
pub const MAILS_PER_VISITOR_DAY: u32 = 6;
/// E-mails one site can have sent per day.
pub const MAILS_PER_SITE_DAY: u32 = 300;
/// Codes one visitor may try per day.
pub const CODE_TRIES_PER_VISITOR_DAY: u32 = 20;

const DAY: i64 = 86_400;

/// What a code stands for.
pub(crate) struct CodeContext<'a> {
    pub tenant: TenantId,
    pub visitor: &'a Pseudonym,
    pub address: &'a EmailIndex,
}

impl CodeContext<'_> {
    /// The bytes the code is made of, for the window holding `at`.
    pub(crate) fn bytes(&self, at: i64) -> Vec<u8> {
        let mut bytes = format!(
            "sotto-email-code/v1\n{}\n{}\n",
            self.tenant,
            at.div_euclid(CODE_WINDOW_SECONDS)
        )
        .into_bytes();
        bytes.extend_from_slice(self.visitor.as_bytes());
        bytes.extend_from_slice(&self.address.0);
        bytes
    }
}

/// Today's counters, keyed by a hash under a secret of the day.
struct Day {
    number: i64,
    hasher: EphemeralHasher,
    counts: HashMap<[u8; 16], u32>,
}

/// A node's daily mail and code-try budgets.
pub struct MailLimits {
    day: Mutex<Day>,
}

/// What a budget is counted on.
pub(crate) enum Budget<'a> {
    /// E-mails to one visitor's requests.
    VisitorMails(TenantId, &'a Pseudonym),
    /// E-mails from one site.
    SiteMails(&'a SiteId),
    /// Codes one visitor tried.
    VisitorTries(TenantId, &'a Pseudonym),
}

impl Budget<'_> {
    fn key(&self) -> (Vec<u8>, u32) {
        match self {
            Budget::VisitorMails(tenant, visitor) => (
                [b"mail\n", tenant.to_string().as_bytes(), visitor.as_bytes()].concat(),
                MAILS_PER_VISITOR_DAY,
            ),
            Budget::SiteMails(site) => (
                [b"site\n".as_slice(), site.as_str().as_bytes()].concat(),
                MAILS_PER_SITE_DAY,
            ),
            Budget::VisitorTries(tenant, visitor) => (
                [b"code\n", tenant.to_string().as_bytes(), visitor.as_bytes()].concat(),
                CODE_TRIES_PER_VISITOR_DAY,
            ),
        }
    }
}

impl MailLimits {
    /// Fresh budgets.
    pub fn new() -> AppResult<Self> {
        Ok(Self {
            day: Mutex::new(Day {
                number: sotto_core::now().div_euclid(DAY),
                hasher: EphemeralHasher::generate()?,
                counts: HashMap::new(),
            }),
        })
    }

    /// Takes one from each budget, or none when any is spent ([`AppError::RateLimited`] until
    /// the next day, UTC).
    pub(crate) fn take(&self, budgets: &[Budget<'_>]) -> AppResult<()> {
        let now = sotto_core::now();
        let mut day = self
            .day
            .lock()
            .map_err(|_| AppError::Setup("mail limits poisoned".into()))?;
        if day.number != now.div_euclid(DAY) {
            *day = Day {
                number: now.div_euclid(DAY),
                hasher: EphemeralHasher::generate()?,
                counts: HashMap::new(),
            };
        }
        let keys: Vec<([u8; 16], u32)> = budgets
            .iter()
            .map(|b| {
                let (key, limit) = b.key();
                (day.hasher.hash(&key), limit)
            })
            .collect();
        if keys
            .iter()
            .any(|(key, limit)| day.counts.get(key).copied().unwrap_or(0) >= *limit)
        {
            let retry_after_secs = u64::try_from(DAY - now.rem_euclid(DAY)).unwrap_or(1);
            return Err(AppError::RateLimited { retry_after_secs });
        }
        for (key, _) in keys {
            *day.counts.entry(key).or_insert(0) += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_budget_refuses_until_the_next_day_and_takes_nothing_from_the_others() {
        let limits = MailLimits::new().unwrap();
        let tenant = TenantId::random();
        let (anna, ben) = (
            Pseudonym::from_bytes([1; 32]),
            Pseudonym::from_bytes([2; 32]),
        );
        let site: SiteId = "shop".parse().unwrap();
        for _ in 0..MAILS_PER_VISITOR_DAY {
            limits
                .take(&[
                    Budget::VisitorMails(tenant, &anna),
                    Budget::SiteMails(&site),
                ])
                .unwrap();
        }
        let refused = limits.take(&[
            Budget::VisitorMails(tenant, &anna),
            Budget::SiteMails(&site),
        ]);
        assert!(matches!(
            refused,
            Err(AppError::RateLimited {
                retry_after_secs: 1..=86_400
            })
        ));
        limits
            .take(&[Budget::VisitorMails(tenant, &ben), Budget::SiteMails(&site)])
            .expect("another visitor has their own budget");
        limits
            .take(&[Budget::VisitorTries(tenant, &anna)])
            .expect("tries are counted apart");
    }

    #[test]
    fn codes_depend_on_the_window() {
        let (visitor, address) = (Pseudonym::from_bytes([3; 32]), EmailIndex([4; 32]));
        let context = CodeContext {
            tenant: TenantId::random(),
            visitor: &visitor,
            address: &address,
        };
        assert_eq!(context.bytes(0), context.bytes(CODE_WINDOW_SECONDS - 1));
        assert_ne!(context.bytes(0), context.bytes(CODE_WINDOW_SECONDS));
    }
}
