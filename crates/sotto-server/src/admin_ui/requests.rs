//! Data subject requests: the register with due dates, overdue ones first; recording a request
//! that arrived by e-mail or letter and carrying it out (an erasure or objection ends on its
//! receipt, an access request on the visitor's export as a download); erasing everyone who
//! left a given e-mail address.

use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::chat::conversations::{EnteredRequest, Fulfilment, RequestFilter};
use sotto_app::rights::export::VisitorExport;
use sotto_app::rights::requests::RequestView;
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::access::Permission;
use sotto_core::dsr::{RequestKind, RequestStatus};
use sotto_core::{ConversationId, RequestId};

use super::checked_form::{CheckedForm, TokenOnly};
use super::conversation_actions::receipt_page;
use super::dates::{date_to_unix, when};
use super::form_target;
use super::i18n::{Lang, Texts};
use super::layout::{Section, csrf_field, failure, frame, respond};
use super::session::{TeamSession, redirect};
use crate::AppState;

/// `?status=` of the register.
#[derive(Debug, Default, Deserialize)]
pub struct RegisterFilter {
    #[serde(default)]
    status: String,
}

/// The form recording a request received outside Sotto.
#[derive(Deserialize)]
pub struct RecordForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    conversation: String,
    /// `YYYY-MM-DD`; today when empty.
    #[serde(default)]
    received: String,
}

/// The erase-by-address form.
#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

/// A request kind's name in the UI's language.
fn kind_name(t: &Texts, kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Erasure => t.kind_erasure,
        RequestKind::Access => t.kind_access,
        RequestKind::Objection => t.kind_objection,
        RequestKind::ObjectionWithdrawn => t.kind_withdrawn,
    }
}

fn status_name(t: &Texts, request: &RequestView) -> &'static str {
    match request.status {
        _ if request.overdue => t.overdue,
        RequestStatus::Open => t.status_open,
        RequestStatus::InProgress => t.status_in_progress,
        RequestStatus::Completed => t.status_completed,
    }
}

/// Overdue first, then the other pending ones by due date, then the completed ones, most
/// recent first.
fn in_register_order(requests: &mut [RequestView]) {
    requests.sort_by_key(|r| {
        let pending = r.status != RequestStatus::Completed;
        (
            !r.overdue,
            !pending,
            if pending {
                r.due_at
            } else {
                -r.completed_at.unwrap_or(r.received_at)
            },
        )
    });
}

fn register_table(t: &Texts, session: &TeamSession, requests: &[RequestView]) -> Markup {
    html! {
        @if requests.is_empty() {
            p.notice { (t.no_requests) }
        } @else {
            table #register {
                caption.sr { (t.requests) }
                thead { tr {
                    th scope="col" { (t.request_kind) }
                    th scope="col" { (t.received) }
                    th scope="col" { (t.due) }
                    th scope="col" { (t.status) }
                    th scope="col" { (t.channel) }
                    th scope="col" { (t.held) }
                    th scope="col" { span.sr { (t.action) } }
                } }
                tbody {
                    @for r in requests {
                        tr.overdue[r.overdue] {
                            td { (kind_name(t, r.kind)) " (" (r.scope) ")" }
                            td { (when(r.received_at)) }
                            td { (when(r.due_at)) }
                            td { span class={ "status " @if r.overdue { "overdue" } @else { (r.status.as_str()) } } { (status_name(t, r)) }
                                @if let Some(done) = r.completed_at { br; small { (when(done)) } } }
                            td { (r.channel.as_str()) }
                            td { (r.held.conversations) " / " (r.held.messages) }
                            td {
                                @if r.status == RequestStatus::Open {
                                    form method="post" action={ "/admin/requests/" (r.id) "/fulfil" } {
                                        (csrf_field(session))
                                        button type="submit" { (t.carry_out) span.sr { " " (kind_name(t, r.kind)) " " (when(r.received_at)) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn record_form(t: &Texts, session: &TeamSession) -> Markup {
    html! {
        h2 #record { (t.record_request) }
        p { (t.record_request_explained) }
        form method="post" action="/admin/requests" {
            (csrf_field(session))
            label for="kind" { (t.request_kind) }
            select #kind name="kind" {
                @for kind in [RequestKind::Erasure, RequestKind::Access, RequestKind::Objection] {
                    option value=(kind.as_str()) { (kind_name(t, kind)) }
                }
            }
            label for="conversation" { (t.conversation_id) span.hint #conversation-hint { (t.conversation_id_hint) } }
            input #conversation name="conversation" required aria-describedby="conversation-hint";
            label for="received" { (t.received_on) span.hint #received-hint { (t.received_on_hint) } }
            input #received type="date" name="received" aria-describedby="received-hint";
            p { button type="submit" { (t.record) } }
        }
    }
}

fn email_form(t: &Texts, session: &TeamSession) -> Markup {
    html! {
        h2 #by-email { (t.erase_by_email) }
        p { (t.erase_by_email_explained) }
        form.danger method="post" action="/admin/requests/erase-email" {
            (csrf_field(session))
            label for="erase-email" { (t.email) }
            input #erase-email type="email" name="email" required autocomplete="off";
            p { button.danger type="submit" { (t.erase_button) } }
        }
    }
}

/// `GET /admin/requests`.
pub async fn register<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    session: TeamSession,
    Query(filter): Query<RegisterFilter>,
) -> Response {
    let lang = Lang::of(&headers);
    let t = lang.texts();
    let chosen = match filter.status.as_str() {
        "open" => RequestFilter::Open,
        "overdue" => RequestFilter::Overdue,
        _ => RequestFilter::All,
    };
    let mut requests = match sotto.team_requests(&session.0.caller, chosen).await {
        Ok(requests) => requests,
        Err(error) => return failure(lang, &session, Section::Requests, error),
    };
    in_register_order(&mut requests);
    let overdue = requests.iter().filter(|r| r.overdue).count();
    respond(
        StatusCode::OK,
        frame(
            lang,
            t.requests,
            Some((&session, Section::Requests)),
            html! {
                p { (t.requests_explained) }
                @if overdue > 0 {
                    p.error role="alert" { (t.overdue_count) ": " (overdue) }
                }
                form.filters method="get" action="/admin/requests" {
                    div {
                        label for="status" { (t.status) }
                        select #status name="status" {
                            option value="all" selected[chosen == RequestFilter::All] { (t.all_requests) }
                            option value="open" selected[chosen == RequestFilter::Open] { (t.status_open) }
                            option value="overdue" selected[chosen == RequestFilter::Overdue] { (t.overdue) }
                        }
                    }
                    button type="submit" { (t.filter) }
                }
                (register_table(t, &session, &requests))
                (record_form(t, &session))
                @if session.may(Permission::EraseData) {
                    (email_form(t, &session))
                }
            },
        ),
    )
}

/// `POST /admin/requests`: back to the register.
pub async fn record<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<RecordForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let t = lang.texts();
    let invalid = |text: &str| {
        failure(
            lang,
            &session,
            Section::Requests,
            AppError::Invalid(text.into()),
        )
    };
    let Some(kind) = RequestKind::parse(&form.kind) else {
        return invalid(t.request_kind);
    };
    let Ok(conversation_id) = form.conversation.trim().parse::<ConversationId>() else {
        return invalid(t.conversation_id_hint);
    };
    let received_at = match form.received.trim() {
        "" => None,
        date => match date_to_unix(date) {
            Some(at) => Some(at),
            None => return invalid(t.received_on_hint),
        },
    };
    let entered = EnteredRequest {
        kind,
        conversation_id,
        received_at,
    };
    match sotto.team_enter_request(&session.0.caller, entered).await {
        Ok(_) => redirect("/admin/requests?status=open", &[]),
        Err(error) => failure(lang, &session, Section::Requests, error),
    }
}

/// `POST /admin/requests/{id}/fulfil`: an erasure's receipt, or the export to download.
pub async fn fulfil<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    CheckedForm(session, _): CheckedForm<TokenOnly>,
) -> Response {
    let lang = Lang::of(&headers);
    let id: RequestId = match form_target(lang, &session, Section::Requests, &id, "request") {
        Ok(id) => id,
        Err(page) => return *page,
    };
    match sotto.team_fulfil_request(&session.0.caller, id).await {
        Ok(Fulfilment::Erasure { receipt } | Fulfilment::Objection { receipt }) => {
            receipt_page(lang, &session, Section::Requests, &receipt)
        }
        Ok(Fulfilment::Access { export }) => download(&export),
        Err(error) => failure(lang, &session, Section::Requests, error),
    }
}

/// `POST /admin/conversations/{id}/export`: the visitor's export, recorded as an access
/// request.
pub async fn export_visitor<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    CheckedForm(session, _): CheckedForm<TokenOnly>,
) -> Response {
    let lang = Lang::of(&headers);
    let id: ConversationId = match form_target(lang, &session, Section::Inbox, &id, "conversation")
    {
        Ok(id) => id,
        Err(page) => return *page,
    };
    match sotto.team_export_visitor(&session.0.caller, id).await {
        Ok(export) => download(&export),
        Err(error) => failure(lang, &session, Section::Inbox, error),
    }
}

/// `POST /admin/requests/erase-email`: the receipt.
pub async fn erase_email<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<EmailForm>,
) -> Response {
    let lang = Lang::of(&headers);
    match sotto.team_erase_email(&session.0.caller, &form.email).await {
        Ok(receipt) => receipt_page(lang, &session, Section::Requests, &receipt),
        Err(error) => failure(lang, &session, Section::Requests, error),
    }
}

/// A visitor's export as a JSON download (never cached, like every admin page).
fn download(export: &VisitorExport) -> Response {
    (
        [
            (CONTENT_TYPE, "application/json"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"visitor-export.json\"",
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_vec_pretty(export).unwrap_or_default(),
    )
        .into_response()
}
