//! The upright frame: the source photo turned about the eye midpoint so that the eye line is
//! level. Crops are planned in it; rendering maps each output pixel back to the source.

use serde::Serialize;

/// Rolls smaller than this are left alone: turning the photo resamples every pixel, and a
/// tenth of a degree is far inside every profile's roll band.
pub const MIN_ROTATION_DEG: f64 = 0.1;

/// A turn of the source about `pivot`; `angle_deg` is the eye line's angle in the source
/// (positive = clockwise on the image, as `pose.roll_deg`), which the upright frame undoes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Upright {
    pub pivot: [f64; 2],
    pub angle_deg: f64,
}

impl Upright {
    /// The frame that levels the line between the two eye centres (given in any order).
    pub fn from_eyes(first: [f64; 2], second: [f64; 2]) -> Upright {
        let (left, right) = if first[0] <= second[0] {
            (first, second)
        } else {
            (second, first)
        };
        let pivot = [(left[0] + right[0]) / 2.0, (left[1] + right[1]) / 2.0];
        let angle = (right[1] - left[1]).atan2(right[0] - left[0]).to_degrees();
        Upright {
            pivot,
            angle_deg: if angle.abs() < MIN_ROTATION_DEG {
                0.0
            } else {
                angle
            },
        }
    }

    /// No turn at all.
    pub fn level(pivot: [f64; 2]) -> Upright {
        Upright {
            pivot,
            angle_deg: 0.0,
        }
    }

    /// A source point in the upright frame.
    pub fn to_upright(&self, p: [f64; 2]) -> [f64; 2] {
        self.turn(p, -self.angle_deg.to_radians())
    }

    /// An upright-frame point in the source.
    pub fn to_source(&self, p: [f64; 2]) -> [f64; 2] {
        self.turn(p, self.angle_deg.to_radians())
    }

    fn turn(&self, p: [f64; 2], radians: f64) -> [f64; 2] {
        let (sin, cos) = radians.sin_cos();
        let (dx, dy) = (p[0] - self.pivot[0], p[1] - self.pivot[1]);
        [
            self.pivot[0] + dx * cos - dy * sin,
            self.pivot[1] + dx * sin + dy * cos,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: [f64; 2], b: [f64; 2]) -> bool {
        (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9
    }

    #[test]
    fn tilted_eyes_become_level_about_their_midpoint() {
        // The image-right eye is lower: the head is turned clockwise on the image.
        let frame = Upright::from_eyes([100.0, 200.0], [200.0, 220.0]);
        assert!((frame.angle_deg - 11.3099).abs() < 1e-3);
        let a = frame.to_upright([100.0, 200.0]);
        let b = frame.to_upright([200.0, 220.0]);
        assert!((a[1] - b[1]).abs() < 1e-9);
        assert!((a[1] - 210.0).abs() < 1e-9);
        assert!(close(
            frame.to_source(frame.to_upright([37.0, -5.0])),
            [37.0, -5.0]
        ));
    }

    #[test]
    fn tiny_rolls_are_not_turned() {
        let frame = Upright::from_eyes([200.0, 100.0], [100.0, 100.1]);
        assert_eq!(frame.angle_deg, 0.0);
        assert!(close(frame.pivot, [150.0, 100.05]));
    }
}
