//! Data subject rights: erasure with receipts, export as JSON and as a readable page,
//! objection, the register of requests with due dates, and the retention sweep.
//!
//! - [`erasure`]: erasure of a visitor, a conversation or a tenant, crash-safe, with receipts.
//! - [`export`]: everything held on a visitor, as JSON.
//! - [`export_html`]: the same export as a readable page.
//! - [`objection`]: a visitor switching storage off (and on again).
//! - [`requests`]: the register of data subject requests, with due dates.
//! - [`retention`]: the retention sweep, erasing conversations idle for longer than their site keeps them.

pub mod erasure;
pub mod export;
pub mod export_html;
pub mod objection;
pub mod requests;
pub mod retention;
