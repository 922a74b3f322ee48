//! Exposure, colour and sharpness move the right way under known edits.

use image::imageops;

use crate::common::*;

#[test]
fn greyscale_reads_as_not_colour() {
    let portrait = photo("obama.jpg");
    assert!(boolean(&measure(&portrait), "image.colour"));
    let grey = map_pixels(&portrait, |p| {
        let y = photorules_measure::colour::luma_u8(p);
        [y, y, y]
    });
    let m = measure(&grey);
    assert!(!boolean(&m, "image.colour"));
    assert!(!boolean(&m, "light.skin_natural"));
}

#[test]
fn brightening_and_darkening_move_exposure_fractions() {
    let portrait = photo("obama.jpg");
    let base = measure(&portrait);
    let scale = |k: f64| {
        map_pixels(&portrait, |p| {
            p.map(|c| (f64::from(c) * k).min(255.0) as u8)
        })
    };
    let bright = measure(&scale(1.8));
    let dark = measure(&scale(0.25));
    let (under, over) = ("light.underexposed_fraction", "light.overexposed_fraction");
    let (b_under, b_over) = (number(&base, under), number(&base, over));
    // Multiplying by 1.8 blows out every face pixel brighter than luma 139; by 0.25 it pushes
    // every pixel darker than luma 64 below the crushed-black limit (luma 16).
    assert!(
        number(&bright, over) > b_over + 0.05,
        "over {} vs {b_over}",
        number(&bright, over)
    );
    assert!(number(&bright, under) <= b_under);
    assert!(
        number(&dark, under) > 5.0 * b_under && number(&dark, under) > b_under + 0.02,
        "under {} vs {b_under}",
        number(&dark, under)
    );
    assert!(number(&dark, over) <= b_over);
    assert!(number(&bright, "light.face_lightness") > number(&base, "light.face_lightness"));
    assert!(number(&dark, "light.face_lightness") < number(&base, "light.face_lightness"));
}

#[test]
fn sharpness_falls_monotonically_with_blur() {
    let portrait = photo("obama.jpg");
    let mut last = number(&measure(&portrait), "face.sharpness");
    for sigma in [1.0, 2.0, 4.0] {
        let s = number(
            &measure(&imageops::blur(&portrait, sigma)),
            "face.sharpness",
        );
        assert!(s < last, "blur σ {sigma}: {s:.4} not below {last:.4}");
        last = s;
    }
}

#[test]
fn natural_skin_on_real_portraits() {
    assert!(boolean(&measure_file("obama.jpg"), "light.skin_natural"));
    assert!(boolean(
        &measure_file("astronaut.png"),
        "light.skin_natural"
    ));
}
