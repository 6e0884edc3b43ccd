//! The inbox: conversations by site, phase, date and "needs a human" (metadata only, no
//! content), and one conversation with its messages and phases (each opening is audited by
//! the use case before anything is read).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::chat::conversations::{ConversationSummary, MAX_LIST};
use sotto_app::chat::votes::Direction;
use sotto_app::knowledge::site_tests::suggested_fact;
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::access::Permission;
use sotto_core::lead::LeadPurpose;
use sotto_core::{ConversationId, Phase, SiteId};

use super::answers_page::draft_button;
use super::dates::{date_to_unix, when};
use super::i18n::{Lang, Texts};
use super::layout::{Section, csrf_field, failure, frame, respond};
use super::page_version_page::version_link;
use super::session::TeamSession;
use super::site_tests_box::test_draft_button;
use crate::AppState;

/// Seconds in a day.
const DAY: i64 = 24 * 3600;

/// The inbox's filters, from the query string.
#[derive(Debug, Default, Deserialize)]
pub struct InboxFilter {
    #[serde(default)]
    site: String,
    /// Last activity on or after this day (`YYYY-MM-DD`).
    #[serde(default)]
    from: String,
    /// Last activity on or before this day.
    #[serde(default)]
    to: String,
    #[serde(default)]
    phase: String,
    #[serde(default)]
    needs_human: Option<String>,
}

/// A phase's name in the UI's language.
pub fn phase_name(t: &Texts, phase: Phase) -> &'static str {
    match phase {
        Phase::Exploring => t.exploring,
        Phase::Learning => t.learning,
        Phase::RequestingContact => t.requesting_contact,
    }
}

/// Who wrote a message, as the team reads it.
pub fn author(t: &Texts, role: &str) -> &'static str {
    match role {
        "visitor" => t.visitor,
        "agent" => t.team_member,
        _ => t.assistant,
    }
}

fn phase_badge(t: &Texts, phase: Phase) -> Markup {
    html! { span class={ "phase " (phase.as_str()) } { (phase_name(t, phase)) } }
}

fn filters(t: &Texts, sites: &[SiteId], filter: &InboxFilter) -> Markup {
    html! {
        form.filters method="get" action="/admin/inbox" {
            div {
                label for="site" { (t.site) }
                select #site name="site" {
                    option value="" { (t.all_sites) }
                    @for site in sites {
                        option value=(site.as_str()) selected[filter.site == site.as_str()] { (site.as_str()) }
                    }
                }
            }
            div {
                label for="phase" { (t.phase) }
                select #phase name="phase" {
                    option value="" { (t.all_phases) }
                    @for phase in [Phase::Exploring, Phase::Learning, Phase::RequestingContact] {
                        option value=(phase.as_str()) selected[filter.phase == phase.as_str()] { (phase_name(t, phase)) }
                    }
                }
            }
            div {
                label for="from" { (t.active_from) }
                input #from type="date" name="from" value=(filter.from);
            }
            div {
                label for="to" { (t.active_to) }
                input #to type="date" name="to" value=(filter.to);
            }
            div {
                label for="needs_human" {
                    input #needs_human type="checkbox" name="needs_human" value="1" checked[filter.needs_human.is_some()];
                    " " (t.needs_human)
                }
            }
            button type="submit" { (t.filter) }
        }
    }
}

fn table(t: &Texts, conversations: &[ConversationSummary]) -> Markup {
    html! {
        @if conversations.is_empty() {
            p.notice { (t.no_conversations) }
        } @else {
            table {
                caption.sr { (t.inbox) }
                thead { tr {
                    th scope="col" { (t.site) }
                    th scope="col" { (t.phase) }
                    th scope="col" { (t.started) }
                    th scope="col" { (t.last_activity) }
                    th scope="col" { (t.messages) }
                    th scope="col" { span.sr { (t.open) } }
                } }
                tbody {
                    @for c in conversations {
                        tr {
                            td { (c.site_id.as_str()) }
                            td { (phase_badge(t, c.phase)) @if c.needs_human { " " span.flag { (t.needs_human) } } }
                            td { (when(c.created_at)) }
                            td { (when(c.updated_at)) }
                            td { (c.messages) }
                            td { a href={ "/admin/conversations/" (c.id) } { (t.open) span.sr { " " (when(c.updated_at)) } } }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /admin/inbox`.
pub async fn inbox<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    session: TeamSession,
    Query(filter): Query<InboxFilter>,
) -> Response {
    let lang = Lang::of(&headers);
    let t = lang.texts();
    let caller = &session.0.caller;
    let site: Option<SiteId> = filter.site.parse().ok();
    let listed = sotto
        .team_conversations(caller, site.as_ref(), MAX_LIST)
        .await;
    let sites = sotto.team_sites(caller).await;
    let (mut conversations, sites) = match (listed, sites) {
        (Ok(conversations), Ok(sites)) => (conversations, sites),
        (Err(error), _) | (_, Err(error)) => return failure(lang, &session, Section::Inbox, error),
    };
    let phase = Phase::parse(&filter.phase);
    let needs_human = filter.needs_human.is_some();
    let from = date_to_unix(&filter.from).unwrap_or(i64::MIN);
    let to = date_to_unix(&filter.to).map_or(i64::MAX, |day| day + DAY - 1);
    conversations.retain(|c| {
        phase.is_none_or(|p| c.phase == p)
            && (!needs_human || c.needs_human)
            && (from..=to).contains(&c.updated_at)
    });
    let site_ids: Vec<SiteId> = sites.into_iter().map(|s| s.site_id).collect();
    respond(
        StatusCode::OK,
        frame(
            lang,
            t.inbox,
            Some((&session, Section::Inbox)),
            html! {
                p { a href="/admin/leads" { (t.leads) } }
                (filters(t, &site_ids, &filter))
                (table(t, &conversations))
            },
        ),
    )
}

/// `GET /admin/conversations/{id}`.
pub async fn conversation<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    session: TeamSession,
    Path(id): Path<String>,
) -> Response {
    let lang = Lang::of(&headers);
    let t = lang.texts();
    let Ok(id) = id.parse::<ConversationId>() else {
        return failure(
            lang,
            &session,
            Section::Inbox,
            AppError::NotFound("conversation"),
        );
    };
    let detail = match sotto.team_conversation(&session.0.caller, id).await {
        Ok(detail) => detail,
        Err(error) => return failure(lang, &session, Section::Inbox, error),
    };
    let title = format!("{} · {}", t.conversation, detail.summary.site_id.as_str());
    respond(
        StatusCode::OK,
        frame(
            lang,
            &title,
            Some((&session, Section::Inbox)),
            html! {
                p { a href="/admin/inbox" { (t.back_to_inbox) } }
                p.notice { (t.read_is_audited) }
                p { (t.phase) ": " (phase_badge(t, detail.summary.phase)) " · " (t.started) ": " (when(detail.summary.created_at)) }
                h2 { (t.messages) }
                ol.messages {
                    @for (i, m) in detail.messages.iter().enumerate() {
                        @let asked = detail.messages[..i].iter().rev().find(|p| p.role == "visitor");
                        @let voted_down = detail.votes.iter().any(|v| v.message_id == m.id && v.vote == Direction::Down);
                        @let voted_up = detail.votes.iter().any(|v| v.message_id == m.id && v.vote == Direction::Up);
                        li class=(m.role) {
                            div.meta { (author(t, m.role)) " · " (when(m.created_at)) }
                            p { (m.text) }
                            @if !m.citations.is_empty() {
                                p.meta { (t.cited) ": "
                                    @for (i, c) in m.citations.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        a href=(c.url) rel="noreferrer noopener" { (c.title) }
                                        @if let Some(version) = &c.version {
                                            " (" a.as-cited href=(version_link(detail.summary.site_id.as_str(), &c.url, &version.digest)) { (t.as_cited) } ")"
                                        }
                                    }
                                }
                            }
                            @if let Some(vote) = detail.votes.iter().find(|v| v.message_id == m.id) {
                                p.vote {
                                    (match vote.vote { Direction::Up => t.voted_up, Direction::Down => t.voted_down })
                                    " · " (when(vote.voted_at))
                                    @if let Some(comment) = &vote.comment { br; (t.vote_comment) ": " (comment) }
                                }
                            }
                            @if let Some(asked) = asked {
                                @if voted_down {
                                    (draft_button(t, &session, detail.summary.site_id.as_str(), &asked.text, "", "voted_down"))
                                } @else if voted_up {
                                    (test_draft_button(t, &session, detail.summary.site_id.as_str(), &asked.text, &suggested_fact(&m.text)))
                                } @else if m.role == "agent" {
                                    (draft_button(t, &session, detail.summary.site_id.as_str(), &asked.text, &m.text, "team_reply"))
                                }
                            }
                        }
                    }
                }
                @if session.may(Permission::ReplyToVisitors) {
                    form #reply method="post" action={ "/admin/conversations/" (id) "/reply" } {
                        (csrf_field(&session))
                        label for="reply-text" { (t.reply_label) span.hint { (t.reply_hint) } }
                        textarea #reply-text name="text" rows="4" maxlength="4000" required {}
                        p { button type="submit" { (t.send_reply) } }
                    }
                }
                h2 { (t.phases) }
                ol {
                    @for step in &detail.phases {
                        li { (phase_name(t, step.phase)) " · " (when(step.at)) " (" (step.cause.as_str()) ")" }
                    }
                }
                @if session.may(Permission::HandleRequests) {
                    h2 { (t.export_heading) }
                    form method="post" action={ "/admin/conversations/" (id) "/export" } {
                        (csrf_field(&session))
                        p { (t.export_explained) }
                        button type="submit" { (t.export_button) }
                    }
                }
                @if session.may(Permission::EraseData) {
                    h2 { (t.erase_heading) }
                    p { (t.erase_explained) }
                    form.danger method="post" action={ "/admin/conversations/" (id) "/erase" } {
                        (csrf_field(&session))
                        fieldset {
                            legend { (t.erase_what) }
                            label { input type="radio" name="scope" value="conversation" checked; " " (t.erase_conversation) }
                            label { input type="radio" name="scope" value="visitor"; " " (t.erase_visitor) }
                        }
                        p { button.danger type="submit" { (t.erase_button) } }
                    }
                }
            },
        ),
    )
}

/// `GET /admin/leads`: the e-mail addresses visitors left, with the purpose they gave them
/// for (reading them is audited by the use case).
pub async fn leads<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    session: TeamSession,
) -> Response {
    let lang = Lang::of(&headers);
    let t = lang.texts();
    let leads = match sotto.team_leads(&session.0.caller, None).await {
        Ok(leads) => leads,
        Err(error) => return failure(lang, &session, Section::Inbox, error),
    };
    respond(
        StatusCode::OK,
        frame(
            lang,
            t.leads,
            Some((&session, Section::Inbox)),
            html! {
                p { a href="/admin/inbox" { (t.back_to_inbox) } }
                p.notice { (t.leads_explained) }
                @if leads.is_empty() {
                    p.notice { (t.no_leads) }
                } @else {
                    table #leads {
                        caption.sr { (t.leads) }
                        thead { tr {
                            th scope="col" { (t.email) }
                            th scope="col" { (t.purpose) }
                            th scope="col" { (t.may_contact) }
                            th scope="col" { (t.marketing) }
                            th scope="col" { (t.site) }
                            th scope="col" { (t.left_on) }
                            th scope="col" { (t.conversation) }
                        } }
                        tbody {
                            @for lead in &leads {
                                tr {
                                    td { (lead.email) }
                                    td { (match lead.purpose { LeadPurpose::Contact => t.purpose_contact, LeadPurpose::Summary => t.purpose_summary }) }
                                    td { (if lead.may_contact { t.yes } else { t.no }) }
                                    td { (if lead.marketing { t.yes } else { t.no }) }
                                    td { (lead.site_id.as_str()) }
                                    td { (when(lead.created_at)) }
                                    td { @if let Some(id) = lead.conversation_id { a href={ "/admin/conversations/" (id) } { (t.open) } } }
                                }
                            }
                        }
                    }
                }
            },
        ),
    )
}
