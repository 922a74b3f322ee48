#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

fn band(metric: &str, lo: f64, hi: f64) -> Band {
    Band {
        metric: metric.into(),
        interval: Interval::new(lo, hi),
        origin: BandOrigin::Rules {
            rules: vec![format!("rule.{metric}")],
        },
    }
}

/// ICAO's bands, the 5 % centring, and a 2 mm top margin on a 45 mm print.
fn icao() -> Bands {
    Bands {
        chin_crown: band(bands::CHIN_CROWN, 0.70, 0.80),
        eye_line: band(bands::EYE_LINE, 0.50, 0.70),
        centre: band(bands::CENTRE, -0.05, 0.05),
        head_width: band(bands::HEAD_WIDTH, 0.50, 0.75),
        top_margin: band(bands::TOP_MARGIN, 2.0 / 45.0, f64::INFINITY),
    }
}

/// A level face: crown 300, eyes 500, chin 720 (head 420 px, eyes 48 % down the head), head
/// 300 px wide centred on column 1000.
fn face_at(centre_x: f64, crown_y: f64) -> FaceGeometry {
    let eye_y = crown_y + 200.0;
    FaceGeometry {
        eyes: [[centre_x - 60.0, eye_y], [centre_x + 60.0, eye_y]],
        crown_y,
        chin_y: crown_y + 420.0,
        head_x: [centre_x - 150.0, centre_x + 150.0],
        mesh: Vec::new(),
    }
}

const ASPECT: f64 = 35.0 / 45.0;

#[test]
fn a_roomy_photo_gets_the_middle_of_every_band() {
    let plan = plan(
        &face_at(1000.0, 300.0),
        2000.0,
        2000.0,
        ASPECT,
        &icao(),
        Edges::default(),
    )
    .expect("room enough");
    let p = plan.crop.predicted;
    assert!((p.chin_crown - 0.75).abs() < 0.002, "{p:?}");
    assert!(p.centre_offset.abs() < 0.002, "{p:?}");
    // The eye line's middle (60 %) would leave 0.4 − 0.75 × 200/420 = 4.3 % above the crown,
    // under the 2 mm (4.4 %) + safety margin: the eye line moves down, the head height keeps
    // its middle because its band is narrower.
    assert!(
        p.top_margin >= 2.0 / 45.0 + ONE_SIDED_SAFETY - 1e-9,
        "{p:?}"
    );
    assert!(p.eye_line < 0.6 && p.eye_line > 0.5 + 0.2 * 0.1, "{p:?}");
    // The rectangle is what the ratios say.
    let c = plan.crop;
    assert!((c.height - 420.0 / p.chin_crown).abs() < 1e-9);
    assert!((c.width / c.height - ASPECT).abs() < 1e-12);
    assert!((c.top + c.height * (1.0 - p.eye_line) - 500.0).abs() < 1e-9);
    assert_eq!(plan.frame.angle_deg, 0.0);
    assert!(!plan.padded.any());
}

#[test]
fn a_tilted_head_is_levelled_about_the_eye_midpoint() {
    let mut face = face_at(1000.0, 300.0);
    // Turn the eyes 6° clockwise about their midpoint (1000, 500).
    let (sin, cos) = 6f64.to_radians().sin_cos();
    face.eyes = [
        [1000.0 - 60.0 * cos, 500.0 - 60.0 * sin],
        [1000.0 + 60.0 * cos, 500.0 + 60.0 * sin],
    ];
    let plan = plan(&face, 2000.0, 2000.0, ASPECT, &icao(), Edges::default()).expect("room");
    assert!((plan.frame.angle_deg - 6.0).abs() < 1e-9);
    assert!(
        (plan.frame.pivot[0] - 1000.0).abs() < 1e-9 && (plan.frame.pivot[1] - 500.0).abs() < 1e-9
    );
    // On the axis, the crown row 200 px above the pivot is 200 / cos 6° away.
    let expected_crown = 500.0 - 200.0 / cos;
    assert!(
        (plan.subject.crown_y - expected_crown).abs() < 1e-6,
        "{:?}",
        plan.subject
    );
    assert!((plan.crop.predicted.chin_crown - 0.75).abs() < 0.002);
}

#[test]
fn a_head_near_the_left_edge_cannot_be_centred_without_padding() {
    // Head from column 20 to 320: a centred 436 px wide crop starts 48 px left of the photo.
    let face = face_at(170.0, 300.0);
    let no_room = plan(&face, 2000.0, 2000.0, ASPECT, &icao(), Edges::default())
        .expect_err("the head is too close to the left edge");
    let wanted = no_room.wanted.expect("the bands alone can be met");
    assert!(wanted.beyond.left > 40.0, "{wanted:?}");
    let possible = no_room.possible.expect("some crop fits inside");
    assert!(possible.beyond.edges() == Edges::default());
    assert!(possible.predicted.centre_offset < -0.05, "{possible:?}");

    // When the left edge of the photo is background, it may be padded.
    let padding = Edges {
        left: true,
        ..Edges::default()
    };
    let padded = plan(&face, 2000.0, 2000.0, ASPECT, &icao(), padding).expect("padded");
    assert!(padded.padded.left && !padded.padded.top);
    assert!(padded.crop.predicted.centre_offset.abs() < 0.002);
}

#[test]
fn a_head_filling_the_photo_cannot_be_shrunk_into_the_band() {
    // Head 420 px in a 480 px high photo: at most 87.5 % once cropped to the photo's height.
    let face = face_at(400.0, 30.0);
    let no_room = plan(&face, 800.0, 480.0, ASPECT, &icao(), Edges::default())
        .expect_err("no room above and below the head");
    let possible = no_room.possible.expect("the head itself fits inside");
    assert!(possible.predicted.chin_crown > 0.80, "{possible:?}");
    assert!(no_room.wanted.is_some());
}

#[test]
fn bands_that_cannot_all_hold_give_no_wanted_crop() {
    // Crown 380 px above the eyes and chin 40 px below (a tall hat of hair): with the eye line
    // at 50 % at most there is no room for the crown inside a 70 % head.
    let face = FaceGeometry {
        eyes: [[940.0, 800.0], [1060.0, 800.0]],
        crown_y: 420.0,
        chin_y: 840.0,
        head_x: [850.0, 1150.0],
        mesh: Vec::new(),
    };
    let no_room =
        plan(&face, 3000.0, 3000.0, ASPECT, &icao(), Edges::default()).expect_err("bands conflict");
    assert!(no_room.wanted.is_none());
}

#[test]
fn the_mesh_gives_chin_and_outline_in_the_upright_frame() {
    let mut face = face_at(1000.0, 300.0);
    face.mesh = vec![[850.0, 500.0], [1150.0, 500.0], [1000.0, 730.0]];
    let plan = plan(&face, 2000.0, 2000.0, ASPECT, &icao(), Edges::default()).expect("room");
    assert_eq!(plan.subject.chin_y, 730.0);
    assert_eq!((plan.subject.left_x, plan.subject.right_x), (850.0, 1150.0));
}
