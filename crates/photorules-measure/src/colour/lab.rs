//! sRGB (8 bit, IEC 61966-2-1) → CIELAB under D65.

use std::sync::OnceLock;

/// A CIELAB colour (L* 0–100, a*, b*).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Lab {
    pub l: f64,
    pub a: f64,
    pub b: f64,
}

impl Lab {
    pub const fn new(l: f64, a: f64, b: f64) -> Lab {
        Lab { l, a, b }
    }

    /// Chroma C*ab.
    pub fn chroma(self) -> f64 {
        // Not `hypot`: its overflow guard is a library call, and a* and b* stay within a few
        // hundred, far from overflow; this runs for tens of thousands of pixels per photo.
        (self.a * self.a + self.b * self.b).sqrt()
    }

    /// Hue angle h_ab in degrees, 0–360.
    pub fn hue_deg(self) -> f64 {
        let h = self.b.atan2(self.a).to_degrees();
        if h < 0.0 { h + 360.0 } else { h }
    }
}

// D65 reference white of the sRGB matrix below (Y normalised to 1).
const WHITE_X: f64 = 0.950_47;
const WHITE_Z: f64 = 1.088_83;

/// Linear-light value of each 8-bit sRGB code, computed once.
fn linear_table() -> &'static [f64; 256] {
    static TABLE: OnceLock<[f64; 256]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0.0; 256];
        for (code, slot) in table.iter_mut().enumerate() {
            *slot = srgb_to_linear(code as f64 / 255.0);
        }
        table
    })
}

/// The sRGB transfer function inverted (encoded 0–1 → linear 0–1).
fn srgb_to_linear(encoded: f64) -> f64 {
    if encoded <= 0.040_45 {
        encoded / 12.92
    } else {
        ((encoded + 0.055) / 1.055).powf(2.4)
    }
}

/// The CIELAB companding function, through [`cube_root_table`] (within 2e-6 of the exact
/// function, so within 0.0003 in L* and 0.002 in a* and b*).
fn lab_f(t: f64) -> f64 {
    const DELTA: f64 = 6.0 / 29.0;
    if t <= DELTA * DELTA * DELTA {
        return t / (3.0 * DELTA * DELTA) + 4.0 / 29.0;
    }
    let position = t * CUBE_ROOT_STEPS_PER_UNIT;
    let index = position as usize;
    let table = cube_root_table();
    match (table.get(index), table.get(index + 1)) {
        (Some(&below), Some(&above)) => {
            let (below, above) = (f64::from(below), f64::from(above));
            below + (position - index as f64) * (above - below)
        }
        _ => cube_root(t),
    }
}

/// Grid points per unit of the cube-root table: the table spans 0 to
/// [`CUBE_ROOT_TABLE_END`] (past 1, for rounding in the white point), and linear
/// interpolation between its points is within 2e-6 of the cube root wherever CIELAB uses it
/// (t above (6/29)³, where the curve bends most): the interpolation error is at most
/// step² / 8 × the second derivative, (1/6554)² / 8 × 587.
const CUBE_ROOT_STEPS_PER_UNIT: f64 = 6554.0;
const CUBE_ROOT_TABLE_END: f64 = 1.25;

/// Cube roots on a regular grid. Every CIELAB conversion takes three cube roots, and the
/// crown, shoulder and exposure measurements convert tens of thousands of pixels a photo;
/// even the fast iteration below (two divisions) cost about 1 ms of a 413 × 531 photo's
/// measurement, the table lookup a fraction of that.
fn cube_root_table() -> &'static [f32] {
    static TABLE: OnceLock<Vec<f32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let points = (CUBE_ROOT_TABLE_END * CUBE_ROOT_STEPS_PER_UNIT) as usize + 2;
        (0..points)
            .map(|i| cube_root(i as f64 / CUBE_ROOT_STEPS_PER_UNIT) as f32)
            .collect()
    })
}

/// Cube root of a non-negative finite `t`, to within 1e-12 relative (0 for 0). `f64::cbrt`
/// is a library call; a bit-level first guess refined by two Halley steps is several times
/// faster.
fn cube_root(t: f64) -> f64 {
    if t <= 0.0 {
        return 0.0;
    }
    // Dividing the exponent bits by three gives a guess within a few per cent.
    let mut y = f64::from_bits(t.to_bits() / 3 + 0x2A9F_7893_782D_A1CE);
    for _ in 0..2 {
        let cube = y * y * y;
        y *= (cube + 2.0 * t) / (2.0 * cube + t);
    }
    y
}

/// CIE Y (relative luminance, 0–1) of linear sRGB: the middle row of IEC 61966-2-1's
/// sRGB → XYZ (D65) matrix.
fn luminance(r: f64, g: f64, b: f64) -> f64 {
    0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b
}

fn lab_from_linear(r: f64, g: f64, b: f64) -> Lab {
    // IEC 61966-2-1 sRGB → XYZ (D65) matrix.
    let x = 0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b;
    let y = luminance(r, g, b);
    let z = 0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b;
    let (fx, fy, fz) = (lab_f(x / WHITE_X), lab_f(y), lab_f(z / WHITE_Z));
    Lab {
        l: 116.0 * fy - 16.0,
        a: 500.0 * (fx - fy),
        b: 200.0 * (fy - fz),
    }
}

/// CIELAB of an 8-bit sRGB pixel.
pub fn lab_from_srgb(rgb: [u8; 3]) -> Lab {
    let table = linear_table();
    lab_from_linear(
        table[usize::from(rgb[0])],
        table[usize::from(rgb[1])],
        table[usize::from(rgb[2])],
    )
}

/// CIELAB of an sRGB colour given as 0–255 floats (e.g. the mean of a block of pixels).
pub fn lab_from_srgb_f32(rgb: [f32; 3]) -> Lab {
    let lin = |c: f32| srgb_to_linear((f64::from(c) / 255.0).clamp(0.0, 1.0));
    lab_from_linear(lin(rgb[0]), lin(rgb[1]), lin(rgb[2]))
}

/// CIELAB L* of an 8-bit sRGB pixel (cheaper than the full conversion).
pub fn lightness_from_srgb(rgb: [u8; 3]) -> f64 {
    let table = linear_table();
    let y = luminance(
        table[usize::from(rgb[0])],
        table[usize::from(rgb[1])],
        table[usize::from(rgb[2])],
    );
    116.0 * lab_f(y) - 16.0
}

/// Rec. 601 luma (0–255) of an 8-bit sRGB pixel, as JPEG and most exposure tools define it:
/// `(299 R + 587 G + 114 B + 500) / 1000`, rounded down.
pub fn luma_u8(rgb: [u8; 3]) -> u8 {
    // Each product is looked up rather than multiplied: grey planes of whole measurement
    // copies are made from this, and three loads beat three multiplications there (0.67
    // against 0.90 ms for 768 × 1024 pixels). The sum is at most 255 500, so it fits.
    let sum = LUMA_RED[usize::from(rgb[0])]
        + LUMA_GREEN[usize::from(rgb[1])]
        + LUMA_BLUE[usize::from(rgb[2])];
    u8::try_from(sum / 1000).unwrap_or(u8::MAX)
}

/// `weight × code + offset` for every 8-bit code.
const fn luma_terms(weight: u32, offset: u32) -> [u32; 256] {
    let mut terms = [0; 256];
    let mut code = 0;
    while code < 256 {
        terms[code] = weight * code as u32 + offset;
        code += 1;
    }
    terms
}

/// Red's share of [`luma_u8`], with the rounding offset.
static LUMA_RED: [u32; 256] = luma_terms(299, 500);
static LUMA_GREEN: [u32; 256] = luma_terms(587, 0);
static LUMA_BLUE: [u32; 256] = luma_terms(114, 0);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luma_tables_give_the_rec_601_formula_for_every_colour() {
        for r in 0..=255u8 {
            for g in 0..=255u8 {
                for b in 0..=255u8 {
                    let formula =
                        (299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b) + 500) / 1000;
                    assert_eq!(u32::from(luma_u8([r, g, b])), formula, "{r} {g} {b}");
                }
            }
        }
    }

    fn close(a: Lab, b: Lab, tolerance: f64) -> bool {
        (a.l - b.l).abs() < tolerance
            && (a.a - b.a).abs() < tolerance
            && (a.b - b.b).abs() < tolerance
    }

    #[test]
    fn white_and_black_are_the_lab_extremes() {
        assert!(close(
            lab_from_srgb([255, 255, 255]),
            Lab::new(100.0, 0.0, 0.0),
            0.01
        ));
        assert!(close(
            lab_from_srgb([0, 0, 0]),
            Lab::new(0.0, 0.0, 0.0),
            0.01
        ));
    }

    #[test]
    fn primaries_match_published_values() {
        // Reference values (D65, sRGB) as given by Bruce Lindbloom's calculator.
        assert!(close(
            lab_from_srgb([255, 0, 0]),
            Lab::new(53.2408, 80.0925, 67.2032),
            0.01
        ));
        assert!(close(
            lab_from_srgb([0, 255, 0]),
            Lab::new(87.7347, -86.1827, 83.1793),
            0.01
        ));
        assert!(close(
            lab_from_srgb([0, 0, 255]),
            Lab::new(32.2970, 79.1875, -107.8602),
            0.01
        ));
        // Middle grey 128: L* 53.585.
        assert!(close(
            lab_from_srgb([128, 128, 128]),
            Lab::new(53.5850, 0.0, 0.0),
            0.01
        ));
    }

    #[test]
    fn lightness_shortcut_agrees_with_full_conversion() {
        for rgb in [[12, 200, 90], [250, 250, 250], [3, 4, 5], [180, 120, 100]] {
            assert!((lightness_from_srgb(rgb) - lab_from_srgb(rgb).l).abs() < 1e-9);
        }
    }

    #[test]
    fn float_and_byte_inputs_agree() {
        let a = lab_from_srgb([180, 120, 100]);
        let b = lab_from_srgb_f32([180.0, 120.0, 100.0]);
        assert!(close(a, b, 1e-9));
    }

    #[test]
    fn luma_of_white_is_255() {
        assert_eq!(luma_u8([255, 255, 255]), 255);
        assert_eq!(luma_u8([0, 0, 0]), 0);
    }

    /// The exact conversion, with the library's cube root.
    fn exact_lab(rgb: [u8; 3]) -> Lab {
        let lin = |c: u8| srgb_to_linear(f64::from(c) / 255.0);
        let (r, g, b) = (lin(rgb[0]), lin(rgb[1]), lin(rgb[2]));
        let x = 0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b;
        let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b;
        let z = 0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                t * 24389.0 / 27.0 / 116.0 + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(x / WHITE_X), f(y), f(z / WHITE_Z));
        Lab::new(116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz))
    }

    #[test]
    fn table_conversion_is_within_its_stated_error_of_the_exact_one() {
        let (mut worst_l, mut worst_ab) = (0.0f64, 0.0f64);
        // Every fifth code per channel (52³ colours), the extremes included.
        let codes: Vec<u8> = (0..=255).step_by(5).collect();
        for &r in &codes {
            for &g in &codes {
                for &b in &codes {
                    let (fast, exact) = (lab_from_srgb([r, g, b]), exact_lab([r, g, b]));
                    worst_l = worst_l.max((fast.l - exact.l).abs());
                    worst_ab = worst_ab.max((fast.a - exact.a).abs().max((fast.b - exact.b).abs()));
                }
            }
        }
        assert!(worst_l < 3e-4, "L* off by {worst_l}");
        assert!(worst_ab < 2e-3, "a*/b* off by {worst_ab}");
        // The error is that of the interpolation, not zero (a test that could not fail).
        assert!(worst_l > 0.0);
    }

    #[test]
    fn cube_root_matches_the_library_over_the_lab_range() {
        let mut t = 0.008_856;
        while t <= 1.2 {
            let (fast, exact) = (cube_root(t), t.cbrt());
            assert!(
                (fast - exact).abs() <= 1e-12 * exact,
                "{t}: {fast} vs {exact}"
            );
            t *= 1.001;
        }
    }
}
