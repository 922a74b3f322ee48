//! What one request may cost, and how many may run at once.

use std::time::Duration;

/// Bounds on the service. The pixel limit of photos is the library's
/// [`photorules::measure::DecodeLimits`], set when the [`photorules::Photorules`] is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body (the multipart upload with its photo); larger ones get 413.
    pub max_upload_bytes: usize,
    /// Longest an API request may take, from its headers to its answer; longer ones get 503
    /// with `error: "timeout"`.
    pub request_timeout: Duration,
    /// Photos measured or prepared at the same time (each one uses a core).
    pub max_concurrent: usize,
    /// Requests allowed to wait for a free worker; beyond `max_concurrent + max_queued`
    /// requests under way, new checks get 503 with `Retry-After`.
    pub max_queued: usize,
    /// Seconds a refused client is told to wait (`Retry-After`).
    pub retry_after_secs: u64,
    /// Longest an upload may take to arrive; a slower one gets 408 `upload-timeout` and frees
    /// its place. Uploads are read before a worker place is taken, so slow clients hold only
    /// upload places, never the places of requests whose photo has arrived.
    pub upload_timeout: Duration,
    /// Uploads read at the same time; beyond them, new requests get 503 `busy`. Memory for
    /// uploads is bounded by `max_uploads × max_upload_bytes`.
    pub max_uploads: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Limits {
            max_upload_bytes: 20 * 1024 * 1024,
            request_timeout: Duration::from_secs(60),
            max_concurrent: cores,
            max_queued: 2 * cores,
            retry_after_secs: 2,
            upload_timeout: Duration::from_secs(20),
            max_uploads: 4 * (3 * cores),
        }
    }
}
