//! The compliance documents in one place, each generated from the live configuration: the
//! register of processing, every site's visitor notice with its versions, the breach register
//! with each breach's 72-hour countdown (and a form to record one), and the audit log with its
//! hash chain checked. Each part shows only to the roles its use case allows.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::compliance::breaches::{BreachDetails, BreachView};
use sotto_app::compliance::notice::TextView;
use sotto_app::compliance::register::ProcessingRegister;
use sotto_app::team::audit::{AuditCheck, AuditView};
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::SiteId;
use sotto_core::access::Permission;

use super::checked_form::CheckedForm;
use super::dates::when;
use super::i18n::{Lang, Texts};
use super::layout::{Section, csrf_field, failure, frame, respond};
use super::session::{TeamSession, redirect};
use crate::AppState;

/// The audit entries shown, most recent last.
const AUDIT_SHOWN: usize = 50;

/// The form recording a breach.
#[derive(Deserialize)]
pub struct BreachForm {
    #[serde(default)]
    what: String,
    #[serde(default)]
    consequences: String,
    #[serde(default)]
    measures: String,
}

fn list(items: &[String]) -> String {
    items.join("; ")
}

fn register(t: &Texts, r: &ProcessingRegister) -> Markup {
    html! {
        h2 #register { (t.processing_register) }
        p.meta { (t.generated) " " (when(r.generated_at)) " · " (t.controller) ": " (r.controller.name) }
        table {
            thead { tr {
                th scope="col" { (t.activity) }
                th scope="col" { (t.purposes) }
                th scope="col" { (t.legal_basis) }
                th scope="col" { (t.retention) }
                th scope="col" { (t.recipients) }
            } }
            tbody {
                @for a in &r.activities {
                    tr {
                        td { (a.name) }
                        td { (list(&a.purposes)) }
                        td { (list(&a.legal_basis)) }
                        td { (list(&a.retention)) }
                        td { (list(&a.recipients)) }
                    }
                }
            }
        }
        h3 { (t.sub_processors) }
        @if r.sub_processors.is_empty() {
            p { (t.none) }
        } @else {
            ul { @for s in &r.sub_processors {
                li { (s.name) " (" (s.role) ")" @if let Some(c) = &s.country { " · " (c) } @if let Some(b) = &s.transfer_basis { " · " (b) } }
            } }
        }
    }
}

fn notices(t: &Texts, sites: &[(SiteId, Vec<TextView>)]) -> Markup {
    html! {
        h2 #notices { (t.visitor_notices) }
        @for (site, texts) in sites {
            @let versions: Vec<&TextView> = texts.iter().filter(|v| v.kind == "notice").collect();
            h3 { (site.as_str()) }
            @if let Some(current) = versions.iter().max_by_key(|v| (v.version, v.published_at)) {
                details {
                    summary { (t.current_notice) " (" (current.language) ", v" (current.version) ")" }
                    pre.notice-text { (current.text) }
                }
            }
            ul { @for v in &versions {
                li { (v.language) " v" (v.version) " · " (t.published) " " (when(v.published_at)) }
            } }
        }
    }
}

fn countdown(t: &Texts, b: &BreachView) -> Markup {
    html! {
        @if b.authority_notified_at.is_some() {
            (t.authority_notified)
        } @else if b.overdue {
            strong.error { (t.overdue) }
        } @else if let Some(hours) = b.hours_left {
            strong { (hours) " " (t.hours_left) }
        }
    }
}

fn breaches(t: &Texts, session: &TeamSession, list: &[BreachView]) -> Markup {
    html! {
        h2 #breaches { (t.breach_register) }
        @if list.is_empty() {
            p.notice { (t.no_breaches) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (t.breach) }
                    th scope="col" { (t.opened) }
                    th scope="col" { (t.notify_by) }
                    th scope="col" { (t.countdown) }
                    th scope="col" { (t.status) }
                } }
                tbody {
                    @for b in list {
                        tr.overdue[b.overdue] {
                            td { (b.details.what) }
                            td { (when(b.opened_at)) }
                            td { (when(b.notify_authority_by)) }
                            td { (countdown(t, b)) }
                            td { @if let Some(closed) = b.closed_at { (t.status_completed) " " (when(closed)) } @else { (t.status_open) } }
                        }
                    }
                }
            }
        }
        h3 { (t.record_breach) }
        form method="post" action="/admin/compliance/breaches" {
            (csrf_field(session))
            label for="breach-what" { (t.breach_what) }
            textarea #breach-what name="what" rows="2" required {}
            label for="breach-consequences" { (t.breach_consequences) }
            textarea #breach-consequences name="consequences" rows="2" {}
            label for="breach-measures" { (t.breach_measures) }
            textarea #breach-measures name="measures" rows="2" {}
            p { button type="submit" { (t.record) } }
        }
    }
}

fn audit(t: &Texts, check: &AuditCheck, entries: &[AuditView]) -> Markup {
    html! {
        h2 #audit { (t.audit_log) }
        @if check.intact {
            p.notice role="status" { (t.chain_intact) " " (check.entries) " · " (t.head) " " code { (check.head_mac.as_deref().unwrap_or("–")) } }
        } @else {
            p.error role="alert" { (t.chain_broken) " " (check.problem.as_deref().unwrap_or_default()) }
        }
        table #audit-log {
            thead { tr {
                th scope="col" { "#" }
                th scope="col" { (t.when) }
                th scope="col" { (t.actor) }
                th scope="col" { (t.action) }
                th scope="col" { (t.object) }
            } }
            tbody {
                @for e in entries {
                    tr { td { (e.seq) } td { (when(e.at)) } td { (e.actor) } td { (e.action) } td { (e.object) } }
                }
            }
        }
    }
}

/// `GET /admin/compliance`.
pub async fn compliance<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    session: TeamSession,
) -> Response {
    let lang = Lang::of(&headers);
    let t = lang.texts();
    match parts(&sotto, t, &session).await {
        Ok(content) => respond(
            StatusCode::OK,
            frame(
                lang,
                t.compliance,
                Some((&session, Section::Compliance)),
                content,
            ),
        ),
        Err(error) => failure(lang, &session, Section::Compliance, error),
    }
}

async fn parts<M: MainStore, C: ConversationStore>(
    sotto: &AppState<M, C>,
    t: &Texts,
    session: &TeamSession,
) -> Result<Markup, AppError> {
    let caller = &session.0.caller;
    let processing = sotto.team_processing_register(caller).await?;
    let mut texts = Vec::new();
    for site in sotto.team_sites(caller).await? {
        let history = sotto.team_text_history(caller, &site.site_id).await?;
        texts.push((site.site_id, history));
    }
    let breach_list = if session.may(Permission::ManageSettings) {
        Some(sotto.team_breaches(caller).await?)
    } else {
        None
    };
    let audit_part = if session.may(Permission::ReadAudit) {
        let check = sotto.team_verify_audit(caller).await?;
        let after = (check.head - AUDIT_SHOWN as i64).max(0);
        let entries = sotto.audit_log(caller, after, AUDIT_SHOWN).await?;
        Some((check, entries))
    } else {
        None
    };
    Ok(html! {
        p { (t.compliance_explained) }
        (register(t, &processing))
        (notices(t, &texts))
        @if let Some(list) = &breach_list { (breaches(t, session, list)) }
        @if let Some((check, entries)) = &audit_part { (audit(t, check, entries)) }
    })
}

/// `POST /admin/compliance/breaches`: back to the register, the countdown running.
pub async fn record_breach<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<BreachForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let details = BreachDetails {
        what: form.what,
        detected_at: None,
        data_categories: Vec::new(),
        subject_categories: Vec::new(),
        approx_subjects: None,
        approx_records: None,
        consequences: form.consequences,
        measures: form.measures,
    };
    match sotto.team_open_breach(&session.0.caller, details).await {
        Ok(_) => redirect("/admin/compliance#breaches", &[]),
        Err(error) => failure(lang, &session, Section::Compliance, error),
    }
}
