//! The words of the visitor privacy notice and of the consent questions, in English and French,
//! written from the live configuration: what the notice says is what the software does. The
//! texts are plain lines (`# ` title, `## ` headings, paragraphs separated by blank lines) so
//! that every stored version renders the same way forever.

use sotto_core::consent::{ConsentMode, ConsentPurpose};

/// The languages notices are written in; any other falls back to the first.
pub const NOTICE_LANGUAGES: [&str; 2] = ["en", "fr"];

/// The language a notice is written in for a requested one.
pub fn notice_language(requested: &str) -> &'static str {
    NOTICE_LANGUAGES
        .into_iter()
        .find(|l| requested.eq_ignore_ascii_case(l))
        .unwrap_or(NOTICE_LANGUAGES[0])
}

/// Everything the notice describes, read from the configuration.
#[derive(Debug, Clone)]
pub struct NoticeFacts {
    /// The controller (the tenant, or the legal name its profile gives).
    pub controller: String,
    /// The controller's postal address.
    pub address: Option<String>,
    /// Where visitors write about their data.
    pub contact_email: Option<String>,
    /// The data protection officer.
    pub dpo_email: Option<String>,
    /// The origins the assistant runs on.
    pub origins: Vec<String>,
    /// The site's own privacy policy.
    pub site_policy_url: Option<String>,
    /// Days conversations are kept after their last message.
    pub retention_days: u32,
    /// How the site asks before storing.
    pub consent_mode: ConsentMode,
    /// The language model's provider, when one writes the answers.
    pub model: Option<ProcessorFacts>,
    /// Where personal data may go (`[residency] allowed_regions`).
    pub allowed_regions: String,
    /// Whether the widget may ask for an e-mail address.
    pub email_capture: bool,
    /// The SMTP relay that sends summaries, when e-mail capture is on and one is configured.
    pub mail_relay: Option<ProcessorFacts>,
}

/// A processor personal data goes to (the language model provider, the SMTP relay), as the
/// notice names it.
#[derive(Debug, Clone)]
pub struct ProcessorFacts {
    /// The provider's name (or its API host).
    pub name: String,
    /// Where it processes questions (ISO code).
    pub country: String,
    /// The legal basis of a transfer outside the allowed regions.
    pub transfer_basis: Option<String>,
}

/// The sentence on a processor's transfer outside the allowed regions, when it has a basis.
fn transfer(out: &mut Vec<String>, l: &str, processor: &ProcessorFacts, allowed_regions: &str) {
    if let Some(basis) = &processor.transfer_basis {
        let name = &processor.name;
        out.push(tr(
            l,
            format!("{name} is outside the regions where your data otherwise stays ({allowed_regions}); this transfer relies on: {basis}."),
            format!("{name} se trouve hors des régions où vos données restent par ailleurs ({allowed_regions}) ; ce transfert repose sur : {basis}."),
        ));
    }
}

/// Picks the text of `language` (`en` or `fr`).
fn tr(language: &str, en: String, fr: String) -> String {
    if language == "fr" { fr } else { en }
}

/// The notice in `language` (one of [`NOTICE_LANGUAGES`]).
pub fn notice_body(facts: &NoticeFacts, language: &str) -> String {
    let l = language;
    let c = &facts.controller;
    let sites = facts.origins.join(", ");
    let mut out: Vec<String> = Vec::new();
    out.push(tr(
        l,
        format!("# Privacy notice of the chat assistant of {c}"),
        format!("# Politique de confidentialité de l'assistant de discussion de {c}"),
    ));

    out.push(tr(
        l,
        "## Who is responsible".into(),
        "## Responsable du traitement".into(),
    ));
    let address = facts
        .address
        .as_ref()
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    out.push(tr(
        l,
        format!("{c}{address} is the controller of the data processed by the chat assistant on {sites}."),
        format!("{c}{address} est responsable des données traitées par l'assistant de discussion de {sites}."),
    ));
    let mut contacts = Vec::new();
    if let Some(contact) = &facts.contact_email {
        contacts.push(tr(
            l,
            format!("Contact: {contact}."),
            format!("Contact : {contact}."),
        ));
    }
    if let Some(dpo) = &facts.dpo_email {
        contacts.push(tr(
            l,
            format!("Data protection officer: {dpo}."),
            format!("Délégué à la protection des données : {dpo}."),
        ));
    }
    if !contacts.is_empty() {
        out.push(contacts.join(" "));
    }

    out.push(tr(
        l,
        "## What the assistant is".into(),
        "## Ce qu'est l'assistant".into(),
    ));
    out.push(tr(
        l,
        format!("Answers come from an AI assistant that uses only the pages of {sites}. Each answer cites the pages it comes from. It can be wrong: check the cited page before you rely on an answer."),
        format!("Les réponses viennent d'un assistant d'intelligence artificielle qui n'utilise que les pages de {sites}. Chaque réponse cite les pages dont elle vient. Elle peut être fausse : vérifiez la page citée avant de vous y fier."),
    ));
    out.push(match &facts.model {
        Some(ProcessorFacts { name, country, .. }) => tr(
            l,
            format!("Answers are written by a language model of {name} ({country}), from the passages the assistant found on the site. The model receives your question with every personal item it contains (e-mail addresses, phone numbers, names, account and identity numbers…) replaced by a placeholder, and those passages; never your earlier messages, your identifier or the page you are on."),
            format!("Les réponses sont rédigées par un modèle de langage de {name} ({country}), à partir des passages que l'assistant a trouvés sur le site. Le modèle reçoit votre question, chaque donnée personnelle qu'elle contient (adresses e-mail, numéros de téléphone, noms, numéros de compte ou d'identité…) remplacée par un libellé, et ces passages ; jamais vos messages précédents, votre identifiant ni la page où vous êtes."),
        ),
        None => tr(
            l,
            "Answers are put together by the assistant itself from the site's pages: no outside AI provider receives your messages.".into(),
            "Les réponses sont composées par l'assistant lui-même à partir des pages du site : aucun fournisseur d'IA extérieur ne reçoit vos messages.".into(),
        ),
    });

    out.push(tr(
        l,
        "## What is stored".into(),
        "## Ce qui est conservé".into(),
    ));
    out.push(tr(
        l,
        "No cookies. Nothing is written in your browser before your first message; then one item of its local storage keeps a random identifier and your last messages, so that you find your conversation when you come back.".into(),
        "Aucun cookie. Rien n'est écrit dans votre navigateur avant votre premier message ; ensuite, une entrée de son stockage local garde un identifiant aléatoire et vos derniers messages, pour que vous retrouviez votre conversation à votre retour.".into(),
    ));
    out.push(tr(
        l,
        "Your IP address is not stored. Your identifier reaches the server only to be turned into a keyed pseudonym. Your messages, the answers and the address of the page you were on (without its query string) are stored encrypted under a key of your own. Personal data you type (e-mail addresses, phone numbers, bank and card numbers, identity numbers…) is replaced by a placeholder before anything is stored.".into(),
        "Votre adresse IP n'est pas conservée. Votre identifiant n'arrive au serveur que pour être transformé en pseudonyme à clé. Vos messages, les réponses et l'adresse de la page où vous étiez (sans ses paramètres) sont conservés chiffrés sous une clé qui vous est propre. Les données personnelles que vous tapez (adresses e-mail, numéros de téléphone, de compte, de carte, d'identité…) sont remplacées par un libellé avant toute conservation.".into(),
    ));

    out.push(tr(
        l,
        "## Why, and on which legal basis".into(),
        "## Finalité et base légale".into(),
    ));
    out.push(match facts.consent_mode {
        ConsentMode::LegitimateInterest => tr(
            l,
            format!("Your conversation is stored to answer you and to let you come back to it, on the legitimate interest of {c} in helping its visitors (GDPR art. 6(1)(f)). You can object at any time with \"Stop saving my conversations\" in the assistant: from then on nothing of yours is stored, and what was stored is erased. The assistant still answers."),
            format!("Votre conversation est conservée pour vous répondre et vous permettre de la retrouver, sur la base de l'intérêt légitime de {c} à aider ses visiteurs (RGPD art. 6(1)(f)). Vous pouvez vous y opposer à tout moment avec « Ne plus enregistrer mes conversations » dans l'assistant : dès lors rien de vous n'est conservé, et ce qui l'était est effacé. L'assistant répond toujours."),
        ),
        ConsentMode::OptIn => tr(
            l,
            "Your conversation is stored only if you agree in the assistant (GDPR art. 6(1)(a)). Without your agreement the assistant still answers, and your conversation stays in your browser only. You can withdraw your agreement at any time in the assistant; what was stored is then erased.".into(),
            "Votre conversation n'est conservée que si vous l'acceptez dans l'assistant (RGPD art. 6(1)(a)). Sans votre accord, l'assistant répond quand même et votre conversation reste dans votre seul navigateur. Vous pouvez retirer votre accord à tout moment dans l'assistant ; ce qui était conservé est alors effacé.".into(),
        ),
    });

    out.push(tr(
        l,
        "## How long".into(),
        "## Durée de conservation".into(),
    ));
    let days = facts.retention_days;
    out.push(tr(
        l,
        format!("A conversation is erased {days} days after its last message, together with the key that encrypts it."),
        format!("Une conversation est effacée {days} jours après son dernier message, avec la clé qui la chiffre."),
    ));

    out.push(tr(l, "## E-mail".into(), "## E-mail".into()));
    if facts.email_capture {
        out.push(tr(
            l,
            format!("The assistant asks for your e-mail address only when you ask to be contacted or for a summary of the conversation, and says why. {c} keeps it, encrypted under your key, only if you agree to be written to about your request, or tick the separate box for news and offers, which is never ticked for you. An address given only for a summary is used to send it, then forgotten. A kept address is erased {days} days after you gave it, with your data when you ask, and can be found only through a keyed fingerprint."),
            format!("L'assistant ne vous demande votre adresse e-mail que si vous demandez à être contacté ou un résumé de la conversation, et dit pourquoi. {c} ne la conserve, chiffrée sous votre clé, que si vous acceptez qu'on vous écrive au sujet de votre demande, ou si vous cochez la case distincte des actualités et offres, jamais cochée d'avance. Une adresse donnée seulement pour un résumé sert à l'envoyer, puis est oubliée. Une adresse conservée est effacée {days} jours après que vous l'avez donnée, avec vos données quand vous le demandez, et ne se retrouve que par une empreinte à clé."),
        ));
    } else {
        out.push(tr(
            l,
            "The assistant never asks for your e-mail address, and never sends you marketing.".into(),
            "L'assistant ne vous demande jamais votre adresse e-mail et ne vous envoie aucune prospection.".into(),
        ));
    }

    out.push(tr(
        l,
        "## Who receives your data".into(),
        "## Destinataires".into(),
    ));
    out.push(tr(
        l,
        format!("The team of {c}, to follow up conversations; every reading of a conversation is written to an audit log."),
        format!("L'équipe de {c}, pour donner suite aux conversations ; chaque lecture d'une conversation est inscrite dans un journal d'audit."),
    ));
    if let Some(model) = &facts.model {
        let (name, country) = (&model.name, &model.country);
        out.push(tr(
            l,
            format!("The language model provider {name} ({country}), which receives only what is described above."),
            format!("Le fournisseur du modèle de langage {name} ({country}), qui ne reçoit que ce qui est décrit plus haut."),
        ));
        transfer(&mut out, l, model, &facts.allowed_regions);
    }
    if let Some(relay) = &facts.mail_relay {
        let (name, country) = (&relay.name, &relay.country);
        out.push(tr(
            l,
            format!("The e-mail relay {name} ({country}), which carries the summaries you ask for."),
            format!("Le relais de messagerie {name} ({country}), qui achemine les résumés que vous demandez."),
        ));
        transfer(&mut out, l, relay, &facts.allowed_regions);
    }
    out.push(tr(
        l,
        "Nobody else. Your data is never sold, nor used for advertising.".into(),
        "Personne d'autre. Vos données ne sont jamais vendues ni utilisées à des fins publicitaires.".into(),
    ));

    out.push(tr(l, "## Your rights".into(), "## Vos droits".into()));
    let write_to = facts
        .contact_email
        .as_ref()
        .or(facts.dpo_email.as_ref())
        .map(|a| {
            tr(
                l,
                format!(" You can also write to {a}."),
                format!(" Vous pouvez aussi écrire à {a}."),
            )
        })
        .unwrap_or_default();
    out.push(tr(
        l,
        format!("You can see, download and erase your data at any time from the assistant itself (\"Download my data\", \"Delete all my data\"), without giving your name.{write_to} Requests are answered within 30 days. You may also complain to a data protection authority, for instance that of the EU country where you live."),
        format!("Vous pouvez consulter, télécharger et effacer vos données à tout moment depuis l'assistant lui-même (« Télécharger mes données », « Supprimer toutes mes données »), sans donner votre nom.{write_to} Les demandes reçoivent une réponse sous 30 jours. Vous pouvez aussi saisir une autorité de protection des données, par exemple celle du pays de l'UE où vous vivez (en France, la CNIL)."),
    ));
    if let Some(url) = &facts.site_policy_url {
        out.push(tr(
            l,
            format!("The site's general privacy policy: {url}"),
            format!("La politique de confidentialité générale du site : {url}"),
        ));
    }

    out.push(tr(l, "## Changes".into(), "## Modifications".into()));
    out.push(tr(
        l,
        "This notice is written from the assistant's live settings. When a setting it describes changes, a new version is published; the version you saw and its SHA-256 are recorded with every consent you give.".into(),
        "Cette politique est rédigée à partir des réglages en vigueur de l'assistant. Quand un réglage qu'elle décrit change, une nouvelle version est publiée ; la version que vous avez vue et son empreinte SHA-256 sont enregistrées avec chacun de vos consentements.".into(),
    ));
    out.join("\n\n") + "\n"
}

/// The question a visitor answers for `purpose`, naming the notice version it refers to, so
/// that a new notice is a new question.
pub fn consent_question(
    purpose: ConsentPurpose,
    language: &str,
    facts: &NoticeFacts,
    notice_version: i64,
    notice_sha256: &str,
) -> String {
    let l = language;
    let c = &facts.controller;
    let days = facts.retention_days;
    let question = match purpose {
        ConsentPurpose::ConversationStorage => tr(
            l,
            format!(
                "May {c} keep this conversation, encrypted, for {days} days after your last message, so that you and its team can come back to it? You can withdraw at any time; the assistant answers either way."
            ),
            format!(
                "{c} peut-il conserver cette conversation, chiffrée, {days} jours après votre dernier message, pour que vous et son équipe puissiez y revenir ? Vous pouvez retirer votre accord à tout moment ; l'assistant répond dans tous les cas."
            ),
        ),
        ConsentPurpose::EmailFollowup => tr(
            l,
            format!(
                "May {c} write to you by e-mail about what you asked here, and about nothing else?"
            ),
            format!(
                "{c} peut-il vous écrire par e-mail au sujet de votre demande, et de rien d'autre ?"
            ),
        ),
        ConsentPurpose::Marketing => tr(
            l,
            format!(
                "May {c} send you news and offers by e-mail? (Unticked unless you tick it; unsubscribe at any time.)"
            ),
            format!(
                "{c} peut-il vous envoyer ses actualités et offres par e-mail ? (Non coché sauf si vous le cochez ; désinscription à tout moment.)"
            ),
        ),
    };
    let reference = tr(
        l,
        format!("Privacy notice version {notice_version}, SHA-256 {notice_sha256}."),
        format!("Politique de confidentialité version {notice_version}, SHA-256 {notice_sha256}."),
    );
    format!("{question}\n\n{reference}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> NoticeFacts {
        NoticeFacts {
            controller: "Acme Shop".into(),
            address: Some("1 rue de la Paix, Paris".into()),
            contact_email: Some("privacy@acme.example".into()),
            dpo_email: Some("dpo@acme.example".into()),
            origins: vec!["https://acme.example".into()],
            site_policy_url: None,
            retention_days: 730,
            consent_mode: ConsentMode::LegitimateInterest,
            model: None,
            allowed_regions: "EEA".into(),
            email_capture: false,
            mail_relay: None,
        }
    }

    #[test]
    fn the_notice_says_what_the_configuration_does() {
        let base = facts();
        let en = notice_body(&base, "en");
        for expected in [
            "Acme Shop (1 rue de la Paix, Paris) is the controller",
            "Data protection officer: dpo@acme.example.",
            "730 days after its last message",
            "legitimate interest",
            "no outside AI provider",
        ] {
            assert!(en.contains(expected), "{expected}");
        }
        let opt_in_with_model = NoticeFacts {
            consent_mode: ConsentMode::OptIn,
            model: Some(ProcessorFacts {
                name: "Mistral AI".into(),
                country: "FR".into(),
                transfer_basis: None,
            }),
            retention_days: 90,
            ..base.clone()
        };
        let changed = notice_body(&opt_in_with_model, "en");
        for expected in ["only if you agree", "Mistral AI (FR)", "90 days"] {
            assert!(changed.contains(expected), "{expected}");
        }
        assert!(!changed.contains("legitimate interest"));
        let abroad = NoticeFacts {
            model: Some(ProcessorFacts {
                name: "Example AI".into(),
                country: "US".into(),
                transfer_basis: Some("standard contractual clauses".into()),
            }),
            ..base.clone()
        };
        assert!(notice_body(&abroad, "en").contains(
            "Example AI is outside the regions where your data otherwise stays (EEA); this transfer relies on: standard contractual clauses."
        ));
        assert!(en.contains("never asks for your e-mail address"));
        let capturing = NoticeFacts {
            email_capture: true,
            mail_relay: Some(ProcessorFacts {
                name: "Relay Oy".into(),
                country: "FI".into(),
                transfer_basis: None,
            }),
            ..base.clone()
        };
        let capturing = notice_body(&capturing, "en");
        for expected in [
            "only when you ask to be contacted or for a summary",
            "separate box for news and offers, which is never ticked for you",
            "The e-mail relay Relay Oy (FI)",
        ] {
            assert!(capturing.contains(expected), "{expected}");
        }
        assert!(!capturing.contains("never asks for your e-mail"));
        let fr = notice_body(&base, "fr");
        assert!(fr.starts_with("# Politique de confidentialité"));
        assert!(fr.contains("730 jours"));
    }

    #[test]
    fn languages_fall_back_to_english() {
        assert_eq!(notice_language("FR"), "fr");
        assert_eq!(notice_language("de"), "en");
    }

    #[test]
    fn a_question_names_its_notice_version() {
        let question = consent_question(
            ConsentPurpose::ConversationStorage,
            "en",
            &facts(),
            3,
            "ab12",
        );
        assert!(question.contains("730 days"));
        assert!(question.contains("Privacy notice version 3, SHA-256 ab12."));
        let marketing = consent_question(ConsentPurpose::Marketing, "fr", &facts(), 3, "ab12");
        assert!(marketing.contains("actualités"));
    }
}
