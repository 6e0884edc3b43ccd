//! A member changes their own password: whenever they like, and first of all when someone
//! else chose it (the session then leads nowhere else, see [`super::session::TeamSession`]).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;
use serde::Deserialize;
use sotto_app::{AppError, ConversationStore, MainStore};
use zeroize::Zeroizing;

use super::checked_form::CheckedForm;
use super::i18n::Lang;
use super::layout::{Section, csrf_field, failure, frame, message_page, respond};
use super::session::{PASSWORD_PATH, TeamSession};
use crate::AppState;

/// The password form as posted; the passwords move into [`Zeroizing`] at once.
#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    repeat: String,
}

/// The form, with `error` above it when the last try failed.
fn form_page(
    lang: Lang,
    session: &TeamSession,
    status: StatusCode,
    error: Option<&str>,
) -> Response {
    let t = lang.texts();
    let section = Section::Account;
    respond(
        status,
        frame(
            lang,
            t.change_password,
            Some((session, section)),
            html! {
                @if session.0.must_change_password {
                    p.notice { (t.must_change_password) }
                }
                @if let Some(error) = error {
                    p.error role="alert" { (error) }
                }
                form method="post" action=(PASSWORD_PATH) {
                    (csrf_field(session))
                    label for="current" { (t.current_password) }
                    input #current type="password" name="current" required autocomplete="current-password";
                    label for="new" { (t.new_password) }
                    input #new type="password" name="new" required minlength="12" autocomplete="new-password";
                    label for="repeat" { (t.repeat_password) }
                    input #repeat type="password" name="repeat" required minlength="12" autocomplete="new-password";
                    p { button type="submit" { (t.change_password) } }
                }
            },
        ),
    )
}

/// `GET /admin/account/password`.
pub async fn show(headers: HeaderMap, session: TeamSession) -> Response {
    form_page(Lang::of(&headers), &session, StatusCode::OK, None)
}

/// `POST /admin/account/password`.
pub async fn change<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    CheckedForm(session, form): CheckedForm<PasswordForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let t = lang.texts();
    let (current, new, repeat) = (
        Zeroizing::new(form.current),
        Zeroizing::new(form.new),
        Zeroizing::new(form.repeat),
    );
    if *new != *repeat {
        return form_page(
            lang,
            &session,
            StatusCode::BAD_REQUEST,
            Some(t.passwords_differ),
        );
    }
    match sotto.change_password(&session.0, current, new).await {
        Ok(()) => message_page(
            lang,
            StatusCode::OK,
            t.change_password,
            t.password_changed,
            Some((&session, Section::Account)),
        ),
        Err(AppError::Invalid(message)) => {
            form_page(lang, &session, StatusCode::BAD_REQUEST, Some(&message))
        }
        Err(AppError::RateLimited { .. }) => form_page(
            lang,
            &session,
            StatusCode::TOO_MANY_REQUESTS,
            Some(t.sign_in_wait),
        ),
        Err(error) => failure(lang, &session, Section::Account, error),
    }
}
