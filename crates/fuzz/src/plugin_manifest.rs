//! A plugin's `plugin.toml`: any text is parsed and checked; a manifest that passes gives its
//! metrics, its interface version, a catalogue and an output contract without failing.

use photorules_core::Catalogue;
use photorules_plugin_host::manifest::{MAX_METRICS, Manifest};
use photorules_plugin_host::output::OutputContract;

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(manifest) = Manifest::parse(text) else {
        return;
    };
    assert!(manifest.metrics.len() <= MAX_METRICS);
    assert!(
        manifest.abi_version().is_ok(),
        "a checked manifest has a version"
    );
    let specs = manifest.metric_specs();
    assert_eq!(specs.len(), manifest.metrics.len());
    let mut catalogue = Catalogue::builtin();
    let _ = manifest.extend_catalogue(&mut catalogue);
    let _ = OutputContract::for_manifest(&manifest);
}
