//! `sotto pii scan|redact`: personal-data detection over JSON Lines, so that any labelled set
//! can be scored and any text redacted with the same detectors the server uses.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sotto_knowledge::visitor_data::visitor_entities;
use sotto_knowledge::{IndexRegistry, Language, SiteIndex};
use sotto_pii::{Detector, Entity, Policy, apply};

/// Personal-data commands; they read no configuration and touch no store.
#[derive(Debug, clap::Subcommand)]
pub enum PiiCommand {
    /// Writes `{"id":…,"entities":[{"type","start","end","score"}]}` per line (offsets in
    /// Unicode characters, end exclusive).
    Scan(SiteContext),
    /// Writes `{"id":…,"text":…}` per line, with every entity replaced by `[TYPE]`.
    Redact(SiteContext),
}

/// Detection with or without a site, as the chat turn does it with one.
#[derive(Debug, clap::Args)]
pub struct SiteContext {
    /// A folder of the site's pages (HTML or Markdown, as `sotto site import` reads them):
    /// the names, numbers and addresses the site prints about itself are then not the
    /// visitor's personal data, as in a chat turn. Without it every entity is reported.
    #[arg(long, value_name = "FOLDER")]
    site: Option<PathBuf>,
    /// The language of the site's pages (en, fr, de, nl, fi, es, it).
    #[arg(long, default_value = "en", requires = "site")]
    language: String,
}

impl SiteContext {
    /// The site's index, built in a temporary folder that lives as long as the index is used.
    fn index(&self) -> Result<Option<(tempfile::TempDir, Arc<SiteIndex>)>> {
        let Some(folder) = &self.site else {
            return Ok(None);
        };
        let language = Language::from_tag(&self.language)
            .with_context(|| format!("unsupported language {:?}", self.language))?;
        let pages = sotto_knowledge::import::import_folder(folder, Some(SITE_URL), |_, _| {})
            .with_context(|| format!("cannot read the pages of {}", folder.display()))?;
        anyhow::ensure!(!pages.is_empty(), "no page under {}", folder.display());
        let scratch = tempfile::tempdir().context("cannot create a temporary index folder")?;
        let index = IndexRegistry::new(scratch.path())
            .rebuild("scan", language, 1, &pages)
            .context("cannot index the site's pages")?;
        Ok(Some((scratch, index)))
    }
}

/// Where pages without a declared address are taken to live; only their text matters here.
const SITE_URL: &str = "https://site.invalid";

#[derive(Deserialize)]
struct Input {
    id: Value,
    text: String,
}

#[derive(Serialize)]
struct Scanned<'a> {
    id: &'a Value,
    entities: &'a [Entity],
}

#[derive(Serialize)]
struct Redacted<'a> {
    id: &'a Value,
    text: &'a str,
}

/// Reads stdin line by line and writes one result line per input line.
pub fn run(command: &PiiCommand) -> Result<()> {
    let (PiiCommand::Scan(context) | PiiCommand::Redact(context)) = command;
    let site = context.index()?;
    let detector = Detector::default();
    let entities_of = |text: &str| match &site {
        Some((_, index)) => visitor_entities(&detector, index, text),
        None => detector.detect(text),
    };
    let policy = Policy::redact_all();
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for (number, line) in stdin.lines().enumerate() {
        let line = line.context("cannot read standard input")?;
        if line.trim().is_empty() {
            continue;
        }
        let input: Input = serde_json::from_str(&line).with_context(|| {
            format!("line {}: expected {{\"id\":…,\"text\":\"…\"}}", number + 1)
        })?;
        let entities = entities_of(&input.text);
        match command {
            PiiCommand::Scan(_) => serde_json::to_writer(
                &mut stdout,
                &Scanned {
                    id: &input.id,
                    entities: &entities,
                },
            )?,
            PiiCommand::Redact(_) => serde_json::to_writer(
                &mut stdout,
                &Redacted {
                    id: &input.id,
                    text: &apply(&input.text, &entities, &policy).text,
                },
            )?,
        }
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(())
}
