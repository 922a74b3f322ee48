//! Face detection and face landmarks for photorules.
//!
//! - [`FaceDetector`]: SeetaFace frontal face detector (`rustface`), boxes in pixels;
//! - [`NetworkFaceDetector`]: MediaPipe's BlazeFace network, for turned faces the cascade
//!   misses;
//! - [`LandmarkModel`]: MediaPipe's 468-point face mesh, points in pixels;
//! - [`EyeModel`]: MediaPipe's iris model on each eye: lid margins and irises;
//! - [`LipModel`]: the Face Landmarker's newer mesh, read for the inner lips only;
//! - [`BlendshapeModel`]: MediaPipe's blendshape network on the mesh and irises: 52
//!   expression scores (smile, jaw opening, brows);
//! - [`PersonSegmenter`]: MediaPipe's selfie-segmentation network: where the person is;
//! - [`mesh`]: named point indices (eyes, lids, lips, nose, chin, face outline), with the
//!   subject's left and right stated explicitly.
//!
//! The models are compiled into the crate (`include_bytes!`), so nothing is downloaded at run
//! time. The four image networks, stored as ONNX files, are run by the crate's own inference
//! (`inference`: six operators, checked when a network is loaded), and the blendshape network
//! (dense layers over a table of points) by its own code from its ONNX file's weights; the
//! segmentation network, whose operators that inference lacks, by `tract-onnx`. Nothing needs
//! installing beside the program. The model types are `Send + Sync`: build them once, share
//! them.

pub mod blazeface;
pub mod blendshapes;
pub mod detect;
pub mod error;
pub mod eyes;
mod inference;
pub mod landmarks;
pub mod lips;
pub mod mesh;
mod network;
pub mod segmentation;

pub use blazeface::NetworkFaceDetector;
pub use blendshapes::{BlendshapeModel, Blendshapes};
pub use detect::{DETECTION_LONG_SIDE, FaceBox, FaceDetector};
pub use error::VisionError;
pub use eyes::{EyeContour, EyeModel, Eyes};
pub use landmarks::{FaceMesh, LandmarkModel, TracedMesh};
pub use lips::{LipModel, Lips};
pub use segmentation::{PersonSegmenter, SEGMENTATION_SIDE};
