//! Reading a photo from a file, refusing files too large to be a portrait before loading them.
//! The CLI, the server's tests and the Python package read photos through this one function,
//! so the limit and the messages are the same everywhere.

use std::path::Path;

/// Photos larger than this are refused before reading (the decoder has its own limits too).
pub const MAX_PHOTO_FILE_BYTES: u64 = 64 << 20;

/// Why a photo file could not be read. The message names the cause, not the file: the caller
/// names the file (a batch names each one).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("no such file")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    /// Too large, not a regular file, or another I/O failure: the message says which.
    #[error("{0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for ReadError {
    fn from(error: std::io::Error) -> ReadError {
        match error.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            _ => ReadError::Io(error),
        }
    }
}

/// Read a photo's bytes: a regular file of at most [`MAX_PHOTO_FILE_BYTES`].
pub fn read_photo(path: &Path) -> Result<Vec<u8>, ReadError> {
    Ok(photorules_core::file::read_limited(
        path,
        MAX_PHOTO_FILE_BYTES,
    )?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn a_missing_file_says_so() {
        let error = read_photo(Path::new("/nonexistent/photo.jpg")).unwrap_err();
        assert_eq!(error.to_string(), "no such file");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_reading() {
        let dir = std::env::temp_dir().join(format!("photorules-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.jpg");
        let file = std::fs::File::create(&path).unwrap();
        // A sparse file: its length is over the limit without writing 64 MiB.
        file.set_len(MAX_PHOTO_FILE_BYTES + 1).unwrap();
        let error = read_photo(&path).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            error
                .to_string()
                .ends_with("more than the limit of 67108864 bytes"),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_not_a_photo() {
        let error = read_photo(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "not a regular file (a device is not read)"
        );
    }
}
