//! The metric catalogue: every name a profile may require, with its unit and meaning.
//!
//! It is data, not an enum, because plugins add names at run time through their manifests.
//! The built-in part lives in [`builtin`]; `docs/metrics.md` is generated from it.

mod builtin;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::unit::{Axis, Unit};

/// What kind of value a metric holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum MetricKind {
    Number { unit: Unit },
    Bool,
    Text,
}

/// The applicant's declared age in whole years: the one metric a caller gives rather than the
/// photo (`check --age`, the API's `age` field); the measurement leaves it absent.
pub const APPLICANT_AGE: &str = "applicant.age_years";

/// Why [`APPLICANT_AGE`] is absent when nobody declared it.
pub const AGE_NOT_DECLARED: &str = "the applicant's age was not declared (give it with `--age`, the API's `age` field or the page's age box)";

/// Who provides a metric's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum Provider {
    /// Measured by photorules itself.
    Builtin,
    /// Measured by a WebAssembly plugin.
    Plugin { plugin: String },
}

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MetricSpec {
    /// Dotted name, e.g. `head.chin_crown_ratio`.
    pub name: String,
    #[serde(flatten)]
    pub kind: MetricKind,
    /// For length ratios: the image dimension the ratio is taken against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axis: Option<Axis>,
    /// What the number means, in one sentence.
    pub meaning: String,
    /// How it is measured.
    pub method: String,
    pub provider: Provider,
}

/// Why an entry could not be added to the catalogue.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogueError {
    #[error("metric `{name}` is already provided by {existing}")]
    Duplicate { name: String, existing: String },
    #[error("metric name `{name}` is not a dotted lower-case name such as `glare.lens_fraction`")]
    BadName { name: String },
}

/// The set of known metrics, and the parameters the plugins providing some of them take.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Catalogue {
    entries: BTreeMap<String, MetricSpec>,
    /// The JSON Schema of each plugin's parameters, as its manifest declares it (`[parameters]`
    /// in `plugin.toml`), by plugin name: what profiles' `plugin NAME { … }` blocks are checked
    /// against when they are compiled.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    parameter_schemas: BTreeMap<String, serde_json::Value>,
}

impl Catalogue {
    /// The metrics photorules measures itself.
    pub fn builtin() -> Catalogue {
        let mut catalogue = Catalogue::default();
        for spec in builtin::entries() {
            catalogue.entries.insert(spec.name.clone(), spec);
        }
        catalogue
    }

    /// Add entries, e.g. the metrics a plugin's manifest declares.
    pub fn extend(
        &mut self,
        specs: impl IntoIterator<Item = MetricSpec>,
    ) -> Result<(), CatalogueError> {
        for spec in specs {
            if !is_metric_name(&spec.name) {
                return Err(CatalogueError::BadName { name: spec.name });
            }
            if let Some(existing) = self.entries.get(&spec.name) {
                let existing = match &existing.provider {
                    Provider::Builtin => "photorules itself".to_string(),
                    Provider::Plugin { plugin } => format!("plugin `{plugin}`"),
                };
                return Err(CatalogueError::Duplicate {
                    name: spec.name,
                    existing,
                });
            }
            self.entries.insert(spec.name.clone(), spec);
        }
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&MetricSpec> {
        self.entries.get(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &MetricSpec> {
        self.entries.values()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The closest known name, for "did you mean" help.
    pub fn suggest(&self, unknown: &str) -> Option<&str> {
        crate::suggest::closest(unknown, self.entries.keys().map(String::as_str))
    }

    /// Record the JSON Schema of a plugin's parameters (from its manifest), so that profiles
    /// giving it parameters are checked when they are compiled. A plugin whose manifest
    /// declares none accepts any object and needs no call.
    pub fn set_parameter_schema(&mut self, plugin: impl Into<String>, schema: serde_json::Value) {
        self.parameter_schemas.insert(plugin.into(), schema);
    }

    /// The JSON Schema of a plugin's parameters, when one was recorded.
    pub fn parameter_schema(&self, plugin: &str) -> Option<&serde_json::Value> {
        self.parameter_schemas.get(plugin)
    }

    /// The plugins the catalogue knows: those that provide a metric in it or whose parameter
    /// schema was recorded.
    pub fn plugins(&self) -> std::collections::BTreeSet<&str> {
        self.entries
            .values()
            .filter_map(|spec| match &spec.provider {
                Provider::Plugin { plugin } => Some(plugin.as_str()),
                Provider::Builtin => None,
            })
            .chain(self.parameter_schemas.keys().map(String::as_str))
            .collect()
    }
}

/// A metric name: dot-separated segments of lower-case letters, digits and `_`.
pub fn is_metric_name(name: &str) -> bool {
    let mut segments = 0;
    for segment in name.split('.') {
        segments += 1;
        let mut chars = segment.chars();
        let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        if !starts_with_letter
            || !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return false;
        }
    }
    segments >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_names_are_well_formed_and_documented() {
        let catalogue = Catalogue::builtin();
        assert!(catalogue.len() > 40);
        for spec in catalogue.iter() {
            assert!(is_metric_name(&spec.name), "{}", spec.name);
            assert!(
                !spec.meaning.is_empty() && !spec.method.is_empty(),
                "{}",
                spec.name
            );
        }
    }

    #[test]
    fn plugin_cannot_shadow_a_builtin_metric() {
        let mut catalogue = Catalogue::builtin();
        let spec = MetricSpec {
            name: "face.count".into(),
            kind: MetricKind::Number { unit: Unit::Count },
            axis: None,
            meaning: "m".into(),
            method: "m".into(),
            provider: Provider::Plugin {
                plugin: "evil".into(),
            },
        };
        assert!(matches!(
            catalogue.extend([spec]),
            Err(CatalogueError::Duplicate { .. })
        ));
    }

    #[test]
    fn knows_plugins_by_their_metrics_and_their_parameter_schemas() {
        let mut catalogue = Catalogue::builtin();
        assert!(catalogue.plugins().is_empty());
        let spec = MetricSpec {
            name: "glare.lens_fraction".into(),
            kind: MetricKind::Number { unit: Unit::Ratio },
            axis: None,
            meaning: "m".into(),
            method: "m".into(),
            provider: Provider::Plugin {
                plugin: "glare".into(),
            },
        };
        assert!(catalogue.extend([spec]).is_ok());
        catalogue.set_parameter_schema("redeye", serde_json::json!({"type": "object"}));
        assert_eq!(
            catalogue.plugins().into_iter().collect::<Vec<_>>(),
            ["glare", "redeye"]
        );
        assert!(catalogue.parameter_schema("glare").is_none());
        assert!(catalogue.parameter_schema("redeye").is_some());
    }

    #[test]
    fn suggests_a_near_name() {
        let catalogue = Catalogue::builtin();
        assert_eq!(
            catalogue.suggest("head.chin_crwn_ratio"),
            Some("head.chin_crown_ratio")
        );
    }
}
