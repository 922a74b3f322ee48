//! The accuracy scorecard on the labelled photo set (`spec-tests/eval/`) must not get worse
//! than the committed one (`spec-tests/eval/scorecard.json`): no requirement may gain a false
//! accept or lose a correct verdict, and under the mutations no metric may drift clearly further
//! from the truth they make (`eval/metric_error.rs`). After an improvement, save the new scorecard with
//! `photorules eval --json > spec-tests/eval/scorecard.json`, and for the painted mutations
//! `photorules eval --mutations --json > spec-tests/eval/scorecard-mutations.json`
//! (docs/accuracy.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use photorules::eval::{Scorecard, evaluate};

#[test]
fn accuracy_on_the_labelled_set_does_not_regress() {
    let set = common::repo().join("spec-tests/eval");
    let now = evaluate(common::library(), &set).unwrap();
    let text = std::fs::read_to_string(set.join("scorecard.json")).unwrap();
    let baseline: Scorecard = serde_json::from_str(&text).unwrap();
    let worse = now.regressions_from(&baseline);
    assert!(worse.is_empty(), "{}\n{}", worse.join("\n"), now.to_text());
}

#[test]
fn accuracy_on_the_mutated_set_does_not_regress() {
    let set = common::repo().join("spec-tests/eval");
    let now = photorules::eval::evaluate_mutations(common::library(), &set, None).unwrap();
    let text = std::fs::read_to_string(set.join("scorecard-mutations.json")).unwrap();
    let baseline: Scorecard = serde_json::from_str(&text).unwrap();
    let worse = now.regressions_from(&baseline);
    assert!(worse.is_empty(), "{}\n{}", worse.join("\n"), now.to_text());
}
