//! Sotto's knowledge of a site: its own published pages, turned into passages, indexed with
//! tantivy (BM25), and the answerers that reply from those passages only.
//!
//! # Layout
//! - [`language`]: the content languages Sotto analyses (stemming, stop words, replies).
//! - [`extract`]: HTML and Markdown to a title and sections of clean text.
//! - [`chunk`]: sections to retrievable passages.
//! - [`import`]: a folder of files to pages, with URLs and content hashes.
//! - [`index`]: one tantivy index per site, rebuilt from stored pages when their version changes.
//! - [`outbound`]: the one HTTP client for outbound requests, refusing non-public addresses.
//! - [`crawl`]: a live site's pages through robots.txt, sitemaps and links, incrementally.
//! - [`eval`]: retrieval figures on public BEIR-form collections, and the answer benchmark.
//! - `dense` (feature `dense`): sentence embeddings and passage vectors for the hybrid mode.
//! - [`fusion`]: BM25 and dense rankings fused into one (the hybrid mode).
//! - [`answer`]: the built-in answerer (reading the question, linking its words to the
//!   site's, choosing the sentence that answers) and its "I don't know".
//! - [`llm`]: answers written by an OpenAI-compatible model, kept to the passages it is given.
//! - [`small_talk`]: greetings, thanks and goodbyes, answered without retrieval.
//! - [`contact_cues`]: whether a message asks for a human or a follow-up (EN, FR, DE, FI).
//! - [`stop_words`]: question words dropped from analysis.
//! - [`visitor_data`]: a visitor's personal data in a question, the site's public names apart.
//! - `lexicon`: concepts in seven languages, linking a question to a page worded otherwise.

pub mod answer;
pub mod chunk;
pub mod contact_cues;
pub mod crawl;
#[cfg(feature = "dense")]
pub mod dense;
pub mod eval;
pub mod extract;
pub mod fusion;
pub mod import;
pub mod index;
pub mod language;
mod lexicon;
pub mod llm;
pub mod outbound;
pub mod small_talk;
pub mod stop_words;
pub mod visitor_data;

pub use answer::{Answer, AnswerKind, ExtractiveAnswerer};
pub use import::{ImportError, Page, PageChunk};
pub use index::{Hit, IndexError, IndexRegistry, SiteIndex};
pub use language::Language;
