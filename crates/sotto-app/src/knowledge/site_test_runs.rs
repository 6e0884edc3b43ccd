//! Running a site's answer tests: each question is answered exactly as a visitor would get it
//! (approved answers, retrieval, the language model when the tenant has one), storing nothing,
//! and passes when the answer is one (not "I don't know") stating the test's fact. A run goes
//! after every crawl and import of the site and on demand; it is kept with its results (the
//! newest `KEPT_RUNS`). A test that fails after passing says since when, and which of the
//! pages its passing answer cited changed or went since: a stale citation is worse than none.
//! A run in which a test newly fails is posted to the site's signed webhook
//! (`site_tests.failed`).

use serde::Serialize;
use sotto_core::access::Permission;
use sotto_core::{SiteId, UnixTime};
use sotto_knowledge::answer::facts::{holds_fact, suggested_fact};
use sotto_knowledge::chunk::sentences;
use sotto_knowledge::{AnswerKind, SiteIndex};
use sotto_store::{ConversationStore, MainStore, SiteRecord, SiteTestRunRecord};
use tracing::{info, warn};

use crate::knowledge::inspect::TriedAnswer;
use crate::knowledge::site_test_results::{
    KEPT_RUNS, LastPass, PageChange, PageChangeKind, RunSummary, RunTrigger, TestResult, TestRun,
};
use crate::knowledge::site_tests::{SiteTestView, time_ordered_id};
use crate::team::access::Caller;
use crate::{AppError, AppResult, Sotto};

/// Longest answer text a result keeps, in characters.
const KEPT_ANSWER_CHARS: usize = 500;

/// The body of a `site_tests.failed` webhook call.
#[derive(Serialize)]
struct FailedEvent<'a> {
    event: &'static str,
    site_id: &'a SiteId,
    run: RunSummary,
    /// The tests that passed in the previous run (or were new) and fail now.
    newly_failing: Vec<&'a TestResult>,
}

/// The sentence of `answer` stating `fact`, else its suggested fact.
fn said(answer: &str, fact: &str) -> String {
    sentences(answer)
        .into_iter()
        .find(|s| holds_fact(s, fact))
        .map_or_else(|| suggested_fact(answer), |s| s.trim().to_owned())
}

/// The pages `last` cited whose version in `index` differs, or which `index` no longer has.
fn changes_since(index: &SiteIndex, last: &LastPass) -> Vec<PageChange> {
    last.citations
        .iter()
        .filter_map(|cited| {
            let was = cited.version.clone()?;
            let now = index.current_version(&cited.url).cloned();
            let change = match &now {
                None => PageChangeKind::Removed,
                Some(now) if now.digest != was.digest => PageChangeKind::Changed,
                Some(_) => return None,
            };
            Some(PageChange {
                url: cited.url.clone(),
                title: cited.title.clone(),
                change,
                was,
                now,
            })
        })
        .collect()
}

/// `test`'s result for `tried` at `now`, carrying from its `previous` result (same question
/// and fact) since when it fails and its last pass.
fn judged(
    test: &SiteTestView,
    tried: TriedAnswer,
    previous: Option<&TestResult>,
    index: &SiteIndex,
    now: UnixTime,
) -> TestResult {
    let answer = tried.answer;
    let answered = matches!(
        answer.kind,
        AnswerKind::Answered | AnswerKind::Generated | AnswerKind::Approved
    );
    let passed = answered && holds_fact(&answer.text, &test.fact);
    let last_pass = if passed {
        Some(LastPass {
            at: now,
            said: said(&answer.text, &test.fact),
            citations: answer.citations.clone(),
        })
    } else {
        previous.and_then(|p| p.last_pass.clone())
    };
    let failing_since = match previous {
        _ if passed => None,
        Some(before) if !before.passed => before.failing_since,
        _ => Some(now),
    };
    // Read afresh on every red run: a page may change again, or go, while the test stays red.
    let changes = match &last_pass {
        Some(last) if !passed => changes_since(index, last),
        _ => Vec::new(),
    };
    TestResult {
        test_id: test.id.clone(),
        question: test.question.clone(),
        fact: test.fact.clone(),
        passed,
        kind: answer.kind,
        answer: answer.text.chars().take(KEPT_ANSWER_CHARS).collect(),
        citations: answer.citations,
        failing_since,
        changes,
        last_pass,
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Runs the answer tests of one of the caller's sites now.
    pub async fn team_run_site_tests(&self, caller: &Caller, site: &SiteId) -> AppResult<TestRun> {
        caller.require(Permission::EditAnswers)?;
        let record = self.caller_site(caller, site).await?;
        self.run_site_tests(&record, RunTrigger::Manual)
            .await?
            .ok_or_else(|| AppError::Invalid("the site has no answer tests to run".into()))
    }

    /// The latest runs of one of the caller's sites' answer tests, newest first.
    pub async fn site_test_history(
        &self,
        caller: &Caller,
        site: &SiteId,
    ) -> AppResult<Vec<RunSummary>> {
        caller.require(Permission::ReadAnalytics)?;
        let record = self.caller_site(caller, site).await?;
        self.main
            .site_test_runs(record.tenant_id, &record.id, KEPT_RUNS)
            .await?
            .iter()
            .map(|r| opened_run(r).map(|run| RunSummary::from(&run)))
            .collect()
    }

    /// The latest run of a site's answer tests, if any ran.
    pub(crate) async fn latest_test_run(&self, record: &SiteRecord) -> AppResult<Option<TestRun>> {
        self.main
            .site_test_runs(record.tenant_id, &record.id, 1)
            .await?
            .first()
            .map(opened_run)
            .transpose()
    }

    /// Runs a site's answer tests after a crawl or an import: a failure is logged, never the
    /// crawl's or the import's.
    pub(crate) async fn run_site_tests_after(
        &self,
        record: &SiteRecord,
        trigger: RunTrigger,
    ) -> Option<RunSummary> {
        match self.run_site_tests(record, trigger).await {
            Ok(run) => run.as_ref().map(RunSummary::from),
            Err(error) => {
                warn!(site = %record.id, %error, "the site's answer tests could not run");
                None
            }
        }
    }

    /// Runs every answer test of a site, one run of a site at a time on this node, stores the
    /// run and posts the tests that newly fail to the site's webhook; `None` when the site has
    /// no tests.
    pub(crate) async fn run_site_tests(
        &self,
        record: &SiteRecord,
        trigger: RunTrigger,
    ) -> AppResult<Option<TestRun>> {
        let lock = self.site_test_runs.of(&record.id);
        let _one_at_a_time = lock.lock().await;
        let tests = self.stored_site_tests(record).await?;
        if tests.is_empty() {
            return Ok(None);
        }
        let record = self.site_record(&record.id).await?;
        let index = self.site_index(&record).await?;
        let previous = self.latest_test_run(&record).await?;
        let now = sotto_core::now();
        let mut results = Vec::with_capacity(tests.len());
        let mut newly_failing = Vec::new();
        for test in &tests {
            let tried = self
                .answer_unstored(&record, &index, &test.question)
                .await?;
            let before = previous
                .as_ref()
                .and_then(|run| run.results.iter().find(|r| test.matches(r)));
            let result = judged(test, tried, before, &index, now);
            if !result.passed && before.is_none_or(|b| b.passed) {
                newly_failing.push(results.len());
            }
            results.push(result);
        }
        let passed = results.iter().filter(|r| r.passed).count();
        let run = TestRun {
            id: time_ordered_id(),
            site_id: record.id.clone(),
            ran_at: now,
            trigger,
            knowledge_version: index.version(),
            passed,
            failed: results.len() - passed,
            results,
        };
        let body =
            serde_json::to_string(&run).map_err(|e| AppError::Setup(format!("test run: {e}")))?;
        self.main
            .record_site_test_run(
                &SiteTestRunRecord {
                    tenant_id: record.tenant_id,
                    site_id: record.id.clone(),
                    id: run.id.clone(),
                    ran_at: now,
                    body,
                },
                KEPT_RUNS,
            )
            .await?;
        info!(site = %record.id, passed = run.passed, failed = run.failed, ?trigger, "site tests ran");
        let newly_failing: Vec<&TestResult> =
            newly_failing.iter().map(|&i| &run.results[i]).collect();
        // The run is stored: a webhook that cannot be prepared is logged, not the run's failure.
        if let Err(error) = self.post_newly_failing(&record, &run, newly_failing).await {
            warn!(site = %record.id, %error, "failing answer tests not posted to the webhook");
        }
        Ok(Some(run))
    }

    /// Posts the tests of `run` that fail since this run to the site's webhook, if any.
    async fn post_newly_failing(
        &self,
        record: &SiteRecord,
        run: &TestRun,
        newly_failing: Vec<&TestResult>,
    ) -> AppResult<()> {
        if newly_failing.is_empty() {
            return Ok(());
        }
        let settings = self.site_privacy(record.tenant_id, &record.id).await?;
        let tenant_key = self
            .keyring
            .tenant_key(&self.main, record.tenant_id)
            .await?;
        let event = FailedEvent {
            event: "site_tests.failed",
            site_id: &record.id,
            run: RunSummary::from(run),
            newly_failing,
        };
        self.post_event(&tenant_key, &settings, &record.id, &event);
        Ok(())
    }
}

fn opened_run(record: &SiteTestRunRecord) -> AppResult<TestRun> {
    serde_json::from_str(&record.body)
        .map_err(|e| AppError::Setup(format!("unreadable test run: {e}")))
}
