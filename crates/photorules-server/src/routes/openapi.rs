//! `GET /openapi.json`: the API's description.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

pub(crate) async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        crate::openapi::document_bytes(),
    )
        .into_response()
}
