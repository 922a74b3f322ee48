//! The MediaPipe selfie-segmentation network, run with `tract-onnx`.

use std::io::Cursor;

use tract_onnx::prelude::*;

use crate::error::PrepareError;

/// MediaPipe's `selfie_segmentation.tflite` (mediapipe 0.10.21 wheel, Apache-2.0), converted to
/// ONNX by `scripts/models/segmentation/convert.sh` (a modified file: see `models/README.md`).
/// Input `input_1`: 1 × 256 × 256 × 3 RGB in 0..1 (channel-last, as in the original model).
/// Output: 1 × 256 × 256 × 1 person probability.
static SELFIE_SEGMENTATION_ONNX: &[u8] = include_bytes!("../../models/selfie_segmentation.onnx");

/// Side of the square input the network takes, in pixels.
pub const INPUT_SIZE: usize = 256;

/// The optimised network, loaded once and shared (tract plans run with `&self`).
pub struct Network {
    plan: Arc<TypedRunnableModel>,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Network(selfie_segmentation)")
    }
}

impl Network {
    pub fn load() -> Result<Self, PrepareError> {
        let shape = [1, INPUT_SIZE, INPUT_SIZE, 3];
        let plan = tract_onnx::onnx()
            .model_for_read(&mut Cursor::new(SELFIE_SEGMENTATION_ONNX))
            .and_then(|model| model.with_input_fact(0, f32::fact(shape).into()))
            .and_then(|model| model.into_optimized())
            .and_then(|model| model.into_runnable())
            .map_err(|error| PrepareError::SegmentationModel(format!("{error:#}")))?;
        Ok(Self { plan })
    }

    /// Runs the network on a channel-last 256 × 256 × 3 tensor in 0..1; returns the 256 × 256
    /// person probabilities, row by row.
    pub fn infer(&self, hwc: Vec<f32>) -> Result<Vec<f32>, PrepareError> {
        let inference = |error: TractError| PrepareError::Segmentation(format!("{error:#}"));
        let input = Tensor::from_shape(&[1, INPUT_SIZE, INPUT_SIZE, 3], &hwc).map_err(inference)?;
        let outputs = self.plan.run(tvec!(input.into())).map_err(inference)?;
        let output = outputs
            .first()
            .ok_or_else(|| PrepareError::Segmentation("the network gave no output".to_owned()))?;
        let values = output.to_plain_array_view::<f32>().map_err(inference)?;
        if values.len() != INPUT_SIZE * INPUT_SIZE {
            return Err(PrepareError::Segmentation(format!(
                "the network gave {} values instead of a 256 × 256 mask",
                values.len()
            )));
        }
        Ok(values.iter().copied().collect())
    }
}
