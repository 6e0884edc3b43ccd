//! Detection throughput, single thread, on varied multilingual chat messages: thousands of
//! distinct messages in ten languages, with accents and emoji, so that automata built lazily
//! for one message do not hide the cost of the next (twelve messages repeated did: they ran at
//! 60 MB/s while real messages ran at 2 MB/s).
//!
//! Printed: each message detected on its own, as a chat turn sees it; the `sotto pii scan`
//! loop (a JSON line parsed, detected, written) over 10 MB of them; and one text of 1 KB,
//! 100 KB and 10 MB, so that the cost is seen to grow linearly with the input.
//!
//! `cargo bench -p sotto-pii --bench throughput`

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use serde_json::Value;
use sotto_pii::Detector;

/// The labelled sets whose texts make the corpus (the held-out half of the blind set is left
/// out: it is read for nothing but its measurement).
const SOURCES: &[&str] = &[
    "eval/pii/chat-messages.jsonl",
    "eval/pii/handwritten.jsonl",
    "eval/pii/blind/dev.jsonl",
];

/// Mixed into some messages, as visitors type them.
const EMOJI: &[&str] = &["🙂", "👍", "🙏", "😅", "❤️", "🎉", "🤔", "😊"];

/// How many variants each source message yields (itself joined with another message).
const VARIANTS: usize = 4;

fn main() {
    let messages = corpus();
    let distinct: std::collections::HashSet<&String> = messages.iter().collect();
    let bytes: usize = messages.iter().map(String::len).sum();
    println!(
        "corpus: {} messages ({} distinct), {} bytes on average, {} with non-ASCII text",
        messages.len(),
        distinct.len(),
        bytes / messages.len(),
        messages.iter().filter(|m| !m.is_ascii()).count()
    );
    let detector = Detector::default();
    one_message_at_a_time(&detector, &messages);
    scan_loop(&detector, &messages);
    one_text(&detector, &messages);
}

/// The texts of [`SOURCES`], each joined with others into [`VARIANTS`] distinct messages.
fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut texts = Vec::new();
    for source in SOURCES {
        let lines = std::fs::read_to_string(root.join(source)).expect("labelled set present");
        for line in lines.lines().filter(|l| !l.trim().is_empty()) {
            let row: Value = serde_json::from_str(line).expect("JSON line");
            texts.push(row["text"].as_str().expect("text").to_owned());
        }
    }
    let count = texts.len();
    let mut messages = Vec::with_capacity(count * VARIANTS);
    for (i, text) in texts.iter().enumerate() {
        for k in 0..VARIANTS {
            let other = &texts[(i * 31 + k * 97 + 1) % count];
            let emoji = EMOJI[(i + k) % EMOJI.len()];
            messages.push(match k {
                0 => text.clone(),
                1 => format!("{text} {emoji}"),
                2 => format!("{text}\n{other}"),
                _ => format!("{other} {emoji} {text}"),
            });
        }
    }
    messages
}

/// Each message detected on its own, as in a chat turn: the first pass over the corpus (when
/// the regexes' lazy DFAs build their states), then the passes after it, as a server that has
/// run for a while sees them.
fn one_message_at_a_time(detector: &Detector, messages: &[String]) {
    const ROUNDS: usize = 5;
    let bytes: usize = messages.iter().map(String::len).sum();
    let started = Instant::now();
    for message in messages {
        black_box(detector.detect(black_box(message)));
    }
    println!(
        "first pass, one message at a time: {:.1} MB/s",
        bytes as f64 / started.elapsed().as_secs_f64() / 1e6
    );
    let started = Instant::now();
    let mut found = 0;
    for _ in 0..ROUNDS {
        found = 0;
        for message in messages {
            found += black_box(detector.detect(black_box(message))).len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "one message at a time: {:.1} MB/s, {:.1} µs per message, {found} entities",
        (bytes * ROUNDS) as f64 / seconds / 1e6,
        seconds / (ROUNDS * messages.len()) as f64 * 1e6
    );
}

/// What `sotto pii scan` does per line (parse, detect, write JSON), over 10 MB of lines.
fn scan_loop(detector: &Detector, messages: &[String]) {
    let mut input = String::new();
    let mut id = 0;
    while input.len() < 10_000_000 {
        let text = &messages[id % messages.len()];
        input.push_str(&serde_json::json!({ "id": id, "text": text }).to_string());
        input.push('\n');
        id += 1;
    }
    let mut output = Vec::with_capacity(input.len());
    let started = Instant::now();
    for line in input.lines() {
        let row: Value = serde_json::from_str(line).expect("JSON line");
        let entities = detector.detect(row["text"].as_str().expect("text"));
        serde_json::to_writer(
            &mut output,
            &serde_json::json!({ "id": row["id"], "entities": entities }),
        )
        .expect("written");
        output.push(b'\n');
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "scan loop over {id} lines: {:.1} MB/s",
        input.len() as f64 / seconds / 1e6
    );
}

/// The messages joined into one text of growing size.
fn one_text(detector: &Detector, messages: &[String]) {
    println!("| one text | runs | MB/s | entities |");
    println!("|---|---|---|---|");
    let mut rates = Vec::new();
    for (name, size, runs) in [
        ("1 KB", 1_000, 2_000),
        ("100 KB", 100_000, 20),
        ("10 MB", 10_000_000, 1),
    ] {
        let mut text = String::with_capacity(size + 2_000);
        for message in messages.iter().cycle() {
            if text.len() >= size {
                break;
            }
            text.push_str(message);
            text.push('\n');
        }
        let mut found = 0;
        let started = Instant::now();
        for _ in 0..runs {
            found = black_box(detector.detect(black_box(&text))).len();
        }
        let seconds = started.elapsed().as_secs_f64();
        let rate = (text.len() * runs) as f64 / seconds / 1e6;
        rates.push(rate);
        println!("| {name} | {runs} | {rate:.1} | {found} |");
    }
    println!(
        "10 MB rate / 1 KB rate: {:.2} (1.00 = perfectly linear)",
        rates[2] / rates[0]
    );
}
