//! Two `sotto serve` processes on one PostgreSQL: a conversation started on node A continues
//! on node B, and knowledge imported while both run is answered by both (each node rebuilds its
//! own index when the stored knowledge version changes), and a retention sweep runs on one
//! process at a time through an advisory lock. Needs `SOTTO_TEST_POSTGRES_URL`;
//! prints that it was skipped without it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

use serde_json::{Value, json};
use sotto_store_postgres::scratch::ScratchStores;

const MASTER_KEY: &str = "4f1c2a9e5b1d4c3e9a7f0d2b8e4c6a114f1c2a9e5b1d4c3e9a7f0d2b8e4c6a11";

/// The environment of every process of one test: two fresh schemas (an owner role's, used
/// through a plain application role) and a shared master key.
struct Cluster {
    env: Vec<(String, String)>,
    scratch: ScratchStores,
    dir: tempfile::TempDir,
}

impl Cluster {
    /// The schemas are migrated by `sotto migrate` with the owner's URLs, as an operator would.
    async fn new(server: &str) -> Self {
        let scratch = ScratchStores::create_unmigrated(server, "nodes")
            .await
            .unwrap();
        let env = vec![
            ("SOTTO_MASTER_KEY".to_owned(), MASTER_KEY.to_owned()),
            (
                "SOTTO_MAIN_DATABASE_URL".to_owned(),
                scratch.main_url.clone(),
            ),
            (
                "SOTTO_CONVERSATION_DATABASE_URL".to_owned(),
                scratch.conversations_url.clone(),
            ),
        ];
        let cluster = Self {
            env,
            scratch,
            dir: tempfile::tempdir().unwrap(),
        };
        let refused = cluster.command("cli").arg("migrate").output().unwrap();
        assert!(
            !refused.status.success(),
            "the application role cannot create the tables"
        );
        let refused = String::from_utf8_lossy(&refused.stderr);
        assert!(refused.contains("sotto migrate"), "{refused}");
        let versions = cluster.cli(&[
            "migrate",
            "--main-owner-url",
            &cluster.scratch.main_owner_url,
            "--conversation-owner-url",
            &cluster.scratch.conversations_owner_url,
        ]);
        assert!(versions.to_string().contains("main"), "{versions}");
        cluster
    }

    /// Drops the test's schemas and roles once it passed (a failed test leaves them for
    /// inspection).
    async fn drop_schemas(&self) {
        self.scratch.drop().await.unwrap();
    }

    fn command(&self, node: &str) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sotto"));
        command
            .arg("--data-dir")
            .arg(self.dir.path().join(node))
            .envs(self.env.iter().cloned());
        command
    }

    fn cli(&self, args: &[&str]) -> Value {
        let output: Output = self.command("cli").args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    /// Starts `sotto serve` on a free port and returns the process and its base URL.
    fn serve(&self, node: &str) -> (Node, String) {
        let mut child = self
            .command(node)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line.trim().rsplit(' ').next().unwrap().to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{line}");
        (Node(child), base)
    }
}

/// A server process, killed on drop.
struct Node(Child);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// While a job lock is held (here by the test, as another node would), `sotto retention sweep`
/// steps aside; once released it sweeps.
async fn retention_sweeps_run_on_one_process_at_a_time(cluster: &Cluster) {
    use sotto_store::{ConversationStore, Job};
    let url = &cluster
        .env
        .iter()
        .find(|(name, _)| name == "SOTTO_CONVERSATION_DATABASE_URL")
        .unwrap()
        .1;
    let other_node = sotto_store_postgres::PgConversationStore::connect(url)
        .await
        .unwrap();
    let mut held = None;
    for _ in 0..250 {
        held = other_node.try_lock_job(Job::RetentionSweep).await.unwrap();
        if held.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let held = held.expect("the nodes' own sweeps end and free the lock");
    assert_eq!(
        cluster.cli(&["retention", "sweep"]),
        json!({"status": "skipped"})
    );
    other_node.unlock_job(held).await.unwrap();
    other_node.close().await;
    assert_eq!(
        cluster.cli(&["retention", "sweep"]),
        json!({"status": "swept", "conversations": 0, "visitors": 0, "stray_keys": 0, "page_versions": 0}),
        "nothing has outlived two years"
    );
}

async fn ask(base: &str, visitor: &str, text: &str, conversation: &Value) -> Value {
    let reply = reqwest::Client::new()
        .post(format!("{base}/api/v1/sites/nodes/messages"))
        .header("sotto-visitor", visitor)
        .json(&json!({"text": text, "conversation_id": conversation}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    reply.json().await.unwrap()
}

#[tokio::test]
async fn two_nodes_share_conversations_and_knowledge() {
    let Some(server) = std::env::var("SOTTO_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        println!("skipped: SOTTO_TEST_POSTGRES_URL is not set");
        return;
    };
    let cluster = Cluster::new(&server).await;
    let tenant = cluster.cli(&["tenant", "create", "--name", "Nodes Oy"]);
    cluster.cli(&[
        "site",
        "create",
        "--tenant",
        tenant["tenant_id"].as_str().unwrap(),
        "--origin",
        "https://nodes.example",
        "--id",
        "nodes",
    ]);
    let content = cluster.dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("shipping.md"),
        "# Shipping\n\nWe ship to Finland in three working days.",
    )
    .unwrap();
    cluster.cli(&[
        "site",
        "import",
        "--site",
        "nodes",
        "--base-url",
        "https://nodes.example",
        content.to_str().unwrap(),
    ]);

    let (a, node_a) = cluster.serve("node-a");
    let (b, node_b) = cluster.serve("node-b");
    let visitor = uuid::Uuid::new_v4().to_string();

    let first = ask(&node_a, &visitor, "Do you ship to Finland?", &Value::Null).await;
    assert!(
        first["message"]["text"]
            .as_str()
            .unwrap()
            .contains("three working days"),
        "{first}"
    );
    let conversation = first["conversation_id"].clone();
    let unknown_yet = ask(
        &node_b,
        &visitor,
        "How much does the gift wrapping cost?",
        &conversation,
    )
    .await;
    assert_eq!(
        unknown_yet["conversation_id"], conversation,
        "node B continues node A's conversation"
    );
    assert!(
        unknown_yet["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("I don't know"),
        "{unknown_yet}"
    );

    std::fs::write(
        content.join("gifts.md"),
        "# Gift wrapping\n\nGift wrapping costs 3 euros per parcel.",
    )
    .unwrap();
    let report = cluster.cli(&[
        "site",
        "import",
        "--site",
        "nodes",
        "--base-url",
        "https://nodes.example",
        content.to_str().unwrap(),
    ]);
    assert_eq!(report["knowledge_version"], 2);

    for node in [&node_a, &node_b] {
        let reply = ask(
            node,
            &visitor,
            "How much does the gift wrapping cost?",
            &conversation,
        )
        .await;
        assert!(
            reply["message"]["text"]
                .as_str()
                .unwrap()
                .contains("3 euros"),
            "{node}: {reply}"
        );
        assert_eq!(
            reply["message"]["citations"][0]["url"],
            "https://nodes.example/gifts"
        );
    }

    let history: Value = reqwest::Client::new()
        .get(format!("{node_b}/api/v1/sites/nodes/me/conversations"))
        .header("sotto-visitor", &visitor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let messages = history["conversations"][0]["messages"].as_array().unwrap();
    assert_eq!(
        messages.len(),
        8,
        "all four turns, from both nodes, decrypt on node B"
    );
    assert_eq!(messages[0]["text"], "Do you ship to Finland?");

    retention_sweeps_run_on_one_process_at_a_time(&cluster).await;
    drop((a, b));
    cluster.drop_schemas().await;
}
