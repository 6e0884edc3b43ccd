//! Answers written by a language model of the business's choice (an EU provider or a
//! self-hosted model), through any OpenAI-compatible chat-completions API, and kept to the
//! site's pages:
//!
//! - [`client`]: the HTTP client (guarded addresses, time limit, retries with back-off,
//!   streaming).
//! - [`contact`]: whether a visitor's message asks for a human or a follow-up.
//! - [`grounding`]: the prompt that allows only the retrieved passages, and the check of the
//!   answer's citations against the passages actually given.

pub mod client;
pub mod contact;
pub mod grounding;

pub use client::{ChatClient, ChatMessage, LlmError, LlmSettings};
pub use grounding::{CitationGuard, Grounded, Ungrounded};
