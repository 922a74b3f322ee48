//! The face mesh as this crate uses it: 468 points in full-resolution pixels, with the few
//! derived positions (eye centres, outline extremes) several metrics share.

use photorules_vision::{EyeContour, Eyes, mesh};

/// 468 MediaPipe face-mesh points `(x, y, z)` in pixels of the full-resolution image; `z` is
/// depth on the same scale as `x` (smaller = nearer the camera).
#[derive(Debug, Clone, PartialEq)]
pub struct Mesh {
    points: Vec<[f64; 3]>,
}

impl Mesh {
    /// A mesh from the landmark model's points; `None` unless there are exactly 468 finite
    /// points.
    pub fn from_points(points: &[[f32; 3]]) -> Option<Mesh> {
        if points.len() != mesh::POINT_COUNT {
            return None;
        }
        let points: Vec<[f64; 3]> = points.iter().map(|p| p.map(f64::from)).collect();
        points
            .iter()
            .all(|p| p.iter().all(|v| v.is_finite()))
            .then_some(Mesh { points })
    }

    /// Point `index` on the image plane.
    pub fn xy(&self, index: usize) -> [f64; 2] {
        let p = self.xyz(index);
        [p[0], p[1]]
    }

    /// Point `index` in 3-D.
    pub fn xyz(&self, index: usize) -> [f64; 3] {
        self.points.get(index).copied().unwrap_or([f64::NAN; 3])
    }

    /// Mean image-plane position of some points.
    pub fn mean_xy(&self, indices: &[usize]) -> [f64; 2] {
        let n = indices.len().max(1) as f64;
        let sum = indices.iter().fold([0.0, 0.0], |acc, &i| {
            let p = self.xy(i);
            [acc[0] + p[0], acc[1] + p[1]]
        });
        [sum[0] / n, sum[1] / n]
    }

    /// Image-plane polygon through some points.
    pub fn polygon(&self, indices: &[usize]) -> Vec<[f64; 2]> {
        indices.iter().map(|&i| self.xy(i)).collect()
    }

    /// The same mesh in an image `1 / divisor` the size (e.g. the measurement copy).
    pub fn divided(&self, divisor: f64) -> Mesh {
        Mesh {
            points: self.points.iter().map(|p| p.map(|v| v / divisor)).collect(),
        }
    }

    /// Every point on the image plane.
    pub fn all_xy(&self) -> Vec<[f64; 2]> {
        self.points.iter().map(|p| [p[0], p[1]]).collect()
    }

    /// Centre of the subject's right eye (image left): mean of its lid contour.
    pub fn right_eye_centre(&self) -> [f64; 2] {
        self.mean_xy(&mesh::RIGHT_EYE_CONTOUR)
    }

    /// Centre of the subject's left eye (image right).
    pub fn left_eye_centre(&self) -> [f64; 2] {
        self.mean_xy(&mesh::LEFT_EYE_CONTOUR)
    }

    /// Horizontal extremes of the face outline: `(left x, right x)` in image terms.
    pub fn outline_x_range(&self) -> (f64, f64) {
        mesh::FACE_OVAL
            .iter()
            .map(|&i| self.xy(i)[0])
            .fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)))
    }

    /// Lowest outline row (the chin).
    pub fn chin_y(&self) -> f64 {
        mesh::FACE_OVAL
            .iter()
            .map(|&i| self.xy(i)[1])
            .fold(f64::MIN, f64::max)
    }

    /// Angle of the eye line in degrees, positive when it turns clockwise on the image
    /// (the subject's left eye, on the image right, lower than the right eye).
    pub fn eye_line_angle_deg(&self) -> f64 {
        let right = self.right_eye_centre();
        let left = self.left_eye_centre();
        (left[1] - right[1]).atan2(left[0] - right[0]).to_degrees()
    }

    /// Distance between the eye centres.
    pub fn eye_distance(&self) -> f64 {
        distance(self.right_eye_centre(), self.left_eye_centre())
    }

    /// Face width: distance between the outline extremes (points 234 and 454).
    pub fn face_width(&self) -> f64 {
        distance(
            self.xy(mesh::RIGHT_CHEEK_EDGE),
            self.xy(mesh::LEFT_CHEEK_EDGE),
        )
    }

    /// A point expressed in the face's own frame: rotated by the eye-line angle about the
    /// midpoint of the eyes, so "up" is the face's up even on a tilted head.
    pub fn to_face_frame(&self, point: [f64; 2]) -> [f64; 2] {
        let centre = midpoint(self.right_eye_centre(), self.left_eye_centre());
        let angle = -self.eye_line_angle_deg().to_radians();
        let (s, c) = angle.sin_cos();
        let (dx, dy) = (point[0] - centre[0], point[1] - centre[1]);
        [dx * c - dy * s, dx * s + dy * c]
    }
}

pub fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

pub fn midpoint(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0]
}

/// One eye's lid margin from the eye network, in full-resolution pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Lids {
    /// Outer corner (index 0) along the lower lid to the inner corner (index 8).
    pub lower: [[f64; 2]; 9],
    /// Upper lid, outer to inner, corners excluded: `upper[i]` sits above `lower[i + 1]`.
    pub upper: [[f64; 2]; 7],
}

impl Lids {
    /// The margin as a closed ring: the lower lid from corner to corner, then the upper lid
    /// back.
    pub fn ring(&self) -> Vec<[f64; 2]> {
        self.lower
            .iter()
            .chain(self.upper.iter().rev())
            .copied()
            .collect()
    }

    fn from_contour(contour: &EyeContour, scale: f64) -> Lids {
        let to_full = |p: &[f32; 2]| p.map(|v| f64::from(v) * scale);
        Lids {
            lower: contour.lower_lid.each_ref().map(to_full),
            upper: contour.upper_lid.each_ref().map(to_full),
        }
    }
}

/// Both eyes' lid margins, in full-resolution pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct EyeLids {
    /// The subject's right eye (image left).
    pub right: Lids,
    /// The subject's left eye.
    pub left: Lids,
}

impl EyeLids {
    /// The eye network's contours, found on an image `1 / scale` the full resolution.
    pub fn from_eyes(eyes: &Eyes, scale: f64) -> EyeLids {
        EyeLids {
            right: Lids::from_contour(&eyes.right, scale),
            left: Lids::from_contour(&eyes.left, scale),
        }
    }
}
