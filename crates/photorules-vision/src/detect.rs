//! Face detection with the SeetaFace frontal detector (`rustface`).
//!
//! The detector's cost grows with the pixel count (rustface 0.1.7 ignores the minimum face
//! size, so every pyramid level down from full size is scanned). Large photos are therefore
//! detected on a reduced copy ([`FaceDetector::detect_reduced`]) and the boxes scaled back.

mod reduce;

use std::cell::RefCell;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use image::{GrayImage, RgbImage};
use rustface::{Detector, ImageData, Model};

use crate::error::VisionError;

pub use reduce::reduce_to_long_side;

/// The SeetaFace frontal model, taken from the rustface 0.1.7 crate (BSD-2-Clause; see
/// `models/README.md`). Bundled so that a fresh clone needs no setup step.
static SEETA_FRONTAL_MODEL: &[u8] = include_bytes!("../models/seeta_fd_frontal_v1.0.bin");

/// Smallest image side the detector accepts: its sliding window is 40 px, so no face can be
/// found in anything smaller.
pub const MIN_DETECTION_SIDE: u32 = 40;

/// Most pixels [`FaceDetector::detect`] accepts in one call (about 4000 × 4000): beyond this
/// the scan takes many seconds and the image should be reduced first.
pub const MAX_DETECTION_PIXELS: u64 = 16_000_000;

/// Long side of the reduced copy [`FaceDetector::detect_reduced`] detects on.
///
/// The detector's window is 40 px, so the smallest face it finds is 40 px in the copy: at
/// 480 px that is 1/12 of the photo's long side. Measured with `examples/calibrate.rs` on the
/// test photos: from 320 px up every single portrait (including the full-length ones, faces
/// ≈ 1/7 of the height) gives exactly one face, with the box within 8 % of its side of the
/// full-resolution box; at 240 px the full-length photo's face is lost. 480 keeps a margin
/// for smaller faces (a second person further back) at a fraction of the cost of larger
/// copies (cost grows with the pixel count). Group photos with many small faces need a
/// larger copy ([`FaceDetector::detect_reduced_to`]): the 29-person Solvay photo gives 0
/// faces at 480 px, 15 at 800 px and 28 at its full 1200 px.
pub const DETECTION_LONG_SIDE: u32 = 480;

/// Classifier score a window needs to count as a face. rustface's own default is 3.85 and its
/// example uses 2.0; on the test photos 2.0 found every face without false positives.
const SCORE_THRESHOLD: f64 = 2.0;

/// A detected face: an axis-aligned box in pixels of the image it was found in.
///
/// The box may reach past the image edge for a face cut by it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceBox {
    /// Left edge in pixels.
    pub x: f32,
    /// Top edge in pixels.
    pub y: f32,
    /// Width in pixels.
    pub width: f32,
    /// Height in pixels.
    pub height: f32,
    /// SeetaFace classifier score (not a probability; higher is surer, detections start at 2).
    /// A box from [`crate::NetworkFaceDetector`] carries its probability `p` on this scale,
    /// `5p / (1 − p)`.
    pub score: f32,
}

impl FaceBox {
    /// Centre of the box in pixels.
    pub fn centre(&self) -> (f32, f32) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// Whether the point `(x, y)` lies in the box, edges included.
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x && x <= self.x + self.width && y >= self.y && y <= self.y + self.height
    }

    /// The same box in an image `factor` times as large (e.g. from a reduced copy back to the
    /// full-resolution image).
    pub fn scaled(&self, factor: f32) -> FaceBox {
        FaceBox {
            x: self.x * factor,
            y: self.y * factor,
            width: self.width * factor,
            height: self.height * factor,
            score: self.score,
        }
    }
}

thread_local! {
    /// rustface's detector keeps scratch buffers between scans and is not `Send`, so each
    /// thread builds one on its first scan and keeps it: building it per scan copied the
    /// 1.2 MB model every time, about 0.3 ms of a 413 × 531 photo's measurement. Every
    /// [`FaceDetector`] holds the same bundled model, so one per thread serves them all.
    static DETECTOR: RefCell<Option<Box<dyn Detector>>> = const { RefCell::new(None) };
}

/// The SeetaFace frontal face detector.
///
/// `Send + Sync`: it holds only the parsed model; the (mutable, non-`Send`) rustface
/// detector that scans is kept per thread.
#[derive(Clone)]
pub struct FaceDetector {
    model: Model,
}

impl std::fmt::Debug for FaceDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaceDetector").finish_non_exhaustive()
    }
}

impl FaceDetector {
    /// Parses the bundled SeetaFace model.
    pub fn new() -> Result<Self, VisionError> {
        let model = rustface::read_model(Cursor::new(SEETA_FRONTAL_MODEL))
            .map_err(VisionError::DetectorModel)?;
        Ok(Self { model })
    }

    /// Detects faces in a greyscale image at its own resolution, strongest first.
    ///
    /// Errors for images smaller than [`MIN_DETECTION_SIDE`] or larger than
    /// [`MAX_DETECTION_PIXELS`]; an image without faces gives an empty list.
    pub fn detect(&self, gray: &GrayImage) -> Result<Vec<FaceBox>, VisionError> {
        let (width, height) = gray.dimensions();
        if width.min(height) < MIN_DETECTION_SIDE {
            return Err(VisionError::ImageTooSmall {
                width,
                height,
                min: MIN_DETECTION_SIDE,
            });
        }
        if u64::from(width) * u64::from(height) > MAX_DETECTION_PIXELS {
            return Err(VisionError::ImageTooLarge {
                width,
                height,
                max: MAX_DETECTION_PIXELS,
            });
        }
        // The inputs are validated above; the unwind guard is a last line of defence around
        // third-party code that asserts and indexes, so a bug there cannot take the caller down.
        let faces = catch_unwind(AssertUnwindSafe(|| self.scan(gray))).map_err(|_| {
            // The detector stopped half-way through a scan: build a fresh one next time.
            DETECTOR.with_borrow_mut(|slot| *slot = None);
            VisionError::DetectionFailed { width, height }
        })?;
        Ok(faces)
    }

    /// Detects faces on a copy reduced to [`DETECTION_LONG_SIDE`] and returns the boxes in
    /// the coordinates of `image` (images already that small are used as they are).
    pub fn detect_reduced(&self, image: &RgbImage) -> Result<Vec<FaceBox>, VisionError> {
        self.detect_reduced_to(image, DETECTION_LONG_SIDE)
    }

    /// As [`detect_reduced`](Self::detect_reduced) with a chosen long side for the copy.
    pub fn detect_reduced_to(
        &self,
        image: &RgbImage,
        long_side: u32,
    ) -> Result<Vec<FaceBox>, VisionError> {
        let (gray, factor) = reduce_to_long_side(image, long_side);
        let faces = self.detect(&gray)?;
        Ok(faces.iter().map(|face| face.scaled(factor)).collect())
    }

    fn scan(&self, gray: &GrayImage) -> Vec<FaceBox> {
        let found = DETECTOR.with_borrow_mut(|slot| {
            let detector = slot.get_or_insert_with(|| {
                let mut detector = rustface::create_detector_with_model(self.model.clone());
                detector.set_min_face_size(20);
                detector.set_score_thresh(SCORE_THRESHOLD);
                detector.set_pyramid_scale_factor(0.8);
                detector.set_slide_window_step(4, 4);
                detector
            });
            detector.detect(&ImageData::new(gray.as_raw(), gray.width(), gray.height()))
        });
        let mut faces: Vec<FaceBox> = found
            .iter()
            .map(|info| {
                let bbox = info.bbox();
                FaceBox {
                    x: bbox.x() as f32,
                    y: bbox.y() as f32,
                    width: bbox.width() as f32,
                    height: bbox.height() as f32,
                    score: info.score() as f32,
                }
            })
            .collect();
        faces.sort_by(|a, b| b.score.total_cmp(&a.score));
        faces
    }
}
