//! Where things were found: what the annotated picture draws and what a person checks.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::raster::Rect;

/// Positions (full-resolution pixels of the oriented image) behind the metrics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Geometry {
    /// Every detected face box, the main (largest) one first.
    pub faces: Vec<Rect>,
    /// The 468 face-mesh points of the main face (x, y).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub landmarks: Vec<[f64; 2]>,
    /// Lid margins from the eye network, each a closed ring of 16 points: the subject's right
    /// eye, then the left; empty when the eyelids could not be placed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eyelids: Vec<Vec<[f64; 2]>>,
    /// Row of the crown, when found.
    pub crown_y: Option<f64>,
    /// Row of the chin.
    pub chin_y: Option<f64>,
    /// Columns of the face-outline extremes (left, right).
    pub head_x: Option<[f64; 2]>,
    /// Eye centres: the subject's right eye (image left), then the left eye.
    pub eyes: Option<[[f64; 2]; 2]>,
    /// Regions the background was sampled in.
    pub background_regions: Vec<Rect>,
    /// Points of the shoulder line found on each side (image left, image right).
    pub shoulders: Option<[[f64; 2]; 2]>,
}

impl Geometry {
    /// Every position multiplied by `factor` (e.g. reduced-decode px → file px).
    pub fn scaled(&self, factor: f64) -> Geometry {
        let point = |p: &[f64; 2]| [p[0] * factor, p[1] * factor];
        Geometry {
            faces: self.faces.iter().map(|r| r.scaled(factor)).collect(),
            landmarks: self.landmarks.iter().map(point).collect(),
            eyelids: self
                .eyelids
                .iter()
                .map(|ring| ring.iter().map(point).collect())
                .collect(),
            crown_y: self.crown_y.map(|y| y * factor),
            chin_y: self.chin_y.map(|y| y * factor),
            head_x: self.head_x.map(|[a, b]| [a * factor, b * factor]),
            eyes: self.eyes.map(|[a, b]| [point(&a), point(&b)]),
            background_regions: self
                .background_regions
                .iter()
                .map(|r| r.scaled(factor))
                .collect(),
            shoulders: self.shoulders.map(|[a, b]| [point(&a), point(&b)]),
        }
    }
}
