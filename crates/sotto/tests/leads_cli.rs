//! E-mail capture from the command line: `sotto site privacy` turns it on and names the lead
//! webhook, prints and rotates the webhook key; `sotto lead list` shows what visitors left; `sotto
//! lead erase --email` erases everyone who left an address, and says so in one line when nobody did.

mod common;

use common::{json_of, sotto};
use sotto_app::chat::turn::VisitorMessage;
use sotto_app::leads::capture::EmailOffer;
use sotto_core::VisitorId;
use sotto_core::consent::ConsentPurpose;
use sotto_core::lead::LeadPurpose;

/// A visitor asks to be called back and leaves their address, as the widget does.
async fn leave_address(data: &std::path::Path, address: &str) {
    let (sotto, site) = common::open_shop(data).await;
    let visitor = VisitorId::random();
    let reply = sotto
        .send_message(
            &site,
            &visitor,
            VisitorMessage {
                text: "Please call me back".into(),
                conversation_id: None,
                page_url: None,
            },
        )
        .await
        .unwrap();
    assert!(reply.ask_email);
    let followup = common::granted(&sotto, &site, "en", ConsentPurpose::EmailFollowup).await;
    sotto
        .leave_email(
            &site,
            &visitor,
            EmailOffer {
                purpose: LeadPurpose::Contact,
                email: address.into(),
                conversation_id: Some(reply.conversation_id),
                answers: vec![followup],
                language: None,
                confirmation_code: None,
            },
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn leads_from_the_command_line() {
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
        ],
    ));
    let on = json_of(&sotto(
        &data,
        &[
            "site",
            "privacy",
            "--site",
            "shop",
            "--email-capture",
            "on",
            "--lead-webhook",
            "https://crm.shop.example/leads",
        ],
    ));
    assert_eq!(on["email_capture"], true);
    assert_eq!(on["lead_webhook"], "https://crm.shop.example/leads");
    assert_eq!(on["consent_mode"], "legitimate_interest", "unchanged");
    let key = json_of(&sotto(
        &data,
        &["site", "privacy", "--site", "shop", "--webhook-key"],
    ));
    assert_eq!(key["generation"], 0);
    assert_eq!(key["secret"].as_str().unwrap().len(), 64);
    let rotated = json_of(&sotto(
        &data,
        &["site", "privacy", "--site", "shop", "--rotate-webhook-key"],
    ));
    assert_eq!(rotated["generation"], 1);
    assert_ne!(rotated["secret"], key["secret"]);
    let off = json_of(&sotto(
        &data,
        &[
            "site",
            "privacy",
            "--site",
            "shop",
            "--lead-webhook",
            "none",
        ],
    ));
    assert!(off.get("lead_webhook").is_none());
    assert_eq!(
        off["webhook_generation"], 1,
        "a change of settings keeps the key"
    );
    for bad in [
        &["--email-capture", "maybe"][..],
        &["--lead-webhook", "ftp://crm.shop.example"][..],
    ] {
        let mut args = vec!["site", "privacy", "--site", "shop"];
        args.extend_from_slice(bad);
        assert!(!sotto(&data, &args).status.success(), "{bad:?}");
    }

    leave_address(&data, "Ada@Example.org").await;
    let leads = json_of(&sotto(&data, &["lead", "list", "--tenant", &tenant]));
    assert_eq!(leads.as_array().unwrap().len(), 1);
    assert_eq!(leads[0]["email"], "ada@example.org");
    assert_eq!(leads[0]["may_contact"], true);
    assert_eq!(leads[0]["marketing"], false);

    let receipt = json_of(&sotto(
        &data,
        &[
            "lead",
            "erase",
            "--tenant",
            &tenant,
            "--email",
            " ADA@example.org",
        ],
    ));
    assert_eq!(receipt["scope"], "email");
    assert_eq!(receipt["erased"]["conversations"], 1);
    let leads = json_of(&sotto(&data, &["lead", "list", "--tenant", &tenant]));
    assert!(leads.as_array().unwrap().is_empty());
    let again = sotto(
        &data,
        &[
            "lead",
            "erase",
            "--tenant",
            &tenant,
            "--email",
            "ada@example.org",
        ],
    );
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not found"), "{stderr}");
    let malformed = sotto(
        &data,
        &["lead", "erase", "--tenant", &tenant, "--email", "ada"],
    );
    assert!(!malformed.status.success());
}
