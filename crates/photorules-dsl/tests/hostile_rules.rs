//! Rules roots written to exhaust the compiler: each ends with a diagnostic, in bounded time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use photorules_dsl::{Code, Compiler};

fn profile(id: &str, extends: Option<&str>) -> String {
    let extends = extends
        .map(|b| format!("  extends      {b}\n"))
        .unwrap_or_default();
    format!(
        "profile {id} {{\n  title        \"Link\"\n  jurisdiction KZ\n  document     passport\n  version      \"1.0.0\"\n  effective    2026-04-13\n{extends}}}\n"
    )
}

#[test]
fn an_extends_chain_of_two_thousand_profiles_stops_at_the_limit() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("chain");
    std::fs::create_dir_all(&dir).unwrap();
    for n in 0..2000 {
        let id = format!("chain/p{n}");
        let base = (n + 1 < 2000).then(|| format!("chain/p{}", n + 1));
        std::fs::write(
            dir.join(format!("p{n}.rules")),
            profile(&id, base.as_deref()),
        )
        .unwrap();
    }
    let catalogue = support::catalogue_with_shipped_plugins();
    let mut compiler = Compiler::new(&catalogue, photorules_dsl::today());
    assert!(compiler.compile_id(root.path(), "chain/p0").is_none());
    let diagnostics = compiler.take_diagnostics();
    let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::ExtendsTooDeep), "{codes:?}");
    // Only the profiles up to the limit were read.
    assert!(
        diagnostics.len() <= photorules_dsl::compile::MAX_EXTENDS_DEPTH + 1,
        "{}",
        diagnostics.len()
    );
}

#[test]
fn a_chain_within_the_limit_compiles() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("chain");
    std::fs::create_dir_all(&dir).unwrap();
    let depth = photorules_dsl::compile::MAX_EXTENDS_DEPTH;
    for n in 0..depth {
        let id = format!("chain/p{n}");
        let base = (n + 1 < depth).then(|| format!("chain/p{}", n + 1));
        std::fs::write(
            dir.join(format!("p{n}.rules")),
            profile(&id, base.as_deref()),
        )
        .unwrap();
    }
    let catalogue = support::catalogue_with_shipped_plugins();
    let mut compiler = Compiler::new(&catalogue, photorules_dsl::today());
    let compiled = compiler.compile_id(root.path(), "chain/p0");
    let errors: Vec<String> = compiler
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(compiled.is_some(), "{errors:?}");
    assert_eq!(compiled.unwrap().chain.len(), depth);
}
