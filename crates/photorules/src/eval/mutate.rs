//! Mutations with truth by construction: lenses and a roll painted onto the set's real photos,
//! so that what a rule must decide is known without anyone judging the photo.
//!
//! Lenses are placed on the eye centres the engine measured on the unmutated photo (the truth
//! is what was painted, wherever that is); a lens is an ellipse of 0.84 × 0.6 eye distances (a
//! spectacle lens of about 50 × 36 mm against 63 mm between the pupils) that passes a share of
//! the light (in linear light), with or without a frame.

use image::{Rgb, RgbImage};

use super::Label;

/// The eye centres and distance on the photo's pixels.
#[derive(Debug, Clone, Copy)]
pub struct Eyes {
    pub right: (f64, f64),
    pub left: (f64, f64),
    pub distance: f64,
}

/// What is painted.
#[derive(Debug, Clone, Copy)]
pub enum Paint {
    /// Lenses passing `transmission` of the light, with a frame `frame` eye distances thick
    /// (0: none).
    Lenses { transmission: f64, frame: f64 },
    /// The whole photo turned by this many degrees about its centre.
    Roll { degrees: f64 },
}

/// One mutation: its name, what it paints, the photos it applies to (the requirement that must
/// be labelled "yes" on the unmutated photo) and the truth it makes.
#[derive(Debug, Clone, Copy)]
pub struct Mutation {
    pub name: &'static str,
    pub paint: Paint,
    pub needs_yes: &'static str,
    pub truth: &'static [(&'static str, Label)],
}

/// The mutations `photorules eval --mutations` scores.
pub const MUTATIONS: [Mutation; 5] = [
    Mutation {
        name: "frameless-sunglasses",
        paint: Paint::Lenses {
            transmission: 0.08,
            frame: 0.0,
        },
        needs_yes: "no_glasses",
        truth: &[("no_dark_lenses", Label::No), ("eyes_visible", Label::No)],
    },
    Mutation {
        name: "framed-sunglasses",
        paint: Paint::Lenses {
            transmission: 0.15,
            frame: 0.06,
        },
        needs_yes: "no_glasses",
        truth: &[("no_dark_lenses", Label::No), ("eyes_visible", Label::No)],
    },
    Mutation {
        name: "tinted-lenses-50",
        paint: Paint::Lenses {
            transmission: 0.5,
            frame: 0.03,
        },
        needs_yes: "no_glasses",
        truth: &[("no_dark_lenses", Label::No)],
    },
    Mutation {
        name: "clear-glasses",
        paint: Paint::Lenses {
            transmission: 1.0,
            frame: 0.025,
        },
        needs_yes: "no_glasses",
        truth: &[("no_dark_lenses", Label::Yes), ("eyes_visible", Label::Yes)],
    },
    Mutation {
        name: "roll-15",
        paint: Paint::Roll { degrees: 15.0 },
        needs_yes: "frontal_pose",
        truth: &[("frontal_pose", Label::No)],
    },
];

/// `photo` with `paint` applied.
pub fn apply(photo: &RgbImage, eyes: &Eyes, paint: Paint) -> RgbImage {
    match paint {
        Paint::Lenses {
            transmission,
            frame,
        } => lenses(photo, eyes, transmission, frame),
        Paint::Roll { degrees } => roll(photo, degrees),
    }
}

fn to_linear(v: u8) -> f64 {
    let c = f64::from(v) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn to_srgb(l: f64) -> u8 {
    let c = if l <= 0.003_130_8 {
        12.92 * l
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    };
    (c * 255.0).round().clamp(0.0, 255.0) as u8
}

fn lenses(photo: &RgbImage, eyes: &Eyes, transmission: f64, frame: f64) -> RgbImage {
    let mut out = photo.clone();
    let d = eyes.distance;
    let (ax, ay) = (0.42 * d, 0.30 * d);
    let rim = frame * d;
    for (cx, cy) in [eyes.right, eyes.left] {
        let x0 = (cx - ax - rim).floor().max(0.0) as u32;
        let y0 = (cy - ay - rim).floor().max(0.0) as u32;
        let x1 = ((cx + ax + rim).ceil() as u32).min(out.width());
        let y1 = ((cy + ay + rim).ceil() as u32).min(out.height());
        for y in y0..y1 {
            for x in x0..x1 {
                let (dx, dy) = (f64::from(x) + 0.5 - cx, f64::from(y) + 0.5 - cy);
                let inner = (dx / ax).powi(2) + (dy / ay).powi(2);
                let outer = (dx / (ax + rim)).powi(2) + (dy / (ay + rim)).powi(2);
                if inner <= 1.0 {
                    let p = out.get_pixel(x, y).0;
                    let lens = p.map(|v| to_srgb(to_linear(v) * transmission));
                    out.put_pixel(x, y, Rgb(lens));
                } else if rim > 0.0 && outer <= 1.0 {
                    out.put_pixel(x, y, Rgb([22, 20, 20]));
                }
            }
        }
    }
    if frame > 0.0 {
        // The bridge between the lenses, at eye height.
        let (rx, lx) = (eyes.right.0 + ax, eyes.left.0 - ax);
        let y_mid = (eyes.right.1 + eyes.left.1) / 2.0;
        let half = (rim / 2.0).max(1.0);
        for y in (y_mid - half).max(0.0) as u32..((y_mid + half) as u32).min(out.height()) {
            for x in rx.max(0.0) as u32..(lx.max(0.0) as u32).min(out.width()) {
                out.put_pixel(x, y, Rgb([22, 20, 20]));
            }
        }
    }
    out
}

/// Turned about the centre (bilinear, by `imageproc`), the corners filled from the nearest
/// edge pixel. Positive degrees turn clockwise on screen.
fn roll(photo: &RgbImage, degrees: f64) -> RgbImage {
    use imageproc::geometric_transformations::{Border, Interpolation, rotate_about_center};
    rotate_about_center(
        photo,
        degrees.to_radians() as f32,
        Interpolation::Bilinear,
        Border::Replicate,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn grey(v: u8) -> RgbImage {
        RgbImage::from_pixel(200, 120, Rgb([v, v, v]))
    }

    const EYES: Eyes = Eyes {
        right: (70.0, 60.0),
        left: (130.0, 60.0),
        distance: 60.0,
    };

    #[test]
    fn a_lens_passes_its_share_of_linear_light_and_a_frame_is_dark() {
        let out = apply(
            &grey(200),
            &EYES,
            Paint::Lenses {
                transmission: 0.5,
                frame: 0.05,
            },
        );
        let centre = to_linear(out.get_pixel(70, 60).0[0]);
        assert!((centre / to_linear(200) - 0.5).abs() < 0.02, "{centre}");
        // The rim: just outside the lens's half-width of 25.2 px.
        assert_eq!(out.get_pixel(70 + 26, 60).0, [22, 20, 20]);
        // Far from the lenses nothing changes.
        assert_eq!(out.get_pixel(5, 5).0, [200, 200, 200]);
    }

    #[test]
    fn a_roll_turns_about_the_centre() {
        let mut photo = grey(0);
        photo.put_pixel(150, 60, Rgb([255, 255, 255]));
        let out = apply(&photo, &EYES, Paint::Roll { degrees: 90.0 });
        // (150, 60) is 50 px right of the centre (100, 60); a quarter turn (clockwise on
        // screen, y down) puts it 50 px below.
        let brightest = (98..=101)
            .flat_map(|x| (108..=112).map(move |y| (x, y)))
            .map(|(x, y)| out.get_pixel(x, y).0[0])
            .max();
        assert!(brightest.unwrap_or(0) > 100, "{brightest:?}");
        assert_eq!(out.get_pixel(150, 60).0[0], 0, "the dot left its place");
    }
}
