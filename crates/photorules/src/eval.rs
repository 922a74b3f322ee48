//! The accuracy scorecard: the shipped rules' verdicts on a labelled set of real photos
//! (`spec-tests/eval/`), requirement by requirement, against what a person decided looking at
//! each photo.
//!
//! Each labelled requirement is judged by one or more rules of a shipped profile
//! ([`REQUIREMENTS`]): the photo meets it when every one of those rules passes (a rule that
//! does not apply passes), breaks it when one fails, and is undetermined otherwise. A rule
//! confirmed by hand (a `manual` rule) judges nothing here, so its requirement is not scored.
//!
//! "Positive" is a defect: a false accept is a photo labelled as breaking a requirement that
//! the rules passed, the dangerous error; a false reject is a photo labelled as meeting it that
//! the rules failed or could not judge.

mod labels;
pub mod metric_error;
pub mod mutate;
mod preparation;
mod score;

pub use labels::{Label, LabelError, Labels};
pub use preparation::{PREPARATION_PROFILE, PreparationScore, PreparedPhoto, evaluate_preparation};
pub use score::{Outcome, RequirementScore, Scorecard};

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use photorules_core::ir::CompiledProfile;
use photorules_engine::{Report, Verdict};

use crate::Photorules;
use metric_error::MetricErrors;

/// A labelled requirement and the rules of a profile that judge it.
#[derive(Debug, Clone, Copy)]
pub struct Requirement {
    /// The key in `labels.toml`.
    pub key: &'static str,
    /// The profile whose rules judge it.
    pub profile: &'static str,
    /// The rules; all must pass for the photo to meet the requirement.
    pub rules: &'static [&'static str],
}

/// Every labelled requirement. `kz/driving-licence` carries the three shipped plugins and most
/// rules; `kz/egov-upload` is the profile that forbids glasses outright.
pub const REQUIREMENTS: [Requirement; 14] = [
    req("single_face", "kz/driving-licence", &["subject.one_person"]),
    req("eyes_open", "kz/driving-licence", &["eyes.open"]),
    req("eyes_visible", "kz/driving-licence", &["eyes.visible"]),
    req(
        "no_dark_lenses",
        "kz/driving-licence",
        &["glasses.no_sunglasses"],
    ),
    req("no_glasses", "kz/egov-upload", &["glasses.none"]),
    req("no_glare", "kz/driving-licence", &["glasses.no_glare"]),
    req(
        "neutral_expression",
        "kz/driving-licence",
        &["expression.neutral"],
    ),
    req("mouth_closed", "kz/driving-licence", &["mouth.closed"]),
    req(
        "frontal_pose",
        "kz/driving-licence",
        &["pose.yaw", "pose.pitch", "pose.roll"],
    ),
    req("no_head_covering", "kz/driving-licence", &["headwear.none"]),
    req(
        "face_unobstructed",
        "kz/driving-licence",
        &["face.uncovered"],
    ),
    req("even_light", "kz/driving-licence", &["light.even"]),
    req(
        "plain_background",
        "kz/driving-licence",
        &[
            "background.colour",
            "background.uniform",
            "background.plain",
        ],
    ),
    req("in_focus", "kz/driving-licence", &["image.sharp"]),
];

const fn req(
    key: &'static str,
    profile: &'static str,
    rules: &'static [&'static str],
) -> Requirement {
    Requirement {
        key,
        profile,
        rules,
    }
}

/// What the rules say of one requirement on one photo.
pub fn judge(requirement: &Requirement, report: &Report) -> Outcome {
    let mut outcome = Outcome::Meets;
    for id in requirement.rules {
        let verdict = report.rules.iter().find(|r| r.id == *id).map(|r| r.verdict);
        match verdict {
            Some(Verdict::Pass) => {}
            Some(Verdict::Fail) => return Outcome::Breaks,
            Some(Verdict::Manual) | None => return Outcome::NotJudged,
            Some(Verdict::Unknown) => outcome = Outcome::Undetermined,
        }
    }
    outcome
}

/// Check every labelled photo of the set in `dir` (`labels.toml` and `photos/`) and score the
/// verdicts against the labels.
pub fn evaluate(photorules: &Photorules, dir: &Path) -> Result<Scorecard, EvalError> {
    let labels = Labels::read_set(dir)?;
    let mut scorecard = Scorecard::new(&REQUIREMENTS);
    let compiled = requirement_profiles(photorules)?;
    for (photo, photo_labels) in &labels.photos {
        let bytes = read_set_photo(dir, photo)?;
        let mut reports = Vec::new();
        for (id, profile) in &compiled {
            let checked = photorules
                .check_bytes(profile, &bytes, Some(photo))
                .map_err(|e| photo_error(photo, e))?;
            reports.push((*id, checked.report));
        }
        for requirement in &REQUIREMENTS {
            let Some(label) = photo_labels.get(requirement.key) else {
                continue;
            };
            let Some((_, report)) = reports.iter().find(|(id, _)| *id == requirement.profile)
            else {
                continue;
            };
            scorecard.add(requirement.key, photo, *label, judge(requirement, report));
        }
    }
    Ok(scorecard)
}

/// Every profile the [`REQUIREMENTS`] are judged by, compiled once each, in their order.
fn requirement_profiles(
    photorules: &Photorules,
) -> Result<Vec<(&'static str, Arc<CompiledProfile>)>, EvalError> {
    let mut profiles: Vec<(&'static str, Arc<CompiledProfile>)> = Vec::new();
    for requirement in &REQUIREMENTS {
        if !profiles.iter().any(|(id, _)| *id == requirement.profile) {
            profiles.push((
                requirement.profile,
                compile(photorules, requirement.profile)?,
            ));
        }
    }
    Ok(profiles)
}

/// A shipped profile, or why it does not compile.
fn compile(photorules: &Photorules, id: &str) -> Result<Arc<CompiledProfile>, EvalError> {
    photorules
        .compile(id)
        .map_err(|e| EvalError::Profile(id.to_string(), e.to_string()))
}

/// The bytes of one of the set's photos.
fn read_set_photo(dir: &Path, photo: &str) -> Result<Vec<u8>, EvalError> {
    crate::read_photo(&dir.join("photos").join(photo)).map_err(|e| photo_error(photo, e))
}

fn photo_error(photo: &str, cause: impl std::fmt::Display) -> EvalError {
    EvalError::Photo {
        photo: photo.to_string(),
        cause: cause.to_string(),
    }
}

/// Score the verdicts on the set's photos with each of [`mutate::MUTATIONS`] painted on: a
/// mutation applies to the photos whose eyes were measured (and that are labelled "yes" for
/// its `needs_yes` requirement, when it has one); the requirements it makes the truth of, and
/// those whose label it keeps, are scored, each against its own profile's rules. Photos are
/// painted and checked on every core; the scorecard is the same in any order. With `save_to`,
/// every painted photo is also written there as `PHOTO+MUTATION.png`, for a person to look at.
pub fn evaluate_mutations(
    photorules: &Photorules,
    dir: &Path,
    save_to: Option<&Path>,
) -> Result<Scorecard, EvalError> {
    let labels = Labels::read_set(dir)?;
    let profiles = requirement_profiles(photorules)?;
    let photos: Vec<(&String, &BTreeMap<String, Label>)> = labels.photos.iter().collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut results: Vec<(usize, Result<MutatedPhoto, EvalError>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some((photo, photo_labels)) = photos.get(index) else {
                            break;
                        };
                        let scored = mutate_photo(
                            photorules,
                            (dir, save_to),
                            &profiles,
                            photo,
                            photo_labels,
                        );
                        done.push((index, scored));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_default())
            .collect()
    });
    if results.len() != photos.len() {
        return Err(EvalError::Photo {
            photo: dir.display().to_string(),
            cause: "a worker painting the mutations stopped".into(),
        });
    }
    results.sort_by_key(|(index, _)| *index);
    let mut scorecard = Scorecard::new(&REQUIREMENTS);
    let mut errors = MetricErrors::default();
    for (_, photo) in results {
        let (scored, photo_errors) = photo?;
        for (key, name, label, outcome) in scored {
            scorecard.add(key, &name, label, outcome);
        }
        errors.merge(photo_errors);
    }
    scorecard.metric_errors = errors.summarise(&mutate::MUTATIONS);
    Ok(scorecard)
}

/// One verdict of a mutated photo: the requirement, the mutated photo's name, its truth and
/// what the rules said.
type Scored = (&'static str, String, Label, Outcome);

/// One photo's verdicts under every mutation that applies to it, and its metrics' errors.
type MutatedPhoto = (Vec<Scored>, MetricErrors);

/// Every mutation that applies to one photo, painted, checked and judged.
fn mutate_photo(
    photorules: &Photorules,
    (dir, save_to): (&Path, Option<&Path>),
    profiles: &[(&str, Arc<CompiledProfile>)],
    photo: &str,
    photo_labels: &BTreeMap<String, Label>,
) -> Result<MutatedPhoto, EvalError> {
    let bytes = read_set_photo(dir, photo)?;
    let measured = photorules
        .measure_bytes(&bytes)
        .map_err(|e| photo_error(photo, e))?;
    let Some(eyes) = eyes_of(&measured) else {
        return Ok((Vec::new(), MetricErrors::default()));
    };
    // The mutations paint the measurement's picture: its pixels are the unit of the eye
    // distance a mutated photo reads.
    let mut before = measured.metrics.clone();
    before.number("eyes.distance_px", eyes.distance, photorules_core::Unit::Px);
    let mut errors = MetricErrors::default();
    let mut scored = Vec::new();
    for mutation in &mutate::MUTATIONS {
        if let Some(needed) = mutation.needs_yes
            && photo_labels.get(needed) != Some(&Label::Yes)
        {
            continue;
        }
        let Some(painted) = mutate::apply(&measured.image, &eyes, mutation.paints) else {
            continue;
        };
        let truths: Vec<(&'static str, Label)> = mutation
            .truth
            .iter()
            .copied()
            .chain(
                mutation
                    .keeps
                    .iter()
                    .filter_map(|key| photo_labels.get(*key).map(|label| (*key, *label))),
            )
            .collect();
        let mut png = std::io::Cursor::new(Vec::new());
        painted
            .write_to(&mut png, image::ImageFormat::Png)
            .map_err(|e| photo_error(photo, e))?;
        let name = format!("{photo}+{}", mutation.name);
        if let Some(out) = save_to {
            let path = out.join(format!("{name}.png"));
            std::fs::write(&path, png.get_ref()).map_err(|e| {
                photo_error(&name, format!("cannot write `{}`: {e}", path.display()))
            })?;
        }
        let mut reports: Vec<(&str, Report)> = Vec::new();
        for (key, label) in truths {
            let Some(requirement) = REQUIREMENTS.iter().find(|r| r.key == key) else {
                continue;
            };
            if !reports.iter().any(|(id, _)| *id == requirement.profile) {
                let Some((id, profile)) =
                    profiles.iter().find(|(id, _)| *id == requirement.profile)
                else {
                    continue;
                };
                let checked = photorules
                    .check_bytes(profile, png.get_ref(), Some(&name))
                    .map_err(|e| photo_error(&name, e))?;
                reports.push((id, checked.report));
            }
            if let Some((_, report)) = reports.iter().find(|(id, _)| *id == requirement.profile) {
                scored.push((
                    requirement.key,
                    name.clone(),
                    label,
                    judge(requirement, report),
                ));
            }
        }
        // Every profile reads the same built-in metrics: the first report serves.
        if let Some((_, report)) = reports.first() {
            errors.add(mutation, &before, &report.metrics);
        }
    }
    Ok((scored, errors))
}

/// The measured eye centres in the pixels of the measurement's picture.
fn eyes_of(measured: &photorules_measure::Measurement) -> Option<mutate::Eyes> {
    let m = &measured.metrics;
    let scale = measured.image_scale;
    let n = |name: &str| m.measured_number(name).map(|v| v / scale);
    Some(mutate::Eyes {
        right: (n("eyes.right_x_px")?, n("eyes.right_y_px")?),
        left: (n("eyes.left_x_px")?, n("eyes.left_y_px")?),
        distance: n("eyes.distance_px")?,
    })
}

/// Why the set could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Labels(#[from] LabelError),
    #[error("profile `{0}` does not compile: {1}")]
    Profile(String, String),
    #[error("`{photo}`: {cause}")]
    Photo { photo: String, cause: String },
}
