//! Job locks, which keep two processes or nodes from running the same job at once.

use crate::{ConversationStore, Job};

/// A job lock is held by one handle at a time, across two handles on the same store (two
/// processes or nodes), and comes back once released.
pub async fn job_locks<C: ConversationStore>(first: &C, second: &C) {
    let held = first
        .try_lock_job(Job::RetentionSweep)
        .await
        .unwrap()
        .expect("a free lock is taken");
    assert!(
        second
            .try_lock_job(Job::RetentionSweep)
            .await
            .unwrap()
            .is_none(),
        "another handle cannot take a held lock"
    );
    assert!(
        first
            .try_lock_job(Job::RetentionSweep)
            .await
            .unwrap()
            .is_none(),
        "nor can the holder's own store twice"
    );
    first.unlock_job(held).await.unwrap();
    let taken_over = second
        .try_lock_job(Job::RetentionSweep)
        .await
        .unwrap()
        .expect("a released lock can be taken");
    second.unlock_job(taken_over).await.unwrap();
}
