//! `sotto serve` and `sotto demo`: the server, with the demo tenant, site and website set up
//! first for `demo`; it runs until Ctrl-C or SIGTERM.

use std::net::SocketAddr;

use anyhow::{Context, Result};
use clap::Args;
use sotto_app::setup::demo::DEMO_PATH;
use sotto_app::{ConversationStore, MainStore, Sotto};
use tokio::net::TcpListener;

/// Flags of the server commands.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Default 127.0.0.1:8080.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
}

/// Sets up the demo when asked, then serves until Ctrl-C.
pub async fn serve<M: MainStore, C: ConversationStore>(
    sotto: Sotto<M, C>,
    listener: TcpListener,
    demo: bool,
) -> Result<()> {
    let public_url = sotto.config().public_url();
    if demo {
        let setup = sotto.ensure_demo().await?;
        println!("Sotto demo is running.");
        println!("  Demo page:     {public_url}{DEMO_PATH}");
        println!(
            "  Admin API key: {}  (tenant {})",
            setup.api_key, setup.tenant_id
        );
        let member = sotto.demo_member(setup.tenant_id).await?;
        println!("  Admin UI:      {public_url}/admin");
        println!(
            "                 workspace {}, e-mail {}, password {}",
            setup.tenant_id, member.member.email, member.initial_password
        );
        println!(
            "  Knowledge:     {} pages, {} passages",
            setup.import.pages, setup.import.passages
        );
        println!("Press Ctrl-C to stop.");
    } else {
        println!("Sotto is listening on {public_url}");
    }
    tracing::info!(listen = %sotto.config().listen, "server started");
    sotto_server::serve(std::sync::Arc::new(sotto), listener, stop_signal())
        .await
        .context("server failed")
}

/// Completes on Ctrl-C or SIGTERM (what service managers and orchestrators send).
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
