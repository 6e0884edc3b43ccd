//! Compliance documents generated from the live configuration (the register of processing
//! activities, the visitor privacy notice), the breach register, and where personal data may go.
//!
//! - [`register`]: the register of processing activities (art. 30), from the live configuration.
//! - [`notice`]: the visitor privacy notice and consent questions, versioned.
//! - [`notice_text`]: the notice's wording in each language.
//! - [`breaches`]: the breach register, its 72-hour deadline and the drafted notifications.
//! - [`residency`]: where personal data may go; a model outside the allowed regions is refused.
//! - [`html`]: escaped text and dates for the pages Sotto renders.

pub mod breaches;
pub mod html;
pub mod notice;
pub mod notice_text;
pub mod register;
pub mod residency;
