//! The crop search: over head height, eye line and centring, the crop closest to the middle of
//! the bands that keeps every band (with room for measurement noise) and stays inside the photo.
//!
//! Three ratios fix a crop of known aspect: the chin-to-crown share `a` gives its height
//! (`H = head / a`), the eye line `e` its top (`top = eye − H (1 − e)`), the centre offset `c`
//! its left edge. The cost is the squared distance from the bands' middles in half-band units,
//! so a band twice as narrow pulls twice as hard. A grid of 81 steps per ratio is fine enough
//! (an 81st of a band is well below a pixel's worth of measurement noise).

use serde::Serialize;

use super::bands::Interval;
use super::frame::Upright;

const STEPS: usize = 81;
/// Crown, chin and the sides of the head keep at least this share of the frame inside it,
/// whatever the bands say: the head must not touch an edge (`face.inside_frame`).
const HARD_MARGIN: f64 = 0.01;
/// Crop corners may stick out of the photo by this much (pixels) on edges where no overflow
/// is allowed: rounding, not content.
const EDGE_TOLERANCE: f64 = 0.5;

/// The face in the upright frame, in source pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Subject {
    /// Row of the top of the head (hair included).
    pub crown_y: f64,
    /// Row of the (level) eye line.
    pub eye_y: f64,
    pub chin_y: f64,
    /// Columns of the head's outline extremes.
    pub left_x: f64,
    pub right_x: f64,
}

impl Subject {
    pub fn head_height(&self) -> f64 {
        self.chin_y - self.crown_y
    }

    pub fn centre_x(&self) -> f64 {
        (self.left_x + self.right_x) / 2.0
    }

    pub fn head_width(&self) -> f64 {
        self.right_x - self.left_x
    }
}

/// The source photo: its size and the turn that levels the eyes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Source {
    pub width: f64,
    pub height: f64,
    pub frame: Upright,
}

/// One flag per edge of the source photo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Edges {
    pub top: bool,
    pub bottom: bool,
    pub left: bool,
    pub right: bool,
}

impl Edges {
    pub fn any(&self) -> bool {
        self.top || self.bottom || self.left || self.right
    }

    /// The names of the flagged edges, for messages.
    pub fn names(&self) -> Vec<&'static str> {
        [
            (self.top, "top"),
            (self.bottom, "bottom"),
            (self.left, "left"),
            (self.right, "right"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }
}

/// How far a crop reaches beyond each edge of the source, in source pixels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Beyond {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
}

impl Beyond {
    /// The edges the crop crosses by more than rounding.
    pub fn edges(&self) -> Edges {
        Edges {
            top: self.top > EDGE_TOLERANCE,
            bottom: self.bottom > EDGE_TOLERANCE,
            left: self.left > EDGE_TOLERANCE,
            right: self.right > EDGE_TOLERANCE,
        }
    }

    fn allowed_by(&self, allowed: Edges) -> bool {
        let crossed = self.edges();
        (!crossed.top || allowed.top)
            && (!crossed.bottom || allowed.bottom)
            && (!crossed.left || allowed.left)
            && (!crossed.right || allowed.right)
    }
}

/// What a band asks of the search: a constraint (already shrunk for noise) and a target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aim {
    pub keep: Interval,
    pub target: f64,
    /// Half the band's width: the unit of the cost.
    pub half: f64,
}

impl Aim {
    /// Aim at the middle of `band`; a one-sided band aims at `default` pulled inside it.
    pub fn at_middle(band: Interval, keep: Interval, default: f64, default_half: f64) -> Aim {
        if band.is_bounded() && band.hi > band.lo {
            Aim {
                keep,
                target: band.middle(),
                half: (band.hi - band.lo) / 2.0,
            }
        } else {
            Aim {
                keep,
                target: default.clamp(keep.lo.min(keep.hi), keep.hi.max(keep.lo)),
                half: default_half,
            }
        }
    }

    fn cost(&self, value: f64) -> f64 {
        let d = (value - self.target) / self.half;
        d * d
    }
}

/// What the crop must satisfy and aims at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aims {
    pub chin_crown: Aim,
    pub eye_line: Aim,
    pub centre: Aim,
    /// Constraints only (no target).
    pub head_width: Interval,
    pub top_margin: Interval,
}

/// The ratios a crop gives, as the measurement will compute them on the prepared photo.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Predicted {
    pub chin_crown: f64,
    pub eye_line: f64,
    pub centre_offset: f64,
    pub head_width: f64,
    pub top_margin: f64,
}

/// A crop rectangle in the upright frame (source pixels) and what it gives.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Crop {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub predicted: Predicted,
    pub beyond: Beyond,
}

/// What the search must respect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The bands and the photo's edges (except the edges allowed to overflow).
    Strict,
    /// The bands only: the crop the bands want, wherever it falls.
    IgnoreEdges,
    /// The photo's edges only (and the head inside the frame): the best the photo allows.
    IgnoreBands,
}

/// The best crop of aspect `aspect` (width / height), or `None` when nothing satisfies `mode`.
pub fn search(
    subject: &Subject,
    aspect: f64,
    aims: &Aims,
    source: &Source,
    overflow: Edges,
    mode: Mode,
) -> Option<Crop> {
    let head = subject.head_height();
    if !(head > 0.0 && subject.head_width() > 0.0 && aspect > 0.0) {
        return None;
    }
    let bands = mode != Mode::IgnoreBands;
    let wide = Interval::new(0.05, 0.99);
    let range = |keep: Interval, relaxed: Interval| if bands { keep } else { relaxed };
    let a_range = range(aims.chin_crown.keep, Interval::new(0.2, 0.98));
    let e_range = range(aims.eye_line.keep, wide);
    let c_range = range(aims.centre.keep, Interval::new(-0.45, 0.45));
    let mut c_values = grid(c_range);
    c_values.sort_by(|x, y| aims.centre.cost(*x).total_cmp(&aims.centre.cost(*y)));

    let mut best: Option<(f64, Crop)> = None;
    for a in grid(a_range) {
        let height = head / a;
        let width = height * aspect;
        let head_width = subject.head_width() / width;
        if bands && !aims.head_width.contains(head_width) {
            continue;
        }
        for e in grid(e_range) {
            let top = subject.eye_y - height * (1.0 - e);
            let top_margin = (subject.crown_y - top) / height;
            let bottom_margin = (top + height - subject.chin_y) / height;
            if top_margin < HARD_MARGIN || bottom_margin < HARD_MARGIN {
                continue;
            }
            if bands && !aims.top_margin.contains(top_margin) {
                continue;
            }
            let partial = aims.chin_crown.cost(a) + aims.eye_line.cost(e);
            if best.as_ref().is_some_and(|(cost, _)| partial >= *cost) {
                continue;
            }
            // Sorted by cost: the first centring that fits is the best for this (a, e).
            for &c in &c_values {
                let left = subject.centre_x() - width / 2.0 - c * width;
                let side_margin =
                    (subject.left_x - left).min(left + width - subject.right_x) / width;
                if side_margin < HARD_MARGIN {
                    continue;
                }
                let beyond = beyond(source, left, top, width, height);
                if mode != Mode::IgnoreEdges && !beyond.allowed_by(overflow) {
                    continue;
                }
                let cost = partial + aims.centre.cost(c);
                if best.as_ref().is_none_or(|(b, _)| cost < *b) {
                    let crop = Crop {
                        left,
                        top,
                        width,
                        height,
                        predicted: Predicted {
                            chin_crown: a,
                            eye_line: e,
                            centre_offset: c,
                            head_width,
                            top_margin,
                        },
                        beyond,
                    };
                    best = Some((cost, crop));
                }
                break;
            }
        }
    }
    best.map(|(_, crop)| crop)
}

/// `STEPS` evenly spaced values over `range` (its middle alone when it is a point; none when
/// it is empty).
fn grid(range: Interval) -> Vec<f64> {
    if range.is_empty() || !range.is_bounded() {
        return Vec::new();
    }
    if range.hi == range.lo {
        return vec![range.lo];
    }
    let step = (range.hi - range.lo) / (STEPS - 1) as f64;
    (0..STEPS).map(|i| range.lo + step * i as f64).collect()
}

/// How far the crop's corners, taken back to the source, reach beyond its edges.
fn beyond(source: &Source, left: f64, top: f64, width: f64, height: f64) -> Beyond {
    let corners = [
        [left, top],
        [left + width, top],
        [left, top + height],
        [left + width, top + height],
    ]
    .map(|p| source.frame.to_source(p));
    let mut out = Beyond::default();
    for [x, y] in corners {
        out.left = out.left.max(-x);
        out.top = out.top.max(-y);
        out.right = out.right.max(x - source.width);
        out.bottom = out.bottom.max(y - source.height);
    }
    out
}
