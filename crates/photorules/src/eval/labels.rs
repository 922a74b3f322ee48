//! `labels.toml` of an evaluation set: per photo, each requirement `yes`, `no` or `unsure`.

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

/// The largest labels file read (the set's is about 80 KB).
const MAX_LABELS_BYTES: u64 = 4 << 20;

impl Labels {
    pub fn read(path: &Path) -> Result<Labels, LabelError> {
        let text =
            photorules_core::file::read_text_limited(path, MAX_LABELS_BYTES).map_err(|source| {
                LabelError::Read {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
        Labels::parse(&text).map_err(|message| LabelError::Parse {
            path: path.to_path_buf(),
            message,
        })
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
}
