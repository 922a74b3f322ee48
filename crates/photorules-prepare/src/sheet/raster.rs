//! The sheet as pixels at 300 dpi: white paper, the photos, cut marks and the caption text
//! (Go Regular, BSD-3-Clause, shipped in `fonts/`).

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgb, RgbImage};

use super::layout::{CAPTION_PT, Layout, MARK_WIDTH_MM};
use crate::error::PrepareError;

/// Resolution of raster sheets: photo labs print at 300 dpi.
pub const SHEET_DPI: f64 = 300.0;

static CAPTION_FONT: &[u8] = include_bytes!("../../fonts/Go-Regular.ttf");

fn px(mm: f64) -> f64 {
    mm / 25.4 * SHEET_DPI
}

/// Draw `layout` with `photo` (already at its sheet pixel size) in every slot.
pub fn raster(layout: &Layout, photo: &RgbImage, caption: &str) -> Result<RgbImage, PrepareError> {
    let width = px(layout.page_mm[0]).round() as u32;
    let height = px(layout.page_mm[1]).round() as u32;
    let mut page = RgbImage::from_pixel(width, height, Rgb([255, 255, 255]));
    for slot in &layout.photos {
        let (x, y) = (px(slot.x).round() as i64, px(slot.y).round() as i64);
        image::imageops::replace(&mut page, photo, x, y);
    }
    let line = px(MARK_WIDTH_MM).round().max(1.0);
    for [a, b] in &layout.marks {
        let (x0, y0) = (px(a[0].min(b[0])), px(a[1].min(b[1])));
        let (x1, y1) = (px(a[0].max(b[0])), px(a[1].max(b[1])));
        // A line is a rectangle `line` px thick centred on it.
        let (x0, x1) = if x1 - x0 < line {
            (x0 - line / 2.0, x0 + line / 2.0)
        } else {
            (x0, x1)
        };
        let (y0, y1) = if y1 - y0 < line {
            (y0 - line / 2.0, y0 + line / 2.0)
        } else {
            (y0, y1)
        };
        fill(
            &mut page,
            x0.round() as i64,
            y0.round() as i64,
            x1.round() as i64,
            y1.round() as i64,
        );
    }
    text(
        &mut page,
        caption,
        px(layout.caption_at[0]),
        px(layout.caption_at[1]),
    )?;
    Ok(page)
}

fn fill(page: &mut RgbImage, x0: i64, y0: i64, x1: i64, y1: i64) {
    let (w, h) = (i64::from(page.width()), i64::from(page.height()));
    for y in y0.max(0)..y1.min(h) {
        for x in x0.max(0)..x1.min(w) {
            page.put_pixel(x as u32, y as u32, Rgb([0, 0, 0]));
        }
    }
}

/// Black text with its baseline starting at (`x`, `baseline`), anti-aliased.
fn text(page: &mut RgbImage, text: &str, x: f64, baseline: f64) -> Result<(), PrepareError> {
    let font =
        FontRef::try_from_slice(CAPTION_FONT).map_err(|e| PrepareError::Font(e.to_string()))?;
    let size = (CAPTION_PT / 72.0 * SHEET_DPI) as f32;
    let scaled = font.as_scaled(PxScale::from(size));
    let mut caret = x as f32;
    let mut previous = None;
    let (w, h) = (page.width(), page.height());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = previous {
            caret += scaled.kern(prev, id);
        }
        let glyph = id.with_scale_and_position(size, point(caret, baseline as f32));
        caret += scaled.h_advance(id);
        previous = Some(id);
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let px = bounds.min.x as i64 + i64::from(gx);
            let py = bounds.min.y as i64 + i64::from(gy);
            if px < 0 || py < 0 || px >= i64::from(w) || py >= i64::from(h) {
                return;
            }
            let pixel = page.get_pixel_mut(px as u32, py as u32);
            let keep = 1.0 - coverage.clamp(0.0, 1.0);
            pixel.0 = pixel.0.map(|v| (f32::from(v) * keep).round() as u8);
        });
    }
    Ok(())
}
