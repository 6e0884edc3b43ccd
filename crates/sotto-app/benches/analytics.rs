//! The cost of the improvement analytics on SQLite, in one run: the demo site answers
//! `SOTTO_BENCH_VISITORS` visitors (default 1,000) two questions each, some it cannot
//! answer; then the analytics are computed several times (every message of the period is
//! opened and every unanswered question redacted and grouped). Prints the median computation,
//! its cost per question, and its ratio to one chat turn measured in the same run.
//!
//! `cargo bench -p sotto-app --bench analytics`

use std::time::{Duration, Instant};

use sotto_app::chat::turn::VisitorMessage;
use sotto_app::team::access::Caller;
use sotto_app::{Config, SqliteSotto};
use sotto_core::VisitorId;

const QUESTIONS: &[&str] = &[
    "How long does delivery to Finland take?",
    "Do you sell gift vouchers?",
    "Can I return a pot?",
    "Are gift vouchers on sale? Write to me at ana@example.com",
    "Which plants are safe for cats?",
    "Do you sell bananas?",
];
/// Computations timed.
const ROUNDS: usize = 5;

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let visitors: usize = std::env::var("SOTTO_BENCH_VISITORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        data_dir: dir.path().join("data"),
        ..Config::default()
    };
    let sotto = SqliteSotto::open(&config).await.unwrap();
    let demo = sotto.ensure_demo().await.unwrap();
    let site = sotto.open_site(&demo.site_id).await.unwrap();

    let mut turns = Vec::with_capacity(visitors * 2);
    for v in 0..visitors {
        let visitor = VisitorId::random();
        let mut conversation = None;
        for q in 0..2 {
            let text = QUESTIONS[(v + q * 3) % QUESTIONS.len()];
            let started = Instant::now();
            let reply = sotto
                .send_message(
                    &site,
                    &visitor,
                    VisitorMessage {
                        text: text.into(),
                        conversation_id: conversation,
                        page_url: None,
                    },
                )
                .await
                .unwrap();
            turns.push(started.elapsed());
            conversation = Some(reply.conversation_id);
        }
    }

    let team = Caller::operator(demo.tenant_id);
    let mut computations = Vec::with_capacity(ROUNDS);
    let mut questions = 0;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let analytics = sotto.team_analytics(&team, None).await.unwrap();
        computations.push(started.elapsed());
        questions = analytics.questions;
        assert!(!analytics.groups.is_empty());
    }
    assert_eq!(questions, visitors * 2);
    let computation = median(computations);
    let turn = median(turns);
    println!(
        "analytics over {questions} questions in {visitors} conversations: median {:.1} ms over {ROUNDS} computations ({:.1} µs per question)",
        computation.as_secs_f64() * 1e3,
        computation.as_secs_f64() * 1e6 / questions as f64,
    );
    println!(
        "one chat turn, same run: median {:.2} ms",
        turn.as_secs_f64() * 1e3
    );
    println!(
        "analytics / chat turn: {:.0} (one page of analytics costs as much as that many turns)",
        computation.as_secs_f64() / turn.as_secs_f64()
    );
}
