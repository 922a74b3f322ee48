//! One module per endpoint, and what they share: running photo work on a worker.

pub(crate) mod check;
pub(crate) mod health;
pub(crate) mod openapi;
pub(crate) mod prepare;
pub(crate) mod profiles;

use std::sync::Arc;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::Uri;
use futures_util::StreamExt;

use photorules::engine::Language;

use crate::admission::Ticket;
use crate::error::ApiError;
use crate::state::AppState;
use crate::upload;

/// Anything else: 404 in the API's error shape.
pub(crate) async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "nothing at `{}`; the API is described at /openapi.json",
        uri.path()
    ))
}

/// Read a photo request's upload and admit it for work, or refuse it: 413 when its declared
/// length is over the limit (at once); 503 `busy` when every upload place is taken or, once
/// the upload has arrived, when the server is full; 408 `upload-timeout` when the upload does
/// not arrive within the upload time. The upload is read before a worker place is taken, so
/// that clients sending slowly (one byte a second) hold only upload places and never stop the
/// requests whose photo has arrived. A refusal before the upload is read reads it anyway
/// (discarding it, up to the size limit): a server that answers and closes while the client
/// is still sending makes the client's socket reset, and the client then sees a broken
/// connection instead of the 503 and its `Retry-After`.
pub(crate) async fn admit(
    app: &AppState,
    request: Request,
    fields: &[&str],
) -> Result<(Ticket, upload::Upload), ApiError> {
    upload::check_length(request.headers(), app.max_upload_bytes)?;
    let Ok(place) = Arc::clone(&app.uploads).try_acquire_owned() else {
        let busy = ApiError::busy(app.max_uploads, app.retry_after_secs);
        drain(request, app.max_upload_bytes, app.upload_timeout).await;
        return Err(busy);
    };
    let multipart = Multipart::from_request(request, app).await;
    let upload = tokio::time::timeout(
        app.upload_timeout,
        upload::read(multipart, fields, app.max_upload_bytes),
    )
    .await
    .map_err(|_| ApiError::upload_timeout(app.upload_timeout.as_secs_f64()))??;
    drop(place);
    Ok((app.gate.admit()?, upload))
}

/// Read and discard a request's body, up to `max_bytes` and for at most `limit`.
async fn drain(request: Request, max_bytes: usize, limit: std::time::Duration) {
    let mut body = request.into_body().into_data_stream();
    let reading = async {
        let mut read = 0usize;
        while let Some(Ok(chunk)) = body.next().await {
            read += chunk.len();
            if read > max_bytes {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(limit, reading).await;
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

/// The language a report is asked for: `?lang=` (an unknown one is a 400), else the best the
/// engine speaks of the `Accept-Language` header, else none (the profile's own).
pub(crate) fn language_of(request: &Request) -> Result<Option<Language>, ApiError> {
    let asked = request.uri().query().and_then(|query| {
        query
            .split('&')
            .find_map(|pair| match pair.split_once('=') {
                Some(("lang", value)) => Some(value.to_string()),
                _ => None,
            })
    });
    if let Some(code) = asked {
        return Language::parse(&code).map(Some).ok_or_else(|| {
            ApiError::bad_request(format!(
                "`lang` is `{code}`: reports are in {}",
                Language::codes().join(", ")
            ))
        });
    }
    Ok(request
        .headers()
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .and_then(Language::from_accept_language))
}

/// The `age` form field: the applicant's age in whole years, when given.
pub(crate) fn age_of(upload: &upload::Upload) -> Result<Option<u32>, ApiError> {
    let Some(text) = upload.field("age") else {
        return Ok(None);
    };
    match text.parse::<u32>() {
        Ok(age) if age <= photorules::Declared::MAX_AGE_YEARS => Ok(Some(age)),
        _ => Err(ApiError::bad_request(format!(
            "`age` is `{text}`: give the applicant's age in whole years, 0–{}",
            photorules::Declared::MAX_AGE_YEARS
        ))),
    }
}
