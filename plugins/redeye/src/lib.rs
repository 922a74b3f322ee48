//! redeye: bright, saturated red in the pupils (flash light reflected by the retina).
//!
//! Pupil areas: a disc of radius `pupil_radius` d (default 0.05; d = eye distance) on each
//! eye centre. A pupil is at most ≈ 0.11 d across (7 mm against ≈ 63 mm between the eyes),
//! the iris ≈ 0.19 d: the disc holds the pupil and little of the iris ring around it, and
//! hardly any of the eyelids, whose skin can be as red as a dim red eye.
//!
//! A pixel is red-eye red when it is light — its red channel at least `min_red` (default 120
//! of 255) — and a saturated, pure red — red at least `min_ratio` (default 2.5) times both
//! green and blue. Dark pupils fail the first test; skin (≈ 1.2–1.7), brown and amber irises
//! (≈ 1.4–1.8, up to ≈ 2.4 for the dark red-brown irises of a warm photo) fail the second;
//! lashes and skin creases of a warm photo can reach a ratio of 4–9 but stay dark (red below
//! ≈ 150) and lie outside the disc; a red-eye pupil (≈ 3–5, red 150–255) passes both.
//!
//! `redeye.pupil_fraction` is the larger of the two eyes' shares of red-eye red pixels in the
//! pupil disc; `redeye.present` is `redeye.pupil_fraction >= min_fraction` (default 0.2: a red
//! pupil fills most of the disc, a few stray pixels are not red eye).

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
            pupil_radius: input.param_f64("pupil_radius", 0.05)?,
            min_red: input.param_f64("min_red", 120.0)?,
            min_ratio: input.param_f64("min_ratio", 2.5)?,
            min_fraction: input.param_f64("min_fraction", 0.2)?,
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
            "{} pupil area: {red} of {} px red-eye red",
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
