//! What a team member does from a conversation's page: reply to the visitor (the widget shows
//! the reply), or erase the conversation or everything of its visitor; an erasure ends on its
//! receipt, for the team to pass on to the visitor.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::rights::erasure::Receipt;
use sotto_app::{ConversationStore, MainStore};
use sotto_core::ConversationId;

use super::checked_form::CheckedForm;
use super::dates::when;
use super::form_target;
use super::i18n::{Lang, Texts};
use super::layout::{Section, failure, frame, respond};
use super::session::{TeamSession, redirect};
use crate::AppState;

/// The reply form.
#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    text: String,
}

/// The erase form: `scope` is `conversation` or `visitor`.
#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    scope: String,
}

/// `POST /admin/conversations/{id}/reply`: back to the conversation, the reply in it.
pub async fn reply<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    CheckedForm(session, form): CheckedForm<ReplyForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let id: ConversationId = match form_target(lang, &session, Section::Inbox, &id, "conversation")
    {
        Ok(id) => id,
        Err(page) => return *page,
    };
    match sotto.team_reply(&session.0.caller, id, &form.text).await {
        Ok(_) => redirect(&format!("/admin/conversations/{id}#reply"), &[]),
        Err(error) => failure(lang, &session, Section::Inbox, error),
    }
}

/// `POST /admin/conversations/{id}/erase`: the receipt.
pub async fn erase<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    CheckedForm(session, form): CheckedForm<EraseForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let id: ConversationId = match form_target(lang, &session, Section::Inbox, &id, "conversation")
    {
        Ok(id) => id,
        Err(page) => return *page,
    };
    let caller = &session.0.caller;
    let erased = match form.scope.as_str() {
        "visitor" => sotto.team_erase_visitor(caller, id).await,
        _ => sotto.team_erase_conversation(caller, id).await,
    };
    match erased {
        Ok(receipt) => receipt_page(lang, &session, Section::Inbox, &receipt),
        Err(error) => failure(lang, &session, Section::Inbox, error),
    }
}

/// An erasure's receipt: what went, and the signed JSON to send to the visitor.
pub fn receipt_page(
    lang: Lang,
    session: &TeamSession,
    section: Section,
    receipt: &Receipt,
) -> Response {
    let t = lang.texts();
    respond(
        StatusCode::OK,
        frame(
            lang,
            t.erased_title,
            Some((session, section)),
            receipt_body(t, receipt),
        ),
    )
}

fn receipt_body(t: &Texts, receipt: &Receipt) -> Markup {
    let json = serde_json::to_string_pretty(receipt).unwrap_or_default();
    html! {
        p.notice role="status" { (t.erased_done) }
        dl {
            dt { (t.request) } dd { code { (receipt.request_id) } }
            dt { (t.received) } dd { (when(receipt.received_at)) }
            dt { (t.completed) } dd { (when(receipt.completed_at)) }
            dt { (t.conversations) } dd { (receipt.erased.conversations) }
            dt { (t.messages) } dd { (receipt.erased.messages) }
            dt { (t.visitor_keys) } dd { (receipt.erased.visitor_keys) }
        }
        h2 { (t.receipt_for_visitor) }
        pre.receipt { (json) }
        p { a href=(Section::Requests.path()) { (t.to_register) } " · " a href=(Section::Inbox.path()) { (t.back_to_inbox) } }
    }
}
