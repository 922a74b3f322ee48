//! The JSON `photorules measure` prints: one entry per file, measured or failed.
//! `schema/metrics.schema.json` is generated from these types.

use photorules_core::Metrics;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decode::ImageInfo;

/// The output of `photorules measure --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MeasureReport {
    /// One entry per file, in the order given.
    pub files: Vec<FileReport>,
}

/// One file's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FileReport {
    /// The path as given on the command line.
    pub file: String,
    #[serde(flatten)]
    pub outcome: FileOutcome,
}

/// Measured, or why not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum FileOutcome {
    Measured {
        /// SHA-256 of the file's bytes.
        sha256: String,
        image: ImageInfo,
        /// Every catalogue metric, measured or absent with the reason.
        metrics: Metrics,
    },
    Error {
        /// What is wrong with the file.
        error: String,
    },
}

/// The JSON schema of [`MeasureReport`], pretty-printed, as committed in
/// `schema/metrics.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(MeasureReport);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
