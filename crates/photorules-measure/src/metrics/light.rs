//! light.*: exposure and evenness over the face oval, and the cheeks' skin colour.

use photorules_core::{Metrics, Unit};
use photorules_vision::mesh;

use super::eyes::CHEEKS;
use crate::colour::{Lab, lab_from_srgb, lightness_from_srgb, luma_u8};
use crate::raster::{PolygonMask, percentile};
use crate::scene::Scene;
use crate::thresholds::{
    OVEREXPOSED_LUMA, SKIN_CHROMA_MAX, SKIN_CHROMA_MIN, SKIN_HUE_MAX, SKIN_HUE_MIN,
    UNDEREXPOSED_LUMA,
};

pub fn measure(scene: &Scene, metrics: &mut Metrics) {
    let mesh = &scene.work_mesh;
    let mask = PolygonMask::new(
        &mesh.polygon(&mesh::FACE_OVAL),
        scene.work.width(),
        scene.work.height(),
    );
    if mask.area() < 16 {
        let reason = "the face oval is outside the image or too small";
        for name in [
            "light.face_lightness",
            "light.underexposed_fraction",
            "light.overexposed_fraction",
            "light.dynamic_range",
            "light.balance",
        ] {
            metrics.absent(name, reason);
        }
    } else {
        exposure(scene, &mask, metrics);
    }
    skin(scene, metrics);
}

fn exposure(scene: &Scene, mask: &PolygonMask, metrics: &mut Metrics) {
    let mesh = &scene.work_mesh;
    // The nose line (bridge → chin) splits the face into the subject's right and left halves.
    let top = mesh.xy(mesh::NOSE_BRIDGE);
    let bottom = mesh.xy(mesh::CHIN);
    let side =
        |x: f64, y: f64| (bottom[0] - top[0]) * (y - top[1]) - (bottom[1] - top[1]) * (x - top[0]);
    let mut lightness = Vec::with_capacity(mask.area() as usize);
    let (mut under, mut over) = (0usize, 0usize);
    let (mut left_sum, mut left_n, mut right_sum, mut right_n) = (0.0, 0.0, 0.0, 0.0);
    for (x, y) in mask.pixels() {
        let rgb = scene.work.get_pixel(x, y).0;
        let luma = f64::from(luma_u8(rgb));
        under += usize::from(luma < UNDEREXPOSED_LUMA);
        over += usize::from(luma > OVEREXPOSED_LUMA);
        let l = lightness_from_srgb(rgb);
        lightness.push(l);
        // Positive cross product: the image-left side of a downward line, the subject's right.
        if side(f64::from(x) + 0.5, f64::from(y) + 0.5) > 0.0 {
            right_sum += l;
            right_n += 1.0;
        } else {
            left_sum += l;
            left_n += 1.0;
        }
    }
    let n = lightness.len() as f64;
    metrics.number(
        "light.face_lightness",
        lightness.iter().sum::<f64>() / n,
        Unit::Lab,
    );
    metrics.number("light.underexposed_fraction", under as f64 / n, Unit::Ratio);
    metrics.number("light.overexposed_fraction", over as f64 / n, Unit::Ratio);
    let p95 = percentile(&mut lightness, 0.95);
    let p05 = percentile(&mut lightness, 0.05);
    match (p95, p05) {
        (Some(hi), Some(lo)) => metrics.number("light.dynamic_range", hi - lo, Unit::Lab),
        _ => metrics.absent("light.dynamic_range", "no face pixels"),
    }
    if left_n > 0.0 && right_n > 0.0 {
        metrics.number(
            "light.balance",
            left_sum / left_n - right_sum / right_n,
            Unit::Lab,
        );
    } else {
        metrics.absent("light.balance", "only one half of the face is in the image");
    }
}

/// Mean CIELAB of the cheek discs, and whether it lies in the natural skin range.
fn skin(scene: &Scene, metrics: &mut Metrics) {
    let mesh = &scene.work_mesh;
    let radius = 0.07 * mesh.face_width();
    let mut sum = Lab::default();
    let mut n = 0.0;
    for &index in &CHEEKS {
        let c = mesh.xy(index);
        let polygon: Vec<[f64; 2]> = (0..16)
            .map(|k| {
                let a = f64::from(k) * std::f64::consts::TAU / 16.0;
                [c[0] + radius * a.cos(), c[1] + radius * a.sin()]
            })
            .collect();
        for (x, y) in PolygonMask::new(&polygon, scene.work.width(), scene.work.height()).pixels() {
            let lab = lab_from_srgb(scene.work.get_pixel(x, y).0);
            sum = Lab::new(sum.l + lab.l, sum.a + lab.a, sum.b + lab.b);
            n += 1.0;
        }
    }
    if n == 0.0 {
        metrics.absent("light.skin_natural", "the cheeks are outside the image");
        return;
    }
    let mean = Lab::new(sum.l / n, sum.a / n, sum.b / n);
    let (hue, chroma) = (mean.hue_deg(), mean.chroma());
    metrics.boolean(
        "light.skin_natural",
        (SKIN_HUE_MIN..=SKIN_HUE_MAX).contains(&hue)
            && (SKIN_CHROMA_MIN..=SKIN_CHROMA_MAX).contains(&chroma),
    );
}
