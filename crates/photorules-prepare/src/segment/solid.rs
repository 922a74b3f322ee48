//! A matte that is see-through only at the person's outline.
//!
//! The segmentation network is unsure of headwear and of objects it sees only in part: on
//! grace_hopper.jpg (a Navy cap whose crown touches the photo's top edge) it gave the crown
//! 0.3–0.6, and the guided filter turned that into a patchwork of half-transparent pixels. Laid
//! over the new backdrop, the cap's badge came out as a ghost. A real person is opaque: a
//! partial alpha belongs to the thin band where hair or an edge meets the backdrop, nowhere else.
//!
//! So the matte is made solid, in three steps:
//! 1. Where the network was unsure over an area wider than an edge (its probability between
//!    0.2 and 0.8 across a whole window) above the eyes, it could not tell headwear from the
//!    backdrop; there the matte falls back to a colour key: a pixel becomes person as its colour
//!    departs from the backdrop seen nearby (sure background within 8 % of the height). Lower
//!    down, beside the cheeks and shoulders, such a key kept a dark patch of backdrop beside a
//!    baby's cheek as person (facexlib_baby_annotated.jpg), so it is used above the eyes only.
//! 2. The opaque part (α ≥ ½) gets its enclosed holes above the eyes filled, unless a hole's
//!    colour is that of the backdrop (background seen through curls). Lower down a hole is more
//!    often backdrop seen between a cheek and a collar, or between an arm and the body, in a
//!    shade of its own: on facexlib_baby_annotated.jpg a dark corner of backdrop there was
//!    filled.
//! 3. Every pixel deeper inside than the outline band becomes fully person.
//!
//! Outside the person nothing is taken away, so hair strands keep their soft ends.

use image::{GrayImage, Luma};
use imageproc::region_labelling::{Connectivity, connected_components};

use super::refine::{box_mean, weighted_window_means};

/// Half the width of the band around the outline where partial alpha is kept, in multiples of
/// the guided filter's window radius: its soft edges span about one window (2r + 1 pixels), and
/// one radius more leaves room for hair.
const BAND_RADII: usize = 3;

/// A hole whose mean colour lies closer than this to the backdrop's mean (Euclidean, in 0..255
/// RGB) is taken for background seen through the person and left alone. A plain backdrop's
/// pixels lie within about 10 of their mean (JPEG noise, gentle shading); 40 keeps shaded
/// backdrop while a cap badge on a blue backdrop (more than 100 apart) is filled. The colour
/// key of step 1 ramps from background at half this distance to person at one and a half.
const BACKDROP_DISTANCE: f32 = 40.0;

/// The network's probabilities that count as unsure (step 1).
const UNSURE: std::ops::RangeInclusive<f32> = 0.2..=0.8;
/// Share of a window that must be unsure for its centre to lie inside an undecided area rather
/// than on an edge's ramp.
const UNSURE_AREA_SHARE: f32 = 0.9;
/// Network probability below which a pixel is sure background, for the nearby backdrop colour.
const SURE_BACKGROUND: f32 = 0.1;
/// Radius of the window the nearby backdrop colour is taken from, as a share of the height.
const BACKDROP_WINDOW: f32 = 0.08;

/// Make `alpha` (0..1, `width × height`, row by row) opaque inside the person, keeping partial
/// values only within the outline band. `coarse` is the network's probability at the same
/// size, `rgb` the photo (0..255, interleaved) and `refine_radius` the guided filter's window
/// radius in pixels. Undecided areas are keyed, and holes filled, only above `eye_row`.
pub fn solidify(
    alpha: &mut [f32],
    coarse: &[f32],
    rgb: &[u8],
    (width, height): (usize, usize),
    refine_radius: usize,
    eye_row: usize,
) {
    let n = width * height;
    if n == 0 || alpha.len() != n || coarse.len() != n || rgb.len() != n * 3 {
        return;
    }
    let band = (BAND_RADII * refine_radius).max(2);
    key_undecided_areas(alpha, coarse, rgb, (width, height), band, eye_row);
    let mut opaque: Vec<bool> = alpha.iter().map(|&a| a >= 0.5).collect();
    let backdrop = backdrop_colour(alpha, rgb);
    for hole in enclosed_holes(&opaque, width, height) {
        let mean_row = hole.iter().map(|&i| i / width).sum::<usize>() / hole.len().max(1);
        if mean_row >= eye_row {
            continue;
        }
        let unlike_backdrop = backdrop.is_none_or(|backdrop| {
            distance(mean_colour(&hole, rgb), backdrop) >= BACKDROP_DISTANCE
        });
        if unlike_backdrop {
            for &i in &hole {
                opaque[i] = true;
                alpha[i] = 1.0;
            }
        }
    }
    let opaque_share: Vec<f32> = opaque.iter().map(|&o| f32::from(u8::from(o))).collect();
    let window = box_mean(&opaque_share, width, height, band);
    for i in 0..n {
        // Every pixel of the window around it is person: deeper than the band.
        if window[i] >= 1.0 - 1e-6 {
            alpha[i] = 1.0;
        }
    }
}

/// Step 1: inside areas the network left undecided above `eye_row`, a pixel is at least as
/// much person as its colour is unlike the nearby backdrop.
fn key_undecided_areas(
    alpha: &mut [f32],
    coarse: &[f32],
    rgb: &[u8],
    (width, height): (usize, usize),
    band: usize,
    eye_row: usize,
) {
    let indicator = |keep: &dyn Fn(f32) -> bool| -> Vec<f32> {
        coarse
            .iter()
            .map(|&p| f32::from(u8::from(keep(p))))
            .collect()
    };
    let unsure_share = box_mean(&indicator(&|p| UNSURE.contains(&p)), width, height, band);
    let centres: Vec<f32> = unsure_share
        .iter()
        .map(|&share| f32::from(u8::from(share >= UNSURE_AREA_SHARE)))
        .collect();
    // The undecided area: within the band of a centre.
    let near_centre = box_mean(&centres, width, height, band);
    if near_centre.iter().all(|&v| v <= 0.0) {
        return;
    }
    let wide = ((height as f32 * BACKDROP_WINDOW).round() as usize).max(band);
    let background = indicator(&|p| p < SURE_BACKGROUND);
    let (weight, channel_means) = weighted_window_means(rgb, &background, width, height, wide);
    for i in 0..(eye_row.min(height) * width) {
        if near_centre[i] <= 0.0 || weight[i] < 0.01 {
            continue;
        }
        let backdrop = [0, 1, 2].map(|c| channel_means[c][i] / weight[i]);
        let pixel = [0, 1, 2].map(|c| f32::from(rgb[i * 3 + c]));
        let t = (distance(pixel, backdrop) / BACKDROP_DISTANCE - 0.5).clamp(0.0, 1.0);
        alpha[i] = alpha[i].max(t * t * (3.0 - 2.0 * t));
    }
}

/// The groups of non-opaque pixels (4-connected) that do not reach the image's border.
fn enclosed_holes(opaque: &[bool], width: usize, height: usize) -> Vec<Vec<usize>> {
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else {
        return Vec::new();
    };
    let non_opaque: Vec<u8> = opaque.iter().map(|&o| if o { 0 } else { 255 }).collect();
    let Some(mask) = GrayImage::from_raw(w, h, non_opaque) else {
        return Vec::new();
    };
    // Label 0 is the opaque person; every other label is one group of non-opaque pixels.
    let labels = connected_components(&mask, Connectivity::Four, Luma([0u8]));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut touches_border: Vec<bool> = Vec::new();
    for i in 0..width * height {
        let label = labels.as_raw()[i] as usize;
        if label == 0 {
            continue;
        }
        if groups.len() < label {
            groups.resize_with(label, Vec::new);
            touches_border.resize(label, false);
        }
        let (x, y) = (i % width, i / width);
        touches_border[label - 1] |= x == 0 || y == 0 || x + 1 == width || y + 1 == height;
        groups[label - 1].push(i);
    }
    groups
        .into_iter()
        .zip(touches_border)
        .filter_map(|(group, border)| (!border && !group.is_empty()).then_some(group))
        .collect()
}

/// Mean colour of the sure background (α below 0.05), if there is any.
fn backdrop_colour(alpha: &[f32], rgb: &[u8]) -> Option<[f32; 3]> {
    let background: Vec<usize> = (0..alpha.len()).filter(|&i| alpha[i] < 0.05).collect();
    (!background.is_empty()).then(|| mean_colour(&background, rgb))
}

fn mean_colour(pixels: &[usize], rgb: &[u8]) -> [f32; 3] {
    let mut sum = [0f64; 3];
    for &i in pixels {
        for (c, total) in sum.iter_mut().enumerate() {
            *total += f64::from(rgb[i * 3 + c]);
        }
    }
    let count = pixels.len().max(1) as f64;
    sum.map(|total| (total / count) as f32)
}

fn distance(a: [f32; 3], b: [f32; 3]) -> f32 {
    a.iter()
        .zip(&b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f32>()
        .sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: usize = 40;
    const H: usize = 40;

    /// A blue backdrop with a red 30 × 30 person square from (5, 5).
    fn scene() -> (Vec<f32>, Vec<u8>) {
        let mut alpha = vec![0.0f32; W * H];
        let mut rgb = [20u8, 40, 200].repeat(W * H);
        paint_square(&mut alpha, &mut rgb, 5..35, 1.0, [200, 40, 40]);
        (alpha, rgb)
    }

    /// Set the matte to `a` and the photo to `colour` over the square `span` × `span`.
    fn paint_square(
        alpha: &mut [f32],
        rgb: &mut [u8],
        span: std::ops::Range<usize>,
        a: f32,
        colour: [u8; 3],
    ) {
        for y in span.clone() {
            for x in span.clone() {
                alpha[y * W + x] = a;
                rgb[(y * W + x) * 3..(y * W + x) * 3 + 3].copy_from_slice(&colour);
            }
        }
    }

    /// The network's probability: sure where the test's matte is.
    fn coarse_of(alpha: &[f32]) -> Vec<f32> {
        alpha
            .iter()
            .map(|&a| if a >= 0.5 { 1.0 } else { 0.0 })
            .collect()
    }

    #[test]
    fn an_undecided_object_is_keyed_against_the_backdrop() {
        // 200 × 200: a blue backdrop, a red person from row 100, and a white cap on top of it
        // (rows 88..100, columns 80..120) that the network gives 0.5, as it does the backdrop
        // around the cap (rows 84..100, columns 75..125); the refined matte has a ghost of 0.3.
        let (w, h) = (200usize, 200usize);
        let mut alpha = vec![0.0f32; w * h];
        let mut coarse = vec![0.0f32; w * h];
        let mut rgb = [20u8, 40, 200].repeat(w * h);
        let mut paint = |x: usize, y: usize, colour: [u8; 3]| {
            rgb[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&colour);
        };
        for y in 84..h {
            for x in 75..125 {
                let i = y * w + x;
                if y >= 100 {
                    (alpha[i], coarse[i]) = (1.0, 1.0);
                    paint(x, y, [200, 40, 40]);
                } else {
                    coarse[i] = 0.5;
                    if y >= 88 && (80..120).contains(&x) {
                        alpha[i] = 0.3;
                        paint(x, y, [250, 250, 250]);
                    }
                }
            }
        }
        let mut below_the_eyes = alpha.clone();
        solidify(&mut alpha, &coarse, &rgb, (w, h), 1, 150);
        assert_eq!(alpha[94 * w + 100], 1.0, "the cap is person");
        assert_eq!(
            alpha[94 * w + 77],
            0.0,
            "the backdrop beside it stays background"
        );
        // Below the eye line nothing is keyed.
        solidify(&mut below_the_eyes, &coarse, &rgb, (w, h), 1, 50);
        assert_eq!(below_the_eyes[94 * w + 100], 0.3);
    }

    #[test]
    fn a_half_transparent_patch_inside_the_person_becomes_opaque() {
        let (mut alpha, rgb) = scene();
        // The ghost: a 10 × 10 patch of the person at 0.3–0.6 in the middle.
        for y in 15..25 {
            for x in 15..25 {
                alpha[y * W + x] = if (x + y) % 2 == 0 { 0.3 } else { 0.6 };
            }
        }
        let coarse = coarse_of(&alpha);
        solidify(&mut alpha, &coarse, &rgb, (W, H), 1, H);
        for y in 15..25 {
            for x in 15..25 {
                assert_eq!(alpha[y * W + x], 1.0, "({x}, {y})");
            }
        }
    }

    #[test]
    fn the_outline_band_and_the_outside_keep_their_values() {
        let (mut alpha, rgb) = scene();
        // A soft edge on the left side of the square and a strand outside it.
        for y in 5..35 {
            alpha[y * W + 5] = 0.7;
            alpha[y * W + 4] = 0.2;
        }
        let before = alpha.clone();
        let coarse = coarse_of(&alpha);
        solidify(&mut alpha, &coarse, &rgb, (W, H), 1, H);
        for y in 5..35 {
            assert_eq!(alpha[y * W + 5], before[y * W + 5]);
            assert_eq!(alpha[y * W + 4], before[y * W + 4]);
        }
        assert_eq!(alpha[0], 0.0);
    }

    #[test]
    fn a_hole_showing_the_backdrop_stays_background() {
        let (mut alpha, mut rgb) = scene();
        // A gap in the person through which the blue backdrop shows.
        paint_square(&mut alpha, &mut rgb, 18..22, 0.0, [25, 45, 190]);
        let coarse = coarse_of(&alpha);
        solidify(&mut alpha, &coarse, &rgb, (W, H), 1, H);
        assert_eq!(alpha[20 * W + 20], 0.0);
    }

    #[test]
    fn a_hole_unlike_the_backdrop_is_filled() {
        let (mut alpha, mut rgb) = scene();
        // A white badge the network left out.
        paint_square(&mut alpha, &mut rgb, 18..22, 0.1, [250, 250, 250]);
        let coarse = coarse_of(&alpha);
        let mut below_the_eyes = alpha.clone();
        solidify(&mut alpha, &coarse, &rgb, (W, H), 1, H);
        assert_eq!(alpha[20 * W + 20], 1.0);
        // A hole below the eye line keeps its matte.
        solidify(&mut below_the_eyes, &coarse, &rgb, (W, H), 1, 10);
        assert_eq!(below_the_eyes[20 * W + 20], 0.1);
    }
}
