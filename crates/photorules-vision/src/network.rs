//! A bundled ONNX network that takes one square RGB crop, run with `tract-onnx`.

use std::io::Cursor;

use tract_onnx::prelude::*;

use crate::error::VisionError;

/// An optimised network, loaded once and shared (tract plans run with `&self`).
pub struct SquareNetwork {
    plan: Arc<TypedRunnableModel>,
    /// Side of the square input in pixels.
    size: usize,
    /// The network in words, for error messages (`face-landmark`, `eye-contour`).
    name: &'static str,
}

// The plan itself has no useful `Debug`; the network's name and input size say which it is.
impl std::fmt::Debug for SquareNetwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SquareNetwork")
            .field("name", &self.name)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl SquareNetwork {
    /// Loads `onnx` (input 0: `1 × 3 × size × size`, channel-first) and optimises it for that
    /// fixed shape.
    pub fn load(onnx: &[u8], size: usize, name: &'static str) -> Result<Self, VisionError> {
        let shape = [1, 3, size, size];
        let plan = tract_onnx::onnx()
            .model_for_read(&mut Cursor::new(onnx))
            .and_then(|model| model.with_input_fact(0, f32::fact(shape).into()))
            .and_then(|model| model.into_optimized())
            .and_then(|model| model.into_runnable())
            .map_err(|error| VisionError::Model {
                model: name,
                detail: format!("{error:#}"),
            })?;
        Ok(Self { plan, size, name })
    }

    /// Runs the network on a channel-first `3 × size × size` tensor and returns every output
    /// flattened, in the network's output order.
    pub fn run(&self, chw: Vec<f32>) -> Result<Vec<Vec<f32>>, VisionError> {
        let input = Tensor::from_shape(&[1, 3, self.size, self.size], &chw)
            .map_err(|error| self.failure(format!("{error:#}")))?;
        let outputs = self
            .plan
            .run(tvec!(input.into()))
            .map_err(|error| self.failure(format!("{error:#}")))?;
        outputs
            .iter()
            .map(|output| {
                output
                    .to_plain_array_view::<f32>()
                    .map(|values| values.iter().copied().collect())
                    .map_err(|error| self.failure(format!("{error:#}")))
            })
            .collect()
    }

    /// The output with exactly `len` values. Outputs are told apart by size rather than
    /// position, so a re-export that reorders them cannot silently swap them.
    pub fn output_of_len(
        &self,
        outputs: &mut [Vec<f32>],
        len: usize,
    ) -> Result<Vec<f32>, VisionError> {
        outputs
            .iter_mut()
            .find(|values| values.len() == len)
            .map(std::mem::take)
            .ok_or_else(|| self.failure(format!("the network gave no output of {len} values")))
    }

    /// An inference error naming this network.
    pub fn failure(&self, detail: String) -> VisionError {
        VisionError::Inference {
            model: self.name,
            detail,
        }
    }
}
