//! The SQL of votes on answers and their weekly counts, written once for both backends in
//! PostgreSQL's `$n` placeholders (which SQLite binds too), with the row decoders both share.

use sotto_store::decode as rows;
use sotto_store::{StoreResult, VoteRecord, VoteTally};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::backend;

/// The vote stored on an answer, and whether the answer is there: `$1` tenant,
/// `$2` conversation, `$3` seq, `$4` message id. One row, whatever exists.
pub const VOTE_CHECK: &str = "SELECT
     EXISTS (SELECT 1 FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND seq = $3
             AND message_id = $4 AND role = 'assistant') AS answer_stored,
     (SELECT body FROM votes WHERE tenant_id = $1 AND conversation_id = $2 AND seq = $3) AS body";

/// Stores or replaces a vote: `$1` tenant, `$2` conversation, `$3` seq, `$4` message id,
/// `$5` sealed body, `$6` sealing, `$7` voted at.
pub const UPSERT_VOTE: &str =
    "INSERT INTO votes (tenant_id, conversation_id, seq, message_id, body, sealing, voted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, conversation_id, seq)
     DO UPDATE SET body = excluded.body, sealing = excluded.sealing, voted_at = excluded.voted_at";

/// Adds to a site's weekly counts: `$1` tenant, `$2` site, `$3` week, `$4` kind, `$5` up,
/// `$6` down.
pub const ADD_TALLY: &str = "INSERT INTO vote_tallies (tenant_id, site_id, week, kind, up, down)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, site_id, week, kind)
     DO UPDATE SET up = vote_tallies.up + excluded.up, down = vote_tallies.down + excluded.down";

/// Conversation `$2`'s votes with tenant `$1`, in the order of the answers.
pub const VOTES_OF: &str =
    "SELECT conversation_id, message_id, seq, body, sealing, voted_at FROM votes
     WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY seq";

/// Tenant `$1`'s weekly counts from week `$2` (of site `$3` unless it is NULL), oldest first.
pub const TALLIES: &str = "SELECT site_id, week, kind, up, down FROM vote_tallies
     WHERE tenant_id = $1 AND week >= $2 AND ($3 IS NULL OR site_id = $3)
     ORDER BY week, site_id, kind";

/// Decodes a row of [`VOTES_OF`].
pub fn vote<R>(row: &R) -> StoreResult<VoteRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(VoteRecord {
        conversation_id: rows::conversation_id(
            &row.try_get::<String, _>("conversation_id")
                .map_err(backend)?,
        )?,
        message_id: rows::message_id(&row.try_get::<String, _>("message_id").map_err(backend)?)?,
        seq: row.try_get("seq").map_err(backend)?,
        body: row.try_get("body").map_err(backend)?,
        sealing: rows::sealing(row.try_get("sealing").map_err(backend)?)?,
        voted_at: row.try_get("voted_at").map_err(backend)?,
    })
}

/// Decodes a row of [`TALLIES`].
pub fn tally<R>(row: &R) -> StoreResult<VoteTally>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(VoteTally {
        site_id: rows::site_id(&row.try_get::<String, _>("site_id").map_err(backend)?)?,
        week: row.try_get("week").map_err(backend)?,
        kind: row.try_get("kind").map_err(backend)?,
        up: row.try_get("up").map_err(backend)?,
        down: row.try_get("down").map_err(backend)?,
    })
}
