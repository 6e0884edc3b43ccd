//! `sotto notice show`: a site's visitor privacy notice, written from the live settings (a
//! changed setting publishes a new version).

use anyhow::Result;
use clap::{Args, Subcommand};
use sotto_app::compliance::notice::notice_html;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::SiteId;

use crate::common::{PageFormat, print_json};

/// Privacy notice commands.
#[derive(Debug, Subcommand)]
pub enum NoticeCommand {
    /// Print a site's visitor privacy notice.
    Show(NoticeArgs),
}

/// Which notice, and how to print it.
#[derive(Debug, Args)]
pub struct NoticeArgs {
    /// Site id.
    #[arg(long)]
    pub site: SiteId,
    /// en or fr (default: the site's language; others get English).
    #[arg(long, alias = "lang")]
    pub language: Option<String>,
    /// An earlier version.
    #[arg(long)]
    pub version: Option<i64>,
    /// json, or html for the page visitors see.
    #[arg(long, value_enum, default_value = "json")]
    pub format: PageFormat,
}

/// Runs a notice command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: NoticeCommand,
) -> Result<()> {
    let NoticeCommand::Show(args) = command;
    let language = match args.language {
        Some(language) => language,
        None => sotto.open_site(&args.site).await?.language().to_owned(),
    };
    let notice = sotto
        .notice_version(&args.site, &language, args.version)
        .await?;
    match args.format {
        PageFormat::Html => {
            println!("{}", notice_html(&notice));
            Ok(())
        }
        PageFormat::Json => print_json(&notice),
    }
}
