//! Admission of photo work: at most `max_concurrent` photos are measured at once, at most
//! `max_queued` more wait, and the rest are refused at once (503) rather than piling up memory.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;
use crate::limits::Limits;

#[derive(Debug)]
pub(crate) struct Gate {
    admitted: AtomicUsize,
    max_admitted: usize,
    workers: Arc<Semaphore>,
    retry_after_secs: u64,
}

/// One admitted request; dropping it (when the work is over, even after a timeout answered the
/// client) lets the next one in.
#[derive(Debug)]
pub(crate) struct Ticket {
    gate: Arc<Gate>,
    worker: Option<OwnedSemaphorePermit>,
}

impl Gate {
    pub(crate) fn new(limits: &Limits) -> Gate {
        let workers = limits.max_concurrent.max(1);
        Gate {
            admitted: AtomicUsize::new(0),
            max_admitted: workers + limits.max_queued,
            workers: Arc::new(Semaphore::new(workers)),
            retry_after_secs: limits.retry_after_secs,
        }
    }

    /// Admit a request, or refuse it when as many as allowed are already under way.
    pub(crate) fn admit(self: &Arc<Gate>) -> Result<Ticket, ApiError> {
        let before = self.admitted.fetch_add(1, Ordering::SeqCst);
        if before >= self.max_admitted {
            self.admitted.fetch_sub(1, Ordering::SeqCst);
            return Err(ApiError::busy(self.max_admitted, self.retry_after_secs));
        }
        Ok(Ticket {
            gate: Arc::clone(self),
            worker: None,
        })
    }
}

impl Ticket {
    /// Wait for a free worker.
    pub(crate) async fn wait_for_worker(&mut self) -> Result<(), ApiError> {
        let permit = Arc::clone(&self.gate.workers)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the worker pool is closed"))?;
        self.worker = Some(permit);
        Ok(())
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.gate.admitted.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn gate(max_concurrent: usize, max_queued: usize) -> Arc<Gate> {
        Arc::new(Gate::new(&Limits {
            max_concurrent,
            max_queued,
            ..Limits::default()
        }))
    }

    #[test]
    fn refuses_beyond_workers_plus_queue_and_readmits_after_drop() {
        let gate = gate(1, 1);
        let first = gate.admit().unwrap();
        let _second = gate.admit().unwrap();
        let refused = gate.admit().unwrap_err();
        assert_eq!(
            refused.status(),
            axum::http::StatusCode::SERVICE_UNAVAILABLE
        );
        drop(first);
        assert!(gate.admit().is_ok());
    }

    #[tokio::test]
    async fn one_worker_at_a_time() {
        let gate = gate(1, 4);
        let mut a = gate.admit().unwrap();
        a.wait_for_worker().await.unwrap();
        let mut b = gate.admit().unwrap();
        let waited =
            tokio::time::timeout(std::time::Duration::from_millis(50), b.wait_for_worker()).await;
        assert!(
            waited.is_err(),
            "a second worker started while the first held the only one"
        );
        drop(a);
        b.wait_for_worker().await.unwrap();
    }
}
