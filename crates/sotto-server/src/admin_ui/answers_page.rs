//! A site's approved answers: listed with their questions, replies and citations, written,
//! edited, switched off and on, and deleted. The analytics page, a conversation's voted-down
//! answer and the team's replies open a draft here by posting the question (and the reply), so
//! that a visitor's words never sit in an address. Saving shows the personal data the
//! detectors found in the answer, which every visitor who asks will read.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::knowledge::approved::{
    AnswerOrigin, ApprovedAnswerInput, ApprovedAnswerView, ApprovedReplyText, PersonalDataWarning,
};
use sotto_app::{AppError, AppResult, ConversationStore, MainStore};
use sotto_core::SiteId;
use sotto_core::access::Permission;

use super::checked_form::CheckedForm;
use super::form_target;
use super::i18n::{Lang, Texts};
use super::knowledge_page::SiteChoice;
use super::layout::{Section, csrf_field, failure, frame, respond};
use super::session::{TeamSession, redirect};
use crate::AppState;

/// An answer as the form holds it: a draft, or a stored answer to edit. A reply a slot:
/// the form shows the answer's replies and one empty slot, up to one per language.
#[derive(Debug, Default, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    site: String,
    /// Empty for a new answer.
    #[serde(default)]
    id: String,
    /// One question a line.
    #[serde(default)]
    questions: String,
    /// The draft's reply (from a team reply), shown in the first slot.
    #[serde(default)]
    reply: String,
    #[serde(default)]
    language1: String,
    #[serde(default)]
    reply1: String,
    #[serde(default)]
    language2: String,
    #[serde(default)]
    reply2: String,
    #[serde(default)]
    language3: String,
    #[serde(default)]
    reply3: String,
    #[serde(default)]
    language4: String,
    #[serde(default)]
    reply4: String,
    #[serde(default)]
    language5: String,
    #[serde(default)]
    reply5: String,
    #[serde(default)]
    language6: String,
    #[serde(default)]
    reply6: String,
    #[serde(default)]
    language7: String,
    #[serde(default)]
    reply7: String,
    /// One URL a line.
    #[serde(default)]
    citations: String,
    /// Present when checked.
    #[serde(default)]
    enabled: Option<String>,
    #[serde(default)]
    origin: Option<AnswerOrigin>,
}

/// A posted action on one stored answer.
#[derive(Deserialize)]
pub struct AnswerAction {
    #[serde(default)]
    site: String,
    #[serde(default)]
    id: String,
    /// For a switch: whether it is switched on.
    #[serde(default)]
    enabled: bool,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl AnswerForm {
    /// The reply slots, in order, as (language, text).
    fn slots(&self) -> [(&str, &str); 7] {
        [
            (&self.language1, &self.reply1),
            (&self.language2, &self.reply2),
            (&self.language3, &self.reply3),
            (&self.language4, &self.reply4),
            (&self.language5, &self.reply5),
            (&self.language6, &self.reply6),
            (&self.language7, &self.reply7),
        ]
        .map(|(l, r)| (l.as_str(), r.as_str()))
    }

    fn slots_mut(&mut self) -> [(&mut String, &mut String); 7] {
        [
            (&mut self.language1, &mut self.reply1),
            (&mut self.language2, &mut self.reply2),
            (&mut self.language3, &mut self.reply3),
            (&mut self.language4, &mut self.reply4),
            (&mut self.language5, &mut self.reply5),
            (&mut self.language6, &mut self.reply6),
            (&mut self.language7, &mut self.reply7),
        ]
    }

    fn input(&self) -> ApprovedAnswerInput {
        let replies = self
            .slots()
            .into_iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(language, text)| ApprovedReplyText {
                language: language.to_owned(),
                text: text.to_owned(),
            })
            .collect();
        ApprovedAnswerInput {
            questions: lines(&self.questions),
            replies,
            citations: lines(&self.citations),
            enabled: self.enabled.is_some(),
            origin: self.origin.unwrap_or_default(),
        }
    }

    fn of(answer: &ApprovedAnswerView) -> Self {
        let mut form = Self {
            site: answer.site_id.as_str().to_owned(),
            id: answer.id.clone(),
            questions: answer.questions.join("\n"),
            citations: answer
                .citations
                .iter()
                .map(|c| c.url.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            enabled: answer.enabled.then(|| "on".to_owned()),
            origin: Some(answer.origin),
            ..Self::default()
        };
        for ((language, text), reply) in form.slots_mut().into_iter().zip(&answer.replies) {
            *language = reply.language.clone();
            *text = reply.text.clone();
        }
        form
    }
}

/// The form that opens a draft answer to `question` (and `reply`) on `site`: what the
/// analytics page, a voted-down answer and a team reply offer.
pub fn draft_button(
    t: &Texts,
    session: &TeamSession,
    site: &str,
    question: &str,
    reply: &str,
    origin: &str,
) -> Markup {
    html! {
        @if session.may(Permission::EditAnswers) {
            form.approve method="post" action="/admin/answers/draft" {
                (csrf_field(session))
                input type="hidden" name="site" value=(site);
                input type="hidden" name="questions" value=(question);
                input type="hidden" name="reply" value=(reply);
                input type="hidden" name="origin" value=(origin);
                button type="submit" { (t.approve_answer) }
            }
        }
    }
}

const LANGUAGES: [&str; 7] = ["en", "fr", "de", "nl", "fi", "es", "it"];

fn language_select(id: &str, name: &str, label: &str, chosen: &str, optional: bool) -> Markup {
    html! {
        label for=(id) { (label) }
        select id=(id) name=(name) {
            @if optional { option value="" selected[chosen.is_empty()] { "–" } }
            @for code in LANGUAGES {
                option value=(code) selected[chosen == code] { (code) }
            }
        }
    }
}

fn answer_form(t: &Texts, session: &TeamSession, form: &AnswerForm, default_lang: &str) -> Markup {
    let new = form.id.is_empty();
    let enabled = new || form.enabled.is_some();
    let key = if new {
        "new".to_owned()
    } else {
        form.id.clone()
    };
    let field = |name: &str| format!("{name}-{key}");
    let slots = form.slots();
    // The answer's replies, and one empty slot while a language is left.
    let shown = (slots.iter().filter(|(_, text)| !text.is_empty()).count() + 1).min(slots.len());
    html! {
        form.answer method="post" action="/admin/answers/save" {
            (csrf_field(session))
            input type="hidden" name="site" value=(form.site);
            input type="hidden" name="id" value=(form.id);
            @if let Some(origin) = form.origin.and_then(|o| serde_json::to_value(o).ok()) {
                input type="hidden" name="origin" value=(origin.as_str().unwrap_or_default());
            }
            label for=(field("questions")) { (t.answer_questions) }
            textarea id=(field("questions")) name="questions" rows="3" required { (form.questions) }
            @for (i, (language, text)) in slots.iter().take(shown).enumerate() {
                @let n = i + 1;
                @let text = if i == 0 && text.is_empty() { form.reply.as_str() } else { *text };
                @let language = if language.is_empty() && i == 0 { default_lang } else { *language };
                (language_select(&field(&format!("language{n}")), &format!("language{n}"), t.answer_language, language, i > 0))
                label for=(field(&format!("reply{n}"))) { (t.answer_reply) }
                textarea id=(field(&format!("reply{n}"))) name=(format!("reply{n}")) rows="3" maxlength="2000" required[i == 0] { (text) }
            }
            label for=(field("citations")) { (t.answer_citations) }
            textarea id=(field("citations")) name="citations" rows="2" { (form.citations) }
            p {
                input type="checkbox" id=(field("enabled")) name="enabled" checked[enabled];
                " " label for=(field("enabled")) { (t.answer_enabled) }
            }
            p { button type="submit" { (t.save_answer) } }
        }
    }
}

fn warnings(t: &Texts, found: &[PersonalDataWarning]) -> Markup {
    html! {
        @if !found.is_empty() {
            div.error #personal-data role="alert" {
                p { (t.answer_personal_data) }
                ul {
                    @for w in found {
                        li { (w.field) ": " (w.types.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")) }
                    }
                }
            }
        }
    }
}

fn answer_item(
    t: &Texts,
    session: &TeamSession,
    answer: &ApprovedAnswerView,
    lang: &str,
) -> Markup {
    html! {
        li.approved-answer data-id=(answer.id) {
            p {
                strong { (answer.questions.join(" · ")) }
                @if !answer.enabled { " " span.badge { (t.answer_off) } }
            }
            @for reply in &answer.replies {
                blockquote lang=(reply.language) { (reply.text) }
            }
            @if !answer.citations.is_empty() {
                p { (t.cited) ": "
                    @for (i, c) in answer.citations.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(c.url) rel="noreferrer noopener" { (c.title) }
                    }
                }
            }
            @if session.may(Permission::EditAnswers) {
                div.actions {
                    form method="post" action="/admin/answers/switch" {
                        (csrf_field(session))
                        input type="hidden" name="site" value=(answer.site_id.as_str());
                        input type="hidden" name="id" value=(answer.id);
                        input type="hidden" name="enabled" value=(!answer.enabled);
                        button type="submit" { @if answer.enabled { (t.switch_off) } @else { (t.switch_on) } }
                    }
                    form method="post" action="/admin/answers/delete" {
                        (csrf_field(session))
                        input type="hidden" name="site" value=(answer.site_id.as_str());
                        input type="hidden" name="id" value=(answer.id);
                        button type="submit" { (t.delete_answer) }
                    }
                }
                details {
                    summary { (t.edit_answer) }
                    (answer_form(t, session, &AnswerForm::of(answer), lang))
                }
            }
        }
    }
}

/// The page for `site` (the first site when none is chosen), with a draft or a just-saved
/// answer's warnings.
async fn answers_page<M: MainStore, C: ConversationStore>(
    sotto: &AppState<M, C>,
    lang: Lang,
    session: &TeamSession,
    chosen: &str,
    draft: Option<AnswerForm>,
    saved: &[PersonalDataWarning],
) -> Response {
    let t = lang.texts();
    let caller = &session.0.caller;
    let sites = match sotto.team_sites(caller).await {
        Ok(sites) => sites,
        Err(error) => return failure(lang, session, Section::Answers, error),
    };
    let Some(site) = sites
        .iter()
        .find(|s| s.site_id.as_str() == chosen)
        .or_else(|| sites.first())
    else {
        return failure(lang, session, Section::Answers, AppError::NotFound("site"));
    };
    let answers = match sotto.approved_answers(caller, &site.site_id).await {
        Ok(answers) => answers,
        Err(error) => return failure(lang, session, Section::Answers, error),
    };
    let draft = draft.unwrap_or_else(|| AnswerForm {
        site: site.site_id.as_str().to_owned(),
        ..AnswerForm::default()
    });
    respond(
        StatusCode::OK,
        frame(
            lang,
            t.answers,
            Some((session, Section::Answers)),
            html! {
                form.filters method="get" action="/admin/answers" {
                    div {
                        label for="site" { (t.site) }
                        select #site name="site" {
                            @for s in &sites {
                                option value=(s.site_id.as_str()) selected[s.site_id == site.site_id] { (s.site_id.as_str()) }
                            }
                        }
                    }
                    button type="submit" { (t.filter) }
                }
                p { (t.answers_explained) }
                (warnings(t, saved))
                @if answers.is_empty() {
                    p.notice { (t.no_answers) }
                } @else {
                    ul #approved-answers { @for a in &answers { (answer_item(t, session, a, &site.language)) } }
                }
                @if session.may(Permission::EditAnswers) {
                    h2 #new-answer { (t.approve_answer) }
                    (answer_form(t, session, &draft, &site.language))
                }
            },
        ),
    )
}

/// `GET /admin/answers`.
pub async fn answers<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    session: TeamSession,
    Query(choice): Query<SiteChoice>,
) -> Response {
    answers_page(
        &sotto,
        Lang::of(&headers),
        &session,
        choice.site(),
        None,
        &[],
    )
    .await
}

/// `POST /admin/answers/draft`: the page with a new answer's form filled in.
pub async fn draft<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<AnswerForm>,
) -> Response {
    let site = form.site.clone();
    answers_page(&sotto, Lang::of(&headers), &session, &site, Some(form), &[]).await
}

/// `POST /admin/answers/save`: creates or replaces an answer, then shows the page with what
/// the detectors found in it.
pub async fn save<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<AnswerForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let site: SiteId = match form_target(lang, &session, Section::Answers, &form.site, "site") {
        Ok(site) => site,
        Err(page) => return *page,
    };
    let caller = &session.0.caller;
    let input = form.input();
    let saved = if form.id.is_empty() {
        sotto.create_approved_answer(caller, &site, &input).await
    } else {
        sotto
            .update_approved_answer(caller, &site, &form.id, &input)
            .await
    };
    match saved {
        Ok(saved) => {
            answers_page(
                &sotto,
                lang,
                &session,
                site.as_str(),
                None,
                &saved.personal_data,
            )
            .await
        }
        Err(error) => failure(lang, &session, Section::Answers, error),
    }
}

/// `POST /admin/answers/switch`: an answer switched off, or back on.
pub async fn switch<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<AnswerAction>,
) -> Response {
    let lang = Lang::of(&headers);
    let site: SiteId = match form_target(lang, &session, Section::Answers, &form.site, "site") {
        Ok(site) => site,
        Err(page) => return *page,
    };
    let result = sotto
        .set_approved_answer_enabled(&session.0.caller, &site, &form.id, form.enabled)
        .await;
    back_to_list(lang, &session, &site, result.map(|_| ()))
}

/// `POST /admin/answers/delete`.
pub async fn delete<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<AnswerAction>,
) -> Response {
    let lang = Lang::of(&headers);
    let site: SiteId = match form_target(lang, &session, Section::Answers, &form.site, "site") {
        Ok(site) => site,
        Err(page) => return *page,
    };
    let result = sotto
        .delete_approved_answer(&session.0.caller, &site, &form.id)
        .await;
    back_to_list(lang, &session, &site, result)
}

/// Back to the site's list after an action, or the page saying why it failed.
fn back_to_list(
    lang: Lang,
    session: &TeamSession,
    site: &SiteId,
    result: AppResult<()>,
) -> Response {
    match result {
        Ok(()) => redirect(&format!("/admin/answers?site={}", site.as_str()), &[]),
        Err(error) => failure(lang, session, Section::Answers, error),
    }
}
