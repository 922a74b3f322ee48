//! Bytes → oriented RGB image plus what the file says about itself.
//!
//! Limits are checked before any pixel is decoded (bytes, then the header's pixel count, then
//! the decoder's own allocation limit), and JPEG structure is walked first so that a truncated
//! file is an error instead of a half-grey picture (the JPEG decoder itself is lenient).
//!
//! A large JPEG can be decoded at 1/2, 1/4 or 1/8 of its size ([`decode_at`]): the inverse DCT
//! then produces the reduced picture directly, which skips most of a full decode's work.

mod density;
mod format;
mod jpeg_structure;
mod png_chunks;
mod reduced_jpeg;

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, RgbImage};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use format::FileFormat;

use crate::error::MeasureError;

/// Resource limits for decoding one photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecodeLimits {
    /// Largest accepted file.
    pub max_bytes: u64,
    /// Largest accepted pixel count (width × height).
    pub max_pixels: u64,
    /// Largest allocation the decoder may make.
    pub max_alloc: u64,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits {
            max_bytes: 64 * 1024 * 1024,
            max_pixels: 50_000_000,
            max_alloc: 512 * 1024 * 1024,
        }
    }
}

/// What the file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImageInfo {
    pub format: FileFormat,
    /// Length of the file.
    pub bytes: u64,
    /// Width after EXIF orientation.
    pub width: u32,
    /// Height after EXIF orientation.
    pub height: u32,
    /// Bits per channel in the file.
    pub bit_depth: u8,
    /// Colour channels in the file (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA).
    pub channels: u8,
    /// Horizontal resolution stored in the file, when it stores one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpi: Option<f64>,
    /// Where `dpi` came from: `jfif`, `exif` or `png-phys`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpi_source: Option<String>,
    /// EXIF orientation tag (1–8) that was applied; 1 when none.
    pub exif_orientation: u8,
}

/// A decoded photo.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// What the file says, its size included (not the decoded picture's when reduced).
    pub info: ImageInfo,
    pub image: RgbImage,
    /// The file's pixels per decoded pixel (its width over the picture's): 1, or about 2, 4 or
    /// 8 for a JPEG decoded reduced (a side not a multiple of the factor is rounded up).
    pub scale: f64,
}

/// Decode `bytes` within `limits`, at full size.
pub fn decode(bytes: &[u8], limits: &DecodeLimits) -> Result<Decoded, MeasureError> {
    decode_at(bytes, limits, None)
}

/// Decode `bytes` within `limits`; a JPEG whose longer side is at least twice `min_long_side`
/// is decoded reduced by the largest of 2, 4 or 8 that keeps its longer side at least
/// `min_long_side`. Other formats, and JPEGs the reduced decoder does not handle (CMYK, 16-bit),
/// are decoded at full size.
pub fn decode_at(
    bytes: &[u8],
    limits: &DecodeLimits,
    min_long_side: Option<u32>,
) -> Result<Decoded, MeasureError> {
    if bytes.is_empty() {
        return Err(MeasureError::Empty);
    }
    let length = bytes.len() as u64;
    if length > limits.max_bytes {
        return Err(MeasureError::TooManyBytes {
            bytes: length,
            max: limits.max_bytes,
        });
    }
    let format = FileFormat::sniff(bytes)?;
    let mut density = match format {
        FileFormat::Jpeg => jpeg_structure::check(bytes)?,
        FileFormat::Png => png_chunks::density(bytes),
        FileFormat::Webp => None,
    };

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    // Pixel count is checked against the header below, before anything is decoded; the
    // decoder's allocation limit is the second line of defence.
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_alloc = Some(limits.max_alloc);
    reader.limits(decoder_limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| image_error(e, format, limits))?;

    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(MeasureError::TooManyPixels {
            width,
            height,
            megapixels: pixels as f64 / 1e6,
            max_megapixels: limits.max_pixels as f64 / 1e6,
        });
    }
    let original = decoder.original_color_type();
    let channels = original.channel_count();
    let bit_depth = if channels == 0 {
        8
    } else {
        u8::try_from(original.bits_per_pixel() / u16::from(channels)).unwrap_or(8)
    };
    // Metadata is optional: a broken EXIF block must not make the photo unreadable.
    let exif = decoder.exif_metadata().ok().flatten();
    let orientation = exif
        .as_deref()
        .and_then(image::metadata::Orientation::from_exif_chunk)
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    if density.is_none() {
        density = exif.as_deref().and_then(density::from_exif);
    }

    let factor = match (format, min_long_side) {
        (FileFormat::Jpeg, Some(min)) => reduced_jpeg::factor(width.max(height), min),
        _ => 1,
    };
    let reduced = if factor > 1 {
        reduced_jpeg::decode(bytes, width, height, factor, limits.max_alloc)
    } else {
        None
    };
    let mut image = match reduced {
        Some(image) => image,
        None => DynamicImage::from_decoder(decoder).map_err(|e| image_error(e, format, limits))?,
    };
    image.apply_orientation(orientation);
    let image = match image {
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => other.into_rgb8(),
    };
    // The file's size after orientation: a quarter turn swaps the header's sides.
    let (file_width, file_height) = if orientation_tag(orientation) >= 5 {
        (height, width)
    } else {
        (width, height)
    };
    let scale = f64::from(file_width) / f64::from(image.width().max(1));
    let info = ImageInfo {
        format,
        bytes: length,
        width: file_width,
        height: file_height,
        bit_depth,
        channels,
        dpi: density.map(|d| d.dpi),
        dpi_source: density.map(|d| d.source.to_string()),
        exif_orientation: orientation_tag(orientation),
    };
    Ok(Decoded { info, image, scale })
}

fn orientation_tag(orientation: image::metadata::Orientation) -> u8 {
    use image::metadata::Orientation as O;
    match orientation {
        O::NoTransforms => 1,
        O::FlipHorizontal => 2,
        O::Rotate180 => 3,
        O::FlipVertical => 4,
        O::Rotate90FlipH => 5,
        O::Rotate90 => 6,
        O::Rotate270FlipH => 7,
        O::Rotate270 => 8,
    }
}

fn image_error(error: ImageError, format: FileFormat, limits: &DecodeLimits) -> MeasureError {
    let name = format.name();
    match error {
        ImageError::Limits(_) => MeasureError::TooMuchMemory {
            format: name,
            max: limits.max_alloc,
        },
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            MeasureError::Truncated { format: name }
        }
        other => {
            let cause = other.to_string();
            let lower = cause.to_lowercase();
            if lower.contains("eof") || lower.contains("end of file") || lower.contains("truncat") {
                MeasureError::Truncated { format: name }
            } else {
                MeasureError::Corrupt {
                    format: name,
                    cause: lowercase_first(&cause),
                }
            }
        }
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
