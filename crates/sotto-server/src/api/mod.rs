//! The JSON API, by audience: [`widget`] for a site's visitors, [`admin`] for a tenant's team
//! and systems. Both are declared as endpoints the OpenAPI document is generated from.

pub mod admin;
pub mod widget;
