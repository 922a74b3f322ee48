//! Each metric's error against the truth a mutation makes by construction: a roll of 15°
//! turns `pose.roll_deg` by 15°, a copy made smaller until the eyes are 32 px apart puts them
//! 32 px apart, and compression, noise, exposure, defocus, a smaller copy or a crop move no
//! head and open no eye, so the face's angles and apertures should read what the unmutated
//! photo read. The scorecard's verdict tallies say how often a rule errs; these say by how
//! much the measurement behind it drifts.

use std::collections::BTreeMap;
use std::fmt::Write;

use photorules_core::Metrics;
use serde::{Deserialize, Serialize};

use super::mutate::{Mutation, Paint};

/// The metrics that describe the face's own state (its angles and apertures, all ratios or
/// angles that do not depend on the photo's size): no mutation that keeps the face's state
/// may move them.
const FACE_STATE_METRICS: [&str; 9] = [
    "pose.yaw_deg",
    "pose.pitch_deg",
    "pose.roll_deg",
    "eyes.left_aperture",
    "eyes.right_aperture",
    "mouth.aperture",
    "mouth.aperture_second",
    "expression.smile",
    "expression.smile_score",
];

/// What a mutation makes of a measured value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MetricTruth {
    /// The unmutated photo's value.
    Unchanged(&'static str),
    /// The unmutated photo's value plus this.
    Shifted(&'static str, f64),
    /// The unmutated photo's value times this.
    Scaled(&'static str, f64),
    /// This value, whatever the photo read before.
    Exactly(&'static str, f64),
    /// The unmutated photo's value of the second metric: a mirror image swaps the eyes.
    Swapped(&'static str, &'static str),
}

impl MetricTruth {
    pub fn metric(self) -> &'static str {
        match self {
            MetricTruth::Unchanged(m)
            | MetricTruth::Shifted(m, _)
            | MetricTruth::Scaled(m, _)
            | MetricTruth::Exactly(m, _)
            | MetricTruth::Swapped(m, _) => m,
        }
    }

    /// The true value on the mutated photo, from the unmutated photo's readings.
    fn expected(self, before: &Metrics) -> Option<f64> {
        let own = || before.measured_number(self.metric());
        match self {
            MetricTruth::Unchanged(_) => own(),
            MetricTruth::Shifted(_, by) => own().map(|v| v + by),
            MetricTruth::Scaled(_, by) => own().map(|v| v * by),
            MetricTruth::Exactly(_, value) => Some(value),
            MetricTruth::Swapped(_, other) => before.measured_number(other),
        }
    }

    /// The truth in words, for the table.
    fn describe(self) -> String {
        match self {
            MetricTruth::Unchanged(_) => "unchanged".into(),
            MetricTruth::Shifted(_, by) => format!("{by:+}"),
            MetricTruth::Scaled(_, by) => format!("× {by}"),
            MetricTruth::Exactly(_, value) => format!("= {value}"),
            MetricTruth::Swapped(..) => "swapped".into(),
        }
    }
}

/// The metric truths `mutation` makes. A roll turns the eye line by its angle (clockwise on
/// screen, y down: the angle `pose.roll_deg` reads grows) and leaves the rest of the face's
/// state; a smaller copy fixes the eye distance; a crop enlarges it; the mutations that keep
/// the face's state keep its angles and apertures. A mirror image turns the yaw and the roll the
/// other way and swaps the eyes. Painted covers (lenses, a cap, hair, a hand, a shadow) make
/// none: what the mesh reads under them is not known.
pub fn truths(mutation: &Mutation) -> Vec<MetricTruth> {
    // A mutation that keeps the photo's labels keeps the face's state; a roll or a mirror
    // changes only what it states below and leaves the rest of it too.
    let mut rest_unchanged = !mutation.keeps.is_empty();
    let mut truths = Vec::new();
    for paint in mutation.paints {
        match *paint {
            Paint::Roll { degrees } => {
                truths.push(MetricTruth::Shifted("pose.roll_deg", degrees));
                rest_unchanged = true;
            }
            Paint::LowResolution { eye_distance } => {
                truths.push(MetricTruth::Exactly("eyes.distance_px", eye_distance));
            }
            Paint::Crop { enlarge } => {
                truths.push(MetricTruth::Scaled("eyes.distance_px", enlarge));
            }
            Paint::Mirror => {
                truths.extend([
                    MetricTruth::Scaled("pose.yaw_deg", -1.0),
                    MetricTruth::Scaled("pose.roll_deg", -1.0),
                    MetricTruth::Swapped("eyes.left_aperture", "eyes.right_aperture"),
                    MetricTruth::Swapped("eyes.right_aperture", "eyes.left_aperture"),
                ]);
                rest_unchanged = true;
            }
            _ => {}
        }
    }
    if rest_unchanged {
        // A metric a paint already gave a truth keeps that one.
        let unchanged: Vec<MetricTruth> = FACE_STATE_METRICS
            .iter()
            .filter(|m| !truths.iter().any(|t| t.metric() == **m))
            .map(|m| MetricTruth::Unchanged(m))
            .collect();
        truths.extend(unchanged);
    }
    truths
}

/// One metric's error under one mutation, over the photos where it was measured both before
/// and after (a reading that goes missing after the mutation is counted apart).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricError {
    pub mutation: String,
    pub metric: String,
    /// The truth in words: "unchanged", "+15", "× 1.5", "= 32".
    pub truth: String,
    /// Photos where both readings exist.
    pub photos: usize,
    pub mean_abs_error: f64,
    pub max_abs_error: f64,
    /// Photos where the unmutated photo had the reading and the mutated one did not.
    pub lost: usize,
}

/// The errors being tallied, keyed by mutation and metric.
#[derive(Debug, Default)]
pub struct MetricErrors {
    tallies: BTreeMap<(String, &'static str), (String, Vec<f64>, usize)>,
}

impl MetricErrors {
    /// Adds one mutated photo's readings against the truths of its mutation.
    pub fn add(&mut self, mutation: &Mutation, before: &Metrics, after: &Metrics) {
        for truth in truths(mutation) {
            let metric = truth.metric();
            let Some(expected) = truth.expected(before) else {
                continue;
            };
            let entry = self
                .tallies
                .entry((mutation.name.to_string(), metric))
                .or_insert_with(|| (truth.describe(), Vec::new(), 0));
            match after.measured_number(metric) {
                Some(value) => entry.1.push((value - expected).abs()),
                None => entry.2 += 1,
            }
        }
    }

    pub fn merge(&mut self, other: MetricErrors) {
        for (key, (truth, errors, lost)) in other.tallies {
            let entry = self
                .tallies
                .entry(key)
                .or_insert_with(|| (truth, Vec::new(), 0));
            entry.1.extend(errors);
            entry.2 += lost;
        }
    }

    /// The tallies in the order of `mutations`, then by metric name.
    pub fn summarise(&self, mutations: &[Mutation]) -> Vec<MetricError> {
        let mut out = Vec::new();
        for mutation in mutations {
            for ((name, metric), (truth, errors, lost)) in &self.tallies {
                if name != mutation.name {
                    continue;
                }
                let photos = errors.len();
                let mean = if photos == 0 {
                    0.0
                } else {
                    errors.iter().sum::<f64>() / photos as f64
                };
                // Rounded so that the saved scorecard does not change in the last digits
                // from one CPU to another (FMA or not).
                let round = |v: f64| (v * 1e4).round() / 1e4;
                out.push(MetricError {
                    mutation: name.clone(),
                    metric: metric.to_string(),
                    truth: truth.clone(),
                    photos,
                    mean_abs_error: round(mean),
                    max_abs_error: round(errors.iter().copied().fold(0.0, f64::max)),
                    lost: *lost,
                });
            }
        }
        out
    }
}

/// How much a mean error may grow before it counts as worse: the readings move a little with
/// the CPU (fused multiply-adds or not) and with any change to the networks' arithmetic, so only
/// a clear drift is reported.
const MEAN_ERROR_SLACK: f64 = 1.25;
const MEAN_ERROR_FLOOR: f64 = 0.01;

/// The metric errors of `baseline` that grew clearly, or are no longer measured, in words.
pub fn regressions(now: &[MetricError], baseline: &[MetricError]) -> Vec<String> {
    let mut worse = Vec::new();
    for was in baseline {
        let Some(is) = now
            .iter()
            .find(|e| e.mutation == was.mutation && e.metric == was.metric)
        else {
            worse.push(format!(
                "{} under {} is no longer measured against its truth",
                was.metric, was.mutation
            ));
            continue;
        };
        if is.mean_abs_error > was.mean_abs_error * MEAN_ERROR_SLACK + MEAN_ERROR_FLOOR {
            worse.push(format!(
                "{} under {}: mean error {:.3}, {:.3} before",
                is.metric, is.mutation, is.mean_abs_error, was.mean_abs_error
            ));
        }
        if is.lost > was.lost {
            worse.push(format!(
                "{} under {}: lost on {} photos, {} before",
                is.metric, is.mutation, is.lost, was.lost
            ));
        }
    }
    worse
}

/// The errors as a table.
pub fn to_text(errors: &[MetricError]) -> String {
    let mut out = String::new();
    if errors.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "{:<26} {:<20} {:>9} {:>6} {:>10} {:>9} {:>5}",
        "mutation", "metric", "truth", "photos", "mean |err|", "max |err|", "lost"
    );
    for e in errors {
        let _ = writeln!(
            out,
            "{:<26} {:<20} {:>9} {:>6} {:>10.3} {:>9.3} {:>5}",
            e.mutation, e.metric, e.truth, e.photos, e.mean_abs_error, e.max_abs_error, e.lost
        );
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::eval::mutate::MUTATIONS;

    fn mutation(name: &str) -> &'static Mutation {
        MUTATIONS.iter().find(|m| m.name == name).unwrap()
    }

    #[test]
    fn each_kind_of_mutation_makes_its_truths() {
        let roll = truths(mutation("roll-15"));
        assert!(roll.contains(&MetricTruth::Shifted("pose.roll_deg", 15.0)));
        assert!(roll.contains(&MetricTruth::Unchanged("pose.yaw_deg")));
        assert!(!roll.contains(&MetricTruth::Unchanged("pose.roll_deg")));
        assert!(
            truths(mutation("low-resolution"))
                .contains(&MetricTruth::Exactly("eyes.distance_px", 32.0))
        );
        assert!(
            truths(mutation("crop-enlarged"))
                .contains(&MetricTruth::Scaled("eyes.distance_px", 1.5))
        );
        assert!(truths(mutation("jpeg-q15")).contains(&MetricTruth::Unchanged("mouth.aperture")));
        // What the mesh reads under a painted cover is not known.
        assert!(truths(mutation("hand-over-mouth")).is_empty());
        let mirror = truths(mutation("mirrored"));
        assert!(mirror.contains(&MetricTruth::Scaled("pose.yaw_deg", -1.0)));
        assert!(mirror.contains(&MetricTruth::Unchanged("pose.pitch_deg")));
        assert!(!mirror.contains(&MetricTruth::Unchanged("pose.yaw_deg")));
        // One truth per metric.
        assert_eq!(mirror.len(), FACE_STATE_METRICS.len());
    }

    #[test]
    fn a_mirror_image_is_held_to_the_other_eye_and_the_opposite_turn() {
        let mirrored = mutation("mirrored");
        let mut before = Metrics::default();
        before.number("eyes.left_aperture", 0.30, photorules_core::Unit::Ratio);
        before.number("eyes.right_aperture", 0.20, photorules_core::Unit::Ratio);
        before.number("pose.yaw_deg", 4.0, photorules_core::Unit::Deg);
        let mut after = Metrics::default();
        after.number("eyes.left_aperture", 0.21, photorules_core::Unit::Ratio);
        after.number("eyes.right_aperture", 0.30, photorules_core::Unit::Ratio);
        after.number("pose.yaw_deg", -3.0, photorules_core::Unit::Deg);
        let mut errors = MetricErrors::default();
        errors.add(mirrored, &before, &after);
        let summary = errors.summarise(&MUTATIONS);
        let error_of = |metric: &str| {
            summary
                .iter()
                .find(|e| e.metric == metric)
                .unwrap()
                .mean_abs_error
        };
        assert_eq!(error_of("eyes.left_aperture"), 0.01);
        assert_eq!(error_of("eyes.right_aperture"), 0.0);
        assert_eq!(error_of("pose.yaw_deg"), 1.0);
    }

    #[test]
    fn errors_are_tallied_against_the_truth_and_lost_readings_counted_apart() {
        let roll = mutation("roll-15");
        let mut before = Metrics::default();
        before.number("pose.roll_deg", 2.0, photorules_core::Unit::Deg);
        before.number("pose.yaw_deg", 1.0, photorules_core::Unit::Deg);
        let mut after = Metrics::default();
        after.number("pose.roll_deg", 16.0, photorules_core::Unit::Deg);
        let mut errors = MetricErrors::default();
        errors.add(roll, &before, &after);
        let mut other = MetricErrors::default();
        after.number("pose.roll_deg", 20.0, photorules_core::Unit::Deg);
        other.add(roll, &before, &after);
        errors.merge(other);
        let summary = errors.summarise(&MUTATIONS);
        let roll_error = summary
            .iter()
            .find(|e| e.metric == "pose.roll_deg")
            .unwrap();
        // Truth 17: errors 1 and 3.
        assert_eq!(
            (
                roll_error.photos,
                roll_error.mean_abs_error,
                roll_error.max_abs_error
            ),
            (2, 2.0, 3.0)
        );
        let yaw = summary.iter().find(|e| e.metric == "pose.yaw_deg").unwrap();
        assert_eq!((yaw.photos, yaw.lost), (0, 2));
        assert!(to_text(&summary).contains("roll-15"));
    }

    #[test]
    fn a_clearly_larger_error_or_a_lost_reading_is_a_regression() {
        let was = MetricError {
            mutation: "jpeg-q15".into(),
            metric: "pose.pitch_deg".into(),
            truth: "unchanged".into(),
            photos: 60,
            mean_abs_error: 0.7,
            max_abs_error: 3.0,
            lost: 1,
        };
        let slightly = MetricError {
            mean_abs_error: 0.8,
            ..was.clone()
        };
        assert!(
            regressions(std::slice::from_ref(&slightly), std::slice::from_ref(&was)).is_empty()
        );
        let clearly = MetricError {
            mean_abs_error: 1.2,
            ..was.clone()
        };
        assert_eq!(regressions(&[clearly], std::slice::from_ref(&was)).len(), 1);
        let lost = MetricError {
            lost: 2,
            ..was.clone()
        };
        assert_eq!(regressions(&[lost], std::slice::from_ref(&was)).len(), 1);
        assert_eq!(regressions(&[], &[was]).len(), 1);
    }
}
