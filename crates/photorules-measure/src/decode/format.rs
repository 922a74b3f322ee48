//! The file format, from the magic bytes (never the file name).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::MeasureError;

/// A photo file format photorules reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Jpeg,
    Png,
    Webp,
}

impl FileFormat {
    /// Recognise the format from the first bytes.
    pub fn sniff(bytes: &[u8]) -> Result<FileFormat, MeasureError> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Ok(FileFormat::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Ok(FileFormat::Png)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Ok(FileFormat::Webp)
        } else {
            let magic = bytes
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" ");
            Err(MeasureError::UnknownFormat { magic })
        }
    }

    /// Lower-case name, as the `image.format` metric reports it.
    pub fn name(self) -> &'static str {
        match self {
            FileFormat::Jpeg => "jpeg",
            FileFormat::Png => "png",
            FileFormat::Webp => "webp",
        }
    }

    pub(super) fn image_format(self) -> image::ImageFormat {
        match self {
            FileFormat::Jpeg => image::ImageFormat::Jpeg,
            FileFormat::Png => image::ImageFormat::Png,
            FileFormat::Webp => image::ImageFormat::WebP,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_three_formats_by_magic() {
        assert_eq!(
            FileFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).ok(),
            Some(FileFormat::Jpeg)
        );
        assert_eq!(
            FileFormat::sniff(b"\x89PNG\r\n\x1a\n....").ok(),
            Some(FileFormat::Png)
        );
        assert_eq!(
            FileFormat::sniff(b"RIFF\0\0\0\0WEBPVP8 ").ok(),
            Some(FileFormat::Webp)
        );
    }

    #[test]
    fn names_unknown_magic_in_hex() {
        let err = FileFormat::sniff(b"GIF89a").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "the file is not a JPEG, PNG or WebP image (its first bytes are `47 49 46 38 39 61`)"
            )
        );
    }
}
