//! How many of the set's real portraits `prepare` turns into a photo the profile accepts, and
//! why the others are not (issue 17). Preparation can fix framing, size, a tilted head's roll
//! and the background; it cannot open eyes or take glasses off, so the photos are also counted
//! apart when their labels say nothing preparation cannot fix is wrong with them.

use std::collections::BTreeMap;
use std::path::Path;

use photorules_core::ir::Severity;
use photorules_engine::Verdict;
use photorules_prepare::{FileType, Outcome, PrepareOptions};
use serde::Serialize;

use super::{EvalError, Label, Labels, compile, photo_error, read_set_photo};
use crate::Photorules;

/// The profile photos are prepared for.
pub const PREPARATION_PROFILE: &str = "kz/driving-licence";

/// The labelled requirements that preparation cannot change (it turns a rolled head upright,
/// but cannot turn a face towards the camera or light it evenly): a photo labelled "yes" for
/// every one of them could, in principle, be prepared into an accepted photo.
const NOT_FIXABLE_BY_PREPARATION: [&str; 11] = [
    "single_face",
    "eyes_open",
    "eyes_visible",
    "no_dark_lenses",
    "no_glare",
    "neutral_expression",
    "mouth_closed",
    "frontal_pose",
    "no_head_covering",
    "face_unobstructed",
    "even_light",
];

/// What became of one photo.
#[derive(Debug, Clone, Serialize)]
pub struct PreparedPhoto {
    pub photo: String,
    /// `accepted`, `undetermined`, `rejected` or `refused`.
    pub outcome: String,
    /// Labelled "yes" for every requirement preparation cannot change.
    pub fixable: bool,
    /// The rules the prepared photo (or the source, when refused) failed, or the refusal's
    /// rules; for an undetermined photo, the rules that could not be judged.
    pub rules: Vec<String>,
}

/// The preparation score of the set.
#[derive(Debug, Clone, Serialize)]
pub struct PreparationScore {
    pub profile: String,
    pub photos: Vec<PreparedPhoto>,
}

impl PreparationScore {
    /// Outcome → count, over all photos or the fixable ones.
    pub fn outcomes(&self, fixable_only: bool) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for photo in self.photos.iter().filter(|p| p.fixable || !fixable_only) {
            *counts.entry(photo.outcome.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// Rule → number of photos it kept from being accepted, most first.
    pub fn blocking_rules(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for photo in &self.photos {
            for rule in &photo.rules {
                *counts.entry(rule).or_insert(0) += 1;
            }
        }
        let mut sorted: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(r, n)| (r.to_string(), n))
            .collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        sorted
    }

    /// The score as a few lines for a person.
    pub fn to_text(&self) -> String {
        let line = |fixable_only: bool| {
            let counts = self.outcomes(fixable_only);
            let total: usize = counts.values().sum();
            let parts: Vec<String> = counts.iter().map(|(o, n)| format!("{o} {n}")).collect();
            format!("{total} photos: {}", parts.join(", "))
        };
        let mut text = format!(
            "prepare for {}: all {}\n  labelled with nothing preparation cannot fix: {}\n",
            self.profile,
            line(false),
            line(true)
        );
        text.push_str("rules that kept photos from being accepted (photos):\n");
        for (rule, n) in self.blocking_rules() {
            text.push_str(&format!("  {rule}: {n}\n"));
        }
        text
    }
}

/// Prepare every labelled photo of the set in `dir` for [`PREPARATION_PROFILE`] (JPEG, the
/// profile's digital format, background replaced where needed).
pub fn evaluate_preparation(
    photorules: &Photorules,
    dir: &Path,
) -> Result<PreparationScore, EvalError> {
    let labels = Labels::read_set(dir)?;
    let profile = compile(photorules, PREPARATION_PROFILE)?;
    let mut photos = Vec::new();
    for (photo, photo_labels) in &labels.photos {
        let bytes = read_set_photo(dir, photo)?;
        let mut options = PrepareOptions::new(FileType::Jpeg);
        options.source_name = Some(photo.clone());
        let prepared = photorules
            .prepare(&profile, &bytes, &options)
            .map_err(|e| photo_error(photo, e))?;
        let rules = match prepared.outcome {
            Outcome::Accepted => Vec::new(),
            Outcome::Refused => prepared
                .preparation
                .reasons
                .iter()
                .map(|r| r.rule.clone().unwrap_or_else(|| r.title.clone()))
                .collect(),
            Outcome::Rejected | Outcome::Undetermined => {
                let wanted = if prepared.outcome == Outcome::Rejected {
                    Verdict::Fail
                } else {
                    Verdict::Unknown
                };
                prepared
                    .report
                    .rules
                    .iter()
                    .filter(|r| r.verdict == wanted && r.severity == Severity::Reject)
                    .map(|r| r.id.clone())
                    .collect()
            }
        };
        let fixable = NOT_FIXABLE_BY_PREPARATION
            .iter()
            .all(|key| photo_labels.get(*key) == Some(&Label::Yes));
        photos.push(PreparedPhoto {
            photo: photo.clone(),
            outcome: prepared.outcome.as_str().to_string(),
            fixable,
            rules,
        });
    }
    Ok(PreparationScore {
        profile: PREPARATION_PROFILE.to_string(),
        photos,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn photo(name: &str, outcome: &str, fixable: bool, rules: &[&str]) -> PreparedPhoto {
        PreparedPhoto {
            photo: name.into(),
            outcome: outcome.into(),
            fixable,
            rules: rules.iter().map(|r| r.to_string()).collect(),
        }
    }

    #[test]
    fn the_score_counts_outcomes_and_the_rules_in_the_way() {
        let score = PreparationScore {
            profile: "p".into(),
            photos: vec![
                photo("a", "accepted", true, &[]),
                photo("b", "refused", true, &["pose.pitch", "light.even"]),
                photo("c", "refused", false, &["pose.pitch"]),
                photo("d", "rejected", false, &["eyes.open"]),
            ],
        };
        let all = score.outcomes(false);
        assert_eq!(all.get("refused"), Some(&2));
        assert_eq!(all.get("accepted"), Some(&1));
        assert_eq!(score.outcomes(true).values().sum::<usize>(), 2);
        let rules = score.blocking_rules();
        assert_eq!(rules[0], ("pose.pitch".to_string(), 2));
        assert_eq!(rules.len(), 3);
        let text = score.to_text();
        assert!(
            text.contains("all 4 photos: accepted 1, refused 2, rejected 1"),
            "{text}"
        );
        assert!(
            text.contains("nothing preparation cannot fix: 2 photos: accepted 1, refused 1"),
            "{text}"
        );
    }
}
