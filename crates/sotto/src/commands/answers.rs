//! `sotto answers`: a site's approved answers listed, written, changed, switched off and on,
//! and deleted from the command line, as the tenant's owner ([`Caller::operator`]); every
//! change is audited like the admin UI's.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use sotto_app::knowledge::approved::{
    AnswerOrigin, ApprovedAnswerInput, ApprovedAnswerView, ApprovedReplyText,
};
use sotto_app::team::access::Caller;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::SiteId;

use crate::common::{operator, print_json};

/// Approved-answer commands.
#[derive(Debug, Subcommand)]
pub enum AnswersCommand {
    /// Print a site's approved answers as JSON.
    List {
        /// Site id.
        #[arg(long)]
        site: SiteId,
    },
    /// Approve an answer; prints it with the personal data found in it.
    Add {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// The answer.
        #[command(flatten)]
        answer: AnswerArgs,
    },
    /// Replace an approved answer's questions, replies and citations (whether it is on, and
    /// where it came from, stay).
    Edit {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// The approved answer's id.
        #[arg(long)]
        id: String,
        /// The answer.
        #[command(flatten)]
        answer: AnswerArgs,
    },
    /// Switch an approved answer off: kept, but no visitor gets it.
    Off {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// The approved answer's id.
        #[arg(long)]
        id: String,
    },
    /// Switch an approved answer back on.
    On {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// The approved answer's id.
        #[arg(long)]
        id: String,
    },
    /// Delete an approved answer.
    Delete {
        /// Site id.
        #[arg(long)]
        site: SiteId,
        /// The approved answer's id.
        #[arg(long)]
        id: String,
    },
}

/// An approved answer on the command line: a JSON file (the admin API's body), or flags.
#[derive(Debug, Clone, Args)]
pub struct AnswerArgs {
    /// A JSON file holding the answer as the admin API takes it.
    #[arg(long, conflicts_with_all = ["questions", "replies", "citations"])]
    file: Option<PathBuf>,
    /// A question it answers (repeat for several).
    #[arg(long = "question")]
    questions: Vec<String>,
    /// Its reply as LANG:TEXT, e.g. "en:Yes, we do." (repeat for other languages; the first is
    /// given when the visitor's language has none).
    #[arg(long = "reply")]
    replies: Vec<String>,
    /// URL of a page of the site it cites (repeat for several).
    #[arg(long = "cite")]
    citations: Vec<String>,
}

impl AnswerArgs {
    fn input(self) -> Result<ApprovedAnswerInput> {
        if let Some(file) = self.file {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            return serde_json::from_str(&text)
                .with_context(|| format!("{} is not an approved answer", file.display()));
        }
        if self.questions.is_empty() || self.replies.is_empty() {
            bail!("give --question and --reply LANG:TEXT, or --file");
        }
        let replies = self
            .replies
            .iter()
            .map(|reply| {
                let (language, text) = reply
                    .split_once(':')
                    .context("a reply is LANG:TEXT, e.g. \"en:Yes, we do.\"")?;
                Ok(ApprovedReplyText {
                    language: language.trim().to_owned(),
                    text: text.trim().to_owned(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ApprovedAnswerInput {
            questions: self.questions,
            replies,
            citations: self.citations,
            enabled: true,
            origin: AnswerOrigin::Written,
        })
    }
}

/// Runs an approved-answer command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: AnswersCommand,
) -> Result<()> {
    match command {
        AnswersCommand::List { site } => {
            let caller = operator(sotto, &site).await?;
            print_json(&sotto.approved_answers(&caller, &site).await?)
        }
        AnswersCommand::Add { site, answer } => {
            let caller = operator(sotto, &site).await?;
            let input = answer.input()?;
            print_json(&sotto.create_approved_answer(&caller, &site, &input).await?)
        }
        AnswersCommand::Edit { site, id, answer } => {
            let caller = operator(sotto, &site).await?;
            let stored = stored(sotto, &caller, &site, &id).await?;
            let mut input = answer.input()?;
            if input.origin == AnswerOrigin::Written {
                input.origin = stored.origin;
            }
            input.enabled = stored.enabled;
            print_json(
                &sotto
                    .update_approved_answer(&caller, &site, &id, &input)
                    .await?,
            )
        }
        AnswersCommand::Off { site, id } => switch(sotto, &site, &id, false).await,
        AnswersCommand::On { site, id } => switch(sotto, &site, &id, true).await,
        AnswersCommand::Delete { site, id } => {
            let caller = operator(sotto, &site).await?;
            sotto.delete_approved_answer(&caller, &site, &id).await?;
            eprintln!("Deleted approved answer {id}.");
            Ok(())
        }
    }
}

/// `sotto answers off|on`.
async fn switch<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    site: &SiteId,
    id: &str,
    enabled: bool,
) -> Result<()> {
    let caller = operator(sotto, site).await?;
    stored(sotto, &caller, site, id).await?;
    print_json(
        &sotto
            .set_approved_answer_enabled(&caller, site, id, enabled)
            .await?,
    )
}

/// The stored answer `id` of `site`, or the one line saying there is none.
async fn stored<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    caller: &Caller,
    site: &SiteId,
    id: &str,
) -> Result<ApprovedAnswerView> {
    sotto
        .approved_answers(caller, site)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .with_context(|| format!("site {site} has no approved answer {id}"))
}
