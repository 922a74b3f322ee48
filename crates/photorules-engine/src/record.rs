//! The decision record: everything an auditor needs to reproduce a decision and to notice when
//! anything it rests on (a rules file, a plugin, the photo, the tool) has changed.

use photorules_core::Metrics;
use photorules_core::ir::{CompiledProfile, ProfileFile};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionRecord {
    /// `photorules` and its version.
    pub tool: String,
    pub tool_version: String,
    pub profile_id: String,
    pub profile_version: String,
    /// Every rules file the profile was compiled from, bases included, with its SHA-256.
    pub rules_files: Vec<ProfileFile>,
    pub plugins: Vec<PluginRecord>,
    pub image: ImageRecord,
    /// SHA-256 of the report's `metrics` serialised as compact JSON (keys sorted): pins the
    /// exact values the verdicts were computed from.
    pub metrics_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PluginRecord {
    pub name: String,
    pub version: String,
    pub sha256: String,
    /// Why the plugin failed on this photo; its metrics are then absent and its rules unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImageRecord {
    /// The file name as given (no directories), when the photo came from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub sha256: String,
    pub bytes: u64,
}

impl ImageRecord {
    /// What a record keeps of a photo's path: the file name only, so that a report does not
    /// leak local directories.
    pub fn file_name_of(path: &str) -> String {
        std::path::Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(path)
            .to_string()
    }
}

/// SHA-256 of some bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The hash that `metrics_sha256` records.
pub fn metrics_sha256(metrics: &Metrics) -> String {
    // Serialising a map of plain values cannot fail; an empty hash would still be caught on
    // replay because it never matches.
    sha256_hex(&serde_json::to_vec(metrics).unwrap_or_default())
}

/// What the caller knows about the run that the profile and metrics do not say.
#[derive(Debug, Clone, Default)]
pub struct RunContext {
    pub image: Option<ImageRecord>,
    pub plugins: Vec<PluginRecord>,
    /// The language to write the report in; `None`: the profile's first language, else English.
    pub language: Option<crate::Language>,
}

pub(crate) fn build(
    profile: &CompiledProfile,
    metrics: &Metrics,
    context: &RunContext,
) -> DecisionRecord {
    DecisionRecord {
        tool: "photorules".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        profile_id: profile.id.clone(),
        profile_version: profile.version.clone(),
        rules_files: profile.files.clone(),
        plugins: context.plugins.clone(),
        image: context.image.clone().unwrap_or(ImageRecord {
            name: None,
            sha256: String::new(),
            bytes: 0,
        }),
        metrics_sha256: metrics_sha256(metrics),
    }
}
