//! Every input the `dsl_roundtrip` fuzz target (crates/fuzz) found breaking the formatter's
//! promise, kept in `spec-tests/hostile/fuzz/dsl_roundtrip/`: a text that parses formats to a
//! text that parses to the same tree, and formatting is idempotent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;

use photorules_dsl::{SourceFile, fmt, parse};

#[test]
fn every_fuzz_finding_round_trips() {
    let dir = support::workspace().join("spec-tests/hostile/fuzz/dsl_roundtrip");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
        let parsed = parse(&Arc::new(SourceFile::new("input", text.as_str())));
        let Some(ast) = parsed.clean() else {
            continue;
        };
        seen += 1;
        let once = fmt::format(ast);
        let reparsed = parse(&Arc::new(SourceFile::new("formatted", once.as_str())));
        let again = reparsed.clean().unwrap_or_else(|| {
            panic!(
                "{}: the formatted text does not parse: {:?}\n{once}",
                path.display(),
                reparsed.errors
            )
        });
        assert_eq!(
            serde_json::to_value(ast).unwrap(),
            serde_json::to_value(again).unwrap(),
            "{}: formatting changed the tree",
            path.display()
        );
        assert_eq!(
            fmt::format(again),
            once,
            "{}: not idempotent",
            path.display()
        );
    }
    assert!(seen >= 1, "no finding in {}", dir.display());
}
