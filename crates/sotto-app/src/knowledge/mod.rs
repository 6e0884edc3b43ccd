//! A site's knowledge: pages imported from a folder or crawled from the live site, the
//! retrieval settings that index them, and what the team sees of them.
//!
//! - [`import`]: a folder of pages into a site; the search index kept up to date.
//! - [`crawling`]: a live site into its knowledge; crawl runs and the scheduled recrawl.
//! - [`retrieval`]: `[retrieval]`, BM25 alone or the hybrid mode with an embedding model.
//! - [`inspect`]: a site's indexed pages, and a question tried with its scores.
//! - [`approved`]: answers the team approved, given to questions that mean the same.
//! - [`site_tests`]: the site's own answer tests, kept by the team.
//! - [`site_test_runs`]: those tests run after each crawl and import and on demand.
//! - [`site_test_results`]: what a run found, as plain data.

pub mod approved;
pub mod crawling;
pub mod import;
pub mod inspect;
pub mod retrieval;
pub mod site_test_results;
pub mod site_test_runs;
pub mod site_tests;
