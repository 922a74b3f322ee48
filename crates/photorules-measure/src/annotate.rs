//! The annotated picture: what was measured, drawn over the photo so a person can check it.
//!
//! Colours: face boxes yellow, mesh points green, lid margins white, crown and chin red, eye
//! line cyan, face outline extremes magenta, background sample regions blue, shoulder line
//! orange; bands in their own colour with a light tint between their two lines.

use image::{Rgb, RgbImage};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::geometry::Geometry;
use crate::raster::Rect;

/// Which way a band's lines run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BandAxis {
    /// Two rows (e.g. where the chin may be for the crown found).
    Horizontal,
    /// Two columns.
    Vertical,
}

/// A pair of lines a profile requires something to lie between, in full-resolution px.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Band {
    pub axis: BandAxis,
    pub from_px: f64,
    pub to_px: f64,
    pub colour: [u8; 3],
}

const YELLOW: [u8; 3] = [255, 220, 0];
const GREEN: [u8; 3] = [0, 230, 60];
const RED: [u8; 3] = [240, 30, 30];
const CYAN: [u8; 3] = [0, 220, 255];
const MAGENTA: [u8; 3] = [230, 0, 230];
const BLUE: [u8; 3] = [40, 90, 255];
const ORANGE: [u8; 3] = [255, 140, 0];
const WHITE: [u8; 3] = [255, 255, 255];

/// A copy of `image` with the geometry and bands drawn on it.
pub fn annotate(image: &RgbImage, geometry: &Geometry, bands: &[Band]) -> RgbImage {
    let mut out = image.clone();
    let (w, h) = (f64::from(image.width()), f64::from(image.height()));
    let thick = (w.max(h) / 400.0).round().max(1.0);
    let mut canvas = Canvas {
        image: &mut out,
        thick,
    };

    for band in bands {
        canvas.band(band);
    }
    for region in &geometry.background_regions {
        canvas.rect(region, BLUE);
    }
    for face in &geometry.faces {
        canvas.rect(face, YELLOW);
    }
    for p in &geometry.landmarks {
        canvas.dot(*p, GREEN);
    }
    for ring in &geometry.eyelids {
        for (a, b) in ring.iter().zip(ring.iter().cycle().skip(1)) {
            canvas.line(*a, *b, WHITE);
        }
    }
    if let Some(y) = geometry.crown_y {
        canvas.line([0.0, y], [w, y], RED);
    }
    if let Some(y) = geometry.chin_y {
        canvas.line([0.0, y], [w, y], RED);
    }
    if let Some([right, left]) = geometry.eyes {
        let dx = left[0] - right[0];
        let dy = left[1] - right[1];
        canvas.line(
            [right[0] - dx, right[1] - dy],
            [left[0] + dx, left[1] + dy],
            CYAN,
        );
    }
    if let (Some([lo, hi]), Some(chin)) = (geometry.head_x, geometry.chin_y) {
        let top = geometry.crown_y.unwrap_or(chin - (hi - lo) * 1.3);
        canvas.line([lo, top], [lo, chin], MAGENTA);
        canvas.line([hi, top], [hi, chin], MAGENTA);
    }
    if let Some([a, b]) = geometry.shoulders {
        canvas.line(a, b, ORANGE);
    }
    out
}

struct Canvas<'a> {
    image: &'a mut RgbImage,
    thick: f64,
}

impl Canvas<'_> {
    fn put(&mut self, x: f64, y: f64, colour: [u8; 3]) {
        if x < 0.0 || y < 0.0 {
            return;
        }
        let (x, y) = (x as u32, y as u32);
        if x < self.image.width() && y < self.image.height() {
            self.image.put_pixel(x, y, Rgb(colour));
        }
    }

    fn tint(&mut self, x: u32, y: u32, colour: [u8; 3]) {
        if x < self.image.width() && y < self.image.height() {
            let p = self.image.get_pixel_mut(x, y);
            for (channel, tint) in p.0.iter_mut().zip(colour) {
                *channel = ((u16::from(*channel) * 3 + u16::from(tint)) / 4) as u8;
            }
        }
    }

    fn dot(&mut self, p: [f64; 2], colour: [u8; 3]) {
        let r = self.thick.max(1.0);
        let mut dy = -r;
        while dy <= r {
            let mut dx = -r;
            while dx <= r {
                self.put(p[0] + dx, p[1] + dy, colour);
                dx += 1.0;
            }
            dy += 1.0;
        }
    }

    /// A thick line, drawn as dots along its length.
    fn line(&mut self, a: [f64; 2], b: [f64; 2], colour: [u8; 3]) {
        let length = (b[0] - a[0]).hypot(b[1] - a[1]);
        if !length.is_finite() {
            return;
        }
        let steps = length.ceil().min(100_000.0) as usize;
        let half = (self.thick / 2.0).floor();
        for i in 0..=steps {
            let t = if steps == 0 {
                0.0
            } else {
                i as f64 / steps as f64
            };
            let (x, y) = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]));
            let mut d = -half;
            while d <= half {
                self.put(x + d, y, colour);
                self.put(x, y + d, colour);
                d += 1.0;
            }
        }
    }

    fn rect(&mut self, r: &Rect, colour: [u8; 3]) {
        self.line([r.left, r.top], [r.right, r.top], colour);
        self.line([r.right, r.top], [r.right, r.bottom], colour);
        self.line([r.right, r.bottom], [r.left, r.bottom], colour);
        self.line([r.left, r.bottom], [r.left, r.top], colour);
    }

    fn band(&mut self, band: &Band) {
        let (w, h) = (
            f64::from(self.image.width()),
            f64::from(self.image.height()),
        );
        let (lo, hi) = if band.from_px <= band.to_px {
            (band.from_px, band.to_px)
        } else {
            (band.to_px, band.from_px)
        };
        if !(lo.is_finite() && hi.is_finite()) {
            return;
        }
        match band.axis {
            BandAxis::Horizontal => {
                for y in lo.max(0.0).round() as u32..hi.min(h).round() as u32 {
                    for x in 0..self.image.width() {
                        self.tint(x, y, band.colour);
                    }
                }
                self.line([0.0, lo], [w, lo], band.colour);
                self.line([0.0, hi], [w, hi], band.colour);
            }
            BandAxis::Vertical => {
                for y in 0..self.image.height() {
                    for x in lo.max(0.0).round() as u32..hi.min(w).round() as u32 {
                        self.tint(x, y, band.colour);
                    }
                }
                self.line([lo, 0.0], [lo, h], band.colour);
                self.line([hi, 0.0], [hi, h], band.colour);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_crown_line_and_band_without_touching_outside() {
        let image = RgbImage::from_pixel(100, 80, Rgb([128, 128, 128]));
        let geometry = Geometry {
            crown_y: Some(10.0),
            faces: vec![Rect::new(-50.0, -50.0, 500.0, 500.0)],
            ..Geometry::default()
        };
        let band = Band {
            axis: BandAxis::Horizontal,
            from_px: 40.0,
            to_px: 60.0,
            colour: [0, 0, 255],
        };
        let out = annotate(&image, &geometry, &[band]);
        assert_eq!(out.get_pixel(50, 10).0, RED);
        assert_eq!(out.get_pixel(50, 40).0, [0, 0, 255]);
        let tinted = out.get_pixel(50, 50).0;
        assert!(tinted[2] > 128 && tinted[0] < 128);
        assert_eq!(out.get_pixel(50, 30).0, [128, 128, 128]);
    }

    #[test]
    fn eyelid_rings_are_drawn_closed_and_hollow() {
        let image = RgbImage::from_pixel(100, 80, Rgb([128, 128, 128]));
        let ring = vec![[20.0, 20.0], [40.0, 20.0], [40.0, 40.0], [20.0, 40.0]];
        let geometry = Geometry {
            eyelids: vec![ring],
            ..Geometry::default()
        };
        let out = annotate(&image, &geometry, &[]);
        assert_eq!(out.get_pixel(30, 20).0, WHITE);
        // The closing side, from the last point back to the first.
        assert_eq!(out.get_pixel(20, 30).0, WHITE);
        assert_eq!(out.get_pixel(30, 30).0, [128, 128, 128]);
    }
}
