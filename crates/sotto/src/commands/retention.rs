//! `sotto retention run`: one retention sweep now (servers also sweep on a timer).

use anyhow::Result;
use clap::Subcommand;
use sotto_app::{ConversationStore, MainStore, Sotto};

use crate::common::print_json;

/// Retention commands.
#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Run one retention sweep now; prints what was erased, or that another process or node
    /// is sweeping.
    #[command(alias = "sweep")]
    Run {
        /// Print what a sweep would erase, site by site, and erase nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Runs a retention command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: RetentionCommand,
) -> Result<()> {
    let RetentionCommand::Run { dry_run } = command;
    if dry_run {
        print_json(&sotto.retention_dry_run(sotto_core::now()).await?)
    } else {
        print_json(&sotto.sweep_retention(sotto_core::now()).await?)
    }
}
