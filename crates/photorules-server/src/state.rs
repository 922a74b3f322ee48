//! What every request shares: the library, the compiled profiles, the admission gate.

use std::sync::Arc;

use photorules::Photorules;

use crate::admission::Gate;
use crate::limits::Limits;
use crate::profiles::{ProfileList, Profiles};

/// The service's shared state; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub(crate) photorules: Arc<Photorules>,
    pub(crate) profiles: Arc<Profiles>,
    pub(crate) gate: Arc<Gate>,
    pub(crate) max_upload_bytes: usize,
    /// Places for uploads being read (see [`Limits::max_uploads`]).
    pub(crate) uploads: Arc<tokio::sync::Semaphore>,
    pub(crate) max_uploads: usize,
    pub(crate) upload_timeout: std::time::Duration,
    pub(crate) retry_after_secs: u64,
}

impl AppState {
    /// Compile every profile under the library's rules root (once: restart the server to pick
    /// up edited profiles).
    pub fn new(photorules: Arc<Photorules>) -> AppState {
        let profiles = Arc::new(Profiles::load(&photorules));
        let limits = Limits::default();
        AppState {
            photorules,
            profiles,
            gate: Arc::new(Gate::new(&limits)),
            max_upload_bytes: limits.max_upload_bytes,
            uploads: Arc::new(tokio::sync::Semaphore::new(limits.max_uploads)),
            max_uploads: limits.max_uploads,
            upload_timeout: limits.upload_timeout,
            retry_after_secs: limits.retry_after_secs,
        }
    }

    /// The profiles offered, and those that did not compile.
    pub fn profiles(&self) -> &ProfileList {
        self.profiles.list()
    }

    pub(crate) fn with_limits(mut self, limits: &Limits) -> AppState {
        self.gate = Arc::new(Gate::new(limits));
        self.max_upload_bytes = limits.max_upload_bytes;
        self.uploads = Arc::new(tokio::sync::Semaphore::new(limits.max_uploads));
        self.max_uploads = limits.max_uploads;
        self.upload_timeout = limits.upload_timeout;
        self.retry_after_secs = limits.retry_after_secs;
        self
    }
}
