//! Entry points for the fuzz targets under `crates/fuzz` (not an API for integrators): the
//! parts of a request that read what a client sends, reachable without a running server.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::http::{Request, header};

use crate::routes::check::FIELDS as CHECK_FIELDS;
use crate::upload;

/// What the upload parser made of a form: the photo's size and file name, the text fields.
#[derive(Debug)]
pub struct ReadForm {
    pub photo_bytes: usize,
    pub photo_name: Option<String>,
    pub fields: Vec<(String, String)>,
}

/// Read `body` as `/api/check` reads an upload sent with `content_type`, up to `max_bytes`.
/// Every failure is an [`crate::ApiError`] (a client's mistake), never a panic.
pub async fn read_check_form(
    content_type: &str,
    body: Vec<u8>,
    max_bytes: usize,
) -> Result<ReadForm, crate::ApiError> {
    let request = Request::builder()
        .method("POST")
        .uri("/api/check")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .map_err(|e| crate::ApiError::bad_request(e.to_string()))?;
    let multipart = Multipart::from_request(request, &()).await;
    let upload = upload::read(multipart, CHECK_FIELDS, max_bytes).await?;
    let fields = CHECK_FIELDS
        .iter()
        .filter_map(|name| {
            upload
                .field(name)
                .map(|v| (name.to_string(), v.to_string()))
        })
        .collect();
    Ok(ReadForm {
        photo_bytes: upload.photo.bytes.len(),
        photo_name: upload.photo.name,
        fields,
    })
}
