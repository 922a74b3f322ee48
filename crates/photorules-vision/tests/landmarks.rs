//! The face mesh on real photos: placement, left/right, rotation and mouth opening.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{detector, eye_model, landmarks, photo};
use image::{Rgb, RgbImage};
use imageproc::geometric_transformations::{Border, Interpolation, rotate_about_center};
use photorules_vision::{EyeContour, FaceBox, FaceMesh, mesh};

fn only_face(image: &RgbImage) -> FaceBox {
    let faces = detector().detect_reduced(image).unwrap();
    assert_eq!(faces.len(), 1, "{faces:?}");
    faces[0]
}

fn mesh_of(image: &RgbImage) -> (FaceBox, FaceMesh) {
    let face = only_face(image);
    (face, landmarks().run(image, &face).unwrap())
}

fn inside(face: &FaceBox, point: [f32; 3]) -> bool {
    face.contains(point[0], point[1])
}

/// The shipped photos whose main face the mesh is checked on.
const PORTRAITS: [&str; 5] = [
    "obama.jpg",
    "obama2.jpg",
    "astronaut.png",
    "obama3.jpg",
    "biden.jpg",
];

fn inner_lip_gap(mesh: &FaceMesh) -> f32 {
    mesh.points[mesh::LOWER_LIP_INNER][1] - mesh.points[mesh::UPPER_LIP_INNER][1]
}

#[test]
fn mesh_has_all_points_and_a_confident_face() {
    for name in PORTRAITS {
        let (_, face_mesh) = mesh_of(&photo(name));
        assert_eq!(face_mesh.points.len(), mesh::POINT_COUNT, "{name}");
        assert!(
            face_mesh.presence > 0.9,
            "{name}: presence {}",
            face_mesh.presence
        );
    }
}

#[test]
fn features_sit_in_anatomical_order_inside_the_face_box() {
    for name in PORTRAITS {
        let (face, m) = mesh_of(&photo(name));
        let right_eye = m.right_eye_centre().unwrap();
        let left_eye = m.left_eye_centre().unwrap();
        assert!(
            inside(&face, right_eye) && inside(&face, left_eye),
            "{name}: eyes outside {face:?}"
        );
        // Subject's right eye is on the image's left in these unmirrored photos.
        assert!(right_eye[0] < left_eye[0], "{name}: eye order");
        let [mouth_right, mouth_left] = mesh::MOUTH_CORNERS.map(|i| m.points[i]);
        assert!(mouth_right[0] < mouth_left[0], "{name}: mouth corner order");
        // Top to bottom: forehead top, eyes, nose tip, mouth, chin.
        let y = |i: usize| m.points[i][1];
        let eyes_y = (right_eye[1] + left_eye[1]) / 2.0;
        assert!(
            y(mesh::FOREHEAD_TOP) < eyes_y,
            "{name}: forehead above the eyes"
        );
        assert!(
            eyes_y < y(mesh::NOSE_TIP),
            "{name}: eyes above the nose tip"
        );
        assert!(
            y(mesh::NOSE_TIP) < y(mesh::UPPER_LIP_OUTER),
            "{name}: nose above the mouth"
        );
        assert!(
            y(mesh::LOWER_LIP_OUTER) < y(mesh::CHIN),
            "{name}: mouth above the chin"
        );
        // The nose tip lies between the eyes horizontally; the face is near-frontal.
        let nose_x = m.points[mesh::NOSE_TIP][0];
        assert!(
            right_eye[0] < nose_x && nose_x < left_eye[0],
            "{name}: nose between the eyes"
        );
    }
}

#[test]
fn eye_centres_match_the_photo() {
    // Iris centres read off a 4× enlargement of obama.jpg (pixel coordinates of the committed
    // 910×1137 file): subject's right eye, subject's left eye.
    let (_, m) = mesh_of(&photo("obama.jpg"));
    let expected = [EXPECTED_OBAMA_RIGHT_EYE, EXPECTED_OBAMA_LEFT_EYE];
    for (centre, (ex, ey)) in [m.right_eye_centre().unwrap(), m.left_eye_centre().unwrap()]
        .iter()
        .zip(expected)
    {
        assert!(
            (centre[0] - ex).abs() < 4.0 && (centre[1] - ey).abs() < 4.0,
            "eye centre ({:.1}, {:.1}), expected about ({ex}, {ey})",
            centre[0],
            centre[1]
        );
    }
}

const EXPECTED_OBAMA_RIGHT_EYE: (f32, f32) = (440.0, 216.0);
const EXPECTED_OBAMA_LEFT_EYE: (f32, f32) = (544.0, 214.0);

/// Rotating the photo by a known angle turns the eye line by that angle (within 1°) and
/// moves the eye centres to where the rotation takes them (within 2 px).
#[test]
fn rotation_by_a_known_angle_is_measured() {
    for name in ["obama.jpg", "astronaut.png"] {
        let image = photo(name);
        let (_, upright) = mesh_of(&image);
        let base_angle = upright.eye_line_degrees().unwrap();
        for degrees in [-15.0f32, -10.0, -5.0, 5.0, 10.0, 15.0] {
            // imageproc rotates clockwise on screen, i.e. towards +y: the eye-line angle
            // (measured from +x towards +y) grows by the same amount.
            let rotated = rotate_about_center(
                &image,
                degrees.to_radians(),
                Interpolation::Bilinear,
                Border::Constant(Rgb([0, 0, 0])),
            );
            let (_, turned) = mesh_of(&rotated);
            let change = turned.eye_line_degrees().unwrap() - base_angle;
            assert!(
                (change - degrees).abs() < 1.0,
                "{name} rotated {degrees}°: eye line turned {change:.2}°"
            );

            let (cx, cy) = (image.width() as f32 / 2.0, image.height() as f32 / 2.0);
            let (sin, cos) = degrees.to_radians().sin_cos();
            let rotate = |p: [f32; 3]| {
                let (dx, dy) = (p[0] - cx, p[1] - cy);
                (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
            };
            let pairs = [
                (
                    upright.right_eye_centre().unwrap(),
                    turned.right_eye_centre().unwrap(),
                ),
                (
                    upright.left_eye_centre().unwrap(),
                    turned.left_eye_centre().unwrap(),
                ),
            ];
            for (before, after) in pairs {
                let (ex, ey) = rotate(before);
                let error = ((after[0] - ex).powi(2) + (after[1] - ey).powi(2)).sqrt();
                assert!(
                    error < 2.0,
                    "{name} rotated {degrees}°: eye centre off by {error:.2} px"
                );
            }
        }
    }
}

#[test]
fn mouth_opening_reads_open_and_closed() {
    // Speaking (obama2) and smiling with teeth (obama, astronaut): lips apart.
    for name in ["obama2.jpg", "obama.jpg", "astronaut.png"] {
        let (face, m) = mesh_of(&photo(name));
        let gap = inner_lip_gap(&m) / face.height;
        assert!(
            gap > 0.05,
            "{name}: inner-lip gap {gap:.3} of the face height"
        );
    }
    // Closed mouth.
    let (face, m) = mesh_of(&photo("biden.jpg"));
    let gap = inner_lip_gap(&m) / face.height;
    assert!(
        gap < 0.025,
        "biden.jpg: inner-lip gap {gap:.3} of the face height"
    );
}

#[test]
fn same_input_gives_the_same_mesh() {
    let image = photo("astronaut.png");
    let face = only_face(&image);
    let first = landmarks().run(&image, &face).unwrap();
    let second = landmarks().run(&image, &face).unwrap();
    assert_eq!(first, second);
}

/// The model is shared between threads (the batch and the server measure several photos at
/// once): callers running at the same time each get a network session of their own and the
/// same mesh as a caller alone.
#[test]
fn threads_running_at_once_get_the_same_mesh_as_one_alone() {
    let image = photo("astronaut.png");
    let face = only_face(&image);
    let alone = landmarks().run(&image, &face).unwrap();
    let together: Vec<FaceMesh> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| landmarks().run(&image, &face).unwrap()))
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    for mesh in together {
        assert_eq!(mesh, alone);
    }
}

fn gap(a: [f32; 2], b: [f32; 3]) -> f32 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// The eye network's corners land near the mesh's (the two models disagree by up to a fifth of
/// the eye's width on the test photos), the upper lid lies above the lower and the iris between
/// the corners, for each eye: a mirrored or swapped eye crop fails this.
#[test]
fn eye_contours_follow_each_eye() {
    for name in PORTRAITS {
        let image = photo(name);
        let (_, m) = mesh_of(&image);
        let eyes = eye_model().run(&image, &m).unwrap();
        let check = |eye: &EyeContour, outer: usize, inner: usize, which: &str| {
            let (outer, inner) = (m.points[outer], m.points[inner]);
            let width = (outer[0] - inner[0]).hypot(outer[1] - inner[1]);
            assert!(
                gap(eye.outer_corner(), outer) < 0.3 * width,
                "{name} {which}: outer corner {eye:?}"
            );
            assert!(
                gap(eye.inner_corner(), inner) < 0.3 * width,
                "{name} {which}: inner corner {eye:?}"
            );
            for i in 0..7 {
                assert!(
                    eye.upper_lid[i][1] < eye.lower_lid[i + 1][1],
                    "{name} {which}: lid pair {i} {eye:?}"
                );
            }
            let (low, high) = (outer[0].min(inner[0]), outer[0].max(inner[0]));
            assert!(
                (low..high).contains(&eye.iris[0][0]),
                "{name} {which}: iris {eye:?}"
            );
        };
        check(
            &eyes.right,
            mesh::RIGHT_EYE_OUTER_CORNER,
            mesh::RIGHT_EYE_INNER_CORNER,
            "right",
        );
        check(
            &eyes.left,
            mesh::LEFT_EYE_OUTER_CORNER,
            mesh::LEFT_EYE_INNER_CORNER,
            "left",
        );
    }
}
