//! Scores the detectors on the labelled chat messages of `eval/pii/chat-messages.jsonl` and
//! `eval/pii/handwritten.jsonl`, and holds them to the goals: F1 at least 0.95 on every
//! checksum-backed type, 0.85 on PERSON and DATE_OF_BIRTH, 0.80 on the others.
//! `cargo test -p sotto-pii --test eval -- --nocapture` prints the tables.
//!
//! A prediction counts as a true positive when a labelled entity of the same type overlaps
//! it; each labelled entity is matched at most once.

use std::collections::BTreeMap;

use serde::Deserialize;
use sotto_pii::{Detector, EntityType};

#[derive(Deserialize)]
struct Labelled {
    lang: String,
    text: String,
    entities: Vec<Gold>,
}

#[derive(Deserialize)]
struct Gold {
    #[serde(rename = "type")]
    kind: EntityType,
    start: usize,
    end: usize,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    true_positives: u32,
    false_positives: u32,
    false_negatives: u32,
}

impl Counts {
    fn precision(self) -> f64 {
        let found = self.true_positives + self.false_positives;
        if found == 0 {
            1.0
        } else {
            f64::from(self.true_positives) / f64::from(found)
        }
    }
    fn recall(self) -> f64 {
        let labelled = self.true_positives + self.false_negatives;
        if labelled == 0 {
            1.0
        } else {
            f64::from(self.true_positives) / f64::from(labelled)
        }
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// The messages of one labelled file of `eval/pii/`.
fn load(file: &str) -> Vec<Labelled> {
    let path = format!("{}/../../eval/pii/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .expect("the labelled set is in the repository")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a labelled line"))
        .collect()
}

/// Per-type counts over `messages`, and a line for each miss.
fn score(messages: &[Labelled]) -> (BTreeMap<EntityType, Counts>, Vec<String>) {
    let detector = Detector::default();
    let mut counts: BTreeMap<EntityType, Counts> = BTreeMap::new();
    let mut misses = Vec::new();
    for message in messages {
        let predicted = detector.detect(&message.text);
        let mut matched = vec![false; message.entities.len()];
        for entity in &predicted {
            let hit = message.entities.iter().enumerate().find(|(i, gold)| {
                !matched[*i]
                    && gold.kind == entity.kind
                    && gold.start < entity.end
                    && entity.start < gold.end
            });
            let slot = counts.entry(entity.kind).or_default();
            match hit {
                Some((i, _)) => {
                    matched[i] = true;
                    slot.true_positives += 1;
                }
                None => {
                    slot.false_positives += 1;
                    misses.push(format!(
                        "FP {:?} [{}] {}",
                        entity.kind, message.lang, message.text
                    ));
                }
            }
        }
        for (gold, found) in message.entities.iter().zip(&matched) {
            if !found {
                counts.entry(gold.kind).or_default().false_negatives += 1;
                misses.push(format!(
                    "FN {:?} [{}] {}",
                    gold.kind, message.lang, message.text
                ));
            }
        }
    }
    (counts, misses)
}

/// Prints the table of one set, then its misses.
fn report(
    title: &str,
    messages: &[Labelled],
    counts: &BTreeMap<EntityType, Counts>,
    misses: &[String],
) {
    println!("{title}: {} messages", messages.len());
    println!("| type | labelled | precision | recall | F1 |");
    println!("|---|---|---|---|---|");
    for (kind, c) in counts {
        println!(
            "| {} | {} | {:.3} | {:.3} | {:.3} |",
            kind.as_str(),
            c.true_positives + c.false_negatives,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    for miss in misses {
        println!("{miss}");
    }
}

/// The goal of each type: the goals for the checksum-backed types (0.95), PERSON and
/// DATE_OF_BIRTH (0.85); for the others, which have no goal, a floor against regressions.
fn goal(kind: EntityType) -> f64 {
    match kind {
        EntityType::Iban | EntityType::CreditCard | EntityType::NationalId => 0.95,
        EntityType::Person | EntityType::DateOfBirth => 0.85,
        _ => 0.80,
    }
}

#[test]
fn detectors_meet_their_goals_on_the_labelled_sets() {
    let generated = load("chat-messages.jsonl");
    let handwritten = load("handwritten.jsonl");
    assert!(generated.len() >= 400, "at least 400 generated messages");
    let (generated_counts, generated_misses) = score(&generated);
    let (handwritten_counts, handwritten_misses) = score(&handwritten);
    report(
        "generated",
        &generated,
        &generated_counts,
        &generated_misses,
    );
    report(
        "hand-written",
        &handwritten,
        &handwritten_counts,
        &handwritten_misses,
    );
    for (kind, c) in generated_counts.iter().chain(&handwritten_counts) {
        assert!(
            c.f1() >= goal(*kind),
            "{}: F1 {:.3} under the goal {}",
            kind.as_str(),
            c.f1(),
            goal(*kind)
        );
    }
}
