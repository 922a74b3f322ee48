//! Reduced copies through `fast_image_resize` (SIMD box filter): a 12 MP photo becomes a
//! measurement copy in a few milliseconds instead of the ~70 ms of a scalar resize.

use std::borrow::Cow;
use std::cell::RefCell;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

use super::Rect;

/// A copy of an image whose longer side fits a limit, and its scale.
#[derive(Debug, Clone)]
pub struct Reduced<'a> {
    pub image: Cow<'a, RgbImage>,
    /// Source pixels per reduced pixel (1 when no reduction was needed).
    pub scale: f64,
}

/// The image reduced so that its longer side is at most `max_side` (borrowed when it already
/// fits).
pub fn reduce_to_fit(image: &RgbImage, max_side: u32) -> Reduced<'_> {
    let (width, height) = image.dimensions();
    let longer = width.max(height);
    if longer <= max_side || max_side == 0 {
        return Reduced {
            image: Cow::Borrowed(image),
            scale: 1.0,
        };
    }
    let scale = f64::from(longer) / f64::from(max_side);
    let target_w = ((f64::from(width) / scale).round() as u32).max(1);
    let target_h = ((f64::from(height) / scale).round() as u32).max(1);
    let full = Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
    match resample_region(image, full, target_w, target_h) {
        Some(reduced) => Reduced {
            scale: f64::from(width) / f64::from(reduced.width()),
            image: Cow::Owned(reduced),
        },
        None => Reduced {
            image: Cow::Borrowed(image),
            scale: 1.0,
        },
    }
}

/// The `region` of `image` resampled (area-averaged) to exactly `width` × `height`; `None` when
/// the region is empty or outside the image.
pub fn resample_region(
    image: &RgbImage,
    region: Rect,
    width: u32,
    height: u32,
) -> Option<RgbImage> {
    let region = region.clip(image.width(), image.height());
    if region.is_empty() || width == 0 || height == 0 {
        return None;
    }
    let source = ImageRef::new(
        image.width(),
        image.height(),
        image.as_raw(),
        PixelType::U8x3,
    )
    .ok()?;
    let mut target = Image::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Box))
        .crop(region.left, region.top, region.width(), region.height());
    RESIZER
        .with_borrow_mut(|resizer| resizer.resize(&source, &mut target, &options))
        .ok()?;
    RgbImage::from_raw(width, height, target.into_vec())
}

thread_local! {
    /// A resizer keeps the buffer between its two passes (9 MB for a 12 MP photo's
    /// measurement copy). A new one per call allocated and zeroed that buffer every time,
    /// about a millisecond of a 12 MP photo's measurement (the copy took 5.1–5.8 ms in the
    /// pipeline, 4.5 ms with a kept resizer); each thread keeps one instead. The buffer stays
    /// at the largest size the thread has needed: at most about 22 MB, for a square photo at
    /// the 50 MP decoding limit.
    static RESIZER: RefCell<Resizer> = RefCell::new(Resizer::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_images_are_borrowed() {
        let image = RgbImage::new(100, 50);
        let reduced = reduce_to_fit(&image, 200);
        assert!(matches!(reduced.image, Cow::Borrowed(_)));
        assert_eq!(reduced.scale, 1.0);
    }

    #[test]
    fn large_images_fit_and_keep_colour() {
        let image = RgbImage::from_pixel(1000, 400, image::Rgb([10, 200, 30]));
        let reduced = reduce_to_fit(&image, 250);
        assert_eq!(reduced.image.dimensions(), (250, 100));
        assert!((reduced.scale - 4.0).abs() < 1e-9);
        assert_eq!(reduced.image.get_pixel(100, 50).0, [10, 200, 30]);
    }

    #[test]
    fn a_reduction_does_not_depend_on_the_ones_before_it() {
        // The resizer (and its buffer) is kept per thread between calls.
        let noise = |w: u32, h: u32, seed: u32| {
            RgbImage::from_fn(w, h, |x, y| {
                let v = (x * 7919 + y * 104_729 + seed * 31).wrapping_mul(2_654_435_761);
                image::Rgb([(v >> 24) as u8, (v >> 16) as u8, (v >> 8) as u8])
            })
        };
        let (first, other) = (noise(640, 480, 1), noise(1000, 1500, 2));
        let before = reduce_to_fit(&first, 200).image.into_owned();
        let _ = reduce_to_fit(&other, 300);
        let _ = resample_region(&other, Rect::new(10.5, 20.0, 700.0, 900.0), 64, 80);
        let after = reduce_to_fit(&first, 200).image.into_owned();
        assert_eq!(before, after);
        let fresh = std::thread::spawn(move || reduce_to_fit(&first, 200).image.into_owned())
            .join()
            .ok();
        assert_eq!(fresh.as_ref(), Some(&before));
    }

    #[test]
    fn region_resample_takes_the_region() {
        let image = RgbImage::from_fn(100, 100, |x, _| {
            if x < 50 {
                image::Rgb([0, 0, 0])
            } else {
                image::Rgb([255, 255, 255])
            }
        });
        let right = resample_region(&image, Rect::new(60.0, 0.0, 100.0, 100.0), 8, 8);
        assert_eq!(right.map(|r| r.get_pixel(4, 4).0), Some([255, 255, 255]));
        assert!(resample_region(&image, Rect::new(200.0, 0.0, 300.0, 10.0), 8, 8).is_none());
    }
}
