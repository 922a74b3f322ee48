//! What preparation cannot change: rules the source already fails for reasons no crop, turn,
//! background or encoding can fix (a smile, closed eyes, a cut-off head, too few pixels), and
//! other faces that would end up inside the crop.

use photorules_core::ir::{Check, CompiledProfile, Rule, Severity};
use photorules_engine::{Report, RuleResult, Verdict};
use photorules_measure::raster::Rect;
use serde::Serialize;

use crate::plan::{Crop, Upright};

/// Why a photo cannot be prepared, in the words of a rule when one applies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// The rule's id, when the reason is a rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub title: String,
    pub message: String,
}

impl Reason {
    pub fn from_rule(rule: &RuleResult, message: String) -> Reason {
        Reason {
            rule: Some(rule.id.clone()),
            title: rule.title.clone(),
            message,
        }
    }

    /// A reason in the name of one of the profile's rules.
    pub fn for_rule(rule: &Rule, message: String) -> Reason {
        Reason {
            rule: Some(rule.id.clone()),
            title: rule.title.clone(),
            message,
        }
    }

    /// One line: `rule.id (Title): message`.
    pub fn line(&self) -> String {
        match &self.rule {
            Some(id) => format!("{id} ({}): {}", self.title, self.message),
            None => format!("{}: {}", self.title, self.message),
        }
    }
}

/// Metrics that preparation changes, judged again on the prepared photo: the file, the
/// framing, the roll, the background, and what resampling changes (sharpness, the detector's
/// box and score). `face.count` is handled by [`faces_in_crop`].
fn changed_by_preparation(metric: &str) -> bool {
    const EXACT: &[&str] = &[
        "image.width_px",
        "image.height_px",
        "image.aspect",
        "image.dpi",
        "image.bytes",
        "image.format",
        "image.bit_depth",
        "face.count",
        "face.confidence",
        "face.sharpness",
        "eyes.line_height_ratio",
        "eyes.left_x_px",
        "eyes.left_y_px",
        "eyes.right_x_px",
        "eyes.right_y_px",
        "pose.roll_deg",
        "pose.shoulder_tilt_deg",
        // More pixels between the eyes after enlarging, within `MAX_ENLARGEMENT`.
        "eyes.distance_px",
    ];
    const PREFIXES: &[&str] = &["head.", "background.", "face.box_"];
    EXACT.contains(&metric) || PREFIXES.iter().any(|p| metric.starts_with(p))
}

/// The reject-severity rules the source fails on metrics preparation cannot change.
pub fn unfixable(source: &Report) -> Vec<Reason> {
    source
        .rules
        .iter()
        .filter(|r| r.severity == Severity::Reject && r.verdict == Verdict::Fail)
        .filter(|r| {
            !r.measured.is_empty()
                && r.measured
                    .iter()
                    .all(|m| !changed_by_preparation(&m.metric))
        })
        .map(|r| Reason::from_rule(r, r.message.clone()))
        .collect()
}

/// The most a source is enlarged to reach the format's pixel size. Pixel minimums such as
/// ICAO's 90 px between the eyes exist to guarantee detail, which enlarging does not add; a
/// mild enlargement only softens the photo (the sharpness rule still judges the result), a
/// larger one would fake the resolution the rule asks for.
pub const MAX_ENLARGEMENT: f64 = 1.5;

/// The refusal when the crop would have to be enlarged more than [`MAX_ENLARGEMENT`]: in the
/// words of the rules on the pixels between the eyes, when the profile has any.
pub fn too_few_pixels(
    profile: &CompiledProfile,
    enlargement: f64,
    crop_height: f64,
    target_height: u32,
) -> Vec<Reason> {
    let message = format!(
        "the face would have to be enlarged ×{enlargement:.2} (the crop is {crop_height:.0} px high in the source, {target_height} px are needed), more than ×{MAX_ENLARGEMENT}: enlarging adds no detail"
    );
    let mut reasons: Vec<Reason> = rules_reading(profile, "eyes.distance_px")
        .filter(|r| r.severity == Severity::Reject)
        .map(|r| Reason::for_rule(r, message.clone()))
        .collect();
    if reasons.is_empty() {
        reasons.push(Reason {
            rule: None,
            title: "Too few pixels".into(),
            message,
        });
    }
    reasons
}

/// The profile's rules whose requirement reads `metric`.
pub fn rules_reading<'p>(
    profile: &'p CompiledProfile,
    metric: &'p str,
) -> impl Iterator<Item = &'p Rule> {
    profile.rules.iter().filter(move |r| match &r.check {
        Check::Requirement { require, .. } => require.metrics().contains(&metric),
        Check::Manual => false,
    })
}

/// The source's failing rules that read `metric`, as reasons (e.g. `face.count` when no face
/// was found).
pub fn failing_on(source: &Report, metric: &str) -> Vec<Reason> {
    source
        .rules
        .iter()
        .filter(|r| r.severity == Severity::Reject && r.verdict == Verdict::Fail)
        .filter(|r| r.measured.iter().any(|m| m.metric == metric))
        .map(|r| Reason::from_rule(r, r.message.clone()))
        .collect()
}

/// Faces other than the main one (`faces[1..]`, source pixels) that would be inside the crop:
/// more than a quarter of their box within it.
pub fn faces_in_crop(faces: &[Rect], frame: &Upright, crop: &Crop) -> Vec<Rect> {
    faces
        .iter()
        .skip(1)
        .filter(|face| {
            let corners = [
                [face.left, face.top],
                [face.right, face.top],
                [face.left, face.bottom],
                [face.right, face.bottom],
            ]
            .map(|p| frame.to_upright(p));
            let min = |i: usize| corners.iter().map(|p| p[i]).fold(f64::INFINITY, f64::min);
            let max = |i: usize| {
                corners
                    .iter()
                    .map(|p| p[i])
                    .fold(f64::NEG_INFINITY, f64::max)
            };
            let (l, t, r, b) = (min(0), min(1), max(0), max(1));
            let overlap_w = (r.min(crop.left + crop.width) - l.max(crop.left)).max(0.0);
            let overlap_h = (b.min(crop.top + crop.height) - t.max(crop.top)).max(0.0);
            let area = (r - l) * (b - t);
            area > 0.0 && overlap_w * overlap_h > 0.25 * area
        })
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_and_background_are_changed_expression_is_not() {
        for m in [
            "head.chin_crown_ratio",
            "background.variation",
            "image.bytes",
            "pose.roll_deg",
            "eyes.distance_px",
        ] {
            assert!(changed_by_preparation(m), "{m}");
        }
        for m in [
            "expression.neutral",
            "eyes.open",
            "face.inside_frame",
            "pose.yaw_deg",
            "image.colour",
            "glare.lens_fraction",
        ] {
            assert!(!changed_by_preparation(m), "{m}");
        }
    }
}
