//! Draws what the vision crate finds on a photo, for a person to check by eye.
//!
//! `cargo run --release -p photorules-vision --example annotate_mesh -- PHOTO OUT.png [ROTATE_DEG]`
//!
//! Writes the last face's points to OUT.png.csv (index,x,y,z). Red: detector boxes; green: the 468 mesh points; blue: eye centres; yellow: inner-lip
//! points 13/14; magenta: chin and forehead top. Prints timings and the main figures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use image::Rgb;
use imageproc::drawing::{draw_cross_mut, draw_filled_circle_mut, draw_hollow_rect_mut};
use imageproc::geometric_transformations::{Border, Interpolation, rotate_about_center};
use imageproc::rect::Rect;
use photorules_vision::{FaceDetector, LandmarkModel, mesh};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (input, output) = (&args[1], &args[2]);
    let rotate: f32 = args.get(3).map(|a| a.parse().unwrap()).unwrap_or(0.0);
    let mut image = image::open(input).expect("readable image").to_rgb8();
    if rotate != 0.0 {
        image = rotate_about_center(
            &image,
            rotate.to_radians(),
            Interpolation::Bilinear,
            Border::Constant(Rgb([0, 0, 0])),
        );
    }
    let detector = FaceDetector::new().unwrap();
    let start = Instant::now();
    let landmarks = LandmarkModel::new().unwrap();
    println!(
        "landmark model load: {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    let start = Instant::now();
    let faces = detector.detect_reduced(&image).unwrap();
    println!(
        "detection ({}x{} reduced to long side {}): {:.1} ms, {} faces",
        image.width(),
        image.height(),
        photorules_vision::DETECTION_LONG_SIDE,
        start.elapsed().as_secs_f64() * 1e3,
        faces.len()
    );

    let mut canvas = image.clone();
    for face in &faces {
        println!(
            "box x {:.0} y {:.0} w {:.0} h {:.0} score {:.2}",
            face.x, face.y, face.width, face.height, face.score
        );
        let rect =
            Rect::at(face.x as i32, face.y as i32).of_size(face.width as u32, face.height as u32);
        draw_hollow_rect_mut(&mut canvas, rect, Rgb([255, 0, 0]));
        let start = Instant::now();
        let face_mesh = landmarks.run(&image, face).unwrap();
        println!(
            "  mesh: {:.1} ms, presence {:.3}",
            start.elapsed().as_secs_f64() * 1e3,
            face_mesh.presence
        );
        // The points as CSV beside the picture, for closer inspection.
        let csv: String = face_mesh
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{i},{},{},{}\n", p[0], p[1], p[2]))
            .collect();
        std::fs::write(format!("{output}.csv"), csv).unwrap();
        let radius = ((face.width / 150.0).round() as i32).max(1);
        for p in &face_mesh.points {
            draw_filled_circle_mut(
                &mut canvas,
                (p[0] as i32, p[1] as i32),
                radius,
                Rgb([0, 255, 0]),
            );
        }
        let right = face_mesh.right_eye_centre().unwrap();
        let left = face_mesh.left_eye_centre().unwrap();
        for c in [right, left] {
            draw_cross_mut(&mut canvas, Rgb([0, 0, 255]), c[0] as i32, c[1] as i32);
        }
        let lips = Rgb([255, 255, 0]);
        let extremes = Rgb([255, 0, 255]);
        for (i, colour) in [
            (mesh::UPPER_LIP_INNER, lips),
            (mesh::LOWER_LIP_INNER, lips),
            (mesh::CHIN, extremes),
            (mesh::FOREHEAD_TOP, extremes),
        ] {
            let p = face_mesh.points[i];
            draw_filled_circle_mut(&mut canvas, (p[0] as i32, p[1] as i32), radius + 1, colour);
        }
        let gap =
            face_mesh.points[mesh::LOWER_LIP_INNER][1] - face_mesh.points[mesh::UPPER_LIP_INNER][1];
        println!(
            "  right eye ({:.1}, {:.1}) left eye ({:.1}, {:.1}) eye line {:.2}° inner-lip gap {:.1} px, chin y {:.0}, forehead y {:.0}",
            right[0],
            right[1],
            left[0],
            left[1],
            face_mesh.eye_line_degrees().unwrap(),
            gap,
            face_mesh.points[mesh::CHIN][1],
            face_mesh.points[mesh::FOREHEAD_TOP][1]
        );
    }
    canvas.save(output).unwrap();
}
