//! What the CLI's end-to-end tests share: the workspace root, and running the `photorules`
//! binary there.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `photorules ARGS` in the workspace root.
pub fn photorules(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_photorules"))
        .args(args)
        .current_dir(workspace())
        .output()
        .unwrap()
}
