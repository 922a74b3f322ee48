//! A bundled ONNX network that takes one square RGB crop, run with ONNX Runtime.

mod optimised;

/// The SHA-256 of each bundled network, from `build.rs`.
pub(crate) mod digests {
    include!(concat!(env!("OUT_DIR"), "/network_digests.rs"));
}

use std::borrow::Cow;
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
    /// What sessions are built from: the optimised network (from the disk cache, or as the
    /// first session saved it), else the bundled one, optimised by each session.
    model: Model,
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

/// A network's bytes, and whether ONNX Runtime has already optimised them.
struct Model {
    bytes: Cow<'static, [u8]>,
    optimised: bool,
}

impl SquareNetwork {
    /// Loads `onnx` (input 0: `1 × 3 × size × size`, channel-first), checking that ONNX
    /// Runtime is there and accepts the model. Its optimised form comes from the disk cache
    /// when there is a usable one, and is saved there when there is not.
    /// `onnx_sha256` is the SHA-256 of `onnx`, worked out at build time ([`digests`]).
    pub fn load(
        onnx: &'static [u8],
        onnx_sha256: &[u8; 32],
        size: usize,
        name: &'static str,
    ) -> Result<Self, VisionError> {
        let environment = runtime::environment()?;
        let mut network = Self {
            environment,
            model: Model {
                bytes: Cow::Borrowed(onnx),
                optimised: false,
            },
            idle: Mutex::new(Vec::new()),
            size,
            name,
        };
        let entry = optimised::Entry::for_model(onnx_sha256, name);
        let cached = entry
            .as_ref()
            .and_then(optimised::Entry::read)
            .map(|bytes| Model {
                bytes: Cow::Owned(bytes),
                optimised: true,
            });
        let session = match cached {
            Some(model) => match network.build_session(&model, None) {
                Ok(session) => {
                    network.model = model;
                    session
                }
                // An entry ONNX Runtime refuses is replaced below like a missing one.
                Err(_) => network.first_session(entry.as_ref())?,
            },
            None => network.first_session(entry.as_ref())?,
        };
        network.give_back(session);
        Ok(network)
    }

    /// A session from the bundled network; its optimised form is saved in `entry` and used
    /// for the sessions after it.
    fn first_session(&mut self, entry: Option<&optimised::Entry>) -> Result<Session, VisionError> {
        let scratch = entry.and_then(optimised::Entry::scratch_path);
        let bundled = Model {
            bytes: self.model.bytes.clone(),
            optimised: false,
        };
        let session = self
            .build_session(&bundled, scratch.as_deref())
            .map_err(|error| self.model_error(&error))?;
        if let (Some(entry), Some(scratch)) = (entry, scratch) {
            if let Ok(bytes) = std::fs::read(&scratch) {
                entry.write(&bytes);
                self.model = Model {
                    bytes: Cow::Owned(bytes),
                    optimised: true,
                };
            }
            let _ = std::fs::remove_file(&scratch);
        }
        Ok(session)
    }

    /// A session of this network, optimised for one thread: photorules measures several
    /// photos in parallel rather than one photo on several cores.
    fn new_session(&self) -> Result<Session, VisionError> {
        self.build_session(&self.model, None)
            .map_err(|error| self.model_error(&error))
    }

    /// A session of `model`; an unoptimised one is optimised fully, and the result written to
    /// `save_optimised` when given.
    fn build_session(
        &self,
        model: &Model,
        save_optimised: Option<&std::path::Path>,
    ) -> ort::Result<Session> {
        let level = if model.optimised {
            GraphOptimizationLevel::Disable
        } else {
            GraphOptimizationLevel::Level3
        };
        let mut builder = Session::builder(self.environment)?
            .with_optimization_level(level)?
            .with_intra_threads(1)?
            .with_inter_threads(1)?
            // No memory arena and no memory pattern: both are set up for each session, about
            // 2.5 ms of the 13 ms a session took to build, and the networks' few small tensors
            // per run cost nothing measurable to allocate without them.
            .with_execution_providers([ort::ep::CPU::default()
                .with_arena_allocator(false)
                .build()])?
            .with_memory_pattern(false)?;
        if let Some(path) = save_optimised {
            builder = builder.with_optimized_model_path(path)?;
        }
        builder.commit_from_memory(&model.bytes)
    }

    fn model_error(&self, error: &ort::Error) -> VisionError {
        VisionError::Model {
            model: self.name,
            detail: error.to_string(),
        }
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::landmarks::{FACE_MESH_ONNX, INPUT_SIZE};

    /// The bundled network optimised in memory by its own session, as without a cache.
    fn uncached() -> SquareNetwork {
        SquareNetwork {
            environment: runtime::environment().unwrap(),
            model: Model {
                bytes: Cow::Borrowed(FACE_MESH_ONNX),
                optimised: false,
            },
            idle: Mutex::new(Vec::new()),
            size: INPUT_SIZE,
            name: "face-landmark",
        }
    }

    #[test]
    fn the_digests_worked_out_at_build_time_are_those_of_the_bundled_networks() {
        use sha2::{Digest, Sha256};
        let digest = |bytes: &[u8]| -> [u8; 32] { Sha256::digest(bytes).into() };
        assert_eq!(digest(FACE_MESH_ONNX), digests::FACE_LANDMARK_ONNX_SHA256);
        assert_eq!(
            digest(crate::eyes::IRIS_ONNX),
            digests::IRIS_LANDMARK_ONNX_SHA256
        );
    }

    #[test]
    fn a_network_from_its_saved_optimised_form_gives_the_same_outputs() {
        // Loaded twice: the second load at the latest reads the entry the first one wrote.
        let digest = &digests::FACE_LANDMARK_ONNX_SHA256;
        let _ = SquareNetwork::load(FACE_MESH_ONNX, digest, INPUT_SIZE, "face-landmark").unwrap();
        let cached =
            SquareNetwork::load(FACE_MESH_ONNX, digest, INPUT_SIZE, "face-landmark").unwrap();
        let input: Vec<f32> = (0..3 * INPUT_SIZE * INPUT_SIZE)
            .map(|i| ((i * 7919) % 255) as f32 / 255.0)
            .collect();
        let expected = uncached().run(input.clone()).unwrap();
        assert_eq!(cached.run(input).unwrap(), expected);
        if optimised::Entry::for_model(digest, "face-landmark").is_some() {
            assert!(
                cached.model.optimised,
                "the saved optimised network was not used"
            );
        }
    }
}
