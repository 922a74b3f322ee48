//! eyes.*: lid apertures, open, and hair or objects over the eyes.

use photorules_core::{Metrics, Unit};
use photorules_vision::mesh;

use crate::colour::lightness_from_srgb;
use crate::landmarks::{EyeLids, Lids, distance};
use crate::metrics::absent_all;
use crate::raster::PolygonMask;
use crate::scene::Scene;
use crate::thresholds::{
    EYE_OPEN_MIN_APERTURE, OCCLUSION_DARKER_BY, OCCLUSION_MAX_EYE_CONTRAST, OCCLUSION_MIN_SHARE,
};

/// Lid gap over eye width: the mean of three upper/lower lid pairs (1/4, 1/2 and 3/4 across)
/// over the corner-to-corner width.
fn aperture(lids: &Lids) -> f64 {
    let gap: f64 = (2..5)
        .map(|i| distance(lids.upper[i], lids.lower[i + 1]))
        .sum::<f64>()
        / 3.0;
    gap / distance(lids.lower[0], lids.lower[8]).max(1e-6)
}

/// `eyes.right_aperture`, `eyes.left_aperture` and `eyes.open` from the eye network's lid
/// margins, or absent with the reason they could not be placed.
pub fn measure_apertures(lids: Result<&EyeLids, &str>, metrics: &mut Metrics) {
    let lids = match lids {
        Ok(lids) => lids,
        Err(reason) => {
            absent_all(metrics, APERTURE_METRICS, reason);
            return;
        }
    };
    let right = aperture(&lids.right);
    let left = aperture(&lids.left);
    metrics.number("eyes.right_aperture", right, Unit::Ratio);
    metrics.number("eyes.left_aperture", left, Unit::Ratio);
    metrics.boolean(
        "eyes.open",
        right >= EYE_OPEN_MIN_APERTURE && left >= EYE_OPEN_MIN_APERTURE,
    );
}

/// What [`measure_apertures`] writes.
const APERTURE_METRICS: &[&str] = &["eyes.right_aperture", "eyes.left_aperture", "eyes.open"];

/// Cheek points (subject's right, left) whose surroundings are plain skin.
pub const CHEEKS: [usize; 2] = [50, 280];

/// L* of the skin: the mean of a disc around each cheek point (measurement copy), the lighter
/// of the two. The lighter, because whatever covers an eye often covers the cheek below it too
/// (a lock of hair, a hand): the mean of both cheeks then fell with the cover, and the cover
/// over the eye no longer read as darker than the skin (issue 17's hair-over-eye mutation).
pub fn cheek_lightness(scene: &Scene) -> Option<f64> {
    let mesh = &scene.work_mesh;
    let radius = 0.07 * mesh.face_width();
    let mut lightest: Option<f64> = None;
    for &index in &CHEEKS {
        let c = mesh.xy(index);
        let polygon: Vec<[f64; 2]> = (0..16)
            .map(|k| {
                let a = f64::from(k) * std::f64::consts::TAU / 16.0;
                [c[0] + radius * a.cos(), c[1] + radius * a.sin()]
            })
            .collect();
        let mask = PolygonMask::new(&polygon, scene.work.width(), scene.work.height());
        let values: Vec<f64> = lightness_in(scene, &mask).collect();
        if !values.is_empty() {
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            lightest = Some(lightest.map_or(mean, |l: f64| l.max(mean)));
        }
    }
    lightest
}

/// The skin band between an eyebrow's lower edge and the upper lid; hair or a hand over the
/// eye shows as much darker pixels there.
pub fn measure_occlusion(scene: &Scene, metrics: &mut Metrics) {
    let Some(skin) = cheek_lightness(scene) else {
        metrics.absent("eyes.occluded", "the cheeks are outside the image");
        return;
    };
    let mesh = &scene.work_mesh;
    // Lower edge of each eyebrow (last five of the ten brow points) and the upper lid.
    let bands = [
        (
            &mesh::RIGHT_EYEBROW[5..],
            &mesh::RIGHT_EYE_UPPER_LID,
            &mesh::RIGHT_EYE_CONTOUR,
        ),
        (
            &mesh::LEFT_EYEBROW[5..],
            &mesh::LEFT_EYE_UPPER_LID,
            &mesh::LEFT_EYE_CONTOUR,
        ),
    ];
    let mut examined = false;
    let mut covered = false;
    for (brow, lid, contour) in bands {
        let mut polygon = mesh.polygon(brow);
        // The lid runs the other way round so the polygon closes without crossing itself.
        let mut lid_points = mesh.polygon(lid);
        let brow_left_to_right = polygon.first().map(|p| p[0]) < polygon.last().map(|p| p[0]);
        let lid_left_to_right = lid_points.first().map(|p| p[0]) < lid_points.last().map(|p| p[0]);
        if brow_left_to_right == lid_left_to_right {
            lid_points.reverse();
        }
        polygon.extend(lid_points);
        let mask = PolygonMask::new(&polygon, scene.work.width(), scene.work.height());
        let total = mask.area();
        if total == 0 {
            continue;
        }
        let dark = lightness_in(scene, &mask)
            .filter(|&l| l < skin - OCCLUSION_DARKER_BY)
            .count();
        let share = dark as f64 / total as f64;
        examined = true;
        // The eye inside is looked at only when the band above it reads covered.
        covered |= share >= OCCLUSION_MIN_SHARE
            && eye_contrast(scene, contour).is_none_or(|c| c < OCCLUSION_MAX_EYE_CONTRAST);
    }
    if examined {
        metrics.boolean("eyes.occluded", covered);
    } else {
        metrics.absent(
            "eyes.occluded",
            "the skin above the eyes is too small to examine",
        );
    }
}

/// The spread of L* inside an eye's contour (its 90th percentile less its 10th): a visible
/// eye shows white beside iris, pupil and lashes; hair or a hand over it is much flatter.
/// `None` when the contour holds too few pixels to tell.
fn eye_contrast(scene: &Scene, contour: &[usize]) -> Option<f64> {
    let polygon = scene.work_mesh.polygon(contour);
    let mask = PolygonMask::new(&polygon, scene.work.width(), scene.work.height());
    let mut values: Vec<f64> = lightness_in(scene, &mask).collect();
    if values.len() < 20 {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    Some(at(0.9) - at(0.1))
}

/// L* of every pixel of the measurement copy inside `mask`.
fn lightness_in<'a>(scene: &'a Scene, mask: &'a PolygonMask) -> impl Iterator<Item = f64> + 'a {
    mask.pixels()
        .map(|(x, y)| lightness_from_srgb(scene.work.get_pixel(x, y).0))
}
