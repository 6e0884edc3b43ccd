//! The OpenAI-compatible chat-completions client: one `POST {base}/chat/completions`, through
//! the guarded outbound client, with a bounded time, retries with exponential back-off on the
//! failures worth retrying (network, timeout, `429`, `5xx`), and streaming read as
//! server-sent events. Neither the prompt nor the provider's reply ever reaches a log or an
//! error message: they may hold what visitors typed.

use std::time::Duration;

use eventsource_stream::Eventsource;
use futures_util::StreamExt;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tracing::{debug, warn};
use url::Url;

use crate::outbound::{AddressPolicy, OutboundClient, OutboundError, read_limited};

/// Largest non-streamed reply body read.
const MAX_REPLY_BYTES: usize = 2_000_000;
/// First back-off; doubled on each retry.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Longest wait between two attempts, whatever `Retry-After` asks for.
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// Where and how to reach the model.
#[derive(Clone)]
pub struct LlmSettings {
    /// Base URL of the API, e.g. `https://api.mistral.ai/v1` (the client posts to
    /// `{base}/chat/completions`).
    pub base_url: Url,
    /// Model name, e.g. `mistral-small-latest`.
    pub model: String,
    /// Bearer key; none for a self-hosted server that needs none.
    pub api_key: Option<SecretString>,
    /// Longest time one attempt may take, streaming included.
    pub timeout: Duration,
    /// Attempts after the first one.
    pub retries: u32,
    /// Longest reply, in tokens.
    pub max_tokens: u32,
}

/// Why the model gave no usable reply.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// The request could not be sent or read (refused address, network, timeout).
    #[error("the model could not be reached: {0}")]
    Outbound(#[from] OutboundError),
    /// The provider answered with an error status.
    #[error("the model provider answered {0}")]
    Status(u16),
    /// The reply is not a chat completion.
    #[error("the model's reply is not a chat completion")]
    Malformed,
    /// The base URL cannot carry the API path.
    #[error("the model's base URL is not usable: {0}")]
    BaseUrl(String),
}

impl LlmError {
    fn retryable(&self) -> bool {
        match self {
            LlmError::Outbound(OutboundError::Http(_)) => true,
            LlmError::Status(status) => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// One message of the conversation sent to the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChatMessage {
    /// `system` or `user`.
    pub role: &'static str,
    /// The text.
    pub content: String,
}

#[derive(Serialize)]
struct CompletionRequest<'a> {
    model: &'a str,
    messages: &'a [ChatMessage],
    temperature: f32,
    max_tokens: u32,
    stream: bool,
}

#[derive(Deserialize)]
struct Completion {
    choices: Vec<CompletionChoice>,
}

#[derive(Deserialize)]
struct CompletionChoice {
    message: ReplyContent,
}

#[derive(Deserialize)]
struct Chunk {
    #[serde(default)]
    choices: Vec<ChunkChoice>,
}

#[derive(Deserialize)]
struct ChunkChoice {
    #[serde(default)]
    delta: ReplyContent,
}

#[derive(Deserialize, Default)]
struct ReplyContent {
    #[serde(default)]
    content: Option<String>,
}

/// The client of one installation's model. Cheap to clone.
#[derive(Clone)]
pub struct ChatClient {
    http: OutboundClient,
    endpoint: Url,
    model: String,
    api_key: Option<SecretString>,
    retries: u32,
    max_tokens: u32,
}

impl ChatClient {
    /// A client for `settings`, reaching only the addresses `policy` allows.
    pub fn new(
        settings: LlmSettings,
        policy: AddressPolicy,
        user_agent: &str,
    ) -> Result<Self, LlmError> {
        let mut base = settings.base_url;
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let endpoint = base
            .join("chat/completions")
            .map_err(|e| LlmError::BaseUrl(e.to_string()))?;
        if !matches!(endpoint.scheme(), "http" | "https") {
            return Err(LlmError::BaseUrl("not an http(s) URL".into()));
        }
        Ok(Self {
            http: OutboundClient::new(policy, user_agent, settings.timeout)?,
            endpoint,
            model: settings.model,
            api_key: settings.api_key,
            retries: settings.retries,
            max_tokens: settings.max_tokens,
        })
    }

    /// The whole reply at once.
    pub async fn complete(&self, messages: &[ChatMessage]) -> Result<String, LlmError> {
        let response = self.send(messages, false).await?;
        let body = read_limited(response, MAX_REPLY_BYTES).await?;
        let completion: Completion =
            serde_json::from_slice(&body).map_err(|_| LlmError::Malformed)?;
        completion
            .choices
            .into_iter()
            .next()
            .and_then(|choice| choice.message.content)
            .ok_or(LlmError::Malformed)
    }

    /// The reply as it is written: `on_delta` gets each piece; returns the whole text.
    pub async fn stream(
        &self,
        messages: &[ChatMessage],
        mut on_delta: impl FnMut(&str) + Send,
    ) -> Result<String, LlmError> {
        let response = self.send(messages, true).await?;
        let mut events = response.bytes_stream().eventsource();
        let mut whole = String::new();
        while let Some(event) = events.next().await {
            let event = event.map_err(|error| match error {
                eventsource_stream::EventStreamError::Transport(http) => {
                    LlmError::Outbound(OutboundError::Http(http))
                }
                _ => LlmError::Malformed,
            })?;
            if event.data.trim() == "[DONE]" {
                break;
            }
            let chunk: Chunk =
                serde_json::from_str(&event.data).map_err(|_| LlmError::Malformed)?;
            for piece in chunk.choices.into_iter().filter_map(|c| c.delta.content) {
                if whole.len() + piece.len() > MAX_REPLY_BYTES {
                    return Err(LlmError::Malformed);
                }
                on_delta(&piece);
                whole.push_str(&piece);
            }
        }
        Ok(whole)
    }

    /// Posts the request, retrying what is worth retrying; a response with a success status.
    async fn send(
        &self,
        messages: &[ChatMessage],
        stream: bool,
    ) -> Result<reqwest::Response, LlmError> {
        let body = CompletionRequest {
            model: &self.model,
            messages,
            temperature: 0.0,
            max_tokens: self.max_tokens,
            stream,
        };
        let mut attempt = 0;
        loop {
            let outcome = self.attempt(&body).await;
            let (error, retry_after) = match outcome {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            if attempt >= self.retries || !error.retryable() {
                return Err(error);
            }
            let backoff = retry_after
                .unwrap_or(FIRST_BACKOFF * 2u32.saturating_pow(attempt))
                .min(MAX_BACKOFF);
            warn!(attempt, %error, ?backoff, "model request failed; retrying");
            tokio::time::sleep(backoff).await;
            attempt += 1;
        }
    }

    async fn attempt(
        &self,
        body: &CompletionRequest<'_>,
    ) -> Result<reqwest::Response, (LlmError, Option<Duration>)> {
        let mut request = self
            .http
            .request(reqwest::Method::POST, &self.endpoint)
            .map_err(|e| (e.into(), None))?
            .json(body);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key.expose_secret());
        }
        let response = self
            .http
            .send(request)
            .await
            .map_err(|e| (e.into(), None))?;
        let status = response.status();
        debug!(status = status.as_u16(), "model replied");
        if status.is_success() {
            return Ok(response);
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        Err((LlmError::Status(status.as_u16()), retry_after))
    }
}
