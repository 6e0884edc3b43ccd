//! A tenant's team: who acts and with which role, members and API keys, signing in to the
//! admin UI, the team's settings, and the hash-chained audit log of what they do.
//!
//! - [`access`]: who acts ([`access::Actor`]) and authenticated team callers ([`access::Caller`]).
//! - [`members`]: members and admin API keys, with roles.
//! - [`sign_in`]: members signing in to the admin UI; sessions, their expiry and sign-out.
//! - [`sign_in_throttle`]: growing waits for password guessing, and bounded password work.
//! - [`settings`]: the team's sites, settings and figures.
//! - [`audit`]: the hash-chained audit log, and its verification.

pub mod access;
pub mod audit;
pub mod members;
pub mod settings;
pub mod sign_in;
pub mod sign_in_throttle;
