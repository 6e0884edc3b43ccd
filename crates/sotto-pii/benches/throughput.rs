//! Detection throughput on chat-like text, single thread: MB/s at 1 KB, 100 KB and 10 MB, so
//! that the cost is seen to grow linearly with the input; and on the messages one at a time,
//! as the chat turn sees them, so that the fixed cost of a call shows too.
//!
//! `cargo bench -p sotto-pii --bench throughput`

use std::hint::black_box;
use std::time::Instant;

use sotto_pii::Detector;

/// Chat messages in four languages, most without personal data, some with.
const MESSAGES: &[&str] = &[
    "Hi! Do you deliver to Finland, and how long does it take?",
    "Bonjour, je voudrais savoir si le Monstera est encore disponible en grande taille.",
    "Hallo, wie lange dauert die Lieferung nach Berlin? Meine Nummer ist 0170 1234567.",
    "Moi, onko teillä lahjakortteja? Nimeni on Matti Meikäläinen.",
    "My email is anna.virtanen@example.fi, please send the invoice there.",
    "Can I pay by bank transfer? IBAN DE89 3704 0044 0532 0130 00.",
    "What is the price of the ceramic pot? The website says 24,90 € but the shop said 19 €.",
    "I ordered on 12.03.2025, order number 100234567, and nothing has arrived yet.",
    "Je suis née le 3 mars 1990 et j'habite 12 rue de la Paix, 75002 Paris.",
    "Thanks a lot for the help!\nBest regards,\nPeter Jones",
    "Is the showroom open on Sundays? We would like to come with the kids around 14:00.",
    "Ich möchte meine Bestellung stornieren, bitte. Mit freundlichen Grüßen, Klaus Weber",
];

fn corpus(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(MESSAGES[i % MESSAGES.len()]);
        text.push('\n');
        i += 1;
    }
    text
}

fn main() {
    let detector = Detector::default();
    println!("| input | runs | MB/s | entities |");
    println!("|---|---|---|---|");
    let mut rates = Vec::new();
    for (name, size, runs) in [
        ("1 KB", 1_000, 20_000),
        ("100 KB", 100_000, 200),
        ("10 MB", 10_000_000, 3),
    ] {
        let text = corpus(size);
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
    one_message_at_a_time(&detector);
}

/// Each message detected on its own, as in a chat turn.
fn one_message_at_a_time(detector: &Detector) {
    const ROUNDS: usize = 20_000;
    let bytes: usize = MESSAGES.iter().map(|m| m.len()).sum();
    let started = Instant::now();
    for _ in 0..ROUNDS {
        for message in MESSAGES {
            black_box(detector.detect(black_box(message)));
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let calls = ROUNDS * MESSAGES.len();
    println!(
        "one message at a time ({} bytes on average): {:.1} MB/s, {:.2} µs per message",
        bytes / MESSAGES.len(),
        (bytes * ROUNDS) as f64 / seconds / 1e6,
        seconds / calls as f64 * 1e6
    );
}
