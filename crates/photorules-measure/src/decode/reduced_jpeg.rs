//! JPEGs decoded at 1/2, 1/4 or 1/8 of their size by libjpeg-turbo's scaled inverse DCT
//! (through the `mozjpeg` crate, which bundles mozjpeg's fork of libjpeg-turbo).
//!
//! Huffman decoding still reads every coefficient, but the inverse DCT, upsampling and colour
//! conversion run on the reduced picture. On a 12 MP phone JPEG on this project's 2-core
//! machine, a decode at 1/4 took 24 ms with libjpeg-turbo on one core or two, against 29 ms
//! (two cores) and 41 ms (one core) with `jpeg-decoder`, and 43 ms for the `image` crate's full
//! decode.
//!
//! This decode is only ever a shortcut: anything it does not do exactly as asked — an unusual
//! colour model, a size other than asked, an error, or even a warning such as corrupt scan data
//! that libjpeg would otherwise paper over — gives `None`, and the caller decodes at full size,
//! whose verdict on the file is the one reported.

use std::os::raw::c_int;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use image::{DynamicImage, RgbImage};
use mozjpeg::{ColorSpace, Decompress};
use mozjpeg_sys::{jpeg_common_struct, jpeg_error_mgr};

/// The largest of 8, 4 and 2 that keeps `long_side / factor` at least `min_long_side`; 1 when
/// even halving would go below it.
pub fn factor(long_side: u32, min_long_side: u32) -> u32 {
    [8, 4, 2]
        .into_iter()
        .find(|f| long_side / f >= min_long_side.max(1))
        .unwrap_or(1)
}

/// The JPEG in `bytes` (`width` × `height` in its header, before orientation) reduced by
/// `factor`; `None` when this decoder cannot give it (an unusual colour model, a decoding
/// error or warning, a size other than asked, more memory than `max_alloc`): the caller then
/// decodes at full size, whose errors are the ones reported.
pub fn decode(
    bytes: &[u8],
    width: u32,
    height: u32,
    factor: u32,
    max_alloc: u64,
) -> Option<DynamicImage> {
    if !matches!(factor, 2 | 4 | 8) || working_memory(width, height) > max_alloc {
        return None;
    }
    // libjpeg reports an error (and, with `stopping_error_manager`, a warning) by unwinding out
    // of its C code, compiled with -fexceptions for that; the unwind ends here.
    catch_unwind(AssertUnwindSafe(|| {
        decode_reduced(bytes, width, height, factor)
    }))
    .ok()
    .flatten()
}

/// An upper bound of libjpeg's memory for the file: a progressive JPEG keeps every
/// coefficient (2 bytes each) of up to four full-size components until its last scan.
fn working_memory(width: u32, height: u32) -> u64 {
    u64::from(width) * u64::from(height) * 2 * 4
}

fn decode_reduced(bytes: &[u8], width: u32, height: u32, factor: u32) -> Option<DynamicImage> {
    let mut decompress = Decompress::with_err(stopping_error_manager())
        .from_mem(bytes)
        .ok()?;
    if decompress.size() != (usize::try_from(width).ok()?, usize::try_from(height).ok()?) {
        return None;
    }
    match decompress.color_space() {
        ColorSpace::JCS_YCbCr | ColorSpace::JCS_RGB | ColorSpace::JCS_GRAYSCALE => {}
        _ => return None,
    }
    decompress.scale(u8::try_from(8 / factor).ok()?);
    let mut started = decompress.rgb().ok()?;
    let (w, h) = (started.width(), started.height());
    let expected = (width.div_ceil(factor), height.div_ceil(factor));
    if (u32::try_from(w).ok()?, u32::try_from(h).ok()?) != expected {
        return None;
    }
    let pixels: Vec<u8> = started.read_scanlines().ok()?;
    started.finish().ok()?;
    RgbImage::from_raw(expected.0, expected.1, pixels).map(DynamicImage::ImageRgb8)
}

/// Why a decode was stopped; carried by the unwind, never shown (the full decode reports).
struct DecodeStopped;

/// libjpeg's standard error manager, except that an error or a warning unwinds instead of
/// exiting the process or being printed.
#[allow(unsafe_code)]
fn stopping_error_manager() -> jpeg_error_mgr {
    // SAFETY: `jpeg_error_mgr` is a C struct of integers, pointers and optional function
    // pointers, for all of which zero is a valid value (null, `None`); `jpeg_std_error` then
    // fills every field with libjpeg's defaults and touches nothing else.
    let mut manager: jpeg_error_mgr = unsafe { std::mem::zeroed() };
    // SAFETY: `manager` is a valid, exclusively borrowed `jpeg_error_mgr`.
    unsafe { mozjpeg_sys::jpeg_std_error(&mut manager) };
    manager.error_exit = Some(stop_on_error);
    manager.emit_message = Some(stop_on_warning);
    manager
}

extern "C-unwind" fn stop_on_error(_cinfo: &mut jpeg_common_struct) {
    resume_unwind(Box::new(DecodeStopped));
}

/// libjpeg's level -1 is a warning about the data (a corrupt or truncated scan, which libjpeg
/// would fill in and go on); levels 0 and up are trace messages, ignored.
extern "C-unwind" fn stop_on_warning(_cinfo: &mut jpeg_common_struct, level: c_int) {
    if level < 0 {
        resume_unwind(Box::new(DecodeStopped));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn the_factor_keeps_the_longer_side_above_the_minimum() {
        assert_eq!(factor(4000, 960), 4);
        assert_eq!(factor(4032, 960), 4);
        assert_eq!(factor(8000, 960), 8);
        assert_eq!(factor(2000, 960), 2);
        assert_eq!(factor(1919, 960), 1);
        assert_eq!(factor(1200, 960), 1);
    }

    #[test]
    fn a_reduced_decode_is_the_picture_at_a_quarter() {
        // Four flat quadrants survive any reduction unchanged, away from their borders.
        let picture = RgbImage::from_fn(640, 480, |x, y| match (x < 320, y < 240) {
            (true, true) => image::Rgb([200, 30, 30]),
            (false, true) => image::Rgb([30, 200, 30]),
            (true, false) => image::Rgb([30, 30, 200]),
            (false, false) => image::Rgb([230, 230, 230]),
        });
        let jpeg = jpeg_of(&picture.into());
        let reduced = decode(&jpeg, 640, 480, 4, 1 << 30).unwrap().to_rgb8();
        assert_eq!(reduced.dimensions(), (160, 120));
        for ((x, y), expected) in [((40, 30), [200, 30, 30]), ((120, 90), [230, 230, 230])] {
            let got = reduced.get_pixel(x, y).0;
            let off = got.iter().zip(expected).map(|(a, b)| a.abs_diff(b)).max();
            assert!(off.unwrap_or(255) <= 6, "{got:?} against {expected:?}");
        }
        assert!(decode(b"not a jpeg", 640, 480, 4, 1 << 30).is_none());
        // A size other than the header's, or more memory than allowed, is left to the full decode.
        assert!(decode(&jpeg, 641, 480, 4, 1 << 30).is_none());
        assert!(decode(&jpeg, 640, 480, 4, 640 * 480).is_none());
    }

    fn noisy_jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbImage::from_fn(width, height, |x, y| {
            let v = ((x * 31 + y * 17) ^ (x * y)) as u8;
            image::Rgb([v, v.wrapping_mul(3), v.wrapping_add(90)])
        });
        jpeg_of(&picture.into())
    }

    fn jpeg_of(picture: &DynamicImage) -> Vec<u8> {
        let mut jpeg = Vec::new();
        picture
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        jpeg
    }

    #[test]
    fn a_damaged_file_is_left_to_the_full_decode() {
        let jpeg = noisy_jpeg(640, 480);
        assert!(decode(&jpeg, 640, 480, 2, 1 << 30).is_some());
        // Cut in the middle of the scan: libjpeg would fill the rest in grey with a warning.
        let truncated = &jpeg[..jpeg.len() / 2];
        assert!(decode(truncated, 640, 480, 2, 1 << 30).is_none());
        // Scan data overwritten with a marker that cannot be there: corrupt data, a warning.
        let mut corrupt = jpeg.clone();
        let middle = corrupt.len() / 2;
        corrupt[middle..middle + 2].copy_from_slice(&[0xFF, 0xD9]);
        corrupt.truncate(middle + 2);
        assert!(decode(&corrupt, 640, 480, 2, 1 << 30).is_none());
    }

    #[test]
    fn a_grey_jpeg_comes_back_as_colour() {
        let picture = image::GrayImage::from_fn(320, 240, |x, _| {
            image::Luma([if x < 160 { 40 } else { 220 }])
        });
        let jpeg = jpeg_of(&picture.into());
        let reduced = decode(&jpeg, 320, 240, 2, 1 << 30).unwrap().to_rgb8();
        assert_eq!(reduced.dimensions(), (160, 120));
        let left = reduced.get_pixel(20, 60).0;
        assert!(left.iter().all(|c| c.abs_diff(40) <= 4), "{left:?}");
    }
}
