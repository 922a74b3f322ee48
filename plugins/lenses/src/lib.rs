//! lenses: how much a lens darkens the skin seen through it (tinted glasses and sunglasses).
//!
//! A lens is judged by what it covers that is *not* the eye: the skin under the eye. For each
//! eye, with `d` the eye distance and regions aligned with the eye line:
//! - the under-eye band, seen through the lower part of any lens: an ellipse 0.18 d × 0.06 d
//!   (half-axes) centred 0.17 d below the eye centre, so 0.11–0.23 d below it — under the
//!   lower lid and its lashes, above the lower rim of all but the smallest frames;
//! - the cheek, outside any lens: an ellipse 0.16 d × 0.07 d centred 0.62 d below the eye
//!   centre (0.55–0.69 d), below the lower rim of large glasses and sunglasses.
//!
//! The eye itself (iris, pupil, the shade of a deep-set socket) is in neither region, so dark
//! irises or deep sockets behind clear lenses do not read as tint — the previous method, which
//! compared ellipses on the eyes with the cheeks, read 0.68 on a clear-glasses portrait.
//!
//! The level of a region is the 75th percentile of its relative luminance (linear light),
//! leaving out near-white pixels (every channel ≥ 235: glare on a lens, blown-out skin). The
//! upper quartile ignores what is darker than the skin: a frame rim crossing a region, lashes,
//! wrinkles. An eye's tint is 1 − band level / cheek level; in linear light a lens passing a
//! fraction T of the light makes the ratio ≈ T × the bare ratio.
//!
//! `lenses.tint` is the smaller of the two eyes' tints, clamped to 0–1: a tinted lens darkens
//! both eyes alike, whereas light from one side shades one side of the face only. Bare eyes
//! and clear glasses on real portraits read 0–0.15 (the under-eye skin is about as bright as
//! the cheek); halving the pixel values inside the lenses reads about 0.7–0.8, sunglasses
//! above 0.9. `lenses.dark` is `lenses.tint >= dark_threshold` (parameter, default 0.5).

use photorules_plugin_eyes::{Eyes, LinearTable, RegionPixels, Side};
use photorules_plugin_kit::{Input, Output, Unit, export_plugin};

pub const TINT: &str = "lenses.tint";
pub const DARK: &str = "lenses.dark";

const UNDER_EYE_DOWN: f64 = 0.17;
const UNDER_EYE_HALF_ALONG: f64 = 0.18;
const UNDER_EYE_HALF_DOWN: f64 = 0.06;
const CHEEK_DOWN: f64 = 0.62;
const CHEEK_HALF_ALONG: f64 = 0.16;
const CHEEK_HALF_DOWN: f64 = 0.07;
/// The quantile of luminance taken as a region's level.
const LEVEL_QUANTILE: f64 = 0.75;
/// Pixels with every channel at least this are glare or blown-out skin, not a level.
const NEAR_WHITE: u8 = 235;
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
    let table = LinearTable::new();
    let mut tints = Vec::with_capacity(2);
    let mut output = Output::new();
    for side in Side::BOTH {
        match eye_tint(input, &table, &eyes, side) {
            Ok(levels) => {
                output.note(format!(
                    "{} eye: under-eye level {:.3}, cheek level {:.3} (linear luminance), tint {:.3}",
                    side.name(),
                    levels.under_eye,
                    levels.cheek,
                    levels.tint()
                ));
                tints.push(levels.tint());
            }
            Err(reason) => return Output::all_absent(&[TINT, DARK], &reason),
        }
    }
    let tint = tints.iter().copied().fold(1.0, f64::min).clamp(0.0, 1.0);
    output.number(TINT, tint, Unit::Ratio);
    output.boolean(DARK, tint >= dark_threshold);
    output.note(format!(
        "tint is the lesser of the two eyes'; dark from tint {dark_threshold}"
    ));
    output
}

/// The levels of one eye's under-eye band and cheek.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Levels {
    under_eye: f64,
    cheek: f64,
}

impl Levels {
    /// Unclamped: skin under the eye brighter than the cheek gives a negative tint.
    fn tint(self) -> f64 {
        1.0 - self.under_eye / self.cheek
    }
}

fn eye_tint(
    input: &Input<'_>,
    table: &LinearTable,
    eyes: &Eyes,
    side: Side,
) -> Result<Levels, String> {
    let centre = eyes.centre(side);
    let under_eye = eyes
        .ellipse(
            eyes.offset(centre, 0.0, UNDER_EYE_DOWN),
            UNDER_EYE_HALF_ALONG,
            UNDER_EYE_HALF_DOWN,
        )
        .pixels(input.width(), input.height());
    let cheek = eyes
        .ellipse(
            eyes.offset(centre, 0.0, CHEEK_DOWN),
            CHEEK_HALF_ALONG,
            CHEEK_HALF_DOWN,
        )
        .pixels(input.width(), input.height());
    let mut levels = [0.0; 2];
    for (slot, (what, region)) in levels
        .iter_mut()
        .zip([("under-eye", &under_eye), ("cheek", &cheek)])
    {
        if region.coverage() < MIN_COVERAGE {
            return Err(format!(
                "the {} {what} region is {:.0} % outside the image",
                side.name(),
                100.0 * (1.0 - region.coverage())
            ));
        }
        *slot = level(input, table, region).ok_or_else(|| {
            format!(
                "the {} {what} region holds no pixels that are not near-white",
                side.name()
            )
        })?;
    }
    let [under_eye, cheek] = levels;
    if cheek < MIN_CHEEK_LUMINANCE {
        return Err(format!(
            "the {} cheek is too dark (luminance {cheek:.4}) to compare the skin under the eye with",
            side.name()
        ));
    }
    Ok(Levels { under_eye, cheek })
}

/// The region's level: the upper quartile of its luminance without near-white pixels.
fn level(input: &Input<'_>, table: &LinearTable, region: &RegionPixels) -> Option<f64> {
    let values: Vec<f64> = region
        .inside
        .iter()
        .filter_map(|&(x, y)| input.rgb(x, y))
        .filter(|rgb| rgb.iter().any(|&c| c < NEAR_WHITE))
        .map(|rgb| table.luminance(rgb))
        .collect();
    quantile(values, LEVEL_QUANTILE)
}

/// The `q` quantile of `values` (nearest rank), `None` when empty.
fn quantile(mut values: Vec<f64>, q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let rank = ((values.len() - 1) as f64 * q).round() as usize;
    let (_, value, _) = values.select_nth_unstable_by(rank, f64::total_cmp);
    Some(*value)
}

export_plugin!(check);
