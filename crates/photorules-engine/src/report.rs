//! The report of one check: the decision, a result per rule with its provenance, the metrics
//! and the decision record. `schema/report.schema.json` is generated from these types.

use photorules_core::Metrics;
use photorules_core::ir::{Origin, Severity, Status};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::record::DecisionRecord;

/// Version of the report layout; bumped on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

/// The photo's overall outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// Every machine-checkable reject-severity rule passes.
    Accept,
    /// At least one reject-severity rule fails.
    Reject,
    /// No reject-severity rule fails, but some could not be measured.
    Undetermined,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Reject => "reject",
            Decision::Undetermined => "undetermined",
        }
    }
}

/// One rule's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Pass,
    Fail,
    /// A metric could not be measured; never counted as a pass.
    Unknown,
    /// A person must confirm it.
    Manual,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Unknown => "unknown",
            Verdict::Manual => "manual",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    pub report_version: u32,
    pub decision: Decision,
    /// The language of the report's person-facing texts (summary, titles, messages, fixes);
    /// rule ids, verdicts and provenance are the same in every language.
    #[serde(default)]
    pub language: crate::Language,
    /// One line a person reads first, e.g. "reject: 2 rules fail, 1 unknown, 3 to confirm".
    pub summary: String,
    pub profile: ProfileInfo,
    /// Rejected rules first, then unknown, warnings, passes and manual items.
    pub rules: Vec<RuleResult>,
    /// Titles of the manual items a person must confirm before submitting.
    pub to_confirm: Vec<String>,
    pub metrics: Metrics,
    pub record: DecisionRecord,
    /// The service's Ed25519 signature of everything above (`check --sign`), with its public
    /// key and fingerprint; absent in unsigned reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<crate::signing::ReportSignature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProfileInfo {
    pub id: String,
    pub title: String,
    pub version: String,
    pub jurisdiction: String,
    pub document: String,
    pub effective: String,
    /// The profile and its bases, nearest first.
    pub chain: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RuleResult {
    pub id: String,
    /// The rule's title in the report's language.
    pub title: String,
    /// For a failed rule (or an item to confirm), one sentence telling the applicant what to
    /// do, from the profile, in the report's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    pub severity: Severity,
    pub verdict: Verdict,
    /// False when the rule's `when` condition does not hold (e.g. no glasses): it then passes.
    pub applies: bool,
    /// The values the rule read, each with its unit.
    pub measured: Vec<MeasuredValue>,
    /// What the rule requires, as a person reads it ("32–36 mm (71.1–80 %)").
    pub required: String,
    /// One line in plain language.
    pub message: String,
    /// Why the verdict is `unknown`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown_reasons: Vec<String>,
    pub provenance: ProvenanceView,
    pub origin: Origin,
    /// When this rule replaced an inherited one: the profile that had defined it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MeasuredValue {
    pub metric: String,
    /// The value as shown to a person ("74.2 %", "yes"), or why it is missing.
    pub display: String,
    /// The raw value; absent when the metric could not be measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<photorules_core::MetricValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<photorules_core::Unit>,
}

/// A rule's provenance with its source resolved, so a report stands on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProvenanceView {
    pub source: String,
    pub source_title: String,
    pub authority: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    pub quote: String,
    /// An English translation of `quote` when the source is in another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
    pub verified: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
