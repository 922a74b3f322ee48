//! Synthetic passport-style faces (413 × 531, like a 35 × 45 mm print at 300 dpi) with known
//! truth: bare eyes, clear or dark glasses, drawn glare, red pupils. Shared with the bench.

#![allow(dead_code)]

use photorules_core::{Metrics, Unit};

pub const WIDTH: u32 = 413;
pub const HEIGHT: u32 = 531;
/// Subject's right eye (image left) and left eye (image right), and their distance.
pub const RIGHT_EYE: (f64, f64) = (166.0, 225.0);
pub const LEFT_EYE: (f64, f64) = (246.0, 225.0);
pub const EYE_DISTANCE: f64 = 80.0;

const BACKGROUND: [u8; 3] = [232, 232, 230];
const SKIN: [u8; 3] = [214, 168, 146];
const SCLERA: [u8; 3] = [212, 208, 202];
const BROWN_IRIS: [u8; 3] = [110, 70, 45];
const PUPIL: [u8; 3] = [22, 16, 16];
const BROW: [u8; 3] = [70, 50, 40];
const FRAME: [u8; 3] = [30, 30, 34];

/// What to draw.
#[derive(Debug, Clone, Copy, Default)]
pub struct Face {
    pub glasses: Glasses,
    /// Glare blobs on each lens: (half-width, half-height) in px.
    pub glare: Option<(f64, f64)>,
    /// The glare's colour: a reflection of the scene on a dark lens (near-white when `None`).
    pub glare_colour: Option<[u8; 3]>,
    pub red_pupils: bool,
    /// Iris colour (brown when `None`).
    pub iris: Option<[u8; 3]>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum Glasses {
    #[default]
    None,
    Clear,
    /// Lenses passing this fraction of the light (in linear light).
    Tinted(f64),
}

/// A drawn face and the truth about it.
pub struct Drawn {
    pub rgb: Vec<u8>,
    /// Pixels painted as glare (both lenses).
    pub glare_pixels: usize,
}

pub struct Canvas {
    rgb: Vec<u8>,
}

impl Canvas {
    fn new() -> Canvas {
        let mut rgb = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
        for _ in 0..WIDTH * HEIGHT {
            rgb.extend_from_slice(&BACKGROUND);
        }
        Canvas { rgb }
    }

    /// Apply `paint` to every pixel whose centre is in the axis-aligned ellipse; returns the
    /// number of pixels painted.
    fn ellipse(
        &mut self,
        (cx, cy): (f64, f64),
        (rx, ry): (f64, f64),
        mut paint: impl FnMut([u8; 3]) -> [u8; 3],
    ) -> usize {
        let mut painted = 0;
        let (y0, y1) = ((cy - ry).floor().max(0.0) as u32, (cy + ry).ceil() as u32);
        let (x0, x1) = ((cx - rx).floor().max(0.0) as u32, (cx + rx).ceil() as u32);
        for y in y0..=y1.min(HEIGHT - 1) {
            for x in x0..=x1.min(WIDTH - 1) {
                let (dx, dy) = ((x as f64 + 0.5 - cx) / rx, (y as f64 + 0.5 - cy) / ry);
                if dx * dx + dy * dy <= 1.0 {
                    let at = ((y * WIDTH + x) * 3) as usize;
                    let old = [self.rgb[at], self.rgb[at + 1], self.rgb[at + 2]];
                    self.rgb[at..at + 3].copy_from_slice(&paint(old));
                    painted += 1;
                }
            }
        }
        painted
    }

    fn fill(&mut self, centre: (f64, f64), radii: (f64, f64), colour: [u8; 3]) -> usize {
        self.ellipse(centre, radii, |_| colour)
    }
}

fn to_linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn to_srgb(l: f64) -> u8 {
    let c = if l <= 0.003_130_8 {
        l * 12.92
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    };
    (c * 255.0).round().clamp(0.0, 255.0) as u8
}

pub fn draw(face: Face) -> Drawn {
    let mut canvas = Canvas::new();
    let d = EYE_DISTANCE;
    // Head, with slightly shaded eye sockets as on real faces.
    canvas.fill((206.0, 250.0), (112.0, 148.0), SKIN);
    for eye in [RIGHT_EYE, LEFT_EYE] {
        canvas.ellipse(eye, (0.32 * d, 0.2 * d), |[r, g, b]| {
            [
                (r as f64 * 0.9) as u8,
                (g as f64 * 0.9) as u8,
                (b as f64 * 0.9) as u8,
            ]
        });
        canvas.fill((eye.0, eye.1 - 0.3 * d), (0.25 * d, 0.04 * d), BROW);
        canvas.fill(eye, (0.16 * d, 0.075 * d), SCLERA);
        canvas.fill(eye, (0.09 * d, 0.09 * d), face.iris.unwrap_or(BROWN_IRIS));
        let pupil = if face.red_pupils {
            [200, 32, 38]
        } else {
            PUPIL
        };
        canvas.fill(eye, (0.05 * d, 0.05 * d), pupil);
        // Catchlight: a 2 px reflection of the photographer's light on the cornea.
        canvas.fill((eye.0 + 2.5, eye.1 - 2.5), (1.2, 1.2), [255, 255, 255]);
    }
    let mut glare_pixels = 0;
    if face.glasses != Glasses::None {
        for eye in [RIGHT_EYE, LEFT_EYE] {
            let lens = (0.42 * d, 0.3 * d);
            if let Glasses::Tinted(transmission) = face.glasses {
                canvas.ellipse(eye, lens, |rgb| {
                    rgb.map(|c| to_srgb(to_linear(c) * transmission))
                });
            }
            // The frame: a ring just outside the lens.
            ring(&mut canvas, eye, lens, 2.0, FRAME);
            if let Some(radii) = face.glare {
                // Upper outer part of the lens, away from the eye centre.
                let at = (
                    eye.0 + if eye == RIGHT_EYE { -14.0 } else { 14.0 },
                    eye.1 - 11.0,
                );
                let colour = face.glare_colour.unwrap_or([252, 252, 250]);
                glare_pixels += canvas.fill(at, radii, colour);
            }
        }
    }
    Drawn {
        rgb: canvas.rgb,
        glare_pixels,
    }
}

fn ring(canvas: &mut Canvas, centre: (f64, f64), radii: (f64, f64), width: f64, colour: [u8; 3]) {
    let (rx, ry) = radii;
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let (dx, dy) = (x as f64 + 0.5 - centre.0, y as f64 + 0.5 - centre.1);
            let outer = (dx / (rx + width)).powi(2) + (dy / (ry + width)).powi(2);
            let inner = (dx / rx).powi(2) + (dy / ry).powi(2);
            if outer <= 1.0 && inner > 1.0 {
                let at = ((y * WIDTH + x) * 3) as usize;
                canvas.rgb[at..at + 3].copy_from_slice(&colour);
            }
        }
    }
}

/// The eye metrics of the drawn face, as the measurement crate reports them.
pub fn eye_metrics() -> Metrics {
    let mut metrics = Metrics::default();
    metrics.number("eyes.right_x_px", RIGHT_EYE.0, Unit::Px);
    metrics.number("eyes.right_y_px", RIGHT_EYE.1, Unit::Px);
    metrics.number("eyes.left_x_px", LEFT_EYE.0, Unit::Px);
    metrics.number("eyes.left_y_px", LEFT_EYE.1, Unit::Px);
    metrics.number("eyes.distance_px", EYE_DISTANCE, Unit::Px);
    metrics.number("face.count", 1.0, Unit::Count);
    metrics
}

/// The area of both lens regions the glare plugin examines (ellipses 0.38 d × 0.28 d).
pub fn glare_region_area() -> f64 {
    2.0 * std::f64::consts::PI * 0.38 * EYE_DISTANCE * 0.28 * EYE_DISTANCE
}
