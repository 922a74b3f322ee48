//! A photo as Python callers give it: the file's bytes, or the path of the file.

use std::path::PathBuf;

use photorules::exit::Exit;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};

use crate::errors::error;

/// A photo's bytes with the name the report records and the name messages show.
pub struct Photo {
    pub bytes: Vec<u8>,
    /// The path as given, recorded (file name only) in the decision record; none for bytes.
    pub name: Option<String>,
}

impl Photo {
    /// Read `photo`: `bytes`/`bytearray` are the file's content; `str` or `os.PathLike` is a
    /// path, read with the CLI's size limit and messages.
    pub fn from_python(photo: &Bound<'_, PyAny>) -> PyResult<Photo> {
        if let Ok(bytes) = photo.cast::<PyBytes>() {
            return Ok(Photo {
                bytes: bytes.as_bytes().to_vec(),
                name: None,
            });
        }
        if let Ok(array) = photo.cast::<PyByteArray>() {
            return Ok(Photo {
                bytes: array.to_vec(),
                name: None,
            });
        }
        let path: PathBuf = photo.extract().map_err(|_| {
            error(
                Exit::Usage,
                "photo: expected bytes or a path (str or os.PathLike)",
            )
        })?;
        let shown = path.display().to_string();
        let bytes = photo
            .py()
            .detach(|| photorules::read_photo(&path))
            .map_err(|e| error(Exit::Input, format!("`{shown}`: {e}")))?;
        Ok(Photo {
            bytes,
            name: Some(path.to_string_lossy().into_owned()),
        })
    }

    /// A message about this photo as the CLI words it: "`path`: cause", or the cause alone.
    pub fn message(&self, cause: impl std::fmt::Display) -> String {
        match &self.name {
            Some(name) => format!("`{name}`: {cause}"),
            None => cause.to_string(),
        }
    }
}
