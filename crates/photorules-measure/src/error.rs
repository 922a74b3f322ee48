//! Why a photo could not be measured.

/// A photo that cannot be measured, or a measurer that cannot be built.
///
/// Messages are for people: lower case, no type names; the caller adds the file name.
#[derive(Debug, thiserror::Error)]
pub enum MeasureError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {bytes} bytes, more than the limit of {max} bytes")]
    TooManyBytes { bytes: u64, max: u64 },
    #[error("the file is not a JPEG, PNG or WebP image (its first bytes are `{magic}`)")]
    UnknownFormat { magic: String },
    #[error(
        "the image is {width} × {height} px ({megapixels:.1} MP), more than the limit of {max_megapixels:.1} MP"
    )]
    TooManyPixels {
        width: u32,
        height: u32,
        megapixels: f64,
        max_megapixels: f64,
    },
    #[error("the {format} data ends before the image is complete: the file is truncated")]
    Truncated { format: &'static str },
    #[error("the {format} data is corrupt: {cause}")]
    Corrupt { format: &'static str, cause: String },
    #[error("decoding the {format} image would need more memory than the limit of {max} bytes")]
    TooMuchMemory { format: &'static str, max: u64 },
    #[error("the image is {width} × {height} px: too small to measure (at least {min} px a side)")]
    TooSmall { width: u32, height: u32, min: u32 },
    #[error("the face models could not be loaded: {0}")]
    Models(String),
    #[error("`{value}` is not a print size such as `35x45` (millimetres, width × height)")]
    BadPrintSize { value: String },
}
