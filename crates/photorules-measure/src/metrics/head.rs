//! Head and eye positions from the mesh, and the crown-dependent geometry.

use photorules_core::{Metrics, Unit};

use super::crown::Crown;
use crate::geometry::Geometry;
use crate::scene::Scene;

/// Eye centres, eye line, inter-eye distance, chin, head width and centre offset.
pub fn measure_mesh_positions(scene: &Scene, metrics: &mut Metrics, geometry: &mut Geometry) {
    let mesh = scene.mesh;
    let (width, height) = (scene.width(), scene.height());
    let right = mesh.right_eye_centre();
    let left = mesh.left_eye_centre();
    metrics.number("eyes.right_x_px", right[0], Unit::Px);
    metrics.number("eyes.right_y_px", right[1], Unit::Px);
    metrics.number("eyes.left_x_px", left[0], Unit::Px);
    metrics.number("eyes.left_y_px", left[1], Unit::Px);
    metrics.number("eyes.distance_px", mesh.eye_distance(), Unit::Px);
    let eye_y = (right[1] + left[1]) / 2.0;
    metrics.number(
        "eyes.line_height_ratio",
        (height - eye_y) / height,
        Unit::Ratio,
    );
    geometry.eyes = Some([right, left]);

    let chin = mesh.chin_y();
    metrics.number("head.chin_y_px", chin, Unit::Px);
    geometry.chin_y = Some(chin);

    let (lo, hi) = mesh.outline_x_range();
    metrics.number("head.width_ratio", (hi - lo) / width, Unit::Ratio);
    metrics.number(
        "head.centre_offset_ratio",
        ((lo + hi) / 2.0 - width / 2.0) / width,
        Unit::Ratio,
    );
    geometry.head_x = Some([lo, hi]);
}

/// Crown row, top margin, chin-to-crown height (ratio and mm) and whether the head is inside
/// the frame.
pub fn measure_crown_geometry(
    scene: &Scene,
    crown: Option<&Crown>,
    print_height_mm: Option<f64>,
    metrics: &mut Metrics,
    geometry: &mut Geometry,
) {
    let (width, height) = (scene.width(), scene.height());
    let chin = scene.mesh.chin_y();
    let (lo, hi) = scene.mesh.outline_x_range();
    let chin_inside = chin <= height - 1.0;
    let sides_inside = lo >= 0.0 && hi <= width - 1.0;

    let Some(crown) = crown else {
        let reason = "the crown could not be found: no background above the head was told apart from the head";
        for name in [
            "head.crown_y_px",
            "head.top_margin_ratio",
            "head.chin_crown_ratio",
            "head.chin_crown_mm",
        ] {
            metrics.absent(name, reason);
        }
        if !chin_inside || !sides_inside {
            metrics.boolean("face.inside_frame", false);
        } else {
            metrics.absent("face.inside_frame", reason);
        }
        return;
    };
    if crown.cut_by_top_edge {
        let reason = "the head is cut by the top edge of the image, so the crown is not in it";
        metrics.absent("head.crown_y_px", reason);
        metrics.number("head.top_margin_ratio", 0.0, Unit::Ratio);
        metrics.absent("head.chin_crown_ratio", reason);
        metrics.absent("head.chin_crown_mm", reason);
        metrics.boolean("face.inside_frame", false);
        return;
    }
    metrics.number("head.crown_y_px", crown.y, Unit::Px);
    geometry.crown_y = Some(crown.y);
    metrics.number("head.top_margin_ratio", crown.y / height, Unit::Ratio);
    metrics.boolean("face.inside_frame", chin_inside && sides_inside);
    if !chin_inside {
        let reason = "the chin is below the bottom edge of the image";
        metrics.absent("head.chin_crown_ratio", reason);
        metrics.absent("head.chin_crown_mm", reason);
        return;
    }
    let ratio = (chin - crown.y) / height;
    metrics.number("head.chin_crown_ratio", ratio, Unit::Ratio);
    match print_height_mm {
        Some(mm) => metrics.number("head.chin_crown_mm", ratio * mm, Unit::Mm),
        None => metrics.absent(
            "head.chin_crown_mm",
            "no print size was given (a profile's print format or `--print-size`)",
        ),
    }
}
