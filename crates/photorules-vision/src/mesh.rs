//! Named points of the MediaPipe 468-point face mesh.
//!
//! Indices follow MediaPipe's canonical face model (`face_mesh_connections.py`,
//! `face_landmarks_to_render_data_calculator.cc`). **Left and right are the subject's own**:
//! in an ordinary (unmirrored) frontal photo the subject's right eye is on the image's left.
//! Checked on the test photos: point 33 (outer corner of the subject's right eye) has a
//! smaller x than point 263 (outer corner of the subject's left eye).
//!
//! Contours are listed in drawing order, so consecutive entries are neighbours.

/// Number of points the mesh has.
pub const POINT_COUNT: usize = 468;

/// Subject's right eye, lid margin all round (16 points), starting at the outer corner and
/// going along the lower lid.
pub const RIGHT_EYE_CONTOUR: [usize; 16] = [
    33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246,
];
/// Subject's left eye, lid margin all round (16 points), starting at the outer corner and
/// going along the lower lid.
pub const LEFT_EYE_CONTOUR: [usize; 16] = [
    263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466,
];

/// Subject's right eye, upper lid margin from the outer to the inner corner (corners excluded).
pub const RIGHT_EYE_UPPER_LID: [usize; 7] = [246, 161, 160, 159, 158, 157, 173];
/// Subject's right eye, lower lid margin from the outer to the inner corner (corners excluded).
pub const RIGHT_EYE_LOWER_LID: [usize; 7] = [7, 163, 144, 145, 153, 154, 155];
/// Subject's left eye, upper lid margin from the outer to the inner corner (corners excluded).
pub const LEFT_EYE_UPPER_LID: [usize; 7] = [466, 388, 387, 386, 385, 384, 398];
/// Subject's left eye, lower lid margin from the outer to the inner corner (corners excluded).
pub const LEFT_EYE_LOWER_LID: [usize; 7] = [249, 390, 373, 374, 380, 381, 382];

/// Subject's right eye: middle of the upper lid margin.
pub const RIGHT_EYE_TOP: usize = 159;
/// Subject's right eye: middle of the lower lid margin.
pub const RIGHT_EYE_BOTTOM: usize = 145;
/// Subject's right eye: outer corner (towards the ear).
pub const RIGHT_EYE_OUTER_CORNER: usize = 33;
/// Subject's right eye: inner corner (towards the nose).
pub const RIGHT_EYE_INNER_CORNER: usize = 133;
/// Subject's left eye: middle of the upper lid margin.
pub const LEFT_EYE_TOP: usize = 386;
/// Subject's left eye: middle of the lower lid margin.
pub const LEFT_EYE_BOTTOM: usize = 374;
/// Subject's left eye: outer corner (towards the ear).
pub const LEFT_EYE_OUTER_CORNER: usize = 263;
/// Subject's left eye: inner corner (towards the nose).
pub const LEFT_EYE_INNER_CORNER: usize = 362;

/// Subject's right eyebrow (upper edge then lower edge, outer to inner).
pub const RIGHT_EYEBROW: [usize; 10] = [70, 63, 105, 66, 107, 46, 53, 52, 65, 55];
/// Subject's left eyebrow (upper edge then lower edge, outer to inner).
pub const LEFT_EYEBROW: [usize; 10] = [300, 293, 334, 296, 336, 276, 283, 282, 295, 285];

/// Outer lip contour (vermilion border), 20 points, from the subject's right mouth corner
/// along the lower lip and back along the upper lip.
pub const LIPS_OUTER: [usize; 20] = [
    61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185,
];
/// Inner lip contour (where the lips meet), 20 points, from the subject's right inner mouth
/// corner along the lower lip and back along the upper lip.
pub const LIPS_INNER: [usize; 20] = [
    78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312, 13, 82, 81, 80, 191,
];
/// Mouth corners on the outer contour: `[subject's right, subject's left]`.
pub const MOUTH_CORNERS: [usize; 2] = [61, 291];
/// Mouth corners on the inner contour: `[subject's right, subject's left]`.
pub const MOUTH_INNER_CORNERS: [usize; 2] = [78, 308];
/// Middle of the upper lip's inner edge. The gap to [`LOWER_LIP_INNER`] is the mouth opening.
pub const UPPER_LIP_INNER: usize = 13;
/// Middle of the lower lip's inner edge.
pub const LOWER_LIP_INNER: usize = 14;
/// Middle of the upper lip's outer edge (Cupid's bow).
pub const UPPER_LIP_OUTER: usize = 0;
/// Middle of the lower lip's outer edge.
pub const LOWER_LIP_OUTER: usize = 17;

/// Tip of the nose.
pub const NOSE_TIP: usize = 1;
/// Bridge of the nose between the eyes.
pub const NOSE_BRIDGE: usize = 168;
/// Bottom of the chin (lowest point of the face oval).
pub const CHIN: usize = 152;
/// Top of the face oval, at the middle of the forehead (about the hairline on most faces;
/// not the crown of the head, which the mesh does not reach).
pub const FOREHEAD_TOP: usize = 10;
/// Widest point of the face oval on the subject's right side (cheek, by the ear).
pub const RIGHT_CHEEK_EDGE: usize = 234;
/// Widest point of the face oval on the subject's left side.
pub const LEFT_CHEEK_EDGE: usize = 454;

/// Face outline (36 points) clockwise on screen from the forehead top: down the subject's left
/// side (image right), under the chin, up the subject's right side.
pub const FACE_OVAL: [usize; 36] = [
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152,
    148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
];

/// Mean position of a set of mesh points (`points` are the mesh's 468 points).
///
/// Returns `None` when an index is out of range or the set is empty.
pub fn centroid(points: &[[f32; 3]], indices: &[usize]) -> Option<[f32; 3]> {
    if indices.is_empty() {
        return None;
    }
    let mut sum = [0.0f32; 3];
    for &index in indices {
        let point = points.get(index)?;
        for (total, value) in sum.iter_mut().zip(point) {
            *total += value;
        }
    }
    let count = indices.len() as f32;
    Some(sum.map(|total| total / count))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_index_is_inside_the_mesh() {
        let sets: [&[usize]; 10] = [
            &RIGHT_EYE_CONTOUR,
            &LEFT_EYE_CONTOUR,
            &RIGHT_EYEBROW,
            &LEFT_EYEBROW,
            &LIPS_OUTER,
            &LIPS_INNER,
            &FACE_OVAL,
            &MOUTH_CORNERS,
            &RIGHT_EYE_UPPER_LID,
            &LEFT_EYE_LOWER_LID,
        ];
        for set in sets {
            assert!(set.iter().all(|&index| index < POINT_COUNT));
        }
    }

    #[test]
    fn lids_are_the_contour_without_corners() {
        for (contour, upper, lower, corners) in [
            (
                RIGHT_EYE_CONTOUR,
                RIGHT_EYE_UPPER_LID,
                RIGHT_EYE_LOWER_LID,
                [RIGHT_EYE_OUTER_CORNER, RIGHT_EYE_INNER_CORNER],
            ),
            (
                LEFT_EYE_CONTOUR,
                LEFT_EYE_UPPER_LID,
                LEFT_EYE_LOWER_LID,
                [LEFT_EYE_OUTER_CORNER, LEFT_EYE_INNER_CORNER],
            ),
        ] {
            let mut parts: Vec<usize> = upper
                .iter()
                .chain(&lower)
                .chain(&corners)
                .copied()
                .collect();
            let mut whole = contour.to_vec();
            parts.sort_unstable();
            whole.sort_unstable();
            assert_eq!(parts, whole);
        }
    }

    #[test]
    fn centroid_rejects_bad_indices() {
        let points = vec![[1.0, 2.0, 3.0], [3.0, 4.0, 5.0]];
        assert_eq!(centroid(&points, &[0, 1]), Some([2.0, 3.0, 4.0]));
        assert_eq!(centroid(&points, &[0, 2]), None);
        assert_eq!(centroid(&points, &[]), None);
    }
}
