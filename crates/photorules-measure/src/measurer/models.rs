//! The face models a measurer runs: the detector, loaded at once (about 1 ms); the face mesh,
//! eye and expression (blendshape) networks, loaded at once or each on a thread of its own,
//! since every photo with a face needs all three; and, loaded on first use, the networks only
//! some photos need: the second mesh that reads the lips again (only where the first reads
//! them together; a smiling or talking face never needs it), the network detector for turned
//! faces (only photos whose face the cascade misses) and the person segmentation (only frames
//! too tight to sample the background in).
//!
//! Each network takes about a millisecond to load (its ONNX file read and checked, its
//! weights rearranged; `photorules-vision`'s own inference has nothing else to set up), the
//! second mesh about 3 ms. Started in the background, the three load side by side while the
//! caller reads, decodes and scans the first photo for faces, which needs only the detector.

use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;

use photorules_vision::{
    BlendshapeModel, EyeModel, FaceDetector, LandmarkModel, LipModel, NetworkFaceDetector,
    PersonSegmenter, VisionError,
};

use crate::error::MeasureError;

/// The detector and the networks.
#[derive(Debug)]
pub(crate) struct Models {
    pub detector: FaceDetector,
    landmarks: Loading<LandmarkModel>,
    eyes: Loading<EyeModel>,
    expression: Loading<BlendshapeModel>,
    /// Asked only where the first mesh reads the lips together: loaded then (about 3 ms, and
    /// the largest of the networks' weights, 4.9 MB).
    lips: OnceLock<Result<LipModel, Failure>>,
    /// Asked only when the cascade finds no face on the first copies: loaded then.
    turned_faces: OnceLock<Result<NetworkFaceDetector, Failure>>,
}

/// The mesh, eye and expression networks, once all three are there, and the models the lip
/// network is loaded into when a face first needs it.
pub(crate) struct Networks<'a> {
    pub landmarks: &'a LandmarkModel,
    pub eyes: &'a EyeModel,
    pub expression: &'a BlendshapeModel,
    models: &'a Models,
}

impl Networks<'_> {
    /// The second mesh, loaded on first use.
    pub fn lips(&self) -> Result<&LipModel, MeasureError> {
        self.models
            .lips
            .get_or_init(|| LipModel::new().map_err(|e| Failure::of(model_error(e))))
            .as_ref()
            .map_err(Failure::error)
    }
}

impl Models {
    pub fn loaded_now() -> Result<Models, MeasureError> {
        Ok(Models {
            detector: FaceDetector::new().map_err(model_error)?,
            landmarks: Loading::done(LandmarkModel::new().map_err(model_error)?),
            eyes: Loading::done(EyeModel::new().map_err(model_error)?),
            expression: Loading::done(BlendshapeModel::new().map_err(model_error)?),
            lips: OnceLock::new(),
            turned_faces: OnceLock::new(),
        })
    }

    /// The detector now, each network on a thread of its own.
    pub fn loading_in_background() -> Result<Models, MeasureError> {
        Ok(Models {
            detector: FaceDetector::new().map_err(model_error)?,
            landmarks: Loading::in_background("photorules-landmarks", LandmarkModel::new)?,
            eyes: Loading::in_background("photorules-eyes", EyeModel::new)?,
            expression: Loading::in_background("photorules-expression", BlendshapeModel::new)?,
            lips: OnceLock::new(),
            turned_faces: OnceLock::new(),
        })
    }

    /// Returns once no network is still loading (loaded or failed).
    pub fn wait_until_loaded(&self) {
        let _ = self.landmarks.get();
        let _ = self.eyes.get();
        let _ = self.expression.get();
    }

    /// The network detector for turned faces, loaded on first use (about a millisecond).
    pub fn turned_face_detector(&self) -> Result<&NetworkFaceDetector, MeasureError> {
        self.turned_faces
            .get_or_init(|| NetworkFaceDetector::new().map_err(|e| Failure::of(model_error(e))))
            .as_ref()
            .map_err(Failure::error)
    }

    /// The person segmentation network, asked only when a tight frame leaves too little
    /// background beside and above the head to sample: loaded then (about 0.1 s), once per
    /// process, since preparation segments with the same network
    /// ([`PersonSegmenter::shared`]).
    pub fn person_segmenter(&self) -> Result<&'static PersonSegmenter, MeasureError> {
        PersonSegmenter::shared().map_err(model_error)
    }

    /// The three networks, waiting for them on first use; a network that failed to load is
    /// every measurement's error.
    pub fn networks(&self) -> Result<Networks<'_>, MeasureError> {
        Ok(Networks {
            landmarks: self.landmarks.get()?,
            eyes: self.eyes.get()?,
            expression: self.expression.get()?,
            models: self,
        })
    }
}

/// Why a face model could not be set up (the models ship inside the program, so a bug).
fn model_error(error: VisionError) -> MeasureError {
    MeasureError::Models(error.to_string())
}

/// A load that failed, kept so that every later measurement reports it again.
#[derive(Debug, Clone)]
struct Failure(String);

impl Failure {
    fn of(error: MeasureError) -> Failure {
        match error {
            MeasureError::Models(text) => Failure(text),
            other => Failure(other.to_string()),
        }
    }

    fn error(&self) -> MeasureError {
        MeasureError::Models(self.0.clone())
    }
}

/// A network, or the thread loading it.
#[derive(Debug)]
struct Loading<T> {
    loaded: OnceLock<Result<T, Failure>>,
    loading: Mutex<Option<JoinHandle<Result<T, MeasureError>>>>,
}

impl<T: Send + 'static> Loading<T> {
    fn done(value: T) -> Loading<T> {
        Loading {
            loaded: OnceLock::from(Ok(value)),
            loading: Mutex::new(None),
        }
    }

    fn in_background(
        thread_name: &str,
        load: fn() -> Result<T, VisionError>,
    ) -> Result<Loading<T>, MeasureError> {
        let handle = std::thread::Builder::new()
            .name(thread_name.into())
            .spawn(move || load().map_err(model_error))
            .map_err(|e| MeasureError::Models(format!("could not start loading: {e}")))?;
        Ok(Loading {
            loaded: OnceLock::new(),
            loading: Mutex::new(Some(handle)),
        })
    }

    /// The value, waiting for the loading thread on first use.
    fn get(&self) -> Result<&T, MeasureError> {
        let loaded = self.loaded.get_or_init(|| {
            let handle = self
                .loading
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            match handle.map(JoinHandle::join) {
                Some(Ok(result)) => result.map_err(Failure::of),
                Some(Err(_)) => Err(Failure("loading the models panicked".into())),
                None => Err(Failure("the models were never loaded".into())),
            }
        });
        loaded.as_ref().map_err(Failure::error)
    }
}

/// A loading thread is waited for, not left running: a measurer dropped while a network loads
/// does not leave a thread behind it.
impl<T> Drop for Loading<T> {
    fn drop(&mut self) {
        let handle = self
            .loading
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(handle) = handle {
            let _ = handle.join();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn models_loaded_in_the_background_are_there_for_every_thread() {
        let models = Models::loading_in_background().unwrap();
        std::thread::scope(|scope| {
            let waiting: Vec<_> = (0..3)
                .map(|_| scope.spawn(|| models.networks().is_ok()))
                .collect();
            for thread in waiting {
                assert!(thread.join().unwrap());
            }
        });
        assert!(models.networks().is_ok());
    }

    #[test]
    fn the_lip_network_loads_when_a_face_first_needs_it() {
        let models = Models::loading_in_background().unwrap();
        let networks = models.networks().unwrap();
        assert!(models.lips.get().is_none(), "loaded before any face asked");
        assert!(networks.lips().is_ok());
        assert!(matches!(models.lips.get(), Some(Ok(_))));
    }

    #[test]
    fn a_slot_dropped_while_its_network_loads_waits_for_the_thread() {
        use std::sync::atomic::{AtomicBool, Ordering};
        static FINISHED: AtomicBool = AtomicBool::new(false);
        let slow: Loading<()> = Loading::in_background("slow", || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            FINISHED.store(true, Ordering::SeqCst);
            Ok(())
        })
        .unwrap();
        drop(slow);
        assert!(FINISHED.load(Ordering::SeqCst));
    }

    #[test]
    fn a_network_that_fails_to_load_is_every_callers_error() {
        let failing: Loading<()> = Loading::in_background("failing", || {
            Err(VisionError::Model {
                model: "test",
                detail: "no library here".into(),
            })
        })
        .unwrap();
        for _ in 0..2 {
            let error = failing.get().unwrap_err();
            assert!(matches!(error, MeasureError::Models(ref text) if text.contains("no library")));
        }
    }
}
