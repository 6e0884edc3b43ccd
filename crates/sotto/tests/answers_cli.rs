//! Approved answers from the command line: approved with flags or from the admin API's JSON,
//! listed, switched off and on, edited and deleted, each change in the audit log; a reply
//! without its language, a page the site does not have and an unknown answer are one clear
//! line and a failure.

mod common;

use common::{json_of, one_line_error, sotto, tenant_with_site};

#[test]
fn approved_answers_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tenant = tenant_with_site(&data, "Acme", "https://acme.example", "acme");
    let site = ["--site", "acme"];

    let added = json_of(&sotto(
        &data,
        &[
            &["answers", "add"][..],
            &site,
            &[
                "--question",
                "Do you deliver on Sundays?",
                "--reply",
                "en:Yes, every Sunday morning.",
                "--reply",
                "fr:Oui, chaque dimanche matin.",
            ],
        ]
        .concat(),
    ));
    assert_eq!(added["personal_data"], serde_json::json!([]));
    assert_eq!(added["answer"]["replies"][1]["language"], "fr");
    let id = added["answer"]["id"].as_str().unwrap().to_owned();

    let file = dir.path().join("answer.json");
    std::fs::write(
        &file,
        r#"{"questions":["Can I call Maria?"],"replies":[{"language":"en","text":"Call Maria Lindqvist on +358 40 123 4567."}]}"#,
    )
    .unwrap();
    let from_file = json_of(&sotto(
        &data,
        &[
            &["answers", "add"][..],
            &site,
            &["--file", file.to_str().unwrap()],
        ]
        .concat(),
    ));
    assert!(
        !from_file["personal_data"].as_array().unwrap().is_empty(),
        "the detectors' findings are reported: {from_file}"
    );
    assert_eq!(from_file["answer"]["enabled"], false, "and hold it back");

    let off = json_of(&sotto(
        &data,
        &[&["answers", "off"][..], &site, &["--id", &id]].concat(),
    ));
    assert_eq!(off["enabled"], false);
    assert_eq!(off["replies"][1]["language"], "fr", "kept whole");
    let edited = json_of(&sotto(
        &data,
        &[
            &["answers", "edit"][..],
            &site,
            &[
                "--id",
                &id,
                "--question",
                "Any deliveries on Sunday?",
                "--reply",
                "en:Yes, on Sunday mornings.",
            ],
        ]
        .concat(),
    ));
    assert_eq!(
        edited["answer"]["questions"][0],
        "Any deliveries on Sunday?"
    );
    assert_eq!(
        edited["answer"]["enabled"], false,
        "an edit leaves a switched-off answer off"
    );
    let on = json_of(&sotto(
        &data,
        &[&["answers", "on"][..], &site, &["--id", &id]].concat(),
    ));
    assert_eq!(on["enabled"], true);
    let listed = json_of(&sotto(&data, &[&["answers", "list"][..], &site].concat()));
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let deleted = sotto(
        &data,
        &[&["answers", "delete"][..], &site, &["--id", &id]].concat(),
    );
    assert!(deleted.status.success());
    let listed = json_of(&sotto(&data, &[&["answers", "list"][..], &site].concat()));
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let audit = json_of(&sotto(&data, &["audit", "list", "--tenant", &tenant]));
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.starts_with("approved_answer."))
        .collect();
    assert_eq!(
        actions,
        [
            "approved_answer.create",
            "approved_answer.create",
            "approved_answer.disable",
            "approved_answer.update",
            "approved_answer.enable",
            "approved_answer.delete"
        ]
    );

    let no_language = one_line_error(&sotto(
        &data,
        &[
            &["answers", "add"][..],
            &site,
            &["--question", "Hours?", "--reply", "Nine to five."],
        ]
        .concat(),
    ));
    assert!(no_language.contains("LANG:TEXT"), "{no_language}");
    let foreign = one_line_error(&sotto(
        &data,
        &[
            &["answers", "add"][..],
            &site,
            &[
                "--question",
                "Hours?",
                "--reply",
                "en:Nine to five.",
                "--cite",
                "https://elsewhere.example/hours",
            ],
        ]
        .concat(),
    ));
    assert!(foreign.contains("not a page of this site"), "{foreign}");
    let unknown = one_line_error(&sotto(
        &data,
        &[&["answers", "off"][..], &site, &["--id", "nope"]].concat(),
    ));
    assert!(unknown.contains("no approved answer"), "{unknown}");
}
