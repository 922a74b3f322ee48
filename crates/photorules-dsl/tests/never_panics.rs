//! Bad input never panics: random bytes, and real profiles mutated at random, go through the
//! parser, the compiler (with their `extends` chain) and — when they parse — the formatter,
//! whose round trip must hold for them too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use photorules_dsl::fmt::format;
use photorules_dsl::{Compiler, SourceFile, parse};
use proptest::prelude::*;

/// Every shipped profile and every broken one, as (path under its rules root, text).
fn seeds() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for root in [
        support::workspace().join("rules"),
        support::workspace().join("spec-tests/dsl/broken"),
    ] {
        for (id, path) in photorules_dsl::compile::list_profiles(&root) {
            out.push((
                PathBuf::from(format!("{id}.rules")),
                std::fs::read_to_string(path).unwrap(),
            ));
        }
    }
    assert!(out.len() > 10);
    out
}

/// Pieces of the language to splice in: they make mutations reach deep into the checker.
const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "\"",
    "#",
    "..",
    "\n",
    "any {",
    "all {}",
    "not ",
    "(",
    ")",
    "[",
    "]",
    ",",
    "-",
    "mm",
    "%",
    "deg",
    "ΔE",
    " in ",
    " is true",
    " <= 5",
    "override rule pose.yaw {",
    "remove rule x {}",
    "plugin glare {",
    "override plugin glare {",
    "plugin redeye { min_red 300 }",
    " true",
    " 1e9",
    "extends icao/base",
    "extends kz/driving-licence",
    "status inferred",
    "severity warn",
    "source icao-9303",
    "size 35 x 45 mm",
    "verified 2099-01-01",
    "\\",
    "«ц»",
    "\u{FEFF}",
    "\r",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, snippet: usize },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), any::<usize>()).prop_map(|(at, snippet)| Mutation::Insert { at, snippet }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
    ]
}

fn char_boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, m: &Mutation) -> String {
    match *m {
        Mutation::Delete { at, len } => {
            let start = char_boundary(text, at);
            let end = char_boundary(text, start + len.min(text.len() - start));
            format!("{}{}", &text[..start], &text[end.max(start)..])
        }
        Mutation::Insert { at, snippet } => {
            let at = char_boundary(text, at);
            format!(
                "{}{}{}",
                &text[..at],
                SNIPPETS[snippet % SNIPPETS.len()],
                &text[at..]
            )
        }
        Mutation::DuplicateLine { line } => {
            let mut lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let i = line % lines.len();
                lines.insert(i, lines[i]);
            }
            lines.join("\n")
        }
        Mutation::SwapLines { a, b } => {
            let mut lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let n = lines.len();
                lines.swap(a % n, b % n);
            }
            lines.join("\n")
        }
    }
}

/// Parse, compile and (when it parses) format `text` written at `rel` under a fresh rules root
/// that also holds the shipped profiles, so that `extends` reaches real bases.
fn exercise(rel: &Path, text: &str) {
    let root = tempfile::tempdir().unwrap();
    for (id, path) in photorules_dsl::compile::list_profiles(&support::workspace().join("rules")) {
        let target = root.path().join(format!("{id}.rules"));
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(path, target).unwrap();
    }
    let target = root.path().join(rel);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(&target, text).unwrap();

    let catalogue = support::catalogue_with_shipped_plugins();
    let mut compiler = Compiler::new(&catalogue, jiff::civil::date(2026, 6, 1));
    let compiled = compiler.compile_path(&target);
    let diagnostics = compiler.take_diagnostics();
    assert!(
        compiled.is_some() || diagnostics.has_errors(),
        "failed without saying why"
    );
    for d in diagnostics.iter() {
        // Rendering walks the spans: it must not panic either.
        let _ = photorules_dsl::err::render_human(d, false, 80);
        let _ = photorules_dsl::err::to_json(d);
    }

    let parsed = parse(&Arc::new(SourceFile::new("mutated", text)));
    if let Some(ast) = parsed.clean() {
        let once = format(ast);
        let again = parse(&Arc::new(SourceFile::new("formatted", once.as_str())));
        let back = again
            .clean()
            .unwrap_or_else(|| panic!("formatted text does not parse: {:?}\n{once}", again.errors));
        assert_eq!(
            serde_json::to_value(ast).unwrap(),
            serde_json::to_value(back).unwrap(),
            "{once}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let parsed = parse(&Arc::new(SourceFile::new("random", text.as_ref())));
        for d in &parsed.errors {
            let _ = photorules_dsl::err::render_human(d, false, 80);
        }
    }

    #[test]
    fn mutated_profiles_never_panic(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let seeds = seeds();
        let (rel, text) = &seeds[seed.index(seeds.len())];
        let mutated = mutations.iter().fold(text.clone(), |t, m| apply(&t, m));
        exercise(rel, &mutated);
    }
}

#[test]
fn random_bytes_written_as_a_file_do_not_panic_the_compiler() {
    // Not UTF-8: reported as a read error, not a crash.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.rules");
    std::fs::write(&path, [0xff, 0xfe, b'p', 0x80]).unwrap();
    let catalogue = photorules_core::Catalogue::builtin();
    let mut compiler = Compiler::new(&catalogue, jiff::civil::date(2026, 6, 1));
    assert!(compiler.compile_path(&path).is_none());
    let diagnostics = compiler.take_diagnostics();
    assert!(diagnostics.iter().any(|d| d.message.contains("not UTF-8")));
}
