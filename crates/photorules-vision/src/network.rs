//! A bundled ONNX network that takes one square RGB crop, run by [`crate::inference`].

use crate::error::VisionError;
use crate::inference::Plan;

/// The probability a network's logit stands for.
pub(crate) fn sigmoid(logit: f32) -> f32 {
    1.0 / (1.0 + (-logit).exp())
}

/// A network loaded once and shared between threads: running it only reads the plan, and
/// each run has buffers of its own.
#[derive(Debug)]
pub struct SquareNetwork {
    plan: Plan,
    /// The network in words, for error messages (`face-landmark`, `eye-contour`).
    name: &'static str,
}

impl SquareNetwork {
    /// Loads `onnx` for one input of `1 × 3 × size × size` (channel-first), checking every
    /// node against what [`Plan`] runs.
    pub fn load(onnx: &[u8], size: usize, name: &'static str) -> Result<Self, VisionError> {
        let plan = Plan::new(onnx, &[1, 3, size, size]).map_err(|detail| VisionError::Model {
            model: name,
            detail,
        })?;
        Ok(Self { plan, name })
    }

    /// Runs the network on a channel-first `3 × size × size` tensor and returns every output
    /// flattened, in the network's output order.
    pub fn run(&self, chw: Vec<f32>) -> Result<Vec<Vec<f32>>, VisionError> {
        self.plan.run(chw).map_err(|detail| self.failure(detail))
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
