//! The canary test: unique strings sent through the API must not appear in any file of the
//! data directory (databases, WAL, search index), and the main store must hold no visitor id
//! and no pseudonym.

mod common;

use std::path::Path;

use common::{TestServer, ask, visitor};
use serde_json::json;
use sqlx::Connection;

fn files_under(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn no_message_text_visitor_id_or_pseudonym_leaks_into_files() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let me = visitor();
    let marker = uuid::Uuid::new_v4().simple().to_string();
    let canaries = [
        format!("canary{marker}"),
        format!("canary.{marker}@example.com"),
        format!("pathcanary{marker}"),
        format!("querycanary{marker}"),
    ];
    let first = ask(
        &client,
        &server,
        &me,
        json!({
            "text": format!("My e-mail is {} and my code is {}. Do you ship to Finland?", canaries[1], canaries[0]),
            "page_url": server.url(&format!("/demo/{}?token={}", canaries[2], canaries[3])),
        }),
    )
    .await;
    assert_eq!(first.status(), 200);
    let first: serde_json::Value = first.json().await.unwrap();
    for i in 0..20 {
        let reply = ask(
            &client,
            &server,
            &me,
            json!({"text": format!("{} question {i} about returns", canaries[0]), "conversation_id": first["conversation_id"]}),
        )
        .await;
        assert_eq!(reply.status(), 200);
    }
    let data = server.data_dir();
    let _kept = server.stop().await;
    assert!(
        !data.join("conversations.db-wal").exists(),
        "a stopped server has closed its stores and settled the WAL"
    );

    let conversations_db = data.join("conversations.db");
    let mut connection = sqlx::SqliteConnection::connect(&format!(
        "sqlite://{}?mode=ro",
        conversations_db.display()
    ))
    .await
    .unwrap();
    let pseudonyms: Vec<Vec<u8>> = sqlx::query_scalar("SELECT pseudonym FROM visitors")
        .fetch_all(&mut connection)
        .await
        .unwrap();
    let messages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages")
        .fetch_one(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();
    assert_eq!(pseudonyms.len(), 1, "one visitor stored");
    assert_eq!(messages, 42, "every turn was stored");

    let visitor_uuid = uuid::Uuid::parse_str(&me).unwrap();
    let mut checked = 0;
    for file in files_under(&data) {
        if file.starts_with(data.join("demo-site")) {
            continue;
        }
        let bytes = std::fs::read(&file).unwrap();
        checked += 1;
        for canary in &canaries {
            assert!(
                !contains(&bytes, canary.as_bytes()),
                "{canary} found in {}",
                file.display()
            );
        }
        assert!(
            !contains(&bytes, me.as_bytes()),
            "visitor id text in {}",
            file.display()
        );
        assert!(
            !contains(&bytes, visitor_uuid.simple().to_string().as_bytes()),
            "visitor id hex in {}",
            file.display()
        );
        assert!(
            !contains(&bytes, visitor_uuid.as_bytes()),
            "visitor id bytes in {}",
            file.display()
        );
        let is_main_store = file
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("main.db");
        if is_main_store {
            assert!(
                !contains(&bytes, &pseudonyms[0]),
                "pseudonym in {}",
                file.display()
            );
        }
    }
    assert!(
        checked >= 6,
        "databases, WAL files, key and index files were read ({checked})"
    );
}

/// The stored bytes of one conversation: its sealed bodies and page paths, and the wrapped key
/// of its visitor (read from the live database, as an attacker with a copy would).
async fn stored_bytes(database: &Path, conversation: &str) -> Vec<Vec<u8>> {
    let mut connection =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", database.display()))
            .await
            .unwrap();
    let mut blobs: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT body FROM messages WHERE conversation_id = ?")
            .bind(conversation)
            .fetch_all(&mut connection)
            .await
            .unwrap();
    let paths: Vec<Option<Vec<u8>>> =
        sqlx::query_scalar("SELECT page_path FROM messages WHERE conversation_id = ?")
            .bind(conversation)
            .fetch_all(&mut connection)
            .await
            .unwrap();
    blobs.extend(paths.into_iter().flatten());
    let key: Vec<u8> = sqlx::query_scalar(
        "SELECT wrapped_key FROM visitors WHERE pseudonym = (SELECT pseudonym FROM conversations WHERE conversation_id = ?)",
    )
    .bind(conversation)
    .fetch_one(&mut connection)
    .await
    .unwrap();
    blobs.push(key);
    connection.close().await.unwrap();
    // The last 32 bytes of each envelope: ciphertext and tag, unique to that value.
    blobs
        .into_iter()
        .map(|blob| blob[blob.len() - 32..].to_vec())
        .collect()
}

#[tokio::test]
async fn an_erased_visitor_leaves_no_plaintext_and_no_ciphertext_in_any_file() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let (erased, kept) = (visitor(), visitor());
    let marker = uuid::Uuid::new_v4().simple().to_string();
    let canary = format!("erasecanary{marker}");
    let mut conversation = serde_json::Value::Null;
    for i in 0..30 {
        let reply: serde_json::Value = ask(
            &client,
            &server,
            &erased,
            json!({"text": format!("{canary} question {i} about returns", ), "conversation_id": conversation, "page_url": server.url(&format!("/demo/{canary}"))}),
        )
        .await
        .json()
        .await
        .unwrap();
        conversation = reply["conversation_id"].clone();
    }
    let other: serde_json::Value = ask(
        &client,
        &server,
        &kept,
        json!({"text": "Do you ship to Finland?"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let database = server.data_dir().join("conversations.db");
    let erased_bytes = stored_bytes(&database, conversation.as_str().unwrap()).await;
    let kept_bytes = stored_bytes(&database, other["conversation_id"].as_str().unwrap()).await;
    assert_eq!(
        erased_bytes.len(),
        30 * 2 + 30 + 1,
        "bodies, page paths, key"
    );

    let receipt = client
        .delete(server.url("/api/v1/sites/demo/me"))
        .header("sotto-visitor", &erased)
        .send()
        .await
        .unwrap();
    assert_eq!(receipt.status(), 200);
    let data = server.data_dir();
    let _kept_dir = server.stop().await;

    let (mut files, mut kept_found) = (0, 0);
    for file in files_under(&data) {
        if file.starts_with(data.join("demo-site")) {
            continue;
        }
        let bytes = std::fs::read(&file).unwrap();
        files += 1;
        assert!(
            !contains(&bytes, canary.as_bytes()),
            "plaintext in {}",
            file.display()
        );
        for (i, fragment) in erased_bytes.iter().enumerate() {
            assert!(
                !contains(&bytes, fragment),
                "stored value {i} of the erased visitor still in {}",
                file.display()
            );
        }
        kept_found += kept_bytes
            .iter()
            .filter(|fragment| contains(&bytes, fragment))
            .count();
    }
    assert!(
        files >= 4,
        "databases, key and index files were read ({files})"
    );
    assert_eq!(
        kept_found,
        kept_bytes.len(),
        "the scan finds stored ciphertext: the other visitor's is all there"
    );
}
