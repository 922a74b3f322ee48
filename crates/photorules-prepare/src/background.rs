//! Background replacement: whether the source's background meets the profile, which plain
//! colour to put instead, and compositing the person onto it with the segmentation matte.

use image::{Rgb, RgbImage};
use photorules_core::ir::{Check, CompiledProfile, Severity};
use photorules_core::{Metrics, Unit};
use photorules_engine::eval::{Truth, evaluate};
use photorules_engine::{Report, Verdict};
use photorules_measure::colour::lab_from_srgb;
use serde::Serialize;

use crate::segment::Matte;
use crate::segment::refine::weighted_window_means;

/// Plain colours tried in order, first the one studios use most (a white just off pure white,
/// which keeps white shirts and grey hair apart from it), then pure white and light greys.
pub const CANDIDATES: [[u8; 3]; 5] = [
    [242, 242, 242],
    [255, 255, 255],
    [230, 230, 230],
    [212, 212, 212],
    [200, 200, 200],
];

/// The metric-name prefix of the background rules.
const BACKGROUND: &str = "background.";

/// A rule of the source's report that the background breaks, or that could not be checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackgroundFinding {
    pub rule: String,
    pub verdict: Verdict,
    pub message: String,
}

/// The reject-severity background rules (rules that read only `background.*` metrics) the
/// source does not pass: the reasons to replace its background.
pub fn findings(report: &Report) -> Vec<BackgroundFinding> {
    report
        .rules
        .iter()
        .filter(|r| r.severity == Severity::Reject)
        .filter(|r| {
            !r.measured.is_empty() && r.measured.iter().all(|m| m.metric.starts_with(BACKGROUND))
        })
        .filter(|r| matches!(r.verdict, Verdict::Fail | Verdict::Unknown))
        .map(|r| BackgroundFinding {
            rule: r.id.clone(),
            verdict: r.verdict,
            message: r.message.clone(),
        })
        .collect()
}

/// The background metrics of a perfectly plain backdrop of `rgb`, as the measurement would
/// report them.
pub fn plain_metrics(rgb: [u8; 3]) -> Metrics {
    let mut metrics = Metrics::default();
    photorules_measure::background_colour_metrics(lab_from_srgb(rgb), &mut metrics);
    metrics.number("background.variation", 0.0, Unit::DeltaE);
    metrics.number("background.shadow", 0.0, Unit::Lab);
    metrics.number("background.texture", 0.0, Unit::Ratio);
    metrics
}

/// The first candidate colour every background rule of `profile` accepts, or the ids of the
/// rules that no candidate satisfies.
pub fn colour_for(profile: &CompiledProfile) -> Result<[u8; 3], Vec<String>> {
    let rules: Vec<_> = profile
        .rules
        .iter()
        .filter(|r| r.severity == Severity::Reject)
        .filter_map(|r| match &r.check {
            Check::Requirement { when, require } => {
                let reads = require.metrics();
                let only_background =
                    !reads.is_empty() && reads.iter().all(|m| m.starts_with(BACKGROUND));
                (when.is_none() && only_background).then_some((r.id.as_str(), require))
            }
            Check::Manual => None,
        })
        .collect();
    let passes = |rgb: [u8; 3]| {
        let metrics = plain_metrics(rgb);
        rules
            .iter()
            .all(|(_, e)| evaluate(e, &metrics) == Truth::True)
    };
    CANDIDATES
        .into_iter()
        .find(|&c| passes(c))
        .ok_or_else(|| rules.iter().map(|(id, _)| (*id).to_string()).collect())
}

/// The person from `image` over a plain `colour`, using `matte` (0..1 person) and `coverage`
/// (0 where the pixel lies beyond the source photo: always background).
///
/// Inside the soft edge the old background's colour is taken out before the new one goes in:
/// with `B` the old background nearby (a local mean of sure-background pixels) a pixel
/// `I = αF + (1 − α)B` gives the person's own colour `F = (I − (1 − α)B) / α`; the result is
/// `αF + (1 − α)N`. Where α is small `F` is ill-determined, so it leans on the mean colour of
/// the sure-person pixels nearby instead. This keeps a coloured or patterned backdrop from
/// showing as a fringe around hair.
pub fn composite(image: &RgbImage, matte: &Matte, coverage: &[f32], colour: [u8; 3]) -> RgbImage {
    let (width, height) = image.dimensions();
    let (w, h) = (width as usize, height as usize);
    let n = w * h;
    let alpha: Vec<f32> = (0..n)
        .map(|i| {
            matte.alpha.get(i).copied().unwrap_or(0.0) * coverage.get(i).copied().unwrap_or(0.0)
        })
        .collect();
    let radius = ((height as f32 * 0.03).round() as usize).max(3);
    let raw = image.as_raw();
    let weighted_mean = |weight: &dyn Fn(usize) -> f32| -> [Vec<f32>; 3] {
        let weights: Vec<f32> = (0..n).map(weight).collect();
        let (mean_w, means) = weighted_window_means(raw, &weights, w, h, radius);
        means.map(|mean_v| {
            (0..n)
                .map(|i| {
                    if mean_w[i] > 1e-4 {
                        mean_v[i] / mean_w[i]
                    } else {
                        f32::NAN
                    }
                })
                .collect::<Vec<f32>>()
        })
    };
    let old_background = weighted_mean(&|i| {
        f32::from(u8::from(
            alpha[i] < 0.05 && coverage.get(i).copied().unwrap_or(0.0) >= 1.0,
        ))
    });
    let person = weighted_mean(&|i| f32::from(u8::from(alpha[i] > 0.95)));
    let new = colour.map(f32::from);
    let mut out = RgbImage::new(width, height);
    for (i, pixel) in out.pixels_mut().enumerate() {
        let a = alpha[i];
        let result: [f32; 3] = if a >= 0.995 {
            [0, 1, 2].map(|c| f32::from(raw[i * 3 + c]))
        } else if a <= 0.005 {
            new
        } else {
            // How much to trust the unmixed colour: none below α 0.2, fully from α 0.6.
            let t = ((a - 0.2) / 0.4).clamp(0.0, 1.0);
            let t = t * t * (3.0 - 2.0 * t);
            [0, 1, 2].map(|c| {
                let observed = f32::from(raw[i * 3 + c]);
                let b = old_background[c][i];
                let unmixed = if b.is_nan() {
                    observed
                } else {
                    ((observed - (1.0 - a) * b) / a).clamp(0.0, 255.0)
                };
                let near = person[c][i];
                let f = if near.is_nan() {
                    unmixed
                } else {
                    t * unmixed + (1.0 - t) * near
                };
                a * f + (1.0 - a) * new[c]
            })
        };
        *pixel = Rgb(result.map(|v| v.round().clamp(0.0, 255.0) as u8));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_near_white_is_within_both_kz_tolerances() {
        let m = plain_metrics([242, 242, 242]);
        let get = |name: &str| m.measured_number(name).unwrap_or(f64::NAN);
        assert!(get("background.lightness") > 94.0 && get("background.lightness") < 96.0);
        assert!(get("background.delta_e_white") < 10.0);
        assert!(get("background.lab_a").abs() < 0.01);
    }

    #[test]
    fn compositing_takes_the_old_backdrop_out_of_the_soft_edge() {
        // A dark red person on the left over a green backdrop, with a soft edge 4 px wide
        // where the photo's pixels mix the two: I = αF + (1 − α)B.
        let (w, h) = (40u32, 20u32);
        let person = [120.0f32, 20.0, 20.0];
        let backdrop = [20.0f32, 200.0, 20.0];
        let alpha_at = |x: u32| ((22.0 - x as f32) / 4.0).clamp(0.0, 1.0);
        let image = RgbImage::from_fn(w, h, |x, _| {
            let a = alpha_at(x);
            Rgb([0, 1, 2].map(|c| (a * person[c] + (1.0 - a) * backdrop[c]).round() as u8))
        });
        let matte = Matte {
            width: w,
            height: h,
            alpha: (0..h).flat_map(|_| (0..w).map(alpha_at)).collect(),
        };
        let coverage = vec![1.0; (w * h) as usize];
        let out = composite(&image, &matte, &coverage, [242, 242, 242]);
        assert_eq!(out.get_pixel(2, 10).0, [120, 20, 20]);
        assert_eq!(out.get_pixel(35, 10).0, [242, 242, 242]);
        // x = 19: α 0.75. The right answer is 0.75 F + 0.25 N = (150.5, 75.5, 75.5); blending
        // the photo's pixel as it is would give a green of 105.
        let edge = out.get_pixel(19, 10).0;
        for (got, want) in edge.iter().zip([150.5f32, 75.5, 75.5]) {
            assert!((f32::from(*got) - want).abs() <= 2.0, "{edge:?}");
        }
    }

    #[test]
    fn pixels_beyond_the_source_get_the_new_colour() {
        let image = RgbImage::from_pixel(10, 10, Rgb([10, 10, 10]));
        let matte = Matte {
            width: 10,
            height: 10,
            alpha: vec![1.0; 100],
        };
        let mut coverage = vec![1.0; 100];
        coverage[..10].fill(0.0);
        let out = composite(&image, &matte, &coverage, [255, 255, 255]);
        assert_eq!(out.get_pixel(5, 0).0, [255, 255, 255]);
        assert_eq!(out.get_pixel(5, 5).0, [10, 10, 10]);
    }
}
