//! Signing in and out. The sign-in form carries a random token that is also set in a
//! short-lived cookie; a post whose two copies differ is refused, so another site cannot post
//! the form. A failed sign-in says the same thing whatever was wrong.

use axum::Form;
use axum::extract::{Extension, State};
use axum::http::header::COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::team::sign_in::SESSION_HOURS;
use sotto_app::{AppError, ConversationStore, MainStore};
use zeroize::Zeroizing;

use super::checked_form::{CheckedForm, TokenOnly};
use super::i18n::Lang;
use super::layout::{frame, message_page, respond};
use super::session::{
    SESSION_COOKIE, SIGN_IN_COOKIE, SIGN_IN_PATH, cookie_value, redirect, set_cookie,
};
use crate::AppState;
use crate::client_address::ClientAddress;

/// Minutes the sign-in form stays valid.
const SIGN_IN_FORM_MINUTES: i64 = 30;

/// The sign-in form as posted.
#[derive(Deserialize)]
pub struct SignInForm {
    workspace: String,
    email: String,
    /// Moved into a [`Zeroizing`] as soon as the form is read.
    password: String,
    #[serde(default)]
    form_token: String,
}

fn sign_in_form(
    lang: Lang,
    token: &str,
    status: StatusCode,
    workspace: &str,
    email: &str,
) -> Markup {
    let t = lang.texts();
    let error = match status {
        StatusCode::OK => None,
        StatusCode::TOO_MANY_REQUESTS => Some(t.sign_in_wait),
        _ => Some(t.sign_in_failed),
    };
    frame(
        lang,
        t.sign_in_title,
        None,
        html! {
            p { (t.sign_in_intro) }
            @if let Some(error) = error {
                p.error role="alert" { (error) }
            }
            form method="post" action=(SIGN_IN_PATH) {
                input type="hidden" name="form_token" value=(token);
                label for="workspace" { (t.workspace) span.hint #workspace-hint { (t.workspace_hint) } }
                input #workspace name="workspace" required autocomplete="organization" aria-describedby="workspace-hint" value=(workspace);
                label for="email" { (t.email) }
                input #email type="email" name="email" required autocomplete="username" value=(email);
                label for="password" { (t.password) }
                input #password type="password" name="password" required autocomplete="current-password";
                p { button type="submit" { (t.sign_in) } }
            }
        },
    )
}

fn fresh_form(lang: Lang, status: StatusCode, workspace: &str, email: &str) -> Response {
    let token = sotto_crypto::session::form_token();
    let mut response = respond(status, sign_in_form(lang, &token, status, workspace, email));
    response.headers_mut().append(
        axum::http::header::SET_COOKIE,
        set_cookie(SIGN_IN_COOKIE, &token, SIGN_IN_FORM_MINUTES * 60),
    );
    response
}

/// `GET /admin/sign-in`.
pub async fn show(headers: HeaderMap) -> Response {
    fresh_form(Lang::of(&headers), StatusCode::OK, "", "")
}

/// `POST /admin/sign-in`.
pub async fn submit<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    from: Option<Extension<ClientAddress>>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let expected = cookie_value(&headers, COOKIE, SIGN_IN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !sotto_crypto::session::same_token(&expected, &form.form_token) {
        let t = lang.texts();
        return message_page(
            lang,
            StatusCode::FORBIDDEN,
            t.expired_form_title,
            t.expired_form,
            None,
        );
    }
    match sotto
        .sign_in(
            &form.workspace,
            &form.email,
            Zeroizing::new(form.password),
            from.map(|Extension(ClientAddress(address))| address),
        )
        .await
    {
        Ok(signed_in) => redirect(
            "/admin",
            &[
                set_cookie(SESSION_COOKIE, &signed_in.cookie, SESSION_HOURS * 3600),
                set_cookie(SIGN_IN_COOKIE, "", 0),
            ],
        ),
        Err(AppError::Unauthorized) => {
            fresh_form(lang, StatusCode::UNAUTHORIZED, &form.workspace, &form.email)
        }
        Err(AppError::RateLimited { retry_after_secs }) => {
            let mut response = fresh_form(
                lang,
                StatusCode::TOO_MANY_REQUESTS,
                &form.workspace,
                &form.email,
            );
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after_secs),
            );
            response
        }
        Err(error) => crate::ApiError::from(error).into_response(),
    }
}

/// `POST /admin/sign-out`.
pub async fn sign_out<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    CheckedForm(session, _): CheckedForm<TokenOnly>,
) -> Response {
    if let Err(error) = sotto.sign_out(&session.0).await {
        return crate::ApiError::from(error).into_response();
    }
    redirect(SIGN_IN_PATH, &[set_cookie(SESSION_COOKIE, "", 0)])
}
