//! The output the profile asks for: which format, its exact pixel size, resolution, file type
//! and byte limit.

use photorules_core::ir::{CompiledProfile, Format, Size};
use serde::Serialize;

use crate::encode::FileType;
use crate::error::PrepareError;

/// Resolution of print formats that fix a size in millimetres but no pixels.
pub const PRINT_DPI: f64 = 300.0;
const MM_PER_INCH: f64 = 25.4;

/// What the prepared file must be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The profile's format name, e.g. `print` or `digital`.
    pub format: String,
    pub width: u32,
    pub height: u32,
    /// How the pixel size was chosen, in words.
    pub size_from: String,
    /// Resolution written into the file; `None` when neither the format nor the profile gives a
    /// print size or a resolution (the file then declares none).
    pub dpi: Option<f64>,
    pub file_type: FileType,
    pub max_bytes: Option<u64>,
    /// The physical size the photo stands for, when one is known.
    pub print_mm: Option<Size>,
}

impl Target {
    pub fn aspect(&self) -> f64 {
        f64::from(self.width) / f64::from(self.height)
    }
}

/// The format named `wanted`, else the one named `digital`, else the first.
pub fn pick_format<'p>(
    profile: &'p CompiledProfile,
    wanted: Option<&str>,
) -> Result<&'p Format, PrepareError> {
    if profile.formats.is_empty() {
        return Err(PrepareError::NoFormat {
            profile: profile.id.clone(),
        });
    }
    match wanted {
        Some(name) => profile
            .formats
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| PrepareError::UnknownFormat {
                profile: profile.id.clone(),
                name: name.to_string(),
                available: profile
                    .formats
                    .iter()
                    .map(|f| format!("`{}`", f.name))
                    .collect::<Vec<_>>()
                    .join(" and "),
            }),
        None => Ok(profile
            .formats
            .iter()
            .find(|f| f.name == "digital")
            .unwrap_or(&profile.formats[0])),
    }
}

/// The target for `format` of `profile`, writing `file_type`.
pub fn target(
    profile: &CompiledProfile,
    format: &Format,
    file_type: FileType,
) -> Result<Target, PrepareError> {
    if !format.file_types.is_empty() && !format.file_types.iter().any(|t| t == file_type.name()) {
        return Err(PrepareError::FileTypeNotAccepted {
            format: format.name.clone(),
            accepted: format.file_types.join(", "),
            asked: file_type.name().to_string(),
        });
    }
    let print_mm = format.print_mm.or_else(|| profile.print_size_mm());
    let (width, height, size_from) =
        pixel_size(format, print_mm).ok_or_else(|| PrepareError::NoSize {
            profile: profile.id.clone(),
            format: format.name.clone(),
        })?;
    let dpi = format
        .dpi
        .or_else(|| print_mm.map(|mm| (f64::from(width) / (mm.width / MM_PER_INCH)).round()));
    Ok(Target {
        format: format.name.clone(),
        width,
        height,
        size_from,
        dpi,
        file_type,
        max_bytes: format.max_bytes,
        print_mm,
    })
}

/// Exact pixels when the format fixes them; else the smallest size that meets the minimum at
/// the print aspect (or the minimum's own); else the print size at the format's resolution or
/// 300 dpi.
fn pixel_size(format: &Format, print_mm: Option<Size>) -> Option<(u32, u32, String)> {
    let px = |v: f64| v.round().max(1.0) as u32;
    if let Some(exact) = format.pixels {
        return Some((
            px(exact.width),
            px(exact.height),
            format!(
                "format `{}` fixes {} × {} px",
                format.name,
                px(exact.width),
                px(exact.height)
            ),
        ));
    }
    if let Some(min) = format.min_pixels {
        let aspect = print_mm
            .map(|mm| mm.width / mm.height)
            .unwrap_or(min.width / min.height);
        let mut width = min.width.ceil();
        let mut height = (width / aspect).round();
        if height < min.height {
            height = min.height.ceil();
            width = (height * aspect).round();
        }
        return Some((
            px(width),
            px(height),
            format!(
                "the smallest size at the {:.3} aspect that meets format `{}`'s minimum of {} × {} px",
                aspect,
                format.name,
                px(min.width),
                px(min.height)
            ),
        ));
    }
    let mm = print_mm?;
    let dpi = format.dpi.unwrap_or(PRINT_DPI);
    let (w, h) = (
        px(mm.width / MM_PER_INCH * dpi),
        px(mm.height / MM_PER_INCH * dpi),
    );
    Some((
        w,
        h,
        format!("{} × {} mm at {dpi} dpi", mm.width, mm.height),
    ))
}

#[cfg(test)]
mod tests {
    use photorules_core::ir::{Provenance, Status};

    use super::*;

    fn format(name: &str) -> Format {
        Format {
            name: name.into(),
            print_mm: None,
            pixels: None,
            min_pixels: None,
            max_pixels: None,
            dpi: None,
            colour: None,
            copies: None,
            max_bytes: None,
            file_types: Vec::new(),
            provenance: Provenance {
                source: "s".into(),
                clause: None,
                quote: "q".into(),
                translation: None,
                status: Status::Official,
                reason: None,
                verified: "2026-01-01".into(),
            },
        }
    }

    fn size(width: f64, height: f64) -> Size {
        Size { width, height }
    }

    #[test]
    fn print_size_at_300_dpi_gives_413_by_531() {
        let mut f = format("print");
        f.print_mm = Some(size(35.0, 45.0));
        let (w, h, _) = pixel_size(&f, f.print_mm).unwrap_or_default();
        assert_eq!((w, h), (413, 531));
    }

    #[test]
    fn minimum_pixels_give_the_smallest_size_at_the_aspect() {
        let mut f = format("digital");
        f.min_pixels = Some(size(450.0, 600.0));
        let (w, h, _) = pixel_size(&f, None).unwrap_or_default();
        assert_eq!((w, h), (450, 600));
        // With a 35 × 45 print aspect the width is kept and the height follows (579 < 600, so
        // the height is raised instead).
        let (w, h, _) = pixel_size(&f, Some(size(35.0, 45.0))).unwrap_or_default();
        assert_eq!((w, h), (467, 600));
    }

    #[test]
    fn exact_pixels_win() {
        let mut f = format("digital");
        f.pixels = Some(size(413.0, 531.0));
        f.print_mm = Some(size(50.0, 50.0));
        let (w, h, _) = pixel_size(&f, f.print_mm).unwrap_or_default();
        assert_eq!((w, h), (413, 531));
    }
}
