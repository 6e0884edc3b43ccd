//! The tenant's own rules: patterns (a regex and a label) and exact terms it marks as
//! sensitive, such as customer-number formats or internal project names.

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::entity::{EntityType, Span};
use crate::text::isolated;

/// Largest compiled size of one tenant pattern: a tenant cannot make detection slow.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// A tenant rule as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomPattern {
    /// What a match is called in reports (`CUSTOMER_NUMBER`).
    pub label: String,
    /// A regular expression of the `regex` crate's syntax (linear time by construction).
    pub pattern: String,
}

/// Why a tenant rule was refused.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The pattern does not compile or is too large.
    #[error("pattern {label:?} is not usable: {reason}")]
    InvalidPattern {
        /// The rule's label.
        label: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A term is empty.
    #[error("sensitive terms cannot be empty")]
    EmptyTerm,
}

/// A tenant's compiled rules.
#[derive(Debug, Clone, Default)]
pub struct TenantRules {
    patterns: Vec<(String, Regex)>,
    terms: Option<Regex>,
}

impl TenantRules {
    /// Compiles patterns and terms; terms match case-insensitively as whole words.
    pub fn new(patterns: &[CustomPattern], terms: &[String]) -> Result<Self, RuleError> {
        let patterns = patterns
            .iter()
            .map(|rule| {
                RegexBuilder::new(&rule.pattern)
                    .size_limit(PATTERN_SIZE_LIMIT)
                    .build()
                    .map(|regex| (rule.label.clone(), regex))
                    .map_err(|e| RuleError::InvalidPattern {
                        label: rule.label.clone(),
                        reason: e.to_string(),
                    })
            })
            .collect::<Result<_, _>>()?;
        if terms.iter().any(|t| t.trim().is_empty()) {
            return Err(RuleError::EmptyTerm);
        }
        let terms = (!terms.is_empty())
            .then(|| {
                let alternation = terms
                    .iter()
                    .map(|t| regex::escape(t.trim()))
                    .collect::<Vec<_>>()
                    .join("|");
                RegexBuilder::new(&format!("(?i:{alternation})"))
                    .size_limit(PATTERN_SIZE_LIMIT)
                    .build()
                    .map_err(|e| RuleError::InvalidPattern {
                        label: "terms".into(),
                        reason: e.to_string(),
                    })
            })
            .transpose()?;
        Ok(Self { patterns, terms })
    }

    pub(crate) fn find(&self, text: &str, out: &mut Vec<Span>) {
        for (label, regex) in &self.patterns {
            for m in regex.find_iter(text).filter(|m| !m.is_empty()) {
                out.push(Span {
                    label: Some(label.clone()),
                    ..Span::new(EntityType::Custom, m.start(), m.end(), 1.0)
                });
            }
        }
        if let Some(terms) = &self.terms {
            for m in terms.find_iter(text) {
                if isolated(text, m.start(), m.end()) {
                    out.push(Span {
                        label: Some("SENSITIVE_TERM".into()),
                        ..Span::new(EntityType::Custom, m.start(), m.end(), 1.0)
                    });
                }
            }
        }
    }
}
