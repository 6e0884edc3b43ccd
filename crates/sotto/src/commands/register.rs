//! `sotto register show`: a tenant's register of processing activities (GDPR art. 30),
//! generated from the live configuration.

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::TenantId;

use crate::common::print_json;

/// Register commands.
#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// Print the register of processing activities.
    Show(RegisterArgs),
}

/// Whose register, and how to print it.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// Tenant id.
    #[arg(long)]
    pub tenant: TenantId,
    /// md, json or html.
    #[arg(long, value_enum, default_value = "md")]
    pub format: RegisterFormat,
}

/// How the register is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegisterFormat {
    /// Markdown, for people and for version control.
    Md,
    /// JSON, for programs.
    Json,
    /// An HTML page.
    Html,
}

/// Runs a register command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: RegisterCommand,
) -> Result<()> {
    let RegisterCommand::Show(args) = command;
    let register = sotto.processing_register(args.tenant).await?;
    match args.format {
        RegisterFormat::Json => print_json(&register),
        RegisterFormat::Html => {
            println!("{}", register.to_html());
            Ok(())
        }
        RegisterFormat::Md => {
            print!("{}", register.to_markdown());
            Ok(())
        }
    }
}
