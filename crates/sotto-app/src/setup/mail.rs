//! E-mail sent on a visitor's request (a summary of their conversation), through the SMTP
//! relay the operator configures in `[smtp]`. The relay is a sub-processor: its country is
//! checked against the allowed regions at start-up and printed in the register and the notice.
//! The password comes from `SOTTO_SMTP_PASSWORD` only; addresses are never logged.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use crate::{AppError, AppResult};

/// Environment variable holding the relay's password (never the configuration file).
pub const PASSWORD_VARIABLE: &str = "SOTTO_SMTP_PASSWORD";

/// How the connection to the relay is protected.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS, which is required (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same host or a test server.
    None,
}

/// The SMTP relay (`[smtp]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpConfig {
    /// Host name of the relay; summaries by e-mail are offered only when it is set.
    pub host: Option<String>,
    /// Port (587 for STARTTLS, 465 for TLS).
    pub port: u16,
    /// Connection protection.
    pub security: SmtpSecurity,
    /// User name, when the relay asks for one (the password is `SOTTO_SMTP_PASSWORD`).
    pub username: Option<String>,
    /// The sender address of every message; required with a host.
    pub from: Option<String>,
    /// The relay's operator, as the register and the notice print it (the host otherwise).
    pub provider: Option<String>,
    /// Where the relay processes messages (ISO code); required with a host, checked against
    /// `[residency] allowed_regions`.
    pub country: Option<String>,
    /// The legal basis of a transfer outside the allowed regions.
    pub transfer_basis: Option<String>,
    /// Longest time one delivery may take, in seconds.
    pub timeout_seconds: u64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            host: None,
            port: 587,
            security: SmtpSecurity::default(),
            username: None,
            from: None,
            provider: None,
            country: None,
            transfer_basis: None,
            timeout_seconds: 20,
        }
    }
}

impl SmtpConfig {
    /// Whether a relay is configured (the widget then offers summaries by e-mail).
    pub fn is_configured(&self) -> bool {
        self.host.is_some()
    }

    /// The relay's name as the documents print it.
    pub fn provider_name(&self) -> Option<String> {
        self.provider.clone().or_else(|| self.host.clone())
    }
}

/// One message to send: plain text, to one recipient.
pub struct Outgoing<'a> {
    /// The recipient (a normalized address).
    pub to: &'a str,
    /// Subject line.
    pub subject: &'a str,
    /// Plain-text body.
    pub body: String,
}

/// The configured relay, ready to send.
pub(crate) struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// The relay of `config`, or `None` when no host is configured.
    pub(crate) fn configured(config: &SmtpConfig) -> AppResult<Option<Self>> {
        let Some(host) = &config.host else {
            return Ok(None);
        };
        let from: Mailbox = config
            .from
            .as_deref()
            .ok_or_else(|| AppError::Setup("[smtp] from is required with a host".into()))?
            .parse()
            .map_err(|_| AppError::Setup("[smtp] from is not an e-mail address".into()))?;
        let builder = match config.security {
            SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
            SmtpSecurity::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                host,
            )),
        }
        .map_err(|error| AppError::Setup(format!("[smtp]: {error}")))?;
        let mut builder = builder
            .port(config.port)
            .timeout(Some(Duration::from_secs(config.timeout_seconds.max(1))));
        if let Some(username) = &config.username {
            let password = std::env::var(PASSWORD_VARIABLE).unwrap_or_default();
            builder = builder.credentials(Credentials::new(username.clone(), password));
        }
        info!("summaries by e-mail go through the configured SMTP relay");
        Ok(Some(Self {
            transport: builder.build(),
            from,
        }))
    }

    /// Sends one message; the error names no address.
    pub(crate) async fn send(&self, outgoing: Outgoing<'_>) -> AppResult<()> {
        let to: Mailbox = outgoing
            .to
            .parse()
            .map_err(|_| AppError::Invalid("the e-mail address cannot be used".into()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(outgoing.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(outgoing.body)
            .map_err(|error| AppError::Setup(format!("cannot build an e-mail: {error}")))?;
        self.transport.send(message).await.map_err(|error| {
            // The error's text may quote the relay's reply, which can name the recipient:
            // only its class and reply code are logged.
            let status = error.status().map(|code| code.to_string());
            warn!(
                status = status.as_deref().unwrap_or("none"),
                permanent = error.is_permanent(),
                timeout = error.is_timeout(),
                "the SMTP relay refused or failed a delivery"
            );
            AppError::Unavailable("the e-mail could not be sent; try again later".into())
        })?;
        Ok(())
    }
}
