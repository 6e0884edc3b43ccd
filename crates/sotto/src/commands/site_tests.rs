//! `sotto site tests`: a site's answer tests listed with their latest results, added, removed,
//! seeded from its approved answers and run now, from the command line, as the tenant's owner;
//! every change is audited like the admin UI's. `run` exits non-zero when a test fails, so a
//! deploy script or cron job can stop on it.

use anyhow::{Result, bail};
use clap::Subcommand;
use serde::Serialize;
use sotto_app::knowledge::site_test_results::RunSummary;
use sotto_app::knowledge::site_tests::{SiteTestInput, SiteTestView, TestOrigin};
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::SiteId;

use crate::common::{operator, print_json};

/// Answer-test commands.
#[derive(Debug, Subcommand)]
pub enum SiteTestsCommand {
    /// Print a site's answer tests with their latest results, and its latest runs, as JSON.
    List {
        /// Site id.
        #[arg(long)]
        site: SiteId,
    },
    /// Add an answer test; prints it.
    Add {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// The question, as a visitor would ask it.
        #[arg(long)]
        question: String,
        /// What a right answer must state, e.g. "4.90 euros".
        #[arg(long)]
        fact: String,
    },
    /// Remove an answer test.
    Remove {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// The test's id.
        #[arg(long)]
        id: String,
    },
    /// Add a test for each switched-on approved answer no test asks yet; prints those added.
    Seed {
        /// Site id.
        #[arg(long)]
        site: SiteId,
    },
    /// Run the site's answer tests now; prints the run, and fails when a test fails.
    Run {
        /// Site id.
        #[arg(long)]
        site: SiteId,
    },
}

/// What `sotto site tests list` prints.
#[derive(Serialize)]
struct Listed {
    tests: Vec<SiteTestView>,
    runs: Vec<RunSummary>,
}

/// Runs an answer-test command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: SiteTestsCommand,
) -> Result<()> {
    match command {
        SiteTestsCommand::List { site } => {
            let caller = operator(sotto, &site).await?;
            print_json(&Listed {
                tests: sotto.site_tests(&caller, &site).await?,
                runs: sotto.site_test_history(&caller, &site).await?,
            })
        }
        SiteTestsCommand::Add {
            site,
            question,
            fact,
        } => {
            let caller = operator(sotto, &site).await?;
            let input = SiteTestInput {
                question,
                fact,
                origin: TestOrigin::Written,
            };
            print_json(&sotto.create_site_test(&caller, &site, &input).await?)
        }
        SiteTestsCommand::Remove { site, id } => {
            let caller = operator(sotto, &site).await?;
            sotto.delete_site_test(&caller, &site, &id).await?;
            eprintln!("Removed answer test {id}.");
            Ok(())
        }
        SiteTestsCommand::Seed { site } => {
            let caller = operator(sotto, &site).await?;
            print_json(&sotto.seed_site_tests(&caller, &site).await?)
        }
        SiteTestsCommand::Run { site } => {
            let caller = operator(sotto, &site).await?;
            let run = sotto.team_run_site_tests(&caller, &site).await?;
            print_json(&run)?;
            if run.failed > 0 {
                bail!(
                    "{} of {} answer tests fail",
                    run.failed,
                    run.failed + run.passed
                );
            }
            Ok(())
        }
    }
}
