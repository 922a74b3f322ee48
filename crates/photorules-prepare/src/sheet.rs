//! Print sheets: the copies a profile asks for, each at its exact physical size, with cut marks
//! and a caption, as a 300 dpi raster (PNG/JPEG with the resolution declared) and as a PDF
//! whose page and photo sizes are exact in points.

pub mod layout;
pub mod paper;
mod pdf;
mod raster;

use image::RgbImage;
use photorules_core::ir::CompiledProfile;
use serde::Serialize;

pub use layout::{Layout, RectMm, layout};
pub use paper::{PAPERS, Paper};
pub use pdf::pdf;
pub use raster::{SHEET_DPI, raster};

use crate::encode::{self, FileType};
use crate::error::PrepareError;

/// JPEG quality of the photo inside the PDF and of JPEG raster sheets.
const SHEET_JPEG_QUALITY: u8 = 95;

/// A finished sheet: the raster file, the PDF, and what was laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetFiles {
    pub layout: Layout,
    /// The raster sheet (PNG or JPEG, 300 dpi declared).
    pub raster: Vec<u8>,
    pub pdf: Vec<u8>,
    pub summary: SheetSummary,
}

/// What a sheet holds, for the report and the command's output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetSummary {
    pub paper: String,
    pub page_mm: [f64; 2],
    pub photo_mm: [f64; 2],
    pub copies: usize,
    pub caption: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Lay out `photo` (a prepared photo) for `profile` on `paper`: the print size and the number
/// of copies come from the profile's print format (the format named `print`, else the first
/// with a print size); without a number the page is filled, and a note says so.
pub fn make(
    profile: &CompiledProfile,
    photo: &RgbImage,
    paper: Paper,
    date: &str,
    raster_type: FileType,
) -> Result<SheetFiles, PrepareError> {
    let format = profile
        .formats
        .iter()
        .filter(|f| f.print_mm.is_some())
        .min_by_key(|f| u8::from(f.name != "print"));
    let size = format
        .and_then(|f| f.print_mm)
        .or_else(|| profile.print_size_mm())
        .ok_or_else(|| PrepareError::NoPrintSize {
            profile: profile.id.clone(),
        })?;
    let photo_mm = [size.width, size.height];
    let photo_aspect = f64::from(photo.width()) / f64::from(photo.height());
    let print_aspect = size.width / size.height;
    if (photo_aspect / print_aspect - 1.0).abs() > 0.01 {
        return Err(PrepareError::SheetAspect {
            width: photo.width(),
            height: photo.height(),
            print_w: size.width,
            print_h: size.height,
        });
    }
    let copies = format.and_then(|f| f.copies);
    let layout = layout(paper, photo_mm, copies)?;
    let mut notes = Vec::new();
    if copies.is_none() {
        notes.push(format!(
            "profile `{}` does not say how many copies; the sheet is filled ({})",
            profile.id,
            layout.photos.len()
        ));
    }
    let text = caption(&profile.id, photo_mm, layout.photos.len(), date);
    let sized = photo_for_sheet(photo, photo_mm)?;
    let page = raster(&layout, &sized, &text)?;
    let raster_bytes = match raster_type {
        FileType::Png => encode::png(&page, Some(SHEET_DPI))?,
        FileType::Jpeg => encode::jpeg(&page, SHEET_JPEG_QUALITY, Some(SHEET_DPI))?,
    };
    let photo_jpeg = encode::jpeg(&sized, SHEET_JPEG_QUALITY, Some(SHEET_DPI))?;
    let pdf_bytes = pdf(&layout, &photo_jpeg, sized.dimensions(), &text);
    Ok(SheetFiles {
        summary: SheetSummary {
            paper: paper.name.to_string(),
            page_mm: layout.page_mm,
            photo_mm,
            copies: layout.photos.len(),
            caption: text,
            notes,
        },
        layout,
        raster: raster_bytes,
        pdf: pdf_bytes,
    })
}

/// The caption printed under the photos: profile, photo size, copies and date, in ASCII (the
/// PDF's standard Helvetica is used without embedding, with its standard encoding).
/// `date` is printed as given (the caller injects it, e.g. today's date as YYYY-MM-DD).
pub fn caption(profile_id: &str, photo_mm: [f64; 2], copies: usize, date: &str) -> String {
    let number = |v: f64| {
        let text = format!("{v:.1}");
        text.trim_end_matches(".0").to_string()
    };
    let text = format!(
        "{profile_id} - {} x {} mm - {copies} {} - {date}",
        number(photo_mm[0]),
        number(photo_mm[1]),
        if copies == 1 { "copy" } else { "copies" }
    );
    text.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// Pixel size of a photo of `photo_mm` at the sheet's resolution.
pub fn photo_pixels(photo_mm: [f64; 2]) -> (u32, u32) {
    let px = |mm: f64| (mm / 25.4 * SHEET_DPI).round().max(1.0) as u32;
    (px(photo_mm[0]), px(photo_mm[1]))
}

/// The photo resampled (Lanczos3) to its size on the sheet, when it is not already that size.
pub fn photo_for_sheet(photo: &RgbImage, photo_mm: [f64; 2]) -> Result<RgbImage, PrepareError> {
    let (w, h) = photo_pixels(photo_mm);
    if photo.dimensions() == (w, h) {
        return Ok(photo.clone());
    }
    crate::render::resize(photo, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caption_is_ascii_with_the_date() {
        let date = "2026-04-13";
        assert_eq!(
            caption("kz/passport-abroad", [35.0, 45.0], 4, date),
            "kz/passport-abroad - 35 x 45 mm - 4 copies - 2026-04-13"
        );
        assert_eq!(
            caption("xx/ünï", [35.5, 45.0], 1, date),
            "xx/?n? - 35.5 x 45 mm - 1 copy - 2026-04-13"
        );
    }

    #[test]
    fn a_35_by_45_photo_is_413_by_531_px_at_300_dpi() {
        assert_eq!(photo_pixels([35.0, 45.0]), (413, 531));
    }
}
