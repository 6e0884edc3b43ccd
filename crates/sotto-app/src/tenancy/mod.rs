//! Tenants and their sites, and the per-node abuse limits that keep one caller from costing
//! the others.
//!
//! - [`tenants`]: creating a customer account with its key, and issuing admin API keys.
//! - [`sites`]: a tenant's websites, the origins allowed to call the widget API, public settings.
//! - [`appearance`]: how a site's widget looks and greets (colours checked for contrast).
//! - [`rate_limits`]: in-memory abuse limits per address, visitor, site and admin key.
//! - `site_locks`: one in-process lock per site, for work that must not overlap on a site.

pub mod appearance;
pub mod rate_limits;
pub(crate) mod site_locks;
pub mod sites;
pub mod tenants;
