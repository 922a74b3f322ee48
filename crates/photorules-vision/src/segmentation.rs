//! MediaPipe's selfie-segmentation network: where the person is in a portrait. Preparation
//! replaces the background outside it; measurement samples the background there when the
//! frame is too tight for its fixed sample regions.
//!
//! Unlike the crate's other networks it runs in `tract-onnx`: its hard-swish, squeeze-and-
//! excitation and transposed-convolution layers are operators the crate's own inference does
//! not have.

use std::io::Cursor;
use std::sync::OnceLock;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;
use tract_onnx::prelude::*;

use crate::error::VisionError;

/// MediaPipe's `selfie_segmentation.tflite` (mediapipe 0.10.21 wheel, Apache-2.0), converted to
/// ONNX by `scripts/models/segmentation/convert.sh` (a modified file: see `models/README.md`).
/// Input `input_1`: 1 × 256 × 256 × 3 RGB in 0..1 (channel-last, as in the original model).
/// Output: 1 × 256 × 256 × 1 person probability.
static SELFIE_SEGMENTATION_ONNX: &[u8] = include_bytes!("../models/selfie_segmentation.onnx");

/// Side of the square grid the network sees the whole image as, in cells.
pub const SEGMENTATION_SIDE: usize = 256;

const MODEL: &str = "person-segmentation";

/// The optimised network, loaded once (≈ 0.1 s) and shared; `Send + Sync`.
pub struct PersonSegmenter {
    plan: Arc<TypedRunnableModel>,
}

impl std::fmt::Debug for PersonSegmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonSegmenter(selfie_segmentation)")
    }
}

fn load_error(detail: String) -> VisionError {
    VisionError::Model {
        model: MODEL,
        detail,
    }
}

impl PersonSegmenter {
    pub fn new() -> Result<PersonSegmenter, VisionError> {
        PersonSegmenter::load().map_err(load_error)
    }

    /// The network loaded once for the whole process, on first use. Measurement (a frame too
    /// tight for the fixed background samples) and preparation (the background replaced) both
    /// segment photos, often the same photo one after the other: each loading its own copy
    /// cost the load (about 0.1 s) twice and kept its weights in memory twice. A load that
    /// failed fails every later call with the same cause.
    pub fn shared() -> Result<&'static PersonSegmenter, VisionError> {
        static SHARED: OnceLock<Result<PersonSegmenter, String>> = OnceLock::new();
        SHARED
            .get_or_init(PersonSegmenter::load)
            .as_ref()
            .map_err(|detail| load_error(detail.clone()))
    }

    /// Reads and optimises the network; the error is tract's, in words.
    fn load() -> Result<PersonSegmenter, String> {
        let shape = [1, SEGMENTATION_SIDE, SEGMENTATION_SIDE, 3];
        let plan = tract_onnx::onnx()
            .model_for_read(&mut Cursor::new(SELFIE_SEGMENTATION_ONNX))
            .and_then(|model| model.with_input_fact(0, f32::fact(shape).into()))
            .and_then(|model| model.into_optimized())
            .and_then(|model| model.into_runnable())
            .map_err(|error| format!("{error:#}"))?;
        Ok(PersonSegmenter { plan })
    }

    /// The person probability (0 background, 1 person) of each cell of the image stretched to
    /// [`SEGMENTATION_SIDE`]², row by row: cell `(cx, cy)` covers the image's pixels from
    /// `cx · width / 256` to `(cx + 1) · width / 256` across, and likewise down.
    pub fn person_probabilities(&self, image: &RgbImage) -> Result<Vec<f32>, VisionError> {
        let small = stretch_to_input(image)?;
        let hwc: Vec<f32> = small.iter().map(|&v| f32::from(v) / 255.0).collect();
        self.infer(hwc)
    }

    /// Runs the network on a channel-last 256 × 256 × 3 tensor in 0..1.
    fn infer(&self, hwc: Vec<f32>) -> Result<Vec<f32>, VisionError> {
        let inference = |detail: String| VisionError::Inference {
            model: MODEL,
            detail,
        };
        let input = Tensor::from_shape(&[1, SEGMENTATION_SIDE, SEGMENTATION_SIDE, 3], &hwc)
            .map_err(|e| inference(format!("{e:#}")))?;
        let outputs = self
            .plan
            .run(tvec!(input.into()))
            .map_err(|e| inference(format!("{e:#}")))?;
        let output = outputs
            .first()
            .ok_or_else(|| inference("the network gave no output".to_owned()))?;
        let values = output
            .to_plain_array_view::<f32>()
            .map_err(|e| inference(format!("{e:#}")))?;
        if values.len() != SEGMENTATION_SIDE * SEGMENTATION_SIDE {
            return Err(inference(format!(
                "the network gave {} values instead of a 256 × 256 mask",
                values.len()
            )));
        }
        Ok(values.iter().copied().collect())
    }
}

/// The whole image stretched to the network's square input (MediaPipe's CPU graph does the
/// same: no letterbox), bilinear like MediaPipe's own resize.
fn stretch_to_input(image: &RgbImage) -> Result<Vec<u8>, VisionError> {
    let resize_error = |e: String| VisionError::Inference {
        model: MODEL,
        detail: format!("resizing for the network: {e}"),
    };
    let source = ImageRef::new(
        image.width(),
        image.height(),
        image.as_raw(),
        PixelType::U8x3,
    )
    .map_err(|e| resize_error(e.to_string()))?;
    let side = SEGMENTATION_SIDE as u32;
    let mut target = Image::new(side, side, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear));
    Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|e| resize_error(e.to_string()))?;
    Ok(target.into_vec())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_network_is_loaded_once_and_segments() {
        let first = PersonSegmenter::shared().unwrap();
        let second = PersonSegmenter::shared().unwrap();
        assert!(std::ptr::eq(first, second));
        let grey = RgbImage::from_pixel(64, 48, image::Rgb([128, 128, 128]));
        let probabilities = first.person_probabilities(&grey).unwrap();
        assert_eq!(probabilities.len(), SEGMENTATION_SIDE * SEGMENTATION_SIDE);
        // Nothing of a person in a flat grey image.
        assert!(probabilities.iter().all(|p| (0.0..0.5).contains(p)));
    }
}
