//! Frameless dark lenses (issue 17): sunglasses the glasses detector does not see must still be
//! refused. Opaque dark lenses without frames are painted over the eyes of real portraits; the
//! no-sunglasses rule fails whether or not `glasses.present` reads true, and the unpainted
//! portraits pass it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};
use photorules::engine::Verdict;

/// The shipped profiles that state their own no-sunglasses rule (the others inherit
/// icao/base's, which kz/driving-licence stands for).
const PROFILES: [&str; 4] = [
    "kz/driving-licence",
    "kz/egov-upload",
    "es/passport",
    "es/id-card",
];
const PORTRAITS: [&str; 3] = ["obama.jpg", "grace_hopper.jpg", "astronaut.png"];

fn verdict(report: &photorules::engine::Report, rule: &str) -> Verdict {
    report
        .rules
        .iter()
        .find(|r| r.id == rule)
        .unwrap_or_else(|| panic!("{rule} is not in the report"))
        .verdict
}

/// `portrait` with an opaque near-black lens, 0.8 × 0.55 eye distances, on each eye and no
/// frame, as PNG bytes.
fn with_frameless_sunglasses(portrait: &[u8]) -> Vec<u8> {
    let measured = common::library().measure_bytes(portrait).unwrap();
    let m = &measured.metrics;
    let number = |name: &str| m.measured_number(name).unwrap();
    let d = number("eyes.distance_px");
    let scale = measured.image_scale;
    let mut picture: RgbImage = image::load_from_memory(portrait).unwrap().to_rgb8();
    assert_eq!(
        scale, 1.0,
        "the test portraits are small enough to be decoded whole"
    );
    for (x, y) in [
        (number("eyes.left_x_px"), number("eyes.left_y_px")),
        (number("eyes.right_x_px"), number("eyes.right_y_px")),
    ] {
        let (rx, ry) = (0.4 * d, 0.275 * d);
        for py in (y - ry) as u32..=(y + ry) as u32 {
            for px in (x - rx) as u32..=(x + rx) as u32 {
                let (dx, dy) = ((f64::from(px) - x) / rx, (f64::from(py) - y) / ry);
                if dx * dx + dy * dy <= 1.0 && px < picture.width() && py < picture.height() {
                    picture.put_pixel(px, py, Rgb([18, 18, 22]));
                }
            }
        }
    }
    let mut png = Cursor::new(Vec::new());
    picture.write_to(&mut png, ImageFormat::Png).unwrap();
    png.into_inner()
}

#[test]
fn frameless_sunglasses_fail_whether_or_not_glasses_are_detected() {
    for id in PROFILES {
        let profile = common::profile(id);
        for name in PORTRAITS {
            let portrait = common::photo(name);
            let bare = common::library()
                .check_bytes(&profile, &portrait, Some(name))
                .unwrap();
            assert_eq!(
                verdict(&bare.report, "glasses.no_sunglasses"),
                Verdict::Pass,
                "{id} {name} as photographed"
            );
            let shaded = common::library()
                .check_bytes(&profile, &with_frameless_sunglasses(&portrait), Some(name))
                .unwrap();
            assert_eq!(
                verdict(&shaded.report, "glasses.no_sunglasses"),
                Verdict::Fail,
                "{id} {name} with frameless sunglasses (glasses.present: {:?})",
                shaded.report.metrics.get("glasses.present")
            );
        }
    }
}

/// Behind dark lenses the eye network still places lids, on the lens: whether the eyes are
/// open is then not known, and the rule says so instead of passing (issue 17).
#[test]
fn eyes_behind_dark_lenses_are_not_known_to_be_open() {
    let profile = common::profile("kz/driving-licence");
    for name in PORTRAITS {
        let portrait = common::photo(name);
        let bare = common::library()
            .check_bytes(&profile, &portrait, Some(name))
            .unwrap();
        assert_eq!(verdict(&bare.report, "eyes.open"), Verdict::Pass, "{name}");
        let shaded = common::library()
            .check_bytes(&profile, &with_frameless_sunglasses(&portrait), Some(name))
            .unwrap();
        assert_eq!(
            verdict(&shaded.report, "eyes.open"),
            Verdict::Unknown,
            "{name} with frameless sunglasses (lenses.dark: {:?})",
            shaded.report.metrics.get("lenses.dark")
        );
        assert_eq!(
            verdict(&shaded.report, "eyes.visible"),
            Verdict::Fail,
            "{name}"
        );
    }
}
