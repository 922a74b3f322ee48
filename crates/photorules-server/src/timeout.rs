//! The request-time limit of the API.
//!
//! When it fires the client gets 503 `timeout` at once. Photo work already running on a
//! worker cannot be interrupted: it finishes in the background and keeps its worker until
//! then, so the concurrency limit still bounds the load.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

pub(crate) async fn limit(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::timeout(limit.as_secs_f64()).into_response(),
    }
}
