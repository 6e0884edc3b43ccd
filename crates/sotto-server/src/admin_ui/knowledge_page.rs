//! A site's knowledge: its crawl (with "recrawl now"), a question tried as a visitor would ask
//! it (the answer, its citations, the passages retrieval found with their scores), the
//! indexed pages, and the site's answer tests (`site_tests_box`). Questions are posted, never put in an address, so they stay out of
//! browser history and request logs.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::knowledge::crawling::{CrawlRequest, CrawlStatus};
use sotto_app::knowledge::inspect::{IndexedPage, TriedQuestion};
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::SiteId;
use sotto_core::access::Permission;

use super::checked_form::CheckedForm;
use super::dates::when;
use super::form_target;
use super::i18n::{Lang, Texts};
use super::layout::{Section, csrf_field, failure, frame, respond};
use super::session::{TeamSession, redirect};
use super::site_tests_box::{TestForm, tests_box};
use crate::AppState;

/// `?site=`.
#[derive(Debug, Default, Deserialize)]
pub struct SiteChoice {
    #[serde(default)]
    site: String,
}

impl SiteChoice {
    /// The chosen site's id as typed (empty: the first site).
    pub fn site(&self) -> &str {
        &self.site
    }
}

/// The "try a question" form, also posted by the analytics page.
#[derive(Deserialize)]
pub struct TryForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    question: String,
}

/// The "recrawl now" form.
#[derive(Deserialize)]
pub struct RecrawlForm {
    #[serde(default)]
    site: String,
}

/// The form that tries `question` on `site` (the analytics page offers it for each group).
pub fn try_form(t: &Texts, session: &TeamSession, site: &str, question: &str) -> Markup {
    html! {
        form.try method="post" action="/admin/knowledge/try" {
            (csrf_field(session))
            input type="hidden" name="site" value=(site);
            label for="question" { (t.try_question) }
            textarea #question name="question" rows="2" maxlength="4000" required { (question) }
            p { button type="submit" { (t.try_button) } }
        }
    }
}

fn crawl_box(
    t: &Texts,
    session: &TeamSession,
    site: &SiteId,
    crawl: Option<&CrawlStatus>,
) -> Markup {
    html! {
        h2 { (t.crawl) }
        @match crawl {
            None => p.notice { (t.no_crawl) },
            Some(c) => dl #crawl-status {
                dt { (t.status) } dd { (c.state) }
                dt { (t.started) } dd { (when(c.started_at)) " (" (c.started_by) ")" }
                @if let Some(done) = c.finished_at { dt { (t.completed) } dd { (when(done)) } }
                dt { (t.pages) } dd { (c.pages_done) " / " (c.pages_known) }
                dt { (t.start_url) } dd { (c.start_url) }
                @if let Some(error) = &c.error { dt { (t.failure_reason) } dd.error { (error) } }
            },
        }
        @if session.may(Permission::ManageSites) {
            form method="post" action="/admin/knowledge/recrawl" {
                (csrf_field(session))
                input type="hidden" name="site" value=(site.as_str());
                button type="submit" { (t.recrawl_now) }
            }
        }
    }
}

fn tried(t: &Texts, tried: &TriedQuestion) -> Markup {
    html! {
        section #tried aria-labelledby="tried-title" {
            h2 #tried-title { (t.answer) }
            p.meta { (t.outcome) ": " (format!("{:?}", tried.kind).to_lowercase()) " · " (t.confidence) ": " (format!("{:.2}", tried.confidence)) }
            blockquote { (tried.answer) }
            @if !tried.citations.is_empty() {
                p { (t.cited) ": "
                    @for (i, c) in tried.citations.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(c.url) rel="noreferrer noopener" { (c.title) }
                    }
                }
            }
            h3 { (t.retrieved_passages) }
            @if tried.passages.is_empty() {
                p.notice { (t.no_passages) }
            } @else {
                table #passages {
                    thead { tr {
                        th scope="col" { (t.page) }
                        th scope="col" { (t.heading) }
                        th scope="col" { (t.score) }
                        th scope="col" { (t.similarity) }
                    } }
                    tbody {
                        @for p in &tried.passages {
                            tr {
                                td { a href=(p.url) rel="noreferrer noopener" { (p.title) } }
                                td { (p.heading) }
                                td { (format!("{:.3}", p.score)) }
                                td { @if let Some(s) = p.similarity { (format!("{s:.3}")) } @else { "–" } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn pages_table(t: &Texts, pages: &[IndexedPage]) -> Markup {
    html! {
        h2 { (t.indexed_pages) " (" (pages.len()) ")" }
        @if pages.is_empty() {
            p.notice { (t.no_pages) }
        } @else {
            table #pages {
                thead { tr {
                    th scope="col" { (t.page) }
                    th scope="col" { (t.language) }
                    th scope="col" { (t.passages) }
                } }
                tbody {
                    @for p in pages {
                        tr {
                            td { a href=(p.url) rel="noreferrer noopener" { (p.title) } br; small { (p.url) } }
                            td { (p.language.as_deref().unwrap_or("–")) }
                            td { (p.passages) }
                        }
                    }
                }
            }
        }
    }
}

/// The page for `site` (the first site when none is chosen), with a tried question.
async fn knowledge_page<M: MainStore, C: ConversationStore>(
    sotto: &AppState<M, C>,
    lang: Lang,
    session: &TeamSession,
    chosen: &str,
    trial: Option<(&str, TriedQuestion)>,
    draft: Option<&TestForm>,
) -> Response {
    let t = lang.texts();
    let caller = &session.0.caller;
    let sites = match sotto.team_sites(caller).await {
        Ok(sites) => sites,
        Err(error) => return failure(lang, session, Section::Knowledge, error),
    };
    let site = sites
        .iter()
        .map(|s| s.site_id.clone())
        .find(|s| s.as_str() == chosen)
        .or_else(|| sites.first().map(|s| s.site_id.clone()));
    let Some(site) = site else {
        return failure(
            lang,
            session,
            Section::Knowledge,
            AppError::NotFound("site"),
        );
    };
    let crawl = match sotto.team_crawl_status(caller, &site).await {
        Ok(crawl) => Some(crawl),
        Err(AppError::NotFound(_)) => None,
        Err(error) => return failure(lang, session, Section::Knowledge, error),
    };
    let pages = match sotto.team_pages(caller, &site).await {
        Ok(pages) => pages,
        Err(error) => return failure(lang, session, Section::Knowledge, error),
    };
    let tests = async {
        Ok::<_, AppError>((
            sotto.site_tests(caller, &site).await?,
            sotto.site_test_history(caller, &site).await?,
        ))
    };
    let (tests, runs) = match tests.await {
        Ok(tests) => tests,
        Err(error) => return failure(lang, session, Section::Knowledge, error),
    };
    let question = trial.as_ref().map_or("", |(q, _)| q);
    respond(
        StatusCode::OK,
        frame(
            lang,
            t.knowledge,
            Some((session, Section::Knowledge)),
            html! {
                form.filters method="get" action="/admin/knowledge" {
                    div {
                        label for="site" { (t.site) }
                        select #site name="site" {
                            @for s in &sites {
                                option value=(s.site_id.as_str()) selected[s.site_id == site] { (s.site_id.as_str()) }
                            }
                        }
                    }
                    button type="submit" { (t.filter) }
                }
                h2 #try { (t.try_question) }
                p { (t.try_explained) }
                (try_form(t, session, site.as_str(), question))
                @if let Some((_, result)) = &trial { (tried(t, result)) }
                (crawl_box(t, session, &site, crawl.as_ref()))
                (tests_box(t, session, &site, &tests, &runs, draft))
                (pages_table(t, &pages))
            },
        ),
    )
}

/// `GET /admin/knowledge`.
pub async fn knowledge<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    session: TeamSession,
    Query(choice): Query<SiteChoice>,
) -> Response {
    knowledge_page(
        &sotto,
        Lang::of(&headers),
        &session,
        &choice.site,
        None,
        None,
    )
    .await
}

/// `POST /admin/knowledge/try`.
pub async fn try_question<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<TryForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let site: SiteId = match form_target(lang, &session, Section::Knowledge, &form.site, "site") {
        Ok(site) => site,
        Err(page) => return *page,
    };
    match sotto
        .team_try_question(&session.0.caller, &site, &form.question)
        .await
    {
        Ok(result) => {
            knowledge_page(
                &sotto,
                lang,
                &session,
                site.as_str(),
                Some((&form.question, result)),
                None,
            )
            .await
        }
        Err(error) => failure(lang, &session, Section::Knowledge, error),
    }
}

/// `POST /admin/knowledge/recrawl`: back to the site's knowledge, the crawl running.
pub async fn recrawl<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<RecrawlForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let site: SiteId = match form_target(lang, &session, Section::Knowledge, &form.site, "site") {
        Ok(site) => site,
        Err(page) => return *page,
    };
    match sotto
        .team_start_crawl(&session.0.caller, &site, CrawlRequest { url: None })
        .await
    {
        Ok(_) => redirect(&format!("/admin/knowledge?site={}", site.as_str()), &[]),
        Err(error) => failure(lang, &session, Section::Knowledge, error),
    }
}

/// `POST /admin/knowledge/tests/draft`: the knowledge page with a test drafted in its form
/// (from a voted-up answer on a conversation page).
pub async fn draft_test<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<TestForm>,
) -> Response {
    let lang = Lang::of(&headers);
    if !session.may(Permission::EditAnswers) {
        let refused = AppError::Forbidden("this role cannot write answer tests");
        return failure(lang, &session, Section::Knowledge, refused);
    }
    let site = form.site.clone();
    knowledge_page(&sotto, lang, &session, &site, None, Some(&form)).await
}
