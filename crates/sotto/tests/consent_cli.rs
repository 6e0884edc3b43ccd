//! The privacy notice and the consent ledger from the command line: the profile and consent
//! mode set with `sotto tenant privacy` / `sotto site privacy` show in `sotto notice show`; a
//! visitor's proof printed by `sotto consent proof` passes `sotto consent check-proof` (which
//! needs no data directory) and fails once altered; `sotto consent verify` checks the ledger.

mod common;

use common::{json_of, sotto};
use sotto_core::VisitorId;
use sotto_core::consent::ConsentPurpose;

/// Records a visitor's storage consent the way the widget does, through the use case.
async fn consent_of(data: &std::path::Path, visitor: &VisitorId) {
    let (sotto, site) = common::open_shop(data).await;
    let answer = common::granted(&sotto, &site, "fr", ConsentPurpose::ConversationStorage).await;
    sotto.record_consent(&site, visitor, answer).await.unwrap();
}

#[tokio::test]
async fn notices_and_consent_proofs_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tenant = json_of(&sotto(&data, &["tenant", "create", "--name", "Acme"]));
    let tenant = tenant["tenant_id"].as_str().unwrap().to_owned();
    json_of(&sotto(
        &data,
        &[
            "site",
            "create",
            "--tenant",
            &tenant,
            "--origin",
            "https://shop.example",
            "--id",
            "shop",
            "--language",
            "fr",
        ],
    ));
    let profile = dir.path().join("profile.json");
    std::fs::write(
        &profile,
        r#"{"controller_name":"Acme SAS","dpo_email":"dpo@acme.example"}"#,
    )
    .unwrap();
    let set = json_of(&sotto(
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
    assert_eq!(set["dpo_email"], "dpo@acme.example");
    let mode = json_of(&sotto(
        &data,
        &[
            "site",
            "privacy",
            "--site",
            "shop",
            "--consent-mode",
            "opt-in",
        ],
    ));
    assert_eq!(mode["consent_mode"], "opt_in");
    let bad = sotto(
        &data,
        &[
            "site",
            "privacy",
            "--site",
            "shop",
            "--consent-mode",
            "implied",
        ],
    );
    assert!(!bad.status.success());

    let notice = json_of(&sotto(&data, &["notice", "show", "--site", "shop"]));
    assert_eq!(
        (notice["language"].as_str(), notice["version"].as_i64()),
        (Some("fr"), Some(1))
    );
    let text = notice["text"].as_str().unwrap();
    assert!(
        text.contains("Acme SAS") && text.contains("dpo@acme.example"),
        "{text}"
    );
    assert!(
        text.contains("que si vous l'acceptez"),
        "the opt-in mode is described: {text}"
    );
    let page = sotto(
        &data,
        &[
            "notice",
            "show",
            "--site",
            "shop",
            "--language",
            "en",
            "--format",
            "html",
        ],
    );
    let page = String::from_utf8(page.stdout).unwrap();
    assert!(page.starts_with("<!doctype html>") && page.contains("Version 1, in force since"));

    let register = json_of(&sotto(
        &data,
        &["register", "show", "--tenant", &tenant, "--format", "json"],
    ));
    assert_eq!(register["controller"]["name"], "Acme SAS");
    let markdown = sotto(&data, &["register", "show", "--tenant", &tenant]);
    let markdown = String::from_utf8(markdown.stdout).unwrap();
    assert!(
        markdown.starts_with("# Register of processing activities: Acme SAS"),
        "{markdown}"
    );
    assert!(
        markdown.contains("consent asked in the widget"),
        "{markdown}"
    );
    assert!(
        !sotto(
            &data,
            &["register", "show", "--tenant", &tenant, "--format", "xml"]
        )
        .status
        .success()
    );

    let visitor_text = uuid::Uuid::new_v4().to_string();
    consent_of(&data, &visitor_text.parse().unwrap()).await;
    let verified = json_of(&sotto(&data, &["consent", "verify", "--tenant", &tenant]));
    assert_eq!(
        (
            verified[0]["intact"].as_bool(),
            verified[0]["events"].as_i64()
        ),
        (Some(true), Some(1))
    );
    let proof = sotto(
        &data,
        &[
            "consent",
            "proof",
            "--tenant",
            &tenant,
            "--visitor",
            &visitor_text,
        ],
    );
    json_of(&proof);
    let proof_file = dir.path().join("proof.json");
    std::fs::write(&proof_file, &proof.stdout).unwrap();
    let nowhere = dir.path().join("no-data-here");
    let check = json_of(&sotto(
        &nowhere,
        &["consent", "check-proof", proof_file.to_str().unwrap()],
    ));
    assert_eq!(
        (check["valid"].as_bool(), check["reaches_head"].as_bool()),
        (Some(true), Some(true))
    );
    assert!(
        !nowhere.exists(),
        "checking a proof touches no data directory"
    );

    let altered = String::from_utf8(proof.stdout).unwrap().replacen(
        "\"granted\": true",
        "\"granted\": false",
        1,
    );
    std::fs::write(&proof_file, altered).unwrap();
    let refused = sotto(
        &nowhere,
        &["consent", "check-proof", proof_file.to_str().unwrap()],
    );
    assert!(!refused.status.success());
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert!(
        stderr.contains("the consent proof does not hold: event 1 does not match its digest"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "one clear line: {stderr}");
}
