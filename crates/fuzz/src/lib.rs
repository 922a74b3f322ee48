//! What each fuzz target does with its input, one module a target. A target panics only on a
//! broken promise of the code under test (a crash, a round trip that changes meaning, an
//! output larger than its limit); every refusal of bad input is an ordinary, expected outcome.

pub mod dsl_roundtrip;
pub mod image_measure;
pub mod jpeg_reduced;
pub mod multipart_upload;
pub mod plugin_manifest;
pub mod plugin_output;
pub mod report_json;

use std::path::PathBuf;
use std::sync::OnceLock;

use photorules_core::Catalogue;

/// The repository's root: the shipped profiles and plugins are read from it.
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The built-in metrics and those the shipped plugins declare, which the shipped profiles read.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let (catalogue, errors) = photorules_plugin_host::declared_catalogue(
            &[repository().join("plugins")],
            &Catalogue::builtin(),
        );
        assert!(
            errors.is_empty(),
            "the shipped plugins' manifests: {errors:?}"
        );
        catalogue
    })
}
