//! One chat turn streamed as server-sent events (`POST …/messages/stream`): `delta` events
//! carry the answer's checked text as the language model writes it, then one `done` event
//! carries the turn as stored (authoritative: after a fallback it replaces what the deltas
//! showed), or one `error` event. Errors found before the turn starts (bad body, unknown
//! conversation) are ordinary JSON errors with their status.

use std::convert::Infallible;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use sotto_app::chat::turn::{TurnReply, VisitorMessage};
use sotto_app::tenancy::sites::OpenSite;
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::VisitorId;
use tokio::sync::mpsc;

use crate::{ApiError, AppState};

/// What the turn task reports.
enum TurnEvent {
    Delta(String),
    Done(Result<Box<TurnReply>, AppError>),
}

/// Runs the turn in its own task (a visitor who leaves does not lose the stored turn) and
/// answers with its events; an error before the first delta is a plain JSON error.
pub(crate) async fn stream_turn<M: MainStore, C: ConversationStore>(
    sotto: AppState<M, C>,
    site: OpenSite,
    visitor: VisitorId,
    message: VisitorMessage,
) -> Result<Response, ApiError> {
    let (events, mut received) = mpsc::unbounded_channel::<TurnEvent>();
    tokio::spawn(async move {
        let deltas = events.clone();
        let mut on_delta = move |text: &str| {
            let _ = deltas.send(TurnEvent::Delta(text.to_owned()));
        };
        let turn = sotto
            .send_message_streamed(&site, &visitor, message, Some(&mut on_delta))
            .await;
        let _ = events.send(TurnEvent::Done(turn.map(Box::new)));
    });
    let first = match received.recv().await {
        Some(TurnEvent::Done(Err(error))) => return Err(error.into()),
        Some(first) => first,
        None => return Err(AppError::Setup("the turn ended without a reply".into()).into()),
    };
    Ok(Sse::new(events_of(first, received))
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// The SSE events of `first` and of everything after it, ending after `done` or `error`.
fn events_of(
    first: TurnEvent,
    rest: mpsc::UnboundedReceiver<TurnEvent>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold((Some(first), Some(rest)), |(pending, rest)| async move {
        let mut rest = rest?;
        let event = match pending {
            Some(event) => event,
            None => rest.recv().await?,
        };
        let (sse, more) = match event {
            TurnEvent::Delta(text) => (
                json_event("delta", &serde_json::json!({ "text": text })),
                true,
            ),
            TurnEvent::Done(Ok(reply)) => (json_event("done", &reply), false),
            TurnEvent::Done(Err(error)) => {
                (json_event("error", &ApiError::from(error).body()), false)
            }
        };
        Some((Ok(sse), (None, more.then_some(rest))))
    })
}

fn json_event(name: &str, data: &impl serde::Serialize) -> Event {
    Event::default()
        .event(name)
        .json_data(data)
        .unwrap_or_else(|_| Event::default().event("error"))
}
