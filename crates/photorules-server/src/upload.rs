//! Reading a multipart upload into memory: one `photo` file and a few short text fields.
//! Nothing is written to disk.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::Multipart;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::http::{HeaderMap, StatusCode, header};

use crate::error::ApiError;

/// Longest accepted text field (a profile id, an option).
const MAX_FIELD_BYTES: usize = 256;

/// The uploaded photo.
#[derive(Debug)]
pub(crate) struct Photo {
    pub bytes: Bytes,
    /// The file name the browser sent, without directories.
    pub name: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Upload {
    pub photo: Photo,
    fields: BTreeMap<String, String>,
}

impl Upload {
    pub(crate) fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub(crate) fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.field(name)
            .ok_or_else(|| ApiError::bad_request(format!("the form has no `{name}` field")))
    }

    /// A yes/no field: absent is no.
    pub(crate) fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.field(name) {
            None => Ok(false),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(other) => Err(ApiError::bad_request(format!(
                "`{name}` is `{other}`: use `true` or `false`"
            ))),
        }
    }
}

/// Refuse an upload whose declared length is over the limit before reading any of it. Bodies
/// without a length are cut at the limit while they are read.
pub(crate) fn check_length(headers: &HeaderMap, max_bytes: usize) -> Result<(), ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(length) if length > max_bytes as u64 => Err(too_large(Some(length), max_bytes)),
        _ => Ok(()),
    }
}

fn too_large(length: Option<u64>, max_bytes: usize) -> ApiError {
    let what = length.map_or_else(
        || "the upload is".to_string(),
        |l| format!("the upload is {l} bytes,"),
    );
    ApiError::too_large(format!("{what} more than the limit of {max_bytes} bytes"))
}

/// Read the form: `photo` (a file) and the text fields named in `allowed`; anything else is a
/// client mistake worth saying.
pub(crate) async fn read(
    multipart: Result<Multipart, MultipartRejection>,
    allowed: &[&str],
    max_bytes: usize,
) -> Result<Upload, ApiError> {
    let unreadable = |error: MultipartError| multipart_error(error, max_bytes);
    let mut multipart = multipart.map_err(|rejection| {
        ApiError::bad_request(format!(
            "send the photo as multipart/form-data: {}",
            rejection.body_text()
        ))
    })?;
    let mut photo = None;
    let mut fields = BTreeMap::new();
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "photo" {
            let file_name = field.file_name().map(base_name);
            let bytes = field.bytes().await.map_err(unreadable)?;
            photo = Some(Photo {
                bytes,
                name: file_name,
            });
        } else if allowed.contains(&name.as_str()) {
            let bytes = field.bytes().await.map_err(unreadable)?;
            if bytes.len() > MAX_FIELD_BYTES {
                return Err(ApiError::bad_request(format!(
                    "the `{name}` field is longer than {MAX_FIELD_BYTES} bytes"
                )));
            }
            let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                ApiError::bad_request(format!("the `{name}` field is not UTF-8 text"))
            })?;
            fields.insert(name, text.trim().to_string());
        } else {
            return Err(ApiError::bad_request(format!(
                "unknown form field `{name}`: the fields are `photo`, {}",
                allowed
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let photo =
        photo.ok_or_else(|| ApiError::bad_request("the form has no `photo` file".to_string()))?;
    Ok(Upload { photo, fields })
}

fn multipart_error(error: MultipartError, max_bytes: usize) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(None, max_bytes)
    } else {
        ApiError::bad_request(format!(
            "the upload could not be read: {}",
            error.body_text()
        ))
    }
}

/// A browser may send a path (old Internet Explorer did); keep the last component, and never
/// let a name carry directories into a report.
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_string()
}
