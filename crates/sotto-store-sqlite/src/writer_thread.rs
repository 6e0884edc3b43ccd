//! The thread a database file's write transactions run on. SQLite has one writer connection:
//! a transaction holds every other write back until it commits, and each of its statements is a
//! hand-off to the connection's own thread and back. Run on the async workers, the task
//! holding the writer waited, between two statements, behind the requests queued there, and
//! the whole server's writes waited with it (a chat turn's transaction held the writer about a
//! millisecond under load, capping turns near a thousand a second on two cores). On a
//! single-threaded runtime of its own, with nothing else to run, the transaction goes on as soon
//! as each statement returns.

use std::future::Future;
use std::sync::Arc;

use sotto_store::{StoreError, StoreResult};
use tokio::runtime::Handle;
use tokio::sync::oneshot;

/// A thread running a single-threaded runtime for write transactions; stopped when the last
/// handle to it goes.
#[derive(Clone, Debug)]
pub(crate) struct WriterThread(Arc<Running>);

#[derive(Debug)]
struct Running {
    runtime: Handle,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl WriterThread {
    /// Starts the thread, named after the database it writes (`name`).
    pub(crate) fn start(name: &str) -> StoreResult<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Backend(format!("the writer thread's runtime: {e}")))?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        std::thread::Builder::new()
            .name(format!("sotto-write-{name}"))
            .spawn(move || {
                // Until the last handle goes; the transactions still running are dropped, which
                // rolls them back.
                runtime.block_on(async {
                    let _ = stopped.await;
                });
            })
            .map_err(|e| StoreError::Backend(format!("the writer thread: {e}")))?;
        Ok(Self(Arc::new(Running {
            runtime: handle,
            stop: Some(stop),
        })))
    }

    /// Runs `work` on the thread and waits for its result.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl Future<Output = StoreResult<T>> + Send + 'static,
    ) -> StoreResult<T> {
        self.0
            .runtime
            .spawn(work)
            .await
            .map_err(|e| StoreError::Backend(format!("a write transaction did not finish: {e}")))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_runs_on_the_writer_thread_and_returns_its_result() {
        let writer = WriterThread::start("test").unwrap();
        let name = writer
            .run(async { Ok(std::thread::current().name().map(str::to_owned)) })
            .await
            .unwrap();
        assert_eq!(name.as_deref(), Some("sotto-write-test"));
        let failed: StoreResult<()> = writer
            .run(async { Err(StoreError::Conflict("taken".into())) })
            .await;
        assert!(matches!(failed, Err(StoreError::Conflict(_))));
    }

    #[tokio::test]
    async fn the_thread_stops_with_its_last_handle() {
        let writer = WriterThread::start("stopping").unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        // A task still waiting when the thread stops is dropped, and so is what it holds.
        let runtime = writer.0.runtime.clone();
        runtime.spawn(async move {
            let _held = tx;
            std::future::pending::<()>().await;
        });
        drop(writer);
        assert!(
            rx.await.is_err(),
            "the waiting task was dropped with the thread"
        );
    }
}
