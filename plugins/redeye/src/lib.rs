//! redeye: strongly red pixels in the pupils (flash light reflected by the retina).
//!
//! Pupil areas: a disc of radius `pupil_radius` d (default 0.07; d = eye distance) on each
//! eye centre. A pupil is at most ≈ 0.11 d across (7 mm against ≈ 63 mm between the eyes);
//! the extra radius allows for the eye-centre estimate, at the price of some iris.
//!
//! A pixel is strongly red when its red channel is at least `min_red` (default 80 of 255) and
//! at least `min_ratio` (default 2.0) times both its green and its blue channel. Skin
//! (≈ 1.3), brown and amber irises (≈ 1.5–1.8) and dark pupils stay below; red-eye pupils
//! (≈ 3–5) are well above.
//!
//! `redeye.pupil_fraction` is the larger of the two eyes' shares of strongly red pixels in
//! the pupil disc; `redeye.present` is `redeye.pupil_fraction >= min_fraction` (default 0.1).

use photorules_plugin_eyes::{Eyes, Side};
use photorules_plugin_kit::{Input, Output, Unit, export_plugin};

pub const PRESENT: &str = "redeye.present";
pub const PUPIL_FRACTION: &str = "redeye.pupil_fraction";

/// A disc less than this much inside the image is not judged.
const MIN_COVERAGE: f64 = 0.6;

struct Params {
    pupil_radius: f64,
    min_red: f64,
    min_ratio: f64,
    min_fraction: f64,
}

impl Params {
    fn from_input(input: &Input<'_>) -> Result<Params, String> {
        let params = Params {
            pupil_radius: input.param_f64("pupil_radius", 0.07)?,
            min_red: input.param_f64("min_red", 80.0)?,
            min_ratio: input.param_f64("min_ratio", 2.0)?,
            min_fraction: input.param_f64("min_fraction", 0.1)?,
        };
        if !(params.pupil_radius > 0.0 && params.pupil_radius <= 0.5) {
            return Err(format!(
                "`pupil_radius` must be in (0, 0.5], not {}",
                params.pupil_radius
            ));
        }
        let thresholds_valid = (0.0..=255.0).contains(&params.min_red)
            && params.min_ratio >= 1.0
            && params.min_ratio.is_finite()
            && (0.0..=1.0).contains(&params.min_fraction);
        if !thresholds_valid {
            return Err(
                "`min_red` must be 0–255, `min_ratio` at least 1, `min_fraction` 0–1".to_string(),
            );
        }
        Ok(params)
    }

    fn is_red(&self, [r, g, b]: [u8; 3]) -> bool {
        let (r, g, b) = (f64::from(r), f64::from(g), f64::from(b));
        r >= self.min_red && r >= self.min_ratio * g && r >= self.min_ratio * b
    }
}

pub fn check(input: &Input<'_>) -> Output {
    let params = match Params::from_input(input) {
        Ok(params) => params,
        Err(message) => return Output::error(message),
    };
    let names = [PRESENT, PUPIL_FRACTION];
    let eyes = match Eyes::from_input(input) {
        Ok(eyes) => eyes,
        Err(reason) => return Output::all_absent(&names, &reason),
    };
    let mut output = Output::new();
    let mut worst: f64 = 0.0;
    for side in Side::BOTH {
        let disc = eyes
            .ellipse(eyes.centre(side), params.pupil_radius, params.pupil_radius)
            .pixels(input.width(), input.height());
        if disc.coverage() < MIN_COVERAGE || disc.inside.is_empty() {
            return Output::all_absent(
                &names,
                &format!(
                    "the {} pupil area is {:.0} % outside the image",
                    side.name(),
                    100.0 * (1.0 - disc.coverage())
                ),
            );
        }
        let red = disc
            .inside
            .iter()
            .filter_map(|&(x, y)| input.rgb(x, y))
            .filter(|&rgb| params.is_red(rgb))
            .count();
        let fraction = red as f64 / disc.inside.len() as f64;
        output.note(format!(
            "{} pupil area: {red} of {} px strongly red",
            side.name(),
            disc.inside.len()
        ));
        worst = worst.max(fraction);
    }
    output.number(PUPIL_FRACTION, worst, Unit::Ratio);
    output.boolean(PRESENT, worst >= params.min_fraction);
    output
}

export_plugin!(check);
