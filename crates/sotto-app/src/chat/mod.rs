//! A visitor's chat turn and everything that reads or writes what was said: the sealed
//! message format, the language model's answers, the tenant's personal-data settings, the
//! team's view of conversations, and the analytics computed from redacted questions.
//!
//! - [`turn`]: one chat turn, and a visitor's history.
//! - [`stored_message`]: a message's sealed form, sealed and opened.
//! - [`sealing`]: how message fields are sealed (and, in benchmark builds only, not).
//! - [`model_answers`]: answers written by the configured language model, checked, with fallback.
//! - [`pii_settings`]: each tenant's personal-data policy and rules, compiled and cached.
//! - [`conversations`]: the team's conversations, replies and request register (reads audited).
//! - [`votes`]: visitors' votes on answers, sealed with their conversation, counted per week.
//! - [`analytics`]: what the site fails to answer (redacted, grouped), cited pages, funnel.

pub mod analytics;
pub mod conversations;
pub mod model_answers;
pub mod pii_settings;
pub mod sealing;
pub mod stored_message;
pub mod turn;
pub mod votes;
