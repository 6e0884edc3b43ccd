//! The settings page's form for how a site's widget looks and greets: colours (the use case
//! refuses those failing WCAG AA, and the page says why), corner and offsets, launcher label,
//! title, greeting and up to four suggested questions.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::tenancy::appearance::{Corner, WidgetAppearance};
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::SiteId;

use super::checked_form::CheckedForm;
use super::i18n::{Lang, Texts};
use super::layout::csrf_field;
use super::session::TeamSession;
use super::settings_outcome::saved;
use crate::AppState;

/// The appearance form as posted.
#[derive(Deserialize)]
pub struct AppearanceForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    accent_color: String,
    #[serde(default)]
    accent_text_color: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    offset_x: String,
    #[serde(default)]
    offset_y: String,
    #[serde(default)]
    launcher_label: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    greeting: String,
    /// One per line.
    #[serde(default)]
    suggested_questions: String,
    /// Ticked or absent.
    #[serde(default)]
    answer_text_in_events: Option<String>,
}

/// The form, filled with `appearance` of `site`.
pub fn appearance_form(
    t: &Texts,
    session: &TeamSession,
    site: &str,
    appearance: &WidgetAppearance,
) -> Markup {
    html! {
        h2 #appearance { (t.widget_appearance) }
        p.hint #appearance-hint { (t.appearance_hint) }
        form method="post" action="/admin/settings/appearance" aria-describedby="appearance-hint" {
            (csrf_field(session))
            input type="hidden" name="site" value=(site);
            label for="accent_color" { (t.accent_color) }
            input #accent_color type="color" name="accent_color" value=(appearance.accent_color);
            label for="accent_text_color" { (t.accent_text_color) }
            input #accent_text_color type="color" name="accent_text_color" value=(appearance.accent_text_color);
            fieldset {
                legend { (t.corner) }
                @for (corner, value, name) in [(Corner::Right, "right", t.corner_right), (Corner::Left, "left", t.corner_left)] {
                    label {
                        input type="radio" name="position" value=(value) checked[appearance.position == corner];
                        " " (name)
                    }
                }
            }
            label for="offset_x" { (t.offset_x) }
            input #offset_x type="number" name="offset_x" min="0" max="200" required value=(appearance.offset_x);
            label for="offset_y" { (t.offset_y) }
            input #offset_y type="number" name="offset_y" min="0" max="200" required value=(appearance.offset_y);
            label for="launcher_label" { (t.launcher_label) }
            input #launcher_label type="text" name="launcher_label" maxlength="40" value=(appearance.launcher_label.as_deref().unwrap_or_default());
            label for="title" { (t.panel_title) }
            input #title type="text" name="title" maxlength="60" value=(appearance.title.as_deref().unwrap_or_default());
            label for="greeting" { (t.greeting) }
            input #greeting type="text" name="greeting" maxlength="300" value=(appearance.greeting.as_deref().unwrap_or_default());
            label for="suggested_questions" { (t.suggested_questions) }
            textarea #suggested_questions name="suggested_questions" rows="4" { (appearance.suggested_questions.join("\n")) }
            label for="answer_text_in_events" {
                input #answer_text_in_events type="checkbox" name="answer_text_in_events" value="1" checked[appearance.answer_text_in_events];
                " " (t.answer_text_in_events)
            }
            p { button type="submit" { (t.save) } }
        }
    }
}

/// `POST /admin/settings/appearance`.
pub async fn save_appearance<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<AppearanceForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let caller = &session.0.caller;
    let saving = async {
        let site: SiteId = form.site.parse().map_err(|_| AppError::NotFound("site"))?;
        let offset = |text: &str, name: &str| {
            text.trim()
                .parse::<u16>()
                .map_err(|_| AppError::Invalid(format!("{name} must be 0 to 200 pixels")))
        };
        let appearance = WidgetAppearance {
            accent_color: form.accent_color.trim().to_owned(),
            accent_text_color: form.accent_text_color.trim().to_owned(),
            position: if form.position == "left" {
                Corner::Left
            } else {
                Corner::Right
            },
            offset_x: offset(&form.offset_x, "offset_x")?,
            offset_y: offset(&form.offset_y, "offset_y")?,
            launcher_label: Some(form.launcher_label.clone()),
            title: Some(form.title.clone()),
            greeting: Some(form.greeting.clone()),
            suggested_questions: form
                .suggested_questions
                .lines()
                .map(str::to_owned)
                .collect(),
            answer_text_in_events: form.answer_text_in_events.is_some(),
        };
        sotto
            .team_set_site_appearance(caller, &site, appearance)
            .await
    };
    saved(lang, &session, &form.site, saving).await
}
