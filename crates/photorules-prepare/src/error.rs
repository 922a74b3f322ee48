//! Why a photo could not be prepared or a sheet not laid out.
//!
//! A refusal (the photo cannot be made compliant) is not an error: it is an outcome with the
//! rules' reasons, see [`crate::Outcome`]. Messages are for people: lower case, no type names;
//! the caller adds the file name.

#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    /// The source photo could not be read or measured (an input error).
    #[error("{0}")]
    Source(String),
    #[error("the prepared photo could not be measured again: {0}")]
    Recheck(String),
    /// The segmentation network could not be loaded; the text (photorules-vision's error, or
    /// this variant's own text when a failed load is reported again) names the model and why.
    #[error("{0}")]
    SegmentationModel(String),
    /// The segmentation network failed on a photo; the text (photorules-vision's error) names
    /// the network and why.
    #[error("{0}")]
    Segmentation(String),
    #[error("profile `{profile}` has no format to prepare a photo for")]
    NoFormat { profile: String },
    #[error("profile `{profile}` has no format `{name}`; it has {available}")]
    UnknownFormat {
        profile: String,
        name: String,
        available: String,
    },
    #[error(
        "format `{format}` of profile `{profile}` gives no pixel size, minimum pixel size or print size to prepare for"
    )]
    NoSize { profile: String, format: String },
    #[error("format `{format}` accepts {accepted} files, not {asked}")]
    FileTypeNotAccepted {
        format: String,
        accepted: String,
        asked: String,
    },
    #[error("`{name}` does not end in .jpg, .jpeg or .png: the file type to write is unknown")]
    UnknownFileType { name: String },
    #[error(
        "the photo cannot be made smaller than {max_bytes} bytes: {bytes} bytes at the lowest JPEG quality tried ({quality})"
    )]
    TooManyBytes {
        max_bytes: u64,
        bytes: u64,
        quality: u8,
    },
    #[error(
        "format `{format}` allows at most {max_bytes} bytes, and a PNG file cannot be made smaller without loss ({bytes} bytes); write a .jpg"
    )]
    PngTooBig {
        format: String,
        max_bytes: u64,
        bytes: u64,
    },
    #[error("the image could not be encoded: {0}")]
    Encode(String),
    #[error("resampling failed: {0}")]
    Resample(String),
    #[error("profile `{profile}` gives no print size, which a print sheet needs")]
    NoPrintSize { profile: String },
    #[error("`{name}` is not a paper size: use 10x15cm, A6, A4 or 4x6in")]
    UnknownPaper { name: String },
    #[error(
        "{copies} photos of {photo_w} × {photo_h} mm do not fit on {paper} ({fits} fit with cut margins)"
    )]
    SheetTooSmall {
        copies: u32,
        photo_w: f64,
        photo_h: f64,
        paper: String,
        fits: u32,
    },
    #[error(
        "the prepared photo is {width} × {height} px, not in the {print_w} × {print_h} mm proportion of the print: prepare it with `--format print` for a sheet"
    )]
    SheetAspect {
        width: u32,
        height: u32,
        print_w: f64,
        print_h: f64,
    },
    #[error("the caption font could not be read: {0}")]
    Font(String),
}
