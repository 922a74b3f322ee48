//! Face detection on real photos and on images without faces.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{detector, photo};
use image::{GrayImage, Luma, RgbImage};
use photorules_vision::{FaceBox, FaceDetector};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn detector_and_model_can_be_shared_between_threads() {
    assert_send_sync::<FaceDetector>();
    assert_send_sync::<photorules_vision::LandmarkModel>();
}

/// The detector kept per thread carries scratch buffers from scan to scan: a scan after scans
/// of other sizes and contents finds exactly what the first scan found, and so does a scan on
/// another thread (a detector of its own).
#[test]
fn scans_do_not_depend_on_earlier_scans() {
    let portrait = image::imageops::grayscale(&photo("obama.jpg"));
    let group = image::imageops::grayscale(&photo("solvay_1927.jpg"));
    let first = detector().detect(&portrait).unwrap();
    assert_eq!(first.len(), 1);
    assert!(!detector().detect(&group).unwrap().is_empty());
    let blank = GrayImage::from_pixel(64, 48, Luma([0]));
    assert!(detector().detect(&blank).unwrap().is_empty());
    assert_eq!(detector().detect(&portrait).unwrap(), first);
    let elsewhere = std::thread::scope(|scope| {
        scope
            .spawn(|| detector().detect(&portrait).unwrap())
            .join()
            .unwrap()
    });
    assert_eq!(elsewhere, first);
}

/// Single portraits: exactly one face, and it sits where the face is. The expected centres
/// (fractions of width and height) were read off annotated copies where the box was seen to
/// cover the face from brows to chin; 5 % tolerance.
#[test]
fn finds_exactly_one_face_on_each_single_portrait() {
    // (photo, expected face centre as fractions of width and height)
    let cases = [
        ("obama.jpg", (0.53, 0.21)),
        ("obama2.jpg", (0.52, 0.34)),
        ("32bit.png", (0.52, 0.34)),
        ("obama3.jpg", (0.54, 0.18)),
        ("biden.jpg", (0.58, 0.16)),
        ("astronaut.png", (0.44, 0.22)),
    ];
    for (name, (fx, fy)) in cases {
        let image = photo(name);
        let faces = detector().detect_reduced(&image).unwrap();
        assert_eq!(faces.len(), 1, "{name}: {faces:?}");
        let (cx, cy) = faces[0].centre();
        let (w, h) = (image.width() as f32, image.height() as f32);
        assert!(
            (cx / w - fx).abs() < 0.05 && (cy / h - fy).abs() < 0.05,
            "{name}: face centre at ({:.2}, {:.2}) of the image, expected about ({fx}, {fy})",
            cx / w,
            cy / h
        );
    }
}

#[test]
fn finds_no_face_on_blank_images() {
    for value in [0u8, 128, 255] {
        let blank = GrayImage::from_pixel(600, 800, Luma([value]));
        assert!(
            detector().detect(&blank).unwrap().is_empty(),
            "blank {value}"
        );
    }
    let blank_rgb = RgbImage::from_pixel(3000, 4000, image::Rgb([200, 210, 220]));
    assert!(detector().detect_reduced(&blank_rgb).unwrap().is_empty());
}

#[test]
fn finds_many_faces_on_the_group_photo() {
    // The 1927 Solvay conference photo: 29 people, all facing the camera, faces ≈ 40 px, so
    // detected at full resolution (1200 px).
    let faces = detector()
        .detect(&image::imageops::grayscale(&photo("solvay_1927.jpg")))
        .unwrap();
    assert!(faces.len() >= 20, "found {} faces", faces.len());
    assert!(
        faces.len() <= 29,
        "found {} faces, more than the 29 people",
        faces.len()
    );
    // Strongest first.
    assert!(faces.windows(2).all(|pair| pair[0].score >= pair[1].score));
}

#[test]
fn reduced_detection_agrees_with_full_resolution() {
    let image = photo("obama.jpg");
    let full = detector()
        .detect(&image::imageops::grayscale(&image))
        .unwrap();
    let reduced = detector().detect_reduced_to(&image, 400).unwrap();
    assert_eq!((full.len(), reduced.len()), (1, 1));
    let (a, b) = (full[0], reduced[0]);
    let tolerance = 0.1 * a.width;
    let close = |p: f32, q: f32| (p - q).abs() < tolerance;
    assert!(
        close(a.x, b.x) && close(a.y, b.y) && close(a.width, b.width) && close(a.height, b.height),
        "full {a:?} vs reduced {b:?}"
    );
}

#[test]
fn face_box_scaling_maps_back_to_the_original() {
    let face = FaceBox {
        x: 10.0,
        y: 20.0,
        width: 30.0,
        height: 40.0,
        score: 5.0,
    };
    let scaled = face.scaled(2.5);
    assert_eq!(
        (
            scaled.x,
            scaled.y,
            scaled.width,
            scaled.height,
            scaled.score
        ),
        (25.0, 50.0, 75.0, 100.0, 5.0)
    );
    assert_eq!(face.centre(), (25.0, 40.0));
}

/// The network detector (BlazeFace) on the same portrait finds one face where the cascade
/// finds it, and nothing in flat or noisy images without faces.
#[test]
fn the_network_detector_finds_the_portraits_face_and_none_in_blank_images() {
    assert_send_sync::<photorules_vision::NetworkFaceDetector>();
    let network = photorules_vision::NetworkFaceDetector::new().unwrap();
    let portrait = photo("obama.jpg");
    let found = network.detect(&portrait).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let cascade = detector().detect_reduced(&portrait).unwrap();
    let (x, y) = found[0].centre();
    assert!(cascade[0].contains(x, y), "{found:?} against {cascade:?}");
    // Its score is the probability on the cascade's scale: s / (s + 5) gives it back.
    let probability = found[0].score / (found[0].score + 5.0);
    assert!((0.5..1.0).contains(&probability), "{probability}");
    let flat = RgbImage::from_pixel(300, 400, image::Rgb([180, 170, 160]));
    assert!(network.detect(&flat).unwrap().is_empty());
    let noise = RgbImage::from_fn(320, 240, |x, y| {
        let v = ((x * 7919 + y * 104_729) % 251) as u8;
        image::Rgb([v, v.wrapping_mul(3), v.wrapping_mul(7)])
    });
    assert!(network.detect(&noise).unwrap().is_empty());
    assert!(network.detect(&RgbImage::new(0, 0)).unwrap().is_empty());
}
