//! End to end: real portraits prepared for the shipped profiles through the library, the
//! prepared file measured and checked again with the same measurement and plugins as
//! `photorules check`.
//!
//! grace_hopper.jpg (frontal, mouth closed, flag behind) can become an accepted photo; the
//! others smile with teeth, or show a face too small or cut by the frame, and must be refused
//! with the rules that cannot be met.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use photorules::engine::{Decision, Verdict};
use photorules::prepare::{FileType, Outcome, PrepareOptions, Prepared};

fn prepare(profile_id: &str, photo: &str, file_type: FileType) -> Prepared {
    let profile = common::profile(profile_id);
    let mut options = PrepareOptions::new(file_type);
    options.output_name = Some(format!("prepared.{}", file_type.extension()));
    common::library()
        .prepare(&profile, &common::photo(photo), &options)
        .unwrap()
}

fn number(prepared: &Prepared, name: &str) -> f64 {
    let metrics = &prepared.report.metrics;
    metrics
        .measured_number(name)
        .unwrap_or_else(|| panic!("{name}: {:?}", metrics.get(name)))
}

fn not_passing(prepared: &Prepared) -> Vec<String> {
    prepared
        .report
        .rules
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Fail | Verdict::Unknown))
        .map(|r| format!("{} {}: {}", r.id, r.verdict.as_str(), r.message))
        .collect()
}

/// Refused: no file, and at least one reason given.
fn assert_refused(prepared: &Prepared) {
    let message = &prepared.preparation.message;
    assert_eq!(prepared.outcome, Outcome::Refused, "{message}");
    assert!(prepared.file.is_none());
    assert!(!prepared.preparation.reasons.is_empty(), "{message}");
}

fn reason_rules(prepared: &Prepared) -> Vec<String> {
    let mut ids: Vec<String> = prepared
        .preparation
        .reasons
        .iter()
        .filter_map(|r| r.rule.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn a_frontal_portrait_is_prepared_into_an_accepted_driving_licence_photo() {
    let prepared = prepare("kz/driving-licence", "grace_hopper.jpg", FileType::Jpeg);
    assert_eq!(
        prepared.outcome,
        Outcome::Accepted,
        "{}\n{:#?}",
        prepared.preparation.message,
        not_passing(&prepared)
    );
    assert_eq!(prepared.report.decision, Decision::Accept);
    let file = prepared.file.as_ref().unwrap();
    assert_eq!(file.image.dimensions(), (413, 531));
    let decoded = image::load_from_memory(&file.bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (413, 531));
    // The flag behind fails the background rules of the source; the new background is plain.
    let background = prepared.preparation.background.as_ref().unwrap();
    assert!(background.replaced, "{}", background.note);
    assert!(!background.because.is_empty());
    // Re-measured, the framing sits inside the bands it aimed at (70–80 % chin to crown).
    let chin_crown = number(&prepared, "head.chin_crown_ratio");
    assert!(
        (0.70..=0.80).contains(&chin_crown),
        "chin to crown {chin_crown}"
    );
    let centre = number(&prepared, "head.centre_offset_ratio");
    assert!(centre.abs() < 0.05, "centre {centre}");
    assert_eq!(number(&prepared, "image.dpi").round(), 300.0);
    // The report written beside the file is the check's, with the preparation added.
    let json: serde_json::Value = serde_json::from_str(&prepared.report_json().unwrap()).unwrap();
    assert_eq!(json["decision"], "accept");
    assert_eq!(json["preparation"]["background"]["replaced"], true);
    assert_eq!(json["record"]["image"]["name"], "prepared.jpg");
}

#[test]
fn a_smile_with_teeth_is_refused_for_the_expression_rules() {
    let prepared = prepare("kz/driving-licence", "obama.jpg", FileType::Jpeg);
    assert_refused(&prepared);
    let rules = reason_rules(&prepared);
    assert!(
        rules.contains(&"mouth.closed".to_string()),
        "reasons: {rules:?}"
    );
    assert!(prepared.preparation.message.starts_with("refused: "));
    assert_eq!(prepared.report.decision, Decision::Reject);
}

#[test]
fn a_face_too_small_for_the_pixels_is_refused() {
    let prepared = prepare("kz/driving-licence", "biden.jpg", FileType::Jpeg);
    assert_refused(&prepared);
}

#[test]
fn a_head_cut_by_the_edge_is_refused() {
    let prepared = prepare(
        "kz/driving-licence",
        "obama_partial_face.jpg",
        FileType::Jpeg,
    );
    assert_refused(&prepared);
}
