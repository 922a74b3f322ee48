//! Person segmentation for background replacement: MediaPipe's selfie-segmentation network
//! gives a coarse 256 × 256 person probability; it is upsampled to the photo's size and its
//! edge refined against the photo's colours ([`refine`]), so that hair and shoulders keep clean
//! edges when the background is replaced.

pub mod refine;
mod solid;

use image::RgbImage;
use photorules_vision::{PersonSegmenter, SEGMENTATION_SIDE};

use crate::error::PrepareError;
pub use refine::RefineParams;

/// How much of each pixel belongs to the person, 0 (background) to 1 (person).
#[derive(Debug, Clone, PartialEq)]
pub struct Matte {
    pub width: u32,
    pub height: u32,
    /// Row by row.
    pub alpha: Vec<f32>,
}

impl Matte {
    pub fn at(&self, x: u32, y: u32) -> f32 {
        self.alpha
            .get(y as usize * self.width as usize + x as usize)
            .copied()
            .unwrap_or(0.0)
    }

    /// Share of the pixels that are mostly person.
    pub fn person_share(&self) -> f64 {
        if self.alpha.is_empty() {
            return 0.0;
        }
        self.alpha.iter().filter(|&&a| a > 0.5).count() as f64 / self.alpha.len() as f64
    }
}

/// The segmentation network, loaded once (≈ 0.1 s) and shared; `Send + Sync`.
#[derive(Debug)]
pub struct Segmenter {
    /// Shared with measurement, which segments tight frames ([`PersonSegmenter::shared`]).
    network: &'static PersonSegmenter,
    refine: RefineParams,
}

/// The network's probabilities change from background to person over a few of its 256 pixels;
/// this steepens that ramp before the guided filter, which then sets the final softness from
/// the photo's own edges instead of the network's blur.
const SHARPEN: f32 = 4.0;

impl Segmenter {
    pub fn new() -> Result<Segmenter, PrepareError> {
        Ok(Segmenter {
            network: PersonSegmenter::shared()
                .map_err(|e| PrepareError::SegmentationModel(e.to_string()))?,
            refine: RefineParams::default(),
        })
    }

    /// The network's probability, upsampled to the image's size (bilinear), not refined.
    pub fn coarse(&self, image: &RgbImage) -> Result<Matte, PrepareError> {
        let probabilities = self
            .network
            .person_probabilities(image)
            .map_err(|e| PrepareError::Segmentation(e.to_string()))?;
        let (width, height) = image.dimensions();
        let side = SEGMENTATION_SIDE;
        Ok(Matte {
            width,
            height,
            alpha: upsample_bilinear(&probabilities, side, side, width, height),
        })
    }

    /// The person matte at the image's size with edges refined against its colours, opaque
    /// inside the person ([`solid`]); headwear the network is unsure of is told from the
    /// backdrop by colour above `eye_row` (the image's height: anywhere).
    pub fn matte(&self, image: &RgbImage, eye_row: usize) -> Result<Matte, PrepareError> {
        let coarse = self.coarse(image)?;
        let (width, height) = (coarse.width as usize, coarse.height as usize);
        let steep: Vec<f32> = coarse
            .alpha
            .iter()
            .map(|&p| ((p - 0.5) * SHARPEN + 0.5).clamp(0.0, 1.0))
            .collect();
        let rgb: Vec<f32> = image
            .as_raw()
            .iter()
            .map(|&v| f32::from(v) / 255.0)
            .collect();
        let mut alpha = refine::guided_refine(&rgb, &steep, width, height, self.refine);
        solid::solidify(
            &mut alpha,
            &coarse.alpha,
            image.as_raw(),
            (width, height),
            self.refine.radius(height),
            eye_row,
        );
        Ok(Matte {
            width: coarse.width,
            height: coarse.height,
            alpha,
        })
    }
}

/// Bilinear resampling of a single-channel float grid, pixel centres aligned (half-pixel
/// convention), edges clamped.
pub fn upsample_bilinear(
    values: &[f32],
    src_w: usize,
    src_h: usize,
    width: u32,
    height: u32,
) -> Vec<f32> {
    let (width, height) = (width as usize, height as usize);
    let sx = src_w as f32 / width as f32;
    let sy = src_h as f32 / height as f32;
    let at = |x: usize, y: usize| values.get(y * src_w + x).copied().unwrap_or(0.0);
    let mut out = Vec::with_capacity(width * height);
    for y in 0..height {
        let fy = ((y as f32 + 0.5) * sy - 0.5).clamp(0.0, (src_h - 1) as f32);
        let y0 = fy.floor() as usize;
        let y1 = (y0 + 1).min(src_h - 1);
        let ty = fy - y0 as f32;
        for x in 0..width {
            let fx = ((x as f32 + 0.5) * sx - 0.5).clamp(0.0, (src_w - 1) as f32);
            let x0 = fx.floor() as usize;
            let x1 = (x0 + 1).min(src_w - 1);
            let tx = fx - x0 as f32;
            let top = at(x0, y0) * (1.0 - tx) + at(x1, y0) * tx;
            let bottom = at(x0, y1) * (1.0 - tx) + at(x1, y1) * tx;
            out.push(top * (1.0 - ty) + bottom * ty);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upsampling_keeps_constants_and_interpolates_between_centres() {
        let flat = upsample_bilinear(&[0.3; 4], 2, 2, 5, 7);
        assert!(flat.iter().all(|v| (v - 0.3).abs() < 1e-6));
        // 2 × 1 → 4 × 1: centres of the source at 0.5 and 1.5 source px.
        let ramp = upsample_bilinear(&[0.0, 1.0], 2, 1, 4, 1);
        assert_eq!(ramp, vec![0.0, 0.25, 0.75, 1.0]);
    }
}
