//! Every builtin catalogue name is produced, on a portrait and on a photo without a face; the
//! committed schema and docs match what the code generates.

use photorules_core::{Catalogue, Measurement as Value, Provider};
use photorules_measure::docs::metrics_markdown;
use photorules_measure::report::schema_json;

use crate::common::*;

fn assert_every_builtin_name(m: &photorules_measure::Measurement, what: &str) {
    for spec in Catalogue::builtin().iter() {
        if spec.provider != Provider::Builtin {
            continue;
        }
        match m.metrics.get(&spec.name) {
            Some(Value::Measured { .. }) => {}
            Some(Value::Absent { reason }) => assert!(!reason.is_empty(), "{what}: {}", spec.name),
            None => panic!("{what}: `{}` is neither measured nor absent", spec.name),
        }
    }
    for name in m.metrics.values.keys() {
        assert!(
            Catalogue::builtin().get(name).is_some(),
            "{what}: `{name}` is not in the catalogue"
        );
    }
}

#[test]
fn every_name_on_a_portrait_and_on_a_faceless_picture() {
    let portrait = measure_file("obama.jpg");
    assert_every_builtin_name(&portrait, "obama.jpg");
    let blank = measure(&image::RgbImage::from_fn(300, 400, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    }));
    assert_every_builtin_name(&blank, "gradient");
}

/// Compare a committed file with generated text; `PHOTORULES_BLESS=1` rewrites it.
fn check_generated(relative: &str, generated: &str) {
    let path = repo_root().join(relative);
    if std::env::var_os("PHOTORULES_BLESS").is_some() {
        std::fs::write(&path, generated).expect("writes");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{relative} is stale: regenerate with `PHOTORULES_BLESS=1 cargo test -p photorules-measure --test truth`"
    );
}

#[test]
fn docs_metrics_md_is_current() {
    check_generated("docs/metrics.md", &metrics_markdown(&Catalogue::builtin()));
}

#[test]
fn schema_is_current() {
    check_generated("schema/metrics.schema.json", &schema_json());
}

#[test]
fn measure_json_validates_against_the_schema_and_a_broken_one_does_not() {
    use photorules_measure::report::{FileOutcome, FileReport, MeasureReport};
    let schema: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let measured = measure_file("grace_hopper.jpg");
    let report = MeasureReport {
        files: vec![
            FileReport {
                file: "grace_hopper.jpg".into(),
                outcome: FileOutcome::Measured {
                    sha256: measured.sha256.clone(),
                    image: measured.image_info.clone(),
                    metrics: measured.metrics.clone(),
                },
            },
            FileReport {
                file: "missing.jpg".into(),
                outcome: FileOutcome::Error {
                    error: "cannot be read: no such file".into(),
                },
            },
        ],
    };
    let json = serde_json::to_value(&report).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    let mut broken = json.clone();
    broken["files"][0]["status"] = serde_json::json!("maybe");
    assert!(!validator.is_valid(&broken));
    let mut broken = json.clone();
    broken["files"][0]["metrics"]["face.count"] = serde_json::json!({"status": "measured"});
    assert!(!validator.is_valid(&broken));
    let mut broken = json;
    broken["files"][0]["image"]["width"] = serde_json::json!(-3);
    assert!(!validator.is_valid(&broken));
}
