//! The profile's bands drawn on the annotated photo: where the chin, the eye line and the head
//! centre must lie for this photo to pass.

use photorules_core::ir::{Check, CompiledProfile, Expr};
use photorules_measure::{Band, BandAxis, Geometry};

const CHIN_BAND: [u8; 3] = [255, 80, 80];
const EYE_BAND: [u8; 3] = [0, 200, 255];
const CENTRE_BAND: [u8; 3] = [200, 0, 255];

/// The `lo..hi` band a profile's rule sets on `metric`, when one rule requires exactly that.
fn band_of(profile: &CompiledProfile, metric: &str) -> Option<(f64, f64)> {
    profile.rules.iter().find_map(|rule| match &rule.check {
        Check::Requirement {
            require: Expr::Between {
                metric: m, lo, hi, ..
            },
            ..
        } if m == metric => Some((*lo, *hi)),
        _ => None,
    })
}

/// Bands in full-resolution pixels of an image `width` × `height` with the measured geometry.
pub fn bands_for(
    profile: &CompiledProfile,
    geometry: &Geometry,
    width: u32,
    height: u32,
) -> Vec<Band> {
    let (w, h) = (f64::from(width), f64::from(height));
    let mut bands = Vec::new();
    // Chin-to-crown as a share of the height: given the crown found, where the chin may be.
    if let (Some((lo, hi)), Some(crown)) =
        (band_of(profile, "head.chin_crown_ratio"), geometry.crown_y)
    {
        bands.push(Band {
            axis: BandAxis::Horizontal,
            from_px: crown + lo * h,
            to_px: crown + hi * h,
            colour: CHIN_BAND,
        });
    }
    // The eye line is measured from the bottom edge.
    if let Some((lo, hi)) = band_of(profile, "eyes.line_height_ratio") {
        bands.push(Band {
            axis: BandAxis::Horizontal,
            from_px: h * (1.0 - hi),
            to_px: h * (1.0 - lo),
            colour: EYE_BAND,
        });
    }
    if let Some((lo, hi)) = band_of(profile, "head.centre_offset_ratio") {
        bands.push(Band {
            axis: BandAxis::Vertical,
            from_px: w * (0.5 + lo),
            to_px: w * (0.5 + hi),
            colour: CENTRE_BAND,
        });
    }
    bands
}
