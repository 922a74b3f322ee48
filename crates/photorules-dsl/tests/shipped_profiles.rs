//! Every profile shipped under `rules/` compiles without errors and warnings, is in the
//! canonical layout, and formatting it keeps its tree.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::PathBuf;
use std::sync::Arc;

use photorules_dsl::compile::list_profiles;
use photorules_dsl::err::render_human;
use photorules_dsl::{Compiler, SourceFile, parse};

fn rules_root() -> PathBuf {
    support::workspace().join("rules")
}

fn profiles() -> Vec<(String, PathBuf)> {
    let found = list_profiles(&rules_root());
    assert!(
        !found.is_empty(),
        "no profiles under {}",
        rules_root().display()
    );
    found
}

#[test]
fn every_shipped_profile_lints_clean() {
    let catalogue = support::catalogue_with_shipped_plugins();
    let mut compiler = Compiler::new(&catalogue, photorules_dsl::today());
    for (id, _) in profiles() {
        let compiled = compiler.compile_id(&rules_root(), &id);
        assert!(
            compiled.is_some() || compiler.diagnostics().has_errors(),
            "{id}"
        );
    }
    let report: String = compiler
        .diagnostics()
        .iter()
        .map(|d| render_human(d, false, 100))
        .collect();
    assert!(compiler.diagnostics().is_empty(), "{report}");
}

#[test]
fn formatting_a_shipped_profile_keeps_its_tree_and_is_idempotent() {
    for (_, path) in profiles() {
        let text = std::fs::read_to_string(&path).unwrap();
        let original = parse(&Arc::new(SourceFile::new(
            path.display().to_string(),
            text.as_str(),
        )));
        let ast = original
            .clean()
            .unwrap_or_else(|| panic!("{}: {:?}", path.display(), original.errors));
        let once = photorules_dsl::fmt::format(ast);
        // What `photorules fmt --check` asks of them, checked here without building the CLI.
        assert_eq!(
            once,
            text,
            "{}: not in the canonical layout",
            path.display()
        );
        let reparsed = parse(&Arc::new(SourceFile::new("formatted", once.as_str())));
        let again = reparsed.clean().unwrap_or_else(|| {
            panic!(
                "{}: formatted text does not parse: {:?}\n{once}",
                path.display(),
                reparsed.errors
            )
        });
        assert_eq!(
            serde_json::to_value(ast).unwrap(),
            serde_json::to_value(again).unwrap(),
            "{}",
            path.display()
        );
        assert_eq!(
            photorules_dsl::fmt::format(again),
            once,
            "{}: not idempotent",
            path.display()
        );
    }
}

#[test]
fn a_profile_held_in_memory_compiles_as_its_file_does() {
    let catalogue = support::catalogue_with_shipped_plugins();
    let mut compiler = Compiler::new(&catalogue, photorules_dsl::today());
    for (id, path) in profiles() {
        let from_file = compiler.compile_id(&rules_root(), &id).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let buffer = Arc::new(SourceFile::new("<editor buffer>", text.as_str()));
        // Twice: the text is not cached, so the same compiler compiles any number of texts.
        for _ in 0..2 {
            let from_memory = compiler
                .compile_source(&buffer, &rules_root())
                .unwrap_or_else(|| panic!("{id}: {:?}", compiler.diagnostics()));
            let mut a = serde_json::to_value(&*from_file).unwrap();
            let mut b = serde_json::to_value(&*from_memory).unwrap();
            // Only where the text came from differs: the file's path and the rules' file name.
            for ir in [&mut a, &mut b] {
                ir.as_object_mut().unwrap().remove("files");
                for rule in ir["rules"].as_array_mut().unwrap() {
                    rule["origin"].as_object_mut().unwrap().remove("file");
                }
            }
            assert_eq!(a, b, "{id}");
        }
    }
    assert!(compiler.diagnostics().is_empty());
}
