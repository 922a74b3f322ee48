//! The output document of a call and its validation against what the manifest declares.
//!
//! ```json
//! {"metrics": {"glare.lens_fraction": {"status": "measured", "value": 0.012, "unit": "ratio"}},
//!  "notes": ["left lens: 1 highlight of 14 px"]}
//! {"metrics": {"glare.lens_fraction": {"status": "absent", "reason": "no eye centres"}}}
//! {"error": "parameter `min_level` must be 0–255"}
//! ```
//!
//! Every declared metric must be reported, measured or absent; an undeclared name, a value of
//! the wrong type or a unit other than the declared one makes the whole output invalid.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use photorules_core::{Measurement, MetricKind, Metrics};

use crate::failure::FailureKind;
use crate::manifest::Manifest;

/// Longest note, absence reason or error message a plugin may return, in characters.
pub const MAX_TEXT_CHARS: u64 = 1_000;
/// Most notes one call may return.
pub const MAX_NOTES: u64 = 32;
/// How many schema violations a failure message lists.
const ERRORS_SHOWN: usize = 5;

/// What `photorules_check` returns (the general shape; each plugin's output is checked
/// against a schema made from its manifest).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "PluginOutputDocument")]
pub enum OutputDocument {
    /// The measured (or absent) metrics.
    Report {
        metrics: BTreeMap<String, Measurement>,
        #[serde(default)]
        notes: Vec<String>,
    },
    /// The plugin cannot run on this input at all.
    Failed { error: String },
}

/// The JSON Schema of one plugin's output and its compiled validator.
pub struct OutputContract {
    schema: Value,
    validator: jsonschema::Validator,
}

/// A valid output.
#[derive(Debug, Clone, PartialEq)]
pub enum ValidOutput {
    Report {
        metrics: Metrics,
        notes: Vec<String>,
    },
    Failed {
        error: String,
    },
}

impl OutputContract {
    /// The schema for the metrics a manifest declares.
    pub fn for_manifest(manifest: &Manifest) -> Result<OutputContract, String> {
        let mut properties = serde_json::Map::new();
        for metric in &manifest.metrics {
            properties.insert(metric.name.clone(), metric_schema(metric.kind));
        }
        let names: Vec<&str> = manifest.metrics.iter().map(|m| m.name.as_str()).collect();
        let text = json!({"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS});
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": format!("output of plugin `{}`", manifest.name),
            "type": "object",
            "if": {"required": ["error"]},
            "then": {
                "properties": {"error": text},
                "additionalProperties": false
            },
            "else": {
                "required": ["metrics"],
                "properties": {
                    "metrics": {
                        "type": "object",
                        "required": names,
                        "properties": properties,
                        "additionalProperties": false
                    },
                    "notes": {"type": "array", "maxItems": MAX_NOTES, "items": text}
                },
                "additionalProperties": false
            }
        });
        let validator = jsonschema::validator_for(&schema).map_err(|e| e.to_string())?;
        Ok(OutputContract { schema, validator })
    }

    /// The schema, for documentation and listings.
    pub fn schema(&self) -> &Value {
        &self.schema
    }

    /// Parse and validate output bytes.
    pub fn parse(&self, bytes: &[u8]) -> Result<ValidOutput, (FailureKind, String)> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| {
            (
                FailureKind::MalformedOutput,
                format!("returned output that is not JSON ({e})"),
            )
        })?;
        let problems: Vec<String> = self
            .validator
            .iter_errors(&value)
            .take(ERRORS_SHOWN + 1)
            .map(|error| {
                let path = error.instance_path().to_string();
                let place = if path.is_empty() { "/" } else { &path };
                format!("at `{place}`: {}", error.masked())
            })
            .collect();
        if !problems.is_empty() {
            let more = if problems.len() > ERRORS_SHOWN {
                "; …"
            } else {
                ""
            };
            let shown = problems[..problems.len().min(ERRORS_SHOWN)].join("; ");
            return Err((
                FailureKind::InvalidOutput,
                format!("returned output that does not match its manifest: {shown}{more}"),
            ));
        }
        let document: OutputDocument = serde_json::from_value(value).map_err(|e| {
            (
                FailureKind::InvalidOutput,
                format!("returned output that does not match its manifest: {e}"),
            )
        })?;
        Ok(match document {
            OutputDocument::Report { metrics, notes } => ValidOutput::Report {
                metrics: Metrics { values: metrics },
                notes,
            },
            OutputDocument::Failed { error } => ValidOutput::Failed { error },
        })
    }
}

/// One metric: absent with a reason, or measured with a value of its kind (and its unit).
fn metric_schema(kind: MetricKind) -> Value {
    let measured = match kind {
        MetricKind::Number { unit } => json!({
            "required": ["status", "value", "unit"],
            "properties": {
                "status": {"const": "measured"},
                "value": {"type": "number"},
                "unit": {"const": unit}
            },
            "additionalProperties": false
        }),
        MetricKind::Bool => json!({
            "required": ["status", "value"],
            "properties": {"status": {"const": "measured"}, "value": {"type": "boolean"}},
            "additionalProperties": false
        }),
        MetricKind::Text => json!({
            "required": ["status", "value"],
            "properties": {
                "status": {"const": "measured"},
                "value": {"type": "string", "maxLength": MAX_TEXT_CHARS}
            },
            "additionalProperties": false
        }),
    };
    json!({
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"enum": ["measured", "absent"]}},
        "if": {"properties": {"status": {"const": "absent"}}},
        "then": {
            "properties": {
                "status": true,
                "reason": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS}
            },
            "required": ["reason"],
            "additionalProperties": false
        },
        "else": measured
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use photorules_core::{MetricValue, Unit};

    fn contract() -> OutputContract {
        let manifest = Manifest::parse(
            r#"
name = "lenses"
version = "1"
interface = "1.0"
description = "d"
sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
[[metrics]]
name = "lenses.tint"
kind = "number"
unit = "ratio"
meaning = "m"
method = "m"
[[metrics]]
name = "lenses.dark"
kind = "bool"
meaning = "m"
method = "m"
"#,
        )
        .unwrap();
        OutputContract::for_manifest(&manifest).unwrap()
    }

    fn failure(json: &str) -> (FailureKind, String) {
        match contract().parse(json.as_bytes()) {
            Ok(output) => panic!("accepted: {output:?}"),
            Err(failure) => failure,
        }
    }

    #[test]
    fn a_complete_report_becomes_metrics() {
        let output = contract()
            .parse(
                br#"{"metrics": {
                "lenses.tint": {"status": "measured", "value": 0.8, "unit": "ratio"},
                "lenses.dark": {"status": "absent", "reason": "no eyes"}},
                "notes": ["n"]}"#,
            )
            .unwrap();
        let ValidOutput::Report { metrics, notes } = output else {
            panic!("not a report")
        };
        assert_eq!(
            metrics.get("lenses.tint"),
            Some(&Measurement::Measured {
                value: MetricValue::Number(0.8),
                unit: Some(Unit::Ratio)
            })
        );
        assert!(matches!(
            metrics.get("lenses.dark"),
            Some(Measurement::Absent { .. })
        ));
        assert_eq!(notes, vec!["n".to_string()]);
    }

    #[test]
    fn wrong_units_types_missing_and_undeclared_metrics_are_named() {
        let (kind, message) = failure(
            r#"{"metrics": {
                "lenses.tint": {"status": "measured", "value": 0.8, "unit": "px"},
                "lenses.dark": {"status": "measured", "value": 1},
                "lenses.extra": {"status": "absent", "reason": "x"}}}"#,
        );
        assert_eq!(kind, FailureKind::InvalidOutput);
        assert!(message.contains("/metrics/lenses.tint/unit"), "{message}");
        assert!(message.contains("/metrics/lenses.dark/value"), "{message}");
        assert!(message.contains("lenses.extra"), "{message}");
        let (_, message) =
            failure(r#"{"metrics": {"lenses.dark": {"status": "absent", "reason": "x"}}}"#);
        assert!(message.contains("lenses.tint"), "{message}");
        let (_, message) = failure(
            r#"{"metrics": {"lenses.dark": {"status": "absent"},
               "lenses.tint": {"status": "absent", "reason": ""}}}"#,
        );
        assert!(message.contains("reason"), "{message}");
    }

    #[test]
    fn non_json_is_malformed_and_an_error_document_is_the_plugins_own_failure() {
        assert_eq!(failure("{\"metrics\":").0, FailureKind::MalformedOutput);
        assert_eq!(failure("\u{0}\u{1}").0, FailureKind::MalformedOutput);
        let output = contract().parse(br#"{"error": "bad parameter"}"#).unwrap();
        assert_eq!(
            output,
            ValidOutput::Failed {
                error: "bad parameter".into()
            }
        );
        assert_eq!(
            failure(r#"{"error": "x", "metrics": {}}"#).0,
            FailureKind::InvalidOutput
        );
    }
}
