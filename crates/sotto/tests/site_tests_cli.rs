//! A site's answer tests from the command line: added, run (green), turned red by an import
//! that changes a price (the import's report says so, `run` fails with one line), listed with
//! the changed page, seeded and removed; an unknown test is one clear line and a failure.

mod common;

use common::{json_of, one_line_error, sotto, tenant_with_site};

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

#[test]
fn answer_tests_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tenant = tenant_with_site(&data, "Fietsen", "https://fiets.example", "fiets");
    let pages = dir.path().join("pages");
    write_prices(&pages, "25");
    let import = |data: &std::path::Path| {
        json_of(&sotto(
            data,
            &[
                "site",
                "import",
                "--site",
                "fiets",
                "--base-url",
                "https://fiets.example",
                pages.to_str().unwrap(),
            ],
        ))
    };
    let first = import(&data);
    assert!(first["tests"].is_null(), "no tests yet: {first}");

    let added = json_of(&sotto(
        &data,
        &[
            "site",
            "tests",
            "add",
            "--site",
            "fiets",
            "--question",
            "How much does delivery cost?",
            "--fact",
            "25 euros",
        ],
    ));
    let id = added["id"].as_str().unwrap().to_owned();
    let green = json_of(&sotto(&data, &["site", "tests", "run", "--site", "fiets"]));
    assert_eq!(
        (green["passed"].as_u64(), green["failed"].as_u64()),
        (Some(1), Some(0))
    );

    write_prices(&pages, "30");
    let changed = import(&data);
    assert_eq!(changed["tests"]["failed"], 1, "{changed}");
    assert_eq!(changed["tests"]["trigger"], "import");
    let red = one_line_error(&sotto(&data, &["site", "tests", "run", "--site", "fiets"]));
    assert!(red.contains("1 of 1 answer tests fail"), "{red}");
    let listed = json_of(&sotto(&data, &["site", "tests", "list", "--site", "fiets"]));
    let result = &listed["tests"][0]["result"];
    assert_eq!(result["passed"], false);
    assert_eq!(
        result["changes"][0]["url"],
        "https://fiets.example/delivery"
    );
    assert_eq!(result["changes"][0]["change"], "changed");
    assert_eq!(listed["runs"].as_array().unwrap().len(), 3, "{listed}");

    let seeded = json_of(&sotto(&data, &["site", "tests", "seed", "--site", "fiets"]));
    assert_eq!(
        seeded,
        serde_json::json!([]),
        "no approved answers to seed from"
    );
    let removed = sotto(
        &data,
        &["site", "tests", "remove", "--site", "fiets", "--id", &id],
    );
    assert!(removed.status.success());
    let again = one_line_error(&sotto(
        &data,
        &["site", "tests", "remove", "--site", "fiets", "--id", &id],
    ));
    assert!(again.contains("not found"), "{again}");
    let log = json_of(&sotto(&data, &["audit", "list", "--tenant", &tenant]));
    assert!(log.to_string().contains("site_test.create"), "{log}");
}
