//! `photorules serve`: the web page and JSON API over the photorules library.
//!
//! - [`router`] builds the whole service (page, API, OpenAPI document) over an [`AppState`];
//! - [`serve`] runs it on a listener until the shutdown future resolves;
//! - [`Limits`] bounds what one request may cost: upload size, request time, how many photos
//!   are measured at once and how many wait.
//!
//! Photos are held in memory only: nothing a request uploads is written to disk.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use photorules::{Options, Photorules};
//! use photorules_server::{AppState, Limits};
//!
//! let photorules = Arc::new(Photorules::new(Options::new("rules"))?);
//! let state = AppState::new(photorules);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! photorules_server::serve(listener, state, Limits::default(), std::future::pending()).await?;
//! # Ok(()) }
//! ```

mod admission;
mod error;
mod limits;
mod openapi;
mod page;
mod profiles;
mod routes;
mod state;
mod timeout;
mod upload;

pub mod fuzzing;

use std::future::Future;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tokio::net::TcpListener;

pub use error::ApiError;
pub use limits::Limits;
pub use openapi::document as openapi_document;
pub use profiles::{ProfileEntry, ProfileGroup, ProfileList};
pub use state::AppState;

/// The service: the page at `/`, the API under `/api/`, `/health` and `/openapi.json`.
pub fn router(state: AppState, limits: Limits) -> Router {
    let state = state.with_limits(&limits);
    // Only the API is timed: the page and its assets are served from memory.
    let api = Router::new()
        .route("/api/profiles", get(routes::profiles::list))
        .route("/api/check", post(routes::check::check))
        .route("/api/prepare", post(routes::prepare::prepare))
        .layer(axum::middleware::from_fn_with_state(
            limits.request_timeout,
            timeout::limit,
        ))
        .layer(DefaultBodyLimit::max(limits.max_upload_bytes));
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/i18n.js", get(page::texts))
        .route("/app.css", get(page::style))
        .route("/health", get(routes::health::health))
        .route("/openapi.json", get(routes::openapi::openapi))
        .merge(api)
        .fallback(routes::not_found)
        .with_state(state)
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panic_response,
        ))
}

/// Serve `router(state, limits)` on `listener` until `shutdown` resolves; requests under way
/// are finished first.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state, limits))
        .with_graceful_shutdown(shutdown)
        .await
}
