//! Where the copies go on the paper, in millimetres from the page's top-left corner.

use serde::Serialize;

use super::paper::Paper;
use crate::error::PrepareError;

/// Blank border kept at the paper's edges (most printers cannot print closer).
pub const PAGE_MARGIN_MM: f64 = 5.0;
/// Space between neighbouring photos, where the cut marks go.
pub const GAP_MM: f64 = 4.0;
/// Cut marks: thin lines on each photo edge's line, starting this far outside the corner...
pub const MARK_OFFSET_MM: f64 = 0.5;
/// ...and this long.
pub const MARK_LENGTH_MM: f64 = 1.5;
/// Width of the cut-mark lines.
pub const MARK_WIDTH_MM: f64 = 0.2;
/// Height of the caption line under the photos (text about 2.5 mm high).
pub const CAPTION_MM: f64 = 6.0;
/// Caption text size in points.
pub const CAPTION_PT: f64 = 7.0;

/// A rectangle in millimetres, y downwards from the page's top edge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RectMm {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A laid-out sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    pub paper: Paper,
    /// The page as printed (landscape when that fits better): width, height in mm.
    pub page_mm: [f64; 2],
    pub photos: Vec<RectMm>,
    /// Cut-mark lines, each from one point to another (mm).
    pub marks: Vec<[[f64; 2]; 2]>,
    /// Baseline-left point of the caption.
    pub caption_at: [f64; 2],
    pub columns: u32,
    pub rows: u32,
}

/// Lay out `copies` photos of `photo_mm` (width, height) on `paper`, or as many as fit when
/// `copies` is `None`.
pub fn layout(
    paper: Paper,
    photo_mm: [f64; 2],
    copies: Option<u32>,
) -> Result<Layout, PrepareError> {
    let [pw, ph] = photo_mm;
    let orientations = [
        [paper.width_mm, paper.height_mm],
        [paper.height_mm, paper.width_mm],
    ];
    let fit = |usable: f64, size: f64| -> u32 {
        if usable < size {
            0
        } else {
            ((usable - size) / (size + GAP_MM)).floor() as u32 + 1
        }
    };
    let usable = |page: [f64; 2]| {
        [
            page[0] - 2.0 * PAGE_MARGIN_MM,
            page[1] - 2.0 * PAGE_MARGIN_MM - CAPTION_MM,
        ]
    };
    let most_that_fit = orientations
        .iter()
        .map(|&page| {
            let [w, h] = usable(page);
            fit(w, pw) * fit(h, ph)
        })
        .max()
        .unwrap_or(0);
    let wanted = copies.unwrap_or(most_that_fit);
    // (score, page, columns, rows); a lower score uses the page more evenly.
    let mut best: Option<(f64, [f64; 2], u32, u32)> = None;
    for page in orientations {
        let [usable_w, usable_h] = usable(page);
        let (max_cols, max_rows) = (fit(usable_w, pw), fit(usable_h, ph));
        if wanted == 0 {
            continue;
        }
        for columns in 1..=max_cols.min(wanted) {
            let rows = wanted.div_ceil(columns);
            if rows > max_rows {
                continue;
            }
            let grid_w = f64::from(columns) * pw + f64::from(columns - 1) * GAP_MM;
            let grid_h = f64::from(rows) * ph + f64::from(rows - 1) * GAP_MM;
            let score = (grid_w / usable_w).max(grid_h / usable_h);
            // Portrait is tried first and kept on ties.
            if best.is_none_or(|(s, ..)| score < s - 1e-9) {
                best = Some((score, page, columns, rows));
            }
        }
    }
    let Some((_, page, columns, rows)) = best else {
        return Err(PrepareError::SheetTooSmall {
            copies: copies.unwrap_or(1),
            photo_w: pw,
            photo_h: ph,
            paper: paper.name.to_string(),
            fits: most_that_fit,
        });
    };
    let count = copies.unwrap_or(columns * rows);
    let grid_w = f64::from(columns) * pw + f64::from(columns - 1) * GAP_MM;
    let grid_h = f64::from(rows) * ph + f64::from(rows - 1) * GAP_MM;
    let left = (page[0] - grid_w) / 2.0;
    let top = PAGE_MARGIN_MM + (page[1] - 2.0 * PAGE_MARGIN_MM - CAPTION_MM - grid_h) / 2.0;
    let photos: Vec<RectMm> = (0..count)
        .map(|i| RectMm {
            x: left + f64::from(i % columns) * (pw + GAP_MM),
            y: top + f64::from(i / columns) * (ph + GAP_MM),
            width: pw,
            height: ph,
        })
        .collect();
    let marks = photos.iter().flat_map(cut_marks).collect();
    Ok(Layout {
        paper,
        page_mm: page,
        photos,
        marks,
        caption_at: [left, top + grid_h + CAPTION_MM - 2.0],
        columns,
        rows,
    })
}

/// Eight short lines per photo, two at each corner, on the lines of its edges and outside it.
fn cut_marks(photo: &RectMm) -> Vec<[[f64; 2]; 2]> {
    let (l, t) = (photo.x, photo.y);
    let (r, b) = (photo.x + photo.width, photo.y + photo.height);
    let (near, far) = (MARK_OFFSET_MM, MARK_OFFSET_MM + MARK_LENGTH_MM);
    vec![
        [[l - far, t], [l - near, t]],
        [[l, t - far], [l, t - near]],
        [[r + near, t], [r + far, t]],
        [[r, t - far], [r, t - near]],
        [[l - far, b], [l - near, b]],
        [[l, b + near], [l, b + far]],
        [[r + near, b], [r + far, b]],
        [[r, b + near], [r, b + far]],
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::super::paper::PAPERS;
    use super::*;

    #[test]
    fn four_passport_photos_fit_in_two_rows_of_two_on_10x15() {
        let sheet = layout(PAPERS[0], [35.0, 45.0], Some(4)).unwrap();
        assert_eq!((sheet.columns, sheet.rows), (2, 2));
        assert_eq!(sheet.page_mm, [100.0, 150.0]);
        assert_eq!(sheet.photos.len(), 4);
        // Centred horizontally, exact size, no overlaps, inside the margins.
        assert!((sheet.photos[0].x - (100.0 - 74.0) / 2.0).abs() < 1e-9);
        for p in &sheet.photos {
            assert_eq!((p.width, p.height), (35.0, 45.0));
            assert!(p.x >= PAGE_MARGIN_MM && p.x + p.width <= 100.0 - PAGE_MARGIN_MM);
            assert!(p.y >= PAGE_MARGIN_MM && p.y + p.height <= 150.0 - PAGE_MARGIN_MM);
        }
        assert!((sheet.photos[1].x - sheet.photos[0].x - 39.0).abs() < 1e-9);
        assert_eq!(sheet.marks.len(), 32);
    }

    #[test]
    fn marks_stay_out_of_every_photo() {
        let sheet = layout(PAPERS[2], [35.0, 45.0], Some(6)).unwrap();
        for [a, b] in &sheet.marks {
            let mid = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
            for p in &sheet.photos {
                let inside = mid[0] > p.x
                    && mid[0] < p.x + p.width
                    && mid[1] > p.y
                    && mid[1] < p.y + p.height;
                assert!(!inside, "mark {a:?}-{b:?} inside {p:?}");
            }
        }
    }

    #[test]
    fn without_a_count_the_page_is_filled() {
        let sheet = layout(PAPERS[0], [35.0, 45.0], None).unwrap();
        // 90 mm usable width: 2 columns; 134 mm usable height: 2 rows (45 + 4 + 45 + 4 + 45 = 143).
        assert_eq!(sheet.photos.len(), 4);
        let a4 = layout(PAPERS[2], [35.0, 45.0], None).unwrap();
        // A4 holds 5 × 5 upright, 7 × 4 turned: the turned page is used.
        assert_eq!(a4.photos.len(), 28);
        assert_eq!(a4.page_mm, [297.0, 210.0]);
    }

    #[test]
    fn too_many_copies_are_refused_with_how_many_fit() {
        match layout(PAPERS[1], [35.0, 45.0], Some(9)) {
            Err(PrepareError::SheetTooSmall { fits, .. }) => assert_eq!(fits, 4),
            other => panic!("expected too small, got {other:?}"),
        }
    }
}
