//! The committed `schema/report.schema.json` must match the report types, and reports must
//! validate against it. Regenerate with `UPDATE_SCHEMA=1 cargo test -p photorules-engine`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use photorules_engine::Report;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema/report.schema.json")
}

fn generated() -> String {
    let schema = schemars::schema_for!(Report);
    serde_json::to_string_pretty(&schema).unwrap() + "\n"
}

#[test]
fn committed_report_schema_is_current() {
    let path = schema_path();
    let fresh = generated();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "schema/report.schema.json is stale: run `UPDATE_SCHEMA=1 cargo test -p photorules-engine`"
    );
}

#[test]
fn a_report_validates_against_the_schema_and_a_broken_one_does_not() {
    let schema: serde_json::Value = serde_json::from_str(&generated()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let sample = include_str!("fixtures/report.json");
    let report: serde_json::Value = serde_json::from_str(sample).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut broken = report.clone();
    broken["decision"] = serde_json::json!("maybe");
    assert!(!validator.is_valid(&broken));
}
