//! Background jobs that must run on one node at a time, whatever the number of nodes: each
//! backend offers a lock per job ([`crate::ConversationStore::try_lock_job`]).

/// A job that takes the installation-wide lock before it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Erases conversations idle for longer than their site's retention.
    RetentionSweep,
    /// Recrawls the sites whose last crawl is older than the recrawl interval.
    Recrawl,
    /// Finishes the erasures a stopped process left in progress (every node and command does
    /// it when it starts; one at a time).
    ResumeErasures,
}

impl Job {
    /// Stable name, used to derive the lock (a lock file name or an advisory-lock key).
    pub fn name(self) -> &'static str {
        match self {
            Job::RetentionSweep => "retention-sweep",
            Job::Recrawl => "recrawl",
            Job::ResumeErasures => "resume-erasures",
        }
    }
}
