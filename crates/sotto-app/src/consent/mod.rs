//! Consent: the hash-chained ledger of what each visitor agreed to, with proofs, and the
//! tenant's privacy profile and each site's consent mode.
//!
//! - [`ledger`]: the hash-chained consent ledger, consent state, proofs and their check.
//! - [`privacy_settings`]: the tenant's privacy profile and each site's consent mode.

pub mod ledger;
pub mod privacy_settings;
