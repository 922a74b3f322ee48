//! The face models a measurer runs, loaded at once or on a thread of their own.

use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;

use photorules_vision::{EyeModel, FaceDetector, LandmarkModel, VisionError};

use crate::error::MeasureError;

/// The detector and the two networks.
#[derive(Debug)]
pub(crate) struct Models {
    pub detector: FaceDetector,
    pub landmarks: LandmarkModel,
    pub eyes: EyeModel,
}

impl Models {
    fn load() -> Result<Models, MeasureError> {
        Ok(Models {
            detector: FaceDetector::new().map_err(model_error)?,
            landmarks: LandmarkModel::new().map_err(model_error)?,
            eyes: EyeModel::new().map_err(model_error)?,
        })
    }
}

/// Why a face model could not be set up: a missing inference library is told apart from a
/// broken bundled model, because the user can fix the first.
fn model_error(error: VisionError) -> MeasureError {
    match error {
        VisionError::Runtime(_) => MeasureError::Runtime(error.to_string()),
        _ => MeasureError::Models(error.to_string()),
    }
}

/// A load that failed, kept so that every later measurement reports it again.
#[derive(Debug, Clone)]
enum Failure {
    Runtime(String),
    Models(String),
}

impl Failure {
    fn of(error: MeasureError) -> Failure {
        match error {
            MeasureError::Runtime(text) => Failure::Runtime(text),
            other => Failure::Models(other.to_string()),
        }
    }

    fn error(&self) -> MeasureError {
        match self {
            Failure::Runtime(text) => MeasureError::Runtime(text.clone()),
            Failure::Models(text) => MeasureError::Models(text.clone()),
        }
    }
}

/// The models, or the thread loading them.
#[derive(Debug)]
pub(crate) struct ModelSlot {
    loaded: OnceLock<Result<Models, Failure>>,
    loading: Mutex<Option<JoinHandle<Result<Models, MeasureError>>>>,
}

impl ModelSlot {
    pub fn loaded_now() -> Result<ModelSlot, MeasureError> {
        let slot = ModelSlot {
            loaded: OnceLock::new(),
            loading: Mutex::new(None),
        };
        let _ = slot.loaded.set(Ok(Models::load()?));
        Ok(slot)
    }

    /// Starts loading on a new thread. The ONNX Runtime library is looked for first, so that
    /// a missing installation is reported at once, as [`ModelSlot::loaded_now`] does.
    pub fn loading_in_background() -> Result<ModelSlot, MeasureError> {
        photorules_vision::runtime::library_path().map_err(model_error)?;
        let handle = std::thread::Builder::new()
            .name("photorules-models".into())
            .spawn(Models::load)
            .map_err(|e| MeasureError::Models(format!("could not start loading: {e}")))?;
        Ok(ModelSlot {
            loaded: OnceLock::new(),
            loading: Mutex::new(Some(handle)),
        })
    }

    /// The models, waiting for them on first use.
    pub fn get(&self) -> Result<&Models, MeasureError> {
        let loaded = self.loaded.get_or_init(|| {
            let handle = self
                .loading
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            match handle.map(JoinHandle::join) {
                Some(Ok(result)) => result.map_err(Failure::of),
                Some(Err(_)) => Err(Failure::Models("loading the models panicked".into())),
                None => Err(Failure::Models("the models were never loaded".into())),
            }
        });
        loaded.as_ref().map_err(Failure::error)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn models_loaded_in_the_background_are_there_for_every_thread() {
        let slot = ModelSlot::loading_in_background().unwrap();
        std::thread::scope(|scope| {
            let waiting: Vec<_> = (0..3).map(|_| scope.spawn(|| slot.get().is_ok())).collect();
            for thread in waiting {
                assert!(thread.join().unwrap());
            }
        });
        assert!(slot.get().is_ok());
    }
}
