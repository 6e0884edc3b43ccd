//! What each command does: parse its arguments into domain values, call the use case, print
//! the result as JSON.

use std::io::IsTerminal;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use sotto_app::rights::erasure::Receipt;
use sotto_app::setup::demo::DEMO_PATH;
use sotto_app::team::access::Actor;
use sotto_app::tenancy::sites::NewSite;
use sotto_app::{Backend, Config, ConversationStore, MainStore, PgSotto, Sotto, SqliteSotto};
use sotto_core::{ConversationId, SiteId, VisitorId};
use sotto_store::ImportMode;

use tokio::net::TcpListener;

use crate::cli::{
    Cli, Command, ConsentCommand, DbCommand, DsrCommand, EraseArgs, RetentionCommand, SiteCommand,
    TenantCommand,
};
use crate::common::{parse_tenant, print_json, read_json};
use crate::{eval, pii, privacy_commands, team_commands};

/// Runs one command: loads the configuration, binds the listener of a server command (so
/// `--listen 127.0.0.1:0` reports the real port), opens the configured backend, then runs the
/// command generically over its stores.
pub async fn run(cli: Cli) -> Result<()> {
    if let Command::Db(DbCommand::Copy {
        from,
        to,
        to_conversations,
    }) = &cli.command
    {
        let source = from
            .strip_prefix("sqlite:")
            .context("--from must be sqlite:DIR, the data directory to copy")?;
        let report = sotto_app::setup::db_copy::copy_sqlite_to_postgres(
            std::path::Path::new(source),
            to,
            to_conversations,
        )
        .await?;
        print_json(&report)?;
        eprintln!(
            "Copied. Nodes on the target need this installation's master key: copy {source}/master.key or set SOTTO_MASTER_KEY."
        );
        return Ok(());
    }
    if let Command::Pii(command) = &cli.command {
        return pii::run(command);
    }
    if let Command::Eval(command) = &cli.command {
        return eval::run(command);
    }
    if let Command::Consent(ConsentCommand::CheckProof { proof }) = &cli.command {
        return privacy_commands::check_proof(proof);
    }
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    let listener = match &cli.command {
        Command::Serve(args) | Command::Demo(args) => {
            if let Some(listen) = args.listen {
                config.listen = listen;
            }
            let listener = TcpListener::bind(config.listen)
                .await
                .with_context(|| format!("cannot listen on {}", config.listen))?;
            config.listen = listener.local_addr()?;
            Some(listener)
        }
        _ => None,
    };
    match config.backend()? {
        Backend::Sqlite => execute(SqliteSotto::open(&config).await?, cli.command, listener).await,
        Backend::Postgres {
            main,
            conversations,
        } => {
            execute(
                PgSotto::connect(&config, &main, &conversations).await?,
                cli.command,
                listener,
            )
            .await
        }
    }
}

async fn execute<M: MainStore, C: ConversationStore>(
    sotto: Sotto<M, C>,
    command: Command,
    listener: Option<TcpListener>,
) -> Result<()> {
    let resumed = sotto.resume_erasures().await?;
    if !resumed.is_empty() {
        eprintln!("Completed {} interrupted erasure(s).", resumed.len());
    }
    match (command, listener) {
        (Command::Serve(_), Some(listener)) => serve(sotto, listener, false).await,
        (Command::Demo(_), Some(listener)) => serve(sotto, listener, true).await,
        (Command::Serve(_) | Command::Demo(_), None) => anyhow::bail!("no listener for the server"),
        (Command::Db(_) | Command::Pii(_) | Command::Eval(_), _) => {
            anyhow::bail!("this command runs before a backend is opened")
        }
        (Command::Migrate, _) => print_json(&sotto.schema_versions()),
        (Command::Tenant(TenantCommand::Create { name }), _) => {
            print_json(&sotto.create_tenant(&name).await?)
        }
        (Command::Tenant(TenantCommand::Pii { tenant, set }), _) => {
            let tenant = parse_tenant(&tenant)?;
            match set {
                None => print_json(&sotto.pii_settings(tenant).await?),
                Some(file) => {
                    let settings = read_json(&file, "valid personal-data settings")?;
                    print_json(
                        &sotto
                            .set_pii_settings(tenant, settings, &Actor::Cli)
                            .await?,
                    )
                }
            }
        }
        (
            Command::Site(SiteCommand::Create {
                tenant,
                origins,
                id,
                privacy_url,
                language,
                retention_days,
            }),
            _,
        ) => {
            let tenant = parse_tenant(&tenant)?;
            let id = id
                .map(|id| id.parse::<SiteId>())
                .transpose()
                .context("--id")?;
            let site = sotto
                .create_site(
                    NewSite {
                        tenant,
                        id,
                        origins,
                        privacy_notice_url: privacy_url,
                        language,
                        retention_days,
                    },
                    &Actor::Cli,
                )
                .await?;
            print_json(&site)
        }
        (Command::Site(SiteCommand::Retention { site, days }), _) => {
            let site: SiteId = site.parse().context("--site")?;
            print_json(&sotto.set_retention(&site, days, &Actor::Cli).await?)
        }
        (Command::Erase(args), _) => print_json(&erase(&sotto, args).await?),
        (
            Command::Export {
                tenant,
                visitor,
                html,
            },
            _,
        ) => {
            let tenant = parse_tenant(&tenant)?;
            let visitor: VisitorId = visitor.parse().context("--visitor must be a UUID")?;
            let export = sotto
                .export_tenant_visitor(tenant, &visitor, &Actor::Cli)
                .await?;
            if html {
                println!("{}", export.to_html());
                Ok(())
            } else {
                print_json(&export)
            }
        }
        (Command::Dsr(DsrCommand::List { tenant }), _) => {
            let tenant = parse_tenant(&tenant)?;
            print_json(&sotto.request_register(tenant, sotto_core::now()).await?)
        }
        (Command::Dsr(DsrCommand::Verify { receipt }), _) => {
            let receipt: Receipt = read_json(&receipt, "a Sotto erasure receipt")?;
            let check = sotto.verify_receipt(&receipt).await?;
            print_json(&check)?;
            anyhow::ensure!(
                check.is_valid(),
                "the receipt does not verify (authentic: {}, registered: {})",
                check.authentic,
                check.registered
            );
            Ok(())
        }
        (Command::Member(command), _) => team_commands::member(&sotto, command).await,
        (Command::Key(command), _) => team_commands::key(&sotto, command).await,
        (Command::Audit(command), _) => team_commands::audit(&sotto, command).await,
        (Command::Consent(command), _) => privacy_commands::consent(&sotto, command).await,
        (Command::Breach(command), _) => privacy_commands::breach(&sotto, command).await,
        (Command::Leads { tenant, site }, _) => {
            let site: Option<SiteId> = site.map(|s| s.parse()).transpose().context("--site")?;
            let leads = sotto
                .leads(parse_tenant(&tenant)?, site.as_ref(), &Actor::Cli)
                .await?;
            print_json(&leads)
        }
        (Command::Register { tenant, format }, _) => {
            let register = sotto.processing_register(parse_tenant(&tenant)?).await?;
            match format.as_str() {
                "json" => print_json(&register),
                "html" => {
                    println!("{}", register.to_html());
                    Ok(())
                }
                _ => {
                    print!("{}", register.to_markdown());
                    Ok(())
                }
            }
        }
        (
            Command::Notice {
                site,
                lang,
                version,
                html,
            },
            _,
        ) => privacy_commands::notice(&sotto, &site, lang, version, html).await,
        (Command::Site(SiteCommand::Privacy { site, changes }), _) => {
            privacy_commands::site_privacy(&sotto, &site, changes).await
        }
        (Command::Tenant(TenantCommand::Privacy { tenant, set }), _) => {
            privacy_commands::tenant_privacy(&sotto, &tenant, set).await
        }
        (
            Command::Crawl {
                site, status: true, ..
            },
            _,
        ) => {
            let site: SiteId = site.parse().context("--site")?;
            print_json(&sotto.crawl_status_of(&site).await?)
        }
        (Command::Crawl { site, url, .. }, _) => {
            let site: SiteId = site.parse().context("--site")?;
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
        (Command::Retention(RetentionCommand::Run { dry_run: true }), _) => {
            print_json(&sotto.retention_dry_run(sotto_core::now()).await?)
        }
        (Command::Retention(RetentionCommand::Run { dry_run: false }), _) => {
            print_json(&sotto.sweep_retention(sotto_core::now()).await?)
        }
        (
            Command::Site(SiteCommand::Import {
                site,
                path,
                base_url,
                replace,
            }),
            _,
        ) => {
            let site: SiteId = site.parse().context("--site")?;
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
    }
}

/// `sotto erase`: the operator's channel.
async fn erase<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    args: EraseArgs,
) -> Result<Receipt> {
    let tenant = parse_tenant(&args.tenant)?;
    if args.close_account {
        return Ok(sotto.close_tenant(tenant, &Actor::Cli).await?);
    }
    if let Some(email) = args.email {
        return Ok(sotto.erase_email(tenant, &email, &Actor::Cli).await?);
    }
    Ok(match (args.visitor, args.conversation) {
        (Some(visitor), _) => {
            let visitor: VisitorId = visitor.parse().context("--visitor must be a UUID")?;
            sotto
                .erase_tenant_visitor(tenant, &visitor, &Actor::Cli)
                .await?
        }
        (None, Some(conversation)) => {
            let conversation: ConversationId = conversation
                .parse()
                .context("--conversation must be a conversation id (UUID)")?;
            sotto
                .erase_tenant_conversation(tenant, conversation, &Actor::Cli)
                .await?
        }
        (None, None) => {
            anyhow::bail!("give --visitor, --conversation, --email or --close-account")
        }
    })
}

/// A progress bar on a terminal; hidden otherwise (CI, pipes).
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files") {
        bar.set_style(style);
    }
    bar
}

/// `serve` and `demo`: set up the demo when asked, then serve until Ctrl-C.
async fn serve<M: MainStore, C: ConversationStore>(
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
