//! Chat turns through the real HTTP stack on loopback, in one run:
//! - on SQLite with pseudonymization and encryption on, then off (a benchmark-only build flag),
//!   and their ratio;
//! - when `SOTTO_TEST_POSTGRES_URL` is set, on PostgreSQL with one node, then with two nodes
//!   on the same database (each visitor's turns alternate between the nodes).
//!
//! Prints turns/s, p50 and p99. `cargo bench -p sotto-server --bench chat_turns`.
//! Environment: `SOTTO_BENCH_TURNS` (default 4000 per run), `SOTTO_BENCH_CONCURRENCY`
//! (default 16 concurrent visitors), `SOTTO_BENCH_ROUNDS` (default 2; the best round counts).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{TestServer, drop_postgres_stores, postgres_stores};
use sotto_app::chat::sealing::Privacy;

const QUESTIONS: &[&str] = &[
    "How long does delivery to Finland take?",
    "Can I return a pot?",
    "What are your opening hours?",
    "How much is the monthly plant box?",
    "Which plants are safe for cats?",
    "Do you accept PayPal?",
    "Hello!",
    "Do you sell bananas?",
];

struct Run {
    turns_per_second: f64,
    p50: Duration,
    p99: Duration,
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Drives `turns` chat turns from `concurrency` visitors against the nodes at `bases`.
async fn drive(bases: &[String], turns: usize, concurrency: usize) -> Run {
    let urls: Vec<String> = bases
        .iter()
        .map(|b| format!("{b}/api/v1/sites/demo/messages"))
        .collect();
    let client = reqwest::Client::new();

    let per_visitor = turns / concurrency;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for visitor_index in 0..concurrency {
        let (client, urls) = (client.clone(), urls.clone());
        tasks.push(tokio::spawn(async move {
            let visitor = uuid::Uuid::new_v4().to_string();
            let mut conversation = serde_json::Value::Null;
            let mut latencies = Vec::with_capacity(per_visitor);
            for turn in 0..per_visitor {
                if turn % 10 == 0 {
                    conversation = serde_json::Value::Null;
                }
                let text = QUESTIONS[(visitor_index + turn) % QUESTIONS.len()];
                let body = serde_json::json!({"text": text, "conversation_id": conversation, "page_url": "http://127.0.0.1/demo/"});
                let sent = Instant::now();
                let reply: serde_json::Value = client
                    .post(&urls[(visitor_index + turn) % urls.len()])
                    .header("sotto-visitor", &visitor)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                latencies.push(sent.elapsed());
                conversation = reply["conversation_id"].clone();
                assert!(conversation.is_string(), "{reply}");
            }
            latencies
        }));
    }
    let mut latencies = Vec::with_capacity(turns);
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Run {
        turns_per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    }
}

/// One SQLite server in the given privacy mode, driven once.
async fn run_sqlite(privacy: Privacy, turns: usize, concurrency: usize) -> Run {
    let server = TestServer::start_with(privacy).await;
    let run = drive(std::slice::from_ref(&server.base), turns, concurrency).await;
    server.stop().await;
    run
}

fn best(runs: Vec<Run>) -> Run {
    runs.into_iter()
        .max_by(|a, b| a.turns_per_second.total_cmp(&b.turns_per_second))
        .expect("at least one round")
}

fn print(label: &str, run: &Run) {
    println!(
        "  {label:<22}: {:>7.0} turns/s   p50 {:>6.2} ms   p99 {:>6.2} ms",
        run.turns_per_second,
        run.p50.as_secs_f64() * 1e3,
        run.p99.as_secs_f64() * 1e3
    );
}

fn main() {
    let turns = env_number("SOTTO_BENCH_TURNS", 4000);
    let concurrency = env_number("SOTTO_BENCH_CONCURRENCY", 16).max(1);
    let rounds = env_number("SOTTO_BENCH_ROUNDS", 2).max(1);
    let postgres = std::env::var("SOTTO_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (mut on, mut off, mut pg_one, mut pg_two) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    runtime.block_on(async {
        run_sqlite(Privacy::On, turns / 10, concurrency).await;
        for _ in 0..rounds {
            on.push(run_sqlite(Privacy::On, turns, concurrency).await);
            off.push(run_sqlite(Privacy::OffForBenchmarks, turns, concurrency).await);
        }
        if let Some(server) = &postgres {
            let stores = postgres_stores(server).await;
            let node_a = TestServer::start_on(stores.clone()).await;
            let node_b = node_a.another_node().await;
            let bases = [node_a.base.clone(), node_b.base.clone()];
            drive(&bases[..1], turns / 10, concurrency).await;
            for _ in 0..rounds {
                pg_one.push(drive(&bases[..1], turns, concurrency).await);
                pg_two.push(drive(&bases, turns, concurrency).await);
            }
            node_b.stop().await;
            node_a.stop().await;
            drop_postgres_stores(&stores).await;
        }
    });
    println!(
        "chat turns over HTTP on loopback, demo site, {turns} turns x best of {rounds}, {concurrency} concurrent visitors"
    );
    let (on, off) = (best(on), best(off));
    print("SQLite, privacy on", &on);
    print("SQLite, privacy off", &off);
    let ratio = on.turns_per_second / off.turns_per_second;
    println!(
        "  ratio on/off: {ratio:.3} (privacy costs {:.1} % of throughput)",
        (1.0 - ratio) * 100.0
    );
    if postgres.is_some() {
        print("PostgreSQL, one node", &best(pg_one));
        print("PostgreSQL, two nodes", &best(pg_two));
    } else {
        println!("  PostgreSQL: skipped (SOTTO_TEST_POSTGRES_URL is not set)");
    }
}
