//! The built-in metrics. One entry per metric: name, kind/unit, axis, meaning, method.
//!
//! The measurement crate must produce every name listed here (a value, or an absence with the
//! reason); a test there enforces it. `docs/metrics.md` is generated from this list.

use super::{MetricKind, MetricSpec, Provider};
use crate::unit::{Axis, Unit};

struct Entry {
    name: &'static str,
    kind: MetricKind,
    axis: Option<Axis>,
    meaning: &'static str,
    method: &'static str,
}

const fn num(unit: Unit) -> MetricKind {
    MetricKind::Number { unit }
}
const BOOL: MetricKind = MetricKind::Bool;
const TEXT: MetricKind = MetricKind::Text;
const W: Option<Axis> = Some(Axis::Width);
const H: Option<Axis> = Some(Axis::Height);

macro_rules! entries {
    ($( $name:literal, $kind:expr, $axis:expr, $meaning:literal, $method:literal; )*) => {
        &[ $( Entry { name: $name, kind: $kind, axis: $axis, meaning: $meaning, method: $method }, )* ]
    };
}

const ENTRIES: &[Entry] = entries! {
    // ── image ──────────────────────────────────────────────────────────────────────────────
    "image.width_px", num(Unit::Px), None,
        "Width of the image after EXIF orientation is applied.", "Decoded image header.";
    "image.height_px", num(Unit::Px), None,
        "Height of the image after EXIF orientation is applied.", "Decoded image header.";
    "image.aspect", num(Unit::Ratio), None,
        "Width divided by height.", "image.width_px / image.height_px.";
    "image.dpi", num(Unit::Dpi), None,
        "Resolution stored in the file.", "JFIF density, EXIF XResolution or PNG pHYs; absent when the file stores none.";
    "image.bytes", num(Unit::Bytes), None,
        "Size of the file.", "Length of the input in bytes.";
    "image.format", TEXT, None,
        "File format: `jpeg`, `png` or `webp`.", "Detected from the file's magic bytes, not its name.";
    "image.colour", BOOL, None,
        "True for a colour photo, false for greyscale or near-greyscale.", "95th percentile CIELAB chroma of evenly spread pixels at least the threshold in docs/metrics.md; false for single-channel files.";
    "image.bit_depth", num(Unit::Count), None,
        "Bits per colour channel in the file.", "Decoder colour type.";
    // ── the applicant, as declared with the photo (nothing here is measured) ──────────────
    "applicant.age_years", num(Unit::Count), None,
        "The applicant's age in whole years, as declared with the photo: for children's exceptions (`require any { eyes.open is true; applicant.age_years < 1 }`, one per line).", "Declared with `check --age`, the API's `age` field, the page's age box or Python's `age=`; absent when not declared, so a rule that needs it is unknown, never passed.";
    // ── faces ──────────────────────────────────────────────────────────────────────────────
    "face.count", num(Unit::Count), None,
        "Number of faces found, including faces of people behind the subject.", "SeetaFace frontal detector on reduced copies: 160 px long side (faces ≥ 1/4 of the long side); 320 px (≥ 1/8) when that finds none or the background is not plain; when neither finds one, the 160 px copy in a mid-grey border of 1/4 of its long side on every side (a face too large for the frame, up to its edges), then 1200 px.";
    "face.confidence", num(Unit::Score), None,
        "Detector score of the main (largest) face.", "SeetaFace score s mapped to 0–1 as s / (s + 5); for a face only the BlazeFace network found (a turned face the cascade misses), the network's probability.";
    "face.box_left_px", num(Unit::Px), None,
        "Left edge of the main face box.", "Detector box scaled back to full resolution.";
    "face.box_top_px", num(Unit::Px), None,
        "Top edge of the main face box.", "Detector box scaled back to full resolution.";
    "face.box_width_px", num(Unit::Px), None,
        "Width of the main face box.", "Detector box scaled back to full resolution.";
    "face.box_height_px", num(Unit::Px), None,
        "Height of the main face box.", "Detector box scaled back to full resolution.";
    "face.inside_frame", BOOL, None,
        "False when the head (crown to chin, ear to ear) is cut by an image edge.", "Head extent from landmarks and crown search compared with the image bounds.";
    // ── geometry ───────────────────────────────────────────────────────────────────────────
    "head.chin_crown_ratio", num(Unit::Ratio), H,
        "Chin-to-crown height as a fraction of the image height.", "Chin from the face-mesh outline; crown where the head meets the background above the forehead.";
    "head.chin_crown_mm", num(Unit::Mm), None,
        "Chin-to-crown height on the print, at the profile's print size.", "head.chin_crown_ratio × print height; absent when no print size is known.";
    "head.width_ratio", num(Unit::Ratio), W,
        "Head width (widest face-outline span) as a fraction of the image width.", "Face-mesh outline extremes.";
    "head.centre_offset_ratio", num(Unit::Ratio), W,
        "Signed horizontal offset of the head centre from the image centre, as a fraction of the width (positive = right).", "Midpoint of the face-mesh outline extremes.";
    "head.top_margin_ratio", num(Unit::Ratio), H,
        "Space above the crown as a fraction of the image height.", "Crown row divided by the image height.";
    "eyes.line_height_ratio", num(Unit::Ratio), H,
        "Height of the eye line above the bottom edge, as a fraction of the image height.", "Mean row of the two eye centres.";
    "head.crown_y_px", num(Unit::Px), None,
        "Row of the crown (top of the head, hair included where it rises above the skull line).", "Column-wise search upward from the mesh forehead top for the first run of background-coloured pixels (colour clusters sampled beside and above the head); 10th percentile over the columns across the middle of the head.";
    "head.chin_y_px", num(Unit::Px), None,
        "Row of the chin.", "Lowest point of the face-mesh outline.";
    "eyes.left_x_px", num(Unit::Px), None,
        "Column of the centre of the subject's left eye (on the image's right).", "Mean of the face-mesh eye-contour points.";
    "eyes.left_y_px", num(Unit::Px), None,
        "Row of the centre of the subject's left eye.", "Mean of the face-mesh eye-contour points.";
    "eyes.right_x_px", num(Unit::Px), None,
        "Column of the centre of the subject's right eye (on the image's left).", "Mean of the face-mesh eye-contour points.";
    "eyes.right_y_px", num(Unit::Px), None,
        "Row of the centre of the subject's right eye.", "Mean of the face-mesh eye-contour points.";
    "eyes.distance_px", num(Unit::Px), None,
        "Distance between the eye centres.", "Face-mesh eye centres at full resolution.";
    // ── pose ───────────────────────────────────────────────────────────────────────────────
    "pose.roll_deg", num(Unit::Deg), None,
        "In-plane head tilt (positive = clockwise on the image).", "Angle of the line through the eye centres.";
    "pose.yaw_deg", num(Unit::Deg), None,
        "Head turn left/right (positive = subject turns to the image's right).", "Face-mesh 3-D points: the rotation that best lays MediaPipe's canonical face onto the 33 mesh points its own pose pipeline fits (eye corners, nose, cheekbones, brow, forehead, jaw corners; weighted Procrustes), and the canonical forward axis turned by it, about the vertical.";
    "pose.pitch_deg", num(Unit::Deg), None,
        "Head nod up/down (positive = chin up).", "Face-mesh 3-D points: the same fitted forward axis, turned about the horizontal, less `PITCH_ZERO_DEG` (the mesh's reading of faces labelled frontal). Lips and chin are not fitted, so an open mouth does not read as a nod.";
    "pose.shoulder_tilt_deg", num(Unit::Deg), None,
        "Tilt of the shoulder line against the horizontal.", "Silhouette edge against the background on each side below the chin; absent when shoulders are out of frame.";
    // ── eyes, mouth, expression ────────────────────────────────────────────────────────────
    "eyes.left_aperture", num(Unit::Ratio), None,
        "Opening of the subject's left eye: lid gap divided by eye width.", "Mean gap of three upper/lower lid-margin point pairs (1/4, 1/2, 3/4 across) over the corner-to-corner width; the lid margin comes from MediaPipe's iris model run on the eye alone (64 px crop placed by the face mesh), not from the face mesh, whose lids barely close with the eye.";
    "eyes.right_aperture", num(Unit::Ratio), None,
        "Opening of the subject's right eye: lid gap divided by eye width.", "Mean gap of three upper/lower lid-margin point pairs (1/4, 1/2, 3/4 across) over the corner-to-corner width; the lid margin comes from MediaPipe's iris model run on the eye alone (64 px crop placed by the face mesh), not from the face mesh, whose lids barely close with the eye.";
    "eyes.open", BOOL, None,
        "Both eyes open.", "Both apertures at least the open threshold documented in docs/metrics.md. On the blink test photos (spec-tests/photos/blink_open.png, blink_closed.png) the apertures read 0.35–0.37 open and 0.03–0.08 shut; a squint in a broad smile still reads open (0.19–0.21 on obama.jpg). In a check, absent (with the apertures) when the lenses plugin reads dark lenses: the lids it places are then on the lens (crates/photorules/src/unseen.rs).";
    "eyes.occluded", BOOL, None,
        "Hair or an object covers part of an eye.", "Share of the skin band between each eyebrow and upper lid that is far darker than the cheeks.";
    "mouth.aperture", num(Unit::Ratio), None,
        "Inner-lip gap divided by mouth width.", "Face-mesh inner-lip points 13/14 over the outer mouth corners 61/291.";
    "mouth.aperture_second", num(Unit::Ratio), None,
        "Inner-lip gap divided by mouth width, read by a second network.", "The same points (13/14 over 61/291) placed by MediaPipe's newer face mesh (its Face Landmarker's, trained with refined lip contours), run on the crop the first mesh settled on. It reads touching lips as touching where the first mesh parts them (a pout, a grimace, a closed smile), and sees teeth under a moustache the first mesh closes over. Not read (absent, with that reason) where the first mesh already reads the lips apart, since mouth.closed is then false either way.";
    "mouth.closed", BOOL, None,
        "Mouth closed.", "mouth.aperture and mouth.aperture_second each below its closed threshold: each network misses open mouths the other sees, so closed needs both. Absent when the first reads closed and the second could not be read.";
    "expression.smile", num(Unit::Ratio), None,
        "Lift of the mouth corners above the lip centre, as a fraction of mouth width.", "Face-mesh mouth corners against the middle of the inner lips, in the face's own upright frame.";
    "expression.smile_score", num(Unit::Score), None,
        "How strongly the face smiles, 0 (not at all) to 1.", "MediaPipe's blendshape network (from its Face Landmarker) on 146 face-mesh points and the two irises: the larger of its mouthSmileLeft and mouthSmileRight scores. It reads the whole face, so it sees smiles whose mouth corners stay low (a closed-lip smile, a smile under a moustache), which expression.smile misses.";
    "expression.teeth_visible", BOOL, None,
        "Teeth show between the lips.", "Pixels inside the inner-lip polygon much lighter and less chromatic than the lips themselves.";
    "expression.neutral", BOOL, None,
        "Neutral expression: no smile, mouth closed, no visible teeth.", "Combination of expression.smile, expression.smile_score, mouth.closed and expression.teeth_visible: false when any of them shows an expression; absent when none does but the smile score could not be read.";
    // ── glasses (glare, tinted lenses and red eye come from the shipped plugins) ──────────────
    "glasses.present", BOOL, None,
        "The subject wears glasses.", "A row of strong edges spanning the nose bridge between the eyes, where a frame's bridge runs, or lens rims under both eyes (glasses.rim_contrast). Absent when the bridge cannot be examined and no rim is seen.";
    "glasses.bridge_edges", num(Unit::Ratio), None,
        "Share of the nose bridge's most edged row that is strong edge, where a frame's bridge runs.", "Rows across the middle 60 % between the inner eye corners, from 0.6 of their gap above the eye line to 0.2 below; in each, the share of pixels whose Sobel magnitude passes GLASSES_EDGE_STRENGTH; the largest share. Absent when the gap is under 6 px or the region leaves the image.";
    "glasses.rim_contrast", num(Unit::Ratio), None,
        "How clearly a lens rim runs under the eye that shows less of one: the contrast of a thin line along the smoothest strong path round the lower half of the eye, over the skin's own texture there.", "29 rays below each eye's centre (20–160° from the eye line), radii 0.55–1.4 eye widths; at each point, how much darker or lighter it is than both points 0.07 eye widths (a metal rim) or 0.14 (a plastic frame) before and after it on the ray, the larger; the path across the rays moving at most 0.03 eye widths per ray that collects the most of it; its 25th percentile over the median magnitude of the whole fan plus 1. The smaller of the two eyes. Absent when an eye is under 8 px wide.";
    // ── background ─────────────────────────────────────────────────────────────────────────
    "background.lightness", num(Unit::Lab), None,
        "Mean CIELAB L* of the background.", "Sample regions beside and above the head, away from the silhouette; in a frame too tight for them, blocks the person segmentation finds confidently background, clear of the person.";
    "background.lab_a", num(Unit::Lab), None,
        "Mean CIELAB a* of the background.", "Same sample regions.";
    "background.lab_b", num(Unit::Lab), None,
        "Mean CIELAB b* of the background.", "Same sample regions.";
    "background.delta_e_white", num(Unit::DeltaE), None,
        "CIEDE2000 distance of the mean background colour from white (L* 100).", "Mean background Lab against (100, 0, 0).";
    "background.delta_e_light_grey", num(Unit::DeltaE), None,
        "CIEDE2000 distance of the mean background colour from light grey (L* 85).", "Mean background Lab against (85, 0, 0).";
    "background.variation", num(Unit::DeltaE), None,
        "Non-uniformity: 90th percentile CIEDE2000 distance of background samples from their mean.", "Per-block means of the sample regions.";
    "background.shadow", num(Unit::Lab), None,
        "Lightness drop of the background next to the head against the background further out.", "Mean L* of background blocks far from the head minus blocks near it.";
    "background.texture", num(Unit::Ratio), None,
        "Share of background sample pixels on an edge: pattern, objects or clutter.", "Sobel gradient magnitude above a threshold.";
    // ── light ──────────────────────────────────────────────────────────────────────────────
    "light.face_lightness", num(Unit::Lab), None,
        "Mean CIELAB L* of the face.", "Face-mesh face oval.";
    "light.underexposed_fraction", num(Unit::Ratio), None,
        "Share of face pixels crushed to black.", "Pixels with luma below 16/255 inside the face oval.";
    "light.overexposed_fraction", num(Unit::Ratio), None,
        "Share of face pixels blown to white.", "Pixels with luma above 250/255 inside the face oval.";
    "light.dynamic_range", num(Unit::Lab), None,
        "Spread of lightness over the face: 95th minus 5th percentile L*.", "Face-oval L* histogram.";
    "light.balance", num(Unit::Lab), None,
        "Left/right illumination difference: mean L* of the subject's left half of the face (image right) minus the right half.", "Face oval split at the nose line (bridge to chin).";
    "light.skin_natural", BOOL, None,
        "Skin colour lies within the natural skin-tone range.", "Mean CIELAB hue and chroma of two cheek discs within the ranges in docs/metrics.md.";
    // ── sharpness ──────────────────────────────────────────────────────────────────────────
    "face.sharpness", num(Unit::Score), None,
        "Focus of the face: how steep its sharpest edges are, 0–0.71 (0.5 for a perfect step, about 0.4 / σ for an edge blurred by σ px; higher is sharper).", "Inner face (eyebrows to mouth) from full resolution, reduced to at most 128 px wide (never enlarged); over pixels whose 7 × 7 window spans at least 25 grey levels, the central-difference gradient over that span; the 99th percentile.";
};

/// The built-in entries as catalogue specs.
pub(super) fn entries() -> impl Iterator<Item = MetricSpec> {
    ENTRIES.iter().map(|e| MetricSpec {
        name: e.name.to_string(),
        kind: e.kind,
        axis: e.axis,
        meaning: e.meaning.to_string(),
        method: e.method.to_string(),
        provider: Provider::Builtin,
    })
}
