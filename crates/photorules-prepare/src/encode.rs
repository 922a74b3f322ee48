//! Writing the prepared photo: JPEG with JFIF density or PNG with pHYs and sRGB chunks, and
//! the JPEG quality search that keeps a file under a byte limit.

use std::io::Cursor;

use image::RgbImage;
use image::codecs::jpeg::{JpegEncoder, PixelDensity};
use serde::Serialize;

use crate::error::PrepareError;

/// JPEG quality when there is no byte limit, and the most a byte limit search tries.
pub const BEST_QUALITY: u8 = 95;
/// Below this a portrait shows blocking around the eyes and hair: the search stops here.
pub const LOWEST_QUALITY: u8 = 40;
const METRES_PER_INCH: f64 = 0.0254;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    Jpeg,
    Png,
}

impl FileType {
    /// The name profiles use in `file-types`.
    pub fn name(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpeg",
            FileType::Png => "png",
        }
    }

    /// From a file name's extension.
    pub fn from_name(name: &str) -> Result<FileType, PrepareError> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
            Ok(FileType::Jpeg)
        } else if lower.ends_with(".png") {
            Ok(FileType::Png)
        } else {
            Err(PrepareError::UnknownFileType {
                name: name.to_string(),
            })
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
        }
    }
}

/// An encoded photo.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    /// The JPEG quality used.
    pub quality: Option<u8>,
}

/// Encode `image` as `file_type` declaring `dpi`, within `max_bytes` when given.
///
/// A JPEG over the limit is searched (binary search on quality, between
/// [`LOWEST_QUALITY`] and [`BEST_QUALITY`]) for the highest quality that fits.
pub fn encode(
    image: &RgbImage,
    file_type: FileType,
    dpi: Option<f64>,
    max_bytes: Option<u64>,
    format_name: &str,
) -> Result<Encoded, PrepareError> {
    match file_type {
        FileType::Png => {
            let bytes = png(image, dpi)?;
            match max_bytes {
                Some(max) if bytes.len() as u64 > max => Err(PrepareError::PngTooBig {
                    format: format_name.to_string(),
                    max_bytes: max,
                    bytes: bytes.len() as u64,
                }),
                _ => Ok(Encoded {
                    bytes,
                    quality: None,
                }),
            }
        }
        FileType::Jpeg => jpeg_within(image, dpi, max_bytes),
    }
}

fn jpeg_within(
    image: &RgbImage,
    dpi: Option<f64>,
    max_bytes: Option<u64>,
) -> Result<Encoded, PrepareError> {
    let best = jpeg(image, BEST_QUALITY, dpi)?;
    let Some(max) = max_bytes else {
        return Ok(Encoded {
            bytes: best,
            quality: Some(BEST_QUALITY),
        });
    };
    if best.len() as u64 <= max {
        return Ok(Encoded {
            bytes: best,
            quality: Some(BEST_QUALITY),
        });
    }
    let lowest = jpeg(image, LOWEST_QUALITY, dpi)?;
    if lowest.len() as u64 > max {
        return Err(PrepareError::TooManyBytes {
            max_bytes: max,
            bytes: lowest.len() as u64,
            quality: LOWEST_QUALITY,
        });
    }
    // Invariant: `fits` fits, everything above `too_big` does not; size grows with quality.
    let (mut fits, mut fits_bytes, mut too_big) = (LOWEST_QUALITY, lowest, BEST_QUALITY);
    while too_big - fits > 1 {
        let middle = fits + (too_big - fits) / 2;
        let bytes = jpeg(image, middle, dpi)?;
        if bytes.len() as u64 <= max {
            fits = middle;
            fits_bytes = bytes;
        } else {
            too_big = middle;
        }
    }
    Ok(Encoded {
        bytes: fits_bytes,
        quality: Some(fits),
    })
}

/// A baseline JPEG with a JFIF density in dots per inch (rounded: JFIF stores integers).
pub fn jpeg(image: &RgbImage, quality: u8, dpi: Option<f64>) -> Result<Vec<u8>, PrepareError> {
    let mut bytes = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut bytes, quality);
    if let Some(dpi) = dpi {
        encoder.set_pixel_density(PixelDensity::dpi(dpi.round().clamp(1.0, 65535.0) as u16));
    }
    encoder
        .encode_image(image)
        .map_err(|e| PrepareError::Encode(e.to_string()))?;
    Ok(bytes)
}

/// A PNG with an sRGB chunk and, when `dpi` is given, a pHYs chunk in pixels per metre.
pub fn png(image: &RgbImage, dpi: Option<f64>) -> Result<Vec<u8>, PrepareError> {
    let mut bytes = Vec::new();
    {
        let mut encoder =
            ::png::Encoder::new(Cursor::new(&mut bytes), image.width(), image.height());
        encoder.set_color(::png::ColorType::Rgb);
        encoder.set_depth(::png::BitDepth::Eight);
        encoder.set_source_srgb(::png::SrgbRenderingIntent::Perceptual);
        if let Some(dpi) = dpi {
            let per_metre = (dpi / METRES_PER_INCH).round() as u32;
            encoder.set_pixel_dims(Some(::png::PixelDimensions {
                xppu: per_metre,
                yppu: per_metre,
                unit: ::png::Unit::Meter,
            }));
        }
        let mut writer = encoder
            .write_header()
            .map_err(|e| PrepareError::Encode(e.to_string()))?;
        writer
            .write_image_data(image.as_raw())
            .map_err(|e| PrepareError::Encode(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| PrepareError::Encode(e.to_string()))?;
    }
    Ok(bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Busy content (a hashed pattern) so that JPEG size depends strongly on quality.
    fn busy(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            let h = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)).rotate_left(7);
            image::Rgb([
                (h & 0xff) as u8,
                ((h >> 8) & 0xff) as u8,
                ((h >> 16) & 0xff) as u8,
            ])
        })
    }

    #[test]
    fn jpeg_declares_its_density() {
        let bytes = jpeg(&busy(40, 30), 90, Some(300.0)).unwrap();
        // JFIF APP0: "JFIF\0", version, units = 1 (dpi), X density, Y density (big-endian).
        let at = bytes.windows(5).position(|w| w == b"JFIF\0").unwrap();
        assert_eq!(bytes[at + 7], 1);
        assert_eq!(u16::from_be_bytes([bytes[at + 8], bytes[at + 9]]), 300);
        assert_eq!(u16::from_be_bytes([bytes[at + 10], bytes[at + 11]]), 300);
    }

    #[test]
    fn png_declares_density_and_srgb() {
        let bytes = png(&busy(20, 10), Some(300.0)).unwrap();
        let decoder = ::png::Decoder::new(Cursor::new(&bytes));
        let reader = decoder.read_info().unwrap();
        let dims = reader.info().pixel_dims.unwrap();
        assert_eq!((dims.xppu, dims.yppu), (11_811, 11_811));
        assert!(reader.info().srgb.is_some());
    }

    #[test]
    fn quality_is_searched_down_to_fit_a_byte_limit() {
        let image = busy(600, 800);
        let full = jpeg(&image, BEST_QUALITY, None).unwrap().len() as u64;
        let limit = full * 6 / 10;
        let encoded = encode(&image, FileType::Jpeg, Some(80.0), Some(limit), "digital").unwrap();
        assert!(encoded.bytes.len() as u64 <= limit);
        let quality = encoded.quality.unwrap();
        assert!((LOWEST_QUALITY..BEST_QUALITY).contains(&quality));
        // The next quality up would not have fitted: the search found the best that does.
        let above = jpeg(&image, quality + 1, Some(80.0)).unwrap().len() as u64;
        assert!(above > limit, "q{} gives {above} ≤ {limit}", quality + 1);
    }

    #[test]
    fn an_impossible_limit_is_an_error_not_a_bad_file() {
        let result = encode(
            &busy(600, 800),
            FileType::Jpeg,
            None,
            Some(1_000),
            "digital",
        );
        assert!(matches!(result, Err(PrepareError::TooManyBytes { .. })));
        let result = encode(&busy(100, 100), FileType::Png, None, Some(1_000), "digital");
        assert!(matches!(result, Err(PrepareError::PngTooBig { .. })));
    }

    #[test]
    fn file_types_come_from_the_extension() {
        assert_eq!(FileType::from_name("a/b.JPG").unwrap(), FileType::Jpeg);
        assert_eq!(FileType::from_name("x.png").unwrap(), FileType::Png);
        assert!(FileType::from_name("x.tiff").is_err());
    }
}
