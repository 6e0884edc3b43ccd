//! `sotto crawl`: a site's live pages crawled into its knowledge (robots.txt, sitemaps,
//! links), and where its latest crawl stands.

use anyhow::Result;
use clap::Subcommand;
use sotto_app::team::access::Actor;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::SiteId;

use crate::common::{print_json, progress_bar};

/// Crawl commands.
#[derive(Debug, Subcommand)]
pub enum CrawlCommand {
    /// Crawl the site now; prints the report.
    Start {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// Where to start, e.g. https://shop.example/ (default: the site's first origin).
        #[arg(long)]
        url: Option<String>,
    },
    /// Print where the site's latest crawl stands: state, who started it, progress, report or
    /// error.
    Status {
        /// Site id.
        #[arg(long)]
        site: SiteId,
    },
}

/// Runs a crawl command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: CrawlCommand,
) -> Result<()> {
    match command {
        CrawlCommand::Status { site } => print_json(&sotto.crawl_status_of(&site).await?),
        CrawlCommand::Start { site, url } => {
            let start = match url {
                Some(url) => url,
                None => sotto.site_start_url(&site).await?,
            };
            let bar = progress_bar();
            let report = {
                let bar = bar.clone();
                sotto
                    .crawl_site(&site, &start, &Actor::Cli, move |done, total| {
                        bar.set_length(total as u64);
                        bar.set_position(done as u64);
                    })
                    .await
            };
            bar.finish_and_clear();
            print_json(&report?)
        }
    }
}
