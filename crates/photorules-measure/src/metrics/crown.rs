//! The crown: where the head (hair included) meets the background above the forehead.
//!
//! Column by column across the middle of the head, walk up from the forehead top of the mesh
//! until a run of background pixels starts (checked by a walk down from the top edge, see
//! [`column_boundary`]); the crown is the highest of those boundaries, taken robustly (a low percentile over the columns, so one
//! stray strand or one noisy column cannot move it).

use super::background::BackgroundModel;
use crate::raster::percentile;
use crate::scene::Scene;

/// Half-width of the band of columns searched, in face widths either side of the face centre.
const HALF_BAND: f64 = 0.3;
/// Background run that ends the head, in face widths (at least 3 px).
const RUN: f64 = 0.03;
/// Percentile of the column boundaries taken as the crown (low = highest boundary).
const CROWN_PERCENTILE: f64 = 0.1;
/// Share of columns reaching the top edge that makes the head count as cut by it.
const CUT_SHARE: f64 = 0.2;
/// Share of non-background rows between the walk down from the top edge and the walk up from
/// the forehead that makes them one head.
const CONTIGUOUS_SHARE: f64 = 0.6;

/// The crown in full-resolution px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crown {
    pub y: f64,
    /// The head reaches the top edge: the real crown is outside the image.
    pub cut_by_top_edge: bool,
}

pub fn find(scene: &Scene, model: &BackgroundModel) -> Option<Crown> {
    let mesh = &scene.work_mesh;
    let work = scene.work;
    let (lo, hi) = mesh.outline_x_range();
    let face_width = hi - lo;
    let forehead = mesh.xy(photorules_vision::mesh::FOREHEAD_TOP);
    let run = ((RUN * face_width).round() as u32).max(3);
    let x0 = (forehead[0] - HALF_BAND * face_width).max(0.0).round() as u32;
    let x1 = (forehead[0] + HALF_BAND * face_width)
        .min(f64::from(work.width()) - 1.0)
        .round() as u32;
    let end = forehead[1].min(f64::from(work.height()) - 1.0);
    if end < 0.0 || x1 <= x0 {
        // The forehead itself is above the image: the head is cut by the top edge.
        return Some(Crown {
            y: 0.0,
            cut_by_top_edge: true,
        });
    }
    let end = end as u32;

    let above = super::background::above_head_model(scene, f64::from(x0), f64::from(x1 + 1));
    let mut boundaries = Vec::new();
    let mut cut = 0usize;
    for x in x0..=x1 {
        match column_boundary(scene, model, above.as_ref(), x, end, run) {
            Some(y) => boundaries.push(f64::from(y)),
            None => cut += 1,
        }
    }
    let columns = (x1 - x0 + 1) as usize;
    if cut as f64 > CUT_SHARE * columns as f64 {
        return Some(Crown {
            y: 0.0,
            cut_by_top_edge: true,
        });
    }
    let y = percentile(&mut boundaries, CROWN_PERCENTILE)?;
    Some(Crown {
        // Boundary rows are pixel indices on the copy; the edge lies at the top of that pixel.
        y: y * scene.scale,
        cut_by_top_edge: false,
    })
}

/// The top of the head in one column (measurement-copy px), or `None` when the head runs into
/// the top edge there.
///
/// Walking up from the forehead, the head ends where a run of background pixels starts. A part
/// of the head that matches some colour of the backdrop (a white cap before a flag with white
/// stars) ends it too low, so the column is also walked down from the top edge until a run of
/// pixels unlike what is straight above the head (`above`) starts; that higher boundary wins
/// when most rows between the two are unlike it too (one head, not a textured backdrop).
fn column_boundary(
    scene: &Scene,
    model: &BackgroundModel,
    above: Option<&BackgroundModel>,
    x: u32,
    end: u32,
    run: u32,
) -> Option<u32> {
    let up = walk_up(scene, model, x, end, run)?;
    let Some(above) = above else {
        return Some(up);
    };
    let unlike_above = |y: u32| !above.matches(scene.work.get_pixel(x, y).0);
    let mut head_run = 0;
    for y in 0..up {
        if !unlike_above(y) {
            head_run = 0;
            continue;
        }
        head_run += 1;
        if head_run >= run {
            let down = y + 1 - run;
            let head_rows = (down..up).filter(|&yy| unlike_above(yy)).count();
            let between = (up - down).max(1) as usize;
            if down > 0 && head_rows as f64 >= CONTIGUOUS_SHARE * between as f64 {
                return Some(down);
            }
            break;
        }
    }
    Some(up)
}

/// Walk up from the forehead row `end` to where a run of `run` background pixels starts; the
/// head's top is just below that run. `None` when the top edge comes first.
fn walk_up(scene: &Scene, model: &BackgroundModel, x: u32, end: u32, run: u32) -> Option<u32> {
    let mut background_run = 0;
    let mut y = end;
    loop {
        if model.matches(scene.work.get_pixel(x, y).0) {
            background_run += 1;
            if background_run >= run {
                return Some(y + run);
            }
        } else {
            background_run = 0;
        }
        if y == 0 {
            // A short background run at the very top still separates head from edge.
            return (background_run >= 2).then_some(background_run);
        }
        y -= 1;
    }
}
