//! image.*: what the file is, and whether the picture is in colour.

use image::RgbImage;
use photorules_core::{Metrics, Unit};

use crate::colour::lab_from_srgb;
use crate::decode::ImageInfo;
use crate::raster::percentile;
use crate::thresholds::COLOUR_MIN_CHROMA;

/// Pixels sampled for the colour decision (spread evenly over the picture). The 95th
/// percentile of 10 000 samples is within a fraction of a chroma unit of the whole picture's,
/// and converting more pixels to CIELAB cost a twentieth of a 413 × 531 measurement.
const COLOUR_SAMPLES: usize = 10_000;

pub fn measure(info: &ImageInfo, work: &RgbImage, metrics: &mut Metrics) {
    metrics.number("image.width_px", f64::from(info.width), Unit::Px);
    metrics.number("image.height_px", f64::from(info.height), Unit::Px);
    metrics.number(
        "image.aspect",
        f64::from(info.width) / f64::from(info.height.max(1)),
        Unit::Ratio,
    );
    match info.dpi {
        Some(dpi) => metrics.number("image.dpi", dpi, Unit::Dpi),
        None => metrics.absent(
            "image.dpi",
            "the file stores no resolution (no JFIF density, EXIF resolution or PNG pHYs)",
        ),
    }
    metrics.number("image.bytes", info.bytes as f64, Unit::Bytes);
    metrics.text("image.format", info.format.name());
    metrics.number("image.bit_depth", f64::from(info.bit_depth), Unit::Count);
    if info.channels <= 2 {
        // A greyscale file cannot hold colour, whatever its pixels look like once expanded.
        metrics.boolean("image.colour", false);
    } else {
        match chroma_p95(work) {
            Some(chroma) => metrics.boolean("image.colour", chroma >= COLOUR_MIN_CHROMA),
            None => metrics.absent("image.colour", "the image has no pixels"),
        }
    }
}

/// 95th percentile CIELAB chroma over evenly spread pixels: robust to a few coloured specks
/// (JPEG noise) on a grey photo, yet a colour portrait's skin alone passes it.
pub fn chroma_p95(image: &RgbImage) -> Option<f64> {
    let pixels = image.as_raw().chunks_exact(3);
    let total = pixels.len();
    let step = (total / COLOUR_SAMPLES).max(1);
    let mut chromas: Vec<f64> = pixels
        .step_by(step)
        .map(|p| lab_from_srgb([p[0], p[1], p[2]]).chroma())
        .collect();
    percentile(&mut chromas, 0.95)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grey_and_colour_images_are_told_apart() {
        let grey = RgbImage::from_fn(64, 64, |x, y| {
            let v = ((x * 4 + y) % 256) as u8;
            image::Rgb([v, v, v])
        });
        assert!(chroma_p95(&grey).unwrap_or(100.0) < COLOUR_MIN_CHROMA);
        let colour = RgbImage::from_fn(64, 64, |x, _| {
            if x < 20 {
                image::Rgb([200, 150, 120])
            } else {
                image::Rgb([240, 240, 240])
            }
        });
        assert!(chroma_p95(&colour).unwrap_or(0.0) >= COLOUR_MIN_CHROMA);
    }
}
