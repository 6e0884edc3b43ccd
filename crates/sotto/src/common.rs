//! What every command family shares: JSON read from a file or standard input and printed to
//! standard output, a chain check run over one tenant or all of them, the output formats and
//! the progress bar. Apart from the commands, so that none of them imports another.

use anyhow::{Context, Result};
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::TenantId;

/// The owner of `site`'s tenant, as the command line acts on a site.
pub(crate) async fn operator<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    site: &sotto_core::SiteId,
) -> Result<sotto_app::team::access::Caller> {
    Ok(sotto_app::team::access::Caller::operator(
        sotto.open_site(site).await?.tenant(),
    ))
}

/// Reads a JSON document from a file, or from stdin when the path is `-`.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    path: &std::path::Path,
    what: &str,
) -> Result<T> {
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("cannot read standard input")?
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    serde_json::from_str(&text).with_context(|| format!("not {what}"))
}

/// Runs a chain check on one tenant (every tenant without `--tenant`), prints every result,
/// and fails naming each tenant whose `problem` is set.
pub(crate) async fn check_tenants<M, C, T>(
    sotto: &Sotto<M, C>,
    tenant: Option<TenantId>,
    what: &str,
    check: impl AsyncFn(TenantId) -> sotto_app::AppResult<T>,
    problem: impl Fn(&T) -> Option<String>,
) -> Result<()>
where
    M: MainStore,
    C: ConversationStore,
    T: serde::Serialize,
{
    let tenants = match tenant {
        Some(tenant) => vec![tenant],
        None => sotto.tenant_ids().await?,
    };
    let mut checks = Vec::with_capacity(tenants.len());
    let mut broken = Vec::new();
    for tenant in tenants {
        let result = check(tenant).await?;
        if let Some(problem) = problem(&result) {
            broken.push(format!("tenant {tenant}: {problem}"));
        }
        checks.push(result);
    }
    print_json(&checks)?;
    anyhow::ensure!(
        broken.is_empty(),
        "{what} does not verify: {}",
        broken.join("; ")
    );
    Ok(())
}

/// Prints `value` as indented JSON.
pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// How a command prints what it read: JSON (the default of every command that has a choice)
/// or the page people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum PageFormat {
    /// JSON, for programs.
    Json,
    /// An HTML page, for people.
    Html,
}

/// How the evaluation commands print their figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON object.
    Json,
}

/// A progress bar on a terminal; hidden otherwise (CI, pipes).
pub(crate) fn progress_bar() -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files") {
        bar.set_style(style);
    }
    bar
}
