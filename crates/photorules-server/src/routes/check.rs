//! `POST /api/check`: a photo against a profile → the report of `photorules check`.
//!
//! Form fields: `photo` (file), `profile` (id), optional `annotate` (`true`: the answer is
//! `{"report": …, "annotated_png": BASE64}`), `format` (`json`, `text` or `html`) and `age`
//! (the applicant's age in whole years, for children's exceptions). The
//! report's language: `?lang=kk|ru|en`, else the best of `Accept-Language`, else the profile's.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use photorules::CheckError;
use photorules::engine::{Report, render};
use photorules::measure::MeasureError;
use serde::Serialize;

use crate::error::ApiError;
use crate::state::AppState;

pub(crate) const FIELDS: &[&str] = &["profile", "annotate", "format", "age"];
/// Longer side of the annotated photo (enough for a page preview and the HTML report).
const ANNOTATED_SIDE: u32 = 900;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Text,
    Html,
}

impl Format {
    fn parse(value: Option<&str>) -> Result<Format, ApiError> {
        match value {
            None | Some("json") => Ok(Format::Json),
            Some("text") => Ok(Format::Text),
            Some("html") => Ok(Format::Html),
            Some(other) => Err(ApiError::bad_request(format!(
                "`format` is `{other}`: use `json`, `text` or `html`"
            ))),
        }
    }
}

#[derive(Serialize)]
struct Annotated<'a> {
    report: &'a Report,
    /// The photo with the crown, chin and eye lines and the profile's bands, PNG in base64.
    annotated_png: String,
}

pub(crate) async fn check(
    State(app): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    // Judged after the upload is read: answering while the client still sends resets the
    // connection, and the client would never see the 400.
    let language = super::language_of(&request);
    let (ticket, upload) = super::admit(&app, request, FIELDS).await?;
    let language = language?;
    let profile = app.profiles.get(upload.required("profile")?)?;
    let annotate = upload.flag("annotate")?;
    let format = Format::parse(upload.field("format"))?;
    let declared = photorules::Declared {
        age_years: super::age_of(&upload)?,
    };
    let draw = annotate || format == Format::Html;
    let photorules = Arc::clone(&app.photorules);
    let photo = upload.photo;
    let (report, png) = super::on_worker(ticket, move || {
        let checked = photorules
            .check_bytes_declared(
                &profile,
                &photo.bytes,
                photo.name.as_deref(),
                language,
                declared,
            )
            .map_err(check_error)?;
        let png = if draw {
            let png = checked
                .annotated_png(&profile, ANNOTATED_SIDE)
                .map_err(|e| {
                    ApiError::internal(format!("the annotated photo could not be drawn: {e}"))
                })?;
            Some(png)
        } else {
            None
        };
        Ok((checked.report, png))
    })
    .await?;
    Ok(match (format, png) {
        (Format::Text, _) => text(render::text::render(&report), "text/plain; charset=utf-8"),
        (Format::Html, png) => text(
            render::html::render(&report, png.as_deref()),
            "text/html; charset=utf-8",
        ),
        (Format::Json, Some(png)) if annotate => Json(Annotated {
            report: &report,
            annotated_png: base64::engine::general_purpose::STANDARD.encode(png),
        })
        .into_response(),
        (Format::Json, _) => Json(&report).into_response(),
    })
}

fn text(body: String, media_type: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(media_type))],
        body,
    )
        .into_response()
}

/// A photo that cannot be measured is the client's (400, 413 for size); failing models are ours.
pub(crate) fn check_error(error: CheckError) -> ApiError {
    match error {
        CheckError::Measure(MeasureError::TooManyBytes { .. }) => {
            ApiError::too_large(error.to_string())
        }
        CheckError::Measure(MeasureError::Models(_)) => ApiError::internal(error.to_string()),
        CheckError::Measure(_) => ApiError::bad_image(error.to_string()),
    }
}
