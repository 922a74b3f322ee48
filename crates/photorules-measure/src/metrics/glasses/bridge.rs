//! A frame's bridge crosses the nose between the eyes as a strong horizontal edge spanning the
//! whole bridge; bare skin there has only soft shading.

use photorules_vision::mesh;

use crate::raster::sobel_magnitude;
use crate::scene::Scene;
use crate::thresholds::GLASSES_EDGE_STRENGTH;

/// The largest share of one row of the bridge region with strong edges, or `None` when the
/// region is too small or leaves the image.
pub fn edge_row_share(scene: &Scene) -> Option<f64> {
    let mesh = &scene.work_mesh;
    let grey = scene.work_grey;
    let inner_right = mesh.xy(mesh::RIGHT_EYE_INNER_CORNER);
    let inner_left = mesh.xy(mesh::LEFT_EYE_INNER_CORNER);
    let gap = inner_left[0] - inner_right[0];
    let eye_y = (inner_right[1] + inner_left[1]) / 2.0;
    // The middle 60 % between the inner eye corners, from well above to just below them.
    let x0 = (inner_right[0] + 0.2 * gap).round();
    let x1 = (inner_left[0] - 0.2 * gap).round();
    let y0 = (eye_y - 0.6 * gap).round();
    let y1 = (eye_y + 0.2 * gap).round();
    let (w, h) = (f64::from(grey.width()), f64::from(grey.height()));
    if gap < 6.0 || x0 < 1.0 || y0 < 1.0 || x1 >= w - 1.0 || y1 >= h - 1.0 {
        return None;
    }
    let (x0, x1, y0, y1) = (x0 as u32, x1 as u32, y0 as u32, y1 as u32);
    let width = f64::from(x1 - x0 + 1);
    let best_row = (y0..=y1)
        .map(|y| {
            let strong = (x0..=x1)
                .filter(|&x| sobel_magnitude(grey, x, y) > GLASSES_EDGE_STRENGTH)
                .count();
            strong as f64 / width
        })
        .fold(0.0, f64::max);
    Some(best_row)
}
