//! The SHA-256 of each bundled network, worked out once here rather than at every start.
//!
//! A network's digest is part of the key of its optimised form in the disk cache
//! (`src/network/optimised.rs`). Hashing the two networks at run time cost about 3 ms of every
//! start and brought their 5 MB into memory only to be hashed.

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

/// The constant each digest is written to, and the model file it is the digest of.
const NETWORKS: [(&str, &str); 2] = [
    ("FACE_LANDMARK_ONNX_SHA256", "models/face_landmark.onnx"),
    ("IRIS_LANDMARK_ONNX_SHA256", "models/iris_landmark.onnx"),
];

fn main() -> Result<(), Box<dyn Error>> {
    let mut code = String::from("// Written by build.rs: the SHA-256 of each bundled network.\n");
    for (constant, file) in NETWORKS {
        println!("cargo:rerun-if-changed={file}");
        let bytes = std::fs::read(file).map_err(|e| format!("cannot read `{file}`: {e}"))?;
        let digest: [u8; 32] = Sha256::digest(&bytes).into();
        writeln!(code, "pub(crate) const {constant}: [u8; 32] = {digest:?};")?;
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    std::fs::write(out.join("network_digests.rs"), code)?;
    Ok(())
}
