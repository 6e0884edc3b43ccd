//! The binary as an operator uses it: JSON on stdout, one-line errors and a non-zero exit.

mod common;

use common::{json_of, one_line_error, sotto};
use std::process::{Command, Output};

use serde_json::Value;

/// Writes `settings` to `file` and runs `sotto tenant pii --set` with it.
fn set_pii(
    data_dir: &std::path::Path,
    tenant: &str,
    file: &std::path::Path,
    settings: &str,
) -> Output {
    std::fs::write(file, settings).unwrap();
    sotto(
        data_dir,
        &[
            "tenant",
            "pii",
            "--tenant",
            tenant,
            "--set",
            file.to_str().unwrap(),
        ],
    )
}

#[test]
fn tenant_site_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    let tenant = json_of(&sotto(&data, &["tenant", "create", "--name", "Acme Oy"]));
    let tenant_id = tenant["tenant_id"].as_str().unwrap().to_owned();
    assert_eq!(tenant["name"], "Acme Oy");
    assert!(tenant["api_key"].as_str().unwrap().starts_with("sotto_"));
    assert!(
        data.join("main.db").exists()
            && data.join("conversations.db").exists()
            && data.join("index").is_dir()
    );
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(data.join("master.key"))
            .unwrap()
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);

    let settings = dir.path().join("pii.json");
    let set = json_of(&set_pii(
        &data,
        &tenant_id,
        &settings,
        r#"{"policy":{"actions":{"PHONE":"mask"}},"patterns":[{"label":"CUSTOMER","pattern":"MV-[0-9]{6}"}]}"#,
    ));
    assert_eq!(set["policy"]["actions"]["PHONE"], "mask");
    let shown = json_of(&sotto(&data, &["tenant", "pii", "--tenant", &tenant_id]));
    assert_eq!(shown, set);
    let error = one_line_error(&set_pii(
        &data,
        &tenant_id,
        &settings,
        r#"{"patterns":[{"label":"BAD","pattern":"(unclosed"}]}"#,
    ));
    assert!(error.contains("BAD"), "{error}");

    let site = json_of(&sotto(
        &data,
        &[
            "site",
            "create",
            "--tenant",
            &tenant_id,
            "--origin",
            "https://acme.example/",
            "--id",
            "acme",
            "--language",
            "fi",
            "--retention-days",
            "365",
        ],
    ));
    assert_eq!(site["site_id"], "acme");
    assert_eq!(site["origins"], serde_json::json!(["https://acme.example"]));
    assert_eq!(site["language"], "fi");
    assert_eq!(site["retention_days"], 365);
    let changed = json_of(&sotto(
        &data,
        &["site", "retention", "--site", "acme", "--days", "90"],
    ));
    assert_eq!(changed["retention_days"], 90);
    assert_eq!(
        json_of(&sotto(&data, &["retention", "run", "--dry-run"])),
        serde_json::json!([{"site": "acme", "retention_days": 90, "conversations": 0, "messages": 0}])
    );
    assert_eq!(
        json_of(&sotto(&data, &["retention", "run"])),
        serde_json::json!({"status": "swept", "conversations": 0, "visitors": 0, "stray_keys": 0, "page_versions": 0})
    );

    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("toimitus.md"),
        "# Toimitus\n\nToimitamme Suomeen kolmessa päivässä.",
    )
    .unwrap();
    std::fs::write(content.join("index.html"), "<html><title>Etusivu</title><body><nav>Valikko</nav><main><p>Tervetuloa.</p></main></body></html>").unwrap();
    let report = json_of(&sotto(
        &data,
        &[
            "site",
            "import",
            "--site",
            "acme",
            "--base-url",
            "https://acme.example",
            content.to_str().unwrap(),
        ],
    ));
    assert_eq!(report["pages"], 2);
    assert_eq!(report["added"], 2);
    assert_eq!(report["knowledge_version"], 1);
    assert!(report["passages"].as_u64().unwrap() >= 2);

    let again = json_of(&sotto(
        &data,
        &[
            "site",
            "import",
            "--site",
            "acme",
            "--base-url",
            "https://acme.example",
            content.to_str().unwrap(),
        ],
    ));
    assert_eq!(again["unchanged"], 2);
    assert_eq!(again["knowledge_version"], 1);
}

#[test]
fn bad_input_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let error = one_line_error(&sotto(
        &data,
        &[
            "site",
            "create",
            "--tenant",
            "nope",
            "--origin",
            "https://a.example",
        ],
    ));
    assert!(error.contains("--tenant"), "{error}");
    let error = one_line_error(&sotto(
        &data,
        &[
            "site",
            "create",
            "--tenant",
            "6f1c2a9e-5b1d-4c3e-9a7f-0d2b8e4c6a11",
            "--origin",
            "https://a.example",
        ],
    ));
    assert!(error.contains("tenant not found"), "{error}");
    let tenant = json_of(&sotto(&data, &["tenant", "create", "--name", "T"]));
    let tenant_id = tenant["tenant_id"].as_str().unwrap();
    let error = one_line_error(&sotto(
        &data,
        &[
            "site",
            "create",
            "--tenant",
            tenant_id,
            "--origin",
            "not-an-origin",
        ],
    ));
    assert!(error.contains("origin"), "{error}");
    json_of(&sotto(
        &data,
        &[
            "site",
            "create",
            "--tenant",
            tenant_id,
            "--origin",
            "https://a.example",
            "--id",
            "taken",
        ],
    ));
    let error = one_line_error(&sotto(
        &data,
        &[
            "site",
            "create",
            "--tenant",
            tenant_id,
            "--origin",
            "https://a.example",
            "--id",
            "taken",
        ],
    ));
    assert!(error.contains("taken"), "{error}");
    let error = one_line_error(&sotto(
        &data,
        &["site", "retention", "--site", "taken", "--days", "0"],
    ));
    assert!(
        error.contains("retention must be 1 to 3650 days"),
        "{error}"
    );
    let error = one_line_error(&sotto(
        &data,
        &["site", "retention", "--site", "missing", "--days", "30"],
    ));
    assert!(error.contains("site not found"), "{error}");
    let error = one_line_error(&sotto(
        &data,
        &["site", "import", "--site", "taken", "/definitely/missing"],
    ));
    assert!(error.contains("not a readable folder"), "{error}");
    let error = one_line_error(&sotto(&data, &["tenant", "create", "--name", "  "]));
    assert!(error.contains("name"), "{error}");
}

#[test]
fn an_unsafe_key_file_stops_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    json_of(&sotto(&data, &["tenant", "create", "--name", "T"]));
    std::fs::set_permissions(
        data.join("master.key"),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    let error = one_line_error(&sotto(&data, &["tenant", "create", "--name", "T2"]));
    assert!(error.contains("chmod 600"), "{error}");
}

#[tokio::test]
async fn migrate_reports_versions_and_a_newer_schema_stops_the_server() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let versions = json_of(&sotto(&data, &["migrate"]));
    assert!(versions["main"].as_i64().unwrap() >= 1);
    assert!(versions["conversations"].as_i64().unwrap() >= 1);

    let db = data.join("main.db");
    let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'future', 1, x'00', 0)")
        .execute(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();
    let error = one_line_error(&sotto(&data, &["serve", "--listen", "127.0.0.1:0"]));
    assert!(error.contains("newer than this Sotto knows"), "{error}");
}

fn pii(command: &str, input: &str) -> Output {
    pii_with(&[command], input)
}

/// `sotto pii` with `args`, `input` on its standard input.
fn pii_with(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sotto"))
        .arg("pii")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn pii_scan_and_redact_read_json_lines() {
    let input =
        "{\"id\":\"a\",\"text\":\"Écrivez à anna@example.fi\"}\n\n{\"id\":2,\"text\":\"rien\"}\n";
    let scanned = pii("scan", input);
    assert!(scanned.status.success());
    let lines: Vec<Value> = String::from_utf8(scanned.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "one output line per input line");
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["entities"][0]["type"], "EMAIL");
    assert_eq!(
        (
            &lines[0]["entities"][0]["start"],
            &lines[0]["entities"][0]["end"]
        ),
        (&serde_json::json!(10), &serde_json::json!(25)),
        "offsets count characters"
    );
    assert_eq!(lines[1]["entities"], serde_json::json!([]));

    let redacted = pii("redact", input);
    let first: Value = serde_json::from_str(
        String::from_utf8(redacted.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["text"], "Écrivez à [EMAIL]");

    let error = one_line_error(&pii("scan", "{\"id\":1}\n"));
    assert!(error.contains("line 1"), "{error}");
}

#[test]
fn pii_scan_with_a_site_leaves_out_what_the_site_publishes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("team.html"),
        "<html lang=\"de\"><head><title>Team</title></head><body><main>\
         <p>Ihre Ansprechpartnerin ist Dr. Miriam Oberhuber.</p>\
         <p>Praxis: Lindenstraße 14, 6020 Innsbruck</p></main></body></html>",
    )
    .unwrap();
    let input = "{\"id\":1,\"text\":\"Ist Frau Dr. Miriam Oberhuber am Montag da? Ich bin Jonas Egger, Rennweg 3, 6020 Innsbruck.\"}\n";
    let site = dir.path().to_str().unwrap();
    let found = |args: &[&str]| -> Vec<String> {
        let output = pii_with(args, input);
        assert!(output.status.success(), "{output:?}");
        let line: Value = serde_json::from_slice(&output.stdout).unwrap();
        let text: Vec<char> = serde_json::from_str::<Value>(input.trim()).unwrap()["text"]
            .as_str()
            .unwrap()
            .chars()
            .collect();
        line["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let (start, end) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
                text[start as usize..end as usize].iter().collect()
            })
            .collect()
    };
    assert_eq!(
        found(&["scan"]),
        [
            "Miriam Oberhuber",
            "Jonas Egger",
            "Rennweg 3, 6020 Innsbruck"
        ],
        "without the site, every name and address"
    );
    assert_eq!(
        found(&["scan", "--site", site, "--language", "de"]),
        ["Jonas Egger", "Rennweg 3, 6020 Innsbruck"],
        "with it, the visitor's own only"
    );
    let error = one_line_error(&pii_with(&["scan", "--site", "/nonexistent/folder"], input));
    assert!(error.contains("/nonexistent/folder"), "{error}");
}

#[test]
fn erase_export_and_the_register_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tenant = json_of(&sotto(&data, &["tenant", "create", "--name", "Acme Oy"]));
    let tenant_id = tenant["tenant_id"].as_str().unwrap().to_owned();
    let visitor = uuid::Uuid::new_v4().to_string();

    let receipt = json_of(&sotto(
        &data,
        &[
            "visitor",
            "erase",
            "--tenant",
            &tenant_id,
            "--visitor",
            &visitor,
        ],
    ));
    assert_eq!(receipt["scope"], "visitor");
    assert_eq!(receipt["channel"], "cli");
    assert_eq!(receipt["erased"]["conversations"], 0);
    assert!(!receipt.to_string().contains(&visitor));

    let file = dir.path().join("receipt.json");
    std::fs::write(&file, receipt.to_string()).unwrap();
    let check = json_of(&sotto(&data, &["dsr", "verify", file.to_str().unwrap()]));
    assert_eq!(
        check,
        serde_json::json!({"authentic": true, "registered": true})
    );

    let mut forged = receipt.clone();
    forged["erased"]["messages"] = 12.into();
    std::fs::write(&file, forged.to_string()).unwrap();
    let refused = sotto(&data, &["dsr", "verify", file.to_str().unwrap()]);
    assert!(one_line_error(&refused).contains("does not verify"));

    let register = json_of(&sotto(&data, &["dsr", "list", "--tenant", &tenant_id]));
    assert_eq!(register.as_array().unwrap().len(), 1);
    assert_eq!(register[0]["id"], receipt["request_id"]);
    assert_eq!(register[0]["kind"], "erasure");
    assert_eq!(register[0]["status"], "completed");
    assert_eq!(register[0]["overdue"], false);

    let export = json_of(&sotto(
        &data,
        &[
            "visitor",
            "export",
            "--tenant",
            &tenant_id,
            "--visitor",
            &visitor,
        ],
    ));
    assert_eq!(export["conversations"], serde_json::json!([]));
    let mut kinds: Vec<&str> = export["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["access", "erasure"], "this export is a request too");
    let page = sotto(
        &data,
        &[
            "visitor",
            "export",
            "--tenant",
            &tenant_id,
            "--visitor",
            &visitor,
            "--format",
            "html",
        ],
    );
    assert!(page.status.success());
    assert!(String::from_utf8_lossy(&page.stdout).starts_with("<!doctype html>"));

    let unknown = uuid::Uuid::new_v4().to_string();
    let missing = sotto(
        &data,
        &[
            "conversation",
            "erase",
            "--tenant",
            &tenant_id,
            "--conversation",
            &unknown,
        ],
    );
    assert!(one_line_error(&missing).contains("not found"));

    let closure = json_of(&sotto(&data, &["tenant", "close", "--tenant", &tenant_id]));
    assert_eq!(closure["scope"], "tenant");
    std::fs::write(&file, closure.to_string()).unwrap();
    let check = json_of(&sotto(&data, &["dsr", "verify", file.to_str().unwrap()]));
    assert_eq!(check["registered"], true, "the receipt outlives the tenant");
    let gone = sotto(&data, &["dsr", "list", "--tenant", &tenant_id]);
    assert!(one_line_error(&gone).contains("not found"));
}
