//! The network's 146 input points, taken from the face mesh and the two irises.

use crate::eyes::{EyeContour, Eyes};
use crate::landmarks::FaceMesh;
use crate::mesh;

/// The points the network reads, as indices into MediaPipe's 478-point mesh (MediaPipe's
/// `kLandmarksSubsetIdxs`, face_blendshapes_graph.cc): below 468 the face mesh's own points,
/// 468–472 the subject's right iris (centre first) and 473–477 the left one.
pub const LANDMARK_SUBSET: [usize; 146] = [
    0, 1, 4, 5, 6, 7, 8, 10, 13, 14, 17, 21, 33, 37, 39, 40, 46, 52, 53, 54, 55, 58, 61, 63, 65,
    66, 67, 70, 78, 80, 81, 82, 84, 87, 88, 91, 93, 95, 103, 105, 107, 109, 127, 132, 133, 136,
    144, 145, 146, 148, 149, 150, 152, 153, 154, 155, 157, 158, 159, 160, 161, 162, 163, 168, 172,
    173, 176, 178, 181, 185, 191, 195, 197, 234, 246, 249, 251, 263, 267, 269, 270, 276, 282, 283,
    284, 285, 288, 291, 293, 295, 296, 297, 300, 308, 310, 311, 312, 314, 317, 318, 321, 323, 324,
    332, 334, 336, 338, 356, 361, 362, 365, 373, 374, 375, 377, 378, 379, 380, 381, 382, 384, 385,
    386, 387, 388, 389, 390, 397, 398, 400, 402, 405, 409, 415, 454, 466, 468, 469, 470, 471, 472,
    473, 474, 475, 476, 477,
];

/// Index of the first iris point in the 478-point mesh.
const FIRST_IRIS_POINT: usize = mesh::POINT_COUNT;

/// The 146 points in pixels, or why they cannot be had.
pub(super) fn network_input(face: &FaceMesh, eyes: &Eyes) -> Result<Vec<[f32; 2]>, String> {
    if face.points.len() != mesh::POINT_COUNT {
        return Err(format!(
            "the face mesh has {} points, not {}",
            face.points.len(),
            mesh::POINT_COUNT
        ));
    }
    let (Some(right), Some(left)) = (face.right_eye_centre(), face.left_eye_centre()) else {
        return Err("the eyes are not in the mesh".to_string());
    };
    let across = [left[0] - right[0], left[1] - right[1]];
    let length = across[0].hypot(across[1]);
    if !length.is_finite() || length <= 0.0 {
        return Err("the eyes sit on one point".to_string());
    }
    let across = [across[0] / length, across[1] / length];
    let irises = [
        iris_in_mesh_order(&eyes.right, across),
        iris_in_mesh_order(&eyes.left, across),
    ];
    let points: Vec<[f32; 2]> = LANDMARK_SUBSET
        .iter()
        .map(|&index| match index.checked_sub(FIRST_IRIS_POINT) {
            None => [face.points[index][0], face.points[index][1]],
            Some(iris) => irises[iris / 5][iris % 5],
        })
        .collect();
    if points.iter().flatten().any(|v| !v.is_finite()) {
        return Err("a point is not a finite number".to_string());
    }
    Ok(points)
}

/// An iris as the second mesh orders it: the centre, then the edge point furthest along the
/// eye line (towards the image's right in an upright face), the highest, the furthest back
/// along the line, and the lowest. The eye network gives its four edge points in an order of
/// its own, mirrored for the subject's left eye, so they are placed by direction here.
fn iris_in_mesh_order(eye: &EyeContour, across: [f32; 2]) -> [[f32; 2]; 5] {
    let centre = eye.iris[0];
    let edge = &eye.iris[1..];
    // Down the face: the eye line turned a quarter towards the image's bottom.
    let down = [-across[1], across[0]];
    let along =
        |p: &[f32; 2], axis: [f32; 2]| (p[0] - centre[0]) * axis[0] + (p[1] - centre[1]) * axis[1];
    let pick = |axis: [f32; 2], sign: f32| {
        edge.iter()
            .copied()
            .max_by(|a, b| (sign * along(a, axis)).total_cmp(&(sign * along(b, axis))))
            .unwrap_or(centre)
    };
    [
        centre,
        pick(across, 1.0),
        pick(down, -1.0),
        pick(across, -1.0),
        pick(down, 1.0),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn eye(iris: [[f32; 2]; 5]) -> EyeContour {
        EyeContour {
            lower_lid: [[0.0; 2]; 9],
            upper_lid: [[0.0; 2]; 7],
            iris,
        }
    }

    #[test]
    fn iris_edge_points_are_ordered_along_then_up_then_back_then_down() {
        // Given down, back, up, along (any order the eye network might use).
        let given = eye([
            [10.0, 10.0],
            [10.0, 14.0],
            [6.0, 10.0],
            [10.0, 6.0],
            [14.0, 10.0],
        ]);
        let ordered = iris_in_mesh_order(&given, [1.0, 0.0]);
        assert_eq!(
            ordered,
            [
                [10.0, 10.0],
                [14.0, 10.0],
                [10.0, 6.0],
                [6.0, 10.0],
                [10.0, 14.0]
            ]
        );
        // A face lying on its side (eye line pointing down the image): "along" is down the
        // image and "up" the face's up, towards the image's right.
        let ordered = iris_in_mesh_order(&given, [0.0, 1.0]);
        assert_eq!(
            ordered,
            [
                [10.0, 10.0],
                [10.0, 14.0],
                [14.0, 10.0],
                [10.0, 6.0],
                [6.0, 10.0]
            ]
        );
    }
}
