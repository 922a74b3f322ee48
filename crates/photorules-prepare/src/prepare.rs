//! The whole preparation of one photo: check the source, refuse what cannot be fixed, plan the
//! crop, render it, replace the background when needed, encode within the format's limits,
//! then measure and check the prepared file with the same profile.

pub mod preflight;
pub mod summary;

use std::sync::OnceLock;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;
use photorules_core::ir::CompiledProfile;
use photorules_core::{Metrics, Unit};
use photorules_engine::{Decision, ImageRecord, Language, Report, RunContext, Verdict};
use photorules_measure::Measurement;
use serde::Serialize;

use crate::background;
use crate::encode::{self, FileType};
use crate::error::PrepareError;
use crate::plan::{self, Bands, CropPlan, Edges, FaceGeometry, NoRoom, Predicted};
use crate::render;
use crate::segment::Segmenter;
use crate::target::{self, Target};
use preflight::Reason;
use summary::{BackgroundSummary, FileSummary, Outcome, PlanSummary, Preparation, SourceSummary};

/// A photo measured and checked against a profile.
#[derive(Debug, Clone)]
pub struct Checked {
    pub report: Report,
    pub measurement: Measurement,
}

/// Measures and checks photos exactly as `photorules check` does (measurement plus the
/// plugins the profile reads), so that the prepared photo is judged as it will be judged later.
pub trait Checker: Sync {
    /// Check a photo's `bytes`; `name` is the file name to record. The error is a message for
    /// a person (the photo is unreadable, corrupt, too large…).
    fn check(
        &self,
        profile: &CompiledProfile,
        bytes: &[u8],
        name: Option<&str>,
        language: Option<Language>,
    ) -> Result<Checked, String>;
}

/// Whether to replace the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackgroundPolicy {
    /// When the source's background fails (or cannot be checked against) the profile's
    /// background rules, or when the crop reaches beyond the photo's edge.
    #[default]
    Auto,
    Always,
    /// Never; the crop then stays inside the photo.
    Never,
}

/// How to prepare.
#[derive(Debug, Clone, PartialEq)]
pub struct PrepareOptions {
    /// The profile format to prepare for (`print`, `digital`…); the `digital` one, else the
    /// first, when `None`.
    pub format: Option<String>,
    pub file_type: FileType,
    pub background: BackgroundPolicy,
    /// File names recorded in the reports.
    pub source_name: Option<String>,
    pub output_name: Option<String>,
    /// The language of the reports (`None`: the profile's first, else English).
    pub language: Option<Language>,
}

impl PrepareOptions {
    pub fn new(file_type: FileType) -> PrepareOptions {
        PrepareOptions {
            format: None,
            file_type,
            background: BackgroundPolicy::Auto,
            source_name: None,
            output_name: None,
            language: None,
        }
    }
}

/// A prepared photo file.
#[derive(Debug, Clone)]
pub struct PreparedFile {
    pub bytes: Vec<u8>,
    pub image: RgbImage,
    pub target: Target,
}

/// The result of preparing one photo.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub outcome: Outcome,
    /// The photo, unless it was refused or could not be planned.
    pub file: Option<PreparedFile>,
    /// The check of the prepared photo; of the source when there is no prepared photo.
    pub report: Report,
    pub preparation: Preparation,
}

impl Prepared {
    /// The prepared photo when it may be handed out: accepted, or undetermined (a rule could
    /// not be judged, which the report says); never when refused or still rejected.
    pub fn usable_file(&self) -> Option<&PreparedFile> {
        match (self.outcome, &self.file) {
            (Outcome::Accepted | Outcome::Undetermined, Some(file)) => Some(file),
            _ => None,
        }
    }

    /// What `FILE.report.json` holds.
    pub fn report_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(&summary::PrepareReport {
            check: &self.report,
            preparation: &self.preparation,
        })
    }
}

/// Holds the segmentation model (loaded on first use); `Send + Sync`, build once and share.
#[derive(Debug, Default)]
pub struct Preparer {
    segmenter: OnceLock<Result<Segmenter, String>>,
}

/// Long side of the copy the source's edges are segmented on (only to tell whether an edge of
/// the photo is background and may be padded).
const EDGE_CHECK_SIDE: u32 = 512;

impl Preparer {
    pub fn new() -> Preparer {
        Preparer::default()
    }

    fn segmenter(&self) -> Result<&Segmenter, PrepareError> {
        self.segmenter
            .get_or_init(|| Segmenter::new().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| PrepareError::SegmentationModel(e.clone()))
    }

    /// Prepare `bytes` (a portrait) for `profile`.
    pub fn prepare(
        &self,
        checker: &dyn Checker,
        profile: &CompiledProfile,
        bytes: &[u8],
        options: &PrepareOptions,
    ) -> Result<Prepared, PrepareError> {
        let format = target::pick_format(profile, options.format.as_deref())?;
        let target = target::target(profile, format, options.file_type)?;
        let source = checker
            .check(
                profile,
                bytes,
                options.source_name.as_deref(),
                options.language,
            )
            .map_err(PrepareError::Source)?;
        let bands = Bands::from_profile(profile);
        let mut run = Run {
            preparation: Preparation {
                outcome: Outcome::Refused,
                message: String::new(),
                source: SourceSummary {
                    name: options
                        .source_name
                        .as_deref()
                        .map(ImageRecord::file_name_of),
                    sha256: source.measurement.sha256.clone(),
                    width: source.measurement.image.width(),
                    height: source.measurement.image.height(),
                    decision: source.report.decision,
                },
                target: Some(target.clone()),
                notes: bands.fallback_notes(),
                bands,
                plan: None,
                background: None,
                file: None,
                reasons: Vec::new(),
            },
        };
        let m = &source.measurement;

        let mut reasons = preflight::unfixable(&source.report);
        let face = match face_geometry(m) {
            Ok(face) => face,
            Err(why) => {
                if m.metrics.measured_number("face.count") == Some(0.0) {
                    reasons.extend(preflight::failing_on(&source.report, "face.count"));
                    if reasons.is_empty() {
                        reasons.push(Reason {
                            rule: None,
                            title: "No face".into(),
                            message: "no face was found in the photo".into(),
                        });
                    }
                }
                return Ok(if reasons.is_empty() {
                    run.undetermined_without_photo(source.report, why)
                } else {
                    run.refuse(source.report, reasons)
                });
            }
        };
        if !reasons.is_empty() {
            return Ok(run.refuse(source.report, reasons));
        }

        let (width, height) = m.image.dimensions();
        let (w, h) = (f64::from(width), f64::from(height));
        let bands = run.preparation.bands.clone();
        let mut planned = plan::plan(&face, w, h, target.aspect(), &bands, Edges::default());
        if planned.is_err() && options.background != BackgroundPolicy::Never {
            let padding = self.background_edges(&m.image)?;
            if padding.any() {
                planned = plan::plan(&face, w, h, target.aspect(), &bands, padding);
            }
        }
        let plan = match planned {
            Ok(plan) => plan,
            Err(no_room) => match self.fallback_plan(profile, &no_room, &face, w, h) {
                Ok(plan) => {
                    run.preparation.notes.push(
                        "the photo leaves no room for the usual safety margin inside the bands: the crop closest to their middles that stays inside the photo was used".into(),
                    );
                    plan
                }
                Err(reasons) => return Ok(run.refuse(source.report, reasons)),
            },
        };
        run.preparation.plan = Some(PlanSummary::new(
            &plan.frame,
            &plan.crop,
            target.height,
            plan.padded.names(),
        ));

        let others = preflight::faces_in_crop(&m.geometry.faces, &plan.frame, &plan.crop);
        if !others.is_empty() {
            let message = format!(
                "{} other face{} would be inside the crop",
                others.len(),
                if others.len() == 1 { "" } else { "s" }
            );
            let reasons: Vec<Reason> = preflight::rules_reading(profile, "face.count")
                .map(|rule| Reason::for_rule(rule, message.clone()))
                .collect();
            if reasons.is_empty() {
                run.preparation.notes.push(format!(
                    "{message}; profile `{}` does not limit the number of people",
                    profile.id
                ));
            } else {
                return Ok(run.refuse(source.report, reasons));
            }
        }
        let enlargement = f64::from(target.height) / plan.crop.height;
        if enlargement > preflight::MAX_ENLARGEMENT {
            let reasons =
                preflight::too_few_pixels(profile, enlargement, plan.crop.height, target.height);
            return Ok(run.refuse(source.report, reasons));
        }
        if plan.crop.height < f64::from(target.height) {
            run.preparation.notes.push(format!(
                "the crop is {:.0} px high in the source and is enlarged ×{:.2} to {} px",
                plan.crop.height,
                f64::from(target.height) / plan.crop.height,
                target.height
            ));
        }

        let rendered = render::render(
            &m.image,
            &plan.frame,
            &plan.crop,
            target.width,
            target.height,
        )?;
        // Headwear the segmentation is unsure of sits above the eyes (`segment::solid`).
        let eye_row = ((1.0 - plan.crop.predicted.eye_line) * f64::from(target.height))
            .clamp(0.0, f64::from(target.height)) as usize;
        let (image, background) = self.background(
            profile,
            &source.report,
            rendered,
            options.background,
            eye_row,
        )?;
        run.preparation.background = Some(background);

        let encoded = encode::encode(
            &image,
            target.file_type,
            target.dpi,
            target.max_bytes,
            &target.format,
        )?;
        run.preparation.file = Some(FileSummary {
            file_type: target.file_type,
            width: image.width(),
            height: image.height(),
            bytes: encoded.bytes.len() as u64,
            dpi: target.dpi,
            jpeg_quality: encoded.quality,
        });
        let rechecked = checker
            .check(
                profile,
                &encoded.bytes,
                options.output_name.as_deref(),
                options.language,
            )
            .map_err(PrepareError::Recheck)?;
        let report = rechecked.report;
        let outcome = match report.decision {
            Decision::Accept => Outcome::Accepted,
            Decision::Reject => Outcome::Rejected,
            Decision::Undetermined => Outcome::Undetermined,
        };
        run.preparation.outcome = outcome;
        run.preparation.message = match outcome {
            Outcome::Accepted => format!("prepared and accepted by `{}`", profile.id),
            _ => format!(
                "prepared, but the check of the prepared photo says {}",
                report.summary
            ),
        };
        Ok(Prepared {
            outcome,
            file: Some(PreparedFile {
                bytes: encoded.bytes,
                image,
                target,
            }),
            report,
            preparation: run.preparation,
        })
    }

    /// The edges of the photo (top, left, right; never the bottom, where the body goes on)
    /// along which there is only background: a crop may reach beyond those.
    fn background_edges(&self, image: &RgbImage) -> Result<Edges, PrepareError> {
        let small = reduce(image, EDGE_CHECK_SIDE)?;
        let matte = self.segmenter()?.coarse(&small)?;
        let (w, h) = (matte.width, matte.height);
        let strip = |horizontal: bool, at_start: bool| -> bool {
            let depth = ((if horizontal { h } else { w }) / 100).max(2);
            let mut person = 0usize;
            let mut total = 0usize;
            for d in 0..depth {
                let line = if at_start {
                    d
                } else {
                    (if horizontal { h } else { w }) - 1 - d
                };
                let len = if horizontal { w } else { h };
                for i in 0..len {
                    let (x, y) = if horizontal { (i, line) } else { (line, i) };
                    total += 1;
                    person += usize::from(matte.at(x, y) > 0.5);
                }
            }
            total > 0 && (person as f64) < 0.01 * total as f64
        };
        Ok(Edges {
            top: strip(true, true),
            bottom: false,
            left: strip(false, true),
            right: strip(false, false),
        })
    }

    /// When no crop keeps the safety margins: the best crop inside the photo, if the profile's
    /// own bands accept what it predicts; else the rules it breaks, as reasons.
    fn fallback_plan(
        &self,
        profile: &CompiledProfile,
        no_room: &NoRoom,
        face: &FaceGeometry,
        width: f64,
        height: f64,
    ) -> Result<CropPlan, Vec<Reason>> {
        let Some(possible) = no_room.possible else {
            let message = "the head cannot be framed inside the photo with room above the crown and below the chin";
            let mut reasons: Vec<Reason> = preflight::rules_reading(profile, "face.inside_frame")
                .map(|rule| Reason::for_rule(rule, message.into()))
                .collect();
            if reasons.is_empty() {
                reasons.push(Reason {
                    rule: None,
                    title: "Head inside the frame".into(),
                    message: message.into(),
                });
            }
            return Err(reasons);
        };
        let predicted = predicted_metrics(&possible.predicted);
        let report = photorules_engine::check(profile, &predicted, &RunContext::default());
        let failing: Vec<Reason> = report
            .rules
            .iter()
            .filter(|r| {
                r.verdict == Verdict::Fail && r.severity == photorules_core::ir::Severity::Reject
            })
            .filter(|r| {
                r.measured
                    .iter()
                    .all(|m| predicted.get(&m.metric).is_some())
            })
            .map(|r| {
                let edges = match no_room.wanted {
                    Some(wanted) => wanted.beyond.edges().names().join(", "),
                    None => String::new(),
                };
                let why = if edges.is_empty() {
                    "the profile's bands cannot all hold for this face".to_string()
                } else {
                    format!("the photo ends too close to the head ({edges} edge)")
                };
                Reason::from_rule(
                    r,
                    format!("{why}: the best crop inside the photo gives {}", r.message),
                )
            })
            .collect();
        if !failing.is_empty() {
            return Err(failing);
        }
        let subject = face.in_frame(&no_room.frame);
        let _ = (width, height);
        Ok(CropPlan {
            frame: no_room.frame,
            crop: possible,
            subject,
            padded: possible.beyond.edges(),
        })
    }

    /// Replace the background when the policy and the source's background findings say so.
    fn background(
        &self,
        profile: &CompiledProfile,
        source: &Report,
        rendered: render::Rendered,
        policy: BackgroundPolicy,
        eye_row: usize,
    ) -> Result<(RgbImage, BackgroundSummary), PrepareError> {
        let findings = background::findings(source);
        let padded = rendered.padded();
        let replace = match policy {
            BackgroundPolicy::Always => true,
            BackgroundPolicy::Never => false,
            BackgroundPolicy::Auto => !findings.is_empty() || padded,
        };
        if !replace {
            let note = match policy {
                BackgroundPolicy::Never => "kept: replacement was turned off".to_string(),
                _ => "kept: the source's background passes the profile's background rules"
                    .to_string(),
            };
            return Ok((rendered.image, BackgroundSummary::kept(findings, note)));
        }
        let colour = match background::colour_for(profile) {
            Ok(colour) => colour,
            Err(rules) => {
                let note = format!(
                    "kept: no plain white or grey satisfies the profile's background rules ({})",
                    rules.join(", ")
                );
                return Ok((rendered.image, BackgroundSummary::kept(findings, note)));
            }
        };
        let matte = self.segmenter()?.matte(&rendered.image, eye_row)?;
        let image = background::composite(&rendered.image, &matte, &rendered.coverage, colour);
        let mut why = Vec::new();
        if !findings.is_empty() {
            why.push(format!(
                "the source fails or cannot be checked against {}",
                findings
                    .iter()
                    .map(|f| f.rule.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if padded {
            why.push("the crop reaches beyond the photo's edge".to_string());
        }
        if policy == BackgroundPolicy::Always {
            why.push("replacement was asked for".to_string());
        }
        Ok((
            image,
            BackgroundSummary {
                replaced: true,
                colour: Some(colour),
                because: findings,
                note: format!(
                    "replaced with RGB({}, {}, {}) using the person segmentation: {}",
                    colour[0],
                    colour[1],
                    colour[2],
                    why.join("; ")
                ),
            },
        ))
    }
}

/// A refusal in the making: the preparation summary so far.
struct Run {
    preparation: Preparation,
}

impl Run {
    fn refuse(mut self, report: Report, reasons: Vec<Reason>) -> Prepared {
        self.preparation.outcome = Outcome::Refused;
        self.preparation.message = format!(
            "refused: no compliant photo can be made from this one: {}",
            reasons
                .iter()
                .map(Reason::line)
                .collect::<Vec<_>>()
                .join("; ")
        );
        self.preparation.reasons = reasons;
        Prepared {
            outcome: Outcome::Refused,
            file: None,
            report,
            preparation: self.preparation,
        }
    }

    fn undetermined_without_photo(mut self, report: Report, why: String) -> Prepared {
        self.preparation.outcome = Outcome::Undetermined;
        self.preparation.message = format!("no photo was prepared: {why}");
        Prepared {
            outcome: Outcome::Undetermined,
            file: None,
            report,
            preparation: self.preparation,
        }
    }
}

/// Why a metric is absent, for messages.
fn absent_reason(metrics: &Metrics, name: &str) -> String {
    match metrics.get(name) {
        Some(photorules_core::Measurement::Absent { reason }) => {
            format!("`{name}` was not measured ({reason})")
        }
        _ => format!("`{name}` was not measured"),
    }
}

/// The planner's input from a measurement, or why the face cannot be planned around.
fn face_geometry(m: &Measurement) -> Result<FaceGeometry, String> {
    let g = &m.geometry;
    let eyes = g
        .eyes
        .ok_or_else(|| absent_reason(&m.metrics, "eyes.left_x_px"))?;
    let crown_y = g
        .crown_y
        .ok_or_else(|| absent_reason(&m.metrics, "head.crown_y_px"))?;
    let chin_y = g
        .chin_y
        .ok_or_else(|| absent_reason(&m.metrics, "head.chin_y_px"))?;
    let head_x = g
        .head_x
        .ok_or_else(|| absent_reason(&m.metrics, "head.width_ratio"))?;
    Ok(FaceGeometry {
        eyes,
        crown_y,
        chin_y,
        head_x,
        mesh: g.landmarks.clone(),
    })
}

/// The framing metrics a planned crop would give.
fn predicted_metrics(p: &Predicted) -> Metrics {
    let mut metrics = Metrics::default();
    metrics.number(plan::bands::CHIN_CROWN, p.chin_crown, Unit::Ratio);
    metrics.number(plan::bands::EYE_LINE, p.eye_line, Unit::Ratio);
    metrics.number(plan::bands::CENTRE, p.centre_offset, Unit::Ratio);
    metrics.number(plan::bands::HEAD_WIDTH, p.head_width, Unit::Ratio);
    metrics.number(plan::bands::TOP_MARGIN, p.top_margin, Unit::Ratio);
    metrics
}

/// A copy whose longer side is at most `side` (area-averaged).
fn reduce(image: &RgbImage, side: u32) -> Result<RgbImage, PrepareError> {
    let (w, h) = image.dimensions();
    let long = w.max(h);
    if long <= side {
        return Ok(image.clone());
    }
    let scale = f64::from(side) / f64::from(long);
    let (tw, th) = (
        ((f64::from(w) * scale).round() as u32).max(1),
        ((f64::from(h) * scale).round() as u32).max(1),
    );
    let fail = |e: String| PrepareError::Resample(e);
    let src =
        ImageRef::new(w, h, image.as_raw(), PixelType::U8x3).map_err(|e| fail(e.to_string()))?;
    let mut dst = Image::new(tw, th, PixelType::U8x3);
    Resizer::new()
        .resize(
            &src,
            &mut dst,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Box)),
        )
        .map_err(|e| fail(e.to_string()))?;
    RgbImage::from_raw(tw, th, dst.into_vec()).ok_or_else(|| fail("wrong buffer size".into()))
}
