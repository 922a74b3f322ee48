//! Eye and lens regions of a portrait, placed from the eye-centre metrics, and the pixel
//! statistics the glare, lenses and redeye plugins take in them.
//!
//! Regions live in a frame aligned with the eye line, so a tilted head gets tilted regions:
//! `u` runs from the subject's right eye (on the image's left) to the left eye, `v` is
//! perpendicular to it and points down the face. Sizes are fractions of the eye distance `d`,
//! which makes them independent of the photo's resolution.

use photorules_plugin_kit::Input;

/// The metrics the regions are placed from.
pub const EYE_METRICS: [&str; 5] = [
    "eyes.left_x_px",
    "eyes.left_y_px",
    "eyes.right_x_px",
    "eyes.right_y_px",
    "eyes.distance_px",
];

/// Below this eye distance the eye regions are a handful of pixels: too few to judge.
pub const MIN_EYE_DISTANCE_PX: f64 = 12.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Which eye, named from the subject's side as the eye metrics are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The subject's right eye, on the image's left.
    Right,
    /// The subject's left eye, on the image's right.
    Left,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Right, Side::Left];

    pub fn name(self) -> &'static str {
        match self {
            Side::Right => "right",
            Side::Left => "left",
        }
    }
}

/// The two eye centres and the frame they define.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Eyes {
    right: Point,
    left: Point,
    distance: f64,
    u: (f64, f64),
    v: (f64, f64),
}

impl Eyes {
    /// The eyes from the measured metrics, in the pixels of the view the plugin was given (the
    /// metrics are in the photo's), or the reason they cannot be used.
    pub fn from_input(input: &Input<'_>) -> Result<Eyes, String> {
        let point = |x: &str, y: &str| -> Result<Point, String> {
            let (x, y) = input.to_view(input.number(x)?, input.number(y)?);
            Ok(Point { x, y })
        };
        let left = point("eyes.left_x_px", "eyes.left_y_px")?;
        let right = point("eyes.right_x_px", "eyes.right_y_px")?;
        let distance = input.length_to_view(input.number("eyes.distance_px")?);
        Eyes::new(right, left, distance)
    }

    /// The eyes from their centres and distance (the distance sets the scale of regions).
    pub fn new(right: Point, left: Point, distance: f64) -> Result<Eyes, String> {
        if distance < MIN_EYE_DISTANCE_PX {
            return Err(format!(
                "the eyes are {distance:.1} px apart, too small to examine (at least {MIN_EYE_DISTANCE_PX} px)"
            ));
        }
        let (dx, dy) = (left.x - right.x, left.y - right.y);
        let length = dx.hypot(dy);
        if !(length > 0.5 * distance && length < 2.0 * distance) {
            return Err(format!(
                "the eye centres are {length:.1} px apart but `eyes.distance_px` is {distance:.1}: inconsistent"
            ));
        }
        let u = (dx / length, dy / length);
        Ok(Eyes {
            right,
            left,
            distance,
            u,
            v: (-u.1, u.0),
        })
    }

    pub fn distance(&self) -> f64 {
        self.distance
    }

    pub fn centre(&self, side: Side) -> Point {
        match side {
            Side::Right => self.right,
            Side::Left => self.left,
        }
    }

    /// `p` moved by `along` eye distances along the eye line (towards the image's right) and
    /// `down` eye distances down the face.
    pub fn offset(&self, p: Point, along: f64, down: f64) -> Point {
        let (a, b) = (along * self.distance, down * self.distance);
        Point {
            x: p.x + a * self.u.0 + b * self.v.0,
            y: p.y + a * self.u.1 + b * self.v.1,
        }
    }

    /// An ellipse aligned with the eye line, its half-axes in eye distances.
    pub fn ellipse(&self, centre: Point, half_along: f64, half_down: f64) -> Ellipse {
        Ellipse {
            centre,
            half_u: half_along * self.distance,
            half_v: half_down * self.distance,
            u: self.u,
            v: self.v,
        }
    }
}

/// An ellipse region in image coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ellipse {
    pub centre: Point,
    half_u: f64,
    half_v: f64,
    u: (f64, f64),
    v: (f64, f64),
}

/// The pixels of a region that lie in the image, and how many lie outside.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionPixels {
    pub inside: Vec<(i64, i64)>,
    pub outside: usize,
}

impl RegionPixels {
    /// Share of the region inside the image.
    pub fn coverage(&self) -> f64 {
        let total = self.inside.len() + self.outside;
        if total == 0 {
            0.0
        } else {
            self.inside.len() as f64 / total as f64
        }
    }
}

impl Ellipse {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        let (dx, dy) = (x - self.centre.x, y - self.centre.y);
        let pu = (dx * self.u.0 + dy * self.u.1) / self.half_u;
        let pv = (dx * self.v.0 + dy * self.v.1) / self.half_v;
        pu * pu + pv * pv <= 1.0
    }

    /// Pixels whose centre lies in the ellipse, row by row.
    pub fn pixels(&self, width: u32, height: u32) -> RegionPixels {
        let extent_x = (self.half_u * self.u.0).hypot(self.half_v * self.v.0);
        let extent_y = (self.half_u * self.u.1).hypot(self.half_v * self.v.1);
        let (x0, x1) = (
            (self.centre.x - extent_x).floor() as i64,
            (self.centre.x + extent_x).ceil() as i64,
        );
        let (y0, y1) = (
            (self.centre.y - extent_y).floor() as i64,
            (self.centre.y + extent_y).ceil() as i64,
        );
        let mut region = RegionPixels::default();
        for y in y0..=y1 {
            for x in x0..=x1 {
                // Pixel (x, y) covers [x, x+1) × [y, y+1); eye metrics use the same grid.
                if self.contains(x as f64 + 0.5, y as f64 + 0.5) {
                    if x >= 0 && y >= 0 && x < i64::from(width) && y < i64::from(height) {
                        region.inside.push((x, y));
                    } else {
                        region.outside += 1;
                    }
                }
            }
        }
        region
    }
}

/// sRGB component to linear light, 0–1.
pub fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// A table of [`linear`] for all 256 values (computed once per call; 256 `powf`).
pub struct LinearTable([f64; 256]);

impl LinearTable {
    pub fn new() -> LinearTable {
        let mut table = [0.0; 256];
        for (c, slot) in table.iter_mut().enumerate() {
            *slot = linear(c as u8);
        }
        LinearTable(table)
    }

    /// Relative luminance (Rec. 709 / sRGB primaries) of an sRGB pixel, 0–1.
    pub fn luminance(&self, [r, g, b]: [u8; 3]) -> f64 {
        0.2126 * self.0[r as usize] + 0.7152 * self.0[g as usize] + 0.0722 * self.0[b as usize]
    }

    /// CIELAB `[L*, a*, b*]` of an sRGB pixel (D65 white).
    pub fn lab(&self, [r, g, b]: [u8; 3]) -> [f64; 3] {
        let (r, g, b) = (self.0[r as usize], self.0[g as usize], self.0[b as usize]);
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
        let f = |t: f64| {
            if t > 216.0 / 24_389.0 {
                t.cbrt()
            } else {
                (24_389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }
}

impl Default for LinearTable {
    fn default() -> LinearTable {
        LinearTable::new()
    }
}

/// The median of `values` (the upper median for an even count), `None` when empty.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let middle = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable_by(middle, f64::total_cmp);
    Some(*m)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn level_eyes() -> Eyes {
        Eyes::new(Point { x: 40.0, y: 50.0 }, Point { x: 80.0, y: 50.0 }, 40.0).unwrap()
    }

    #[test]
    fn eyes_are_placed_in_the_view_not_the_photo() {
        use photorules_plugin_kit::{Measurement, Placement, Value};
        let number = |v: f64| Measurement::Measured {
            value: Value::Number(v),
            unit: Some("px".into()),
        };
        let metrics = [
            ("eyes.right_x_px", 1200.0),
            ("eyes.right_y_px", 1600.0),
            ("eyes.left_x_px", 1600.0),
            ("eyes.left_y_px", 1600.0),
            ("eyes.distance_px", 400.0),
        ]
        .into_iter()
        .map(|(name, v)| (name.to_string(), number(v)))
        .collect();
        let pixels = vec![0; 256 * 256 * 3];
        // A 256 px view of the photo's square from (1000, 1400), 4 photo px per view px.
        let input = Input::new(
            256,
            256,
            &pixels,
            metrics,
            photorules_plugin_kit::serde_json::json!({}),
        )
        .with_placement(Placement {
            left: 1000.0,
            top: 1400.0,
            scale: 4.0,
            photo_width: 3000,
            photo_height: 4000,
        });
        let eyes = Eyes::from_input(&input).unwrap();
        assert_eq!(eyes.centre(Side::Right), Point { x: 50.0, y: 50.0 });
        assert_eq!(eyes.centre(Side::Left), Point { x: 150.0, y: 50.0 });
        assert_eq!(eyes.distance(), 100.0);
    }

    #[test]
    fn a_level_frame_points_right_and_down() {
        let eyes = level_eyes();
        let below = eyes.offset(eyes.centre(Side::Right), 0.0, 0.5);
        assert_eq!(below, Point { x: 40.0, y: 70.0 });
        let beside = eyes.offset(eyes.centre(Side::Right), 0.25, 0.0);
        assert_eq!(beside, Point { x: 50.0, y: 50.0 });
    }

    #[test]
    fn ellipse_pixel_count_matches_its_area_and_clips_at_edges() {
        let eyes = level_eyes();
        let region = eyes.ellipse(eyes.centre(Side::Right), 0.25, 0.125);
        let pixels = region.pixels(200, 200);
        let area = std::f64::consts::PI * 10.0 * 5.0;
        assert!((pixels.inside.len() as f64 - area).abs() < 0.1 * area);
        assert_eq!(pixels.outside, 0);
        let clipped = eyes
            .ellipse(Point { x: 0.0, y: 0.0 }, 0.25, 0.25)
            .pixels(200, 200);
        assert!(
            (clipped.coverage() - 0.25).abs() < 0.05,
            "{}",
            clipped.coverage()
        );
    }

    #[test]
    fn inconsistent_or_tiny_eyes_are_refused() {
        assert!(Eyes::new(Point { x: 0.0, y: 0.0 }, Point { x: 40.0, y: 0.0 }, 5.0).is_err());
        assert!(Eyes::new(Point { x: 0.0, y: 0.0 }, Point { x: 0.0, y: 0.0 }, 40.0).is_err());
    }

    #[test]
    fn luminance_and_median() {
        let table = LinearTable::new();
        assert!((table.luminance([255, 255, 255]) - 1.0).abs() < 1e-9);
        assert!((table.luminance([128, 128, 128]) - 0.2158).abs() < 1e-3);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(Vec::new()), None);
    }

    #[test]
    fn lab_matches_published_srgb_values() {
        let table = LinearTable::new();
        let close =
            |got: [f64; 3], want: [f64; 3]| got.iter().zip(want).all(|(g, w)| (g - w).abs() < 0.05);
        // White, mid grey and pure green (sRGB, D65): L* 100 / 53.59 / 87.73, a* −86.18, b* 83.18.
        assert!(close(table.lab([255, 255, 255]), [100.0, 0.0, 0.0]));
        assert!(close(table.lab([128, 128, 128]), [53.59, 0.0, 0.0]));
        let green = table.lab([0, 255, 0]);
        assert!(close(green, [87.73, -86.18, 83.18]), "{green:?}");
    }
}
