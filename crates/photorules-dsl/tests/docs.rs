//! `docs/dsl.md` documents every diagnostic code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use photorules_dsl::Code;

#[test]
fn every_diagnostic_code_is_documented() {
    let docs = std::fs::read_to_string(support::workspace().join("docs/dsl.md")).unwrap();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|code| !docs.contains(&format!("`{code}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/dsl.md does not document: {missing:?}"
    );
}
