//! grace_hopper.jpg: a frontal official portrait with known content — one face inside the
//! frame, mouth closed, eyes open, glasses (clear lenses, thin metal-and-tortoiseshell frame),
//! neutral expression, a cap on the head.

use crate::common::*;

#[test]
fn one_face_inside_the_frame() {
    let m = measure_file("grace_hopper.jpg");
    assert_eq!(number(&m, "face.count"), 1.0);
    assert!(boolean(&m, "face.inside_frame"));
    assert_eq!(number(&m, "image.width_px"), 512.0);
    assert_eq!(number(&m, "image.height_px"), 600.0);
    assert_eq!(number(&m, "image.dpi"), 96.0);
}

#[test]
fn mouth_closed_eyes_open_neutral() {
    let m = measure_file("grace_hopper.jpg");
    assert!(
        boolean(&m, "mouth.closed"),
        "{:?}",
        m.metrics.get("mouth.aperture")
    );
    assert!(boolean(&m, "eyes.open"));
    assert!(!boolean(&m, "expression.teeth_visible"));
    assert!(
        boolean(&m, "expression.neutral"),
        "smile {}",
        number(&m, "expression.smile")
    );
    assert!(!boolean(&m, "eyes.occluded"));
}

#[test]
fn glasses_are_present() {
    assert!(boolean(
        &measure_file("grace_hopper.jpg"),
        "glasses.present"
    ));
}

#[test]
fn crown_is_the_top_of_the_cap() {
    // Read on the photo, zoomed: the cap's top edge meets the blue backdrop at row 23 and the
    // soft lower edge of the chin is at about row 330.
    let m = measure_file("grace_hopper.jpg");
    let crown = number(&m, "head.crown_y_px");
    let chin = number(&m, "head.chin_y_px");
    assert!((crown - 23.0).abs() < 8.0, "crown {crown}");
    assert!((chin - 330.0).abs() < 10.0, "chin {chin}");
}
