//! Shoulder tilt by construction: a real face on a plain backdrop above a drawn body whose
//! shoulder line is tilted by a known angle; and absent before a patterned backdrop.

use image::{Rgb, RgbImage, imageops};

use crate::common::*;

/// obama.jpg's head (crown to just under the chin, outline plus a little) pasted at the top
/// middle of a plain light-grey 1000 × 1000 canvas, above a navy body whose shoulders fall
/// away from the neck symmetrically and are then tilted by `tilt_deg`.
fn body_with_tilt(tilt_deg: f64) -> RgbImage {
    let portrait = photo("obama.jpg");
    let m = measure(&portrait);
    let [lo, hi] = m.geometry.head_x.expect("head");
    let crown = number(&m, "head.crown_y_px");
    let chin = number(&m, "head.chin_y_px");
    let fw = hi - lo;
    let (x0, y0) = ((lo - 0.05 * fw) as u32, (crown - 0.02 * fw).max(0.0) as u32);
    let (x1, y1) = ((hi + 0.05 * fw) as u32, (chin + 0.08 * fw) as u32);
    let head = imageops::crop_imm(&portrait, x0, y0, x1 - x0, y1 - y0).to_image();
    let mut canvas = RgbImage::from_pixel(1000, 1000, Rgb([232, 232, 232]));
    let left = 500 - i64::from(head.width()) / 2;
    imageops::replace(&mut canvas, &head, left, 80);
    let centre = 500.0;
    let neck_bottom = 80.0 + (chin - f64::from(y0)) + 0.25 * fw;
    let tan = tilt_deg.to_radians().tan();
    for y in 0..1000u32 {
        for x in 0..1000u32 {
            let (fx, fy) = (f64::from(x), f64::from(y));
            let d = (fx - centre).abs();
            let neck = d < 0.2 * fw && fy > 80.0 + f64::from(head.height()) - 2.0;
            let top = neck_bottom + 0.3 * (d - 0.3 * fw).max(0.0) + (fx - centre) * tan;
            if neck {
                canvas.put_pixel(x, y, Rgb([150, 100, 80]));
            } else if fy >= top && d >= 0.2 * fw {
                canvas.put_pixel(x, y, Rgb([30, 35, 60]));
            }
        }
    }
    canvas
}

#[test]
fn shoulder_tilt_follows_a_drawn_tilt_within_one_degree() {
    for tilt in [0.0, 6.0, -6.0] {
        let m = measure(&body_with_tilt(tilt));
        let got = number(&m, "pose.shoulder_tilt_deg");
        assert!(
            (got - tilt).abs() <= 1.0,
            "drawn {tilt}°: measured {got:.2}°"
        );
    }
}

#[test]
fn shoulders_before_a_patterned_backdrop_are_absent() {
    // obama.jpg: curtains and flags whose navy matches the suit.
    let reason = absent_reason(&measure_file("obama.jpg"), "pose.shoulder_tilt_deg");
    assert!(reason.contains("plain"), "{reason}");
}
