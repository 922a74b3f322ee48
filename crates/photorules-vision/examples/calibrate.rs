//! Measurements behind the crate's tuning constants, printed for the test photos:
//!
//! - detection on reduced copies of several sizes: faces found, box deviation from the
//!   full-resolution box, time (→ `DETECTION_LONG_SIDE`);
//! - the face-mesh crop: refined crop side relative to the detector box and how far eye
//!   centres move between passes 1→2 and 2→3, upright and rotated (→ the crop loop in
//!   `LandmarkModel::run`);
//! - where the crop loop settles relative to the detector box on every upright test portrait,
//!   with medians (→ `FIRST_CROP_SCALE`, `FIRST_CROP_DROP`), and the passes it took.
//!
//! `cargo run --release -p photorules-vision --example calibrate`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use image::{Rgb, RgbImage, imageops};
use imageproc::geometric_transformations::{Border, Interpolation, rotate_about_center};
use photorules_vision::landmarks::{MESH_CROP_SCALE, Roi};
use photorules_vision::{FaceDetector, FaceMesh, LandmarkModel};

const PHOTOS: [&str; 5] = [
    "obama.jpg",
    "obama2.jpg",
    "obama3.jpg",
    "biden.jpg",
    "astronaut.png",
];

fn photo(name: &str) -> RgbImage {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../spec-tests/photos")
        .join(name);
    image::open(path).unwrap().to_rgb8()
}

fn eyes(mesh: &FaceMesh) -> [[f32; 3]; 2] {
    [
        mesh.right_eye_centre().unwrap(),
        mesh.left_eye_centre().unwrap(),
    ]
}

fn shift(a: &FaceMesh, b: &FaceMesh) -> f32 {
    let (ea, eb) = (eyes(a), eyes(b));
    (0..2)
        .map(|i| ((ea[i][0] - eb[i][0]).powi(2) + (ea[i][1] - eb[i][1]).powi(2)).sqrt())
        .fold(0.0, f32::max)
}

/// Every upright portrait among the test photos, for the settled-crop medians.
const UPRIGHT_PORTRAITS: [&str; 12] = [
    "astronaut.png",
    "biden.jpg",
    "blink_closed.png",
    "blink_open.png",
    "grace_hopper.jpg",
    "obama.jpg",
    "obama2.jpg",
    "obama3.jpg",
    "obama_partial_face.jpg",
    "obama_partial_face2.jpg",
    "prepared/grace_hopper.kz-driving-licence.jpg",
    "prepared/grace_hopper.kz-passport-abroad.jpg",
];

fn median(mut values: Vec<f32>) -> f32 {
    values.sort_by(f32::total_cmp);
    values[values.len() / 2]
}

/// The last crop of the loop relative to the detector box, in box sides: centre offset and
/// side, with the passes taken; then the medians.
fn settled_crops(detector: &FaceDetector, model: &LandmarkModel) {
    println!(
        "\n== where the crop loop settles: last crop's centre offset (x, y) and side, in detector box sides"
    );
    let (mut dx, mut dy, mut sides, mut passes) = (vec![], vec![], vec![], 0);
    for name in UPRIGHT_PORTRAITS {
        let image = photo(name);
        let faces = detector.detect_reduced(&image).unwrap();
        let face = faces
            .iter()
            .max_by(|a, b| (a.width * a.height).total_cmp(&(b.width * b.height)))
            .unwrap();
        let traced = model.run_traced(&image, face).unwrap();
        let last = traced.crops.last().unwrap();
        let (box_x, box_y) = face.centre();
        let side = face.width.max(face.height);
        let offset = (
            (last.centre_x - box_x) / side,
            (last.centre_y - box_y) / side,
        );
        println!(
            "{name:>45}: {} passes, centre {:+.3} {:+.3}, side {:.3}",
            traced.crops.len(),
            offset.0,
            offset.1,
            last.side / side
        );
        dx.push(offset.0);
        dy.push(offset.1);
        sides.push(last.side / side);
        passes += traced.crops.len();
    }
    println!(
        "{:>45}: {passes} passes in all, centre {:+.3} {:+.3}, side {:.3}",
        "median",
        median(dx),
        median(dy),
        median(sides)
    );
}

fn main() {
    let detector = FaceDetector::new().unwrap();
    let model = LandmarkModel::new().unwrap();
    settled_crops(&detector, &model);

    println!(
        "== detection on reduced copies (long side): faces, max box deviation as % of the full-res box side, ms"
    );
    for name in PHOTOS.iter().chain(&["solvay_1927.jpg"]) {
        let image = photo(name);
        let full = detector.detect(&imageops::grayscale(&image)).unwrap();
        let mut line = format!(
            "{name:>16} full {}x{}: {} faces |",
            image.width(),
            image.height(),
            full.len()
        );
        for long_side in [240, 320, 400, 480, 640, 800] {
            let start = Instant::now();
            let faces = detector.detect_reduced_to(&image, long_side).unwrap();
            let ms = start.elapsed().as_secs_f64() * 1e3;
            let deviation = if faces.len() == 1 && full.len() == 1 {
                let (a, b) = (full[0], faces[0]);
                let d = [
                    (a.x - b.x),
                    (a.y - b.y),
                    (a.width - b.width),
                    (a.height - b.height),
                ]
                .iter()
                .fold(0.0f32, |m, v| m.max(v.abs()));
                format!("{:.0}%", 100.0 * d / a.width)
            } else {
                "-".to_owned()
            };
            line += &format!(" {long_side}: {} {deviation} {ms:.0}ms |", faces.len());
        }
        println!("{line}");
    }

    println!(
        "\n== mesh crop loop: passes, crop side / box side per pass, result; then eye-centre shift (px, % of eye distance) and eye line of 3 further passes"
    );
    for name in PHOTOS {
        let upright = photo(name);
        for degrees in [0.0f32, 10.0, -20.0] {
            let image = if degrees == 0.0 {
                upright.clone()
            } else {
                rotate_about_center(
                    &upright,
                    degrees.to_radians(),
                    Interpolation::Bilinear,
                    Border::Constant(Rgb([0, 0, 0])),
                )
            };
            let faces = detector.detect_reduced(&image).unwrap();
            let Some(face) = faces.first() else {
                println!("{name:>16} {degrees:>5}°: no face");
                continue;
            };
            // The crop loop as `run` makes it, then three more passes to show what it left.
            let traced = model.run_traced(&image, face).unwrap();
            let mut line = format!(
                "{name:>16} {degrees:>5}°: box {:.0} | {} passes, sides/box",
                face.width,
                traced.crops.len()
            );
            for crop in &traced.crops {
                line += &format!(" {:.2}", crop.side / face.width);
            }
            line += &format!(
                " | result line {:.2}° presence {:.3} | more passes:",
                traced.mesh.eye_line_degrees().unwrap(),
                traced.mesh.presence
            );
            let mut previous = traced.mesh;
            for _ in 0..3 {
                let crop = Roi::around_mesh(&previous.points, MESH_CROP_SCALE).unwrap();
                let mesh = model.run_crop(&image, &crop).unwrap();
                let [r, l] = eyes(&mesh);
                let eye_distance = ((r[0] - l[0]).powi(2) + (r[1] - l[1]).powi(2)).sqrt();
                line += &format!(
                    " shift {:.1}px {:.1}% line {:.2}° |",
                    shift(&previous, &mesh),
                    100.0 * shift(&previous, &mesh) / eye_distance,
                    mesh.eye_line_degrees().unwrap()
                );
                previous = mesh;
            }
            println!("{line}");
        }
    }
}
