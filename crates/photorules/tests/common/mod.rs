//! What the photo tests share: one library set up as `photorules check` sets it up (the
//! repository's rules and plugins, models loaded once per test binary).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use photorules::core::ir::CompiledProfile;
use photorules::plugin_host::{CacheConfig, HostConfig};
use photorules::{Options, Photorules};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn library() -> &'static Photorules {
    static LIBRARY: OnceLock<Photorules> = OnceLock::new();
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
        library
    })
}

pub fn profile(id: &str) -> Arc<CompiledProfile> {
    library().compile(id).expect("the shipped profile compiles")
}

pub fn photo(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("spec-tests/photos").join(name)).expect("test photo")
}
