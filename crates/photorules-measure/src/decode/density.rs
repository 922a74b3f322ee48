//! Resolution stored in a file, converted to dots per inch.

use exif::{In, Tag, Value};

/// A stored resolution and the header it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Density {
    pub dpi: f64,
    pub source: &'static str,
}

/// Convert a density in `unit` (1 = per inch, 2 = per centimetre, 3 = per metre) to dpi.
pub fn to_dpi(value: f64, unit: u8) -> Option<f64> {
    let dpi = match unit {
        1 => value,
        2 => value * 2.54,
        3 => value * 0.0254,
        _ => return None,
    };
    (dpi.is_finite() && dpi > 0.0).then_some(dpi)
}

/// XResolution / ResolutionUnit of an EXIF block (TIFF data, with or without the `Exif\0\0`
/// prefix JPEG APP1 segments carry).
pub fn from_exif(block: &[u8]) -> Option<Density> {
    let tiff = block.strip_prefix(b"Exif\0\0").unwrap_or(block);
    let exif = exif::Reader::new().read_raw(tiff.to_vec()).ok()?;
    let resolution = match &exif.get_field(Tag::XResolution, In::PRIMARY)?.value {
        Value::Rational(values) => values.first()?.to_f64(),
        _ => return None,
    };
    // TIFF ResolutionUnit: 1 none, 2 inch (default), 3 centimetre.
    let unit = exif
        .get_field(Tag::ResolutionUnit, In::PRIMARY)
        .and_then(|field| field.value.get_uint(0))
        .unwrap_or(2);
    let dpi = match unit {
        2 => to_dpi(resolution, 1),
        3 => to_dpi(resolution, 2),
        _ => None,
    }?;
    Some(Density {
        dpi,
        source: "exif",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_units() {
        assert_eq!(to_dpi(300.0, 1), Some(300.0));
        assert!((to_dpi(118.11, 2).unwrap_or_default() - 300.0).abs() < 0.01);
        assert!((to_dpi(11811.0, 3).unwrap_or_default() - 300.0).abs() < 0.01);
        assert_eq!(to_dpi(1.0, 0), None);
        assert_eq!(to_dpi(0.0, 1), None);
    }

    /// A little-endian TIFF block with XResolution = 300/1 and ResolutionUnit = 2.
    fn tiff_with_resolution() -> Vec<u8> {
        let mut t = Vec::new();
        t.extend_from_slice(b"II*\0");
        t.extend_from_slice(&8u32.to_le_bytes()); // IFD0 offset
        t.extend_from_slice(&2u16.to_le_bytes()); // two entries
        // XResolution (0x011A), RATIONAL (5), count 1, value at offset 38
        t.extend_from_slice(&0x011Au16.to_le_bytes());
        t.extend_from_slice(&5u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&38u32.to_le_bytes());
        // ResolutionUnit (0x0128), SHORT (3), count 1, value 2 inline
        t.extend_from_slice(&0x0128u16.to_le_bytes());
        t.extend_from_slice(&3u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&2u32.to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
        t.extend_from_slice(&300u32.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t
    }

    #[test]
    fn reads_exif_resolution_with_or_without_prefix() {
        let tiff = tiff_with_resolution();
        assert_eq!(from_exif(&tiff).map(|d| d.dpi), Some(300.0));
        let mut prefixed = b"Exif\0\0".to_vec();
        prefixed.extend_from_slice(&tiff);
        assert_eq!(from_exif(&prefixed).map(|d| d.dpi), Some(300.0));
        assert_eq!(from_exif(b"garbage"), None);
    }
}
