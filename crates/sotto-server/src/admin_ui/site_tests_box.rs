//! A site's answer tests on its knowledge page: each question with its fact and how it fared
//! in the latest run (passing, or failing since when, with the cited pages that changed or
//! went since it last passed, what the answer said then and says now); the latest run; and,
//! for agents and up, forms to add a test, delete one, run them all now and seed them from the
//! approved answers. A voted-up answer on a conversation page offers to keep it as a test.
//! Questions are posted, never put in an address.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::knowledge::site_test_results::{PageChangeKind, RunSummary, RunTrigger, TestResult};
use sotto_app::knowledge::site_tests::{SiteTestInput, SiteTestView, TestOrigin};
use sotto_app::{AppResult, ConversationStore, MainStore};
use sotto_core::SiteId;
use sotto_core::access::Permission;

use super::checked_form::CheckedForm;
use super::dates::when;
use super::form_target;
use super::i18n::{Lang, Texts};
use super::layout::{Section, csrf_field, failure};
use super::page_version_page::version_link;
use super::session::{TeamSession, redirect};
use crate::AppState;

/// A test as the forms post it: to add (question, fact, where it came from), or to name one
/// (`id`).
#[derive(Debug, Default, Deserialize)]
pub struct TestForm {
    #[serde(default)]
    pub(super) site: String,
    #[serde(default)]
    pub(super) id: String,
    #[serde(default)]
    pub(super) question: String,
    #[serde(default)]
    pub(super) fact: String,
    #[serde(default)]
    pub(super) origin: String,
}

impl TestForm {
    fn input(&self) -> SiteTestInput {
        SiteTestInput {
            question: self.question.clone(),
            fact: self.fact.clone(),
            origin: match self.origin.as_str() {
                "voted_up" => TestOrigin::VotedUp,
                "approved" => TestOrigin::Approved,
                _ => TestOrigin::Written,
            },
        }
    }
}

fn trigger_name(t: &Texts, trigger: RunTrigger) -> &'static str {
    match trigger {
        RunTrigger::Crawl => t.run_after_crawl,
        RunTrigger::Import => t.run_after_import,
        RunTrigger::Manual => t.run_on_demand,
    }
}

fn outcome(t: &Texts, site: &SiteId, result: Option<&TestResult>) -> Markup {
    html! {
        @match result {
            None => span.badge { (t.test_not_run) },
            Some(r) if r.passed => span.badge.pass { (t.test_passes) },
            Some(r) => {
                span.badge.fail { (t.test_fails) }
                @if let Some(since) = r.failing_since { " " (t.failing_since) " " (when(since)) }
                @for change in &r.changes {
                    br;
                    (match change.change { PageChangeKind::Changed => t.page_changed, PageChangeKind::Removed => t.page_removed })
                    ": " a href=(change.url) rel="noreferrer noopener" { (change.title) }
                    @if let Some(now) = &change.now { " (" (when(now.stored_at)) ")" }
                    " · " a href=(version_link(site.as_str(), &change.url, &change.was.digest)) { (t.as_cited) }
                }
                @if let Some(last) = &r.last_pass { br; (t.it_said) ": " q { (last.said) } }
                br; (t.it_says_now) ": " q { (r.answer) }
            }
        }
    }
}

/// The tests section of `site`'s knowledge page; `draft` fills the add form (question, fact,
/// origin).
pub fn tests_box(
    t: &Texts,
    session: &TeamSession,
    site: &SiteId,
    tests: &[SiteTestView],
    runs: &[RunSummary],
    draft: Option<&TestForm>,
) -> Markup {
    let editor = session.may(Permission::EditAnswers);
    html! {
        h2 #tests { (t.site_tests) }
        p { (t.site_tests_explained) }
        @if let Some(run) = runs.first() {
            p.meta #last-run { (t.last_run) ": " (when(run.ran_at)) " · " (trigger_name(t, run.trigger)) " · " (run.passed) " ✓ · " (run.failed) " ✗" }
        }
        @if tests.is_empty() {
            p.notice { (t.no_site_tests) }
        } @else {
            table #site-tests {
                thead { tr {
                    th scope="col" { (t.test_question) }
                    th scope="col" { (t.test_fact) }
                    th scope="col" { (t.test_result) }
                    @if editor { th scope="col" { span.sr { (t.delete_test) } } }
                } }
                tbody {
                    @for test in tests {
                        tr class=[test.result.as_ref().map(|r| if r.passed { "passes" } else { "fails" })] {
                            td { (test.question) }
                            td { (test.fact) }
                            td { (outcome(t, site, test.result.as_ref())) }
                            @if editor {
                                td {
                                    form method="post" action="/admin/knowledge/tests/delete" {
                                        (csrf_field(session))
                                        input type="hidden" name="site" value=(site.as_str());
                                        input type="hidden" name="id" value=(test.id);
                                        button.secondary type="submit" aria-label={ (t.delete_test) ": " (test.question) } { (t.delete_test) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if editor {
            form #add-test method="post" action="/admin/knowledge/tests/add" {
                (csrf_field(session))
                input type="hidden" name="site" value=(site.as_str());
                input type="hidden" name="origin" value=(draft.map_or("written", |d| d.origin.as_str()));
                label for="test-question" { (t.test_question) }
                input #test-question type="text" name="question" maxlength="300" required value=(draft.map_or("", |d| d.question.as_str()));
                label for="test-fact" { (t.test_fact) span.hint { (t.test_fact_hint) } }
                input #test-fact type="text" name="fact" maxlength="200" required value=(draft.map_or("", |d| d.fact.as_str()));
                p { button type="submit" { (t.add_test) } }
            }
            div.actions {
                form method="post" action="/admin/knowledge/tests/run" {
                    (csrf_field(session))
                    input type="hidden" name="site" value=(site.as_str());
                    button #run-tests type="submit" disabled[tests.is_empty()] { (t.run_tests) }
                }
                form method="post" action="/admin/knowledge/tests/seed" {
                    (csrf_field(session))
                    input type="hidden" name="site" value=(site.as_str());
                    button.secondary type="submit" { (t.seed_tests) }
                }
            }
        }
    }
}

/// The button beside a voted-up answer that opens the knowledge page with a test of it
/// drafted: the question asked and the answer's sentence stating a value.
pub fn test_draft_button(
    t: &Texts,
    session: &TeamSession,
    site: &str,
    question: &str,
    fact: &str,
) -> Markup {
    html! {
        @if session.may(Permission::EditAnswers) {
            form.keep-test method="post" action="/admin/knowledge/tests/draft" {
                (csrf_field(session))
                input type="hidden" name="site" value=(site);
                input type="hidden" name="question" value=(question);
                input type="hidden" name="fact" value=(fact);
                input type="hidden" name="origin" value="voted_up";
                button.secondary type="submit" { (t.keep_as_test) }
            }
        }
    }
}

/// Runs `act` on the site a form names, then goes back to its tests, or shows what went
/// wrong.
async fn on_site<F, Fut>(headers: &HeaderMap, session: &TeamSession, site: &str, act: F) -> Response
where
    F: FnOnce(SiteId) -> Fut,
    Fut: std::future::Future<Output = AppResult<()>>,
{
    let lang = Lang::of(headers);
    let site: SiteId = match form_target(lang, session, Section::Knowledge, site, "site") {
        Ok(site) => site,
        Err(page) => return *page,
    };
    match act(site.clone()).await {
        Ok(()) => redirect(
            &format!("/admin/knowledge?site={}#tests", site.as_str()),
            &[],
        ),
        Err(error) => failure(lang, session, Section::Knowledge, error),
    }
}

/// `POST /admin/knowledge/tests/add`.
pub async fn add_test<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<TestForm>,
) -> Response {
    let (caller, input) = (&session.0.caller, form.input());
    on_site(&headers, &session, &form.site, |site| async move {
        sotto
            .create_site_test(caller, &site, &input)
            .await
            .map(|_| ())
    })
    .await
}

/// `POST /admin/knowledge/tests/delete`.
pub async fn delete_test<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<TestForm>,
) -> Response {
    let (caller, id) = (&session.0.caller, &form.id);
    on_site(&headers, &session, &form.site, |site| async move {
        sotto.delete_site_test(caller, &site, id).await
    })
    .await
}

/// `POST /admin/knowledge/tests/run`.
pub async fn run_tests<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<TestForm>,
) -> Response {
    let caller = &session.0.caller;
    on_site(&headers, &session, &form.site, |site| async move {
        sotto.team_run_site_tests(caller, &site).await.map(|_| ())
    })
    .await
}

/// `POST /admin/knowledge/tests/seed`.
pub async fn seed_tests<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<TestForm>,
) -> Response {
    let caller = &session.0.caller;
    on_site(&headers, &session, &form.site, |site| async move {
        sotto.seed_site_tests(caller, &site).await.map(|_| ())
    })
    .await
}
