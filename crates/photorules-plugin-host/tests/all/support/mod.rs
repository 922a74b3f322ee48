//! Test helpers: hosts, plugins written from WebAssembly text, synthetic faces.

pub mod face;
pub mod wat_plugin;

use std::path::{Path, PathBuf};

use photorules_core::Metrics;
use photorules_plugin_host::{
    Allocator, CacheConfig, HostConfig, HostLimits, ImageView, Plugin, PluginHost,
};

/// A host with default limits and an in-memory module cache.
pub fn host() -> PluginHost {
    host_with(HostLimits::default())
}

pub fn host_with(limits: HostLimits) -> PluginHost {
    PluginHost::new(HostConfig {
        limits,
        cache: CacheConfig::MemoryOnly,
        allocator: Allocator::default(),
    })
    .unwrap()
}

/// The repository's `plugins/` directory.
pub fn project_plugins() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../plugins")
}

/// Load a plugin, panicking with the load error's message.
pub fn load(host: &PluginHost, dir: &Path) -> Plugin {
    host.load(dir).unwrap_or_else(|e| panic!("{e}"))
}

/// A 4×4 grey image.
pub fn small_image() -> (u32, u32, Vec<u8>) {
    (4, 4, vec![100; 4 * 4 * 3])
}

pub fn view(image: &(u32, u32, Vec<u8>)) -> ImageView<'_> {
    ImageView::whole(image.0, image.1, &image.2)
}

/// Run `plugin` on a small image with no metrics and no parameters.
pub fn run_small(
    host: &PluginHost,
    plugin: &Plugin,
) -> Result<photorules_plugin_host::PluginOutput, photorules_plugin_host::PluginFailure> {
    let image = small_image();
    host.run(
        plugin,
        view(&image),
        &Metrics::default(),
        &serde_json::json!({}),
    )
}

/// After a hostile call: the same host still loads and runs a well-behaved plugin.
pub fn assert_host_unharmed(host: &PluginHost) {
    let root = tempfile::tempdir().unwrap();
    let dir = wat_plugin::constant(root.path(), "wellbehaved", wat_plugin::MEASURED_ONE);
    let plugin = load(host, &dir);
    let output = run_small(host, &plugin).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.metrics.values.len(), 1);
}
