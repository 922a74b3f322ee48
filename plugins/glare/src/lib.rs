//! glare: the share of the lens regions covered by specular highlights.
//!
//! Lens regions: an ellipse on each eye centre with half-axes 0.38 d along the eye line and
//! 0.28 d across it (d = eye distance) — the size of a spectacle lens (≈ 50 × 35 mm against an
//! interpupillary distance of ≈ 63 mm). With bare eyes the same regions cover the eyes and the
//! skin around them.
//!
//! A pixel is a highlight when it is
//! - near-white: every channel at least `min_level` (default 235 of 255), which also makes it
//!   low-chroma (channels within 20 levels of each other) — a reflection of a window or a
//!   flash, not a bright coloured surface; and
//! - much brighter than its surroundings: relative luminance (linear light) at least
//!   `min_contrast` (default 1.5) times the median luminance of its lens region — so an
//!   evenly over-exposed face does not count as glare.
//!
//! Catchlights are not glare: every bare eye photographed with a light in front shows a small
//! reflection on the cornea. Highlights are grouped into 4-connected blobs and a blob is taken
//! for a catchlight, and ignored, when it is small (at most `catchlight_area` d², default
//! 0.002 — a disc of 0.05 d across, a quarter of an iris) and its centre lies within
//! `catchlight_radius` d (default 0.12, the iris radius plus slack for the eye-centre
//! estimate) of the eye centre. Everything else counts.
//!
//! `glare.lens_fraction` = counted highlight pixels / pixels of both lens regions in the image.
//!
//! Dark lenses reflect the scene in its own colours (sky, foliage, a coloured coating), which
//! the near-white test misses. `glare.coloured_fraction` counts, over the same regions, pixels
//! at least `coloured_contrast` (default 3) times the region's median luminance whose CIELAB
//! chroma is at least `coloured_min_chroma` (default 8) and whose hue is green or blue (a* or
//! b* below zero). What a tinted lens lets through keeps the hue of what lies behind it: skin
//! (a* and b* above zero), the white of the eye and catchlights (little chroma). On bare eyes
//! and clear lenses the region can hold brighter coloured things than its skin (make-up, marks
//! drawn on a picture, a coloured backdrop beside a turned face: up to 1.3 % on the evaluation
//! set and its copies), so profiles read it on dark lenses only.

use photorules_plugin_eyes::{Eyes, LinearTable, Point, Side, median};
use photorules_plugin_kit::{Input, Output, Unit, export_plugin};

pub const LENS_FRACTION: &str = "glare.lens_fraction";
pub const COLOURED_FRACTION: &str = "glare.coloured_fraction";
const METRICS: [&str; 2] = [LENS_FRACTION, COLOURED_FRACTION];

const LENS_HALF_ALONG: f64 = 0.38;
const LENS_HALF_DOWN: f64 = 0.28;
/// A lens region less than this much inside the image is not judged.
const MIN_COVERAGE: f64 = 0.6;

#[derive(Debug, Clone, Copy)]
struct Params {
    min_level: u8,
    min_contrast: f64,
    catchlight_area: f64,
    catchlight_radius: f64,
    coloured_contrast: f64,
    coloured_min_chroma: f64,
}

impl Params {
    fn from_input(input: &Input<'_>) -> Result<Params, String> {
        let min_level = input.param_f64("min_level", 235.0)?;
        let min_contrast = input.param_f64("min_contrast", 1.5)?;
        let catchlight_area = input.param_f64("catchlight_area", 0.002)?;
        let catchlight_radius = input.param_f64("catchlight_radius", 0.12)?;
        let coloured_contrast = input.param_f64("coloured_contrast", 3.0)?;
        let coloured_min_chroma = input.param_f64("coloured_min_chroma", 8.0)?;
        if !(1.0..=255.0).contains(&min_level) {
            return Err(format!("`min_level` must be 1–255, not {min_level}"));
        }
        if !(min_contrast >= 1.0 && min_contrast.is_finite()) {
            return Err(format!(
                "`min_contrast` must be at least 1, not {min_contrast}"
            ));
        }
        if !(0.0..=1.0).contains(&catchlight_area) || !(0.0..=1.0).contains(&catchlight_radius) {
            return Err("`catchlight_area` and `catchlight_radius` must be 0–1".to_string());
        }
        if !(coloured_contrast >= 1.0 && coloured_contrast.is_finite()) {
            return Err(format!(
                "`coloured_contrast` must be at least 1, not {coloured_contrast}"
            ));
        }
        if !(0.0..=200.0).contains(&coloured_min_chroma) {
            return Err(format!(
                "`coloured_min_chroma` must be 0–200, not {coloured_min_chroma}"
            ));
        }
        Ok(Params {
            min_level: min_level.round() as u8,
            min_contrast,
            catchlight_area,
            catchlight_radius,
            coloured_contrast,
            coloured_min_chroma,
        })
    }
}

/// What one lens region holds.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct LensCount {
    region_pixels: usize,
    glare_pixels: usize,
    glare_blobs: usize,
    catchlights: usize,
    coloured_pixels: usize,
}

pub fn check(input: &Input<'_>) -> Output {
    let params = match Params::from_input(input) {
        Ok(params) => params,
        Err(message) => return Output::error(message),
    };
    let eyes = match Eyes::from_input(input) {
        Ok(eyes) => eyes,
        Err(reason) => return Output::all_absent(&METRICS, &reason),
    };
    let table = LinearTable::new();
    let mut total = LensCount::default();
    let mut output = Output::new();
    for side in Side::BOTH {
        let count = match count_lens(input, &eyes, side, &params, &table) {
            Ok(count) => count,
            Err(reason) => return Output::all_absent(&METRICS, &reason),
        };
        output.note(format!(
            "{} lens region: {} px, {} glare blob(s) covering {} px, {} catchlight(s) ignored, {} px of coloured reflection",
            side.name(),
            count.region_pixels,
            count.glare_blobs,
            count.glare_pixels,
            count.catchlights,
            count.coloured_pixels
        ));
        total.region_pixels += count.region_pixels;
        total.glare_pixels += count.glare_pixels;
        total.coloured_pixels += count.coloured_pixels;
    }
    let region = total.region_pixels as f64;
    output.number(
        LENS_FRACTION,
        total.glare_pixels as f64 / region,
        Unit::Ratio,
    );
    output.number(
        COLOURED_FRACTION,
        total.coloured_pixels as f64 / region,
        Unit::Ratio,
    );
    output
}

fn count_lens(
    input: &Input<'_>,
    eyes: &Eyes,
    side: Side,
    params: &Params,
    table: &LinearTable,
) -> Result<LensCount, String> {
    let centre = eyes.centre(side);
    let region = eyes
        .ellipse(centre, LENS_HALF_ALONG, LENS_HALF_DOWN)
        .pixels(input.width(), input.height());
    if region.coverage() < MIN_COVERAGE || region.inside.is_empty() {
        return Err(format!(
            "the {} lens region is {:.0} % outside the image",
            side.name(),
            100.0 * (1.0 - region.coverage())
        ));
    }
    let pixels: Vec<((i64, i64), [u8; 3])> = region
        .inside
        .iter()
        .filter_map(|&(x, y)| input.rgb(x, y).map(|rgb| ((x, y), rgb)))
        .collect();
    let surround = median(
        pixels
            .iter()
            .map(|(_, rgb)| table.luminance(*rgb))
            .collect(),
    )
    .ok_or("the lens region holds no pixels")?;
    let threshold = params.min_contrast * surround;
    let coloured_threshold = params.coloured_contrast * surround;
    let coloured_pixels = pixels
        .iter()
        .filter(|(_, rgb)| {
            table.luminance(*rgb) >= coloured_threshold && {
                let [_, a, b] = table.lab(*rgb);
                a.hypot(b) >= params.coloured_min_chroma && (a < 0.0 || b < 0.0)
            }
        })
        .count();

    // A grid over the region's bounding box: 0 outside, 1 inside, 2 highlight.
    let (x0, y0) = pixels
        .iter()
        .fold((i64::MAX, i64::MAX), |(a, b), ((x, y), _)| {
            (a.min(*x), b.min(*y))
        });
    let (x1, y1) = pixels
        .iter()
        .fold((i64::MIN, i64::MIN), |(a, b), ((x, y), _)| {
            (a.max(*x), b.max(*y))
        });
    let grid_width = (x1 - x0 + 1) as usize;
    let grid_height = (y1 - y0 + 1) as usize;
    let mut grid = vec![0u8; grid_width * grid_height];
    let at = |x: i64, y: i64| (y - y0) as usize * grid_width + (x - x0) as usize;
    for &((x, y), rgb) in &pixels {
        let near_white = rgb.iter().all(|&c| c >= params.min_level);
        let bright = table.luminance(rgb) >= threshold;
        grid[at(x, y)] = if near_white && bright { 2 } else { 1 };
    }

    let d = eyes.distance();
    let max_catchlight_area = params.catchlight_area * d * d;
    let max_catchlight_offset = params.catchlight_radius * d;
    let mut count = LensCount {
        region_pixels: pixels.len(),
        coloured_pixels,
        ..LensCount::default()
    };
    let mut stack = Vec::new();
    for &((x, y), _) in &pixels {
        if grid[at(x, y)] != 2 {
            continue;
        }
        // Flood-fill one blob, marking its pixels 3 (visited).
        let (mut area, mut sum_x, mut sum_y) = (0usize, 0.0, 0.0);
        grid[at(x, y)] = 3;
        stack.push((x, y));
        while let Some((px, py)) = stack.pop() {
            area += 1;
            sum_x += px as f64 + 0.5;
            sum_y += py as f64 + 0.5;
            for (nx, ny) in [(px - 1, py), (px + 1, py), (px, py - 1), (px, py + 1)] {
                if nx >= x0 && nx <= x1 && ny >= y0 && ny <= y1 && grid[at(nx, ny)] == 2 {
                    grid[at(nx, ny)] = 3;
                    stack.push((nx, ny));
                }
            }
        }
        let blob_centre = Point {
            x: sum_x / area as f64,
            y: sum_y / area as f64,
        };
        let offset = (blob_centre.x - centre.x).hypot(blob_centre.y - centre.y);
        if area as f64 <= max_catchlight_area && offset <= max_catchlight_offset {
            count.catchlights += 1;
        } else {
            count.glare_blobs += 1;
            count.glare_pixels += area;
        }
    }
    Ok(count)
}

export_plugin!(check);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    //! Native tests call `check` directly with a hand-built input (the host's integration
    //! tests run the built module through the real host on drawn faces).
    use std::collections::BTreeMap;

    use photorules_plugin_kit::{Input, Measurement, Value};

    use super::*;

    fn eyes(distance: f64) -> BTreeMap<String, Measurement> {
        let px = |v: f64| Measurement::Measured {
            value: Value::Number(v),
            unit: Some("px".into()),
        };
        BTreeMap::from([
            ("eyes.right_x_px".to_string(), px(40.0)),
            ("eyes.right_y_px".to_string(), px(40.0)),
            ("eyes.left_x_px".to_string(), px(40.0 + distance)),
            ("eyes.left_y_px".to_string(), px(40.0)),
            ("eyes.distance_px".to_string(), px(distance)),
        ])
    }

    fn fraction(pixels: &[u8]) -> f64 {
        measured(pixels, LENS_FRACTION)
    }

    fn measured(pixels: &[u8], metric: &str) -> f64 {
        let input = Input::new(
            120,
            80,
            pixels,
            eyes(40.0),
            photorules_plugin_kit::serde_json::json!({}),
        );
        match check(&input).get(metric) {
            Some(Measurement::Measured {
                value: Value::Number(n),
                ..
            }) => *n,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_white_patch_on_a_lens_is_glare_and_a_grey_face_is_not() {
        assert_eq!(fraction(&vec![120u8; 120 * 80 * 3]), 0.0);
        let measured = fraction(&lens_with_patch(120, [255, 255, 255]));
        let expected = patch_share();
        assert!((measured - expected).abs() < 0.1 * expected, "{measured}");
    }

    /// A grey face (`grey`) with a 6 × 4 patch of `colour` above and outside the right eye
    /// centre.
    fn lens_with_patch(grey: u8, colour: [u8; 3]) -> Vec<u8> {
        let mut pixels = vec![grey; 120 * 80 * 3];
        for y in 32..36 {
            for x in 30..36 {
                let at = (y * 120 + x) * 3;
                pixels[at..at + 3].copy_from_slice(&colour);
            }
        }
        pixels
    }

    /// The patch's 24 px over both lens regions of the test's eyes (40 px apart).
    fn patch_share() -> f64 {
        24.0 / (2.0 * std::f64::consts::PI * LENS_HALF_ALONG * 40.0 * LENS_HALF_DOWN * 40.0)
    }

    #[test]
    fn a_green_or_blue_reflection_on_a_dark_lens_is_coloured_glare() {
        let expected = patch_share();
        for colour in [[60, 120, 110], [70, 100, 160]] {
            // A dark lens: grey 30.
            let pixels = lens_with_patch(30, colour);
            let coloured = measured(&pixels, COLOURED_FRACTION);
            assert!(
                (coloured - expected).abs() < 0.1 * expected,
                "{colour:?}: {coloured}"
            );
            // Not near-white: the highlight measure does not see it.
            assert_eq!(fraction(&pixels), 0.0);
        }
    }

    #[test]
    fn skin_grey_and_dim_colours_through_a_dark_lens_are_not_coloured_glare() {
        // Skin hue (a* and b* above zero), the white of an eye (no chroma), and a green too dim
        // to outshine the lens threefold.
        for colour in [[150, 100, 80], [120, 120, 120], [30, 45, 40]] {
            let coloured = measured(&lens_with_patch(30, colour), COLOURED_FRACTION);
            assert_eq!(coloured, 0.0, "{colour:?}");
        }
    }
}
