//! The previous release's spellings, kept working for one release and hidden from `--help`
//! (the README lists them): `sotto erase`, `sotto export` and `sotto leads` become the
//! commands of the nouns they act on, and `sotto crawl`, `sotto register` and `sotto notice`
//! still take their flags without a verb. Each is turned into the command it now is before
//! anything runs.

use anyhow::Result;
use clap::{ArgGroup, Args};
use sotto_core::{ConversationId, SiteId, TenantId, VisitorId};

use super::conversation::ConversationCommand;
use super::crawl::CrawlCommand;
use super::lead::LeadCommand;
use super::notice::{NoticeArgs, NoticeCommand};
use super::register::{RegisterArgs, RegisterCommand, RegisterFormat};
use super::tenant::TenantCommand;
use super::visitor::VisitorCommand;
use crate::common::PageFormat;

/// What `sotto erase` (now `visitor erase`, `conversation erase`, `lead erase --email` and
/// `tenant close`) erased: exactly one of its scopes.
#[derive(Debug, Args)]
#[command(group = ArgGroup::new("scope").required(true).args(["visitor", "conversation", "email", "close_account"]))]
pub struct EraseArgs {
    /// Tenant id.
    #[arg(long)]
    tenant: TenantId,
    /// A visitor.
    #[arg(long)]
    visitor: Option<VisitorId>,
    /// One conversation.
    #[arg(long)]
    conversation: Option<ConversationId>,
    /// Everyone who left this e-mail address.
    #[arg(long)]
    email: Option<String>,
    /// The whole tenant.
    #[arg(long)]
    close_account: bool,
}

/// The command `sotto erase` now is.
pub enum Erasure {
    /// `sotto visitor erase`.
    Visitor(VisitorCommand),
    /// `sotto conversation erase`.
    Conversation(ConversationCommand),
    /// `sotto lead erase`.
    Lead(LeadCommand),
    /// `sotto tenant close`.
    Tenant(TenantCommand),
}

impl EraseArgs {
    /// The command this erasure now is.
    pub fn into_command(self) -> Erasure {
        let tenant = self.tenant;
        match (self.visitor, self.conversation, self.email) {
            (Some(visitor), _, _) => Erasure::Visitor(VisitorCommand::Erase { tenant, visitor }),
            (None, Some(conversation), _) => Erasure::Conversation(ConversationCommand::Erase {
                tenant,
                conversation,
            }),
            (None, None, Some(email)) => Erasure::Lead(LeadCommand::Erase { tenant, email }),
            (None, None, None) => Erasure::Tenant(TenantCommand::Close { tenant }),
        }
    }
}

/// `sotto export --tenant T --visitor V [--html]`, now `sotto visitor export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Tenant id.
    #[arg(long)]
    tenant: TenantId,
    /// The visitor's id.
    #[arg(long)]
    visitor: VisitorId,
    /// An HTML page instead of JSON.
    #[arg(long)]
    html: bool,
}

impl ExportArgs {
    /// The command this export now is.
    pub fn into_command(self) -> VisitorCommand {
        VisitorCommand::Export {
            tenant: self.tenant,
            visitor: self.visitor,
            format: if self.html {
                PageFormat::Html
            } else {
                PageFormat::Json
            },
        }
    }
}

/// `sotto leads --tenant T [--site S]`, now `sotto lead list`.
#[derive(Debug, Args)]
pub struct LeadsArgs {
    /// Tenant id.
    #[arg(long)]
    tenant: TenantId,
    /// Only this site's.
    #[arg(long)]
    site: Option<SiteId>,
}

impl LeadsArgs {
    /// The command this listing now is.
    pub fn into_command(self) -> LeadCommand {
        LeadCommand::List {
            tenant: self.tenant,
            site: self.site,
        }
    }
}

/// `sotto crawl start|status`, or the previous `sotto crawl --site S [--url U] [--status]`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CrawlEntry {
    #[command(subcommand)]
    command: Option<CrawlCommand>,
    /// Site id (previous spelling).
    #[arg(long, hide = true)]
    site: Option<SiteId>,
    /// Where to start (previous spelling).
    #[arg(long, hide = true, conflicts_with = "status")]
    url: Option<String>,
    /// Where the latest crawl stands (previous spelling).
    #[arg(long, hide = true)]
    status: bool,
}

impl CrawlEntry {
    /// The crawl command, in either spelling.
    pub fn into_command(self) -> Result<CrawlCommand> {
        if let Some(command) = self.command {
            return Ok(command);
        }
        let Some(site) = self.site else {
            anyhow::bail!("say `sotto crawl start --site ID` or `sotto crawl status --site ID`");
        };
        Ok(if self.status {
            CrawlCommand::Status { site }
        } else {
            CrawlCommand::Start {
                site,
                url: self.url,
            }
        })
    }
}

/// `sotto register show`, or the previous `sotto register --tenant T [--format F]`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RegisterEntry {
    #[command(subcommand)]
    command: Option<RegisterCommand>,
    /// Tenant id (previous spelling).
    #[arg(long, hide = true)]
    tenant: Option<TenantId>,
    /// md, json or html (previous spelling).
    #[arg(long, hide = true, value_enum, default_value = "md")]
    format: RegisterFormat,
}

impl RegisterEntry {
    /// The register command, in either spelling.
    pub fn into_command(self) -> Result<RegisterCommand> {
        if let Some(command) = self.command {
            return Ok(command);
        }
        let Some(tenant) = self.tenant else {
            anyhow::bail!("say `sotto register show --tenant ID`");
        };
        Ok(RegisterCommand::Show(RegisterArgs {
            tenant,
            format: self.format,
        }))
    }
}

/// `sotto notice show`, or the previous `sotto notice --site S [--lang L] [--version N]
/// [--html]`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct NoticeEntry {
    #[command(subcommand)]
    command: Option<NoticeCommand>,
    /// Site id (previous spelling).
    #[arg(long, hide = true)]
    site: Option<SiteId>,
    /// Language (previous spelling).
    #[arg(long, hide = true)]
    lang: Option<String>,
    /// An earlier version (previous spelling).
    #[arg(long, hide = true)]
    version: Option<i64>,
    /// The page instead of JSON (previous spelling).
    #[arg(long, hide = true)]
    html: bool,
}

impl NoticeEntry {
    /// The notice command, in either spelling.
    pub fn into_command(self) -> Result<NoticeCommand> {
        if let Some(command) = self.command {
            return Ok(command);
        }
        let Some(site) = self.site else {
            anyhow::bail!("say `sotto notice show --site ID`");
        };
        Ok(NoticeCommand::Show(NoticeArgs {
            site,
            language: self.lang,
            version: self.version,
            format: if self.html {
                PageFormat::Html
            } else {
                PageFormat::Json
            },
        }))
    }
}
