//! The bands the crop aims at, read from the compiled profile's rules by metric name.

use photorules_core::ir::{Check, CmpOp, CompiledProfile, Expr, Severity};
use serde::Serialize;

/// A closed interval; either end may be infinite (one-sided rules such as `>= 2 mm`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    pub const ALL: Interval = Interval {
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
    };

    pub fn new(lo: f64, hi: f64) -> Interval {
        Interval { lo, hi }
    }

    pub fn intersect(self, other: Interval) -> Interval {
        Interval {
            lo: self.lo.max(other.lo),
            hi: self.hi.min(other.hi),
        }
    }

    pub fn is_empty(self) -> bool {
        self.lo > self.hi
    }

    pub fn is_bounded(self) -> bool {
        self.lo.is_finite() && self.hi.is_finite()
    }

    pub fn contains(self, value: f64) -> bool {
        value >= self.lo && value <= self.hi
    }

    pub fn middle(self) -> f64 {
        (self.lo + self.hi) / 2.0
    }

    /// The interval pulled in by `fraction` of its half-width at each bounded end, and by
    /// `one_sided` at an end whose other side is open: the room measurement noise on the prepared
    /// photo needs so that a value planned inside is still measured inside.
    pub fn shrunk(self, fraction: f64, one_sided: f64) -> Interval {
        if self.is_bounded() {
            let pull = (self.hi - self.lo) / 2.0 * fraction;
            Interval::new(self.lo + pull, self.hi - pull)
        } else {
            Interval::new(
                if self.lo.is_finite() {
                    self.lo + one_sided
                } else {
                    self.lo
                },
                if self.hi.is_finite() {
                    self.hi - one_sided
                } else {
                    self.hi
                },
            )
        }
    }
}

/// Where a band came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "from", rename_all = "kebab-case")]
pub enum BandOrigin {
    /// The profile's rules with these ids.
    Rules { rules: Vec<String> },
    /// The profile has no rule on the metric; ICAO 9303's number was used, as `note` says.
    Fallback { note: String },
    /// Neither the profile nor the fallback constrains it.
    Unconstrained,
}

/// A metric's band and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub metric: String,
    pub interval: Interval,
    pub origin: BandOrigin,
}

impl Band {
    /// The band every reject-severity rule of `profile` puts on `metric`, intersected.
    /// Rules with a `when` condition and `any`/`not` expressions give no band (they do not say
    /// where a value must lie on their own).
    pub fn from_profile(profile: &CompiledProfile, metric: &str) -> Option<Band> {
        let mut interval = Interval::ALL;
        let mut rules = Vec::new();
        for rule in &profile.rules {
            let Check::Requirement {
                when: None,
                require,
            } = &rule.check
            else {
                continue;
            };
            if rule.severity != Severity::Reject {
                continue;
            }
            if let Some(found) = constraint(require, metric) {
                interval = interval.intersect(found);
                rules.push(rule.id.clone());
            }
        }
        (!rules.is_empty()).then(|| Band {
            metric: metric.to_string(),
            interval,
            origin: BandOrigin::Rules { rules },
        })
    }

    /// The profile's band, else the fallback with a note saying so.
    pub fn or_fallback(
        profile: &CompiledProfile,
        metric: &str,
        fallback: Option<(Interval, &str)>,
    ) -> Band {
        if let Some(band) = Band::from_profile(profile, metric) {
            return band;
        }
        match fallback {
            Some((interval, words)) => Band {
                metric: metric.to_string(),
                interval,
                origin: BandOrigin::Fallback {
                    note: format!(
                        "profile `{}` has no rule on `{metric}`; the crop aims at {words} instead",
                        profile.id
                    ),
                },
            },
            None => Band {
                metric: metric.to_string(),
                interval: Interval::ALL,
                origin: BandOrigin::Unconstrained,
            },
        }
    }
}

/// The interval `expr` confines `metric` to, when it does so on its own.
fn constraint(expr: &Expr, metric: &str) -> Option<Interval> {
    match expr {
        Expr::Between {
            metric: m, lo, hi, ..
        } if m == metric => Some(Interval::new(*lo, *hi)),
        Expr::Compare {
            metric: m,
            cmp,
            value,
            ..
        } if m == metric => match cmp {
            CmpOp::Ge | CmpOp::Gt => Some(Interval::new(*value, f64::INFINITY)),
            CmpOp::Le | CmpOp::Lt => Some(Interval::new(f64::NEG_INFINITY, *value)),
            CmpOp::Eq => Some(Interval::new(*value, *value)),
            CmpOp::Ne => None,
        },
        Expr::All { all } => all
            .iter()
            .filter_map(|e| constraint(e, metric))
            .reduce(Interval::intersect),
        _ => None,
    }
}

/// Every band the crop planner reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bands {
    /// `head.chin_crown_ratio`: chin-to-crown height over image height.
    pub chin_crown: Band,
    /// `eyes.line_height_ratio`: eye line above the bottom edge over image height.
    pub eye_line: Band,
    /// `head.centre_offset_ratio`: head centre offset over image width.
    pub centre: Band,
    /// `head.width_ratio`: head width over image width.
    pub head_width: Band,
    /// `head.top_margin_ratio`: space above the crown over image height.
    pub top_margin: Band,
}

pub const CHIN_CROWN: &str = "head.chin_crown_ratio";
pub const EYE_LINE: &str = "eyes.line_height_ratio";
pub const CENTRE: &str = "head.centre_offset_ratio";
pub const HEAD_WIDTH: &str = "head.width_ratio";
pub const TOP_MARGIN: &str = "head.top_margin_ratio";

impl Bands {
    /// The profile's bands; where it has none, ICAO 9303's numbers (those of `icao/base`) for
    /// head height, eye line and centring.
    pub fn from_profile(profile: &CompiledProfile) -> Bands {
        Bands {
            chin_crown: Band::or_fallback(
                profile,
                CHIN_CROWN,
                Some((
                    Interval::new(0.70, 0.80),
                    "ICAO 9303's chin to crown of 70–80 % of the image height",
                )),
            ),
            eye_line: Band::or_fallback(
                profile,
                EYE_LINE,
                Some((
                    Interval::new(0.50, 0.70),
                    "ISO/IEC 19794-5's eye line at 50–70 % of the image height from the bottom",
                )),
            ),
            centre: Band::or_fallback(
                profile,
                CENTRE,
                Some((
                    Interval::new(-0.05, 0.05),
                    "a head centred within 5 % of the image width (ICAO 9303: head centred)",
                )),
            ),
            head_width: Band::or_fallback(profile, HEAD_WIDTH, None),
            top_margin: Band::or_fallback(profile, TOP_MARGIN, None),
        }
    }

    /// The notes of every band that fell back to ICAO's numbers.
    pub fn fallback_notes(&self) -> Vec<String> {
        [
            &self.chin_crown,
            &self.eye_line,
            &self.centre,
            &self.head_width,
            &self.top_margin,
        ]
        .into_iter()
        .filter_map(|band| match &band.origin {
            BandOrigin::Fallback { note } => Some(note.clone()),
            _ => None,
        })
        .collect()
    }
}
