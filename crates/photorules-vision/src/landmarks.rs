//! The 468-point face mesh of one face (MediaPipe face landmark model).
//!
//! How a face is cropped follows MediaPipe's face-landmark graph: a square around the face,
//! 1.5 × the face's extent, rotated so the eyes are level, sampled to 192 × 192. The first
//! crop comes from the detector's box (no rotation known yet); the mesh it gives defines a
//! second, MediaPipe-style crop (eye line from points 33 and 263, extent of all points), and
//! the mesh from that crop is the result. Without the second pass a tilted head is seen
//! tilted, and the points drift by several pixels.

mod network;
mod roi;

use image::RgbImage;

use crate::detect::FaceBox;
use crate::error::VisionError;
use crate::mesh;

pub use network::INPUT_SIZE;
pub use roi::Roi;

use network::{Network, RawMesh};

/// Side of the first crop relative to the detector box's larger side. SeetaFace boxes span
/// roughly brows to chin; 1.9 × that gives about the crop the second pass settles on
/// (measured on the test photos), so the first pass already sees the whole face.
const FIRST_CROP_SCALE: f32 = 1.9;

/// MediaPipe's crop side relative to the extent of the mesh (`RectTransformationCalculator`
/// scale 1.5 in `face_landmark_landmarks_to_roi.pbtxt`).
const MESH_CROP_SCALE: f32 = 1.5;

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

/// The face-mesh network, optimised once; `Send + Sync`, share it between threads.
pub struct LandmarkModel {
    network: Network,
}

impl std::fmt::Debug for LandmarkModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LandmarkModel").finish_non_exhaustive()
    }
}

impl LandmarkModel {
    /// Loads and optimises the bundled network (≈ 0.1 s; do it once).
    pub fn new() -> Result<Self, VisionError> {
        Ok(Self {
            network: Network::load()?,
        })
    }

    /// The mesh of the face in `face` (a box in pixels of `image`, e.g. from
    /// [`FaceDetector::detect_reduced`](crate::FaceDetector::detect_reduced)).
    ///
    /// Errors when the box is not finite, has no area or lies outside the image.
    pub fn run(&self, image: &RgbImage, face: &FaceBox) -> Result<FaceMesh, VisionError> {
        let first = first_crop(image, face)?;
        let coarse = self.run_crop(image, &first)?;
        let refined_crop = crop_around_mesh(&coarse.points, &first)?;
        self.run_crop(image, &refined_crop)
    }

    /// The mesh from one given crop, in image coordinates.
    pub fn run_crop(&self, image: &RgbImage, crop: &Roi) -> Result<FaceMesh, VisionError> {
        let tensor = crop.sample_chw(image, INPUT_SIZE);
        let RawMesh { points, presence } = self.network.infer(tensor)?;
        let input = INPUT_SIZE as f32;
        let depth_scale = crop.side / input;
        let points = points
            .iter()
            .map(|&[x, y, z]| {
                let (image_x, image_y) = crop.to_image(x / input, y / input);
                [image_x, image_y, z * depth_scale]
            })
            .collect();
        Ok(FaceMesh { points, presence })
    }
}

/// The first crop: an upright square around the detector's box.
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
    let (centre_x, centre_y) = face.centre();
    Ok(Roi {
        centre_x,
        centre_y,
        side: FIRST_CROP_SCALE * face.width.max(face.height),
        angle: 0.0,
    })
}

/// MediaPipe's crop from a mesh: rotated to level the outer eye corners (points 33 and 263),
/// centred on the mesh's extent in that rotated frame, 1.5 × its larger side.
fn crop_around_mesh(points: &[[f32; 3]], previous: &Roi) -> Result<Roi, VisionError> {
    let unusable = || VisionError::Inference("the face mesh has no usable extent".to_owned());
    let (Some(right), Some(left)) = (
        points.get(mesh::RIGHT_EYE_OUTER_CORNER),
        points.get(mesh::LEFT_EYE_OUTER_CORNER),
    ) else {
        return Err(unusable());
    };
    let angle = (left[1] - right[1]).atan2(left[0] - right[0]);
    let frame = Roi { angle, ..*previous };
    let (mut min_u, mut min_v) = (f32::INFINITY, f32::INFINITY);
    let (mut max_u, mut max_v) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    for point in points {
        let (u, v) = frame.to_crop_frame(point[0], point[1]);
        min_u = min_u.min(u);
        max_u = max_u.max(u);
        min_v = min_v.min(v);
        max_v = max_v.max(v);
    }
    let side = MESH_CROP_SCALE * (max_u - min_u).max(max_v - min_v);
    if !side.is_finite() || side <= 0.0 || !angle.is_finite() {
        return Err(unusable());
    }
    // Centre of the extent, taken from the rotated frame back to the image.
    let (mid_u, mid_v) = ((min_u + max_u) / 2.0, (min_v + max_v) / 2.0);
    let (sin, cos) = angle.sin_cos();
    Ok(Roi {
        centre_x: frame.centre_x + mid_u * cos - mid_v * sin,
        centre_y: frame.centre_y + mid_u * sin + mid_v * cos,
        side,
        angle,
    })
}
