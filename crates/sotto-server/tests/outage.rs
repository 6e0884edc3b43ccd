//! The database going away under a running server, without touching the shared PostgreSQL
//! server: the node reaches PostgreSQL through a TCP proxy that the test starts, cuts (every
//! open connection dropped, new ones refused) and restores. While it is cut, turns (those in
//! flight and those sent after) answer `503` with `Retry-After` and nothing else, and
//! `/healthz` says the stores are down; once it is back the node recovers by itself, and every
//! turn it acknowledged is stored. Needs `SOTTO_TEST_POSTGRES_URL`.

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::{Stores, TestServer, ask, my_conversations, visitor};
use reqwest::StatusCode;
use serde_json::json;
use sotto_store_postgres::scratch::ScratchStores;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

/// A TCP proxy to the database that can be cut and restored.
struct Proxy {
    addr: SocketAddr,
    cut: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<AbortHandle>>>,
}

impl Proxy {
    async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let cut = Arc::new(AtomicBool::new(false));
        let links: Arc<Mutex<Vec<AbortHandle>>> = Arc::default();
        let (is_cut, open) = (cut.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if is_cut.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let link = tokio::spawn(async move {
                    if let Ok(mut database) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut database).await;
                    }
                });
                open.lock().unwrap().push(link.abort_handle());
            }
        });
        Self { addr, cut, links }
    }

    /// Drops every open connection and refuses new ones, as a database that went away.
    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    /// Lets connections through again.
    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }

    /// `url` with its host and port replaced by the proxy's.
    fn route(&self, url: &str) -> String {
        let mut url = url::Url::parse(url).unwrap();
        url.set_host(Some(&self.addr.ip().to_string())).unwrap();
        url.set_port(Some(self.addr.port())).unwrap();
        url.to_string()
    }
}

/// The address of the PostgreSQL server in `url`.
async fn database_address(url: &str) -> SocketAddr {
    let url = url::Url::parse(url).unwrap();
    let host = url.host_str().unwrap_or("127.0.0.1");
    tokio::net::lookup_host((host, url.port().unwrap_or(5432)))
        .await
        .unwrap()
        .next()
        .unwrap()
}

/// The status of `/healthz` and its body.
async fn health(client: &reqwest::Client, server: &TestServer) -> (StatusCode, serde_json::Value) {
    let response = client.get(server.url("/healthz")).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_database_outage_answers_503_and_loses_no_acknowledged_turn() {
    let Ok(url) = std::env::var("SOTTO_TEST_POSTGRES_URL") else {
        println!("skipped: SOTTO_TEST_POSTGRES_URL is not set");
        return;
    };
    let scratch = ScratchStores::create(&url, "outage").await.unwrap();
    let proxy = Proxy::start(database_address(&url).await).await;
    let mut through_proxy = scratch.clone();
    through_proxy.main_url = proxy.route(&scratch.main_url);
    through_proxy.conversations_url = proxy.route(&scratch.conversations_url);
    through_proxy.keys_url = proxy.route(&scratch.keys_url);
    let server = TestServer::start_on(Stores::Postgres(Box::new(through_proxy))).await;
    let client = reqwest::Client::new();
    assert_eq!(health(&client, &server).await.0, StatusCode::OK);

    // Several visitors keep asking while the database goes away and comes back.
    let visitors: Vec<String> = (0..6).map(|_| visitor()).collect();
    let (answered, mut answers) = tokio::sync::mpsc::unbounded_channel();
    let mut askers = Vec::new();
    for who in &visitors {
        let (client, base, who, answered) = (
            client.clone(),
            server.url(""),
            who.clone(),
            answered.clone(),
        );
        askers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for turn in 0..8 {
                let question = format!("Do you deliver to Finland? ({turn})");
                let response = client
                    .post(format!("{base}/api/v1/sites/demo/messages"))
                    .header("sotto-visitor", &who)
                    .json(&json!({ "text": question }))
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let retry_after = response.headers().get("retry-after").is_some();
                let body: serde_json::Value = response.json().await.unwrap();
                if status == StatusCode::OK {
                    acknowledged.push(question);
                } else {
                    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
                    assert_eq!(body["error"]["code"], "store_unavailable");
                    assert!(retry_after, "a 503 says when to retry");
                }
                answered.send(status).unwrap();
            }
            (who, acknowledged)
        }));
    }
    drop(answered);
    let mut seen = Vec::new();
    let mut cut_done = false;
    let mut restored = false;
    while let Some(status) = answers.recv().await {
        seen.push(status);
        if seen.len() == 6 && !cut_done {
            proxy.cut();
            cut_done = true;
        }
        if !restored
            && seen
                .iter()
                .filter(|s| **s == StatusCode::SERVICE_UNAVAILABLE)
                .count()
                >= 6
        {
            let (status, body) = health(&client, &server).await;
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
            assert_eq!(body["status"], "store_unavailable");
            assert_eq!(body["stores"]["conversations"], false);
            proxy.restore();
            restored = true;
        }
    }
    assert!(restored, "the outage was seen: {seen:?}");
    let mut acknowledged = HashMap::new();
    for asker in askers {
        let (who, questions) = asker.await.unwrap();
        acknowledged.insert(who, questions);
    }

    // The node is back by itself: it answers, and every acknowledged turn is there.
    let mut healthy = false;
    for _ in 0..120 {
        if health(&client, &server).await.0 == StatusCode::OK {
            healthy = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(healthy, "the node recovers once the database is back");
    let after = ask(
        &client,
        &server,
        &visitors[0],
        json!({ "text": "Are you open on Sunday?" }),
    )
    .await;
    assert_eq!(after.status(), StatusCode::OK);
    for (who, questions) in &acknowledged {
        let stored = my_conversations(&client, &server, who).await;
        let texts: Vec<&str> = stored["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["messages"].as_array().unwrap())
            .filter(|m| m["role"] == "visitor")
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        for question in questions {
            assert!(
                texts.contains(&question.as_str()),
                "acknowledged turn lost: {question}"
            );
        }
    }
    server.stop().await;
    scratch.drop().await.unwrap();
}
