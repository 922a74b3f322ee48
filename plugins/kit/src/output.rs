//! What a plugin returns: each metric it declares, measured or absent, and optional notes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::input::{Measurement, Value};

/// Units a number metric can carry; the host checks each against the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Px,
    Mm,
    Ratio,
    Deg,
    DeltaE,
    Lab,
    Bytes,
    Dpi,
    Count,
    Score,
}

impl Unit {
    /// The unit's name in the interface (as in a manifest's `unit = "…"`).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Px => "px",
            Unit::Mm => "mm",
            Unit::Ratio => "ratio",
            Unit::Deg => "deg",
            Unit::DeltaE => "delta-e",
            Unit::Lab => "lab",
            Unit::Bytes => "bytes",
            Unit::Dpi => "dpi",
            Unit::Count => "count",
            Unit::Score => "score",
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Document<'a> {
    Report {
        metrics: &'a BTreeMap<String, Measurement>,
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        notes: &'a [String],
    },
    Failed {
        error: &'a str,
    },
}

/// The result of one call. Report every metric the manifest declares: measured, or absent
/// with a reason (the host refuses an output that misses one).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    metrics: BTreeMap<String, Measurement>,
    notes: Vec<String>,
    error: Option<String>,
}

impl Output {
    pub fn new() -> Output {
        Output::default()
    }

    /// The plugin cannot run at all (e.g. a parameter it cannot use): the host makes all its
    /// metrics absent with this message.
    pub fn error(message: impl Into<String>) -> Output {
        Output {
            error: Some(message.into()),
            ..Output::default()
        }
    }

    /// A measured number. A NaN or infinite value becomes an absence with the reason.
    pub fn number(&mut self, name: &str, value: f64, unit: Unit) {
        let measurement = if value.is_finite() {
            Measurement::Measured {
                value: Value::Number(value),
                unit: Some(unit.name().to_string()),
            }
        } else {
            Measurement::Absent {
                reason: format!("the computation gave `{value}`"),
            }
        };
        self.metrics.insert(name.to_string(), measurement);
    }

    pub fn boolean(&mut self, name: &str, value: bool) {
        self.metrics.insert(
            name.to_string(),
            Measurement::Measured {
                value: Value::Bool(value),
                unit: None,
            },
        );
    }

    pub fn text(&mut self, name: &str, value: impl Into<String>) {
        self.metrics.insert(
            name.to_string(),
            Measurement::Measured {
                value: Value::Text(value.into()),
                unit: None,
            },
        );
    }

    /// The metric could not be measured, and why.
    pub fn absent(&mut self, name: &str, reason: impl Into<String>) {
        self.metrics.insert(
            name.to_string(),
            Measurement::Absent {
                reason: reason.into(),
            },
        );
    }

    /// Every name in `names` absent with the same reason.
    pub fn all_absent(names: &[&str], reason: &str) -> Output {
        let mut output = Output::new();
        for name in names {
            output.absent(name, reason);
        }
        output
    }

    /// A note for the report (at most 32 notes of 1 000 characters).
    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    pub fn get(&self, name: &str) -> Option<&Measurement> {
        self.metrics.get(name)
    }

    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The output document the host reads.
    pub fn to_json(&self) -> Vec<u8> {
        let document = match &self.error {
            Some(error) => Document::Failed { error },
            None => Document::Report {
                metrics: &self.metrics,
                notes: &self.notes,
            },
        };
        // Serialising strings, finite numbers and booleans into a Vec cannot fail; fall back
        // to an error document rather than panicking all the same.
        serde_json::to_vec(&document)
            .unwrap_or_else(|_| br#"{"error":"the output could not be encoded"}"#.to_vec())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_interface_shapes() {
        let mut output = Output::new();
        output.number("x.a", 0.25, Unit::Ratio);
        output.number("x.b", f64::NAN, Unit::Ratio);
        output.boolean("x.c", true);
        output.note("hello");
        let json = String::from_utf8(output.to_json()).unwrap();
        assert_eq!(
            json,
            r#"{"metrics":{"x.a":{"status":"measured","value":0.25,"unit":"ratio"},"x.b":{"status":"absent","reason":"the computation gave `NaN`"},"x.c":{"status":"measured","value":true}},"notes":["hello"]}"#
        );
        assert_eq!(
            Output::error("bad").to_json(),
            br#"{"error":"bad"}"#.to_vec()
        );
    }
}
