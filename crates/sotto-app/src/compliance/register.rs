//! The register of processing activities (GDPR art. 30) of a tenant, generated from the live
//! configuration: the controller's profile, every site's consent mode and retention, the
//! personal-data policy, the language model and hosting with their countries and transfer
//! bases, and the security measures the code enforces. As JSON, Markdown or a page.

use std::fmt::Write;

use serde::Serialize;
use sotto_core::consent::ConsentMode;
use sotto_core::{TenantId, UnixTime};
use sotto_pii::{Action, EntityType};
use sotto_store::{ConversationStore, MainStore};

use crate::compliance::html::{text, time};
use crate::{AppResult, Sotto};

/// The format name the JSON carries.
pub const REGISTER_FORMAT: &str = "sotto-register/v1";

/// A tenant's register.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ProcessingRegister {
    /// [`REGISTER_FORMAT`].
    pub format: String,
    /// When it was generated.
    pub generated_at: UnixTime,
    /// The controller.
    pub controller: ControllerDetails,
    /// Where personal data may go (`[residency]`).
    pub allowed_regions: Vec<String>,
    /// The processing activities.
    pub activities: Vec<Activity>,
    /// Who processes data for the controller, with where and on which transfer basis.
    pub sub_processors: Vec<SubProcessor>,
}

/// The controller, from the tenant and its privacy profile.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ControllerDetails {
    /// Legal name.
    pub name: String,
    /// Postal address.
    pub address: Option<String>,
    /// Contact for data protection questions.
    pub contact_email: Option<String>,
    /// Data protection officer.
    pub dpo_email: Option<String>,
}

/// One processing activity (art. 30(1)(b) to (g)).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Activity {
    /// What it is.
    pub name: String,
    /// Why.
    pub purposes: Vec<String>,
    /// On which legal basis.
    pub legal_basis: Vec<String>,
    /// Whose data.
    pub data_subjects: Vec<String>,
    /// Which data.
    pub data_categories: Vec<String>,
    /// Who receives it.
    pub recipients: Vec<String>,
    /// Transfers outside the allowed regions, with their basis.
    pub transfers: Vec<String>,
    /// How long it is kept.
    pub retention: Vec<String>,
    /// How it is protected.
    pub security_measures: Vec<String>,
}

/// A processor acting for the controller.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct SubProcessor {
    /// What it does.
    pub role: String,
    /// Who.
    pub name: String,
    /// Where (ISO code), when declared.
    pub country: Option<String>,
    /// The transfer basis, when outside the allowed regions.
    pub transfer_basis: Option<String>,
}

/// The measures the code enforces for conversations, whatever the configuration.
const CHAT_MEASURES: [&str; 9] = [
    "Pseudonymous visitors: only a keyed HMAC-SHA256 of the browser's random id is stored; no cookies, no IP address stored or logged",
    "Encryption at rest: every message, citation and page path sealed with XChaCha20-Poly1305 under a per-visitor key, wrapped by a per-tenant key, wrapped by the master key",
    "Crypto-shredding: an erasure destroys the visitor's wrapped key before deleting rows; SQLite runs with secure_delete and is checkpointed",
    "Personal data detected (checksums and context) and replaced by placeholders before storage, as the policy below says",
    "The two stores (main, conversations) are separate databases, never joined; every query is scoped to one tenant (row-level security on PostgreSQL)",
    "Team access by role; every reading of conversation content is written to a MAC-chained audit log",
    "Consent answers in a public SHA-256 hash chain, verifiable by third parties",
    "Rate limits kept in memory only; strict content security policy; HTTPS with rustls when configured",
    "Automatic retention sweep, hourly, with crypto-shredding",
];

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The caller's tenant's register (every role: it holds no visitor data).
    pub async fn team_processing_register(
        &self,
        caller: &crate::team::access::Caller,
    ) -> AppResult<ProcessingRegister> {
        caller.require(sotto_core::access::Permission::ReadAnalytics)?;
        self.processing_register(caller.tenant).await
    }

    /// The register of a tenant, from the configuration in force now.
    pub async fn processing_register(&self, tenant: TenantId) -> AppResult<ProcessingRegister> {
        let (controller, profile) = self.controller_of(tenant).await?;
        let pii = self.pii_settings(tenant).await?;
        let config = self.config();
        let model = model_processor(&config.llm).filter(|_| !pii.built_in_answers_only);
        let mut bases = Vec::new();
        let mut retention = Vec::new();
        let mut sites = Vec::new();
        let mut capturing = Vec::new();
        for site in self.main.sites_of(tenant).await? {
            let privacy = self.site_privacy(tenant, &site.id).await?;
            if privacy.email_capture {
                capturing.push((site.clone(), privacy.lead_webhook.is_some()));
            }
            let mode = privacy.consent_mode;
            let origins = site.origins.join(", ");
            bases.push(match mode {
                ConsentMode::LegitimateInterest => format!(
                    "site {} ({origins}): legitimate interest in answering visitors, art. 6(1)(f), with the right to object in the widget",
                    site.id
                ),
                ConsentMode::OptIn => format!(
                    "site {} ({origins}): consent asked in the widget before anything is stored, art. 6(1)(a)",
                    site.id
                ),
            });
            retention.push(format!(
                "site {}: conversations erased {} days after their last message",
                site.id, site.retention_days
            ));
            sites.push(origins);
        }
        let mut categories = vec![
            "Visitor pseudonym (keyed hash of a random browser id)".to_owned(),
            "Messages and answers, with citations".to_owned(),
            "Path of the page the visitor was on (no query string)".to_owned(),
            "Conversation phase and timestamps".to_owned(),
            "Consent answers (purpose, question version and hash, time)".to_owned(),
        ];
        categories.push(personal_data_policy(&pii.policy));
        let mut recipients = vec![format!(
            "{controller}'s team, by role (owner, admin, agent, viewer); every reading audited"
        )];
        let mut transfers = Vec::new();
        if let Some(model) = &model {
            recipients.push(format!(
                "{} (language model): the question with every detected personal item redacted{}, and passages of the site",
                model.name,
                if pii.unredacted_to_model {
                    " unless the tenant opted out (it has: the question as stored)"
                } else {
                    ""
                }
            ));
            if let (Some(basis), Some(country)) = (&model.transfer_basis, &model.country) {
                transfers.push(format!("{} in {country}: {basis}", model.name));
            }
        }
        if transfers.is_empty() {
            transfers.push(format!(
                "None: personal data stays in {}",
                config.residency.allowed_regions.join(", ")
            ));
        }
        let chat = Activity {
            name: "AI chat assistant on the controller's websites".into(),
            purposes: vec![
                "Answer visitors' questions from the controller's own pages, with citations".into(),
                "Let visitors and the team come back to a conversation".into(),
                "Improve the site's content from questions the assistant could not answer (redacted text only)".into(),
            ],
            legal_basis: bases,
            data_subjects: vec![format!("Visitors of {}", sites.join(", "))],
            data_categories: categories,
            recipients,
            transfers: transfers.clone(),
            retention,
            security_measures: CHAT_MEASURES.iter().map(|m| (*m).to_owned()).collect(),
        };
        let requests = Activity {
            name: "Data subject requests".into(),
            purposes: vec!["Receive, carry out and prove access, erasure and objection requests within 30 days".into()],
            legal_basis: vec!["Legal obligation, art. 6(1)(c) with arts. 12 to 21".into()],
            data_subjects: vec!["Visitors who make a request".into()],
            data_categories: vec!["Visitor pseudonym, request kind, channel, dates, counts; receipts hold no personal data".into()],
            recipients: vec![format!("{controller}'s team (agents and above)")],
            transfers: transfers.clone(),
            retention: vec!["Kept as proof that the request was carried out; the pseudonym cannot be linked to anyone once the visitor's data is erased".into()],
            security_measures: vec!["Receipts MAC-signed and verifiable (sotto dsr verify)".into()],
        };
        let team = Activity {
            name: "Team access and audit log".into(),
            purposes: vec!["Sign-in of the controller's team and accountability for every reading of conversations".into()],
            legal_basis: vec!["Legitimate interest in securing visitors' data, art. 6(1)(f); art. 32".into()],
            data_subjects: vec![format!("Members of {controller}'s team")],
            data_categories: vec!["Name, e-mail address, role, argon2id password hash; audit entries (who, what, which object, when)".into()],
            recipients: vec![format!("{controller}'s owners")],
            transfers,
            retention: vec!["Members until removed; audit entries until the account is closed".into()],
            security_measures: vec!["Passwords hashed with argon2id; API keys stored as hashes only; audit log chained with MACs (sotto audit verify)".into()],
        };
        let relay = mail_processor(&config.smtp).filter(|_| !capturing.is_empty());
        let mut activities = vec![chat, requests, team];
        if !capturing.is_empty() {
            activities.insert(
                1,
                email_activity(
                    &controller,
                    &capturing,
                    relay.as_ref(),
                    &config.residency.allowed_regions,
                ),
            );
        }
        let mut sub_processors = vec![SubProcessor {
            role: "hosting".into(),
            name: config
                .residency
                .hosting_provider
                .clone()
                .unwrap_or_else(|| "self-hosted by the operator".into()),
            country: config.residency.hosting_country.clone(),
            transfer_basis: None,
        }];
        sub_processors.extend(model);
        sub_processors.extend(relay);
        Ok(ProcessingRegister {
            format: REGISTER_FORMAT.into(),
            generated_at: sotto_core::now(),
            controller: ControllerDetails {
                name: controller,
                address: profile.address,
                contact_email: profile.contact_email,
                dpo_email: profile.dpo_email,
            },
            allowed_regions: config.residency.allowed_regions.clone(),
            activities,
            sub_processors,
        })
    }
}

/// E-mail follow-up, for the sites that ask for addresses (with whether each posts leads to a
/// webhook).
fn email_activity(
    controller: &str,
    sites: &[(sotto_store::SiteRecord, bool)],
    relay: Option<&SubProcessor>,
    allowed_regions: &[String],
) -> Activity {
    let names = sites
        .iter()
        .map(|(site, _)| site.origins.join(", "))
        .collect::<Vec<_>>()
        .join(", ");
    let mut recipients = vec![format!(
        "{controller}'s team (agents and above); every reading of an address audited"
    )];
    let hooked: Vec<&str> = sites
        .iter()
        .filter(|(_, hook)| *hook)
        .map(|(site, _)| site.id.as_str())
        .collect();
    if !hooked.is_empty() {
        recipients.push(format!(
            "{controller}'s own systems, through the signed lead webhook of site {}",
            hooked.join(", ")
        ));
    }
    let mut transfers = Vec::new();
    if let Some(relay) = relay {
        recipients.push(format!(
            "{} (SMTP relay): the summaries visitors ask for",
            relay.name
        ));
        if let (Some(basis), Some(country)) = (&relay.transfer_basis, &relay.country) {
            transfers.push(format!("{} in {country}: {basis}", relay.name));
        }
    }
    if transfers.is_empty() {
        transfers.push(format!(
            "None: personal data stays in {}",
            allowed_regions.join(", ")
        ));
    }
    Activity {
        name: "E-mail follow-up".into(),
        purposes: vec![
            "Write back to visitors who asked to be contacted about what they asked".into(),
            "Send the summary of a conversation a visitor asks for".into(),
            "Send news and offers to visitors who ticked the separate marketing box".into(),
        ],
        legal_basis: vec![
            "Consent, art. 6(1)(a): email_followup and marketing asked apart, never pre-ticked, each answer in the consent ledger".into(),
            "A summary asked for alone: the visitor's request, art. 6(1)(b); the address is not kept".into(),
        ],
        data_subjects: vec![format!("Visitors of {names} who leave an address")],
        data_categories: vec![
            "E-mail address, sealed under the visitor's key, with a keyed blind index for lookup".into(),
            "Why it was left, the conversation it is about, when".into(),
        ],
        recipients,
        transfers,
        retention: sites
            .iter()
            .map(|(site, _)| {
                format!(
                    "site {}: an address is erased {} days after it was left, or with the visitor's data on request",
                    site.id, site.retention_days
                )
            })
            .collect(),
        security_measures: vec![
            "Address sealed with XChaCha20-Poly1305 under the visitor's key: erasing the visitor shreds it".into(),
            "Webhook calls signed with HMAC-SHA256 under a per-site key that admins can rotate".into(),
            "Never logged; the SMTP relay reached over STARTTLS or TLS unless the operator says otherwise".into(),
        ],
    }
}

/// The SMTP relay as a sub-processor, when one is configured.
pub(crate) fn mail_processor(smtp: &crate::setup::mail::SmtpConfig) -> Option<SubProcessor> {
    Some(SubProcessor {
        role: "e-mail relay".into(),
        name: smtp.provider_name()?,
        country: smtp.country.clone(),
        transfer_basis: smtp.transfer_basis.clone(),
    })
}

/// The language model as a sub-processor, when one is configured.
pub(crate) fn model_processor(llm: &crate::chat::model_answers::LlmConfig) -> Option<SubProcessor> {
    let (Some(base), Some(_)) = (&llm.base_url, &llm.model) else {
        return None;
    };
    let host = url::Url::parse(base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    Some(SubProcessor {
        role: "language model".into(),
        name: llm.provider.clone().unwrap_or(host),
        country: llm.country.clone(),
        transfer_basis: llm.transfer_basis.clone(),
    })
}

/// What the tenant's policy does with each type of personal data found in messages.
fn personal_data_policy(policy: &sotto_pii::Policy) -> String {
    let of = |wanted: Action| {
        EntityType::ALL
            .iter()
            .filter(|kind| policy.action(**kind) == wanted)
            .map(|kind| kind.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = vec![format!(
        "replaced by a placeholder before storage: {}",
        of(Action::Redact)
    )];
    for (action, words) in [
        (Action::Mask, "masked (last characters kept)"),
        (Action::Keep, "kept, encrypted and flagged"),
    ] {
        let kinds = of(action);
        if !kinds.is_empty() {
            parts.push(format!("{words}: {kinds}"));
        }
    }
    format!("Personal data typed by visitors, {}", parts.join("; "))
}

impl ProcessingRegister {
    /// The register as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Register of processing activities: {}\n",
            self.controller.name
        );
        let _ = writeln!(
            out,
            "Generated {} from the live configuration (GDPR art. 30).\n",
            time(self.generated_at)
        );
        let _ = writeln!(out, "## Controller\n");
        for (label, value) in self.controller_lines() {
            let _ = writeln!(out, "- **{label}**: {value}");
        }
        let _ = writeln!(
            out,
            "- **Allowed regions for personal data**: {}\n",
            self.allowed_regions.join(", ")
        );
        for activity in &self.activities {
            let _ = writeln!(out, "## {}\n", activity.name);
            for (label, items) in activity.sections() {
                let _ = writeln!(out, "**{label}**\n");
                for item in items {
                    let _ = writeln!(out, "- {item}");
                }
                out.push('\n');
            }
        }
        let _ = writeln!(out, "## Sub-processors\n");
        for p in &self.sub_processors {
            let _ = writeln!(out, "- {}", p.line());
        }
        out
    }

    /// The register as a self-contained page, every value escaped.
    pub fn to_html(&self) -> String {
        let mut out = String::from(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Register of processing activities</title><style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}h2{margin-top:2rem}dt{font-weight:600;margin-top:.6rem}</style></head><body><h1>Register of processing activities: ",
        );
        text(&mut out, &self.controller.name);
        let _ = write!(
            out,
            "</h1><p>Generated {} from the live configuration (GDPR art. 30).</p><h2>Controller</h2><ul>",
            time(self.generated_at)
        );
        let mut lines = self.controller_lines();
        lines.push((
            "Allowed regions for personal data",
            self.allowed_regions.join(", "),
        ));
        for (label, value) in lines {
            let _ = write!(out, "<li><strong>{label}</strong>: ");
            text(&mut out, &value);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
        for activity in &self.activities {
            out.push_str("<h2>");
            text(&mut out, &activity.name);
            out.push_str("</h2><dl>");
            for (label, items) in activity.sections() {
                let _ = write!(out, "<dt>{label}</dt><dd><ul>");
                for item in items {
                    out.push_str("<li>");
                    text(&mut out, item);
                    out.push_str("</li>");
                }
                out.push_str("</ul></dd>");
            }
            out.push_str("</dl>");
        }
        out.push_str("<h2>Sub-processors</h2><ul>");
        for p in &self.sub_processors {
            out.push_str("<li>");
            text(&mut out, &p.line());
            out.push_str("</li>");
        }
        out.push_str("</ul></body></html>");
        out
    }

    fn controller_lines(&self) -> Vec<(&'static str, String)> {
        let c = &self.controller;
        let unset = || "not set (sotto tenant privacy)".to_owned();
        vec![
            ("Name", c.name.clone()),
            ("Address", c.address.clone().unwrap_or_else(unset)),
            ("Contact", c.contact_email.clone().unwrap_or_else(unset)),
            (
                "Data protection officer",
                c.dpo_email.clone().unwrap_or_else(unset),
            ),
        ]
    }
}

impl Activity {
    fn sections(&self) -> [(&'static str, &[String]); 8] {
        [
            ("Purposes", &self.purposes),
            ("Legal basis", &self.legal_basis),
            ("Data subjects", &self.data_subjects),
            ("Categories of data", &self.data_categories),
            ("Recipients", &self.recipients),
            ("Transfers outside the allowed regions", &self.transfers),
            ("Retention", &self.retention),
            ("Security measures", &self.security_measures),
        ]
    }
}

impl SubProcessor {
    fn line(&self) -> String {
        let mut line = format!(
            "{}: {}, {}",
            self.role,
            self.name,
            self.country.as_deref().unwrap_or("country not declared")
        );
        if let Some(basis) = &self.transfer_basis {
            let _ = write!(line, " (transfer basis: {basis})");
        }
        line
    }
}
