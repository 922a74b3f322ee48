//! `GET /api/profiles`: the documents a photo can be checked for, grouped by country.

use axum::Json;
use axum::extract::State;

use crate::profiles::ProfileList;
use crate::state::AppState;

pub(crate) async fn list(State(app): State<AppState>) -> Json<ProfileList> {
    Json(app.profiles().clone())
}
