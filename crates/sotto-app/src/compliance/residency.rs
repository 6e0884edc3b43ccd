//! Data residency: the operator declares where personal data may go (`[residency]`), and Sotto
//! refuses to start with a language model or an SMTP relay outside those regions unless a
//! transfer basis is configured. What is declared here is what the register of processing and the privacy notice
//! print as sub-processors and transfers.

use serde::{Deserialize, Serialize};

use crate::chat::model_answers::LlmConfig;
use crate::setup::mail::SmtpConfig;
use crate::{AppError, AppResult};

/// The members of the European Economic Area (the EU's 27, Iceland, Liechtenstein, Norway).
pub const EEA: [&str; 30] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// Where this installation runs and where personal data may be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ResidencyConfig {
    /// Where personal data may go: ISO 3166 alpha-2 country codes, `EEA` for the European
    /// Economic Area, `EU` for the European Union. Default `["EEA"]`.
    pub allowed_regions: Vec<String>,
    /// Who hosts this installation (printed as a sub-processor).
    pub hosting_provider: Option<String>,
    /// Where it is hosted (ISO code); must be inside the allowed regions.
    pub hosting_country: Option<String>,
}

impl Default for ResidencyConfig {
    fn default() -> Self {
        Self {
            allowed_regions: vec!["EEA".into()],
            hosting_provider: None,
            hosting_country: None,
        }
    }
}

/// Whether `code` is a two-letter upper-case country code.
fn is_country(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

impl ResidencyConfig {
    /// Whether data may go to `country` (an ISO code).
    pub fn allows(&self, country: &str) -> bool {
        self.allowed_regions
            .iter()
            .any(|region| match region.as_str() {
                "EEA" => EEA.contains(&country),
                "EU" => EEA[..27].contains(&country),
                code => code == country,
            })
    }

    fn checked_regions(&self) -> AppResult<()> {
        if self.allowed_regions.is_empty() {
            return Err(AppError::Setup(
                "[residency] allowed_regions is empty: name at least one region".into(),
            ));
        }
        for region in &self.allowed_regions {
            if !(region == "EEA" || region == "EU" || is_country(region)) {
                return Err(AppError::Setup(format!(
                    "[residency] allowed_regions: {region:?} is neither EEA, EU nor a two-letter country code"
                )));
            }
        }
        Ok(())
    }
}

/// Refuses a configuration that would send personal data outside the allowed regions without a
/// transfer basis: the hosting country must be allowed, and a configured language model must
/// declare its country, allowed or covered by `[llm] transfer_basis`.
pub fn check(residency: &ResidencyConfig, llm: &LlmConfig, smtp: &SmtpConfig) -> AppResult<()> {
    residency.checked_regions()?;
    if let Some(country) = &residency.hosting_country {
        if !is_country(country) {
            return Err(AppError::Setup(format!(
                "[residency] hosting_country {country:?} is not a two-letter country code"
            )));
        }
        if !residency.allows(country) {
            return Err(AppError::Setup(format!(
                "[residency] hosting_country {country} is outside the allowed regions {:?}",
                residency.allowed_regions
            )));
        }
    }
    check_model(llm, residency)?;
    check_smtp(smtp, residency)
}

/// A processor personal data is sent to (`[llm]`, `[smtp]`), as residency sees it.
struct Processor<'a> {
    /// Its configuration section.
    section: &'a str,
    /// What it receives, for the error message.
    receives: &'a str,
    /// Its country, if declared.
    country: Option<&'a String>,
    /// The transfer basis, if recorded.
    transfer_basis: Option<&'a String>,
}

fn check_model(llm: &LlmConfig, residency: &ResidencyConfig) -> AppResult<()> {
    if llm.base_url.is_none() || llm.model.is_none() {
        return Ok(());
    }
    check_processor(
        &Processor {
            section: "llm",
            receives: "the model provider processes the questions",
            country: llm.country.as_ref(),
            transfer_basis: llm.transfer_basis.as_ref(),
        },
        residency,
    )
}

fn check_smtp(smtp: &SmtpConfig, residency: &ResidencyConfig) -> AppResult<()> {
    if !smtp.is_configured() {
        return Ok(());
    }
    check_processor(
        &Processor {
            section: "smtp",
            receives: "the SMTP relay processes the e-mails",
            country: smtp.country.as_ref(),
            transfer_basis: smtp.transfer_basis.as_ref(),
        },
        residency,
    )
}

fn check_processor(processor: &Processor<'_>, residency: &ResidencyConfig) -> AppResult<()> {
    let section = processor.section;
    let Some(country) = processor.country else {
        return Err(AppError::Setup(format!(
            "[{section}] country is required: the ISO code of the country where {} (data residency)",
            processor.receives
        )));
    };
    if !is_country(country) {
        return Err(AppError::Setup(format!(
            "[{section}] country {country:?} is not a two-letter country code"
        )));
    }
    if !residency.allows(country) && processor.transfer_basis.is_none() {
        return Err(AppError::Setup(format!(
            "[{section}] is in {country}, outside the allowed regions {:?}: use a provider inside them, or record the transfer's legal basis in [{section}] transfer_basis (for instance \"standard contractual clauses\")",
            residency.allowed_regions
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three sections of the configuration residency reads.
    #[derive(Default)]
    struct Sections {
        residency: ResidencyConfig,
        llm: LlmConfig,
        smtp: SmtpConfig,
    }

    fn checked(config: &Sections) -> AppResult<()> {
        check(&config.residency, &config.llm, &config.smtp)
    }

    fn with_model(country: Option<&str>, basis: Option<&str>) -> Sections {
        let mut config = Sections::default();
        config.llm.base_url = Some("https://api.example/v1".into());
        config.llm.model = Some("m".into());
        config.llm.country = country.map(str::to_owned);
        config.llm.transfer_basis = basis.map(str::to_owned);
        config
    }

    #[test]
    fn regions_cover_their_members() {
        let residency = ResidencyConfig::default();
        assert!(residency.allows("FI") && residency.allows("NO"));
        assert!(!residency.allows("US") && !residency.allows("CH"));
        let eu = ResidencyConfig {
            allowed_regions: vec!["EU".into(), "CH".into()],
            ..ResidencyConfig::default()
        };
        assert!(eu.allows("FR") && eu.allows("CH") && !eu.allows("NO"));
    }

    #[test]
    fn a_model_outside_the_regions_needs_a_transfer_basis() {
        assert!(
            checked(&Sections::default()).is_ok(),
            "no model, nothing to check"
        );
        assert!(checked(&with_model(Some("FR"), None)).is_ok());
        let missing = checked(&with_model(None, None)).unwrap_err().to_string();
        assert!(missing.contains("[llm] country is required"), "{missing}");
        let outside = checked(&with_model(Some("US"), None))
            .unwrap_err()
            .to_string();
        assert!(outside.contains("transfer_basis"), "{outside}");
        assert!(
            checked(&with_model(
                Some("US"),
                Some("standard contractual clauses")
            ))
            .is_ok()
        );
        assert!(checked(&with_model(Some("usa"), None)).is_err());
    }

    #[test]
    fn an_smtp_relay_needs_a_country_inside_or_a_transfer_basis() {
        let mut config = Sections::default();
        config.smtp.host = Some("smtp.example".into());
        let missing = checked(&config).unwrap_err().to_string();
        assert!(missing.contains("[smtp] country is required"), "{missing}");
        config.smtp.country = Some("US".into());
        let outside = checked(&config).unwrap_err().to_string();
        assert!(outside.contains("[smtp] transfer_basis"), "{outside}");
        config.smtp.transfer_basis = Some("standard contractual clauses".into());
        assert!(checked(&config).is_ok());
        config.smtp.country = Some("SE".into());
        config.smtp.transfer_basis = None;
        assert!(checked(&config).is_ok());
    }

    #[test]
    fn hosting_must_be_inside_and_regions_well_formed() {
        let mut config = Sections::default();
        config.residency.hosting_country = Some("US".into());
        assert!(checked(&config).is_err());
        config.residency.hosting_country = Some("DE".into());
        assert!(checked(&config).is_ok());
        config.residency.allowed_regions = vec!["Europe".into()];
        assert!(checked(&config).is_err());
        config.residency.allowed_regions = Vec::new();
        assert!(checked(&config).is_err());
    }
}
