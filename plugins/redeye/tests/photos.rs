//! redeye on real portraits: dark and brown irises, reddish lids and skin creases are not red
//! eye; red pupils painted on the same photos are.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../lenses/tests/support/mod.rs"]
mod support;

use photorules_plugin_kit::serde_json::json;
use photorules_plugin_redeye::{PRESENT, PUPIL_FRACTION, check};
use support::{Photo, boolean, number, photo_named, photos};

fn redeye(photo: &Photo) -> (f64, bool) {
    let output = photo.run(check, json!({}));
    (number(&output, PUPIL_FRACTION), boolean(&output, PRESENT))
}

#[test]
fn dark_brown_irises_in_a_warm_photo_are_not_red_eye() {
    // grace_hopper.jpg: dark brown irises, lids and creases with red ≥ 2 × green and blue.
    // The criterion of red ≥ 80 in a 0.07 d disc counted 15 % of the pupil area.
    let (fraction, present) = redeye(&photo_named("grace_hopper.jpg"));
    assert_eq!(fraction, 0.0);
    assert!(!present);
}

#[test]
fn no_photo_without_flash_shows_red_eye() {
    for photo in photos() {
        let (fraction, present) = redeye(&photo);
        assert!(fraction < 0.05, "{}: {fraction}", photo.name);
        assert!(!present, "{}", photo.name);
    }
}

#[test]
fn red_pupils_painted_on_the_photos_are_found() {
    // (centre offset along and down in eye distances, radius, colour): a bright red pupil on
    // the eye centre, and a dimmer, smaller one beside where the eye centre was measured.
    let pupils = [
        ((0.0, 0.0), 0.04, [200, 32, 38]),
        ((0.02, 0.01), 0.03, [150, 48, 52]),
    ];
    for (offset, radius, colour) in pupils {
        for mut photo in photos() {
            photo.paint(offset, (radius, radius), |_| colour);
            let (fraction, present) = redeye(&photo);
            assert!(present, "{} {colour:?}: {fraction}", photo.name);
            assert!(fraction > 0.25, "{} {colour:?}: {fraction}", photo.name);
        }
    }
}

#[test]
fn a_red_pupil_is_found_in_either_eye_alone() {
    let mut photo = photo_named("obama.jpg");
    let eyes = photo.eyes();
    let left = eyes.centre(photorules_plugin_eyes::Side::Left);
    // Paint only the left eye: the ellipse helper paints both, so paint a disc by hand.
    let radius = 0.045 * eyes.distance();
    let (width, height) = (photo.width, photo.height);
    let disc = eyes.ellipse(left, 0.045, 0.045).pixels(width, height);
    assert!(disc.inside.len() as f64 > 3.0 * radius * radius);
    for (x, y) in disc.inside {
        let at = ((y as usize) * width as usize + x as usize) * 3;
        photo.rgb[at..at + 3].copy_from_slice(&[210, 40, 45]);
    }
    let (fraction, present) = redeye(&photo);
    assert!(present && fraction > 0.7, "{fraction}");
}

#[test]
fn brown_and_amber_irises_over_the_whole_disc_are_not_red_eye() {
    // Brown, amber, grace_hopper.jpg's dark red-brown iris and the same 30 % brighter.
    for colour in [[110, 70, 45], [170, 100, 40], [116, 48, 35], [150, 62, 45]] {
        let mut photo = photo_named("obama.jpg");
        photo.paint((0.0, 0.0), (0.09, 0.09), |_| colour);
        let (fraction, present) = redeye(&photo);
        assert_eq!(fraction, 0.0, "{colour:?}");
        assert!(!present);
    }
}
