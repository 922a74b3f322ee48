//! Errors of face detection and landmarking.

/// Why a vision step could not give a result.
///
/// Messages start lowercase and say what the caller can change (a bigger image, a box inside
/// the image); the models themselves ship inside the crate, so their errors mean a broken build.
#[derive(Debug, thiserror::Error)]
pub enum VisionError {
    /// The bundled SeetaFace model could not be parsed.
    #[error("the bundled face-detection model could not be read: {0}")]
    DetectorModel(#[source] std::io::Error),

    /// A bundled network (face mesh, eye contour) could not be loaded or optimised.
    #[error("the bundled {model} model could not be loaded: {detail}")]
    Model {
        /// Which network, in words (`face-landmark`, `eye-contour`).
        model: &'static str,
        /// The cause: the file, or the node and what about it is not supported.
        detail: String,
    },

    /// The image is smaller than the smallest face the detector can see.
    #[error("the image is {width}×{height} px; face detection needs at least {min}×{min} px")]
    ImageTooSmall {
        /// Image width in pixels.
        width: u32,
        /// Image height in pixels.
        height: u32,
        /// Smallest accepted side in pixels.
        min: u32,
    },

    /// The image has more pixels than detection accepts (reduce it first).
    #[error(
        "the image is {width}×{height} px, more than the {max} pixels face detection accepts; \
         detect on a reduced copy"
    )]
    ImageTooLarge {
        /// Image width in pixels.
        width: u32,
        /// Image height in pixels.
        height: u32,
        /// Largest accepted pixel count.
        max: u64,
    },

    /// The face box given to the landmark model is unusable for this image.
    #[error("face box {detail}")]
    InvalidFaceBox {
        /// What is wrong with the box.
        detail: String,
    },

    /// The face detector failed inside the third-party detector code.
    #[error("face detection failed on a {width}×{height} px image")]
    DetectionFailed {
        /// Image width in pixels.
        width: u32,
        /// Image height in pixels.
        height: u32,
    },

    /// Running a bundled network failed or gave outputs of the wrong shape.
    #[error("{model} inference failed: {detail}")]
    Inference {
        /// Which network, in words (`face-landmark`, `eye-contour`).
        model: &'static str,
        /// The cause.
        detail: String,
    },
}
