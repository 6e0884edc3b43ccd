//! The admin UI's two languages. The browser's `Accept-Language` chooses, a `sotto_lang`
//! cookie set by the language switch overrides it; every text of the pages is here.

use axum::http::HeaderMap;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};

/// A language of the admin UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
}

/// The cookie the language switch sets.
pub const LANG_COOKIE: &str = "sotto_lang";

impl Lang {
    /// The request's language: the switch's cookie, else the first of `Accept-Language` we
    /// speak, else English.
    pub fn of(headers: &HeaderMap) -> Self {
        let chosen = super::session::cookie_value(headers, COOKIE, LANG_COOKIE);
        if let Some(lang) = chosen.and_then(|code| Self::parse(&code)) {
            return lang;
        }
        headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .into_iter()
            .flat_map(|v| v.split(','))
            .filter_map(|range| Self::parse(range.split(';').next().unwrap_or_default()))
            .next()
            .unwrap_or(Lang::En)
    }

    /// `en` or `fr` (a region such as `fr-CA` counts).
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("en") => Some(Lang::En),
            Some("fr") => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The code for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The other language, offered by the switch.
    pub fn other(self) -> Self {
        match self {
            Lang::En => Lang::Fr,
            Lang::Fr => Lang::En,
        }
    }

    /// This language's texts.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }
}

/// Every text of the admin pages, in one language.
pub struct Texts {
    pub product: &'static str,
    pub language_name: &'static str,
    pub skip_to_content: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub workspace: &'static str,
    pub workspace_hint: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub sign_in_failed: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    pub inbox: &'static str,
    pub site: &'static str,
    pub all_sites: &'static str,
    pub phase: &'static str,
    pub all_phases: &'static str,
    pub needs_human: &'static str,
    pub filter: &'static str,
    pub no_conversations: &'static str,
    pub started: &'static str,
    pub last_activity: &'static str,
    pub messages: &'static str,
    pub open: &'static str,
    pub conversation: &'static str,
    pub read_is_audited: &'static str,
    pub visitor: &'static str,
    pub assistant: &'static str,
    pub phases: &'static str,
    pub back_to_inbox: &'static str,
    pub cited: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_role: &'static str,
    pub expired_form_title: &'static str,
    pub expired_form: &'static str,
    pub not_found: &'static str,
    pub exploring: &'static str,
    pub learning: &'static str,
    pub requesting_contact: &'static str,
}

const EN: Texts = Texts {
    product: "Sotto admin",
    language_name: "Français",
    skip_to_content: "Skip to content",
    sign_in_title: "Sign in",
    sign_in_intro: "Sign in with the address and password your workspace owner gave you.",
    workspace: "Workspace",
    workspace_hint: "The workspace id from your invitation: 36 characters, such as 0193a5c2-7d1e-….",
    email: "E-mail address",
    password: "Password",
    sign_in: "Sign in",
    sign_in_failed: "The workspace, address or password is wrong.",
    sign_out: "Sign out",
    signed_in_as: "Signed in as",
    inbox: "Inbox",
    site: "Site",
    all_sites: "All sites",
    phase: "Phase",
    all_phases: "All phases",
    needs_human: "Needs a human",
    filter: "Show",
    no_conversations: "No conversation matches.",
    started: "Started",
    last_activity: "Last activity",
    messages: "Messages",
    open: "Open",
    conversation: "Conversation",
    read_is_audited: "Opening a conversation is recorded in the audit log.",
    visitor: "Visitor",
    assistant: "Assistant",
    phases: "Phases",
    back_to_inbox: "Back to the inbox",
    cited: "Sources",
    forbidden_title: "Not for your role",
    forbidden_role: "Your role does not show this page. Viewers see analytics, never a conversation's content.",
    expired_form_title: "This form has expired",
    expired_form: "The form was sent without its security token, or from another session. Reload the page and try again.",
    not_found: "There is no such page or conversation.",
    exploring: "Exploring",
    learning: "Learning",
    requesting_contact: "Requesting contact",
};

const FR: Texts = Texts {
    product: "Administration Sotto",
    language_name: "English",
    skip_to_content: "Aller au contenu",
    sign_in_title: "Connexion",
    sign_in_intro: "Connectez-vous avec l'adresse et le mot de passe transmis par le responsable de votre espace.",
    workspace: "Espace",
    workspace_hint: "L'identifiant d'espace de votre invitation : 36 caractères, comme 0193a5c2-7d1e-….",
    email: "Adresse e-mail",
    password: "Mot de passe",
    sign_in: "Se connecter",
    sign_in_failed: "L'espace, l'adresse ou le mot de passe est incorrect.",
    sign_out: "Se déconnecter",
    signed_in_as: "Connecté en tant que",
    inbox: "Boîte de réception",
    site: "Site",
    all_sites: "Tous les sites",
    phase: "Étape",
    all_phases: "Toutes les étapes",
    needs_human: "Attend un humain",
    filter: "Afficher",
    no_conversations: "Aucune conversation ne correspond.",
    started: "Début",
    last_activity: "Dernière activité",
    messages: "Messages",
    open: "Ouvrir",
    conversation: "Conversation",
    read_is_audited: "L'ouverture d'une conversation est inscrite au journal d'audit.",
    visitor: "Visiteur",
    assistant: "Assistant",
    phases: "Étapes",
    back_to_inbox: "Retour à la boîte de réception",
    cited: "Sources",
    forbidden_title: "Page réservée",
    forbidden_role: "Votre rôle ne donne pas accès à cette page. Les observateurs voient les statistiques, jamais le contenu d'une conversation.",
    expired_form_title: "Ce formulaire a expiré",
    expired_form: "Le formulaire a été envoyé sans son jeton de sécurité, ou depuis une autre session. Rechargez la page et recommencez.",
    not_found: "Cette page ou cette conversation n'existe pas.",
    exploring: "Découverte",
    learning: "Renseignement",
    requesting_contact: "Demande de contact",
};

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_cookie_beats_the_browser_and_english_is_the_default() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::of(&headers), Lang::En);
        headers.insert(
            ACCEPT_LANGUAGE,
            HeaderValue::from_static("de-DE, fr-CA;q=0.8"),
        );
        assert_eq!(Lang::of(&headers), Lang::Fr);
        headers.insert(COOKIE, HeaderValue::from_static("sotto_lang=en"));
        assert_eq!(Lang::of(&headers), Lang::En);
    }
}
