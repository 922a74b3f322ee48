//! The metric groups of the catalogue, one module each.

pub mod background;
pub mod crown;
pub mod eyes;
pub mod face_features;
pub mod glasses;
pub mod head;
pub mod image_file;
pub mod light;
pub mod pose;
pub mod sharpness;
pub mod shoulders;

use photorules_core::Metrics;

/// Mark each of `names` absent with `reason`.
pub fn absent_all(metrics: &mut Metrics, names: &[&str], reason: &str) {
    for name in names {
        metrics.absent(name, reason);
    }
}

/// Every metric that needs the face mesh.
pub const MESH_METRICS: &[&str] = &[
    "face.inside_frame",
    "head.chin_crown_ratio",
    "head.chin_crown_mm",
    "head.width_ratio",
    "head.centre_offset_ratio",
    "head.top_margin_ratio",
    "head.crown_y_px",
    "head.chin_y_px",
    "eyes.line_height_ratio",
    "eyes.left_x_px",
    "eyes.left_y_px",
    "eyes.right_x_px",
    "eyes.right_y_px",
    "eyes.distance_px",
    "pose.roll_deg",
    "pose.yaw_deg",
    "pose.pitch_deg",
    "pose.shoulder_tilt_deg",
    "eyes.left_aperture",
    "eyes.right_aperture",
    "eyes.open",
    "eyes.occluded",
    "mouth.aperture",
    "mouth.aperture_second",
    "mouth.closed",
    "expression.smile",
    "expression.smile_score",
    "expression.teeth_visible",
    "expression.neutral",
    "glasses.present",
    "glasses.bridge_edges",
    "glasses.rim_contrast",
    "background.lightness",
    "background.lab_a",
    "background.lab_b",
    "background.delta_e_white",
    "background.delta_e_light_grey",
    "background.variation",
    "background.shadow",
    "background.texture",
    "light.face_lightness",
    "light.underexposed_fraction",
    "light.overexposed_fraction",
    "light.dynamic_range",
    "light.balance",
    "light.skin_natural",
    "face.sharpness",
];

/// Metrics about the main face box (need a detection, not the mesh).
pub const BOX_METRICS: &[&str] = &[
    "face.confidence",
    "face.box_left_px",
    "face.box_top_px",
    "face.box_width_px",
    "face.box_height_px",
];
