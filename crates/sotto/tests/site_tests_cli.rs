//! A site's answer tests from the command line: added, run (green), turned red by an import
//! that changes a price (the import's report says so, the site's webhook gets
//! `site_tests.failed` before the command ends, `run` fails with one line), listed with the
//! changed page, seeded and removed; an unknown test is one clear line and a failure.

mod common;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::post;
use common::{json_of, one_line_error, sotto, tenant_with_site};
use serde_json::Value;

fn write_prices(folder: &std::path::Path, price: &str) {
    std::fs::create_dir_all(folder).unwrap();
    std::fs::write(
        folder.join("delivery.md"),
        format!(
            "---\ntitle: Delivery\n---\n# Delivery\n\nWe deliver bicycles across the Netherlands. Delivery costs {price} euros per bicycle.\n"
        ),
    )
    .unwrap();
}

/// A webhook receiver on loopback: its URL and the bodies it got.
async fn receiver() -> (String, Arc<Mutex<Vec<Value>>>) {
    let got: Arc<Mutex<Vec<Value>>> = Arc::default();
    let seen = got.clone();
    let app = Router::new().route(
        "/hook",
        post(move |body: axum::body::Bytes| {
            let seen = seen.clone();
            async move {
                seen.lock()
                    .unwrap()
                    .push(serde_json::from_slice(&body).unwrap());
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

#[tokio::test(flavor = "multi_thread")]
async fn answer_tests_from_the_command_line() {
    let (hook, got) = receiver().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("sotto.toml");
    std::fs::write(&config, "[outbound]\nallow_loopback = true\n").unwrap();
    let config = config.to_str().unwrap().to_owned();
    let run = |args: &[&str]| sotto(&data, &[&["--config", config.as_str()][..], args].concat());
    let tenant = tenant_with_site(&data, "Fietsen", "https://fiets.example", "fiets");
    json_of(&run(&[
        "site",
        "privacy",
        "--site",
        "fiets",
        "--lead-webhook",
        &hook,
    ]));
    let pages = dir.path().join("pages");
    write_prices(&pages, "25");
    let pages_arg = pages.to_str().unwrap().to_owned();
    let import = || {
        json_of(&run(&[
            "site",
            "import",
            "--site",
            "fiets",
            "--base-url",
            "https://fiets.example",
            &pages_arg,
        ]))
    };
    let first = import();
    assert!(first["tests"].is_null(), "no tests yet: {first}");

    let added = json_of(&run(&[
        "site",
        "tests",
        "add",
        "--site",
        "fiets",
        "--question",
        "How much does delivery cost?",
        "--fact",
        "25 euros",
    ]));
    let id = added["id"].as_str().unwrap().to_owned();
    let green = json_of(&run(&["site", "tests", "run", "--site", "fiets"]));
    assert_eq!(
        (green["passed"].as_u64(), green["failed"].as_u64()),
        (Some(1), Some(0))
    );

    write_prices(&pages, "30");
    let changed = import();
    assert_eq!(changed["tests"]["failed"], 1, "{changed}");
    assert_eq!(changed["tests"]["trigger"], "import");
    let posted = got.lock().unwrap().clone();
    assert_eq!(posted.len(), 1, "delivered before the import command ended");
    assert_eq!(posted[0]["event"], "site_tests.failed");
    assert_eq!(posted[0]["newly_failing"][0]["test_id"], id.as_str());

    let red = one_line_error(&run(&["site", "tests", "run", "--site", "fiets"]));
    assert!(red.contains("1 of 1 answer tests fail"), "{red}");
    let listed = json_of(&run(&["site", "tests", "list", "--site", "fiets"]));
    let result = &listed["tests"][0]["result"];
    assert_eq!(result["passed"], false);
    assert_eq!(
        result["changes"][0]["url"],
        "https://fiets.example/delivery"
    );
    assert_eq!(result["changes"][0]["change"], "changed");
    assert_eq!(listed["runs"].as_array().unwrap().len(), 3, "{listed}");
    assert_eq!(
        got.lock().unwrap().len(),
        1,
        "a test failing on is not posted again"
    );

    let seeded = json_of(&run(&["site", "tests", "seed", "--site", "fiets"]));
    assert_eq!(
        seeded,
        serde_json::json!([]),
        "no approved answers to seed from"
    );
    let removed = run(&["site", "tests", "remove", "--site", "fiets", "--id", &id]);
    assert!(removed.status.success());
    let again = one_line_error(&run(&[
        "site", "tests", "remove", "--site", "fiets", "--id", &id,
    ]));
    assert!(again.contains("not found"), "{again}");
    let log = json_of(&run(&["audit", "list", "--tenant", &tenant]));
    assert!(log.to_string().contains("site_test.create"), "{log}");
}
