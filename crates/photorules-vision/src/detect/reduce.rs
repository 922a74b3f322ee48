//! The reduced greyscale copy that detection runs on.

use image::{GrayImage, RgbImage, imageops};

/// Reduces `image` so its long side is at most `long_side` and converts it to grey.
///
/// Returns the copy and the factor that maps its coordinates back to `image`
/// (`1.0` when no reduction was needed). Reduction uses `image`'s `thumbnail`, an area
/// average: fast on 12 MP photos and free of the aliasing that hurts the detector's
/// texture features.
pub fn reduce_to_long_side(image: &RgbImage, long_side: u32) -> (GrayImage, f32) {
    let (width, height) = image.dimensions();
    let long = width.max(height);
    if long <= long_side || long_side == 0 {
        return (imageops::grayscale(image), 1.0);
    }
    let scale = f64::from(long_side) / f64::from(long);
    let new_width = scaled_side(width, scale);
    let new_height = scaled_side(height, scale);
    let reduced = imageops::thumbnail(image, new_width, new_height);
    // Mean of the two axes' factors: they differ only by the rounding of the sides.
    let factor = (width as f32 / new_width as f32 + height as f32 / new_height as f32) / 2.0;
    (imageops::grayscale(&reduced), factor)
}

fn scaled_side(side: u32, scale: f64) -> u32 {
    // Never 0: `thumbnail` of a 0-px side would be an empty image.
    ((f64::from(side) * scale).round() as u32).max(1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn keeps_small_images_and_reduces_large_ones() {
        let small = RgbImage::new(300, 200);
        let (gray, factor) = reduce_to_long_side(&small, 800);
        assert_eq!(gray.dimensions(), (300, 200));
        assert_eq!(factor, 1.0);

        let large = RgbImage::new(3000, 4000);
        let (gray, factor) = reduce_to_long_side(&large, 800);
        assert_eq!(gray.dimensions(), (600, 800));
        assert!((factor - 5.0).abs() < 1e-6);
    }

    #[test]
    fn extreme_aspect_never_gives_an_empty_side() {
        let strip = RgbImage::new(5000, 2);
        let (gray, _) = reduce_to_long_side(&strip, 800);
        assert_eq!(gray.dimensions(), (800, 1));
    }
}
