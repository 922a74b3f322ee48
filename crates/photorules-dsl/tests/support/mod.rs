//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use photorules_core::catalogue::{Catalogue, MetricKind, MetricSpec, Provider};
use photorules_core::unit::Axis;
use serde::Deserialize;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[derive(Deserialize)]
struct Manifest {
    name: String,
    #[serde(default)]
    metrics: Vec<ManifestMetric>,
    /// The JSON Schema of the plugin's parameters.
    #[serde(default)]
    parameters: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ManifestMetric {
    name: String,
    #[serde(flatten)]
    kind: MetricKind,
    #[serde(default)]
    axis: Option<Axis>,
    meaning: String,
    method: String,
}

/// The built-in catalogue plus the metrics and parameter schemas the shipped plugins declare.
/// (The CLI loads plugins through the plugin host; the DSL's tests read only the manifests,
/// which keeps the WebAssembly runtime out of this crate.)
pub fn catalogue_with_shipped_plugins() -> Catalogue {
    let mut catalogue = Catalogue::builtin();
    let Ok(dirs) = std::fs::read_dir(workspace().join("plugins")) else {
        return catalogue;
    };
    let mut manifests: Vec<PathBuf> = dirs
        .flatten()
        .map(|d| d.path().join("plugin.toml"))
        .filter(|p| p.is_file())
        .collect();
    manifests.sort();
    for path in manifests {
        let text = std::fs::read_to_string(&path).unwrap();
        let manifest: Manifest =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let specs = manifest.metrics.into_iter().map(|m| MetricSpec {
            name: m.name,
            kind: m.kind,
            axis: m.axis,
            meaning: m.meaning,
            method: m.method,
            provider: Provider::Plugin {
                plugin: manifest.name.clone(),
            },
        });
        catalogue
            .extend(specs)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Some(schema) = manifest.parameters {
            catalogue.set_parameter_schema(manifest.name.clone(), schema);
        }
    }
    catalogue
}
