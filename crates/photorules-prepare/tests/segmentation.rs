//! The converted selfie-segmentation model, run with tract, against MediaPipe's own masks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use photorules_prepare::segment::{Matte, Segmenter};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn iou(matte: &Matte, reference: &image::GrayImage) -> f64 {
    let (mut both, mut either) = (0usize, 0usize);
    for (x, y, p) in reference.enumerate_pixels() {
        let a = p.0[0] > 127;
        let b = matte.at(x, y) > 0.5;
        both += usize::from(a && b);
        either += usize::from(a || b);
    }
    both as f64 / either as f64
}

fn check(photo: &str, mask: &str) {
    let image = image::open(repo().join("spec-tests/photos").join(photo))
        .unwrap()
        .to_rgb8();
    let reference = image::open(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(mask),
    )
    .unwrap()
    .to_luma8();
    let segmenter = Segmenter::new().unwrap();
    let coarse = segmenter.coarse(&image).unwrap();
    assert_eq!((coarse.width, coarse.height), image.dimensions());
    let coarse_iou = iou(&coarse, &reference);
    assert!(
        coarse_iou > 0.98,
        "{photo}: IoU with MediaPipe {coarse_iou:.4}"
    );
    // Refinement moves edges by a few pixels, not regions.
    let refined = segmenter.matte(&image, 0).unwrap();
    let refined_iou = iou(&refined, &reference);
    assert!(
        refined_iou > 0.97,
        "{photo}: refined IoU with MediaPipe {refined_iou:.4}"
    );
    assert!(refined.alpha.iter().all(|a| (0.0..=1.0).contains(a)));
    // The refined matte is decisive: few pixels stay half-way.
    let unsure = refined
        .alpha
        .iter()
        .filter(|&&a| a > 0.1 && a < 0.9)
        .count() as f64;
    let coarse_unsure = coarse.alpha.iter().filter(|&&a| a > 0.1 && a < 0.9).count() as f64;
    assert!(
        unsure < coarse_unsure,
        "{photo}: {unsure} unsure pixels after refinement, {coarse_unsure} before"
    );
}

#[test]
fn obama_matches_mediapipe() {
    check("obama.jpg", "obama.mediapipe-mask.png");
}

#[test]
fn astronaut_matches_mediapipe() {
    check("astronaut.png", "astronaut.mediapipe-mask.png");
}

/// Grace Hopper's Navy cap, cut out as `prepare` frames her for a 413 × 531 photo: the network
/// gives the cap's crown 0.3–0.6 there, which the guided filter made a half-transparent ghost of
/// the badge. Above her eyes the matte is now opaque or clear (`segment::solid`).
#[test]
fn headwear_the_network_is_unsure_of_comes_out_opaque() {
    let image = image::open(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/grace_hopper.prepared-crop.jpg"),
    )
    .unwrap()
    .to_rgb8();
    // Her eyes are at about row 255 of 531; the cap's badge and crown about rows 30–90,
    // columns 180–260.
    let eye_row = 240;
    let segmenter = Segmenter::new().unwrap();
    let half_way = |matte: &Matte| {
        let mut count = 0usize;
        for y in 30..90 {
            for x in 180..260 {
                count += usize::from((0.1..0.9).contains(&matte.at(x, y)));
            }
        }
        count as f64 / (60.0 * 80.0)
    };
    let solid = half_way(&segmenter.matte(&image, eye_row).unwrap());
    // With the eye row at 0 only the deep inside is made opaque: the ghost stays.
    let ghost = half_way(&segmenter.matte(&image, 0).unwrap());
    println!("half-way share over the badge: {solid:.3} now, {ghost:.3} without the key");
    assert!(solid < 0.05, "{solid:.3} of the badge is half-way");
    assert!(
        ghost > 0.2,
        "the crop no longer shows the ghost: {ghost:.3}"
    );
}
