//! Tallies per requirement and the scorecard's text.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::metric_error::{self, MetricError};
use super::{Label, Requirement};

/// What the rules said of a requirement on one photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Every rule judging it passed.
    Meets,
    /// A rule judging it failed.
    Breaks,
    /// A rule could not be judged (a metric was not measured): never an accept.
    Undetermined,
    /// It is confirmed by hand (a `manual` rule): not scored.
    NotJudged,
}

/// One requirement's tally. A defect is the positive class: `false_accepts` are photos labelled
/// as breaking the requirement that the rules passed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequirementScore {
    pub requirement: String,
    /// Labelled "no", and the rules failed it.
    pub true_rejects: usize,
    /// Labelled "no", and the rules passed it: the dangerous error.
    pub false_accepts: usize,
    /// Labelled "no", and the rules could not judge it (not accepted, not a verdict either).
    pub undetermined_defects: usize,
    /// Labelled "yes", and the rules passed it.
    pub true_accepts: usize,
    /// Labelled "yes", and the rules failed it.
    pub false_rejects: usize,
    /// Labelled "yes", and the rules could not judge it.
    pub undetermined_good: usize,
    /// Labelled "unsure": left out.
    pub unsure: usize,
    /// Labelled differently by the two reviews and not settled by the third look: left out.
    #[serde(default)]
    pub disputed: usize,
    /// Confirmed by hand in the profile: not scored.
    pub not_judged: bool,
    /// The photos behind each error, for looking at them.
    pub false_accept_photos: Vec<String>,
    pub false_reject_photos: Vec<String>,
}

impl RequirementScore {
    /// Photos labelled yes or no.
    pub fn labelled(&self) -> usize {
        self.true_rejects
            + self.false_accepts
            + self.undetermined_defects
            + self.true_accepts
            + self.false_rejects
            + self.undetermined_good
    }

    /// Share of labelled photos whose verdict matched the label (undetermined counts as wrong).
    pub fn accuracy(&self) -> Option<f64> {
        let n = self.labelled();
        (n > 0).then(|| (self.true_rejects + self.true_accepts) as f64 / n as f64)
    }

    /// Share of defects passed.
    pub fn false_accept_rate(&self) -> Option<f64> {
        let n = self.true_rejects + self.false_accepts + self.undetermined_defects;
        (n > 0).then(|| self.false_accepts as f64 / n as f64)
    }

    /// Share of good photos failed or left undetermined.
    pub fn false_reject_rate(&self) -> Option<f64> {
        let n = self.true_accepts + self.false_rejects + self.undetermined_good;
        (n > 0).then(|| (self.false_rejects + self.undetermined_good) as f64 / n as f64)
    }
}

/// Every requirement's tally.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub requirements: Vec<RequirementScore>,
    /// With mutations: each metric's error against the truth a mutation makes
    /// ([`super::metric_error`]); empty on the labelled photos.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metric_errors: Vec<MetricError>,
}

impl Scorecard {
    pub fn new(requirements: &[Requirement]) -> Scorecard {
        Scorecard {
            requirements: requirements
                .iter()
                .map(|r| RequirementScore {
                    requirement: r.key.to_string(),
                    ..RequirementScore::default()
                })
                .collect(),
            metric_errors: Vec::new(),
        }
    }

    pub fn add(&mut self, key: &str, photo: &str, label: Label, outcome: Outcome) {
        let Some(score) = self.requirements.iter_mut().find(|s| s.requirement == key) else {
            return;
        };
        if outcome == Outcome::NotJudged {
            score.not_judged = true;
            return;
        }
        match (label, outcome) {
            (Label::Unsure, _) => score.unsure += 1,
            (Label::Disputed, _) => score.disputed += 1,
            (Label::No, Outcome::Breaks) => score.true_rejects += 1,
            (Label::No, Outcome::Meets) => {
                score.false_accepts += 1;
                score.false_accept_photos.push(photo.to_string());
            }
            (Label::No, _) => score.undetermined_defects += 1,
            (Label::Yes, Outcome::Meets) => score.true_accepts += 1,
            (Label::Yes, Outcome::Breaks) => {
                score.false_rejects += 1;
                score.false_reject_photos.push(photo.to_string());
            }
            (Label::Yes, _) => score.undetermined_good += 1,
        }
    }

    /// Requirements with more false accepts or fewer correct verdicts than in `baseline`, in
    /// words; empty when nothing got worse.
    pub fn regressions_from(&self, baseline: &Scorecard) -> Vec<String> {
        let correct = |s: &RequirementScore| s.true_rejects + s.true_accepts;
        let mut worse = Vec::new();
        for was in &baseline.requirements {
            let Some(is) = self
                .requirements
                .iter()
                .find(|s| s.requirement == was.requirement)
            else {
                worse.push(format!("{} is no longer scored", was.requirement));
                continue;
            };
            if is.false_accepts > was.false_accepts {
                worse.push(format!(
                    "{}: {} false accepts, {} before ({})",
                    is.requirement,
                    is.false_accepts,
                    was.false_accepts,
                    is.false_accept_photos.join(", ")
                ));
            }
            if correct(is) < correct(was) {
                worse.push(format!(
                    "{}: {} correct verdicts, {} before",
                    is.requirement,
                    correct(is),
                    correct(was)
                ));
            }
        }
        worse.extend(metric_error::regressions(
            &self.metric_errors,
            &baseline.metric_errors,
        ));
        worse
    }

    /// Correct verdicts over all scored labels.
    pub fn overall_accuracy(&self) -> Option<f64> {
        let scored = self.requirements.iter().filter(|s| !s.not_judged);
        let (right, all) = scored.fold((0, 0), |(right, all), s| {
            (right + s.true_rejects + s.true_accepts, all + s.labelled())
        });
        (all > 0).then(|| right as f64 / all as f64)
    }

    /// The scorecard as a table.
    pub fn to_text(&self) -> String {
        let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{:.1} %", 100.0 * v));
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<20} {:>4} {:>4} {:>4} {:>4} {:>5} {:>6} {:>8} {:>9} {:>9} {:>9}",
            "requirement",
            "TP",
            "FN",
            "TN",
            "FP",
            "undet",
            "unsure",
            "disputed",
            "accuracy",
            "false acc",
            "false rej"
        );
        for s in &self.requirements {
            if s.not_judged {
                let _ = writeln!(
                    out,
                    "{:<20} confirmed by hand in the profile: not scored",
                    s.requirement
                );
                continue;
            }
            let _ = writeln!(
                out,
                "{:<20} {:>4} {:>4} {:>4} {:>4} {:>5} {:>6} {:>8} {:>9} {:>9} {:>9}",
                s.requirement,
                s.true_rejects,
                s.false_accepts,
                s.true_accepts,
                s.false_rejects,
                s.undetermined_defects + s.undetermined_good,
                s.unsure,
                s.disputed,
                pct(s.accuracy()),
                pct(s.false_accept_rate()),
                pct(s.false_reject_rate()),
            );
        }
        let _ = writeln!(
            out,
            "overall accuracy {} (TP: defect rejected, FN: defect accepted, TN: good accepted, FP: good rejected; undetermined counts as wrong; unsure and disputed labels are left out)",
            pct(self.overall_accuracy())
        );
        for s in &self.requirements {
            if !s.false_accept_photos.is_empty() {
                let _ = writeln!(
                    out,
                    "false accepts of {}: {}",
                    s.requirement,
                    s.false_accept_photos.join(", ")
                );
            }
        }
        if !self.metric_errors.is_empty() {
            let _ = writeln!(
                out,
                "\nmetrics against the truth the mutations make (|err| in the metric's unit):"
            );
            out.push_str(&metric_error::to_text(&self.metric_errors));
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::eval::REQUIREMENTS;

    #[test]
    fn tallies_put_each_case_in_its_cell() {
        let mut card = Scorecard::new(&REQUIREMENTS);
        card.add("eyes_open", "a", Label::No, Outcome::Meets);
        card.add("eyes_open", "b", Label::No, Outcome::Breaks);
        card.add("eyes_open", "c", Label::Yes, Outcome::Undetermined);
        card.add("eyes_open", "d", Label::Yes, Outcome::Meets);
        card.add("eyes_open", "e", Label::Unsure, Outcome::Breaks);
        card.add("eyes_open", "f", Label::Disputed, Outcome::Meets);
        card.add("no_head_covering", "a", Label::No, Outcome::NotJudged);
        let s = &card.requirements[1];
        assert_eq!(s.requirement, "eyes_open");
        assert_eq!((s.false_accepts, s.true_rejects), (1, 1));
        assert_eq!((s.undetermined_good, s.true_accepts, s.unsure), (1, 1, 1));
        assert_eq!(s.disputed, 1);
        assert_eq!(s.false_accept_photos, vec!["a".to_string()]);
        assert_eq!(s.accuracy(), Some(0.5));
        assert_eq!(s.false_accept_rate(), Some(0.5));
        assert_eq!(s.false_reject_rate(), Some(0.5));
        assert_eq!(card.overall_accuracy(), Some(0.5));
        let text = card.to_text();
        assert!(text.contains("false accepts of eyes_open: a"), "{text}");
        assert!(
            text.contains("no_head_covering     confirmed by hand"),
            "{text}"
        );

        let mut better = card.clone();
        better.requirements[1].false_accepts = 0;
        assert!(better.regressions_from(&card).is_empty());
        let worse = card.regressions_from(&better);
        assert_eq!(worse.len(), 1, "{worse:?}");
        assert!(
            worse[0].starts_with("eyes_open: 1 false accepts, 0 before"),
            "{worse:?}"
        );
    }
}
