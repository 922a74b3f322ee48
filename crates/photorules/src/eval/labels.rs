//! The labels of an evaluation set: per photo, each requirement `yes`, `no` or `unsure`, as
//! decided by a person looking at it (`labels.toml`); where a second person reviewed the
//! photos without seeing the first labels (`labels-second.toml`), what the two agree on; and
//! where a third look settled what they dispute (`labels-settled.toml`), its decision.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a person decided about one requirement on one photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// The photo meets the requirement.
    Yes,
    /// The photo breaks it.
    No,
    /// Cannot tell; left out of the scores.
    Unsure,
    /// The two reviews disagree and no third look settled it: left out of the scores, like
    /// `Unsure`, and counted apart so that a scorecard shows how many labels are contested.
    /// Never read from a file.
    Disputed,
}

/// Every photo's labels, by file name, then by requirement key.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub photos: BTreeMap<String, BTreeMap<String, Label>>,
}

#[derive(Debug, thiserror::Error)]
pub enum LabelError {
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{path}`: {message}")]
    Parse { path: PathBuf, message: String },
}

/// The first review's labels, in an evaluation set's folder.
pub const FIRST_REVIEW: &str = "labels.toml";

/// The second, independent review's labels, beside the first; optional.
pub const SECOND_REVIEW: &str = "labels-second.toml";

/// A third look at the labels the two reviews dispute, with both reasons side by side;
/// optional.
pub const SETTLED: &str = "labels-settled.toml";

/// The largest labels file read (the set's is about 80 KB).
const MAX_LABELS_BYTES: u64 = 4 << 20;

/// A [`LabelError::Parse`] naming `path`, for `map_err` on a message about that file.
fn parse_error(path: &Path) -> impl FnOnce(String) -> LabelError + '_ {
    move |message| LabelError::Parse {
        path: path.to_path_buf(),
        message,
    }
}

/// The message for a photo that a later review labels but the first review, which defines
/// the set, does not.
fn unlabelled_photo(photo: &str) -> String {
    format!("`photos.\"{photo}\"` is not labelled in `{FIRST_REVIEW}`")
}

impl Labels {
    pub fn read(path: &Path) -> Result<Labels, LabelError> {
        let text =
            photorules_core::file::read_text_limited(path, MAX_LABELS_BYTES).map_err(|source| {
                LabelError::Read {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
        Labels::parse(&text).map_err(parse_error(path))
    }

    /// The labels a set is scored on: the first review's; where a second review exists, only
    /// what both reviews agree on ([`Labels::agreed_with`]); and where a third look settled
    /// their disputes, its decisions ([`Labels::settled_by`]).
    pub fn read_set(dir: &Path) -> Result<Labels, LabelError> {
        let first = Labels::read(&dir.join(FIRST_REVIEW))?;
        let second_path = dir.join(SECOND_REVIEW);
        let settled_path = dir.join(SETTLED);
        if !second_path.exists() {
            // Settled labels without the review they settle against are a mistake of the
            // set's files: say so rather than score the first review alone in silence.
            if settled_path.exists() {
                return Err(LabelError::Parse {
                    path: settled_path,
                    message: format!("it settles disputes, but there is no `{SECOND_REVIEW}`"),
                });
            }
            return Ok(first);
        }
        let second = Labels::read(&second_path)?;
        let agreed = first
            .agreed_with(&second)
            .map_err(parse_error(&second_path))?;
        if !settled_path.exists() {
            return Ok(agreed);
        }
        let third = Labels::read(&settled_path)?;
        agreed
            .settled_by(&third)
            .map_err(parse_error(&settled_path))
    }

    /// Each [`Label::Disputed`] of `self` replaced by the third look's label where it gives
    /// one; disputes it leaves out stay disputed. A third label on a requirement the reviews
    /// agree on is an error: the third look settles disputes, it does not overrule agreement.
    pub fn settled_by(&self, third: &Labels) -> Result<Labels, String> {
        let mut settled = self.clone();
        for (photo, decided) in &third.photos {
            let Some(by_key) = settled.photos.get_mut(photo) else {
                return Err(unlabelled_photo(photo));
            };
            for (key, label) in decided {
                match by_key.get_mut(key) {
                    Some(current @ Label::Disputed) => *current = *label,
                    _ => {
                        return Err(format!(
                            "`photos.\"{photo}\".{key}`: the two reviews do not dispute it, so \
                             there is nothing to settle"
                        ));
                    }
                }
            }
        }
        Ok(settled)
    }

    /// Each label of `self` where `second` gives the same, [`Label::Disputed`] where it gives
    /// another (a "yes" against an "unsure" too: one reviewer could not tell what the other
    /// decided). A photo or requirement `second` leaves out keeps the first review's label:
    /// it was reviewed once. A photo only `second` labels is an error, since the set is the
    /// first review's.
    pub fn agreed_with(&self, second: &Labels) -> Result<Labels, String> {
        if let Some(extra) = second.photos.keys().find(|p| !self.photos.contains_key(*p)) {
            return Err(unlabelled_photo(extra));
        }
        let mut agreed = self.clone();
        for (photo, by_key) in &mut agreed.photos {
            let Some(other) = second.photos.get(photo) else {
                continue;
            };
            for (key, label) in by_key.iter_mut() {
                if other.get(key).is_some_and(|o| o != label) {
                    *label = Label::Disputed;
                }
            }
        }
        Ok(agreed)
    }

    /// Parse the text of a labels file. Keys that are not labels (`faces`, `labelled`,
    /// `content`, `reasons`) are skipped; a label value other than `yes`, `no` or `unsure` is
    /// an error naming the photo and the key.
    pub fn parse(text: &str) -> Result<Labels, String> {
        let document: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let Some(toml::Value::Table(photos)) = document.get("photos") else {
            return Err("there is no `[photos.\"NAME\"]` table".into());
        };
        let mut labels = Labels::default();
        for (photo, entry) in photos {
            let toml::Value::Table(entry) = entry else {
                return Err(format!("`photos.\"{photo}\"` is not a table"));
            };
            let mut by_key = BTreeMap::new();
            for (key, value) in entry {
                let toml::Value::String(text) = value else {
                    continue;
                };
                let label = match text.as_str() {
                    "yes" => Label::Yes,
                    "no" => Label::No,
                    "unsure" => Label::Unsure,
                    _ if matches!(key.as_str(), "labelled" | "content") => continue,
                    other => {
                        return Err(format!(
                            "`photos.\"{photo}\".{key} = \"{other}\"`: a label is \"yes\", \"no\" or \"unsure\""
                        ));
                    }
                };
                by_key.insert(key.clone(), label);
            }
            labels.photos.insert(photo.clone(), by_key);
        }
        Ok(labels)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse_and_bad_values_name_their_place() {
        let text = r#"
[photos."a.jpg"]
labelled = "2026-12-05"
faces = 1
eyes_open = "yes"
mouth_closed = "no"
in_focus = "unsure"
reasons.mouth_closed = "teeth"
content = "man"
"#;
        let labels = Labels::parse(text).unwrap();
        let a = &labels.photos["a.jpg"];
        assert_eq!(a["eyes_open"], Label::Yes);
        assert_eq!(a["mouth_closed"], Label::No);
        assert_eq!(a["in_focus"], Label::Unsure);
        assert_eq!(a.len(), 3);
        let bad = Labels::parse("[photos.\"b.jpg\"]\neyes_open = \"maybe\"\n").unwrap_err();
        assert!(bad.contains("photos.\"b.jpg\".eyes_open"), "{bad}");
    }

    #[test]
    fn only_what_both_reviews_agree_on_is_scored() {
        let first = Labels::parse(
            "[photos.\"a.jpg\"]\neyes_open = \"yes\"\nmouth_closed = \"no\"\nin_focus = \"yes\"\nno_glasses = \"yes\"\n\
             [photos.\"b.jpg\"]\neyes_open = \"no\"\n",
        )
        .unwrap();
        let second = Labels::parse(
            "[photos.\"a.jpg\"]\neyes_open = \"yes\"\nmouth_closed = \"yes\"\nin_focus = \"unsure\"\n",
        )
        .unwrap();
        let agreed = first.agreed_with(&second).unwrap();
        let a = &agreed.photos["a.jpg"];
        assert_eq!(a["eyes_open"], Label::Yes);
        assert_eq!(a["mouth_closed"], Label::Disputed);
        assert_eq!(a["in_focus"], Label::Disputed);
        // Left out by the second review: the first review's label stands.
        assert_eq!(a["no_glasses"], Label::Yes);
        assert_eq!(agreed.photos["b.jpg"]["eyes_open"], Label::No);

        let stray = Labels::parse("[photos.\"c.jpg\"]\neyes_open = \"yes\"\n").unwrap();
        let err = first.agreed_with(&stray).unwrap_err();
        assert!(err.contains("photos.\"c.jpg\""), "{err}");
    }

    #[test]
    fn a_set_reads_its_reviews_and_refuses_settled_labels_without_a_second_review() {
        let dir = std::env::temp_dir().join(format!("photorules-labels-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(FIRST_REVIEW),
            "[photos.\"a.jpg\"]\neyes_open = \"yes\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.join(SETTLED),
            "[photos.\"a.jpg\"]\neyes_open = \"no\"\n",
        )
        .unwrap();
        let err = Labels::read_set(&dir).unwrap_err().to_string();
        assert!(
            err.contains(SETTLED) && err.contains(SECOND_REVIEW),
            "{err}"
        );

        std::fs::write(
            dir.join(SECOND_REVIEW),
            "[photos.\"a.jpg\"]\neyes_open = \"unsure\"\n",
        )
        .unwrap();
        let labels = Labels::read_set(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(labels.photos["a.jpg"]["eyes_open"], Label::No);
    }

    #[test]
    fn a_third_look_settles_disputes_and_nothing_else() {
        let agreed = Labels::parse("[photos.\"a.jpg\"]\neyes_open = \"yes\"\n")
            .unwrap()
            .agreed_with(&Labels::parse("[photos.\"a.jpg\"]\neyes_open = \"no\"\n").unwrap())
            .unwrap();
        assert_eq!(agreed.photos["a.jpg"]["eyes_open"], Label::Disputed);
        let third = Labels::parse("[photos.\"a.jpg\"]\neyes_open = \"no\"\n").unwrap();
        let settled = agreed.settled_by(&third).unwrap();
        assert_eq!(settled.photos["a.jpg"]["eyes_open"], Label::No);
        // Left unsettled: still disputed.
        let nothing = Labels::parse("[photos]\n").unwrap();
        assert_eq!(
            agreed.settled_by(&nothing).unwrap().photos["a.jpg"]["eyes_open"],
            Label::Disputed
        );
        // Overruling what both reviews agree on is refused, naming the place.
        let err = settled.settled_by(&third).unwrap_err();
        assert!(err.contains("photos.\"a.jpg\".eyes_open"), "{err}");
        let stray = Labels::parse("[photos.\"z.jpg\"]\neyes_open = \"no\"\n").unwrap();
        assert!(agreed.settled_by(&stray).unwrap_err().contains("z.jpg"));
    }
}
