//! glasses.present: a frame shows either as its bridge, a strong horizontal edge spanning the
//! nose between the eyes, or as the rims of its lenses, thin lines curving under both eyes.
//! Thick frames cross the bridge with strong edges; thin metal frames (a narrow or high
//! bridge) are found by their rims.

mod bridge;
mod rim;

use photorules_core::{Metrics, unit::Unit};

use crate::scene::Scene;
use crate::thresholds::{GLASSES_MIN_EDGE_ROW, GLASSES_MIN_RIM_CONTRAST};

const BRIDGE_UNSEEN: &str = "the nose bridge is too small or outside the image to examine";
const RIM_UNSEEN: &str = "the eyes are too small to look for lens rims around them";

pub fn measure(scene: &Scene, metrics: &mut Metrics) {
    let bridge = bridge::edge_row_share(scene);
    let rim = rim::contrast(scene);
    ratio_or_absent(metrics, "glasses.bridge_edges", bridge, BRIDGE_UNSEEN);
    ratio_or_absent(metrics, "glasses.rim_contrast", rim, RIM_UNSEEN);
    let bridge_seen = bridge.is_some_and(|share| share >= GLASSES_MIN_EDGE_ROW);
    let rims_seen = rim.is_some_and(|contrast| contrast >= GLASSES_MIN_RIM_CONTRAST);
    if bridge_seen || rims_seen {
        metrics.boolean("glasses.present", true);
    } else if bridge.is_some() {
        // Neither reading found a frame; the bridge must have been looked at for that to mean
        // "no glasses", since it is the reading that sees thick frames and rimless lenses.
        metrics.boolean("glasses.present", false);
    } else {
        metrics.absent("glasses.present", BRIDGE_UNSEEN);
    }
}

fn ratio_or_absent(metrics: &mut Metrics, name: &str, value: Option<f64>, unseen: &str) {
    match value {
        Some(value) => metrics.number(name, value, Unit::Ratio),
        None => metrics.absent(name, unseen),
    }
}
