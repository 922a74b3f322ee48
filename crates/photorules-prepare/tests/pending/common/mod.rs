//! What the end-to-end tests share: the library set up as `photorules check` sets it up (the
//! repository's rules and plugins), adapted to the preparer's `Checker`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use photorules::plugin_host::{CacheConfig, HostConfig};
use photorules::{Options, Photorules};
use photorules_core::ir::CompiledProfile;
use photorules_prepare::{Checked, Checker};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub struct Library(pub Photorules);

impl Checker for Library {
    fn check(
        &self,
        profile: &CompiledProfile,
        bytes: &[u8],
        name: Option<&str>,
    ) -> Result<Checked, String> {
        self.0
            .check_bytes(profile, bytes, name)
            .map(|c| Checked {
                report: c.report,
                measurement: c.measurement,
            })
            .map_err(|e| e.to_string())
    }
}

/// One library for every test of a binary (the face models load once).
pub fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let mut options = Options::new(repo().join("rules"));
        options.plugin_dirs = vec![repo().join("plugins")];
        options.plugin_host = HostConfig {
            cache: CacheConfig::MemoryOnly,
            ..HostConfig::default()
        };
        let library = Photorules::new(options).expect("models and plugins load");
        assert!(
            library.plugin_errors().is_empty(),
            "{:?}",
            library.plugin_errors()
        );
        Library(library)
    })
}

pub fn profile(id: &str) -> Arc<CompiledProfile> {
    library()
        .0
        .compile(id)
        .expect("the shipped profile compiles")
}

pub fn photo(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("spec-tests/photos").join(name)).expect("test photo")
}
