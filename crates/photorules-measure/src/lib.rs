//! Turn a portrait photo into the named, unit-carrying metrics of the photorules catalogue.
//!
//! ```no_run
//! # fn main() -> Result<(), photorules_measure::MeasureError> {
//! use photorules_measure::{MeasureOptions, Measurer};
//! let measurer = Measurer::new(MeasureOptions::default())?;
//! let bytes = std::fs::read("photo.jpg").unwrap_or_default();
//! let measured = measurer.measure_bytes(&bytes)?;
//! println!("{:?}", measured.metrics.get("head.chin_crown_ratio"));
//! # Ok(()) }
//! ```
//!
//! Every builtin catalogue name is in the result, measured or absent with the reason.
//! [`Measurement`] (one photo's result) is not `photorules_core::Measurement` (one metric's
//! value).

mod annotate;
pub mod colour;
pub mod decode;
pub mod docs;
mod error;
mod geometry;
mod landmarks;
mod measurer;
mod metrics;
pub mod raster;
pub mod report;
mod scene;
pub mod thresholds;

pub use annotate::{Band, BandAxis, annotate};
pub use decode::{DecodeLimits, FileFormat, ImageInfo};
pub use error::MeasureError;
pub use geometry::Geometry;
pub use measurer::{
    DETECT_LONG_SIDE, FALLBACK_DETECT_LONG_SIDE, FALLBACK_SECOND_LONG_SIDE, MIN_DECODED_LONG_SIDE,
    MeasureOptions, Measurement, Measurer, Resolution, SMALL_FACE_LONG_SIDE, WORK_LONG_SIDE,
    background_is_plain, parse_print_size,
};
pub use metrics::background::colour_metrics as background_colour_metrics;
