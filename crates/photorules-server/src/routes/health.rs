//! `GET /health`: the service is up, with what it serves.

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::state::AppState;

#[derive(Debug, Serialize)]
pub(crate) struct Health {
    status: &'static str,
    version: &'static str,
    /// Profiles offered.
    profiles: usize,
    /// Plugins loaded.
    plugins: Vec<String>,
}

pub(crate) async fn health(State(app): State<AppState>) -> Json<Health> {
    let list = app.profiles();
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        profiles: list.groups.iter().map(|g| g.profiles.len()).sum(),
        plugins: app
            .photorules
            .plugins()
            .iter()
            .map(|p| p.name().to_string())
            .collect(),
    })
}
