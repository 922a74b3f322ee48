//! `POST /api/prepare`: a portrait → the photo the profile accepts and, on request, a print
//! sheet; every file comes back in the JSON answer (base64), so nothing is kept on the server.
//!
//! Form fields: `photo` (file), `profile` (id), optional `format` (the profile's format name),
//! `file_type` (`jpeg` or `png`), `background` (`auto`, `always`, `never`), `sheet` (a paper:
//! `10x15cm`, `A6`, `A4`, `4x6in`) and `date` (YYYY-MM-DD printed on the sheet; today by default).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use base64::Engine as _;
use photorules::core::ir::CompiledProfile;
use photorules_prepare::sheet::{self, Paper, SheetSummary};
use photorules_prepare::{
    BackgroundPolicy, FileType, Outcome, PrepareError, PrepareOptions, Prepared,
};
use serde::Serialize;

use crate::error::ApiError;
use crate::state::AppState;
use crate::upload::Upload;

const FIELDS: &[&str] = &[
    "profile",
    "format",
    "file_type",
    "background",
    "sheet",
    "date",
];

/// What `POST /api/prepare` answers (200 whatever the outcome).
#[derive(Debug, Serialize)]
pub(crate) struct PrepareAnswer {
    /// `accepted`, `undetermined`, `rejected` or `refused`.
    outcome: Outcome,
    /// One line for a person.
    message: String,
    /// What `photorules prepare` writes as `FILE.report.json`: the check report with
    /// `preparation` beside its fields.
    report: serde_json::Value,
    /// The prepared photo; absent when refused, rejected or not planned.
    file: Option<FileAnswer>,
    /// The print sheet, when one was asked for and a photo was prepared.
    sheet: Option<SheetAnswer>,
    /// Why the sheet could not be laid out (the photo itself is fine).
    sheet_error: Option<String>,
}

#[derive(Debug, Serialize)]
struct FileAnswer {
    /// A file name to save it under.
    name: String,
    media_type: &'static str,
    bytes: usize,
    base64: String,
}

#[derive(Debug, Serialize)]
struct SheetAnswer {
    summary: SheetSummary,
    /// The sheet at 300 dpi, in the photo's file type.
    raster: FileAnswer,
    /// The sheet as a PDF of exact physical size.
    pdf: FileAnswer,
}

/// The request, validated before any photo work starts.
struct Job {
    profile: Arc<CompiledProfile>,
    options: PrepareOptions,
    paper: Option<Paper>,
    date: String,
    stem: String,
}

pub(crate) async fn prepare(
    State(app): State<AppState>,
    request: Request,
) -> Result<Json<PrepareAnswer>, ApiError> {
    // Judged after the upload is read: answering while the client still sends resets the
    // connection, and the client would never see the 400.
    let language = super::language_of(&request);
    let (ticket, upload) = super::admit(&app, request, FIELDS).await?;
    let language = language?;
    let mut job = job(&app, &upload)?;
    job.options.language = language;
    let photorules = Arc::clone(&app.photorules);
    let answer = super::on_worker(ticket, move || {
        let prepared = photorules
            .prepare(&job.profile, &upload.photo.bytes, &job.options)
            .map_err(prepare_error)?;
        answer(&job, &prepared)
    })
    .await?;
    Ok(Json(answer))
}

fn job(app: &AppState, upload: &Upload) -> Result<Job, ApiError> {
    let profile = app.profiles.get(upload.required("profile")?)?;
    let format = upload.field("format").map(str::to_string);
    let picked = photorules_prepare::target::pick_format(&profile, format.as_deref())
        .map_err(prepare_error)?;
    let file_type = match upload.field("file_type") {
        Some("jpeg" | "jpg") => FileType::Jpeg,
        Some("png") => FileType::Png,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "`file_type` is `{other}`: use `jpeg` or `png`"
            )));
        }
        // The format's first accepted type, else JPEG.
        None => picked
            .file_types
            .iter()
            .find_map(|t| match t.as_str() {
                "png" => Some(FileType::Png),
                "jpeg" | "jpg" => Some(FileType::Jpeg),
                _ => None,
            })
            .unwrap_or(FileType::Jpeg),
    };
    let background = match upload.field("background") {
        None | Some("auto") => BackgroundPolicy::Auto,
        Some("always") => BackgroundPolicy::Always,
        Some("never") => BackgroundPolicy::Never,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "`background` is `{other}`: use `auto`, `always` or `never`"
            )));
        }
    };
    let paper = upload
        .field("sheet")
        .map(Paper::parse)
        .transpose()
        .map_err(prepare_error)?;
    let date = match upload.field("date") {
        Some(text) => text
            .parse::<jiff::civil::Date>()
            .map_err(|_| {
                ApiError::bad_request(format!("`date` is `{text}`, not a date such as 2026-04-13"))
            })?
            .to_string(),
        None => photorules::dsl::today().to_string(),
    };
    let source = upload.photo.name.clone();
    let stem = source
        .as_deref()
        .and_then(|n| std::path::Path::new(n).file_stem())
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("photo");
    let stem = format!("{stem}-{}", profile.id.replace('/', "-"));
    let options = PrepareOptions {
        format,
        file_type,
        background,
        output_name: Some(format!("{stem}.{}", file_type.extension())),
        source_name: source,
        language: None,
    };
    Ok(Job {
        profile,
        options,
        paper,
        date,
        stem,
    })
}

fn answer(job: &Job, prepared: &Prepared) -> Result<PrepareAnswer, ApiError> {
    let report = prepared
        .report_json()
        .and_then(|json| serde_json::from_str(&json))
        .map_err(|e| ApiError::internal(format!("the report could not be written: {e}")))?;
    let file = prepared.usable_file();
    let file_type = job.options.file_type;
    let mut answer = PrepareAnswer {
        outcome: prepared.outcome,
        message: prepared.preparation.message.clone(),
        report,
        file: file.map(|f| {
            encoded(
                format!("{}.{}", job.stem, file_type.extension()),
                file_type,
                &f.bytes,
            )
        }),
        sheet: None,
        sheet_error: None,
    };
    if let (Some(file), Some(paper)) = (file, job.paper) {
        let raster_type = file.target.file_type;
        match sheet::make(&job.profile, &file.image, paper, &job.date, raster_type) {
            Ok(made) => {
                let name = format!("{}.sheet-{}", job.stem, paper.name);
                answer.sheet = Some(SheetAnswer {
                    raster: encoded(
                        format!("{name}.{}", raster_type.extension()),
                        raster_type,
                        &made.raster,
                    ),
                    pdf: FileAnswer {
                        name: format!("{name}.pdf"),
                        media_type: "application/pdf",
                        bytes: made.pdf.len(),
                        base64: base64::engine::general_purpose::STANDARD.encode(&made.pdf),
                    },
                    summary: made.summary,
                });
            }
            Err(error) => answer.sheet_error = Some(error.to_string()),
        }
    }
    Ok(answer)
}

fn encoded(name: String, file_type: FileType, bytes: &[u8]) -> FileAnswer {
    FileAnswer {
        name,
        media_type: match file_type {
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        },
        bytes: bytes.len(),
        base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

/// The client's photo or options (400), the profile cannot give it (422), or ours (500).
fn prepare_error(error: PrepareError) -> ApiError {
    let text = error.to_string();
    match error {
        PrepareError::Source(_) => ApiError::bad_image(text),
        PrepareError::UnknownFormat { .. }
        | PrepareError::FileTypeNotAccepted { .. }
        | PrepareError::UnknownFileType { .. }
        | PrepareError::UnknownPaper { .. } => ApiError::bad_request(text),
        PrepareError::NoFormat { .. }
        | PrepareError::NoSize { .. }
        | PrepareError::NoPrintSize { .. }
        | PrepareError::SheetAspect { .. }
        | PrepareError::SheetTooSmall { .. }
        | PrepareError::TooManyBytes { .. }
        | PrepareError::PngTooBig { .. } => ApiError::profile(text),
        _ => ApiError::internal(text),
    }
}
