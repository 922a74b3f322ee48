//! Bilinear RGB samples of an 8-bit image at pixel-centre coordinates (`x = 0.5` is the
//! middle of column 0), in 0..255; outside the image counts as black.
//!
//! [`four_inside`] takes four samples at once with SIMD lanes and is the hot path of the
//! crop sampler (two 192 × 192 mesh crops and two 64 × 64 eye crops, about 82 000 samples a
//! photo); it does the same arithmetic per lane as [`one`], so both give the same values, bit
//! for bit.

use image::RgbImage;
use wide::{f32x4, i32x4};

/// One sample; any point, NaN and far outside included.
pub fn one(image: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    if !x.is_finite() || !y.is_finite() {
        return [0.0; 3];
    }
    let (width, height) = (image.width() as i64, image.height() as i64);
    // Far-away coordinates stay out of the image through the saturating casts.
    let (x0, tx) = floor_and_fraction(x - 0.5);
    let (y0, ty) = floor_and_fraction(y - 0.5);
    let raw = image.as_raw();
    let stride = width as usize * 3;
    if x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height {
        // All four neighbours inside: read them straight from the buffer.
        let top = y0 as usize * stride + x0 as usize * 3;
        let bottom = top + stride;
        if let (Some(upper), Some(lower)) = (raw.get(top..top + 6), raw.get(bottom..bottom + 6)) {
            let mut acc = [0.0f32; 3];
            for (channel, sum) in acc.iter_mut().enumerate() {
                let (a, b) = (f32::from(upper[channel]), f32::from(upper[channel + 3]));
                let (c, d) = (f32::from(lower[channel]), f32::from(lower[channel + 3]));
                let above = a + tx * (b - a);
                let below = c + tx * (d - c);
                *sum = above + ty * (below - above);
            }
            return acc;
        }
    }
    let mut acc = [0.0f32; 3];
    for (dy, wy) in [(0, 1.0 - ty), (1, ty)] {
        for (dx, wx) in [(0, 1.0 - tx), (1, tx)] {
            let (px, py) = (x0.saturating_add(dx), y0.saturating_add(dy));
            if px < 0 || py < 0 || px >= width || py >= height {
                continue;
            }
            let weight = wx * wy;
            let pixel = image.get_pixel(px as u32, py as u32).0;
            for (sum, channel) in acc.iter_mut().zip(pixel) {
                *sum += weight * f32::from(channel);
            }
        }
    }
    acc
}

/// Four samples as red, green and blue lanes, when all four points have their four
/// neighbours inside the image (`None` otherwise: the caller takes them one by one).
///
/// One sample at a time spent most of its time turning bytes into floats and running the
/// three channels' arithmetic one after the other (14 ns a sample); four lanes read each
/// neighbour as one 32-bit word and take the channels apart with shifts.
#[inline]
pub fn four_inside(image: &RgbImage, points: [(f32, f32); 4]) -> Option<[[f32; 4]; 3]> {
    // Neighbours floor(x - 0.5) and the next lie inside for 0.5 <= x < width - 0.5 (NaN
    // fails the test).
    let (inside_x, inside_y) = (image.width() as f32 - 0.5, image.height() as f32 - 0.5);
    let inside = points
        .iter()
        .all(|&(x, y)| (0.5..inside_x).contains(&x) && (0.5..inside_y).contains(&y));
    if !inside {
        return None;
    }
    let xf = f32x4::new(points.map(|(x, _)| x - 0.5));
    let yf = f32x4::new(points.map(|(_, y)| y - 0.5));
    // Non-negative, so truncation is the floor, as in `floor_and_fraction`.
    let (x0, y0) = (xf.trunc_int(), yf.trunc_int());
    let (tx, ty) = (xf - x0.round_float(), yf - y0.round_float());
    let raw = image.as_raw();
    let stride = image.width() as usize * 3;
    let (x0, y0) = (x0.to_array(), y0.to_array());
    let mut words = [[0i32; 4]; 4];
    for lane in 0..4 {
        let top = y0[lane] as usize * stride + x0[lane] as usize * 3;
        // The two neighbours in each row as 7 bytes, read as two overlapping 32-bit words
        // from their red bytes (each word's fourth byte is not used).
        let block = raw.get(top..top + stride + 7)?;
        let (upper, lower) = (block.first_chunk::<7>()?, block.last_chunk::<7>()?);
        let word = |row: &[u8; 7], at: usize| {
            i32::from_le_bytes([row[at], row[at + 1], row[at + 2], row[at + 3]])
        };
        words[0][lane] = word(upper, 0);
        words[1][lane] = word(upper, 3);
        words[2][lane] = word(lower, 0);
        words[3][lane] = word(lower, 3);
    }
    let [a, b, c, d] = words.map(i32x4::new);
    let byte = i32x4::splat(0xff);
    let mut out = [[0.0f32; 4]; 3];
    for (channel, lanes) in out.iter_mut().enumerate() {
        let shift = 8 * channel as i32;
        let channel_of = |word: i32x4| ((word >> shift) & byte).round_float();
        let (a, b, c, d) = (channel_of(a), channel_of(b), channel_of(c), channel_of(d));
        let above = a + tx * (b - a);
        let below = c + tx * (d - c);
        *lanes = (above + ty * (below - above)).to_array();
    }
    Some(out)
}

/// `value.floor()` as an integer and `value` minus it. Written with casts because without
/// SSE 4.1 in the target features `f32::floor` is a library call, and this runs for every
/// sample at a crop's edge.
fn floor_and_fraction(value: f32) -> (i64, f32) {
    let truncated = value as i64;
    let floor = if (truncated as f32) > value {
        truncated - 1
    } else {
        truncated
    };
    (floor, value - floor as f32)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn four_lanes_equal_single_samples_bit_for_bit() {
        let image = RgbImage::from_fn(37, 23, |x, y| {
            image::Rgb([
                (x * 7 + y) as u8,
                (y * 11) as u8,
                ((x * y * 13) % 256) as u8,
            ])
        });
        let mut checked = 0;
        for step in 0..500u32 {
            // Points spread over and just past the image, fractions of every size.
            let point = |lane: u32| {
                let k = (step * 4 + lane) as f32;
                (
                    (k * 0.731).rem_euclid(38.0) - 0.3,
                    (k * 0.377).rem_euclid(24.0) - 0.2,
                )
            };
            let points = [0, 1, 2, 3].map(point);
            let Some(four) = four_inside(&image, points) else {
                continue;
            };
            checked += 1;
            for (lane, &(x, y)) in points.iter().enumerate() {
                let single = one(&image, x, y);
                for channel in 0..3 {
                    assert_eq!(
                        four[channel][lane].to_bits(),
                        single[channel].to_bits(),
                        "({x}, {y}) channel {channel}"
                    );
                }
            }
        }
        assert!(checked > 100, "only {checked} groups were inside");
    }

    #[test]
    fn four_lanes_decline_points_near_or_past_the_edge() {
        let image = RgbImage::new(10, 10);
        let inside = (5.0, 5.0);
        assert!(four_inside(&image, [inside; 4]).is_some());
        for edge in [(0.4, 5.0), (9.5, 5.0), (5.0, 9.5), (f32::NAN, 5.0)] {
            assert!(four_inside(&image, [inside, inside, edge, inside]).is_none());
        }
        // The last pixel's neighbours reach the end of the buffer: declined, not a panic.
        assert!(four_inside(&image, [(9.4, 9.4); 4]).is_none());
    }

    #[test]
    fn outside_the_image_is_black() {
        let image = RgbImage::from_pixel(2, 2, image::Rgb([255, 255, 255]));
        assert_eq!(one(&image, -10.0, 1.0), [0.0; 3]);
        assert_eq!(one(&image, f32::NAN, 1.0), [0.0; 3]);
        assert_eq!(one(&image, 1.0, 1.0), [255.0; 3]);
    }
}
