//! What the applicant declares beside the photo (`check --age`): a children's exception holds
//! for a declared baby, not for a declared adult, and without a declared age the rule is
//! unknown rather than passed. The age is recorded in the report's metrics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::workspace;

/// A profile whose only rule is "eyes open, except for a baby under one" (shared with the Python
/// package's test of `age=`).
fn profile() -> PathBuf {
    workspace().join("spec-tests/dsl/fixtures/baby.rules")
}

fn check(profile: &Path, age: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_photorules"));
    command.current_dir(workspace()).args([
        "check",
        "--format",
        "json",
        "--profile",
        profile.to_str().unwrap(),
        "spec-tests/photos/blink_closed.png",
    ]);
    if let Some(age) = age {
        command.args(["--age", age]);
    }
    command.output().unwrap()
}

fn verdict_and_age(output: &Output) -> (String, serde_json::Value) {
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    let rule = &report["rules"][0];
    assert_eq!(rule["id"], "eyes.open");
    (
        rule["verdict"].as_str().unwrap().to_string(),
        report["metrics"]["applicant.age_years"].clone(),
    )
}

#[test]
fn a_childrens_exception_holds_only_for_a_declared_child() {
    let profile = profile();

    // Closed eyes, no age: unknown, never passed; the report says the age was not declared.
    let (verdict, age) = verdict_and_age(&check(&profile, None));
    assert_eq!(verdict, "unknown");
    assert!(
        age["reason"].as_str().unwrap().contains("not declared"),
        "{age}"
    );

    // A declared baby: the exception holds; the age is recorded.
    let (verdict, age) = verdict_and_age(&check(&profile, Some("0")));
    assert_eq!(verdict, "pass");
    assert_eq!(age["value"], 0.0);

    // A declared adult: closed eyes fail.
    let (verdict, _) = verdict_and_age(&check(&profile, Some("30")));
    assert_eq!(verdict, "fail");

    // An age that is no age is a usage error.
    let out = check(&profile, Some("200"));
    assert_eq!(out.status.code(), Some(2));
}
