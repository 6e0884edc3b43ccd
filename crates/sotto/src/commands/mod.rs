//! One file per noun of the command line (`sotto NOUN VERB`), each with its arguments beside
//! the code that runs them. [`legacy`] keeps the spellings of the previous release working,
//! hidden from `--help`.

pub mod answers;
pub mod audit;
pub mod backup;
pub mod breach;
pub mod consent;
pub mod conversation;
pub mod crawl;
pub mod db;
pub mod dsr;
pub mod eval;
pub mod eval_approved;
pub mod key;
pub mod lead;
pub mod legacy;
pub mod member;
pub mod notice;
pub mod pii;
pub mod register;
pub mod retention;
pub mod server;
pub mod site;
pub mod site_tests;
pub mod tenant;
pub mod visitor;
