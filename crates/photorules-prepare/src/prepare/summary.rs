//! What preparation did, as written into `FILE.report.json` beside the prepared photo.

use photorules_engine::{Decision, Report};
use serde::Serialize;

use super::preflight::Reason;
use crate::background::BackgroundFinding;
use crate::encode::FileType;
use crate::plan::{Bands, Crop, Upright};
use crate::target::Target;

/// How preparation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The prepared photo was checked with the profile and accepted.
    Accepted,
    /// A photo was prepared (or could not be), but a rule could not be judged: see the report.
    Undetermined,
    /// The prepared photo was checked and still fails a rule.
    Rejected,
    /// No photo was prepared: the source cannot make a compliant one, for the reasons given.
    Refused,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Undetermined => "undetermined",
            Outcome::Rejected => "rejected",
            Outcome::Refused => "refused",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceSummary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    /// The source's own decision against the profile, before preparation.
    pub decision: Decision,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSummary {
    /// The source was turned by minus this much about `pivot` to level the eyes (0: not turned).
    pub roll_corrected_deg: f64,
    pub pivot: [f64; 2],
    /// Corners of the crop in the source (top-left, top-right, bottom-right, bottom-left).
    pub crop_corners_px: [[f64; 2]; 4],
    /// The crop in the levelled frame, with the ratios it was planned to give.
    pub crop: Crop,
    /// Output pixels per source pixel (above 1: the face was enlarged).
    pub scale: f64,
    /// Photo edges the crop reaches beyond, filled with the new background.
    pub padded_edges: Vec<&'static str>,
}

impl PlanSummary {
    pub fn new(
        frame: &Upright,
        crop: &Crop,
        output_height: u32,
        padded: Vec<&'static str>,
    ) -> PlanSummary {
        let corners = [
            [crop.left, crop.top],
            [crop.left + crop.width, crop.top],
            [crop.left + crop.width, crop.top + crop.height],
            [crop.left, crop.top + crop.height],
        ]
        .map(|p| frame.to_source(p).map(|v| (v * 10.0).round() / 10.0));
        PlanSummary {
            roll_corrected_deg: frame.angle_deg,
            pivot: frame.pivot,
            crop_corners_px: corners,
            crop: *crop,
            scale: f64::from(output_height) / crop.height,
            padded_edges: padded,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackgroundSummary {
    /// Whether the background was replaced by a plain colour.
    pub replaced: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<[u8; 3]>,
    /// The source's background rules that failed or could not be checked.
    pub because: Vec<BackgroundFinding>,
    /// Why (in words) it was or was not replaced.
    pub note: String,
}

impl BackgroundSummary {
    /// The source's background was kept, for the reason in `note`.
    pub fn kept(because: Vec<BackgroundFinding>, note: String) -> BackgroundSummary {
        BackgroundSummary {
            replaced: false,
            colour: None,
            because,
            note,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileSummary {
    pub file_type: FileType,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpi: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jpeg_quality: Option<u8>,
}

/// Everything preparation decided and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preparation {
    pub outcome: Outcome,
    /// One line for a person.
    pub message: String,
    pub source: SourceSummary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// The bands the crop aimed at, each with the rules (or the fallback) it came from.
    pub bands: Bands,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<BackgroundSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileSummary>,
    /// Why the photo was refused (empty unless `outcome` is `refused`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// `FILE.report.json`: the check report of the prepared photo (of the source when refused),
/// field for field as `photorules check` writes it, with `preparation` beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrepareReport<'a> {
    #[serde(flatten)]
    pub check: &'a Report,
    pub preparation: &'a Preparation,
}
