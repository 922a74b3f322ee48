//! pose.roll/yaw/pitch: head orientation from the face mesh.
//!
//! Roll is the angle of the eye line on the image. Yaw and pitch come from the mesh's 3-D
//! points: the face's own x axis (outer corner of the right eye → outer corner of the left
//! eye) and y axis (forehead top → chin) span the face plane; the face looks along their
//! cross product. Image axes: x right, y down, z away from the camera.

use photorules_core::{Metrics, Unit};
use photorules_vision::mesh;

use crate::landmarks::Mesh;
use crate::thresholds::PITCH_ZERO_DEG;

pub fn measure(mesh: &Mesh, metrics: &mut Metrics) {
    metrics.number("pose.roll_deg", mesh.eye_line_angle_deg(), Unit::Deg);
    let (yaw, pitch) = yaw_pitch(mesh);
    metrics.number("pose.yaw_deg", yaw, Unit::Deg);
    metrics.number("pose.pitch_deg", pitch, Unit::Deg);
}

fn sub(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

/// `(yaw, pitch)` in degrees: yaw positive when the face turns towards the image's right,
/// pitch positive chin up.
pub fn yaw_pitch(mesh: &Mesh) -> (f64, f64) {
    let x_axis = sub(
        mesh.xyz(mesh::LEFT_EYE_OUTER_CORNER),
        mesh.xyz(mesh::RIGHT_EYE_OUTER_CORNER),
    );
    let y_axis = sub(mesh.xyz(mesh::CHIN), mesh.xyz(mesh::FOREHEAD_TOP));
    // Towards the camera: y × x (for a frontal face x = (1,0,0), y = (0,1,0) → (0,0,-1)).
    let forward = cross(y_axis, x_axis);
    let yaw = forward[0].atan2(-forward[2]).to_degrees();
    // The forehead top sits further back than the chin in the mesh's canonical face, so the
    // raw angle of a frontal face is not 0: calibrated on frontal portraits.
    let pitch = (-forward[1]).atan2(-forward[2]).to_degrees() - PITCH_ZERO_DEG;
    (yaw, pitch)
}
