//! lenses on real portraits: bare eyes and clear glasses read low; the same photos with their
//! lens regions darkened or painted over as sunglasses read dark.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use photorules_plugin_kit::serde_json::json;
use photorules_plugin_lenses::{DARK, TINT, check};
use support::{Photo, boolean, number, photo_named, photos};

/// Where the synthetic lenses go: ellipses 0.42 d × 0.30 d centred 0.12 d below each eye —
/// the clear lenses of grace_hopper.jpg, drawn on every photo.
const LENS_CENTRE: (f64, f64) = (0.0, 0.12);
const LENS_HALF_AXES: (f64, f64) = (0.42, 0.30);

fn tint(photo: &Photo) -> (f64, bool) {
    let output = photo.run(check, json!({}));
    (number(&output, TINT), boolean(&output, DARK))
}

fn srgb_to_linear(c: u8) -> f64 {
    photorules_plugin_eyes::linear(c)
}

fn linear_to_srgb(l: f64) -> u8 {
    let c = if l <= 0.003_130_8 {
        l * 12.92
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    };
    (c * 255.0).round().clamp(0.0, 255.0) as u8
}

/// A lens passing `transmission` of the light (in linear light) over each eye.
fn tinted(mut photo: Photo, transmission: f64) -> Photo {
    photo.paint(LENS_CENTRE, LENS_HALF_AXES, |rgb| {
        rgb.map(|c| linear_to_srgb(srgb_to_linear(c) * transmission))
    });
    photo
}

#[test]
fn clear_glasses_on_deep_set_dark_eyes_read_as_no_tint() {
    // The eye-region method read 0.68 (dark) here: dark irises, shaded sockets, black rims.
    let (tint, dark) = tint(&photo_named("grace_hopper.jpg"));
    assert!(tint < 0.05, "{tint}");
    assert!(!dark);
}

#[test]
fn bare_eyes_read_low_tint() {
    for photo in photos() {
        let (tint, dark) = tint(&photo);
        assert!(tint < 0.2, "{}: {tint}", photo.name);
        assert!(!dark, "{}", photo.name);
    }
}

#[test]
fn halving_the_pixel_values_inside_the_lenses_reads_dark() {
    for mut photo in photos() {
        photo.paint(LENS_CENTRE, LENS_HALF_AXES, |rgb| rgb.map(|c| c / 2));
        let (tint, dark) = tint(&photo);
        assert!(tint > 0.65, "{}: {tint}", photo.name);
        assert!(dark, "{}", photo.name);
    }
}

#[test]
fn painted_sunglasses_read_dark() {
    for mut photo in photos() {
        // Large dark lenses reaching 0.52 d below the eyes, with a little texture.
        let mut shade = 0u8;
        photo.paint((0.0, 0.12), (0.45, 0.40), |_| {
            shade = (shade + 7) % 12;
            [24 + shade, 24 + shade, 28 + shade]
        });
        let (tint, dark) = tint(&photo);
        assert!(tint > 0.85, "{}: {tint}", photo.name);
        assert!(dark, "{}", photo.name);
    }
}

#[test]
fn tint_grows_with_the_light_a_lens_absorbs() {
    for photo in photos() {
        let name = photo.name;
        let bare = tint(&photo).0;
        let half = tint(&tinted(photo_named(name), 0.5)).0;
        let category_3 = tint(&tinted(photo_named(name), 0.15));
        assert!(half > bare + 0.25, "{name}: bare {bare}, half {half}");
        assert!(
            category_3.0 > 0.75 && category_3.1,
            "{name}: {category_3:?}"
        );
    }
}

#[test]
fn glare_on_a_lens_does_not_hide_its_tint() {
    let mut photo = tinted(photo_named("grace_hopper.jpg"), 0.15);
    // A white reflection over part of the under-eye band of each lens.
    photo.paint((0.08, 0.16), (0.08, 0.04), |_| [252, 252, 250]);
    let (tint, dark) = tint(&photo);
    assert!(tint > 0.75 && dark, "{tint}");
}

#[test]
fn the_threshold_is_a_parameter_and_is_checked() {
    let photo = tinted(photo_named("obama.jpg"), 0.5);
    let measured = tint(&photo).0;
    let strict = photo.run(check, json!({"dark_threshold": measured - 0.05}));
    assert!(boolean(&strict, DARK));
    let lax = photo.run(check, json!({"dark_threshold": measured + 0.05}));
    assert!(!boolean(&lax, DARK));
    let wrong = photo.run(check, json!({"dark_threshold": 1.5}));
    assert!(wrong.get(TINT).is_none());
}
