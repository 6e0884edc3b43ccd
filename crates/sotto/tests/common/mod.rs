//! Helpers shared by the command-line tests.

#![allow(dead_code)]

use std::process::{Command, Output};

use serde_json::Value;

/// The JSON a successful command printed on stdout; fails the test with its stderr otherwise.
pub fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// Runs the `sotto` binary on `data_dir` with `args`, outside any environment the tests run in.
pub fn sotto(data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sotto"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("SOTTO_MASTER_KEY")
        .env_remove("SOTTO_DATA_DIR")
        .output()
        .expect("the binary runs")
}

/// A new tenant named `name` with site `site` allowing `origin`, created by the binary in
/// `data_dir`; the tenant's id.
pub fn tenant_with_site(
    data_dir: &std::path::Path,
    name: &str,
    origin: &str,
    site: &str,
) -> String {
    let tenant = json_of(&sotto(data_dir, &["tenant", "create", "--name", name]));
    let tenant = tenant["tenant_id"].as_str().unwrap().to_owned();
    json_of(&sotto(
        data_dir,
        &[
            "site", "create", "--tenant", &tenant, "--origin", origin, "--id", site,
        ],
    ));
    tenant
}

/// The one line a failed command printed on stderr (`error: …`); fails the test when the
/// command succeeded or said more.
pub fn one_line_error(output: &Output) -> String {
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

/// The installation in `data` and its site `shop`, opened as the server would open them.
pub async fn open_shop(
    data: &std::path::Path,
) -> (sotto_app::SqliteSotto, sotto_app::tenancy::sites::OpenSite) {
    let config = sotto_app::Config {
        data_dir: data.to_owned(),
        ..sotto_app::Config::default()
    };
    let sotto = sotto_app::SqliteSotto::open(&config).await.unwrap();
    let site = sotto.open_site(&"shop".parse().unwrap()).await.unwrap();
    (sotto, site)
}

/// A granted answer to the question of `purpose` that `site` published in `language`, as the
/// widget sends it.
pub async fn granted(
    sotto: &sotto_app::SqliteSotto,
    site: &sotto_app::tenancy::sites::OpenSite,
    language: &str,
    purpose: sotto_core::consent::ConsentPurpose,
) -> sotto_app::consent::ledger::ConsentAnswer {
    let texts = sotto.privacy_texts(site, Some(language)).await.unwrap();
    let question = texts
        .texts
        .questions
        .into_iter()
        .find(|q| q.kind == purpose.as_str())
        .unwrap();
    sotto_app::consent::ledger::ConsentAnswer {
        purpose,
        granted: true,
        language: question.language,
        text_version: question.version,
        text_sha256: question.sha256,
    }
}
