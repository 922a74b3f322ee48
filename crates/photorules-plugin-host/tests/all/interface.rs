//! Refusals at load time: hash, interface version, imports, exports, start-up misbehaviour.

use photorules_plugin_host::{FailureKind, LoadError};

use crate::support::wat_plugin::{self, MEASURED_ONE};
use crate::support::{assert_host_unharmed, host};

fn load_error(dir: &std::path::Path) -> LoadError {
    match host().load(dir) {
        Ok(plugin) => panic!("`{}` loaded", plugin.name()),
        Err(e) => e,
    }
}

#[test]
fn a_module_that_does_not_match_its_pinned_hash_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let dir = wat_plugin::constant(root.path(), "pinned", MEASURED_ONE);
    // Swap the module for another one after the manifest pinned it.
    let other = wat::parse_str(wat_plugin::constant_module("{}")).unwrap();
    std::fs::write(dir.join("pinned.wasm"), &other).unwrap();
    let error = load_error(&dir);
    assert!(matches!(error, LoadError::HashMismatch { .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("pinned.wasm"), "{message}");
    assert!(
        message.contains(&wat_plugin::sha256_hex(&other)),
        "{message}"
    );
}

#[test]
fn interfaces_of_another_major_or_a_newer_minor_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let wasm = wat::parse_str(wat_plugin::constant_module("{}")).unwrap();
    for (name, interface, expected) in [
        ("future_major", "2.0", "interface 2.0"),
        ("future_minor", "1.9", "needs a newer photorules"),
        ("ancient", "0.3", "interface 0.3"),
    ] {
        let dir = wat_plugin::write_wasm(root.path(), name, &wasm, interface, "");
        let error = load_error(&dir);
        assert!(
            matches!(error, LoadError::UnsupportedInterface { .. }),
            "{error}"
        );
        assert!(error.to_string().contains(expected), "{error}");
    }
}

#[test]
fn an_exported_version_marker_must_agree_with_the_manifest() {
    let root = tempfile::tempdir().unwrap();
    let wat = wat_plugin::module_with_version("0x20000", "(i64.const 0)", "");
    let dir = wat_plugin::write(root.path(), "liar", &wat, "");
    let error = load_error(&dir);
    assert!(matches!(error, LoadError::VersionMarker { .. }), "{error}");
    assert!(
        error.to_string().contains("exports interface version 2.0"),
        "{error}"
    );
}

#[test]
fn every_import_is_refused_and_named() {
    let root = tempfile::tempdir().unwrap();
    let cases = [
        (
            "wasi",
            r#"(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))"#,
            "`wasi_snapshot_preview1::fd_write (function)`",
        ),
        (
            "clock",
            r#"(import "env" "now" (func (result i64)))"#,
            "`env::now (function)`",
        ),
        (
            "global",
            r#"(import "env" "seed" (global i32))"#,
            "`env::seed (global)`",
        ),
    ];
    for (name, import, expected) in cases {
        let wat =
            wat_plugin::constant_module("{}").replacen("(module", &format!("(module {import}"), 1);
        let dir = wat_plugin::write(root.path(), name, &wat, "");
        let error = load_error(&dir);
        assert!(
            matches!(error, LoadError::ForbiddenImport { .. }),
            "{error}"
        );
        let message = error.to_string();
        assert!(message.contains(expected), "{message}");
        assert!(message.contains("no WASI"), "{message}");
    }
    // An imported memory instead of an exported one.
    let wat = r#"(module (import "env" "memory" (memory 1)))"#;
    let error = load_error(&wat_plugin::write(root.path(), "memory", wat, ""));
    assert!(
        error.to_string().contains("`env::memory (memory)`"),
        "{error}"
    );
}

#[test]
fn missing_or_mistyped_exports_are_named() {
    let root = tempfile::tempdir().unwrap();
    let no_check = r#"(module (memory (export "memory") 1)
        (func (export "photorules_abi_version") (result i32) (i32.const 0x10000))
        (func (export "photorules_alloc") (param i32) (result i32) (i32.const 0)))"#;
    let error = load_error(&wat_plugin::write(root.path(), "no_check", no_check, ""));
    assert!(matches!(error, LoadError::Interface { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("`photorules_check: (i32, i32) -> (i64)`"),
        "{error}"
    );
    let wrong_alloc = wat_plugin::module("(i64.const 0)", "").replace(
        r#"(export "photorules_alloc")"#,
        r#"(export "photorules_alloc_old")"#,
    ) + "";
    let wrong_alloc = wrong_alloc.replacen(
        "  (func (export \"photorules_check\")",
        "  (func (export \"photorules_alloc\") (param i64) (result i32) (i32.const 0))\n  (func (export \"photorules_check\")",
        1,
    );
    let error = load_error(&wat_plugin::write(
        root.path(),
        "wrong_alloc",
        &wrong_alloc,
        "",
    ));
    assert!(
        error
            .to_string()
            .contains("`photorules_alloc: (i32) -> (i32)`"),
        "{error}"
    );
    let no_memory = r#"(module)"#;
    let error = load_error(&wat_plugin::write(root.path(), "no_memory", no_memory, ""));
    assert!(
        error.to_string().contains("does not export its memory"),
        "{error}"
    );
}

#[test]
fn garbage_instead_of_a_module_is_a_compile_error_naming_the_file() {
    let root = tempfile::tempdir().unwrap();
    let dir = wat_plugin::write_wasm(
        root.path(),
        "garbage",
        b"\0asm\x01\0\0\0\x05garbage",
        "1.0",
        "",
    );
    let error = load_error(&dir);
    assert!(matches!(error, LoadError::Compile { .. }), "{error}");
    assert!(error.to_string().contains("garbage.wasm"), "{error}");
}

#[test]
fn a_start_function_that_never_ends_is_stopped_at_load() {
    let root = tempfile::tempdir().unwrap();
    let wat = wat_plugin::module(
        "(i64.const 0)",
        "(func $forever (loop $again (br $again))) (start $forever)",
    );
    let dir = wat_plugin::write(root.path(), "spinner", &wat, "");
    let host = host();
    let error = host.load(&dir).unwrap_err();
    match &error {
        LoadError::Startup { failure, .. } => assert_eq!(failure.kind, FailureKind::OutOfFuel),
        other => panic!("{other}"),
    }
    assert!(error.to_string().contains("fails when started"), "{error}");
    assert_host_unharmed(&host);
}

#[test]
fn manifest_errors_name_the_file_and_the_line() {
    let root = tempfile::tempdir().unwrap();
    let dir = wat_plugin::constant(root.path(), "typo", MEASURED_ONE);
    let manifest = dir.join("plugin.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("interface =", "interfase =")).unwrap();
    let message = load_error(&dir).to_string();
    assert!(message.contains("plugin.toml"), "{message}");
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("interfase"), "{message}");
}

#[test]
fn a_plugin_is_given_only_the_metrics_it_lists_as_inputs() {
    use photorules_core::{Measurement, MetricValue, Unit};
    let host = host();
    // The Rust fixture reports how many metrics it was given (`count-inputs`); a copy of it
    // whose manifest lists two inputs.
    let root = tempfile::tempdir().unwrap();
    let fixture = crate::support::project_plugins().join("fixtures/hostile");
    let copy = root.path().join("hostile");
    std::fs::create_dir(&copy).unwrap();
    std::fs::copy(fixture.join("hostile.wasm"), copy.join("hostile.wasm")).unwrap();
    let manifest = std::fs::read_to_string(fixture.join("plugin.toml")).unwrap();
    let manifest = manifest.replacen(
        "\n[[metrics]]",
        "inputs = [\"eyes.distance_px\", \"face.count\"]\n\n[[metrics]]",
        1,
    );
    std::fs::write(copy.join("plugin.toml"), manifest).unwrap();

    let mut metrics = photorules_core::Metrics::default();
    metrics.number("eyes.distance_px", 80.0, Unit::Px);
    metrics.number("face.count", 1.0, Unit::Count);
    metrics.number("head.width_ratio", 0.5, Unit::Ratio);
    metrics.absent("eyes.left_x_px", "no face");
    let image = crate::support::small_image();
    let count = |dir: &std::path::Path| {
        let plugin = crate::support::load(&host, dir);
        let output = host
            .run(
                &plugin,
                crate::support::view(&image),
                &metrics,
                &serde_json::json!({"mode": "count-inputs"}),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        match output.metrics.get("hostile.value") {
            Some(Measurement::Measured {
                value: MetricValue::Number(n),
                ..
            }) => *n,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(count(&fixture), 4.0);
    assert_eq!(count(&copy), 2.0);
}
