//! face.sharpness: how steep the inner face's sharpest edges are.
//!
//! A blurred edge rises over several pixels: under a Gaussian blur of σ pixels, an edge
//! between two levels `C` apart is at most `C / (σ √(2π))` steep. So the score is, over the
//! pixels of the inner face (eyebrows to mouth) that lie near an edge, the steepness of the
//! grey level (central differences) divided by the local range it climbs (the 7 × 7 window's
//! highest less lowest level), at its 99th percentile: a perfectly sharp step scores 0.5,
//! an edge blurred by σ = 1 px about 0.4 and by 2 px about 0.2. Dividing by the local range
//! makes the score blind to contrast, lighting and skin texture; the percentile keeps only the
//! sharpest edges, which every face in focus has (eyelashes, the iris rim, the lip line).
//!
//! The region is sampled at its own resolution, or reduced to [`SAMPLE_MAX_WIDTH`] (about 64
//! px between the eyes) when larger, never enlarged: an enlarged face is as soft as the
//! enlargement made it, and reducing a large one judges it at the detail a print shows.
//!
//! Until 2026-12-06 the score was `r / (1 + r)` with `r = var(Laplacian) / var(intensity)` on
//! the region resampled to 128 px: it rose with skin texture and fell with make-up and soft
//! light, and rejected 14 of the 51 photos of spec-tests/eval labelled in focus
//! (docs/accuracy.md, "Sharpness").

use image::{GrayImage, RgbImage};
use imageproc::morphology::{Mask, grayscale_dilate, grayscale_erode};
use photorules_core::{Metrics, Unit};
use photorules_vision::mesh;

use crate::raster::{Rect, bounding_rect, grey, resample_region};
use crate::scene::Scene;

/// Widest the inner face is judged at (it spans about two eye distances).
const SAMPLE_MAX_WIDTH: f64 = 128.0;
/// Half the side of the window whose range an edge climbs: 7 × 7 holds the whole rise of an
/// edge blurred by up to σ ≈ 1.5 px.
const RANGE_RADIUS: u8 = 3;
/// Least range (grey levels, 0–255) for a pixel to count as near an edge: flat skin with
/// JPEG noise or grain climbs less, and its steepness over a tiny range means nothing.
const MIN_EDGE_RANGE: u8 = 25;
/// The share of edge pixels at or below the score: the sharpest 1 %.
const STEEPEST_PERCENTILE: f64 = 0.99;
/// Fewest edge pixels to judge by; a face with fewer has no edge sharp or soft enough to
/// show (heavy blur flattens them all) and scores 0.
const MIN_EDGE_PIXELS: usize = 20;

pub fn measure(scene: &Scene, metrics: &mut Metrics) {
    let mesh = scene.mesh;
    let mut points = mesh.polygon(&mesh::RIGHT_EYEBROW);
    points.extend(mesh.polygon(&mesh::LEFT_EYEBROW));
    points.extend(mesh.polygon(&mesh::LIPS_OUTER));
    let region = bounding_rect(&points);
    match score(scene.full, region) {
        Some(s) => metrics.number("face.sharpness", s, Unit::Score),
        None => metrics.absent(
            "face.sharpness",
            "the inner face is outside the image or too small to judge",
        ),
    }
}

/// The sharpness score of `region` of `image`; `None` when less than 0.8 of the region's
/// width lies in the image or what lies there is under 16 px on a side.
pub fn score(image: &RgbImage, region: Rect) -> Option<f64> {
    let clipped = region.clip(image.width(), image.height());
    if clipped.width() < 16.0 || clipped.height() < 16.0 || clipped.width() < 0.8 * region.width() {
        return None;
    }
    // Whole pixels, so that a region sampled at its own resolution is a plain copy: a
    // fractional offset would average neighbours and soften every edge.
    let aligned = Rect::new(
        clipped.left.floor(),
        clipped.top.floor(),
        clipped.right.ceil().min(f64::from(image.width())),
        clipped.bottom.ceil().min(f64::from(image.height())),
    );
    let factor = (SAMPLE_MAX_WIDTH / aligned.width()).min(1.0);
    let width = ((aligned.width() * factor).round() as u32).max(8);
    let height = ((aligned.height() * factor).round() as u32).max(8);
    let sample = grey(&resample_region(image, aligned, width, height)?);
    Some(steepest_edges(&sample))
}

/// The 99th percentile of steepness over local range, over the pixels near an edge.
fn steepest_edges(sample: &GrayImage) -> f64 {
    let (w, h) = sample.dimensions();
    let (low, high) = local_extremes(sample);
    let level = |x: u32, y: u32| f64::from(sample.get_pixel(x, y).0[0]);
    let mut ratios = Vec::new();
    // Only pixels whose whole window lies in the sample: near the border the window would
    // miss part of the rise and make an edge read steeper than it is.
    let margin = u32::from(RANGE_RADIUS);
    for y in margin..h.saturating_sub(margin) {
        for x in margin..w.saturating_sub(margin) {
            let i = (y * w + x) as usize;
            let range = high[i].saturating_sub(low[i]);
            if range < MIN_EDGE_RANGE {
                continue;
            }
            let dx = (level(x + 1, y) - level(x - 1, y)) / 2.0;
            let dy = (level(x, y + 1) - level(x, y - 1)) / 2.0;
            ratios.push(dx.hypot(dy) / f64::from(range));
        }
    }
    if ratios.len() < MIN_EDGE_PIXELS {
        return 0.0;
    }
    ratios.sort_by(f64::total_cmp);
    let at = ((ratios.len() - 1) as f64 * STEEPEST_PERCENTILE).round() as usize;
    ratios[at]
}

/// The lowest and highest level of every pixel's window (clipped at the borders), row-major.
fn local_extremes(sample: &GrayImage) -> (Vec<u8>, Vec<u8>) {
    let window = Mask::square(RANGE_RADIUS);
    (
        grayscale_erode(sample, &window).into_raw(),
        grayscale_dilate(sample, &window).into_raw(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vertical bars `cell` px wide: straight step edges, where the arithmetic in the
    /// module's comment holds (a corner climbs in two directions at once and reads steeper).
    /// Blurred across the bars by a Gaussian of `sigma` px (none at 0).
    fn bars(size: u32, cell: u32, dark: u8, light: u8, sigma: f64) -> RgbImage {
        let step = |x: i64| {
            let x = x.clamp(0, i64::from(size) - 1) as u32;
            if (x / cell).is_multiple_of(2) {
                f64::from(dark)
            } else {
                f64::from(light)
            }
        };
        let reach = (4.0 * sigma).ceil() as i64;
        let weights: Vec<f64> = (-reach..=reach)
            .map(|k| (-(k * k) as f64 / (2.0 * sigma * sigma).max(1e-9)).exp())
            .collect();
        let total: f64 = weights.iter().sum();
        RgbImage::from_fn(size, size, |x, _| {
            let v = (-reach..=reach)
                .zip(&weights)
                .map(|(k, w)| w * step(i64::from(x) + k))
                .sum::<f64>()
                / total;
            let v = v.round() as u8;
            image::Rgb([v, v, v])
        })
    }

    #[test]
    fn blurring_lowers_the_score() {
        let region = Rect::new(20.0, 20.0, 120.0, 120.0);
        let scores: Vec<f64> = [0.0, 1.0, 2.0]
            .iter()
            .map(|&sigma| score(&bars(200, 10, 30, 220, sigma), region).unwrap_or(f64::NAN))
            .collect();
        assert!(
            (scores[0] - 0.5).abs() < 0.01,
            "a sharp step scores 0.5: {scores:?}"
        );
        assert!(
            scores[0] > scores[1] && scores[1] > scores[2],
            "each blur lowers the score: {scores:?}"
        );
        assert!(
            (0.17..0.23).contains(&scores[2]),
            "a 2 px blur scores about 0.2: {scores:?}"
        );
    }

    #[test]
    fn contrast_does_not_change_the_score() {
        let region = Rect::new(20.0, 20.0, 120.0, 120.0);
        let strong = bars(200, 10, 20, 235, 1.0);
        let weak = bars(200, 10, 100, 160, 1.0);
        let (a, b) = (score(&strong, region), score(&weak, region));
        assert!(
            a.zip(b).is_some_and(|(a, b)| (a - b).abs() < 0.05),
            "{a:?} {b:?}"
        );
    }

    #[test]
    fn a_flat_face_scores_zero_and_a_region_outside_is_not_judged() {
        let flat = RgbImage::from_pixel(100, 100, image::Rgb([128, 128, 128]));
        assert_eq!(score(&flat, Rect::new(10.0, 10.0, 90.0, 90.0)), Some(0.0));
        assert_eq!(score(&flat, Rect::new(90.0, 10.0, 190.0, 90.0)), None);
    }
}
