//! No face, two faces, a face cut by the edge: clear values and reasons, no panic.

use image::{Rgb, RgbImage, imageops};

use crate::common::*;

#[test]
fn no_face_gives_count_zero_and_reasons() {
    let m = measure(&RgbImage::from_fn(413, 531, |x, y| {
        Rgb([200, (150 + x % 50) as u8, (100 + y % 80) as u8])
    }));
    assert_eq!(number(&m, "face.count"), 0.0);
    assert_eq!(
        absent_reason(&m, "head.chin_crown_ratio"),
        "no face was found"
    );
    assert_eq!(absent_reason(&m, "face.confidence"), "no face was found");
    assert_eq!(number(&m, "image.width_px"), 413.0);
}

#[test]
fn two_people_side_by_side_count_two() {
    let one = imageops::resize(
        &photo("obama.jpg"),
        455,
        568,
        imageops::FilterType::Triangle,
    );
    let mut two = RgbImage::new(910, 568);
    imageops::replace(&mut two, &one, 0, 0);
    imageops::replace(&mut two, &imageops::flip_horizontal(&one), 455, 0);
    let m = measure(&two);
    assert_eq!(number(&m, "face.count"), 2.0);
    assert_eq!(m.geometry.faces.len(), 2);
}

#[test]
fn face_cut_by_the_edge_is_not_inside_the_frame() {
    let m = measure_file("obama_partial_face.jpg");
    assert!(number(&m, "face.count") >= 1.0);
    assert!(!boolean(&m, "face.inside_frame"));
}

#[test]
fn head_cut_by_the_top_edge_has_no_crown() {
    let portrait = photo("obama.jpg");
    let m = measure(&portrait);
    let eyes = number(&m, "eyes.left_y_px");
    let crown = number(&m, "head.crown_y_px");
    // Cut between crown and eyes, closer to the eyes.
    let top = (crown + 0.6 * (eyes - crown)) as u32;
    let cut =
        imageops::crop_imm(&portrait, 0, top, portrait.width(), portrait.height() - top).to_image();
    let m = measure(&cut);
    assert!(!boolean(&m, "face.inside_frame"));
    assert!(absent_reason(&m, "head.chin_crown_ratio").contains("top edge"));
}

#[test]
fn full_length_and_group_photos_do_not_panic() {
    for name in [
        "obama3.jpg",
        "biden.jpg",
        "solvay_1927.jpg",
        "obama_partial_face2.jpg",
        "32bit.png",
    ] {
        let m = measure_file(name);
        assert!(number(&m, "face.count") >= 1.0, "{name}");
    }
    assert!(number(&measure_file("solvay_1927.jpg"), "face.count") >= 10.0);
}
