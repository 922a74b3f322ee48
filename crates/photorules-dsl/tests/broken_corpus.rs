//! The broken-profile corpus: every `spec-tests/dsl/broken/*.rules` gives the diagnostic its
//! first line announces (`# expect: photorules::CODE`), rendered as a reviewed snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};

use photorules_dsl::err::render_human;
use photorules_dsl::{Compiler, Level};

/// Verification dates are judged against this day, so that snapshots do not age.
fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 6, 1)
}

/// Relative to the crate (cargo runs tests there), so that file names in snapshots are the
/// same on every machine.
fn corpus() -> PathBuf {
    PathBuf::from("../../spec-tests/dsl/broken")
}

fn cases() -> Vec<(String, PathBuf)> {
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(corpus())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rules"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    cases.sort();
    cases
}

/// Every diagnostic of one case, as a person would see it, paths relative to the workspace.
fn render(path: &Path) -> (String, Vec<String>) {
    // With the shipped plugins' metrics and parameter schemas, as `photorules lint` has them.
    let catalogue = support::catalogue_with_shipped_plugins();
    let mut compiler = Compiler::new(&catalogue, today());
    let compiled = compiler.compile_path(path);
    let diagnostics = compiler.take_diagnostics().sorted_unique();
    assert!(
        compiled.is_none() || diagnostics.iter().all(|d| d.level == Level::Warning),
        "{}: compiled despite errors",
        path.display()
    );
    let text: String = diagnostics
        .iter()
        .map(|d| render_human(d, false, 100))
        .collect::<Vec<_>>()
        .join("\n");
    let codes = diagnostics
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect();
    (text, codes)
}

#[test]
fn the_corpus_has_at_least_25_cases() {
    assert!(cases().len() >= 25, "{} cases", cases().len());
}

#[test]
fn every_broken_profile_gives_its_expected_diagnostic() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/broken");
    let _guard = settings.bind_to_scope();
    for (name, path) in cases() {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{name}: first line must be `# expect: photorules::CODE`"))
            .trim()
            .to_string();
        let (rendered, codes) = render(&path);
        assert!(
            codes.contains(&expected),
            "{name}: expected {expected}, got {codes:?}\n{rendered}"
        );
        insta::assert_snapshot!(name, rendered);
    }
}

#[test]
fn every_snapshot_belongs_to_a_case() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/broken");
    let cases: Vec<String> = cases().into_iter().map(|(name, _)| name).collect();
    let orphans: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|f| f.ends_with(".snap"))
                .filter(|f| !cases.contains(&f.trim_end_matches(".snap").to_string()))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        orphans.is_empty(),
        "snapshots without a case in spec-tests/dsl/broken (delete them): {orphans:?}"
    );
}
