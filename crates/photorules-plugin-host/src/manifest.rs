//! The manifest each plugin ships beside its `.wasm`: `plugins/<name>/plugin.toml`.
//!
//! It names the plugin, pins the module by SHA-256, states the interface it was built for,
//! declares the metrics it provides (these extend the catalogue profiles are checked against),
//! the JSON Schema of its parameters and its limits.

use std::path::{Component, Path};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use photorules_core::catalogue::is_metric_name;
use photorules_core::{Axis, MetricKind, MetricSpec, Provider};

use crate::abi::AbiVersion;
use crate::view::ViewRequest;

/// File name of a manifest inside a plugin directory.
pub const MANIFEST_FILE: &str = "plugin.toml";

/// Most metrics one plugin may provide (the shipped plugins provide 1–3).
pub const MAX_METRICS: usize = 64;

/// Most measured metrics one plugin may ask for by name (more than the catalogue holds).
pub const MAX_INPUTS: usize = 256;

/// A plugin manifest as written in `plugin.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PluginManifest")]
pub struct Manifest {
    /// Plugin name: lower-case letters, digits and `_`, starting with a letter. Every metric the
    /// plugin provides is named `<name>.<something>`.
    pub name: String,
    /// The plugin's own version (free text, e.g. `1.0.0`); shown in listings and reports.
    pub version: String,
    /// The interface the module was built for, `MAJOR.MINOR` (this host speaks 1.0 and 1.1).
    pub interface: String,
    /// One sentence on what the plugin checks.
    pub description: String,
    /// File name of the module inside the plugin directory; `<name>.wasm` when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wasm: Option<String>,
    /// Lower-case hex SHA-256 of the module file; the host refuses any other file.
    pub sha256: String,
    /// The measured metrics the plugin reads. Only these are passed to it; all measured metrics
    /// are passed when the list is omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Vec<String>>,
    /// The metrics the plugin provides. It must report each of them on every call, measured or
    /// absent with a reason.
    pub metrics: Vec<ManifestMetric>,
    /// JSON Schema of the parameters a profile may pass; any object is accepted when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub parameters: Option<serde_json::Value>,
    /// Limits of one call; the host caps each by its own maximum.
    #[serde(default)]
    pub limits: ManifestLimits,
    /// The part of the photo the plugin is given (interface 1.1 and later); the whole photo
    /// when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<ViewRequest>,
}

/// One metric a plugin provides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ManifestMetric {
    /// Dotted name starting with the plugin's name, e.g. `glare.lens_fraction`.
    pub name: String,
    /// `number` (with a `unit`), `bool` or `text`.
    #[serde(flatten)]
    pub kind: MetricKind,
    /// For length ratios: the image dimension the ratio is taken against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axis: Option<Axis>,
    /// What the value means, in one sentence.
    pub meaning: String,
    /// How it is measured.
    pub method: String,
}

/// Limits a plugin asks for. Omitted values take the defaults below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManifestLimits {
    /// Fuel per call (about one unit per WebAssembly instruction); default 100 000 000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub fuel: Option<u64>,
    /// Working memory in MiB, on top of the input buffer (image + JSON); default 16.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub memory_mib: Option<u32>,
    /// Largest output document in bytes; default 65 536.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub output_bytes: Option<u32>,
}

impl ManifestLimits {
    pub const DEFAULT_FUEL: u64 = 100_000_000;
    pub const DEFAULT_MEMORY_MIB: u32 = 16;
    pub const DEFAULT_OUTPUT_BYTES: u32 = 65_536;
}

/// What is wrong with a manifest (the caller adds the file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ManifestProblem {
    pub message: String,
}

fn problem(message: impl Into<String>) -> ManifestProblem {
    ManifestProblem {
        message: message.into(),
    }
}

impl Manifest {
    /// Parse and check a manifest's text.
    pub fn parse(text: &str) -> Result<Manifest, ManifestProblem> {
        let manifest: Manifest = toml::from_str(text).map_err(|e| problem(toml_message(&e)))?;
        manifest.check()?;
        Ok(manifest)
    }

    /// The interface version written in `interface`.
    pub fn abi_version(&self) -> Result<AbiVersion, ManifestProblem> {
        AbiVersion::parse(&self.interface).ok_or_else(|| {
            problem(format!(
                "`interface = \"{}\"` is not a `MAJOR.MINOR` version such as `1.0`",
                self.interface
            ))
        })
    }

    /// File name of the module.
    pub fn wasm_file(&self) -> String {
        self.wasm
            .clone()
            .unwrap_or_else(|| format!("{}.wasm", self.name))
    }

    /// `catalogue` extended by this plugin: its metrics, and the schema of its parameters (so
    /// that a profile's `plugin` block is checked when it is compiled). On a clash nothing is
    /// added.
    pub fn extend_catalogue(
        &self,
        catalogue: &mut photorules_core::Catalogue,
    ) -> Result<(), photorules_core::CatalogueError> {
        let mut extended = catalogue.clone();
        extended.extend(self.metric_specs())?;
        if let Some(schema) = &self.parameters {
            extended.set_parameter_schema(self.name.clone(), schema.clone());
        }
        *catalogue = extended;
        Ok(())
    }

    /// The catalogue entries of the provided metrics.
    pub fn metric_specs(&self) -> Vec<MetricSpec> {
        self.metrics
            .iter()
            .map(|metric| MetricSpec {
                name: metric.name.clone(),
                kind: metric.kind,
                axis: metric.axis,
                meaning: metric.meaning.clone(),
                method: metric.method.clone(),
                provider: Provider::Plugin {
                    plugin: self.name.clone(),
                },
            })
            .collect()
    }

    fn check(&self) -> Result<(), ManifestProblem> {
        if !is_plugin_name(&self.name) {
            return Err(problem(format!(
                "`name = \"{}\"` must be lower-case letters, digits and `_`, starting with a letter (at most 64)",
                self.name
            )));
        }
        if self.version.trim().is_empty() {
            return Err(problem("`version` is empty"));
        }
        let interface = self.abi_version()?;
        if let Some(problem_text) = self.view.and_then(|view| view.problem(interface)) {
            return Err(problem(problem_text));
        }
        if self.sha256.len() != 64
            || !self
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(problem(format!(
                "`sha256 = \"{}\"` is not 64 lower-case hex digits",
                self.sha256
            )));
        }
        let wasm = self.wasm_file();
        let mut components = Path::new(&wasm).components();
        let plain_name =
            matches!(components.next(), Some(Component::Normal(_))) && components.next().is_none();
        if !plain_name {
            return Err(problem(format!(
                "`wasm = \"{wasm}\"` must be a file name inside the plugin directory"
            )));
        }
        self.check_metrics()?;
        for input in self.inputs.iter().flatten() {
            if !is_metric_name(input) {
                return Err(problem(format!(
                    "`inputs` lists `{input}`, which is not a dotted metric name"
                )));
            }
        }
        if let Some(parameters) = &self.parameters {
            if !parameters.is_object() {
                return Err(problem(
                    "`parameters` must be a table (a JSON Schema object)",
                ));
            }
            jsonschema::validator_for(parameters).map_err(|e| {
                problem(format!(
                    "`parameters` is not a valid JSON Schema: {}",
                    e.masked()
                ))
            })?;
        }
        let limits = self.limits;
        if limits.fuel == Some(0) || limits.memory_mib == Some(0) || limits.output_bytes == Some(0)
        {
            return Err(problem("`limits` values must be greater than zero"));
        }
        Ok(())
    }

    fn check_metrics(&self) -> Result<(), ManifestProblem> {
        if self.metrics.is_empty() {
            return Err(problem(
                "`metrics` is empty: a plugin must provide a metric",
            ));
        }
        // Checked before anything per metric: every metric costs schema, catalogue and
        // validation work on each load and call.
        if self.metrics.len() > MAX_METRICS {
            return Err(problem(format!(
                "`metrics` declares {} metrics: a plugin may provide at most {MAX_METRICS}",
                self.metrics.len()
            )));
        }
        if let Some(inputs) = &self.inputs
            && inputs.len() > MAX_INPUTS
        {
            return Err(problem(format!(
                "`inputs` lists {} metrics: at most {MAX_INPUTS} may be read",
                inputs.len()
            )));
        }
        let prefix = format!("{}.", self.name);
        for (index, metric) in self.metrics.iter().enumerate() {
            if !is_metric_name(&metric.name) {
                return Err(problem(format!(
                    "metric `{}` is not a dotted lower-case name such as `{}.fraction`",
                    metric.name, self.name
                )));
            }
            if !metric.name.starts_with(&prefix) {
                return Err(problem(format!(
                    "metric `{}` must start with the plugin's name: `{prefix}…`",
                    metric.name
                )));
            }
            if self.metrics[..index].iter().any(|m| m.name == metric.name) {
                return Err(problem(format!(
                    "metric `{}` is declared twice",
                    metric.name
                )));
            }
            if metric.meaning.trim().is_empty() || metric.method.trim().is_empty() {
                return Err(problem(format!(
                    "metric `{}` needs a `meaning` and a `method`",
                    metric.name
                )));
            }
        }
        Ok(())
    }
}

/// A plugin name: `[a-z][a-z0-9_]*`, at most 64 characters.
pub fn is_plugin_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 64
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A TOML error on one line: "line L, column C: message".
fn toml_message(error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    match error.span() {
        Some(_) => {
            // The Display form carries the line, column and a source excerpt; keep its first
            // line ("TOML parse error at line 3, column 7") and the message.
            let display = error.to_string();
            let position = display
                .lines()
                .next()
                .and_then(|line| line.strip_prefix("TOML parse error at "))
                .unwrap_or("");
            if position.is_empty() {
                message.to_string()
            } else {
                format!("{position}: {message}")
            }
        }
        None => message.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "glare"
version = "1.0.0"
interface = "1.0"
description = "Specular highlights on the lenses."
sha256 = "0000000000000000000000000000000000000000000000000000000000000000"

[[metrics]]
name = "glare.lens_fraction"
kind = "number"
unit = "ratio"
meaning = "Share of the lens regions covered by highlights."
method = "Near-white pixels much brighter than their surroundings."

[parameters]
type = "object"
properties = { min_level = { type = "number" } }

[limits]
fuel = 5000
"#;

    #[test]
    fn a_good_manifest_becomes_catalogue_entries() {
        let manifest = Manifest::parse(GOOD);
        let manifest = match manifest {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(manifest.wasm_file(), "glare.wasm");
        let specs = manifest.metric_specs();
        assert_eq!(specs.len(), 1);
        assert_eq!(
            specs[0].provider,
            Provider::Plugin {
                plugin: "glare".into()
            }
        );
        assert_eq!(manifest.limits.fuel, Some(5000));
    }

    fn problem_of(text: &str) -> String {
        match Manifest::parse(text) {
            Ok(_) => String::from("(accepted)"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn metrics_outside_the_plugin_namespace_are_refused() {
        let text = GOOD.replace("name = \"glare.lens_fraction\"", "name = \"face.count\"");
        assert!(problem_of(&text).contains("must start with the plugin's name"));
    }

    #[test]
    fn a_wasm_path_cannot_leave_the_plugin_directory() {
        let text = GOOD.replace("sha256 =", "wasm = \"../other/evil.wasm\"\nsha256 =");
        assert!(problem_of(&text).contains("inside the plugin directory"));
    }

    #[test]
    fn unknown_keys_and_bad_versions_are_reported_with_their_place() {
        let text = GOOD.replace("version = \"1.0.0\"", "version = \"1.0.0\"\nflavour = 1");
        let message = problem_of(&text);
        assert!(message.contains("line 4"), "{message}");
        assert!(message.contains("flavour"), "{message}");
        let text = GOOD.replace("interface = \"1.0\"", "interface = \"one\"");
        assert!(problem_of(&text).contains("`interface = \"one\"`"));
    }

    #[test]
    fn an_invalid_parameter_schema_is_refused() {
        let text = GOOD.replace(
            "properties = { min_level = { type = \"number\" } }",
            "properties = { min_level = { type = \"no-such-type\" } }",
        );
        assert!(problem_of(&text).contains("not a valid JSON Schema"));
    }
}
