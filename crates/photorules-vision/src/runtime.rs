//! ONNX Runtime, loaded once per process from the shared library that `scripts/setup.sh`
//! installs.
//!
//! The library is loaded at run time rather than linked, so building needs no download and
//! no native toolchain, and a machine without it gets a clear error naming where it looked.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ort::environment::Environment;

use crate::error::VisionError;

/// The ONNX Runtime release the networks are run and tested with, as a literal so the file
/// names below are built from it (`scripts/install-onnxruntime.sh` pins the same release).
macro_rules! onnxruntime_version {
    () => {
        "1.32.0"
    };
}

/// The ONNX Runtime release the networks are run and tested with.
pub const ONNXRUNTIME_VERSION: &str = onnxruntime_version!();

/// Environment variable naming the ONNX Runtime shared library to load; when it is set, no
/// other place is tried.
pub const LIBRARY_VARIABLE: &str = "PHOTORULES_ONNXRUNTIME";

/// The library's file name, looked for beside the running program (for installed binaries).
const LIBRARY_FILE: &str = concat!("libonnxruntime.so.", onnxruntime_version!());

/// Where `scripts/install-onnxruntime.sh` puts the library: found by anything built from the
/// repository (`cargo run`, `cargo test`, benches).
const INSTALLED_LIBRARY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../.cache/onnxruntime/libonnxruntime.so.",
    onnxruntime_version!()
);

/// ONNX Runtime allows one environment per process; every network shares it.
static ENVIRONMENT: OnceLock<Result<Environment, String>> = OnceLock::new();

/// The process's ONNX Runtime environment, loading the library on first use.
pub(crate) fn environment() -> Result<&'static Environment, VisionError> {
    ENVIRONMENT
        .get_or_init(load)
        .as_ref()
        .map_err(|detail| VisionError::Runtime(detail.clone()))
}

/// The places the library is looked for, in order.
fn candidates() -> Vec<PathBuf> {
    if let Some(path) = std::env::var_os(LIBRARY_VARIABLE) {
        return vec![PathBuf::from(path)];
    }
    let beside_program = std::env::current_exe()
        .ok()
        .and_then(|program| program.parent().map(|dir| dir.join(LIBRARY_FILE)));
    beside_program
        .into_iter()
        .chain([Path::new(INSTALLED_LIBRARY).to_path_buf()])
        .collect()
}

/// The ONNX Runtime library that will be loaded, or why there is none; cheap (no loading), so
/// that a missing installation can be reported before the library is needed.
pub fn library_path() -> Result<PathBuf, VisionError> {
    find_library().map_err(VisionError::Runtime)
}

fn find_library() -> Result<PathBuf, String> {
    let candidates = candidates();
    match candidates.iter().find(|path| path.is_file()) {
        Some(path) => Ok(path.clone()),
        None => {
            let places: Vec<String> = candidates
                .iter()
                .map(|path| format!("`{}`", path.display()))
                .collect();
            Err(format!(
                "ONNX Runtime {ONNXRUNTIME_VERSION} was not found (looked at {}); run \
                 `scripts/setup.sh`, or set {LIBRARY_VARIABLE} to the library's path",
                places.join(", ")
            ))
        }
    }
}

fn load() -> Result<Environment, String> {
    let path = find_library()?;
    let path = path.as_path();
    ort::init_from(path)
        .map_err(|error| format!("`{}` could not be loaded: {error}", path.display()))?
        .with_name("photorules")
        .with_telemetry(false)
        .build()
        .map_err(|error| format!("`{}` could not be started: {error}", path.display()))
}
