//! Rendering a planned crop: turn about the eye midpoint, crop and resample to the exact output
//! size, with a quality filter (Lanczos3 through `fast_image_resize`).
//!
//! Without a turn the crop is one Lanczos3 resample of the source. With a turn the crop is first
//! reduced with Lanczos3 to twice the output scale, turned with Catmull-Rom bicubic sampling
//! at that scale, then reduced to the output with Lanczos3: the bicubic step works on pixels
//! only twice as fine as the output, so its slight softness does not reach the result.
//! Parts of the crop beyond the photo's edges repeat the edge pixels (the background is replaced
//! there); [`Rendered::coverage`] says which output pixels came from the photo.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{Rgb, RgbImage};

use crate::error::PrepareError;
use crate::plan::{Crop, Upright};

/// A rendered crop.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub image: RgbImage,
    /// Per output pixel, how much of it lies inside the source photo (0..1).
    pub coverage: Vec<f32>,
}

impl Rendered {
    /// Whether any output pixel lies (partly) outside the source photo.
    pub fn padded(&self) -> bool {
        self.coverage.iter().any(|&c| c < 1.0)
    }
}

/// Pixels of filter support kept around the crop's bounding box.
const SUPPORT: f64 = 4.0;

/// Render `crop` (in `frame`'s upright coordinates) of `source` at `width × height`.
pub fn render(
    source: &RgbImage,
    frame: &Upright,
    crop: &Crop,
    width: u32,
    height: u32,
) -> Result<Rendered, PrepareError> {
    if width == 0 || height == 0 || source.width() == 0 || source.height() == 0 {
        return Err(PrepareError::Resample("empty image or crop".into()));
    }
    // Output pixels per source pixel.
    let scale = f64::from(height) / crop.height;
    let corners = [
        [crop.left, crop.top],
        [crop.left + crop.width, crop.top],
        [crop.left, crop.top + crop.height],
        [crop.left + crop.width, crop.top + crop.height],
    ]
    .map(|p| frame.to_source(p));
    let margin = SUPPORT / scale.min(1.0);
    let x0 = (corners.iter().map(|p| p[0]).fold(f64::INFINITY, f64::min) - margin).floor();
    let y0 = (corners.iter().map(|p| p[1]).fold(f64::INFINITY, f64::min) - margin).floor();
    let x1 = (corners
        .iter()
        .map(|p| p[0])
        .fold(f64::NEG_INFINITY, f64::max)
        + margin)
        .ceil();
    let y1 = (corners
        .iter()
        .map(|p| p[1])
        .fold(f64::NEG_INFINITY, f64::max)
        + margin)
        .ceil();
    let region = extract_clamped(
        source,
        x0 as i64,
        y0 as i64,
        (x1 - x0) as u32,
        (y1 - y0) as u32,
    )?;

    let image = if frame.angle_deg == 0.0 {
        lanczos(
            &region,
            crop.left - x0,
            crop.top - y0,
            crop.width,
            crop.height,
            width,
            height,
        )?
    } else {
        turned(&region, [x0, y0], frame, crop, scale, width, height)?
    };
    let coverage = coverage(source, frame, crop, width, height);
    Ok(Rendered { image, coverage })
}

/// The turned path: reduce, turn with bicubic sampling at twice the output scale, reduce.
fn turned(
    region: &RgbImage,
    origin: [f64; 2],
    frame: &Upright,
    crop: &Crop,
    scale: f64,
    width: u32,
    height: u32,
) -> Result<RgbImage, PrepareError> {
    let oversample: u32 = if scale < 1.0 { 2 } else { 1 };
    // Region pixels per source pixel after the first reduction.
    let reduce = (scale * f64::from(oversample)).min(1.0);
    let reduced = if reduce < 1.0 {
        let w = ((f64::from(region.width()) * reduce).round() as u32).max(1);
        let h = ((f64::from(region.height()) * reduce).round() as u32).max(1);
        lanczos(
            region,
            0.0,
            0.0,
            f64::from(region.width()),
            f64::from(region.height()),
            w,
            h,
        )?
    } else {
        region.clone()
    };
    let kx = f64::from(reduced.width()) / f64::from(region.width());
    let ky = f64::from(reduced.height()) / f64::from(region.height());
    let (iw, ih) = (width * oversample, height * oversample);
    let mut upright = RgbImage::new(iw, ih);
    for v in 0..ih {
        for u in 0..iw {
            let p = [
                crop.left + (f64::from(u) + 0.5) / f64::from(iw) * crop.width,
                crop.top + (f64::from(v) + 0.5) / f64::from(ih) * crop.height,
            ];
            let s = frame.to_source(p);
            let rx = (s[0] - origin[0]) * kx - 0.5;
            let ry = (s[1] - origin[1]) * ky - 0.5;
            upright.put_pixel(u, v, bicubic(&reduced, rx, ry));
        }
    }
    if oversample == 1 {
        return Ok(upright);
    }
    lanczos(
        &upright,
        0.0,
        0.0,
        f64::from(iw),
        f64::from(ih),
        width,
        height,
    )
}

/// The whole image resampled (Lanczos3) to exactly `width × height`.
pub fn resize(image: &RgbImage, width: u32, height: u32) -> Result<RgbImage, PrepareError> {
    lanczos(
        image,
        0.0,
        0.0,
        f64::from(image.width()),
        f64::from(image.height()),
        width,
        height,
    )
}

/// `w × h` pixels of `source` starting at (`x`, `y`), edge pixels repeated outside it.
fn extract_clamped(
    source: &RgbImage,
    x: i64,
    y: i64,
    w: u32,
    h: u32,
) -> Result<RgbImage, PrepareError> {
    let pixels = u64::from(w) * u64::from(h);
    // A crop can only be this large when the face is tiny in a huge photo; refuse rather than
    // allocate gigabytes.
    if pixels > 200_000_000 || w == 0 || h == 0 {
        return Err(PrepareError::Resample(format!(
            "a {w} × {h} px working region"
        )));
    }
    let (sw, sh) = (i64::from(source.width()), i64::from(source.height()));
    let inside = x >= 0 && y >= 0 && x + i64::from(w) <= sw && y + i64::from(h) <= sh;
    if inside {
        return Ok(image::imageops::crop_imm(source, x as u32, y as u32, w, h).to_image());
    }
    Ok(RgbImage::from_fn(w, h, |i, j| {
        let sx = (x + i64::from(i)).clamp(0, sw - 1) as u32;
        let sy = (y + i64::from(j)).clamp(0, sh - 1) as u32;
        *source.get_pixel(sx, sy)
    }))
}

/// Lanczos3 resample of the box (`left`, `top`, `w`, `h`) of `image` to `width × height`.
fn lanczos(
    image: &RgbImage,
    left: f64,
    top: f64,
    w: f64,
    h: f64,
    width: u32,
    height: u32,
) -> Result<RgbImage, PrepareError> {
    let fail = |e: String| PrepareError::Resample(e);
    let source = ImageRef::new(
        image.width(),
        image.height(),
        image.as_raw(),
        PixelType::U8x3,
    )
    .map_err(|e| fail(e.to_string()))?;
    let mut target = Image::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(left, top, w, h);
    Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|e| fail(e.to_string()))?;
    RgbImage::from_raw(width, height, target.into_vec())
        .ok_or_else(|| fail("the resampled buffer has the wrong size".into()))
}

/// Catmull-Rom bicubic sample at pixel-centre coordinates (`x`, `y`), edges clamped.
fn bicubic(image: &RgbImage, x: f64, y: f64) -> Rgb<u8> {
    let (w, h) = (i64::from(image.width()), i64::from(image.height()));
    let (fx, fy) = (x.floor(), y.floor());
    let (tx, ty) = (x - fx, y - fy);
    let (wx, wy) = (catmull_rom(tx), catmull_rom(ty));
    let mut sum = [0f64; 3];
    for (j, wyj) in wy.iter().enumerate() {
        let sy = (fy as i64 - 1 + j as i64).clamp(0, h - 1) as u32;
        for (i, wxi) in wx.iter().enumerate() {
            let sx = (fx as i64 - 1 + i as i64).clamp(0, w - 1) as u32;
            let p = image.get_pixel(sx, sy).0;
            let weight = wxi * wyj;
            for c in 0..3 {
                sum[c] += weight * f64::from(p[c]);
            }
        }
    }
    Rgb(sum.map(|v| v.round().clamp(0.0, 255.0) as u8))
}

/// Weights of the four taps around a sample `t` (0..1) past the second tap.
fn catmull_rom(t: f64) -> [f64; 4] {
    let t2 = t * t;
    let t3 = t2 * t;
    [
        (-t3 + 2.0 * t2 - t) / 2.0,
        (3.0 * t3 - 5.0 * t2 + 2.0) / 2.0,
        (-3.0 * t3 + 4.0 * t2 + t) / 2.0,
        (t3 - t2) / 2.0,
    ]
}

/// Per output pixel, the share of it that falls inside the source (its centre's distance to
/// the nearest source edge, in output pixels, clamped to 0..1 around half a pixel).
fn coverage(source: &RgbImage, frame: &Upright, crop: &Crop, width: u32, height: u32) -> Vec<f32> {
    let (sw, sh) = (f64::from(source.width()), f64::from(source.height()));
    let scale = f64::from(height) / crop.height;
    let mut out = Vec::with_capacity(width as usize * height as usize);
    for v in 0..height {
        for u in 0..width {
            let p = [
                crop.left + (f64::from(u) + 0.5) / scale,
                crop.top + (f64::from(v) + 0.5) / scale,
            ];
            let s = frame.to_source(p);
            let inside = s[0].min(sw - s[0]).min(s[1]).min(sh - s[1]) * scale;
            out.push((inside + 0.5).clamp(0.0, 1.0) as f32);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::plan::{Beyond, Predicted};

    fn crop(left: f64, top: f64, width: f64, height: f64) -> Crop {
        Crop {
            left,
            top,
            width,
            height,
            predicted: Predicted {
                chin_crown: 0.0,
                eye_line: 0.0,
                centre_offset: 0.0,
                head_width: 0.0,
                top_margin: 0.0,
            },
            beyond: Beyond::default(),
        }
    }

    /// A photo with a black dot at (300, 200) on white.
    fn dot() -> RgbImage {
        RgbImage::from_fn(600, 400, |x, y| {
            let d = (f64::from(x) - 300.0).hypot(f64::from(y) - 200.0);
            if d < 12.0 {
                Rgb([0, 0, 0])
            } else {
                Rgb([255, 255, 255])
            }
        })
    }

    /// Centre of mass of the dark pixels.
    fn dark_centre(image: &RgbImage) -> [f64; 2] {
        let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
        for (x, y, p) in image.enumerate_pixels() {
            let darkness = 255.0 - f64::from(p.0[0]);
            sx += darkness * (f64::from(x) + 0.5);
            sy += darkness * (f64::from(y) + 0.5);
            n += darkness;
        }
        [sx / n, sy / n]
    }

    #[test]
    fn a_level_crop_is_scaled_to_the_exact_size() {
        let frame = Upright::level([300.0, 200.0]);
        let out = render(&dot(), &frame, &crop(200.0, 100.0, 200.0, 250.0), 80, 100).unwrap();
        assert_eq!(out.image.dimensions(), (80, 100));
        // The dot at (300, 200) lands at ((300 − 200) × 0.4, (200 − 100) × 0.4).
        let c = dark_centre(&out.image);
        assert!(
            (c[0] - 40.0).abs() < 0.2 && (c[1] - 40.0).abs() < 0.2,
            "{c:?}"
        );
        assert!(!out.padded());
    }

    #[test]
    fn a_turned_crop_maps_points_through_the_turn() {
        // Turn 10° about (250, 150): the dot at (300, 200) is at upright (300, 200) turned by −10°.
        let frame = Upright {
            pivot: [250.0, 150.0],
            angle_deg: 10.0,
        };
        let expected = frame.to_upright([300.0, 200.0]);
        let c = crop(150.0, 50.0, 300.0, 300.0);
        let out = render(&dot(), &frame, &c, 100, 100).unwrap();
        let got = dark_centre(&out.image);
        let want = [(expected[0] - 150.0) / 3.0, (expected[1] - 50.0) / 3.0];
        assert!(
            (got[0] - want[0]).abs() < 0.3 && (got[1] - want[1]).abs() < 0.3,
            "{got:?} vs {want:?}"
        );
    }

    #[test]
    fn pixels_beyond_the_photo_have_no_coverage() {
        let frame = Upright::level([300.0, 200.0]);
        // 100 source px above the photo's top edge, at 0.5 output px per source px.
        let out = render(&dot(), &frame, &crop(100.0, -100.0, 400.0, 400.0), 200, 200).unwrap();
        assert!(out.padded());
        assert_eq!(out.coverage[10 * 200 + 100], 0.0);
        assert_eq!(out.coverage[150 * 200 + 100], 1.0);
        // Edge repeat: the padded rows are the photo's white top row, not black.
        assert_eq!(out.image.get_pixel(100, 10).0, [255, 255, 255]);
    }

    #[test]
    fn catmull_rom_weights_sum_to_one_and_interpolate() {
        for t in [0.0, 0.25, 0.5, 0.9] {
            let w = catmull_rom(t);
            assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        assert_eq!(catmull_rom(0.0), [0.0, 1.0, 0.0, 0.0]);
    }
}
