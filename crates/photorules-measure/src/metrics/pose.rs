//! pose.roll/yaw/pitch: head orientation from the face mesh.
//!
//! Roll is the angle of the eye line on the image. Yaw and pitch come from the rotation that
//! best lays MediaPipe's canonical face onto the mesh's 3-D points (a weighted Procrustes fit
//! on the points its own pose pipeline uses, `pose/canonical.rs`): the face looks where that
//! rotation turns the canonical face's forward axis. Fitting 33 points that hold still when
//! the face moves, rather than reading one line from forehead to chin, keeps an open mouth or
//! a lowered jaw from reading as a nod. Image axes: x right, y down, z away from the camera.

mod canonical;

use nalgebra::{Matrix3, Vector3};
use photorules_core::{Metrics, Unit};

use crate::landmarks::Mesh;
use crate::thresholds::PITCH_ZERO_DEG;

pub fn measure(mesh: &Mesh, metrics: &mut Metrics) {
    metrics.number("pose.roll_deg", mesh.eye_line_angle_deg(), Unit::Deg);
    match yaw_pitch(mesh) {
        Some((yaw, pitch)) => {
            metrics.number("pose.yaw_deg", yaw, Unit::Deg);
            metrics.number("pose.pitch_deg", pitch, Unit::Deg);
        }
        None => {
            let reason = "the face mesh's points do not fix a head orientation";
            metrics.absent("pose.yaw_deg", reason);
            metrics.absent("pose.pitch_deg", reason);
        }
    }
}

/// `(yaw, pitch)` in degrees: yaw positive when the face turns towards the image's right,
/// pitch positive chin up. `None` when the points do not fix a rotation (all on a line, or
/// not finite).
pub fn yaw_pitch(mesh: &Mesh) -> Option<(f64, f64)> {
    let rotation = head_rotation(mesh)?;
    // The canonical face looks towards the camera, -z in image axes.
    let forward = rotation * Vector3::new(0.0, 0.0, -1.0);
    let yaw = forward.x.atan2(-forward.z).to_degrees();
    let pitch = (-forward.y).atan2(-forward.z).to_degrees() - PITCH_ZERO_DEG;
    Some((yaw, pitch))
}

/// The rotation taking the canonical face (in image axes) to the mesh: the weighted orthogonal
/// Procrustes solution (Kabsch), which scale and translation do not change.
fn head_rotation(mesh: &Mesh) -> Option<Matrix3<f64>> {
    // Model axes (y up, z towards the camera) to image axes (y down, z away).
    let pairs: Vec<(Vector3<f64>, Vector3<f64>, f64)> = canonical::BASIS
        .iter()
        .map(|&(id, [x, y, z], weight)| {
            (Vector3::new(x, -y, -z), Vector3::from(mesh.xyz(id)), weight)
        })
        .collect();
    let total: f64 = pairs.iter().map(|(_, _, w)| w).sum();
    let model_centre = pairs.iter().map(|(m, _, w)| m * *w).sum::<Vector3<f64>>() / total;
    let observed_centre = pairs.iter().map(|(_, o, w)| o * *w).sum::<Vector3<f64>>() / total;
    let covariance: Matrix3<f64> = pairs
        .iter()
        .map(|(m, o, w)| (m - model_centre) * (o - observed_centre).transpose() * *w)
        .sum();
    if !covariance.iter().all(|v| v.is_finite()) {
        return None;
    }
    let svd = covariance.svd(true, true);
    // Points on a line (rank below 2) leave the rotation undetermined.
    let values = svd.singular_values;
    if values.iter().filter(|v| **v > values.max() * 1e-9).count() < 2 {
        return None;
    }
    let (u, v) = (svd.u?, svd.v_t?.transpose());
    // A reflection is not a pose: flip the axis the points fix least.
    let handedness = (v * u.transpose()).determinant().signum();
    let mut fix = Vector3::repeat(1.0);
    fix[values.imin()] = handedness;
    Some(v * Matrix3::from_diagonal(&fix) * u.transpose())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use nalgebra::Rotation3;

    /// Mesh points whose pose points are the canonical face turned by `rotation`, scaled to
    /// pixels and moved into the image (every other point at the origin: the fit does not read
    /// them).
    fn posed_points(rotation: Rotation3<f64>) -> Vec<[f32; 3]> {
        let mut points = vec![[0.0f32; 3]; photorules_vision::mesh::POINT_COUNT];
        for &(id, [x, y, z], _) in &canonical::BASIS {
            let p = rotation * Vector3::new(x, -y, -z) * 9.0 + Vector3::new(400.0, 500.0, 0.0);
            points[id] = [p.x as f32, p.y as f32, p.z as f32];
        }
        points
    }

    fn pose_of(points: &[[f32; 3]]) -> Option<(f64, f64)> {
        yaw_pitch(&Mesh::from_points(points).unwrap())
    }

    fn turned(yaw_deg: f64, pitch_deg: f64) -> Rotation3<f64> {
        // About the image's y axis by −yaw (towards its right), then about x by −pitch (chin up).
        Rotation3::from_axis_angle(&Vector3::y_axis(), -yaw_deg.to_radians())
            * Rotation3::from_axis_angle(&Vector3::x_axis(), -pitch_deg.to_radians())
    }

    #[test]
    fn a_turned_canonical_face_reads_its_turn() {
        for (yaw, pitch) in [
            (0.0, 0.0),
            (20.0, 0.0),
            (-35.0, 0.0),
            (0.0, 12.0),
            (0.0, -8.0),
        ] {
            let (got_yaw, got_pitch) = pose_of(&posed_points(turned(yaw, pitch))).unwrap();
            assert!((got_yaw - yaw).abs() < 0.01, "yaw {yaw}: {got_yaw}");
            // The zero calibrates the mesh network's lean, which the exact model has not.
            let want_pitch = pitch - PITCH_ZERO_DEG;
            assert!(
                (got_pitch - want_pitch).abs() < 0.01,
                "pitch {pitch}: {got_pitch}"
            );
        }
    }

    #[test]
    fn an_open_mouth_does_not_read_as_a_nod() {
        // The chin and lips are not fitted: moving them leaves the pose where it was.
        let mut points = posed_points(turned(0.0, 0.0));
        let closed = pose_of(&points).unwrap();
        for id in [photorules_vision::mesh::CHIN, 14, 17] {
            points[id][1] += 40.0;
        }
        assert_eq!(pose_of(&points), Some(closed));
    }

    #[test]
    fn points_that_fix_no_rotation_give_no_pose() {
        let points = vec![[3.0f32, 4.0, 5.0]; photorules_vision::mesh::POINT_COUNT];
        assert_eq!(pose_of(&points), None);
    }
}
