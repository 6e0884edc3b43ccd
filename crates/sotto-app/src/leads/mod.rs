//! Leads: addresses visitors leave for a purpose the widget states, summaries by e-mail, the
//! team's leads, and each new lead posted to the tenant's webhook.
//!
//! - [`capture`]: addresses left for a stated purpose; summaries by e-mail; the team's leads.
//! - [`confirmation`]: summaries only to an address confirmed with a code; daily mail limits.
//! - [`webhook`]: each new lead posted to the tenant's webhook, signed with HMAC.

pub mod capture;
pub mod confirmation;
pub mod webhook;
