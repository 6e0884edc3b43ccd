//! The breach register from the command line: a breach detected 80 hours ago is overdue until
//! the authority is notified; the drafts carry the controller's DPO and the recorded numbers;
//! every step is in the audit log; a bad time is one clear line.

mod common;

use std::process::{Command, Output};

use common::json_of;

fn sotto(data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sotto"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("SOTTO_MASTER_KEY")
        .env_remove("SOTTO_DATA_DIR")
        .output()
        .expect("the binary runs")
}

#[test]
fn a_breach_is_tracked_against_its_72_hours() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tenant = json_of(&sotto(&data, &["tenant", "create", "--name", "Acme"]));
    let tenant = tenant["tenant_id"].as_str().unwrap().to_owned();
    let profile = dir.path().join("profile.json");
    std::fs::write(&profile, r#"{"dpo_email":"dpo@acme.example"}"#).unwrap();
    json_of(&sotto(
        &data,
        &[
            "tenant",
            "privacy",
            "--tenant",
            &tenant,
            "--set",
            profile.to_str().unwrap(),
        ],
    ));
    let detected = (time::OffsetDateTime::now_utc() - time::Duration::hours(80))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let opened = json_of(&sotto(
        &data,
        &[
            "breach",
            "open",
            "--tenant",
            &tenant,
            "--what",
            "A support laptop holding an export was stolen",
            "--detected-at",
            &detected,
            "--data-category",
            "conversation excerpts",
            "--subjects",
            "120",
        ],
    ));
    let id = opened["id"].as_str().unwrap().to_owned();
    assert_eq!(opened["overdue"], true, "{opened}");
    assert!(opened["hours_left"].as_i64().unwrap() <= -7);
    let draft = opened["authority_draft"].as_str().unwrap();
    assert!(draft.contains("Contact point: dpo@acme.example"), "{draft}");
    assert!(
        draft.contains("Approximate number of people concerned: about 120"),
        "{draft}"
    );
    assert!(
        draft.contains("Categories of data: conversation excerpts"),
        "{draft}"
    );
    assert!(
        opened["subjects_draft"]
            .as_str()
            .unwrap()
            .contains("dpo@acme.example")
    );

    let updated = json_of(&sotto(
        &data,
        &[
            "breach",
            "update",
            "--tenant",
            &tenant,
            "--breach",
            &id,
            "--authority-notified",
            "--measures",
            "Disk encryption confirmed; keys rotated",
        ],
    ));
    assert_eq!(
        (updated["overdue"].as_bool(), updated["hours_left"].as_i64()),
        (Some(false), None)
    );
    assert!(updated["authority_notified_at"].is_i64());
    assert!(
        updated["authority_draft"]
            .as_str()
            .unwrap()
            .contains("keys rotated")
    );
    let closed = json_of(&sotto(
        &data,
        &["breach", "close", "--tenant", &tenant, "--breach", &id],
    ));
    assert!(closed["closed_at"].is_i64());
    let listed = json_of(&sotto(&data, &["breach", "list", "--tenant", &tenant]));
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let log = json_of(&sotto(&data, &["audit", "list", "--tenant", &tenant]));
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .filter(|a| a.starts_with("breach."))
        .collect();
    assert_eq!(actions, ["breach.open", "breach.update", "breach.close"]);

    let bad = sotto(
        &data,
        &[
            "breach",
            "open",
            "--tenant",
            &tenant,
            "--what",
            "x",
            "--detected-at",
            "yesterday",
        ],
    );
    assert!(!bad.status.success());
    let stderr = String::from_utf8(bad.stderr).unwrap();
    assert!(stderr.contains("is not an RFC 3339 time"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1);
    let missing = sotto(
        &data,
        &["breach", "close", "--tenant", &tenant, "--breach", "nope"],
    );
    assert!(!missing.status.success());
}
