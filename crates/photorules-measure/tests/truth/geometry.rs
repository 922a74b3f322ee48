//! Roll follows a known rotation; chin-to-crown follows a known crop and scale.

use image::imageops::{self, FilterType};

use crate::common::*;

#[test]
fn roll_follows_a_known_rotation_within_one_degree() {
    let portrait = photo("obama.jpg");
    let base = number(&measure(&portrait), "pose.roll_deg");
    for angle in [-8.0, 5.0, 12.0] {
        let rolled = number(&measure(&rotate(&portrait, angle)), "pose.roll_deg");
        assert!(
            (rolled - base - angle).abs() <= 1.0,
            "rotated {angle}°: roll {rolled:.2}° from {base:.2}°"
        );
    }
}

#[test]
fn mirroring_flips_roll_and_yaw() {
    let portrait = photo("obama.jpg");
    let m = measure(&portrait);
    let mirrored = measure(&imageops::flip_horizontal(&portrait));
    let (roll, yaw) = (number(&m, "pose.roll_deg"), number(&m, "pose.yaw_deg"));
    let (mroll, myaw) = (
        number(&mirrored, "pose.roll_deg"),
        number(&mirrored, "pose.yaw_deg"),
    );
    assert!((roll + mroll).abs() < 1.0, "{roll} {mroll}");
    assert!((yaw + myaw).abs() < 3.0, "{yaw} {myaw}");
    assert!(yaw.abs() < 15.0 && number(&m, "pose.pitch_deg").abs() < 20.0);
}

#[test]
fn chin_crown_ratio_follows_crop_and_scale() {
    let portrait = photo("obama.jpg");
    let (w, h) = portrait.dimensions();
    let base = measure(&portrait);
    let ratio = number(&base, "head.chin_crown_ratio");
    let crown = number(&base, "head.crown_y_px");
    let chin = number(&base, "head.chin_y_px");
    assert!(
        crown < chin && ratio > 0.2 && ratio < 0.9,
        "{crown} {chin} {ratio}"
    );

    // Crop: keep from just above the crown to 80 % of the height.
    let top = (crown * 0.5) as u32;
    let bottom = (f64::from(h) * 0.8) as u32;
    let cropped = imageops::crop_imm(&portrait, 0, top, w, bottom - top).to_image();
    let expected = ratio * f64::from(h) / f64::from(bottom - top);
    let got = number(&measure(&cropped), "head.chin_crown_ratio");
    assert!(
        (got - expected).abs() <= 0.02,
        "crop: {got:.4} vs {expected:.4}"
    );

    // Scale: the ratio is unchanged.
    let half = imageops::resize(&portrait, w / 2, h / 2, FilterType::Triangle);
    let got = number(&measure(&half), "head.chin_crown_ratio");
    assert!((got - ratio).abs() <= 0.02, "scale: {got:.4} vs {ratio:.4}");

    // mm at the 35 × 45 print size.
    let mm = number(&base, "head.chin_crown_mm");
    assert!((mm - ratio * 45.0).abs() < 1e-9);
}

#[test]
fn eye_line_and_centre_are_consistent() {
    let m = measure_file("obama.jpg");
    let h = number(&m, "image.height_px");
    let eye_y = (number(&m, "eyes.left_y_px") + number(&m, "eyes.right_y_px")) / 2.0;
    assert!((number(&m, "eyes.line_height_ratio") - (h - eye_y) / h).abs() < 1e-9);
    assert!(number(&m, "eyes.distance_px") > 60.0);
    assert!(number(&m, "eyes.right_x_px") < number(&m, "eyes.left_x_px"));
    assert!(number(&m, "head.centre_offset_ratio").abs() < 0.15);
    assert!(boolean(&m, "face.inside_frame"));
}

#[test]
fn frontal_portraits_read_near_zero_pose() {
    // Both look straight at the camera; Grace Hopper's head leans slightly to her right.
    for (name, max_roll) in [("obama.jpg", 3.0), ("grace_hopper.jpg", 5.0)] {
        let m = measure_file(name);
        let (roll, yaw, pitch) = (
            number(&m, "pose.roll_deg"),
            number(&m, "pose.yaw_deg"),
            number(&m, "pose.pitch_deg"),
        );
        assert!(roll.abs() < max_roll, "{name}: roll {roll:.1}");
        assert!(yaw.abs() < 5.0, "{name}: yaw {yaw:.1}");
        assert!(pitch.abs() < 5.0, "{name}: pitch {pitch:.1}");
    }
}
