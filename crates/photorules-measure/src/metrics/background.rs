//! background.*: colour statistics of regions beside and above the head (or, in a frame too
//! tight for them, of the background the person segmentation finds: `silhouette`), and the
//! colour model the crown and shoulder searches tell background from person with.

mod silhouette;

use image::RgbImage;
use photorules_core::{Metrics, Unit};

use crate::colour::{Lab, delta_e_2000, lab_from_srgb, lab_from_srgb_f32};
use crate::geometry::Geometry;
use crate::raster::{Rect, percentile, sobel_magnitude};
use crate::scene::Scene;
use crate::thresholds::{
    BACKGROUND_CLUSTER_DELTA, BACKGROUND_MATCH_DELTA, HAIR_SIDE_MARGIN, HEAD_DISTINCT_DELTA,
    TEXTURE_EDGE_STRENGTH,
};

/// Background regions closer than this many face widths to the head count as "next to the
/// head" for `background.shadow`.
const NEAR_HEAD: f64 = 0.35;
/// Space left between the crown and the top sample region, in face widths.
const CROWN_MARGIN: f64 = 0.06;
/// A cluster holding fewer than this share of blocks is noise, not background.
const MIN_CLUSTER_SHARE: f64 = 0.03;

/// One block of a sample region: its centre (measurement-copy px) and mean colour.
#[derive(Debug, Clone, Copy)]
struct Block {
    centre: [f64; 2],
    lab: Lab,
}

/// The background's colours: clusters of block means.
#[derive(Debug, Clone)]
pub struct BackgroundModel {
    clusters: Vec<Cluster>,
}

#[derive(Debug, Clone, Copy)]
struct Cluster {
    lab: Lab,
    /// Square of the largest ΔE*ab from `lab` at which a pixel still matches: the match
    /// distance widened by the cluster's own spread. Kept squared because the crown and
    /// shoulder walks test thousands of pixels against every cluster, and a square root per
    /// test was a quarter of the crown's time.
    match_limit_squared: f64,
}

impl Cluster {
    fn new(lab: Lab, spread: f64) -> Cluster {
        let limit = BACKGROUND_MATCH_DELTA + spread.min(BACKGROUND_MATCH_DELTA);
        Cluster {
            lab,
            match_limit_squared: limit * limit,
        }
    }
}

fn delta_e_76(a: Lab, b: Lab) -> f64 {
    delta_e_76_squared(a, b).sqrt()
}

fn delta_e_76_squared(a: Lab, b: Lab) -> f64 {
    (a.l - b.l).powi(2) + (a.a - b.a).powi(2) + (a.b - b.b).powi(2)
}

impl BackgroundModel {
    fn from_blocks(blocks: &[Block]) -> Option<BackgroundModel> {
        let mut clusters: Vec<(Lab, Vec<Lab>)> = Vec::new();
        for block in blocks {
            match clusters
                .iter_mut()
                .find(|(centre, _)| delta_e_76(*centre, block.lab) <= BACKGROUND_CLUSTER_DELTA)
            {
                Some((_, members)) => members.push(block.lab),
                None => clusters.push((block.lab, vec![block.lab])),
            }
        }
        let min_count = ((blocks.len() as f64 * MIN_CLUSTER_SHARE).ceil() as usize).max(1);
        let clusters: Vec<Cluster> = clusters
            .into_iter()
            .filter(|(_, members)| members.len() >= min_count)
            .map(|(_, members)| {
                let lab = mean_lab(&members);
                let spread = members
                    .iter()
                    .map(|m| delta_e_76(*m, lab))
                    .fold(0.0, f64::max);
                Cluster::new(lab, spread)
            })
            .collect();
        (!clusters.is_empty()).then_some(BackgroundModel { clusters })
    }

    /// Whether the background is one colour (shading of it allowed): every cluster within
    /// twice the clustering distance of every other.
    pub fn is_plain(&self) -> bool {
        self.clusters.iter().all(|a| {
            self.clusters
                .iter()
                .all(|b| delta_e_76(a.lab, b.lab) <= 2.0 * BACKGROUND_CLUSTER_DELTA)
        })
    }

    /// Whether a pixel's colour belongs to the background.
    pub fn matches(&self, rgb: [u8; 3]) -> bool {
        let lab = lab_from_srgb(rgb);
        self.clusters
            .iter()
            .any(|c| delta_e_76_squared(c.lab, lab) <= c.match_limit_squared)
    }
}

fn mean_lab(labs: &[Lab]) -> Lab {
    let n = labs.len().max(1) as f64;
    let sum = labs.iter().fold(Lab::default(), |acc, l| {
        Lab::new(acc.l + l.l, acc.a + l.a, acc.b + l.b)
    });
    Lab::new(sum.l / n, sum.a / n, sum.b / n)
}

/// Block side for the measurement copy: about 1/80 of its longer side, at least 3 px.
fn block_side(image: &RgbImage) -> u32 {
    (image.width().max(image.height()) / 80).max(3)
}

/// Mean colours of the blocks tiling `regions` (measurement-copy px).
fn blocks(image: &RgbImage, regions: &[Rect]) -> Vec<Block> {
    let side = block_side(image);
    let mut out = Vec::new();
    for region in regions {
        let (x0, y0, x1, y1) = region.pixel_bounds(image.width(), image.height());
        let mut y = y0;
        while y + side <= y1 {
            let mut x = x0;
            while x + side <= x1 {
                let mut sum = [0u32; 3];
                for yy in y..y + side {
                    for xx in x..x + side {
                        let p = image.get_pixel(xx, yy).0;
                        for c in 0..3 {
                            sum[c] += u32::from(p[c]);
                        }
                    }
                }
                let n = (side * side) as f32;
                out.push(Block {
                    centre: [
                        f64::from(x) + f64::from(side) / 2.0,
                        f64::from(y) + f64::from(side) / 2.0,
                    ],
                    lab: lab_from_srgb_f32(sum.map(|s| s as f32 / n)),
                });
                x += side;
            }
            y += side;
        }
    }
    out
}

/// The head's extent on the measurement copy that sample regions keep away from.
struct HeadSpace {
    outline_left: f64,
    outline_right: f64,
    face_width: f64,
    forehead_y: f64,
    eye_y: f64,
}

impl HeadSpace {
    fn of(scene: &Scene) -> HeadSpace {
        let mesh = &scene.work_mesh;
        let (outline_left, outline_right) = mesh.outline_x_range();
        let eyes = [mesh.right_eye_centre(), mesh.left_eye_centre()];
        HeadSpace {
            outline_left,
            outline_right,
            face_width: outline_right - outline_left,
            forehead_y: mesh.xy(photorules_vision::mesh::FOREHEAD_TOP)[1],
            eye_y: (eyes[0][1] + eyes[1][1]) / 2.0,
        }
    }

    /// Side regions beside the head, from `top` down to the eye line.
    fn sides(&self, top: f64, image_width: f64) -> [Rect; 2] {
        let margin = HAIR_SIDE_MARGIN * self.face_width;
        [
            Rect::new(0.0, top, self.outline_left - margin, self.eye_y),
            Rect::new(self.outline_right + margin, top, image_width, self.eye_y),
        ]
    }
}

/// Regions for the first background model, before the crown is known: beside the head from
/// a face width above the forehead, and above where any crown could be.
fn preliminary_regions(scene: &Scene) -> Vec<Rect> {
    let head = HeadSpace::of(scene);
    let (w, h) = (
        f64::from(scene.work.width()),
        f64::from(scene.work.height()),
    );
    let mut regions: Vec<Rect> = head
        .sides((head.forehead_y - head.face_width).max(0.0), w)
        .to_vec();
    regions.push(Rect::new(
        0.0,
        0.0,
        w,
        head.forehead_y - 0.9 * head.face_width,
    ));
    regions
        .into_iter()
        .map(|r| r.clip(scene.work.width(), h as u32))
        .filter(|r| !r.is_empty())
        .collect()
}

/// The background model from the preliminary regions and the strip along the top edge above
/// the head; `None` when no background is visible.
///
/// The strip matters when what is straight above the head differs from what is beside it (a
/// window behind the head, curtains at the sides). It could be hair where the head runs into
/// the top edge, so only its blocks unlike the head just above the forehead (hair, hat or
/// skin) are taken.
pub fn preliminary_model(scene: &Scene) -> Option<BackgroundModel> {
    let beside = BackgroundModel::from_blocks(&blocks(scene.work, &preliminary_regions(scene)));
    let head = HeadSpace::of(scene);
    let margin = HAIR_SIDE_MARGIN * head.face_width;
    // Clustered on its own: its few blocks would be dropped as noise among the many beside
    // the head.
    let above = above_head_model(
        scene,
        head.outline_left - margin,
        head.outline_right + margin,
    );
    match (beside, above) {
        (Some(mut model), Some(above)) => {
            model.clusters.extend(above.clusters);
            Some(model)
        }
        (beside, above) => beside.or(above),
    }
}

/// The colours along the top edge between columns `left` and `right` (measurement-copy px):
/// what is straight above the head. Blocks like the colour just above the forehead are left
/// out (they are the head itself where it runs into the top edge); `None` when nothing is
/// left or the forehead is too close to the top for a strip.
pub fn above_head_model(scene: &Scene, left: f64, right: f64) -> Option<BackgroundModel> {
    let head = head_sample(scene)?;
    let strip: Vec<Block> = blocks(scene.work, &top_strip(scene, left, right))
        .into_iter()
        .filter(|b| delta_e_76(b.lab, head) > HEAD_DISTINCT_DELTA)
        .collect();
    BackgroundModel::from_blocks(&strip)
}

/// Mean colour just above the forehead top of the mesh: hair, a hat or the skin of a high
/// forehead; what the top strip must not look like.
fn head_sample(scene: &Scene) -> Option<Lab> {
    let head = HeadSpace::of(scene);
    let forehead = scene.work_mesh.xy(photorules_vision::mesh::FOREHEAD_TOP);
    let region = Rect::new(
        forehead[0] - 0.15 * head.face_width,
        head.forehead_y - 0.12 * head.face_width,
        forehead[0] + 0.15 * head.face_width,
        head.forehead_y - 0.02 * head.face_width,
    )
    .clip(scene.work.width(), scene.work.height());
    let samples = blocks(scene.work, &[region]);
    (!samples.is_empty()).then(|| mean_lab(&samples.iter().map(|b| b.lab).collect::<Vec<_>>()))
}

/// A strip two blocks high along the top edge between columns `left` and `right`; empty when
/// the forehead is so close to the top that the strip would reach it.
fn top_strip(scene: &Scene, left: f64, right: f64) -> Vec<Rect> {
    let head = HeadSpace::of(scene);
    let side = f64::from(block_side(scene.work));
    if head.forehead_y < 2.0 * side + 0.1 * head.face_width {
        return Vec::new();
    }
    let strip =
        Rect::new(left, 0.0, right, 2.0 * side).clip(scene.work.width(), scene.work.height());
    if strip.is_empty() {
        Vec::new()
    } else {
        vec![strip]
    }
}

/// Final sample regions (measurement-copy px): everything above the crown (less a margin) and
/// beside the head from the crown down to the eye line.
fn final_regions(scene: &Scene, crown_work_y: Option<f64>) -> Vec<Rect> {
    let head = HeadSpace::of(scene);
    let (w, h) = (scene.work.width(), scene.work.height());
    let top_of_head = crown_work_y.unwrap_or(head.forehead_y - 0.9 * head.face_width);
    let mut regions = vec![Rect::new(
        0.0,
        0.0,
        f64::from(w),
        top_of_head - CROWN_MARGIN * head.face_width,
    )];
    regions.extend(head.sides(top_of_head.max(0.0), f64::from(w)));
    regions
        .into_iter()
        .map(|r| r.clip(w, h))
        .filter(|r| !r.is_empty())
        .collect()
}

/// Fewer sample blocks than this are too few to judge a background by.
const MIN_SAMPLES: usize = 4;

/// Measure the background; `crown_y` in full-resolution px when found. `person` gives the
/// person segmentation of the measurement copy (see [`silhouette`]); it is asked only when the
/// regions beside and above the head hold too little background.
pub fn measure(
    scene: &Scene,
    crown_y: Option<f64>,
    person: impl FnOnce() -> Result<Vec<f32>, String>,
    metrics: &mut Metrics,
    geometry: &mut Geometry,
) {
    let crown_work = crown_y.map(|y| y / scene.scale);
    let mut regions = final_regions(scene, crown_work);
    let mut samples = blocks(scene.work, &regions);
    if samples.len() < MIN_SAMPLES {
        let side = block_side(scene.work);
        match person().and_then(|p| silhouette::background_rows(scene, &p, side)) {
            Ok(rows) => {
                regions = rows;
                samples = blocks(scene.work, &regions);
            }
            Err(reason) => {
                let reason = format!(
                    "too little background is visible beside or above the head to sample, and \
                     {reason}"
                );
                super::absent_all(metrics, NAMES, &reason);
                return;
            }
        }
    }
    geometry.background_regions = regions.iter().map(|r| r.scaled(scene.scale)).collect();
    if samples.len() < MIN_SAMPLES {
        let reason = "too little background is visible around the person to sample";
        super::absent_all(metrics, NAMES, reason);
        return;
    }
    let labs: Vec<Lab> = samples.iter().map(|b| b.lab).collect();
    let mean = mean_lab(&labs);
    colour_metrics(mean, metrics);
    let mut spread: Vec<f64> = labs.iter().map(|l| delta_e_2000(*l, mean)).collect();
    match percentile(&mut spread, 0.9) {
        Some(p90) => metrics.number("background.variation", p90, Unit::DeltaE),
        None => metrics.absent("background.variation", "no background samples"),
    }
    shadow(scene, crown_work, &samples, metrics);
    texture(scene, &regions, metrics);
}

const NAMES: &[&str] = &[
    "background.lightness",
    "background.lab_a",
    "background.lab_b",
    "background.delta_e_white",
    "background.delta_e_light_grey",
    "background.variation",
    "background.shadow",
    "background.texture",
];

/// The colour metrics of a background whose mean colour is `mean`: its CIELAB values and its
/// CIEDE2000 distance to white (L* 100) and to light grey (L* 85). Preparation predicts a new
/// plain background's metrics with this same function.
pub fn colour_metrics(mean: Lab, metrics: &mut Metrics) {
    metrics.number("background.lightness", mean.l, Unit::Lab);
    metrics.number("background.lab_a", mean.a, Unit::Lab);
    metrics.number("background.lab_b", mean.b, Unit::Lab);
    metrics.number(
        "background.delta_e_white",
        delta_e_2000(mean, Lab::new(100.0, 0.0, 0.0)),
        Unit::DeltaE,
    );
    metrics.number(
        "background.delta_e_light_grey",
        delta_e_2000(mean, Lab::new(85.0, 0.0, 0.0)),
        Unit::DeltaE,
    );
}

/// Mean L* far from the head minus mean L* next to it: positive when the background darkens
/// around the head (a cast shadow).
fn shadow(scene: &Scene, crown_work: Option<f64>, samples: &[Block], metrics: &mut Metrics) {
    let head = HeadSpace::of(scene);
    let near_limit = NEAR_HEAD * head.face_width + HAIR_SIDE_MARGIN * head.face_width;
    let top = crown_work.unwrap_or(head.forehead_y - 0.9 * head.face_width);
    let distance_to_head = |c: [f64; 2]| {
        if c[1] < top {
            // Above the head: vertical distance to the crown, or diagonal past its sides.
            let dx = (head.outline_left - c[0])
                .max(c[0] - head.outline_right)
                .max(0.0);
            (top - c[1]).hypot(dx)
        } else {
            (head.outline_left - c[0])
                .max(c[0] - head.outline_right)
                .max(0.0)
        }
    };
    let distances: Vec<f64> = samples.iter().map(|b| distance_to_head(b.centre)).collect();
    // A document photo's frame is tight: all its background may lie within `near_limit`.
    // "Further out" then means the outer half of the background the frame shows.
    let farthest = distances.iter().copied().fold(0.0, f64::max);
    let limit = if farthest > near_limit {
        near_limit
    } else {
        farthest / 2.0
    };
    let (mut near, mut far) = (Vec::new(), Vec::new());
    for (block, distance) in samples.iter().zip(&distances) {
        if *distance <= limit {
            near.push(block.lab.l);
        } else {
            far.push(block.lab.l);
        }
    }
    if near.is_empty() || far.is_empty() {
        metrics.absent(
            "background.shadow",
            "the background is not visible both next to the head and further out",
        );
        return;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    metrics.number("background.shadow", mean(&far) - mean(&near), Unit::Lab);
}

/// Share of background pixels on an edge.
fn texture(scene: &Scene, regions: &[Rect], metrics: &mut Metrics) {
    let grey = scene.work_grey;
    let (mut edges, mut total) = (0u64, 0u64);
    for region in regions {
        let (x0, y0, x1, y1) = region.pixel_bounds(grey.width(), grey.height());
        for y in y0.max(1)..y1.min(grey.height().saturating_sub(1)) {
            for x in x0.max(1)..x1.min(grey.width().saturating_sub(1)) {
                total += 1;
                if sobel_magnitude(grey, x, y) > TEXTURE_EDGE_STRENGTH {
                    edges += 1;
                }
            }
        }
    }
    if total == 0 {
        metrics.absent("background.texture", "no background pixels to examine");
    } else {
        metrics.number(
            "background.texture",
            edges as f64 / total as f64,
            Unit::Ratio,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_clusters_two_colours_and_matches_them() {
        let blue = Block {
            centre: [0.0, 0.0],
            lab: lab_from_srgb([40, 80, 200]),
        };
        let white = Block {
            centre: [0.0, 0.0],
            lab: lab_from_srgb([250, 250, 250]),
        };
        let blocks: Vec<Block> = (0..20)
            .map(|i| if i % 2 == 0 { blue } else { white })
            .collect();
        let model = BackgroundModel::from_blocks(&blocks);
        let model = model.as_ref();
        assert_eq!(model.map(|m| m.clusters.len()), Some(2));
        assert_eq!(model.map(|m| m.matches([245, 248, 250])), Some(true));
        assert_eq!(model.map(|m| m.matches([40, 30, 25])), Some(false));
    }
}
