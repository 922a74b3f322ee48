//! Metrics that cannot be seen, once the plugins have said what covers them.
//!
//! The eye network places lids wherever it is shown a face, sunglasses or not: behind lenses
//! the lenses plugin reads as dark, the lid apertures it gives are of the lens, and `eyes.open`
//! would pass on eyes nobody can see (issue 17). Such metrics are made absent here, with the
//! reason, so that the rules reading them are undetermined rather than passed.

use photorules_core::{Measurement, MetricValue, Metrics};

/// What dark lenses hide.
const BEHIND_DARK_LENSES: [&str; 3] = ["eyes.open", "eyes.right_aperture", "eyes.left_aperture"];

const BEHIND_DARK_LENSES_REASON: &str =
    "the eyes are behind dark lenses (lenses.dark): whether they are open cannot be seen";

/// Makes absent, with the reason, every metric the photo's plugins found covered.
pub fn hide_what_is_covered(metrics: &mut Metrics) {
    let dark_lenses = matches!(
        metrics.get("lenses.dark"),
        Some(Measurement::Measured {
            value: MetricValue::Bool(true),
            ..
        })
    );
    if !dark_lenses {
        return;
    }
    for name in BEHIND_DARK_LENSES {
        if metrics.get(name).is_some() {
            metrics.absent(name, BEHIND_DARK_LENSES_REASON);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn measured_eyes(lenses_dark: Option<bool>) -> Metrics {
        let mut metrics = Metrics::default();
        metrics.boolean("eyes.open", true);
        metrics.number("eyes.right_aperture", 0.3, photorules_core::Unit::Ratio);
        metrics.number("eyes.left_aperture", 0.3, photorules_core::Unit::Ratio);
        if let Some(dark) = lenses_dark {
            metrics.boolean("lenses.dark", dark);
        }
        metrics
    }

    #[test]
    fn eyes_behind_dark_lenses_are_not_known_to_be_open() {
        let mut metrics = measured_eyes(Some(true));
        hide_what_is_covered(&mut metrics);
        for name in BEHIND_DARK_LENSES {
            assert!(
                matches!(metrics.get(name), Some(Measurement::Absent { reason }) if reason.contains("dark lenses")),
                "{name}: {:?}",
                metrics.get(name)
            );
        }
    }

    #[test]
    fn eyes_without_dark_lenses_keep_their_measurement() {
        for lenses in [Some(false), None] {
            let mut metrics = measured_eyes(lenses);
            let before = metrics.clone();
            hide_what_is_covered(&mut metrics);
            assert_eq!(metrics, before);
        }
    }
}
