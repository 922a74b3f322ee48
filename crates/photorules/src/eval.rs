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
pub mod mutate;
mod score;

pub use labels::{Label, LabelError, Labels};
pub use score::{Outcome, RequirementScore, Scorecard};

use std::path::Path;
use std::sync::Arc;

use photorules_core::ir::CompiledProfile;
use photorules_engine::{Report, Verdict};

use crate::Photorules;

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
    let labels = Labels::read(&dir.join("labels.toml"))?;
    let mut scorecard = Scorecard::new(&REQUIREMENTS);
    let mut profiles = Vec::new();
    for requirement in &REQUIREMENTS {
        if !profiles.contains(&requirement.profile) {
            profiles.push(requirement.profile);
        }
    }
    let compiled = profiles
        .iter()
        .map(|id| compile(photorules, id).map(|p| (*id, p)))
        .collect::<Result<Vec<_>, _>>()?;
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

/// The profile mutations are checked against: it carries the three shipped plugins.
const MUTATION_PROFILE: &str = "kz/driving-licence";

/// Score the verdicts on the set's photos with each of [`mutate::MUTATIONS`] painted on: a
/// mutation applies to the photos labelled "yes" for its `needs_yes` requirement whose eyes
/// were measured, and only the requirements it makes the truth of are scored.
pub fn evaluate_mutations(photorules: &Photorules, dir: &Path) -> Result<Scorecard, EvalError> {
    let labels = Labels::read(&dir.join("labels.toml"))?;
    let profile = compile(photorules, MUTATION_PROFILE)?;
    let mut scorecard = Scorecard::new(&REQUIREMENTS);
    for (photo, photo_labels) in &labels.photos {
        let bytes = read_set_photo(dir, photo)?;
        let measured = photorules
            .measure_bytes(&bytes)
            .map_err(|e| photo_error(photo, e))?;
        let Some(eyes) = eyes_of(&measured) else {
            continue;
        };
        for mutation in &mutate::MUTATIONS {
            if photo_labels.get(mutation.needs_yes) != Some(&Label::Yes) {
                continue;
            }
            let painted = mutate::apply(&measured.image, &eyes, mutation.paint);
            let mut png = std::io::Cursor::new(Vec::new());
            painted
                .write_to(&mut png, image::ImageFormat::Png)
                .map_err(|e| photo_error(photo, e))?;
            let name = format!("{photo}+{}", mutation.name);
            let checked = photorules
                .check_bytes(&profile, png.get_ref(), Some(&name))
                .map_err(|e| photo_error(&name, e))?;
            for (key, label) in mutation.truth {
                if let Some(requirement) = REQUIREMENTS.iter().find(|r| r.key == *key) {
                    let outcome = judge(requirement, &checked.report);
                    scorecard.add(key, &name, *label, outcome);
                }
            }
        }
    }
    Ok(scorecard)
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
