//! Face detection and face landmarks for photorules.
//!
//! - [`FaceDetector`]: SeetaFace frontal face detector (`rustface`), boxes in pixels;
//! - [`LandmarkModel`]: MediaPipe's 468-point face mesh (ONNX Runtime), points in pixels;
//! - [`EyeModel`]: MediaPipe's iris model on each eye (ONNX Runtime): lid margins and irises;
//! - [`mesh`]: named point indices (eyes, lids, lips, nose, chin, face outline), with the
//!   subject's left and right stated explicitly.
//!
//! The models are compiled into the crate (`include_bytes!`), so nothing is downloaded at run
//! time. The networks run in ONNX Runtime, whose shared library is loaded on first use (see
//! [`runtime`]: `scripts/setup.sh` installs it). The model types are `Send + Sync`: build them
//! once, share them.

pub mod detect;
pub mod error;
pub mod eyes;
pub mod landmarks;
pub mod mesh;
mod network;
pub mod runtime;

pub use detect::{DETECTION_LONG_SIDE, FaceBox, FaceDetector};
pub use error::VisionError;
pub use eyes::{EyeContour, EyeModel, Eyes};
pub use landmarks::{FaceMesh, LandmarkModel, TracedMesh};
