//! Team members, keys and the audit log from the command line, and `sotto audit verify`
//! catching an edited, a removed and a forged entry.

mod common;

use common::{json_of, tenant_with_site};
use std::io::Write;
use std::process::{Command, Output, Stdio};

use sqlx::Connection;

fn sotto_with_stdin(data_dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sotto"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("SOTTO_MASTER_KEY")
        .env_remove("SOTTO_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn sotto(data_dir: &std::path::Path, args: &[&str]) -> Output {
    sotto_with_stdin(data_dir, args, "")
}

fn failure(output: &Output) -> String {
    assert!(
        !output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    stderr
}

/// Runs raw SQL on the data directory's main database, as someone with file access would.
async fn tamper(data: &std::path::Path, statements: &[&str]) {
    let url = format!("sqlite://{}", data.join("main.db").display());
    let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for statement in statements {
        sqlx::query(sqlx::AssertSqlSafe(statement.to_string()))
            .execute(&mut db)
            .await
            .unwrap();
    }
    db.close().await.unwrap();
}

#[tokio::test]
async fn members_keys_and_a_verifiable_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tenant = json_of(&sotto(&data, &["tenant", "create", "--name", "Acme"]));
    let tenant = tenant["tenant_id"].as_str().unwrap().to_owned();

    let added = json_of(&sotto(
        &data,
        &[
            "member",
            "add",
            "--tenant",
            &tenant,
            "--email",
            "Ana@Acme.example",
            "--name",
            "Ana",
            "--role",
            "agent",
        ],
    ));
    assert_eq!(added["member"]["email"], "ana@acme.example");
    assert_eq!(added["initial_password"].as_str().unwrap().len(), 20);
    let chosen = sotto_with_stdin(
        &data,
        &[
            "member",
            "add",
            "--tenant",
            &tenant,
            "--email",
            "bo@acme.example",
            "--name",
            "Bo",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        "a long enough passphrase\n",
    );
    let chosen = json_of(&chosen);
    assert!(
        chosen.get("initial_password").is_none(),
        "a chosen password is not printed"
    );
    assert!(
        failure(&sotto_with_stdin(
            &data,
            &[
                "member",
                "add",
                "--tenant",
                &tenant,
                "--email",
                "cy@acme.example",
                "--name",
                "Cy",
                "--role",
                "viewer",
                "--password-stdin"
            ],
            "short\n",
        ))
        .contains("at least 12 characters")
    );
    assert!(
        failure(&sotto(
            &data,
            &[
                "member",
                "add",
                "--tenant",
                &tenant,
                "--email",
                "ana@acme.example",
                "--name",
                "Ana",
                "--role",
                "agent"
            ],
        ))
        .contains("exists")
    );
    let members = json_of(&sotto(&data, &["member", "list", "--tenant", &tenant]));
    assert_eq!(members.as_array().unwrap().len(), 2);
    assert!(
        !members.to_string().contains("argon2"),
        "no hash is ever printed"
    );

    let key = json_of(&sotto(
        &data,
        &[
            "key",
            "create",
            "--tenant",
            &tenant,
            "--role",
            "viewer",
            "--label",
            "dashboard",
        ],
    ));
    let key_id = key["key"]["key_id"].as_str().unwrap().to_owned();
    assert!(
        key["token"]
            .as_str()
            .unwrap()
            .starts_with(&format!("sotto_{key_id}_"))
    );
    let revoked = json_of(&sotto(
        &data,
        &["key", "revoke", "--tenant", &tenant, "--key", &key_id],
    ));
    assert!(revoked["revoked_at"].is_i64());
    let keys = json_of(&sotto(&data, &["key", "list", "--tenant", &tenant]));
    assert_eq!(
        keys.as_array().unwrap().len(),
        2,
        "the first key and the revoked one"
    );
    assert!(!keys.to_string().contains("token"));
    let bad_role = sotto(
        &data,
        &["key", "create", "--tenant", &tenant, "--role", "root"],
    );
    assert!(!bad_role.status.success());
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("owner, admin, agent or viewer"));

    let log = json_of(&sotto(&data, &["audit", "list", "--tenant", &tenant]));
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "key.create",
            "member.add",
            "member.add",
            "key.create",
            "key.revoke"
        ]
    );
    assert!(log.as_array().unwrap().iter().all(|e| e["actor"] == "cli"));
    let verified = json_of(&sotto(&data, &["audit", "verify"]));
    assert_eq!(verified[0]["intact"], true);
    assert_eq!(verified[0]["entries"], 5);

    // The database refuses edits by itself...
    let url = format!("sqlite://{}", data.join("main.db").display());
    let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let refused = sqlx::query("UPDATE audit_log SET actor = 'someone' WHERE seq = 2")
        .execute(&mut db)
        .await;
    assert!(refused.is_err(), "the trigger refuses edits");
    db.close().await.unwrap();

    // ...and whoever drops its triggers is still caught by the chain.
    tamper(
        &data,
        &[
            "DROP TRIGGER audit_log_is_append_only",
            "DROP TRIGGER audit_log_leaves_only_with_its_tenant",
            "UPDATE audit_log SET actor = 'someone' WHERE seq = 2",
        ],
    )
    .await;
    let edited = sotto(&data, &["audit", "verify", "--tenant", &tenant]);
    assert!(failure(&edited).contains("entry 2 was changed or forged"));
    tamper(&data, &["UPDATE audit_log SET actor = 'cli' WHERE seq = 2"]).await;
    json_of(&sotto(&data, &["audit", "verify", "--tenant", &tenant]));

    tamper(&data, &["DELETE FROM audit_log WHERE seq = 5"]).await;
    assert!(failure(&sotto(&data, &["audit", "verify"])).contains("entries were removed"));
    tamper(
        &data,
        &[
            "UPDATE tenants SET audit_head = 4",
            "DELETE FROM audit_log WHERE seq = 3",
        ],
    )
    .await;
    assert!(failure(&sotto(&data, &["audit", "verify"])).contains("entry 3 is missing"));
}

#[test]
fn site_and_settings_changes_from_the_command_line_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tenant = tenant_with_site(&data, "Acme", "https://shop.example", "shop");
    json_of(&sotto(
        &data,
        &["site", "retention", "--site", "shop", "--days", "90"],
    ));
    let settings = dir.path().join("pii.json");
    std::fs::write(&settings, r#"{"terms":["Project Falcon"]}"#).unwrap();
    json_of(&sotto(
        &data,
        &[
            "tenant",
            "pii",
            "--tenant",
            &tenant,
            "--set",
            settings.to_str().unwrap(),
        ],
    ));
    let log = json_of(&sotto(&data, &["audit", "list", "--tenant", &tenant]));
    let entries: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["object"].as_str().unwrap()))
        .collect();
    assert_eq!(
        entries[1..],
        [
            ("site.create", "shop"),
            ("site.update", "shop"),
            ("settings.update", "pii")
        ]
    );
    assert!(
        !log.to_string().contains("Falcon"),
        "the log names objects, not settings"
    );
}
