//! Bad files are errors with a reason, never panics.

use photorules_measure::MeasureError;

use crate::common::*;

fn error_of(bytes: &[u8]) -> MeasureError {
    match measurer().measure_bytes(bytes) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

#[test]
fn zero_bytes_is_empty() {
    assert!(matches!(error_of(&[]), MeasureError::Empty));
}

#[test]
fn unknown_bytes_are_not_an_image() {
    assert!(matches!(
        error_of(b"hello, world"),
        MeasureError::UnknownFormat { .. }
    ));
}

#[test]
fn truncated_jpeg_png_and_webp_are_errors() {
    let jpeg = photo_bytes("obama.jpg");
    for cut in [jpeg.len() / 2, jpeg.len() - 10, 700] {
        let err = error_of(&jpeg[..cut]);
        assert!(
            matches!(err, MeasureError::Truncated { .. }),
            "cut {cut}: {err}"
        );
    }
    let png = photo_bytes("astronaut.png");
    let err = error_of(&png[..png.len() / 2]);
    assert!(
        matches!(
            err,
            MeasureError::Truncated { .. } | MeasureError::Corrupt { .. }
        ),
        "{err}"
    );
    let mut webp = b"RIFF\x40\0\0\0WEBPVP8 ".to_vec();
    webp.extend_from_slice(&[0x30, 0, 0, 0, 0x10, 0x02, 0x00, 0x9d]);
    assert!(matches!(
        error_of(&webp),
        MeasureError::Truncated { .. } | MeasureError::Corrupt { .. }
    ));
}

#[test]
fn corrupt_jpeg_scan_is_an_error_or_a_picture_never_a_panic() {
    let mut jpeg = photo_bytes("obama.jpg");
    let middle = jpeg.len() / 2;
    for b in &mut jpeg[middle..middle + 2000] {
        *b = 0xFF;
    }
    // Filling the scan with 0xFF makes marker soup: the structure walk rejects it.
    assert!(measurer().measure_bytes(&jpeg).is_err());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG header claiming `width` × `height` with a few bytes of data: a decompression bomb's
/// shape.
fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01";
    png.extend_from_slice(&8u32.to_be_bytes());
    png.extend_from_slice(idat);
    png.extend_from_slice(&crc32(idat).to_be_bytes());
    png
}

#[test]
fn huge_dimensions_are_refused_before_decoding() {
    let err = error_of(&png_bomb(100_000, 100_000));
    assert!(matches!(err, MeasureError::TooManyPixels { .. }), "{err}");
    assert!(err.to_string().contains("100000 × 100000"), "{err}");
    let err = error_of(&png_bomb(60_000, 1_000));
    assert!(matches!(err, MeasureError::TooManyPixels { .. }), "{err}");
}

#[test]
fn jpeg_with_huge_frame_header_is_refused() {
    // SOI, SOF0 claiming 65000 × 65000, then EOI.
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08];
    jpeg.extend_from_slice(&65000u16.to_be_bytes());
    jpeg.extend_from_slice(&65000u16.to_be_bytes());
    jpeg.extend_from_slice(&[3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
    assert!(measurer().measure_bytes(&jpeg).is_err());
}

#[test]
fn file_facts_are_recorded() {
    let m = measure_file("obama.jpg");
    assert_eq!(number(&m, "image.width_px"), 910.0);
    assert_eq!(number(&m, "image.height_px"), 1137.0);
    assert_eq!(number(&m, "image.dpi"), 240.0);
    assert_eq!(number(&m, "image.bit_depth"), 8.0);
    assert_eq!(number(&m, "image.bytes"), 279_922.0);
    assert_eq!(
        m.sha256,
        "0930e3aa8cae5920329c0c8cbc6a2ab70f47b0e67b432875beaa95cbf7e741f6"
    );
    let png = measure_file("32bit.png");
    assert_eq!(png.image_info.channels, 4);
    assert!(matches!(
        png.metrics.get("image.format"),
        Some(photorules_core::Measurement::Measured { value: photorules_core::MetricValue::Text(t), .. }) if t == "png"
    ));
}
