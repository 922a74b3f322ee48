//! Prepare: from an ordinary portrait to a photo a profile accepts, and print sheets.
//!
//! - [`plan`]: where to crop and how far to turn, from the measured face and the profile's bands;
//! - [`render`]: turning, cropping and resampling to the exact pixel size;
//! - [`segment`]: the person matte (MediaPipe selfie segmentation) for [`background`] replacement;
//! - [`encode`]: JPEG/PNG with resolution metadata and the byte-limit search;
//! - [`target`]: which format, pixel size and resolution the profile asks for;
//! - [`sheet`]: print sheets with cut marks, as a raster and as a PDF of exact physical size;
//! - [`Preparer`]: the whole pipeline, ending with the prepared file measured and checked again
//!   by a [`Checker`] (the same measurement and plugins as `photorules check`).

pub mod background;
pub mod encode;
mod error;
pub mod plan;
pub mod prepare;
pub mod render;
pub mod segment;
pub mod sheet;
pub mod target;

pub use encode::FileType;
pub use error::PrepareError;
pub use prepare::preflight::Reason;
pub use prepare::summary::{Outcome, Preparation};
pub use prepare::{
    BackgroundPolicy, Checked, Checker, PrepareOptions, Prepared, PreparedFile, Preparer,
};
