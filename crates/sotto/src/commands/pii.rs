//! `sotto pii scan|redact`: personal-data detection over JSON Lines, so that any labelled set
//! can be scored and any text redacted with the same detectors the server uses.

use std::io::{BufRead, Write};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sotto_pii::{Detector, Entity, Policy};

/// Personal-data commands; they read no configuration and touch no store.
#[derive(Debug, clap::Subcommand)]
pub enum PiiCommand {
    /// Writes `{"id":…,"entities":[{"type","start","end","score"}]}` per line (offsets in
    /// Unicode characters, end exclusive).
    Scan,
    /// Writes `{"id":…,"text":…}` per line, with every entity replaced by `[TYPE]`.
    Redact,
}

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
    let detector = Detector::default();
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
        match command {
            PiiCommand::Scan => {
                let entities = detector.detect(&input.text);
                serde_json::to_writer(
                    &mut stdout,
                    &Scanned {
                        id: &input.id,
                        entities: &entities,
                    },
                )?;
            }
            PiiCommand::Redact => {
                let applied = detector.redact(&input.text, &policy);
                serde_json::to_writer(
                    &mut stdout,
                    &Redacted {
                        id: &input.id,
                        text: &applied.text,
                    },
                )?;
            }
        }
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(())
}
