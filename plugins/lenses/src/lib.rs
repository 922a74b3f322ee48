//! lenses: how much darker the eye regions are than the cheeks below them (tinted or sun
//! glasses).
//!
//! `lenses.tint` = 1 − L_eyes / L_cheeks, clamped to 0–1, where L is the median relative
//! luminance (linear light) of
//! - the eye regions: ellipses 0.30 d × 0.20 d (half-axes, d = eye distance) on each eye
//!   centre — inside any lens, clear of most frames and of the eyebrows;
//! - the cheek regions: ellipses 0.15 d × 0.08 d, 0.55 d below each eye centre — below the
//!   lower rim of large sunglasses, beside the nose.
//!
//! In linear light a lens that passes a fraction T of the light makes the ratio ≈ T, so the
//! tint reads as the share of light the lens absorbs (sunglasses of category 2 absorb
//! 57–82 %, category 3 82–92 %). Bare eyes are not zero: eye sockets are shaded, lids and
//! lashes darker than skin; synthetic and real bare faces give about 0.1–0.35. Medians keep
//! a glare spot or a bright sclera from moving the figure. `lenses.dark` is
//! `lenses.tint >= dark_threshold` (parameter, default 0.5).

use photorules_plugin_eyes::{Eyes, LinearTable, RegionPixels, Side, median};
use photorules_plugin_kit::{Input, Output, Unit, export_plugin};

pub const TINT: &str = "lenses.tint";
pub const DARK: &str = "lenses.dark";

const EYE_HALF_ALONG: f64 = 0.30;
const EYE_HALF_DOWN: f64 = 0.20;
const CHEEK_DOWN: f64 = 0.55;
const CHEEK_HALF_ALONG: f64 = 0.15;
const CHEEK_HALF_DOWN: f64 = 0.08;
/// A region less than this much inside the image is not judged.
const MIN_COVERAGE: f64 = 0.6;
/// Cheeks darker than this (linear luminance) give no meaningful ratio.
const MIN_CHEEK_LUMINANCE: f64 = 0.01;

pub fn check(input: &Input<'_>) -> Output {
    let dark_threshold = match input.param_f64("dark_threshold", 0.5) {
        Ok(t) if (0.0..=1.0).contains(&t) => t,
        Ok(t) => return Output::error(format!("`dark_threshold` must be 0–1, not {t}")),
        Err(e) => return Output::error(e),
    };
    let eyes = match Eyes::from_input(input) {
        Ok(eyes) => eyes,
        Err(reason) => return Output::all_absent(&[TINT, DARK], &reason),
    };
    match tint(input, &eyes) {
        Ok((tint, eye_l, cheek_l)) => {
            let mut output = Output::new();
            output.number(TINT, tint, Unit::Ratio);
            output.boolean(DARK, tint >= dark_threshold);
            output.note(format!(
                "median luminance: eyes {eye_l:.3}, cheeks {cheek_l:.3} (linear); dark from tint {dark_threshold}"
            ));
            output
        }
        Err(reason) => Output::all_absent(&[TINT, DARK], &reason),
    }
}

/// (tint, eye luminance, cheek luminance), or why it cannot be measured.
fn tint(input: &Input<'_>, eyes: &Eyes) -> Result<(f64, f64, f64), String> {
    let table = LinearTable::new();
    let mut eye_values = Vec::new();
    let mut cheek_values = Vec::new();
    for side in Side::BOTH {
        let centre = eyes.centre(side);
        let eye = eyes
            .ellipse(centre, EYE_HALF_ALONG, EYE_HALF_DOWN)
            .pixels(input.width(), input.height());
        let cheek = eyes
            .ellipse(
                eyes.offset(centre, 0.0, CHEEK_DOWN),
                CHEEK_HALF_ALONG,
                CHEEK_HALF_DOWN,
            )
            .pixels(input.width(), input.height());
        for (what, region) in [("eye", &eye), ("cheek", &cheek)] {
            if region.coverage() < MIN_COVERAGE {
                return Err(format!(
                    "the {} {what} region is {:.0} % outside the image",
                    side.name(),
                    100.0 * (1.0 - region.coverage())
                ));
            }
        }
        collect(input, &table, &eye, &mut eye_values);
        collect(input, &table, &cheek, &mut cheek_values);
    }
    let eye_l = median(eye_values).ok_or("the eye regions hold no pixels")?;
    let cheek_l = median(cheek_values).ok_or("the cheek regions hold no pixels")?;
    if cheek_l < MIN_CHEEK_LUMINANCE {
        return Err(format!(
            "the cheeks are too dark (luminance {cheek_l:.4}) to compare the eye regions with"
        ));
    }
    Ok(((1.0 - eye_l / cheek_l).clamp(0.0, 1.0), eye_l, cheek_l))
}

fn collect(input: &Input<'_>, table: &LinearTable, region: &RegionPixels, into: &mut Vec<f64>) {
    into.extend(
        region
            .inside
            .iter()
            .filter_map(|&(x, y)| input.rgb(x, y))
            .map(|rgb| table.luminance(rgb)),
    );
}

export_plugin!(check);
