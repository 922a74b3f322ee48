//! glasses.present: a frame shows either as its bridge, a strong horizontal edge spanning the
//! nose between the eyes, or as the rims of its lenses, thin lines curving under both eyes.
//! Thick frames cross the bridge with strong edges; thin metal frames (a narrow or high
//! bridge) are found by their rims.

mod bridge;
mod rim;

use photorules_core::{Metrics, unit::Unit};

use crate::scene::Scene;
use crate::thresholds::{GLASSES_MIN_EDGE_ROW, GLASSES_MIN_RIM_CONTRAST};

pub fn measure(scene: &Scene, metrics: &mut Metrics) {
    let bridge = bridge::edge_row_share(scene);
    if let Some(share) = bridge {
        metrics.number("glasses.bridge_edges", share, Unit::Ratio);
    } else {
        metrics.absent(
            "glasses.bridge_edges",
            "the nose bridge is too small or outside the image to examine",
        );
    }
    let rim = rim::contrast(scene);
    if let Some(rim) = rim {
        metrics.number("glasses.rim_contrast", rim, Unit::Ratio);
    } else {
        metrics.absent(
            "glasses.rim_contrast",
            "the eyes are too small to look for lens rims around them",
        );
    }
    match (bridge, rim) {
        (Some(share), _) if share >= GLASSES_MIN_EDGE_ROW => {
            metrics.boolean("glasses.present", true);
        }
        (_, Some(rim)) if rim >= GLASSES_MIN_RIM_CONTRAST => {
            metrics.boolean("glasses.present", true);
        }
        // Neither reading found a frame; the bridge must have been looked at for that to mean
        // "no glasses", since it is the reading that sees thick frames.
        (Some(_), _) => metrics.boolean("glasses.present", false),
        (None, _) => metrics.absent(
            "glasses.present",
            "the nose bridge is too small or outside the image to examine",
        ),
    }
}
