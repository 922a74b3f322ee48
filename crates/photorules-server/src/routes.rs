//! One module per endpoint, and what they share: running photo work on a worker.

pub(crate) mod check;
pub(crate) mod health;
pub(crate) mod openapi;
pub(crate) mod prepare;
pub(crate) mod profiles;

use axum::http::Uri;

use crate::admission::Ticket;
use crate::error::ApiError;

/// Anything else: 404 in the API's error shape.
pub(crate) async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "nothing at `{}`; the API is described at /openapi.json",
        uri.path()
    ))
}

/// Run photo work on the blocking pool once a worker is free. The ticket travels with the
/// work, so a request whose client has gone (or timed out) still counts until the work ends.
pub(crate) async fn on_worker<T, F>(mut ticket: Ticket, work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    ticket.wait_for_worker().await?;
    tokio::task::spawn_blocking(move || {
        let _ticket = ticket;
        work()
    })
    .await
    .map_err(|error| ApiError::internal(format!("the photo work failed unexpectedly: {error}")))?
}
