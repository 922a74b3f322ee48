//! The PNG `pHYs` chunk (physical pixel dimensions), read by walking the chunks before `IDAT`.

use super::density::{Density, to_dpi};

/// The stored resolution, when the PNG has a `pHYs` chunk in pixels per metre.
pub fn density(bytes: &[u8]) -> Option<Density> {
    let mut pos = 8; // after the signature
    loop {
        let header = bytes.get(pos..pos + 8)?;
        let length = usize::try_from(u32::from_be_bytes([
            header[0], header[1], header[2], header[3],
        ]))
        .ok()?;
        let kind = &header[4..8];
        let data = bytes.get(pos + 8..(pos + 8).checked_add(length)?)?;
        match kind {
            b"pHYs" if data.len() == 9 => {
                let x = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
                // Unit 1 = metre; unit 0 gives the aspect ratio only.
                let dpi = if data[8] == 1 {
                    to_dpi(f64::from(x), 3)
                } else {
                    None
                }?;
                return Some(Density {
                    dpi,
                    source: "png-phys",
                });
            }
            // pHYs must come before the image data.
            b"IDAT" | b"IEND" => return None,
            _ => pos = pos + 12 + length,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = u32::try_from(data.len())
            .unwrap_or(0)
            .to_be_bytes()
            .to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]); // CRC is not checked here
        c
    }

    fn png_with_phys(ppm: u32, unit: u8) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &[0; 13]));
        let mut phys = ppm.to_be_bytes().to_vec();
        phys.extend_from_slice(&ppm.to_be_bytes());
        phys.push(unit);
        png.extend(chunk(b"pHYs", &phys));
        png.extend(chunk(b"IDAT", &[1, 2, 3]));
        png
    }

    #[test]
    fn reads_pixels_per_metre_as_dpi() {
        let dpi = density(&png_with_phys(11811, 1))
            .map(|d| d.dpi)
            .unwrap_or_default();
        assert!((dpi - 300.0).abs() < 0.01);
    }

    #[test]
    fn aspect_only_and_truncated_files_have_none() {
        assert_eq!(density(&png_with_phys(11811, 0)), None);
        let png = png_with_phys(11811, 1);
        assert_eq!(density(&png[..30]), None);
    }
}
