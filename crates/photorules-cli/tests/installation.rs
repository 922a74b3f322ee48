//! An incomplete installation: without the ONNX Runtime library, commands that measure stop
//! with their own exit code and say where they looked and how to install it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

#[test]
fn a_missing_onnx_runtime_is_an_installation_error_naming_the_path_and_the_fix() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let missing = "/nonexistent/libonnxruntime.so.1.32.0";
    for args in [
        &["measure", "spec-tests/photos/obama.jpg"][..],
        &[
            "check",
            "--profile",
            "kz/driving-licence",
            "spec-tests/photos/obama.jpg",
        ][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_photorules"))
            .args(args)
            .env("PHOTORULES_ONNXRUNTIME", missing)
            .current_dir(&workspace)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(8), "{args:?}: {stderr}");
        assert!(stderr.contains(missing), "{args:?}: {stderr}");
        assert!(stderr.contains("scripts/setup.sh"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// ONNX Runtime 1.29+ keeps a device identifier and a telemetry database under
/// `~/.cache/Microsoft` unless `ORT_DISABLE_TELEMETRY` is set before it starts: a check leaves
/// no such trace, and the optimised networks and compiled plugins go to photorules' own cache.
#[test]
fn a_check_leaves_no_runtime_telemetry_behind() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_photorules"))
        .args([
            "check",
            "--profile",
            "kz/driving-licence",
            "spec-tests/photos/obama.jpg",
        ])
        .env("HOME", home.path())
        .env_remove("XDG_CACHE_HOME")
        .env_remove("ORT_DISABLE_TELEMETRY")
        .current_dir(&workspace)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let cache = home.path().join(".cache");
    assert!(!cache.join("Microsoft").exists(), "telemetry state written");
    assert!(cache.join("photorules/models").is_dir(), "{stderr}");
}
