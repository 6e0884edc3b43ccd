//! The tenant's privacy settings: the notice's fields (controller, contact, DPO), each site's
//! retention, consent mode, e-mail capture and lead webhook, and the personal-data policy with
//! the tenant's own patterns and terms. Every change goes through the use case that audits it;
//! the page then reads each site's texts, which publishes a new notice version when the
//! change shows in the notice, and says which version is current. The language model is the
//! operator's; a tenant may refuse it and answer with the built-in answerer alone.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::chat::pii_settings::{Action, CustomPattern, EntityType, PiiSettings};
use sotto_app::consent::privacy_settings::{PrivacyProfile, SitePrivacy};
use sotto_app::team::settings::SiteChange;
use sotto_app::tenancy::sites::SiteView;
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::SiteId;
use sotto_core::consent::ConsentMode;

use super::appearance_form::appearance_form;
use super::checked_form::CheckedForm;
use super::dates::when;
use super::i18n::{Lang, Texts};
use super::layout::{Section, csrf_field, failure, frame, respond};
use super::session::TeamSession;
use super::settings_outcome::saved;
use crate::AppState;

/// `?site=&saved=`.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsQuery {
    #[serde(default)]
    site: String,
    #[serde(default)]
    saved: Option<String>,
}

/// The notice fields' form.
#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    controller_name: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    dpo_email: String,
}

/// The language model form: `use_model` ticked or absent.
#[derive(Deserialize)]
pub struct ModelForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    use_model: Option<String>,
}

/// A site's form.
#[derive(Deserialize)]
pub struct SiteForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    retention_days: String,
    /// One origin per line.
    #[serde(default)]
    origins: String,
    #[serde(default)]
    consent_mode: String,
    #[serde(default)]
    email_capture: Option<String>,
    #[serde(default)]
    lead_webhook: String,
}

/// The personal-data form: one `action_<TYPE>` field per type, patterns as `LABEL: regex`
/// lines, terms one per line.
#[derive(Deserialize)]
pub struct PiiForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    patterns: String,
    #[serde(default)]
    terms: String,
    #[serde(default)]
    unredacted_to_model: Option<String>,
    #[serde(flatten)]
    actions: std::collections::HashMap<String, String>,
}

/// The actions a team may choose for a type (removal is for search queries only).
const ACTIONS: [Action; 3] = [Action::Redact, Action::Mask, Action::Keep];

fn action_code(action: Action) -> &'static str {
    match action {
        Action::Redact => "redact",
        Action::Mask => "mask",
        Action::Keep => "keep",
        Action::Remove => "remove",
    }
}

fn action_name(t: &Texts, action: Action) -> &'static str {
    match action {
        Action::Mask => t.action_mask,
        Action::Keep => t.action_keep,
        Action::Redact | Action::Remove => t.action_redact,
    }
}

fn optional(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn profile_form(t: &Texts, session: &TeamSession, site: &str, p: &PrivacyProfile) -> Markup {
    let field = |id: &str, label: &str, value: &Option<String>, kind: &str| {
        html! {
            label for=(id) { (label) }
            input #(id) type=(kind) name=(id) value=(value.as_deref().unwrap_or_default());
        }
    };
    html! {
        h2 #notice-fields { (t.notice_fields) }
        p { (t.notice_fields_explained) }
        form method="post" action="/admin/settings/profile" {
            (csrf_field(session))
            input type="hidden" name="site" value=(site);
            (field("controller_name", t.controller, &p.controller_name, "text"))
            (field("address", t.postal_address, &p.address, "text"))
            (field("contact_email", t.contact_email, &p.contact_email, "email"))
            (field("dpo_email", t.dpo_email, &p.dpo_email, "email"))
            p { button type="submit" { (t.save) } }
        }
    }
}

fn site_form(t: &Texts, session: &TeamSession, site: &SiteView, privacy: &SitePrivacy) -> Markup {
    html! {
        h2 #site-settings { (t.site) " " (site.site_id.as_str()) }
        form method="post" action="/admin/settings/site" {
            (csrf_field(session))
            input type="hidden" name="site" value=(site.site_id.as_str());
            label for="origins" { (t.allowed_origins) span.hint #origins-hint { (t.origins_hint) } }
            textarea #origins name="origins" rows="2" required aria-describedby="origins-hint" { (site.origins.join("\n")) }
            label for="retention_days" { (t.retention_days) span.hint #retention-hint { (t.retention_hint) } }
            input #retention_days type="number" name="retention_days" min="1" max="3650" required aria-describedby="retention-hint" value=(site.retention_days);
            fieldset {
                legend { (t.consent_mode) }
                @for mode in [ConsentMode::LegitimateInterest, ConsentMode::OptIn] {
                    label {
                        input type="radio" name="consent_mode" value=(mode.as_str()) checked[privacy.consent_mode == mode];
                        " " (if mode == ConsentMode::OptIn { t.mode_opt_in } else { t.mode_legitimate_interest })
                    }
                }
            }
            label for="email_capture" {
                input #email_capture type="checkbox" name="email_capture" value="1" checked[privacy.email_capture];
                " " (t.email_capture)
            }
            label for="lead_webhook" { (t.lead_webhook) span.hint #webhook-hint { (t.lead_webhook_hint) } }
            input #lead_webhook type="url" name="lead_webhook" aria-describedby="webhook-hint" value=(privacy.lead_webhook.as_deref().unwrap_or_default());
            p { button type="submit" { (t.save) } }
        }
    }
}

fn pii_form(t: &Texts, session: &TeamSession, site: &str, s: &PiiSettings) -> Markup {
    let patterns: Vec<String> = s
        .patterns
        .iter()
        .map(|p| format!("{}: {}", p.label, p.pattern))
        .collect();
    html! {
        h2 #personal-data { (t.personal_data) }
        p { (t.personal_data_explained) }
        form method="post" action="/admin/settings/pii" {
            (csrf_field(session))
            input type="hidden" name="site" value=(site);
            table {
                thead { tr { th scope="col" { (t.data_type) } th scope="col" { (t.stored_as) } } }
                tbody {
                    @for kind in EntityType::ALL {
                        @let name = kind.as_str();
                        @let chosen = s.policy.actions.get(&kind).copied().unwrap_or_default();
                        tr {
                            td { label for={ "action_" (name) } { (name) } }
                            td {
                                select #{ "action_" (name) } name={ "action_" (name) } {
                                    @for action in ACTIONS {
                                        option value=(action_code(action)) selected[chosen == action] { (action_name(t, action)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            label for="patterns" { (t.custom_patterns) span.hint #patterns-hint { (t.custom_patterns_hint) } }
            textarea #patterns name="patterns" rows="3" aria-describedby="patterns-hint" { (patterns.join("\n")) }
            label for="terms" { (t.custom_terms) span.hint #terms-hint { (t.custom_terms_hint) } }
            textarea #terms name="terms" rows="3" aria-describedby="terms-hint" { (s.terms.join("\n")) }
            label for="unredacted_to_model" {
                input #unredacted_to_model type="checkbox" name="unredacted_to_model" value="1" checked[s.unredacted_to_model];
                " " (t.unredacted_to_model)
            }
            p { button type="submit" { (t.save) } }
        }
    }
}

/// `GET /admin/settings`.
pub async fn settings<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    session: TeamSession,
    Query(query): Query<SettingsQuery>,
) -> Response {
    let lang = Lang::of(&headers);
    let t = lang.texts();
    match page(&sotto, t, &session, &query).await {
        Ok(content) => respond(
            StatusCode::OK,
            frame(
                lang,
                t.settings,
                Some((&session, Section::Settings)),
                content,
            ),
        ),
        Err(error) => failure(lang, &session, Section::Settings, error),
    }
}

async fn page<M: MainStore, C: ConversationStore>(
    sotto: &AppState<M, C>,
    t: &Texts,
    session: &TeamSession,
    query: &SettingsQuery,
) -> Result<Markup, AppError> {
    let caller = &session.0.caller;
    let profile = sotto.team_privacy_profile(caller).await?;
    let pii = sotto.team_settings(caller).await?;
    let sites = sotto.team_sites(caller).await?;
    let site = sites
        .iter()
        .find(|s| s.site_id.as_str() == query.site)
        .or_else(|| sites.first())
        .cloned()
        .ok_or(AppError::NotFound("site"))?;
    let privacy = sotto.team_site_privacy(caller, &site.site_id).await?;
    let appearance = sotto.team_site_appearance(caller, &site.site_id).await?;
    // Reading the texts publishes a new version of any the change altered.
    let history = sotto.team_text_history(caller, &site.site_id).await?;
    let notice = history
        .iter()
        .filter(|v| v.kind == "notice")
        .max_by_key(|v| (v.language == site.language, v.version));
    let llm = &sotto.config().llm;
    Ok(html! {
        @if query.saved.is_some() {
            p.notice role="status" { (t.saved) }
        }
        @if let Some(notice) = notice {
            p { (t.current_notice) ": v" (notice.version) " (" (notice.language) "), " (t.published) " " (when(notice.published_at)) ". " a href="/admin/compliance#notices" { (t.visitor_notices) } }
        }
        form.filters method="get" action="/admin/settings" {
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
        (site_form(t, session, &site, &privacy))
        (appearance_form(t, session, site.site_id.as_str(), &appearance))
        (profile_form(t, session, site.site_id.as_str(), &profile))
        (pii_form(t, session, site.site_id.as_str(), &pii))
        h2 #model { (t.language_model) }
        @match (&llm.base_url, &llm.model) {
            (Some(base), Some(model)) => {
                p { (model) " · " (llm.provider.as_deref().unwrap_or(base)) " · " (llm.country.as_deref().unwrap_or("–")) " " span.hint { (t.language_model_hint) } }
                form method="post" action="/admin/settings/model" {
                    (csrf_field(session))
                    input type="hidden" name="site" value=(site.site_id.as_str());
                    label for="use_model" {
                        input #use_model type="checkbox" name="use_model" value="1" checked[!pii.built_in_answers_only];
                        " " (t.use_model)
                    }
                    p { button type="submit" { (t.save) } }
                }
            }
            _ => p { (t.no_model) " " span.hint { (t.language_model_hint) } },
        }
    })
}

/// `POST /admin/settings/profile`.
pub async fn save_profile<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<ProfileForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let profile = PrivacyProfile {
        controller_name: optional(form.controller_name),
        address: optional(form.address),
        contact_email: optional(form.contact_email),
        dpo_email: optional(form.dpo_email),
    };
    let saving = sotto.team_set_privacy_profile(&session.0.caller, profile);
    saved(lang, &session, &form.site, saving).await
}

/// `POST /admin/settings/model`.
pub async fn save_model<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<ModelForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let caller = &session.0.caller;
    let saving = async {
        let current = sotto.team_settings(caller).await?;
        let settings = PiiSettings {
            built_in_answers_only: form.use_model.is_none(),
            ..current
        };
        sotto.team_change_settings(caller, settings).await
    };
    saved(lang, &session, &form.site, saving).await
}

/// `POST /admin/settings/site`.
pub async fn save_site<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<SiteForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let caller = &session.0.caller;
    let saving = async {
        let site: SiteId = form.site.parse().map_err(|_| AppError::NotFound("site"))?;
        let retention_days = form
            .retention_days
            .trim()
            .parse()
            .map_err(|_| AppError::Invalid(lang.texts().retention_hint.into()))?;
        let consent_mode = ConsentMode::parse(&form.consent_mode)
            .ok_or_else(|| AppError::Invalid(lang.texts().consent_mode.into()))?;
        let current = sotto.team_site_privacy(caller, &site).await?;
        sotto
            .team_change_site(
                caller,
                &site,
                SiteChange {
                    retention_days: Some(retention_days),
                    origins: Some(form.origins.split_whitespace().map(str::to_owned).collect()),
                },
            )
            .await?;
        let privacy = SitePrivacy {
            consent_mode,
            email_capture: form.email_capture.is_some(),
            lead_webhook: optional(form.lead_webhook),
            ..current
        };
        sotto.team_set_site_privacy(caller, &site, privacy).await
    };
    saved(lang, &session, &form.site, saving).await
}

/// Reads `LABEL: regex` lines.
fn patterns_of(text: &str) -> Result<Vec<CustomPattern>, String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (label, pattern) = line
                .split_once(':')
                .ok_or_else(|| format!("{line:?} is not LABEL: pattern"))?;
            Ok(CustomPattern {
                label: label.trim().to_owned(),
                pattern: pattern.trim().to_owned(),
            })
        })
        .collect()
}

/// `POST /admin/settings/pii`.
pub async fn save_pii<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<PiiForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let caller = &session.0.caller;
    let saving = async {
        let mut settings = sotto.team_settings(caller).await?;
        for kind in EntityType::ALL {
            let chosen = form.actions.get(&format!("action_{}", kind.as_str()));
            let action = ACTIONS
                .into_iter()
                .find(|a| chosen.is_some_and(|c| c == action_code(*a)))
                .unwrap_or_default();
            if action == Action::Redact {
                settings.policy.actions.remove(&kind);
            } else {
                settings.policy.actions.insert(kind, action);
            }
        }
        settings.patterns = patterns_of(&form.patterns).map_err(AppError::Invalid)?;
        settings.terms = form
            .terms
            .lines()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        settings.unredacted_to_model = form.unredacted_to_model.is_some();
        sotto.team_change_settings(caller, settings).await
    };
    saved(lang, &session, &form.site, saving).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_label_colon_regex_lines() {
        let read = patterns_of("CUSTOMER: C-\\d{6}\n\n ORDER : O\\d+ ").unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[1].label, "ORDER");
        assert_eq!(read[1].pattern, "O\\d+");
        assert!(patterns_of("no colon here").is_err());
    }
}
