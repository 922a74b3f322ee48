//! mouth.* and expression.*: lip gap, corner lift, visible teeth and the blendshape network's
//! smile score.

use photorules_core::{Metrics, Unit};
use photorules_vision::{Blendshapes, Lips, mesh};

use crate::colour::lab_from_srgb;
use crate::landmarks::{Mesh, distance};
use crate::raster::PolygonMask;
use crate::scene::Scene;
use crate::thresholds::{
    MOUTH_CLOSED_MAX_APERTURE, MOUTH_CLOSED_MAX_SECOND_APERTURE, SMILE_MIN_LIFT, SMILE_MIN_SCORE,
    TEETH_MIN_LIGHTNESS_ABOVE_LIPS, TEETH_MIN_SHARE,
};

/// Why `mouth.aperture_second` is absent where the first mesh reads the lips apart.
pub const SECOND_READING_NOT_NEEDED: &str =
    "not read: the first mesh reads the lips apart, which already makes mouth.closed false";

/// The mouth's corners and the distance between them (never zero, since it divides).
fn mouth_corners(mesh: &Mesh) -> ([[f64; 2]; 2], f64) {
    let corners = mesh::MOUTH_CORNERS.map(|i| mesh.xy(i));
    (corners, distance(corners[0], corners[1]).max(1e-6))
}

/// The first mesh's inner-lip gap over the mouth width (`mouth.aperture`).
fn first_mesh_aperture(mesh: &Mesh, mouth_width: f64) -> f64 {
    let gap = distance(
        mesh.xy(mesh::UPPER_LIP_INNER),
        mesh.xy(mesh::LOWER_LIP_INNER),
    );
    gap / mouth_width
}

/// Whether the first mesh reads the lips together: only then does `mouth.closed` need the
/// second reading.
pub fn first_mesh_reads_closed(mesh: &Mesh) -> bool {
    first_mesh_aperture(mesh, mouth_corners(mesh).1) < MOUTH_CLOSED_MAX_APERTURE
}

pub fn measure(
    scene: &Scene,
    expression: Result<&Blendshapes, &str>,
    lips: Result<&Lips, &str>,
    metrics: &mut Metrics,
) {
    let mesh = scene.mesh;
    let (corners, width) = mouth_corners(mesh);
    let aperture = first_mesh_aperture(mesh, width);
    let closed = aperture < MOUTH_CLOSED_MAX_APERTURE;
    metrics.number("mouth.aperture", aperture, Unit::Ratio);
    let second = lips.and_then(|lips| {
        lips.aperture()
            .map(f64::from)
            .ok_or("the second mesh placed both mouth corners on one point")
    });
    match second {
        Ok(second) => {
            metrics.number("mouth.aperture_second", second, Unit::Ratio);
            // Each network misses some open mouths the other sees (docs/accuracy.md,
            // "Mouth"): the lips are closed only when both read them together.
            metrics.boolean(
                "mouth.closed",
                closed && second < MOUTH_CLOSED_MAX_SECOND_APERTURE,
            );
        }
        Err(reason) => {
            metrics.absent("mouth.aperture_second", reason);
            // One reading of "open" is enough to say so; "closed" needs both.
            if closed {
                metrics.absent("mouth.closed", reason);
            } else {
                metrics.boolean("mouth.closed", false);
            }
        }
    }

    // Corner lift in the face's own frame (so a tilted head does not read as a smile): how far
    // the corners sit above the middle of the lips, over the mouth width.
    let centre = mesh.to_face_frame(crate::landmarks::midpoint(
        mesh.xy(mesh::UPPER_LIP_INNER),
        mesh.xy(mesh::LOWER_LIP_INNER),
    ));
    let corner_y = corners
        .iter()
        .map(|c| mesh.to_face_frame(*c)[1])
        .sum::<f64>()
        / 2.0;
    let smile = (centre[1] - corner_y) / width;
    metrics.number("expression.smile", smile, Unit::Ratio);

    let smile_score = expression.map(|scores| f64::from(scores.smile()));
    match smile_score {
        Ok(score) => metrics.number("expression.smile_score", score, Unit::Score),
        Err(reason) => metrics.absent("expression.smile_score", reason),
    }

    let teeth = teeth_visible(scene, width / scene.scale);
    match teeth {
        Some(teeth) => {
            metrics.boolean("expression.teeth_visible", teeth);
            let shows_expression = !closed || teeth || smile >= SMILE_MIN_LIFT;
            match smile_score {
                Ok(score) => metrics.boolean(
                    "expression.neutral",
                    !shows_expression && score < SMILE_MIN_SCORE,
                ),
                // What the mesh alone shows is enough to say "not neutral"; it is not enough
                // to say "neutral", since it misses smiles whose corners stay low.
                Err(_) if shows_expression => metrics.boolean("expression.neutral", false),
                Err(reason) => metrics.absent("expression.neutral", reason),
            }
        }
        None => {
            let reason = "the lips are outside the image";
            metrics.absent("expression.teeth_visible", reason);
            metrics.absent("expression.neutral", reason);
        }
    }
}

/// Bright, low-chroma pixels between the inner lips, against the lips' own colour.
fn teeth_visible(scene: &Scene, mouth_width_work: f64) -> Option<bool> {
    let mesh = &scene.work_mesh;
    let (w, h) = (scene.work.width(), scene.work.height());
    let lips = PolygonMask::new(&mesh.polygon(&mesh::LIPS_OUTER), w, h);
    if lips.area() == 0 {
        return None;
    }
    let inner = PolygonMask::new(&mesh.polygon(&mesh::LIPS_INNER), w, h);
    let inner_pixels: std::collections::HashSet<(u32, u32)> = inner.pixels().collect();
    let (mut l_sum, mut c_sum, mut n) = (0.0, 0.0, 0.0);
    for (x, y) in lips.pixels().filter(|p| !inner_pixels.contains(p)) {
        let lab = lab_from_srgb(scene.work.get_pixel(x, y).0);
        l_sum += lab.l;
        c_sum += lab.chroma();
        n += 1.0;
    }
    if n == 0.0 {
        return None;
    }
    let (lip_l, lip_c) = (l_sum / n, c_sum / n);
    let teeth = inner_pixels
        .iter()
        .filter(|&&(x, y)| {
            let lab = lab_from_srgb(scene.work.get_pixel(x, y).0);
            lab.l > lip_l + TEETH_MIN_LIGHTNESS_ABOVE_LIPS && lab.chroma() < lip_c
        })
        .count();
    Some(teeth as f64 >= TEETH_MIN_SHARE * mouth_width_work * mouth_width_work)
}
