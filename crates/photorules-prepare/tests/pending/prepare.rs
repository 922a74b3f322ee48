//! End to end: real portraits prepared for the shipped profiles, the prepared file measured
//! and checked again with the same measurement and plugins as `photorules check`.
//!
//! Every portrait shipped in spec-tests/photos smiles with teeth, speaks, or shows a face too
//! small or cut by the frame, so none can become a photo the Kazakhstan profiles accept: these
//! tests assert the refusal and its reasons (the rules that cannot be met). The stages after the
//! refusal point (crop, roll, background, encode, re-check) are asserted on the same photos with
//! `tests/fixtures/any-expression.rules`, the driving-licence profile without its two
//! expression rules.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use photorules_core::{Measurement, MetricValue};
use photorules_engine::{Decision, Verdict};
use photorules_prepare::{FileType, Outcome, PrepareOptions, Prepared, Preparer};

fn prepare(profile_id: &str, photo: &str, file_type: FileType) -> Prepared {
    let profile = common::profile(profile_id);
    let mut options = PrepareOptions::new(file_type);
    options.output_name = Some(format!("prepared.{}", file_type.extension()));
    Preparer::new()
        .prepare(common::library(), &profile, &common::photo(photo), &options)
        .unwrap()
}

/// The test profile beside copies of the real ones, compiled by path.
fn any_expression() -> std::sync::Arc<photorules_core::ir::CompiledProfile> {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        for id in ["icao/base", "kz/driving-licence"] {
            let target = dir.path().join(format!("{id}.rules"));
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(common::repo().join("rules").join(format!("{id}.rules")), target).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("bench")).unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/any-expression.rules"),
            dir.path().join("bench/any-expression.rules"),
        )
        .unwrap();
        dir
    });
    let path = dir.path().join("bench/any-expression.rules");
    common::library().0.compile(path.to_str().unwrap()).unwrap()
}

fn number(prepared: &Prepared, name: &str) -> f64 {
    match prepared.report.metrics.get(name) {
        Some(Measurement::Measured {
            value: MetricValue::Number(v),
            ..
        }) => *v,
        other => panic!("{name}: {other:?}"),
    }
}

fn reason_rules(prepared: &Prepared) -> Vec<String> {
    let mut ids: Vec<String> = prepared.preparation.reasons.iter().filter_map(|r| r.rule.clone()).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn a_smile_with_teeth_is_refused_for_exactly_the_expression_rules() {
    let prepared = prepare("kz/driving-licence", "obama.jpg", FileType::Jpeg);
    assert_eq!(prepared.outcome, Outcome::Refused, "{}", prepared.preparation.message);
    assert!(prepared.file.is_none());
    assert_eq!(reason_rules(&prepared), ["expression.neutral", "mouth.closed"]);
    // The reasons carry the rules' own messages, and the report is the source's check.
    assert!(prepared.preparation.message.starts_with("refused: "));
    assert_eq!(prepared.report.decision, Decision::Reject);
}

#[test]
fn a_face_too_small_for_the_pixels_is_refused_by_the_eye_distance_rule() {
    let prepared = prepare("kz/driving-licence", "biden.jpg", FileType::Jpeg);
    assert_eq!(prepared.outcome, Outcome::Refused);
    let ids = reason_rules(&prepared);
    assert!(ids.contains(&"geometry.eye_distance".to_string()), "{ids:?}");
    let reason = prepared.preparation.reasons.iter().find(|r| r.rule.as_deref() == Some("geometry.eye_distance")).unwrap();
    assert!(reason.message.contains("enlarging it adds no detail"), "{}", reason.message);
}

#[test]
fn a_head_cut_by_the_edge_is_refused() {
    let prepared = prepare("kz/driving-licence", "obama_partial_face.jpg", FileType::Jpeg);
    assert_eq!(prepared.outcome, Outcome::Refused, "{}", prepared.preparation.message);
    assert!(!prepared.preparation.reasons.is_empty());
}

#[test]
fn prepared_photo_is_accepted_with_the_background_replaced() {
    let profile = any_expression();
    let mut options = PrepareOptions::new(FileType::Jpeg);
    options.output_name = Some("prepared.jpg".into());
    let prepared = Preparer::new().prepare(common::library(), &profile, &common::photo("obama.jpg"), &options).unwrap();
    let failing: Vec<String> = prepared
        .report
        .rules
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Fail | Verdict::Unknown))
        .map(|r| format!("{} {:?}: {}", r.id, r.verdict, r.message))
        .collect();
    assert_eq!(prepared.outcome, Outcome::Accepted, "{failing:#?}");
    let file = prepared.file.as_ref().unwrap();
    assert_eq!(file.image.dimensions(), (413, 531));
    assert_eq!(image::load_from_memory(&file.bytes).unwrap().dimensions_tuple(), (413, 531));
    // The flags behind make the source fail the background rules; the new one is plain.
    let background = prepared.preparation.background.as_ref().unwrap();
    assert!(background.replaced, "{}", background.note);
    assert!(!background.because.is_empty());
    // Re-measured, the framing sits well inside the bands it aimed at.
    let chin_crown = number(&prepared, "head.chin_crown_ratio");
    assert!((0.72..=0.78).contains(&chin_crown), "chin to crown {chin_crown}");
    let centre = number(&prepared, "head.centre_offset_ratio");
    assert!(centre.abs() < 0.03, "centre {centre}");
    let eyes = number(&prepared, "eyes.line_height_ratio");
    assert!((0.52..=0.68).contains(&eyes), "eye line {eyes}");
    assert_eq!(number(&prepared, "image.dpi").round(), 300.0);
    // The report beside the file is the check's, with the preparation added.
    let json: serde_json::Value = serde_json::from_str(&prepared.report_json().unwrap()).unwrap();
    assert_eq!(json["decision"], "accept");
    assert_eq!(json["preparation"]["background"]["replaced"], true);
    assert_eq!(json["record"]["image"]["name"], "prepared.jpg");
}

trait Dimensions {
    fn dimensions_tuple(&self) -> (u32, u32);
}

impl Dimensions for image::DynamicImage {
    fn dimensions_tuple(&self) -> (u32, u32) {
        (self.width(), self.height())
    }
}
