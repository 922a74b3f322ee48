//! A bundled ONNX network that takes one square RGB crop, run with ONNX Runtime.

use std::sync::{Mutex, PoisonError};

use ort::environment::Environment;
use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::Tensor;

use crate::error::VisionError;
use crate::runtime;

/// A network loaded once and shared between threads.
pub struct SquareNetwork {
    environment: &'static Environment,
    onnx: &'static [u8],
    /// Sessions not in use. ONNX Runtime's Rust binding runs a session through `&mut`, so each
    /// concurrent caller takes one of its own; the pool grows to the number of threads that
    /// measure at the same time and no caller waits for another.
    idle: Mutex<Vec<Session>>,
    /// Side of the square input in pixels.
    size: usize,
    /// The network in words, for error messages (`face-landmark`, `eye-contour`).
    name: &'static str,
}

// Sessions have no useful `Debug`; the network's name and input size say which it is.
impl std::fmt::Debug for SquareNetwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SquareNetwork")
            .field("name", &self.name)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl SquareNetwork {
    /// Loads `onnx` (input 0: `1 × 3 × size × size`, channel-first), checking that ONNX
    /// Runtime is there and accepts the model.
    pub fn load(onnx: &'static [u8], size: usize, name: &'static str) -> Result<Self, VisionError> {
        let environment = runtime::environment()?;
        let network = Self {
            environment,
            onnx,
            idle: Mutex::new(Vec::new()),
            size,
            name,
        };
        let session = network.new_session()?;
        network.give_back(session);
        Ok(network)
    }

    /// A session of this network, optimised for one thread: photorules measures several
    /// photos in parallel rather than one photo on several cores.
    fn new_session(&self) -> Result<Session, VisionError> {
        self.build_session().map_err(|error| VisionError::Model {
            model: self.name,
            detail: error.to_string(),
        })
    }

    fn build_session(&self) -> ort::Result<Session> {
        Session::builder(self.environment)?
            .with_optimization_level(GraphOptimizationLevel::Level3)?
            .with_intra_threads(1)?
            .with_inter_threads(1)?
            .commit_from_memory(self.onnx)
    }

    fn take_session(&self) -> Result<Session, VisionError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match idle {
            Some(session) => Ok(session),
            None => self.new_session(),
        }
    }

    fn give_back(&self, session: Session) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(session);
    }

    /// Runs the network on a channel-first `3 × size × size` tensor and returns every output
    /// flattened, in the network's output order.
    pub fn run(&self, chw: Vec<f32>) -> Result<Vec<Vec<f32>>, VisionError> {
        let mut session = self.take_session()?;
        let outputs = self.run_session(&mut session, chw);
        self.give_back(session);
        outputs
    }

    fn run_session(
        &self,
        session: &mut Session,
        chw: Vec<f32>,
    ) -> Result<Vec<Vec<f32>>, VisionError> {
        let input = Tensor::from_array(([1usize, 3, self.size, self.size], chw))
            .map_err(|error| self.failure(error.to_string()))?;
        let outputs = session
            .run(ort::inputs![input])
            .map_err(|error| self.failure(error.to_string()))?;
        outputs
            .iter()
            .map(|(_, output)| {
                output
                    .try_extract_tensor::<f32>()
                    .map(|(_, values)| values.to_vec())
                    .map_err(|error| self.failure(error.to_string()))
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
