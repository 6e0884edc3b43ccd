//! `sotto site`: sites created, their retention and privacy settings, how their widget looks,
//! a folder of pages
//! imported into their knowledge (crawling the live site is `sotto crawl`), and their answer
//! tests (`sotto site tests`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use sotto_app::team::access::Actor;
use sotto_app::tenancy::sites::NewSite;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::consent::ConsentMode;
use sotto_core::{SiteId, TenantId};
use sotto_store::ImportMode;

use crate::commands::site_tests::{self, SiteTestsCommand};
use crate::common::{print_json, progress_bar};

/// Site commands.
#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Create a site; prints it as JSON.
    Create {
        /// Owning tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// Origin allowed to embed the widget (repeat for several), e.g. https://shop.example.
        #[arg(long = "origin", required = true)]
        origins: Vec<String>,
        /// Site id (lowercase letters, digits, dashes); random when omitted.
        #[arg(long)]
        id: Option<SiteId>,
        /// URL of the site's privacy notice, linked from the widget.
        #[arg(long)]
        privacy_url: Option<String>,
        /// Content and interface language: en, fr, de, fi, es, it or nl.
        #[arg(long)]
        language: Option<String>,
        /// Days conversations are kept after their last message (default 730, two years).
        #[arg(long, value_name = "DAYS")]
        retention_days: Option<u32>,
    },
    /// Change how long a site's conversations are kept after their last message.
    Retention {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// Days, from 1 to 3650.
        #[arg(long)]
        days: u32,
    },
    /// Print a site's privacy settings, or change how it asks before storing conversations,
    /// whether it asks for e-mail addresses, and where it posts leads.
    Privacy {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// The changes; none prints the settings.
        #[command(flatten)]
        changes: SitePrivacyChanges,
    },
    /// Print how a site's widget looks and greets, or replace it from a JSON file (the admin
    /// API's body: accent_color, accent_text_color, position, offset_x, offset_y,
    /// launcher_label, title, greeting, suggested_questions, answer_text_in_events).
    Appearance {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// The JSON file to replace it with; colours failing WCAG AA are refused.
        #[arg(long, value_name = "FILE")]
        set: Option<PathBuf>,
    },
    /// Import a folder of HTML and Markdown files into a site's knowledge.
    Import {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// Folder to import.
        path: PathBuf,
        /// URL of the folder's root, for pages that do not declare their own URL.
        #[arg(long)]
        base_url: Option<String>,
        /// Remove the site's pages that are not in this folder.
        #[arg(long)]
        replace: bool,
    },
    /// A site's answer tests: questions with the fact a right answer must state, run after
    /// every crawl and import.
    Tests {
        /// What to do with them.
        #[command(subcommand)]
        command: SiteTestsCommand,
    },
}

/// Changes to a site's privacy settings (`sotto site privacy`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SitePrivacyChanges {
    /// legitimate-interest (stored from the first message, with the right to object) or
    /// opt-in (stored only after the visitor agrees in the widget).
    #[arg(long, value_parser = consent_mode)]
    pub consent_mode: Option<ConsentMode>,
    /// on: the widget may ask for an e-mail address, with a stated purpose; off: never.
    #[arg(long, value_parser = on_off)]
    pub email_capture: Option<bool>,
    /// The http(s) URL each new lead is posted to, signed; `none` removes it.
    #[arg(long)]
    pub lead_webhook: Option<String>,
    /// Print the webhook and the key its calls are signed with.
    #[arg(long, conflicts_with_all = ["consent_mode", "email_capture", "lead_webhook"])]
    pub webhook_key: bool,
    /// Replace the webhook signing key with the next one and print it.
    #[arg(long, conflicts_with_all = ["consent_mode", "email_capture", "lead_webhook", "webhook_key"])]
    pub rotate_webhook_key: bool,
}

/// `on` or `off`.
fn on_off(text: &str) -> Result<bool, String> {
    match text {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err("say on or off".to_owned()),
    }
}

/// A consent mode, as the command line spells it.
fn consent_mode(text: &str) -> Result<ConsentMode, String> {
    ConsentMode::parse(&text.replace('-', "_"))
        .ok_or_else(|| "a consent mode is legitimate-interest or opt-in".to_owned())
}

/// Runs a site command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: SiteCommand,
) -> Result<()> {
    match command {
        SiteCommand::Create {
            tenant,
            origins,
            id,
            privacy_url,
            language,
            retention_days,
        } => {
            let new = NewSite {
                tenant,
                id,
                origins,
                privacy_notice_url: privacy_url,
                language,
                retention_days,
            };
            print_json(&sotto.create_site(new, &Actor::Cli).await?)
        }
        SiteCommand::Retention { site, days } => {
            print_json(&sotto.set_retention(&site, days, &Actor::Cli).await?)
        }
        SiteCommand::Privacy { site, changes } => privacy(sotto, &site, changes).await,
        SiteCommand::Appearance { site, set } => {
            let Some(file) = set else {
                return print_json(&sotto.site_appearance(&site).await?);
            };
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let appearance = serde_json::from_str(&text)
                .with_context(|| format!("{} is not an appearance", file.display()))?;
            print_json(
                &sotto
                    .set_site_appearance(&site, appearance, &Actor::Cli)
                    .await?,
            )
        }
        SiteCommand::Import {
            site,
            path,
            base_url,
            replace,
        } => {
            let mode = if replace {
                ImportMode::Replace
            } else {
                ImportMode::Merge
            };
            let bar = progress_bar();
            let report = {
                let bar = bar.clone();
                sotto
                    .import_folder(
                        &site,
                        &path,
                        base_url.as_deref(),
                        mode,
                        move |done, total| {
                            bar.set_length(total as u64);
                            bar.set_position(done as u64);
                        },
                    )
                    .await
            };
            bar.finish_and_clear();
            print_json(&report?)
        }
        SiteCommand::Tests { command } => site_tests::run(sotto, command).await,
    }
}

/// `sotto site privacy`.
async fn privacy<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    site: &SiteId,
    changes: SitePrivacyChanges,
) -> Result<()> {
    let open = sotto.open_site(site).await?;
    if changes.rotate_webhook_key {
        return print_json(&sotto.rotate_webhook_key(site, &Actor::Cli).await?);
    }
    if changes.webhook_key {
        return print_json(&sotto.webhook_key(site, &Actor::Cli).await?);
    }
    let mut settings = sotto.site_privacy(open.tenant(), site).await?;
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
        settings = sotto.set_site_privacy(site, settings, &Actor::Cli).await?;
    }
    print_json(&settings)
}
