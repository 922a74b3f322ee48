//! Measured metrics: what the measurement crate and plugins produce and the engine consumes.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::unit::Unit;

/// A measured value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum MetricValue {
    Bool(bool),
    Number(f64),
    Text(String),
}

/// One metric: either measured, or absent with the reason it could not be measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Measurement {
    Measured {
        value: MetricValue,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Unit>,
    },
    Absent {
        reason: String,
    },
}

/// Named metrics of one photo, sorted by name so that output is stable.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Metrics {
    pub values: BTreeMap<String, Measurement>,
}

impl Metrics {
    pub fn number(&mut self, name: &str, value: f64, unit: Unit) {
        let measurement = if value.is_finite() {
            Measurement::Measured {
                value: MetricValue::Number(value),
                unit: Some(unit),
            }
        } else {
            Measurement::Absent {
                reason: format!("the computation gave `{value}`"),
            }
        };
        self.values.insert(name.to_string(), measurement);
    }

    pub fn boolean(&mut self, name: &str, value: bool) {
        self.values.insert(
            name.to_string(),
            Measurement::Measured {
                value: MetricValue::Bool(value),
                unit: None,
            },
        );
    }

    pub fn text(&mut self, name: &str, value: impl Into<String>) {
        self.values.insert(
            name.to_string(),
            Measurement::Measured {
                value: MetricValue::Text(value.into()),
                unit: None,
            },
        );
    }

    pub fn absent(&mut self, name: &str, reason: impl Into<String>) {
        self.values.insert(
            name.to_string(),
            Measurement::Absent {
                reason: reason.into(),
            },
        );
    }

    pub fn get(&self, name: &str) -> Option<&Measurement> {
        self.values.get(name)
    }

    /// The value of a measured number; `None` when it is absent, missing or not a number.
    pub fn measured_number(&self, name: &str) -> Option<f64> {
        match self.values.get(name) {
            Some(Measurement::Measured {
                value: MetricValue::Number(value),
                ..
            }) => Some(*value),
            _ => None,
        }
    }
}
