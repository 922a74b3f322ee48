//! Nothing to install beside the program: the face networks run in photorules' own inference
//! (no ONNX Runtime library since 2026-12), so a check in an empty home directory works and
//! leaves nothing behind but photorules' own cache of compiled plugins.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

#[test]
fn a_check_in_an_empty_home_needs_nothing_installed_and_caches_only_its_plugins() {
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
        .current_dir(&workspace)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let mut written: Vec<String> = walk(home.path())
        .iter()
        .map(|p| p.strip_prefix(home.path()).unwrap().display().to_string())
        .collect();
    written.sort();
    assert!(
        written
            .iter()
            .all(|p| p.starts_with(".cache/photorules/plugins/")),
        "{written:?}"
    );
    assert!(!written.is_empty(), "no compiled plugin was cached");
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
