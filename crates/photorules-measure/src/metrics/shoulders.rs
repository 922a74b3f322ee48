//! pose.shoulder_tilt_deg: the shoulder line against the background on both sides below the
//! chin.
//!
//! At matching distances either side of the face centre, walk down each column from above the
//! chin until the person starts (a run of non-background pixels); pair the left and right
//! heights and take the median angle.

use photorules_core::{Metrics, Unit};

use super::background::BackgroundModel;
use crate::geometry::Geometry;
use crate::raster::percentile;
use crate::scene::Scene;

/// Offsets from the face centre searched, in face widths: from just outside the ears (a
/// document photo's frame leaves little more) to well out on the shoulders.
const OFFSETS: (f64, f64) = (0.6, 1.6);
/// Person run that marks the shoulder edge, in face widths (at least 3 px).
const RUN: f64 = 0.03;
/// Share of offsets that must give a height on both sides.
const MIN_PAIRED: f64 = 0.25;
/// Fewest offsets (px of the measurement copy) worth a median.
const MIN_STEPS: f64 = 8.0;

pub fn measure(
    scene: &Scene,
    model: Option<&BackgroundModel>,
    metrics: &mut Metrics,
    geometry: &mut Geometry,
) {
    let name = "pose.shoulder_tilt_deg";
    let Some(model) = model else {
        metrics.absent(
            name,
            "no background is visible to find the shoulders against",
        );
        return;
    };
    if !model.is_plain() {
        // Clothes often share a colour with a patterned or multi-coloured backdrop (a dark
        // suit before a flag's navy canton): the edge found would be the backdrop's.
        metrics.absent(
            name,
            "the background is not one plain colour, so the shoulders cannot be told from it",
        );
        return;
    }
    let mesh = &scene.work_mesh;
    let (lo, hi) = mesh.outline_x_range();
    let face_width = hi - lo;
    let centre = (lo + hi) / 2.0;
    let chin = mesh.chin_y();
    let work = scene.work;
    let (w, h) = (work.width(), work.height());
    let start = (chin - 0.3 * face_width).max(0.0);
    if start >= f64::from(h) - 2.0 {
        metrics.absent(name, "the shoulders are below the bottom edge of the image");
        return;
    }
    let start = start as u32;
    let run = ((RUN * face_width).round() as u32).max(3);
    let edge_at = |x: f64| -> Option<f64> {
        if x < 0.0 || x >= f64::from(w) {
            return None;
        }
        let x = x as u32;
        // The column must begin in background: otherwise hair or an object is in the way.
        if !model.matches(work.get_pixel(x, start).0) {
            return None;
        }
        let mut person_run = 0;
        for y in start..h {
            if model.matches(work.get_pixel(x, y).0) {
                person_run = 0;
            } else {
                person_run += 1;
                if person_run >= run {
                    return Some(f64::from(y + 1 - run));
                }
            }
        }
        None
    };
    // A document photo's frame may end before the outer offsets: search what lies inside it.
    let room = centre.min(f64::from(w) - 1.0 - centre);
    let outer = (OFFSETS.1 * face_width).min(room);
    if outer < OFFSETS.0 * face_width + MIN_STEPS {
        metrics.absent(
            name,
            "the image ends too close to the face to see the shoulders beside it",
        );
        return;
    }
    let steps = (outer - OFFSETS.0 * face_width).round().max(1.0) as usize;
    let mut angles = Vec::new();
    let mut pairs = Vec::new();
    for k in 0..=steps {
        let d = OFFSETS.0 * face_width + k as f64;
        if let (Some(left), Some(right)) = (edge_at(centre - d), edge_at(centre + d)) {
            angles.push((right - left).atan2(2.0 * d).to_degrees());
            pairs.push(([centre - d, left], [centre + d, right]));
        }
    }
    if (angles.len() as f64) < MIN_PAIRED * (steps + 1) as f64 {
        metrics.absent(
            name,
            "the shoulders are not visible against the background on both sides",
        );
        return;
    }
    if let Some(tilt) = percentile(&mut angles, 0.5) {
        metrics.number(name, tilt, Unit::Deg);
        if let Some((left, right)) = pairs.last() {
            let s = scene.scale;
            geometry.shoulders = Some([[left[0] * s, left[1] * s], [right[0] * s, right[1] * s]]);
        }
    }
}
