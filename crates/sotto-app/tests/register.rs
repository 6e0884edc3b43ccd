//! The register of processing activities follows the live configuration: the sites' consent
//! modes and retention, the personal-data policy, the language model's country and transfer
//! basis, and the controller's profile; its page escapes every value.

mod common;

use sotto_app::chat::pii_settings::PiiSettings;
use sotto_app::consent::privacy_settings::{PrivacyProfile, SitePrivacy};
use sotto_app::team::access::Actor;
use sotto_app::{Config, SqliteSotto};
use sotto_core::consent::ConsentMode;

#[tokio::test]
async fn the_register_is_written_from_the_configuration() {
    let common::Demo {
        dir: _dir,
        sotto,
        site,
        config,
    } = common::demo().await;
    let tenant = site.tenant();
    let register = sotto.processing_register(tenant).await.unwrap();
    let chat = &register.activities[0];
    assert!(
        chat.legal_basis[0].contains("legitimate interest"),
        "{:?}",
        chat.legal_basis
    );
    assert!(chat.retention[0].ends_with("730 days after their last message"));
    assert!(
        chat.transfers[0].starts_with("None"),
        "{:?}",
        chat.transfers
    );
    assert_eq!(register.sub_processors.len(), 1, "hosting only, no model");

    sotto
        .set_site_privacy(
            site.id(),
            SitePrivacy {
                consent_mode: ConsentMode::OptIn,
                ..SitePrivacy::default()
            },
            &Actor::Cli,
        )
        .await
        .unwrap();
    sotto
        .set_retention(site.id(), 90, &Actor::Cli)
        .await
        .unwrap();
    let policy: PiiSettings =
        serde_json::from_str(r#"{"policy":{"actions":{"PHONE":"mask","EMAIL":"keep"}}}"#).unwrap();
    sotto
        .set_pii_settings(tenant, policy, &Actor::Cli)
        .await
        .unwrap();
    sotto
        .set_privacy_profile(
            tenant,
            PrivacyProfile {
                controller_name: Some("Maison <Verte> SAS".into()),
                dpo_email: Some("dpo@maison-verte.example".into()),
                ..PrivacyProfile::default()
            },
            &Actor::Cli,
        )
        .await
        .unwrap();
    drop(sotto);
    let mut abroad: Config = config.clone();
    abroad.llm.base_url = Some("https://llm.example.com/v1".into());
    abroad.llm.model = Some("m".into());
    abroad.llm.provider = Some("Example AI".into());
    abroad.llm.country = Some("US".into());
    assert!(
        SqliteSotto::open(&abroad).await.is_err(),
        "a model outside the allowed regions needs a transfer basis"
    );
    abroad.llm.transfer_basis = Some("standard contractual clauses".into());
    abroad.residency.hosting_provider = Some("Hetzner".into());
    abroad.residency.hosting_country = Some("DE".into());
    let sotto = SqliteSotto::open(&abroad).await.unwrap();
    let register = sotto.processing_register(tenant).await.unwrap();
    let chat = &register.activities[0];
    assert!(chat.legal_basis[0].contains("consent asked in the widget"));
    assert!(chat.retention[0].ends_with("90 days after their last message"));
    let policy = chat.data_categories.last().unwrap();
    assert!(
        policy.contains("masked (last characters kept): PHONE"),
        "{policy}"
    );
    assert!(
        policy.contains("kept, encrypted and flagged: EMAIL"),
        "{policy}"
    );
    assert_eq!(
        chat.transfers,
        ["Example AI in US: standard contractual clauses"]
    );
    let processors: Vec<String> = register
        .sub_processors
        .iter()
        .map(|p| format!("{}|{}|{:?}", p.role, p.name, p.country))
        .collect();
    assert_eq!(
        processors,
        [
            "hosting|Hetzner|Some(\"DE\")",
            "language model|Example AI|Some(\"US\")"
        ]
    );
    let markdown = register.to_markdown();
    assert!(markdown.starts_with("# Register of processing activities: Maison <Verte> SAS"));
    assert!(markdown.contains(
        "- language model: Example AI, US (transfer basis: standard contractual clauses)"
    ));
    let page = register.to_html();
    assert!(page.contains("Maison &lt;Verte&gt; SAS") && !page.contains("<Verte>"));
    let notice = sotto
        .privacy_texts(&site, Some("en"))
        .await
        .unwrap()
        .texts
        .notice
        .text;
    assert!(
        notice.contains("this transfer relies on: standard contractual clauses"),
        "{notice}"
    );
}
