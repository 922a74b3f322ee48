//! Colour maths: sRGB → linear → CIE XYZ (D65) → CIELAB, and the CIEDE2000 difference.
//!
//! Everything colour-related in the metrics goes through here so that the maths is written and
//! tested once (CIEDE2000 against the Sharma, Wu & Dalal test pairs).

mod ciede2000;
mod lab;

pub use ciede2000::delta_e_2000;
pub use lab::{Lab, lab_from_srgb, lab_from_srgb_f32, lightness_from_srgb, luma_u8};
