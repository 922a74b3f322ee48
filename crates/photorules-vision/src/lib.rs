//! Face detection and face landmarks for photorules.
//!
//! - [`FaceDetector`]: SeetaFace frontal face detector (`rustface`), boxes in pixels;
//! - [`LandmarkModel`]: MediaPipe's 468-point face mesh (`tract-onnx`), points in pixels;
//! - [`mesh`]: named point indices (eyes, lids, lips, nose, chin, face outline), with the
//!   subject's left and right stated explicitly.
//!
//! Both models are compiled into the crate (`include_bytes!`), so nothing is read or
//! downloaded at run time. Both types are `Send + Sync`: build them once, share them.

pub mod detect;
pub mod error;
pub mod landmarks;
pub mod mesh;

pub use detect::{DETECTION_LONG_SIDE, FaceBox, FaceDetector};
pub use error::VisionError;
pub use landmarks::{FaceMesh, LandmarkModel, TracedMesh};
