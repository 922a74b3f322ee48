//! Tiny, huge, odd-sized and nonsensical inputs give errors or empty results, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{detector, landmarks, photo};
use image::{GrayImage, Luma, Rgb, RgbImage};
use photorules_vision::detect::{MAX_DETECTION_PIXELS, MIN_DETECTION_SIDE};
use photorules_vision::{FaceBox, VisionError};

fn noise(width: u32, height: u32) -> GrayImage {
    // A fixed pseudo-random texture: detectors are most likely to misbehave on busy input.
    let mut state = 0x2545_f491_u32;
    GrayImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        Luma([(state >> 24) as u8])
    })
}

#[test]
fn images_below_the_detector_window_are_rejected() {
    for (w, h) in [(0, 0), (1, 1), (0, 100), (39, 39), (39, 1000), (1000, 39)] {
        let error = detector().detect(&GrayImage::new(w, h)).unwrap_err();
        assert!(
            matches!(error, VisionError::ImageTooSmall { min, .. } if min == MIN_DETECTION_SIDE),
            "{w}×{h}: {error}"
        );
        assert!(error.to_string().starts_with("the image is"), "{error}");
    }
}

#[test]
fn smallest_and_odd_sized_images_are_scanned() {
    for (w, h) in [
        (40, 40),
        (41, 40),
        (40, 997),
        (997, 40),
        (41, 43),
        (63, 127),
        (333, 47),
    ] {
        let faces = detector().detect(&noise(w, h)).unwrap();
        assert!(faces.len() <= 2, "{w}×{h}: {} faces in noise", faces.len());
    }
}

#[test]
fn oversized_images_must_be_reduced_first() {
    let side = (MAX_DETECTION_PIXELS as f64).sqrt() as u32 + 1;
    let error = detector().detect(&GrayImage::new(side, side)).unwrap_err();
    assert!(
        matches!(error, VisionError::ImageTooLarge { .. }),
        "{error}"
    );
    // The reduced path accepts it.
    let big = RgbImage::from_pixel(side, side, Rgb([90, 90, 90]));
    assert!(detector().detect_reduced(&big).unwrap().is_empty());
}

#[test]
fn extreme_aspect_ratios_do_not_panic() {
    for (w, h) in [(5000, 3), (3, 5000), (8000, 41), (41, 8000)] {
        let image = RgbImage::from_pixel(w, h, Rgb([10, 200, 30]));
        // Either an error (too small once reduced) or no faces; never a panic.
        if let Ok(faces) = detector().detect_reduced(&image) {
            assert!(faces.is_empty(), "{w}×{h}");
        }
    }
}

#[test]
fn unusable_face_boxes_are_errors() {
    let image = photo("astronaut.png");
    let boxes = [
        FaceBox {
            x: f32::NAN,
            y: 10.0,
            width: 50.0,
            height: 50.0,
            score: 3.0,
        },
        FaceBox {
            x: 10.0,
            y: 10.0,
            width: f32::INFINITY,
            height: 50.0,
            score: 3.0,
        },
        FaceBox {
            x: 10.0,
            y: 10.0,
            width: 0.0,
            height: 50.0,
            score: 3.0,
        },
        FaceBox {
            x: 10.0,
            y: 10.0,
            width: -40.0,
            height: 50.0,
            score: 3.0,
        },
        FaceBox {
            x: 600.0,
            y: 10.0,
            width: 50.0,
            height: 50.0,
            score: 3.0,
        },
        FaceBox {
            x: -100.0,
            y: -100.0,
            width: 50.0,
            height: 50.0,
            score: 3.0,
        },
    ];
    for face in boxes {
        let error = landmarks().run(&image, &face).unwrap_err();
        assert!(
            matches!(error, VisionError::InvalidFaceBox { .. }),
            "{face:?}: {error}"
        );
        assert!(error.to_string().starts_with("face box"), "{error}");
    }
    let empty = RgbImage::new(0, 0);
    let face = FaceBox {
        x: 0.0,
        y: 0.0,
        width: 10.0,
        height: 10.0,
        score: 3.0,
    };
    assert!(landmarks().run(&empty, &face).is_err());
}

#[test]
fn boxes_on_faceless_or_tiny_images_give_a_mesh_with_low_presence() {
    // A box that is valid but holds no face: the network still answers, and says so.
    let blank = RgbImage::from_pixel(300, 300, Rgb([128, 128, 128]));
    let face = FaceBox {
        x: 100.0,
        y: 100.0,
        width: 100.0,
        height: 100.0,
        score: 3.0,
    };
    let result = landmarks().run(&blank, &face).unwrap();
    assert!(
        result.presence < 0.5,
        "presence {} on a blank image",
        result.presence
    );
    assert!(result.points.iter().flatten().all(|v| v.is_finite()));

    // A one-pixel image and a huge box reaching far past it.
    let tiny = RgbImage::from_pixel(1, 1, Rgb([200, 150, 120]));
    let huge_box = FaceBox {
        x: -5000.0,
        y: -5000.0,
        width: 10000.0,
        height: 10000.0,
        score: 3.0,
    };
    let result = landmarks().run(&tiny, &huge_box).unwrap();
    assert!(result.presence < 0.5);
}

#[test]
fn faces_cut_by_the_edge_give_results_without_panicking() {
    for name in ["obama_partial_face.jpg", "obama_partial_face2.jpg"] {
        let image = photo(name);
        for face in detector().detect_reduced(&image).unwrap() {
            let result = landmarks().run(&image, &face).unwrap();
            assert_eq!(result.points.len(), 468, "{name}");
        }
    }
}
