//! The command line, declared with clap.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use sotto_core::access::TeamRole;
use sotto_core::consent::ConsentMode;

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

/// Every command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Set up the demo tenant and site, then run the server with the demo page.
    Demo(ServeArgs),
    /// Apply pending schema migrations to both stores and print the versions in force.
    Migrate,
    /// Move data between backends.
    #[command(subcommand)]
    Db(DbCommand),
    /// Manage tenants.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Manage sites and their knowledge.
    #[command(subcommand)]
    Site(SiteCommand),
    /// Crawl a site's live pages into its knowledge (robots.txt, sitemaps, links); prints the
    /// report.
    Crawl {
        /// Site id.
        #[arg(long)]
        site: String,
        /// Where to start, e.g. https://shop.example/ (default: the site's first origin).
        #[arg(long, conflicts_with = "status")]
        url: Option<String>,
        /// Print where the site's latest crawl stands instead of crawling.
        #[arg(long)]
        status: bool,
    },
    /// Erase what has outlived its retention.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Detect personal data in JSON Lines `{"id":…,"text":…}` read on stdin.
    #[command(subcommand)]
    Pii(PiiCommand),
    /// Erase a visitor's data or one conversation now (crypto-shredding, then deletion);
    /// prints the receipt.
    Erase(EraseArgs),
    /// Print everything held on a visitor (conversations with their messages, requests) as
    /// JSON, or as an HTML page with `--html`; the export is recorded in the register.
    Export {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// The visitor's id (the UUID their browser keeps).
        #[arg(long)]
        visitor: String,
        /// An HTML page instead of JSON.
        #[arg(long)]
        html: bool,
    },
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
    /// Print the e-mail addresses visitors left with a tenant, with their purpose, consents
    /// and conversation (each read is written to the audit log).
    Leads {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// Only this site's.
        #[arg(long)]
        site: Option<String>,
    },
    /// Print a tenant's register of processing activities (GDPR art. 30), generated from the
    /// live configuration.
    Register {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// md, json or html.
        #[arg(long, default_value = "md", value_parser = ["md", "json", "html"])]
        format: String,
    },
    /// The breach register: record, update and close breaches; 72-hour deadline and drafts.
    #[command(subcommand)]
    Breach(BreachCommand),
    /// The consent ledger: verify its hash chain, export and check a visitor's proof.
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// Print a site's visitor privacy notice (written from the live settings; a changed
    /// setting publishes a new version).
    Notice {
        /// Site id.
        #[arg(long)]
        site: String,
        /// en or fr (default: the site's language; others get English).
        #[arg(long)]
        lang: Option<String>,
        /// An earlier version.
        #[arg(long)]
        version: Option<i64>,
        /// The page visitors see, instead of JSON.
        #[arg(long)]
        html: bool,
    },
    /// Measure quality on public collections.
    #[command(subcommand)]
    Eval(EvalCommand),
}

/// Evaluation commands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Index a BEIR-form corpus with the production pipeline, run the queries and print
    /// nDCG@10, MRR@10, Recall@10, Recall@100 and queries/s.
    Retrieval(EvalRetrievalArgs),
    /// Answer every question of a folder of benchmark sites through the visitor's path and
    /// print, per question type and in all, with 95 % intervals: right, confidently wrong and
    /// off-topic declined, for the built-in answerer and with a reading test double in place
    /// of a language model; the tuning half (`dev`) and the held-out half (`test`) apart.
    Answers(EvalAnswersArgs),
}

/// `sotto eval answers` arguments.
#[derive(Debug, Args)]
pub struct EvalAnswersArgs {
    /// The folder of sites (each with `site.toml`, `pages/` and `questions.tsv`).
    #[arg(default_value = "eval/answers")]
    pub sites: PathBuf,
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Also print every wrong or declined answer of the tuning half (`dev`); the held-out
    /// half's are never printed, so that nobody tunes on them.
    #[arg(long)]
    pub failures: bool,
    /// The relevance below which the built-in answerer declines (a tuning aid: the default is
    /// the product's).
    #[arg(long)]
    pub min_confidence: Option<f32>,
    /// Answer in the hybrid mode with the embedding model at this path (the e5 image of
    /// scripts/fetch-e5.sh or the all-MiniLM-L6-v2 folder; builds with `--features dense`).
    #[cfg(feature = "dense")]
    #[arg(long, value_name = "MODEL")]
    pub hybrid: Option<PathBuf>,
}

/// `sotto eval retrieval` arguments.
#[derive(Debug, Args)]
pub struct EvalRetrievalArgs {
    /// Corpus, JSON Lines `{"_id"|"id","title","text"}`.
    #[arg(long)]
    pub corpus: PathBuf,
    /// Queries, JSON Lines `{"_id"|"id","text"}`.
    #[arg(long)]
    pub queries: PathBuf,
    /// Relevance judgements, `query-id corpus-id score` with a header line.
    #[arg(long)]
    pub qrels: PathBuf,
    /// Write the run in TREC format here.
    #[arg(long)]
    pub run: Option<PathBuf>,
    /// Content language of the corpus (stemming and stop words).
    #[arg(long, default_value = "en")]
    pub language: String,
    /// Passage size in words (production uses the default).
    #[arg(long, default_value_t = sotto_knowledge::chunk::MAX_WORDS)]
    pub chunk_words: usize,
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Keep the index in this folder instead of a throwaway one; a later run on the same
    /// collection reopens it, and the hybrid mode reuses the passage vectors already made.
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Also measure dense retrieval and the hybrid mode with the all-MiniLM-L6-v2 model in
    /// this folder (builds with `--features dense`; scripts/fetch-minilm.sh fetches it).
    #[cfg(feature = "dense")]
    #[arg(long, value_name = "MODEL_DIR")]
    pub hybrid: Option<PathBuf>,
}

/// Breach register commands (GDPR arts. 33 and 34).
#[derive(Debug, Subcommand)]
pub enum BreachCommand {
    /// Record a breach; prints it with the time the authority must be notified by (detection
    /// + 72 hours) and the drafted notifications.
    Open {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// What happened.
        #[arg(long)]
        what: String,
        /// When it was detected, RFC 3339 (default now).
        #[arg(long, value_name = "TIME")]
        detected_at: Option<String>,
        #[command(flatten)]
        details: BreachDetailArgs,
    },
    /// Change a breach, or record that the authority or the people concerned were notified.
    Update {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// Breach id.
        #[arg(long)]
        id: String,
        /// What happened.
        #[arg(long)]
        what: Option<String>,
        #[command(flatten)]
        details: BreachDetailArgs,
        /// The supervisory authority was notified now.
        #[arg(long)]
        authority_notified: bool,
        /// The people concerned were told now.
        #[arg(long)]
        subjects_notified: bool,
    },
    /// Close a breach (it stays in the register).
    Close {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// Breach id.
        #[arg(long)]
        id: String,
    },
    /// Print the register: every breach, with hours left and overdue ones flagged.
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
    },
}

/// The details of a breach that `open` and `update` share.
#[derive(Debug, Args)]
pub struct BreachDetailArgs {
    /// A category of personal data concerned (repeat for several).
    #[arg(long = "data-category")]
    pub data_categories: Vec<String>,
    /// A category of people concerned (repeat for several).
    #[arg(long = "subject-category")]
    pub subject_categories: Vec<String>,
    /// Approximate number of people concerned.
    #[arg(long)]
    pub subjects: Option<u64>,
    /// Approximate number of records concerned.
    #[arg(long)]
    pub records: Option<u64>,
    /// Likely consequences.
    #[arg(long)]
    pub consequences: Option<String>,
    /// Measures taken or proposed.
    #[arg(long)]
    pub measures: Option<String>,
}

/// Consent ledger commands.
#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Recompute the consent ledger of one tenant (every tenant's without `--tenant`); exits
    /// non-zero when an event was edited, inserted or removed.
    Verify {
        /// Tenant id.
        #[arg(long)]
        tenant: Option<String>,
    },
    /// Print a visitor's consent proof as JSON: their events, the hash chain through them and
    /// the questions they were shown.
    Proof {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// The visitor's id (the UUID their browser keeps).
        #[arg(long)]
        visitor: String,
    },
    /// Check a consent proof (a JSON file, or `-` for stdin) on its own, with no store and no
    /// key; exits non-zero when it does not hold.
    CheckProof {
        /// The proof.
        proof: PathBuf,
    },
}

/// Changes to a site's privacy settings (`sotto site privacy`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SitePrivacyChanges {
    /// legitimate-interest (stored from the first message, with the right to object) or
    /// opt-in (stored only after the visitor agrees in the widget).
    #[arg(long, value_parser = consent_mode)]
    pub consent_mode: Option<ConsentMode>,
    /// on: the widget may ask for an e-mail address, with a stated purpose; off: never.
    #[arg(long, value_parser = on_off)]
    pub email_capture: Option<bool>,
    /// The http(s) URL each new lead is posted to, signed; `none` removes it.
    #[arg(long)]
    pub lead_webhook: Option<String>,
    /// Print the webhook and the key its calls are signed with.
    #[arg(long, conflicts_with_all = ["consent_mode", "email_capture", "lead_webhook"])]
    pub webhook_key: bool,
    /// Replace the webhook signing key with the next one and print it.
    #[arg(long, conflicts_with_all = ["consent_mode", "email_capture", "lead_webhook", "webhook_key"])]
    pub rotate_webhook_key: bool,
}

/// `on` or `off`.
fn on_off(text: &str) -> Result<bool, String> {
    match text {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err("say on or off".to_owned()),
    }
}

/// A consent mode, as the command line spells it.
fn consent_mode(text: &str) -> Result<ConsentMode, String> {
    ConsentMode::parse(&text.replace('-', "_"))
        .ok_or_else(|| "a consent mode is legitimate-interest or opt-in".to_owned())
}

/// A team role, as the command line spells it.
fn team_role(text: &str) -> Result<TeamRole, String> {
    TeamRole::parse(text).ok_or_else(|| "a role is owner, admin, agent or viewer".to_owned())
}

/// Team member commands.
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member; prints them with a first password, shown once (or reads the password
    /// from stdin with `--password-stdin`).
    Add {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// Sign-in e-mail address.
        #[arg(long)]
        email: String,
        /// Name shown to the team.
        #[arg(long)]
        name: String,
        /// owner, admin, agent or viewer.
        #[arg(long, value_parser = team_role)]
        role: TeamRole,
        /// Read the password from the first line of stdin instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List a tenant's members.
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
    },
    /// Remove a member.
    Remove {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// Member id.
        member: String,
    },
}

/// Admin API key commands.
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Issue a key; prints its token once.
    Create {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// owner, admin, agent or viewer.
        #[arg(long, value_parser = team_role, default_value = "owner")]
        role: TeamRole,
        /// What the key is for.
        #[arg(long, default_value = "issued at the command line")]
        label: String,
    },
    /// List a tenant's keys (never their secrets).
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
    },
    /// Revoke a key at once.
    Revoke {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// The key id (the 12 hex digits after `sotto_`).
        key: String,
    },
}

/// Audit log commands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the chain of one tenant's log (every tenant's without `--tenant`); exits
    /// non-zero when an entry was edited, inserted or removed.
    Verify {
        /// Tenant id.
        #[arg(long)]
        tenant: Option<String>,
    },
    /// Print a tenant's log.
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// Only entries after this sequence number.
        #[arg(long, default_value_t = 0)]
        after: i64,
        /// At most this many entries.
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
}

/// What `sotto erase` erases: exactly one of `--visitor`, `--conversation` and
/// `--close-account`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("scope").required(true).args(["visitor", "conversation", "email", "close_account"]))]
pub struct EraseArgs {
    /// Tenant id.
    #[arg(long)]
    pub tenant: String,
    /// The visitor's id (the UUID their browser keeps): every conversation on every site of
    /// the tenant, and their key.
    #[arg(long)]
    pub visitor: Option<String>,
    /// One conversation.
    #[arg(long)]
    pub conversation: Option<String>,
    /// Everyone who left this e-mail address (found through its blind index): each such
    /// visitor whole, and every lead with the address.
    #[arg(long)]
    pub email: Option<String>,
    /// The whole tenant (account closure): its key, conversations, visitors, sites, search
    /// indexes, knowledge and API keys. Irreversible.
    #[arg(long)]
    pub close_account: bool,
}

/// Data subject request commands.
#[derive(Debug, Subcommand)]
pub enum DsrCommand {
    /// Print a tenant's request register (open, overdue and completed requests).
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
    },
    /// Check an erasure receipt (a JSON file, or `-` for stdin): that this installation issued
    /// it unchanged, and that the register holds the completed request. Exits non-zero when
    /// either check fails.
    Verify {
        /// The receipt.
        receipt: PathBuf,
    },
}

/// Personal-data commands; they read no configuration and touch no store.
#[derive(Debug, Subcommand)]
pub enum PiiCommand {
    /// Writes `{"id":…,"entities":[{"type","start","end","score"}]}` per line (offsets in
    /// Unicode characters, end exclusive).
    Scan,
    /// Writes `{"id":…,"text":…}` per line, with every entity replaced by `[TYPE]`.
    Redact,
}

/// Retention commands.
#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Run one retention sweep now (servers also sweep on a timer); prints what was erased,
    /// or that another process or node is sweeping.
    #[command(alias = "sweep")]
    Run {
        /// Print what a sweep would erase, site by site, and erase nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Flags of the server commands.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Default 127.0.0.1:8080.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
}

/// Database commands.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Copy an SQLite installation into two empty PostgreSQL databases, as stored: nothing is
    /// decrypted. Nodes on the target need the same master key.
    Copy {
        /// Source: `sqlite:DIR`, the data directory of the installation.
        #[arg(long)]
        from: String,
        /// PostgreSQL URL of the target main store.
        #[arg(long)]
        to: String,
        /// PostgreSQL URL of the target conversation store.
        #[arg(long)]
        to_conversations: String,
    },
}

/// Tenant commands.
#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant; prints its id and a first admin API key as JSON.
    Create {
        /// The business's name.
        #[arg(long)]
        name: String,
    },
    /// Print a tenant's personal-data settings, or replace them with a JSON file
    /// (`{"policy":{"actions":{"PHONE":"mask"}},"patterns":[{"label","pattern"}],"terms":[…]}`).
    Pii {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// The new settings.
        #[arg(long, value_name = "FILE")]
        set: Option<PathBuf>,
    },
    /// Print a tenant's privacy profile (what the notice says about the controller), or
    /// replace it with a JSON file
    /// (`{"controller_name","address","contact_email","dpo_email"}`, each optional).
    Privacy {
        /// Tenant id.
        #[arg(long)]
        tenant: String,
        /// The new profile.
        #[arg(long, value_name = "FILE")]
        set: Option<PathBuf>,
    },
}

/// Site commands.
#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Create a site; prints it as JSON.
    Create {
        /// Owning tenant id.
        #[arg(long)]
        tenant: String,
        /// Origin allowed to embed the widget (repeat for several), e.g. https://shop.example.
        #[arg(long = "origin", required = true)]
        origins: Vec<String>,
        /// Site id (lowercase letters, digits, dashes); random when omitted.
        #[arg(long)]
        id: Option<String>,
        /// URL of the site's privacy notice, linked from the widget.
        #[arg(long)]
        privacy_url: Option<String>,
        /// Content and interface language: en, fr, de, fi, es, it or nl.
        #[arg(long)]
        language: Option<String>,
        /// Days conversations are kept after their last message (default 730, two years).
        #[arg(long, value_name = "DAYS")]
        retention_days: Option<u32>,
    },
    /// Change how long a site's conversations are kept after their last message.
    Retention {
        /// Site id.
        #[arg(long)]
        site: String,
        /// Days, from 1 to 3650.
        #[arg(long)]
        days: u32,
    },
    /// Print a site's privacy settings, or change how it asks before storing conversations,
    /// whether it asks for e-mail addresses, and where it posts leads.
    Privacy {
        /// Site id.
        #[arg(long)]
        site: String,
        /// The changes; none prints the settings.
        #[command(flatten)]
        changes: SitePrivacyChanges,
    },
    /// Import a folder of HTML and Markdown files into a site's knowledge.
    Import {
        /// Site id.
        #[arg(long)]
        site: String,
        /// Folder to import.
        path: PathBuf,
        /// URL of the folder's root, for pages that do not declare their own URL.
        #[arg(long)]
        base_url: Option<String>,
        /// Remove the site's pages that are not in this folder.
        #[arg(long)]
        replace: bool,
    },
}
