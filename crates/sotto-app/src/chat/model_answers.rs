//! Answers written by the installation's language model, when one is configured: retrieval
//! runs first, and every question for which it found passages worth reading reaches the model
//! with the best of them, whatever the built-in reader decided (small talk and questions with
//! nothing close on the site never do); the model writes from those passages or declines, its
//! citations are checked, and anything wrong (provider down or slow, a citation of anything
//! else, no citation) falls back to the built-in answer. What the visitor typed
//! reaches the model with personal data redacted unless the tenant opted out.

use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sotto_knowledge::index::Hit;
use sotto_knowledge::llm::{ChatClient, CitationGuard, LlmSettings, contact, grounding};
use sotto_knowledge::outbound::AddressPolicy;
use sotto_knowledge::{Answer, AnswerKind, ExtractiveAnswerer, SiteIndex};
use tracing::{info, warn};
use url::Url;

use crate::{AppError, AppResult};

/// Where the OpenAI-compatible model is and how long to wait for it. The API key is never
/// part of the configuration: it comes from `SOTTO_LLM_API_KEY` only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LlmConfig {
    /// Base URL of the API (`https://api.mistral.ai/v1`, `http://10.0.0.5:8000/v1`); also
    /// `SOTTO_LLM_BASE_URL`.
    pub base_url: Option<String>,
    /// Model name; also `SOTTO_LLM_MODEL`.
    pub model: Option<String>,
    /// Longest time one request may take, streaming included, in seconds.
    pub timeout_seconds: u64,
    /// Attempts after the first one, with exponential back-off, on network errors, `429`
    /// and `5xx`.
    pub retries: u32,
    /// Longest answer, in tokens.
    pub max_tokens: u32,
    /// The provider's name, as the register and the notice print it (the API host otherwise).
    pub provider: Option<String>,
    /// Where the provider processes questions (ISO code); required with a model, checked
    /// against `[residency] allowed_regions`.
    pub country: Option<String>,
    /// The legal basis of a transfer outside the allowed regions (for instance "standard
    /// contractual clauses"); printed in the register and the notice.
    pub transfer_basis: Option<String>,
    /// Whether the model also reads each (redacted) visitor message to tell whether it asks
    /// for a human or a follow-up, besides the cue phrases. Off by default: it is a second
    /// request per turn (sent alongside the answer's, so it adds no waiting).
    pub classify_phase: bool,
}

impl Default for LlmConfig {
    fn default() -> Self {
        Self {
            base_url: None,
            model: None,
            timeout_seconds: 30,
            retries: 2,
            max_tokens: 400,
            provider: None,
            country: None,
            transfer_basis: None,
            classify_phase: false,
        }
    }
}

/// Environment variable holding the model provider's API key (never the configuration file).
pub const API_KEY_VARIABLE: &str = "SOTTO_LLM_API_KEY";

/// Receives the answer's checked text as the model writes it.
pub type Deltas<'a> = &'a mut (dyn FnMut(&str) + Send);

/// The configured model, ready to answer.
pub(crate) struct ModelAnswerer {
    client: ChatClient,
    classifies_phase: bool,
}

impl ModelAnswerer {
    /// The model of `config`, or `None` when no base URL and model are configured.
    pub(crate) fn configured(config: &LlmConfig, policy: AddressPolicy) -> AppResult<Option<Self>> {
        let (Some(base_url), Some(model)) = (&config.base_url, &config.model) else {
            return Ok(None);
        };
        let base_url = Url::parse(base_url)
            .map_err(|_| AppError::Setup("[llm] base_url is not a URL".into()))?;
        let settings = LlmSettings {
            base_url,
            model: model.clone(),
            api_key: std::env::var(API_KEY_VARIABLE).ok().map(SecretString::from),
            timeout: Duration::from_secs(config.timeout_seconds.max(1)),
            retries: config.retries,
            max_tokens: config.max_tokens,
        };
        let agent = crate::knowledge::crawling::user_agent();
        let client = ChatClient::new(settings, policy, &agent)
            .map_err(|error| AppError::Setup(format!("[llm]: {error}")))?;
        info!(model = %model, "answers are written by a language model");
        Ok(Some(Self {
            client,
            classifies_phase: config.classify_phase,
        }))
    }

    /// Whether the model reads `message` (redacted) as a request for contact; `None` when it is
    /// not asked to classify, fails, or answers anything but the two words.
    pub(crate) async fn asks_for_contact(&self, message: &str) -> Option<bool> {
        if !self.classifies_phase {
            return None;
        }
        match self.client.complete(&contact::prompt(message)).await {
            Ok(reply) => contact::verdict(&reply),
            Err(error) => {
                warn!(%error, "the model did not classify the message; the cue phrases decide");
                None
            }
        }
    }

    /// The model's answer to `question` from `passages`, or `extractive` when the model
    /// fails or its answer is not grounded. With `deltas`, the reply is streamed and its
    /// checked sentences are passed on as they come.
    pub(crate) async fn answer(
        &self,
        answerer: &ExtractiveAnswerer,
        index: &SiteIndex,
        passages: &[Hit],
        question: &str,
        extractive: Answer,
        deltas: Option<Deltas<'_>>,
    ) -> Answer {
        let messages = grounding::prompt(index.language().code(), passages, question);
        let mut guard = CitationGuard::new(passages);
        let mut deltas = deltas;
        let reply = match deltas.as_mut() {
            None => self.client.complete(&messages).await.map(|text| {
                guard.push(&text);
            }),
            Some(deltas) => self
                .client
                .stream(&messages, |piece| {
                    let shown = guard.push(piece);
                    if !shown.is_empty() {
                        deltas(&shown);
                    }
                })
                .await
                .map(|_| ()),
        };
        if let Err(error) = reply {
            warn!(%error, "the model gave no answer; the extractive answer is used");
            return extractive;
        }
        let (tail, verdict) = guard.finish();
        if let Some(deltas) = deltas.as_mut().filter(|_| !tail.is_empty()) {
            deltas(&tail);
        }
        match verdict {
            Ok(grounded) => Answer {
                text: grounded.text,
                citations: grounded
                    .cited
                    .iter()
                    .map(|&i| answerer.cite(&passages[i]))
                    .collect(),
                kind: AnswerKind::Generated,
                confidence: extractive.confidence,
            },
            Err(grounding::Ungrounded::NoAnswer) => answerer.unknown(index, extractive.confidence),
            Err(reason) => {
                warn!(%reason, "the model's answer is rejected; the extractive answer is used");
                extractive
            }
        }
    }
}
