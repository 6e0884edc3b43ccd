//! What a run of a site's answer tests found: each test's result (passing, or failing since
//! when, with the cited pages that changed or went since its last pass), the run, and the
//! run as the history lists it. Plain data, shared by the tests' editing, their runs, the
//! import and crawl reports, and the store's JSON.

use serde::{Deserialize, Serialize};
use sotto_core::{Citation, PageVersion, SiteId, UnixTime};
use sotto_knowledge::AnswerKind;

/// Runs kept per site.
pub const KEPT_RUNS: u32 = 20;

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunTrigger {
    /// A crawl of the site finished.
    Crawl,
    /// Pages were imported into the site.
    Import,
    /// The team asked for it.
    Manual,
}

/// How a cited page changed since a test last passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PageChangeKind {
    /// The page is no longer in the site's knowledge.
    Removed,
    /// The page's text changed.
    Changed,
}

/// A page the last passing answer cited that changed or went since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PageChange {
    /// The page.
    pub url: String,
    /// Its title when the test last passed.
    pub title: String,
    /// What happened to it.
    pub change: PageChangeKind,
    /// The version the passing answer cited.
    pub was: PageVersion,
    /// The version now in the site's knowledge; absent when it was removed.
    pub now: Option<PageVersion>,
}

/// A test's last pass: what the answer cited and said then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LastPass {
    /// When it passed.
    pub at: UnixTime,
    /// The sentence of the answer stating the fact.
    pub said: String,
    /// The pages it cited, with their versions.
    pub citations: Vec<Citation>,
}

/// One test's result in a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TestResult {
    /// The test.
    pub test_id: String,
    /// Its question, as asked.
    pub question: String,
    /// The fact the answer had to state.
    pub fact: String,
    /// Whether the answer was one stating the fact.
    pub passed: bool,
    /// How the answer was made.
    pub kind: AnswerKind,
    /// The answer a visitor would have read (at most 500 characters).
    pub answer: String,
    /// The pages it cited, with their versions.
    pub citations: Vec<Citation>,
    /// Since when the test fails (the first run it failed in, after passing or since it was
    /// written); absent while it passes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failing_since: Option<UnixTime>,
    /// While it fails: the pages its last passing answer cited that changed or went since.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<PageChange>,
    /// Its last pass, if it ever passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_pass: Option<LastPass>,
}

/// One run of a site's answer tests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TestRun {
    /// Its identifier.
    pub id: String,
    /// The site.
    pub site_id: SiteId,
    /// When it ran.
    pub ran_at: UnixTime,
    /// What started it.
    pub trigger: RunTrigger,
    /// The site's knowledge version it read.
    pub knowledge_version: i64,
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Each test's result, in the tests' order.
    pub results: Vec<TestResult>,
}

/// A run in the site's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RunSummary {
    /// Its identifier.
    pub id: String,
    /// When it ran.
    pub ran_at: UnixTime,
    /// What started it.
    pub trigger: RunTrigger,
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
}

impl From<&TestRun> for RunSummary {
    fn from(run: &TestRun) -> Self {
        RunSummary {
            id: run.id.clone(),
            ran_at: run.ran_at,
            trigger: run.trigger,
            passed: run.passed,
            failed: run.failed,
        }
    }
}
