//! `sotto consent`, `sotto notice`, `sotto breach`, `sotto site privacy` and
//! `sotto tenant privacy`: the consent ledger, the privacy notice and the settings it is
//! written from, and the breach register.

use anyhow::{Context, Result};
use sotto_app::compliance::breaches::{BreachChange, BreachDetails};
use sotto_app::compliance::notice::notice_html;
use sotto_app::consent::ledger::{ConsentProof, check_consent_proof};
use sotto_app::team::access::Actor;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::{SiteId, VisitorId};

use crate::cli::{BreachCommand, BreachDetailArgs, ConsentCommand, SitePrivacyChanges};
use crate::common::{check_tenants, parse_tenant, print_json, read_json};

/// `sotto consent check-proof`: needs no configuration and touches no store.
pub fn check_proof(path: &std::path::Path) -> Result<()> {
    let proof: ConsentProof = read_json(path, "a Sotto consent proof")?;
    let check = check_consent_proof(&proof);
    print_json(&check)?;
    anyhow::ensure!(
        check.valid,
        "the consent proof does not hold: {}",
        check.problem.unwrap_or_default()
    );
    Ok(())
}

/// `sotto consent verify|proof`.
pub async fn consent<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: ConsentCommand,
) -> Result<()> {
    match command {
        ConsentCommand::Verify { tenant } => {
            check_tenants(
                sotto,
                tenant,
                "the consent ledger",
                async |tenant| sotto.verify_consents(tenant).await,
                |check| check.problem.clone(),
            )
            .await
        }
        ConsentCommand::Proof { tenant, visitor } => {
            let tenant = parse_tenant(&tenant)?;
            let visitor: VisitorId = visitor.parse().context("--visitor must be a UUID")?;
            print_json(&sotto.consent_proof(tenant, &visitor).await?)
        }
        ConsentCommand::CheckProof { proof } => check_proof(&proof),
    }
}

/// `sotto notice`.
pub async fn notice<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    site: &str,
    lang: Option<String>,
    version: Option<i64>,
    html: bool,
) -> Result<()> {
    let site: SiteId = site.parse().context("--site")?;
    let language = match lang {
        Some(language) => language,
        None => sotto.open_site(&site).await?.language().to_owned(),
    };
    let notice = sotto.notice_version(&site, &language, version).await?;
    if html {
        println!("{}", notice_html(&notice));
        Ok(())
    } else {
        print_json(&notice)
    }
}

/// `sotto site privacy`.
pub async fn site_privacy<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    site: &str,
    changes: SitePrivacyChanges,
) -> Result<()> {
    let site: SiteId = site.parse().context("--site")?;
    let open = sotto.open_site(&site).await?;
    if changes.rotate_webhook_key {
        return print_json(&sotto.rotate_webhook_key(&site, &Actor::Cli).await?);
    }
    if changes.webhook_key {
        return print_json(&sotto.webhook_key(&site, &Actor::Cli).await?);
    }
    let mut settings = sotto.site_privacy(open.tenant(), &site).await?;
    let changed = changes.consent_mode.is_some()
        || changes.email_capture.is_some()
        || changes.lead_webhook.is_some();
    if let Some(consent_mode) = changes.consent_mode {
        settings.consent_mode = consent_mode;
    }
    if let Some(email_capture) = changes.email_capture {
        settings.email_capture = email_capture;
    }
    if let Some(url) = changes.lead_webhook {
        settings.lead_webhook = (url != "none").then_some(url);
    }
    if changed {
        settings = sotto.set_site_privacy(&site, settings, &Actor::Cli).await?;
    }
    print_json(&settings)
}

/// `sotto tenant privacy`.
pub async fn tenant_privacy<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    tenant: &str,
    set: Option<std::path::PathBuf>,
) -> Result<()> {
    let tenant = parse_tenant(tenant)?;
    match set {
        None => print_json(&sotto.privacy_profile(tenant).await?),
        Some(file) => {
            let profile = read_json(&file, "a privacy profile")?;
            print_json(
                &sotto
                    .set_privacy_profile(tenant, profile, &Actor::Cli)
                    .await?,
            )
        }
    }
}

/// An RFC 3339 time as Unix seconds.
fn parse_time(text: &str) -> Result<i64> {
    let parsed = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .with_context(|| {
            format!("{text:?} is not an RFC 3339 time such as 2026-11-23T09:30:00Z")
        })?;
    Ok(parsed.unix_timestamp())
}

/// `sotto breach`.
pub async fn breach<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: BreachCommand,
) -> Result<()> {
    match command {
        BreachCommand::Open {
            tenant,
            what,
            detected_at,
            details,
        } => {
            let BreachDetailArgs {
                data_categories,
                subject_categories,
                subjects,
                records,
                consequences,
                measures,
            } = details;
            let details = BreachDetails {
                what,
                detected_at: detected_at.as_deref().map(parse_time).transpose()?,
                data_categories,
                subject_categories,
                approx_subjects: subjects,
                approx_records: records,
                consequences: consequences.unwrap_or_default(),
                measures: measures.unwrap_or_default(),
            };
            print_json(
                &sotto
                    .open_breach(parse_tenant(&tenant)?, details, &Actor::Cli)
                    .await?,
            )
        }
        BreachCommand::Update {
            tenant,
            id,
            what,
            details,
            authority_notified,
            subjects_notified,
        } => {
            let non_empty = |list: Vec<String>| (!list.is_empty()).then_some(list);
            let change = BreachChange {
                what,
                data_categories: non_empty(details.data_categories),
                subject_categories: non_empty(details.subject_categories),
                approx_subjects: details.subjects,
                approx_records: details.records,
                consequences: details.consequences,
                measures: details.measures,
                authority_notified,
                subjects_notified,
            };
            let tenant = parse_tenant(&tenant)?;
            print_json(
                &sotto
                    .update_breach(tenant, &id, change, &Actor::Cli)
                    .await?,
            )
        }
        BreachCommand::Close { tenant, id } => print_json(
            &sotto
                .close_breach(parse_tenant(&tenant)?, &id, &Actor::Cli)
                .await?,
        ),
        BreachCommand::List { tenant } => print_json(
            &sotto
                .breaches(parse_tenant(&tenant)?, sotto_core::now())
                .await?,
        ),
    }
}
