//! Background sample blocks that follow the person's outline, from the person segmentation:
//! for frames so tight that the fixed regions beside and above the head hold too little
//! background (a head-and-shoulders crop, a face filling the frame).
//!
//! Fail-safe: the segmentation is trusted only where it finds the face the mesh found, and a
//! block counts as background only when every segmentation cell it touches is confidently
//! background and no person cell lies within a margin. Hair or a shoulder the network missed
//! then lands in the sample and makes it read as not plain: the error it leaves is a rejection,
//! not a pass.

use image::{GrayImage, Luma};
use imageproc::morphology::{Mask, grayscale_dilate};
use photorules_vision::{SEGMENTATION_SIDE, mesh};

use crate::raster::{PolygonMask, Rect};
use crate::scene::Scene;
use crate::thresholds::{
    SEGMENT_BACKGROUND_MAX_PROBABILITY, SEGMENT_FACE_MIN_PERSON_SHARE, SEGMENT_PERSON_MARGIN_BLOCKS,
};

/// A cell is person from this probability on (the network's own decision line).
const PERSON_PROBABILITY: f32 = 0.5;

/// Rows of background blocks (`side` px squares tiling the measurement copy from its corner,
/// as the fixed regions' blocks do), consecutive blocks of a row merged into one rectangle.
/// `probabilities` is the segmentation of the measurement copy stretched to
/// [`SEGMENTATION_SIDE`]², row by row. An error says why the segmentation cannot be trusted,
/// as the end of a sentence that begins with what the fixed regions lacked.
pub(super) fn background_rows(
    scene: &Scene,
    probabilities: &[f32],
    side: u32,
) -> Result<Vec<Rect>, String> {
    let grid = Grid::new(probabilities, scene.work.width(), scene.work.height())?;
    let covered = grid.face_person_share(scene);
    if covered < SEGMENT_FACE_MIN_PERSON_SHARE {
        return Err(format!(
            "the person segmentation, which could find it elsewhere, marks only {:.0} % of the \
             face as person",
            covered * 100.0
        ));
    }
    let margin = f64::from(side) * SEGMENT_PERSON_MARGIN_BLOCKS;
    let background = grid.background_away_from_person(margin);
    Ok(grid.block_rows(&background, side))
}

/// The segmentation laid over the measurement copy.
struct Grid<'a> {
    probabilities: &'a [f32],
    width: u32,
    height: u32,
}

impl<'a> Grid<'a> {
    fn new(probabilities: &'a [f32], width: u32, height: u32) -> Result<Grid<'a>, String> {
        if probabilities.len() != SEGMENTATION_SIDE * SEGMENTATION_SIDE || width == 0 || height == 0
        {
            return Err(format!(
                "the person segmentation gave {} values for a {width}×{height} px image",
                probabilities.len()
            ));
        }
        Ok(Grid {
            probabilities,
            width,
            height,
        })
    }

    /// The cell column holding pixel column `x` (and likewise rows).
    fn cell_x(&self, x: u32) -> usize {
        (x as usize * SEGMENTATION_SIDE / self.width as usize).min(SEGMENTATION_SIDE - 1)
    }

    fn cell_y(&self, y: u32) -> usize {
        (y as usize * SEGMENTATION_SIDE / self.height as usize).min(SEGMENTATION_SIDE - 1)
    }

    fn at(&self, cx: usize, cy: usize) -> f32 {
        // Out of the grid (never, the cells are clamped) counts as person: never background.
        self.probabilities
            .get(cy * SEGMENTATION_SIDE + cx)
            .copied()
            .unwrap_or(1.0)
    }

    /// Share of the face oval's pixels whose cell is person.
    fn face_person_share(&self, scene: &Scene) -> f64 {
        let oval = PolygonMask::new(
            &scene.work_mesh.polygon(&mesh::FACE_OVAL),
            self.width,
            self.height,
        );
        let total = oval.area();
        if total == 0 {
            return 0.0;
        }
        let person = oval
            .pixels()
            .filter(|&(x, y)| self.at(self.cell_x(x), self.cell_y(y)) >= PERSON_PROBABILITY)
            .count();
        person as f64 / total as f64
    }

    /// Cells confidently background with no person cell within `margin` px, row by row.
    fn background_away_from_person(&self, margin: f64) -> Vec<bool> {
        let n = SEGMENTATION_SIDE;
        let side = n as u32;
        let person = GrayImage::from_fn(side, side, |cx, cy| {
            let p = self.at(cx as usize, cy as usize);
            Luma([if p >= PERSON_PROBABILITY { 255 } else { 0 }])
        });
        // Cells are width/256 by height/256 px: the margin in cells differs across and down.
        // A reach of 255 cells already spans the whole grid (and is the most a mask holds).
        let reach = |extent: u32| (margin * n as f64 / f64::from(extent)).ceil().min(255.0) as u8;
        let (reach_x, reach_y) = (reach(self.width), reach(self.height));
        // Two one-dimensional passes: the same as one rectangular window, at a fraction of the
        // cost.
        let span = |reach: u8| 2 * u32::from(reach) + 1;
        let full = |width, height| GrayImage::from_pixel(width, height, Luma([255]));
        let along_rows = Mask::from_image(&full(span(reach_x), 1), reach_x, 0);
        let down_columns = Mask::from_image(&full(1, span(reach_y)), 0, reach_y);
        let near = grayscale_dilate(&grayscale_dilate(&person, &along_rows), &down_columns);
        self.probabilities
            .iter()
            .zip(near.as_raw())
            .map(|(&p, &near)| p <= SEGMENT_BACKGROUND_MAX_PROBABILITY as f32 && near == 0)
            .collect()
    }

    /// The `side` px blocks tiling the image whose every cell is background, merged along rows.
    fn block_rows(&self, background: &[bool], side: u32) -> Vec<Rect> {
        let mut rows = Vec::new();
        let mut y = 0;
        while y + side <= self.height {
            let mut run: Option<(u32, u32)> = None;
            let mut x = 0;
            while x + side <= self.width {
                if self.block_is_background(background, x, y, side) {
                    run = Some(run.map_or((x, x + side), |(start, _)| (start, x + side)));
                } else if let Some((start, end)) = run.take() {
                    rows.push(row_rect(start, end, y, side));
                }
                x += side;
            }
            if let Some((start, end)) = run {
                rows.push(row_rect(start, end, y, side));
            }
            y += side;
        }
        rows
    }

    fn block_is_background(&self, background: &[bool], x: u32, y: u32, side: u32) -> bool {
        let (cx0, cx1) = (self.cell_x(x), self.cell_x(x + side - 1));
        let (cy0, cy1) = (self.cell_y(y), self.cell_y(y + side - 1));
        (cy0..=cy1).all(|cy| {
            (cx0..=cx1).all(|cx| {
                background
                    .get(cy * SEGMENTATION_SIDE + cx)
                    .copied()
                    .unwrap_or(false)
            })
        })
    }
}

fn row_rect(start: u32, end: u32, y: u32, side: u32) -> Rect {
    Rect::new(
        f64::from(start),
        f64::from(y),
        f64::from(end),
        f64::from(y + side),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A segmentation with a person filling the columns `from..to` of every row.
    fn person_in_columns(from: usize, to: usize) -> Vec<f32> {
        let n = SEGMENTATION_SIDE;
        (0..n * n)
            .map(|i| {
                if (from..to).contains(&(i % n)) {
                    0.97
                } else {
                    0.02
                }
            })
            .collect()
    }

    #[test]
    fn blocks_keep_the_margin_from_the_person() {
        // 512 × 256 px: a cell is 2 px across and 1 px down; the person covers px 200..312.
        let probabilities = person_in_columns(100, 156);
        let grid = Grid::new(&probabilities, 512, 256).unwrap();
        let background = grid.background_away_from_person(16.0);
        let rows = grid.block_rows(&background, 8);
        assert!(!rows.is_empty());
        for row in &rows {
            assert!(row.right <= 184.0 || row.left >= 328.0, "{row:?}");
        }
        // Every block row reaches the image's side edges: the background is whole there.
        assert!(rows.iter().any(|r| r.left == 0.0 && r.right == 184.0));
        assert!(rows.iter().any(|r| r.left == 328.0 && r.right == 512.0));
    }

    #[test]
    fn unsure_cells_are_not_background() {
        let probabilities = vec![0.3; SEGMENTATION_SIDE * SEGMENTATION_SIDE];
        let grid = Grid::new(&probabilities, 256, 256).unwrap();
        let background = grid.background_away_from_person(0.0);
        assert!(grid.block_rows(&background, 4).is_empty());
    }

    #[test]
    fn a_segmentation_of_the_wrong_size_is_an_error() {
        assert!(Grid::new(&[0.0; 10], 100, 100).is_err());
    }
}
