//! `sotto breach`: the breach register (GDPR arts. 33 and 34), its 72-hour deadline and the
//! drafted notifications.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use sotto_app::compliance::breaches::{BreachChange, BreachDetails};
use sotto_app::team::access::Actor;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::TenantId;

use crate::common::print_json;

/// Breach register commands.
#[derive(Debug, Subcommand)]
pub enum BreachCommand {
    /// Record a breach; prints it with the time the authority must be notified by (detection
    /// + 72 hours) and the drafted notifications.
    Open {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// What happened.
        #[arg(long)]
        what: String,
        /// When it was detected, RFC 3339 (default now).
        #[arg(long, value_name = "TIME")]
        detected_at: Option<String>,
        #[command(flatten)]
        details: BreachDetailArgs,
    },
    /// Change a breach, or record that the authority or the people concerned were notified.
    Update {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// Breach id (`--id` in the previous release).
        #[arg(long, alias = "id")]
        breach: String,
        /// What happened.
        #[arg(long)]
        what: Option<String>,
        #[command(flatten)]
        details: BreachDetailArgs,
        /// The supervisory authority was notified now.
        #[arg(long)]
        authority_notified: bool,
        /// The people concerned were told now.
        #[arg(long)]
        subjects_notified: bool,
    },
    /// Close a breach (it stays in the register).
    Close {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// Breach id (`--id` in the previous release).
        #[arg(long, alias = "id")]
        breach: String,
    },
    /// Print the register: every breach, with hours left and overdue ones flagged.
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
    },
}

/// The details of a breach that `open` and `update` share.
#[derive(Debug, Args)]
pub struct BreachDetailArgs {
    /// A category of personal data concerned (repeat for several).
    #[arg(long = "data-category")]
    pub data_categories: Vec<String>,
    /// A category of people concerned (repeat for several).
    #[arg(long = "subject-category")]
    pub subject_categories: Vec<String>,
    /// Approximate number of people concerned.
    #[arg(long)]
    pub subjects: Option<u64>,
    /// Approximate number of records concerned.
    #[arg(long)]
    pub records: Option<u64>,
    /// Likely consequences.
    #[arg(long)]
    pub consequences: Option<String>,
    /// Measures taken or proposed.
    #[arg(long)]
    pub measures: Option<String>,
}

/// An RFC 3339 time as Unix seconds.
fn parse_time(text: &str) -> Result<i64> {
    let parsed = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .with_context(|| {
            format!("{text:?} is not an RFC 3339 time such as 2026-11-23T09:30:00Z")
        })?;
    Ok(parsed.unix_timestamp())
}

/// Runs a breach command.
pub async fn run<M: MainStore, C: ConversationStore>(
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
            print_json(&sotto.open_breach(tenant, details, &Actor::Cli).await?)
        }
        BreachCommand::Update {
            tenant,
            breach,
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
            print_json(
                &sotto
                    .update_breach(tenant, &breach, change, &Actor::Cli)
                    .await?,
            )
        }
        BreachCommand::Close { tenant, breach } => {
            print_json(&sotto.close_breach(tenant, &breach, &Actor::Cli).await?)
        }
        BreachCommand::List { tenant } => {
            print_json(&sotto.breaches(tenant, sotto_core::now()).await?)
        }
    }
}
