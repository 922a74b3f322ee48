//! face.sharpness: detail in the inner face at a fixed size.
//!
//! The inner face (eyebrows to mouth, outer eye corner to outer eye corner) is resampled from
//! the full-resolution image to a fixed width, so that the score does not depend on the photo's
//! resolution; then `r = var(Laplacian) / var(intensity)` (contrast-free) and the score is
//! `r / (1 + r)`, in 0–1.

use image::RgbImage;
use photorules_core::{Metrics, Unit};
use photorules_vision::mesh;

use crate::raster::{Rect, bounding_rect, grey, resample_region};
use crate::scene::Scene;

/// Width of the resampled inner face.
const SAMPLE_WIDTH: u32 = 128;

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

/// The sharpness score of `region` of `image`.
pub fn score(image: &RgbImage, region: Rect) -> Option<f64> {
    let clipped = region.clip(image.width(), image.height());
    if clipped.width() < 16.0 || clipped.height() < 16.0 || clipped.width() < 0.8 * region.width() {
        return None;
    }
    let height =
        ((f64::from(SAMPLE_WIDTH) * clipped.height() / clipped.width()).round() as u32).max(8);
    let sample = grey(&resample_region(image, clipped, SAMPLE_WIDTH, height)?);
    let (w, h) = sample.dimensions();
    let v = |x: u32, y: u32| f64::from(sample.get_pixel(x, y).0[0]);
    let mut lap = Vec::with_capacity(((w - 2) * (h - 2)) as usize);
    let mut intensity = Vec::with_capacity(lap.capacity());
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            lap.push(v(x - 1, y) + v(x + 1, y) + v(x, y - 1) + v(x, y + 1) - 4.0 * v(x, y));
            intensity.push(v(x, y));
        }
    }
    let variance = |values: &[f64]| {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n
    };
    let contrast = variance(&intensity);
    if contrast < 1e-6 {
        return Some(0.0);
    }
    let ratio = variance(&lap) / contrast;
    Some(ratio / (1.0 + ratio))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blurring_lowers_the_score() {
        let sharp = RgbImage::from_fn(200, 200, |x, y| {
            let v = if (x / 10 + y / 10) % 2 == 0 { 30 } else { 220 };
            image::Rgb([v, v, v])
        });
        let blurred = image::imageops::blur(&sharp, 4.0);
        let region = Rect::new(20.0, 20.0, 180.0, 180.0);
        let (a, b) = (score(&sharp, region), score(&blurred, region));
        assert!(a.zip(b).is_some_and(|(a, b)| a > b), "{a:?} {b:?}");
    }
}
