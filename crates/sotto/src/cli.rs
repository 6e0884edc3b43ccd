//! The command line: `sotto NOUN VERB [--flags]`, declared with clap, and the dispatch of each
//! noun to its module in `commands/`. Commands that need no store (`db`, `pii`, `eval`,
//! `consent check-proof`) run before the configured backend is opened; the others run
//! generically over its stores.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use sotto_app::{
    Backend, Config, ConversationStore, MainStore, PgSotto, PgUrls, Sotto, SqliteSotto,
};
use tokio::net::TcpListener;

use crate::commands::answers::AnswersCommand;
use crate::commands::audit::AuditCommand;
use crate::commands::backup::BackupArgs;
use crate::commands::breach::BreachCommand;
use crate::commands::consent::ConsentCommand;
use crate::commands::conversation::ConversationCommand;
use crate::commands::db::DbCommand;
use crate::commands::dsr::DsrCommand;
use crate::commands::eval::EvalCommand;
use crate::commands::key::KeyCommand;
use crate::commands::lead::LeadCommand;
use crate::commands::legacy::{
    CrawlEntry, EraseArgs, Erasure, ExportArgs, LeadsArgs, NoticeEntry, RegisterEntry,
};
use crate::commands::member::MemberCommand;
use crate::commands::pii::PiiCommand;
use crate::commands::retention::RetentionCommand;
use crate::commands::server::ServeArgs;
use crate::commands::site::SiteCommand;
use crate::commands::tenant::TenantCommand;
use crate::commands::visitor::VisitorCommand;
use crate::commands::{
    answers, audit, backup, breach, consent, conversation, crawl, db, dsr, eval, key, lead, member,
    notice, pii, register, retention, server, site, tenant, visitor,
};
use crate::common::print_json;

/// Sotto: a private AI chat assistant for websites.
#[derive(Debug, Parser)]
#[command(name = "sotto", version, about)]
pub struct Cli {
    /// Data directory (databases, search index, master key). Default ./sotto-data.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Configuration file. Default ./sotto.toml when it exists.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// `sotto migrate`'s options.
#[derive(Debug, Default, Args)]
pub struct MigrateArgs {
    /// The main store's database as the role that owns its tables (PostgreSQL).
    #[arg(
        long,
        env = "SOTTO_MAIN_DATABASE_OWNER_URL",
        requires = "conversation_owner_url"
    )]
    pub main_owner_url: Option<String>,
    /// The conversation store's database as the role that owns its tables (PostgreSQL).
    #[arg(
        long,
        env = "SOTTO_CONVERSATION_DATABASE_OWNER_URL",
        requires = "main_owner_url"
    )]
    pub conversation_owner_url: Option<String>,
    /// The key store's database as the role that owns its tables (PostgreSQL); the
    /// conversation store's owner when the keys share its database.
    #[arg(
        long,
        env = "SOTTO_KEY_DATABASE_OWNER_URL",
        requires = "main_owner_url"
    )]
    pub key_owner_url: Option<String>,
}

/// Every noun (and the three server verbs).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Set up the demo tenant and site, then run the server with the demo page.
    Demo(ServeArgs),
    /// Apply pending schema migrations to both stores and print the versions in force. On
    /// PostgreSQL with an owner role, give the owner's URLs: the migrations run as the owner,
    /// and the role of the configured URLs gets row access only.
    Migrate(MigrateArgs),
    /// Copy the stores while the server runs: the content to one place, the key store to
    /// another (SQLite installations).
    Backup(BackupArgs),
    /// Move data between backends.
    #[command(subcommand)]
    Db(DbCommand),
    /// Tenants: create, close, personal-data settings, privacy profile.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Sites: create, retention, privacy settings, import a folder of pages.
    #[command(subcommand)]
    Site(SiteCommand),
    /// Approved answers: the team's reply to a question the site answers badly, given to
    /// every question that means the same.
    #[command(subcommand)]
    Answers(AnswersCommand),
    /// Crawl a site's live pages into its knowledge, or see where its crawl stands.
    Crawl(CrawlEntry),
    /// Erase what has outlived its retention.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Detect personal data in JSON Lines `{"id":…,"text":…}` read on stdin.
    #[command(subcommand)]
    Pii(PiiCommand),
    /// A visitor's rights: erase everything held on them, or export it.
    #[command(subcommand)]
    Visitor(VisitorCommand),
    /// Erase one conversation.
    #[command(subcommand)]
    Conversation(ConversationCommand),
    /// Data subject requests: the register, and receipts.
    #[command(subcommand)]
    Dsr(DsrCommand),
    /// A tenant's team members (they sign in to the admin UI).
    #[command(subcommand)]
    Member(MemberCommand),
    /// A tenant's admin API keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// The audit log: list it, verify its chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The e-mail addresses visitors left: list them, or erase everyone who left one.
    #[command(subcommand)]
    Lead(LeadCommand),
    /// A tenant's register of processing activities (GDPR art. 30).
    Register(RegisterEntry),
    /// The breach register: record, update and close breaches; 72-hour deadline and drafts.
    #[command(subcommand)]
    Breach(BreachCommand),
    /// The consent ledger: verify its hash chain, export and check a visitor's proof.
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// A site's visitor privacy notice.
    Notice(NoticeEntry),
    /// Measure quality on public collections and on the answer benchmark.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Previous spelling of `visitor erase`, `conversation erase`, `lead erase` and
    /// `tenant close`.
    #[command(hide = true)]
    Erase(EraseArgs),
    /// Previous spelling of `visitor export`.
    #[command(hide = true)]
    Export(ExportArgs),
    /// Previous spelling of `lead list`.
    #[command(hide = true)]
    Leads(LeadsArgs),
}

impl Command {
    /// The command in this release's spelling.
    fn current(self) -> Self {
        match self {
            Command::Erase(args) => match args.into_command() {
                Erasure::Visitor(command) => Command::Visitor(command),
                Erasure::Conversation(command) => Command::Conversation(command),
                Erasure::Lead(command) => Command::Lead(command),
                Erasure::Tenant(command) => Command::Tenant(command),
            },
            Command::Export(args) => Command::Visitor(args.into_command()),
            Command::Leads(args) => Command::Lead(args.into_command()),
            Command::Member(MemberCommand::Remove {
                tenant,
                member,
                legacy_member,
            }) => Command::Member(MemberCommand::Remove {
                tenant,
                member: member.or(legacy_member),
                legacy_member: None,
            }),
            Command::Key(KeyCommand::Revoke {
                tenant,
                key,
                legacy_key,
            }) => Command::Key(KeyCommand::Revoke {
                tenant,
                key: key.or(legacy_key),
                legacy_key: None,
            }),
            other => other,
        }
    }
}

/// Runs one command: loads the configuration, binds the listener of a server command (so
/// `--listen 127.0.0.1:0` reports the real port), opens the configured backend, then runs the
/// command generically over its stores.
pub async fn run(cli: Cli) -> Result<()> {
    let command = cli.command.current();
    match &command {
        Command::Db(command) => return db::run(command).await,
        Command::Pii(command) => return pii::run(command),
        Command::Eval(command) => return eval::run(command),
        Command::Consent(ConsentCommand::CheckProof { proof }) => {
            return consent::check_proof(proof);
        }
        _ => {}
    }
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    let listener = match &command {
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
        Backend::Sqlite => {
            let sotto = SqliteSotto::open(&config).await?;
            if let Command::Backup(args) = &command {
                return backup::run(&sotto, args).await;
            }
            execute(sotto, command, listener).await
        }
        Backend::Postgres {
            main,
            conversations,
            keys,
        } => {
            if let Command::Backup(_) = command {
                anyhow::bail!(
                    "on PostgreSQL, back up each database with pg_dump, the key store's apart (README, \"Backups\")"
                );
            }
            if let Command::Migrate(MigrateArgs {
                main_owner_url: Some(main_owner),
                conversation_owner_url: Some(conversations_owner),
                key_owner_url,
            }) = &command
            {
                use sotto_app::setup::migration::{OwnerAndApp, migrate_as_owner};
                let keys_owner = match key_owner_url {
                    Some(owner) => owner,
                    None if keys == conversations => conversations_owner,
                    None => anyhow::bail!(
                        "the key store has a database of its own: give its owner with --key-owner-url"
                    ),
                };
                migrate_as_owner(
                    OwnerAndApp {
                        owner: main_owner,
                        app: &main,
                    },
                    OwnerAndApp {
                        owner: conversations_owner,
                        app: &conversations,
                    },
                    OwnerAndApp {
                        owner: keys_owner,
                        app: &keys,
                    },
                )
                .await?;
            }
            let urls = PgUrls {
                main: &main,
                conversations: &conversations,
                keys: &keys,
            };
            execute(PgSotto::connect(&config, urls).await?, command, listener).await
        }
    }
}

/// Runs a command over an open installation, after finishing any interrupted erasure; a
/// command other than the server then waits for the webhook calls it made and closes the
/// stores.
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
        (Command::Serve(_), Some(listener)) => server::serve(sotto, listener, false).await,
        (Command::Demo(_), Some(listener)) => server::serve(sotto, listener, true).await,
        (command, _) => {
            let outcome = run_command(&sotto, command).await;
            sotto.close().await;
            outcome
        }
    }
}

/// Dispatches a command other than the server's to its family.
async fn run_command<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: Command,
) -> Result<()> {
    match command {
        Command::Serve(_) | Command::Demo(_) => anyhow::bail!("no listener for the server"),
        Command::Migrate(_) => print_json(&sotto.schema_versions()),
        Command::Tenant(command) => tenant::run(sotto, command).await,
        Command::Site(command) => site::run(sotto, command).await,
        Command::Answers(command) => answers::run(sotto, command).await,
        Command::Crawl(entry) => crawl::run(sotto, entry.into_command()?).await,
        Command::Retention(command) => retention::run(sotto, command).await,
        Command::Visitor(command) => visitor::run(sotto, command).await,
        Command::Conversation(command) => conversation::run(sotto, command).await,
        Command::Dsr(command) => dsr::run(sotto, command).await,
        Command::Member(command) => member::run(sotto, command).await,
        Command::Key(command) => key::run(sotto, command).await,
        Command::Audit(command) => audit::run(sotto, command).await,
        Command::Lead(command) => lead::run(sotto, command).await,
        Command::Register(entry) => register::run(sotto, entry.into_command()?).await,
        Command::Breach(command) => breach::run(sotto, command).await,
        Command::Consent(command) => consent::run(sotto, command).await,
        Command::Notice(entry) => notice::run(sotto, entry.into_command()?).await,
        Command::Backup(_) => anyhow::bail!("backups are taken of an embedded installation"),
        Command::Db(_)
        | Command::Pii(_)
        | Command::Eval(_)
        | Command::Erase(_)
        | Command::Export(_)
        | Command::Leads(_) => anyhow::bail!("this command runs before a backend is opened"),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    const TENANT: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    const OTHER: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    /// What a command line means, in this release's spelling.
    fn meaning(args: &[&str]) -> String {
        let cli = Cli::try_parse_from(std::iter::once("sotto").chain(args.iter().copied()))
            .unwrap_or_else(|error| panic!("{args:?} does not parse: {error}"));
        match cli.command.current() {
            Command::Crawl(entry) => format!("{:?}", entry.into_command().unwrap()),
            Command::Register(entry) => format!("{:?}", entry.into_command().unwrap()),
            Command::Notice(entry) => format!("{:?}", entry.into_command().unwrap()),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn previous_spellings_mean_the_commands_they_became() {
        let pairs: &[(&[&str], &[&str])] = &[
            (
                &["erase", "--tenant", TENANT, "--visitor", OTHER],
                &["visitor", "erase", "--tenant", TENANT, "--visitor", OTHER],
            ),
            (
                &["erase", "--tenant", TENANT, "--conversation", OTHER],
                &[
                    "conversation",
                    "erase",
                    "--tenant",
                    TENANT,
                    "--conversation",
                    OTHER,
                ],
            ),
            (
                &["erase", "--tenant", TENANT, "--email", "ada@example.org"],
                &[
                    "lead",
                    "erase",
                    "--tenant",
                    TENANT,
                    "--email",
                    "ada@example.org",
                ],
            ),
            (
                &["erase", "--tenant", TENANT, "--close-account"],
                &["tenant", "close", "--tenant", TENANT],
            ),
            (
                &["export", "--tenant", TENANT, "--visitor", OTHER, "--html"],
                &[
                    "visitor",
                    "export",
                    "--tenant",
                    TENANT,
                    "--visitor",
                    OTHER,
                    "--format",
                    "html",
                ],
            ),
            (
                &["leads", "--tenant", TENANT, "--site", "shop"],
                &["lead", "list", "--tenant", TENANT, "--site", "shop"],
            ),
            (
                &["crawl", "--site", "shop", "--url", "https://shop.example/"],
                &[
                    "crawl",
                    "start",
                    "--site",
                    "shop",
                    "--url",
                    "https://shop.example/",
                ],
            ),
            (
                &["crawl", "--site", "shop", "--status"],
                &["crawl", "status", "--site", "shop"],
            ),
            (
                &["register", "--tenant", TENANT, "--format", "json"],
                &["register", "show", "--tenant", TENANT, "--format", "json"],
            ),
            (
                &["notice", "--site", "shop", "--lang", "fr", "--html"],
                &[
                    "notice",
                    "show",
                    "--site",
                    "shop",
                    "--language",
                    "fr",
                    "--format",
                    "html",
                ],
            ),
            (
                &["notice", "show", "--site", "shop", "--lang", "fr"],
                &["notice", "show", "--site", "shop", "--language", "fr"],
            ),
            (
                &["member", "remove", "--tenant", TENANT, OTHER],
                &["member", "remove", "--tenant", TENANT, "--member", OTHER],
            ),
            (
                &["key", "revoke", "--tenant", TENANT, "0123456789ab"],
                &["key", "revoke", "--tenant", TENANT, "--key", "0123456789ab"],
            ),
            (
                &["breach", "close", "--tenant", TENANT, "--id", "b1"],
                &["breach", "close", "--tenant", TENANT, "--breach", "b1"],
            ),
            (&["retention", "sweep"], &["retention", "run"]),
        ];
        for (previous, current) in pairs {
            let (was, is) = (meaning(previous), meaning(current));
            assert_eq!(was, is, "{previous:?} is {current:?}");
        }
    }

    #[test]
    fn previous_spellings_stay_out_of_the_help() {
        let help = Cli::command().render_long_help().to_string();
        for hidden in ["  erase ", "  export ", "  leads "] {
            assert!(!help.contains(hidden), "{hidden:?} is listed: {help}");
        }
        assert!(help.contains("  visitor ") && help.contains("  lead "));
    }

    #[test]
    fn ids_and_roles_are_parsed_by_the_command_line() {
        for refused in [
            &["tenant", "pii", "--tenant", "not-a-uuid"][..],
            &[
                "member", "add", "--tenant", TENANT, "--email", "a@b.c", "--name", "A", "--role",
                "king",
            ],
            &["register", "show", "--tenant", TENANT, "--format", "xml"],
            &[
                "visitor",
                "erase",
                "--tenant",
                TENANT,
                "--visitor",
                "nobody",
            ],
        ] {
            let parsed =
                Cli::try_parse_from(std::iter::once("sotto").chain(refused.iter().copied()));
            assert!(parsed.is_err(), "{refused:?} was accepted");
        }
    }
}
