//! The photos a batch command's IMAGE arguments name: a file as given, a folder walked for
//! photos (JPEG, PNG, WebP by extension) in name order, sub-folders included. A link inside a
//! folder is followed only to a photo inside that same folder; a link to a folder is not
//! followed (no loops, no escaping the folder an integrator handed over).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use photorules::engine::render::text::terminal_safe;
use walkdir::WalkDir;

/// File name endings of the photos a folder contributes (ASCII case ignored).
const PHOTO_EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// One photo of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub path: PathBuf,
    /// The name a per-photo output file is made from: the file's stem for a photo given by
    /// name, its path inside the folder without the extension for a folder's photo (two
    /// `a.jpg` in different sub-folders must not write the same report).
    pub output_stem: PathBuf,
}

/// The photos, and what was left out of a folder, with the reason.
#[derive(Debug, Default)]
pub struct Expanded {
    pub photos: Vec<Photo>,
    pub skipped: Vec<String>,
    /// Folders (or parts of them) that could not be read.
    pub unreadable: Vec<String>,
    /// Whether any argument was a folder: the output is then that of a batch even for one photo.
    pub any_folder: bool,
}

impl Photo {
    /// `DIR/STEM` followed by `suffix` (e.g. `.report.txt`): where a file made from this photo
    /// goes in an output folder.
    pub fn output_path(&self, dir: &Path, suffix: &str) -> PathBuf {
        let mut name = dir.join(&self.output_stem).into_os_string();
        name.push(suffix);
        PathBuf::from(name)
    }
}

/// Make the folder `path` goes in (a folder's photo keeps its sub-folders in the output).
pub fn make_parent(path: &Path) -> Result<(), String> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create `{}`: {e}", parent.display())),
        None => Ok(()),
    }
}

impl Expanded {
    /// More than one photo, or a folder: reports are a list.
    pub fn is_batch(&self) -> bool {
        self.any_folder || self.photos.len() > 1
    }

    /// Say on stderr which folders could not be read and which files were left out, so that
    /// nobody wonders where a photo went; returns how many could not be read. File names are
    /// escaped for the terminal.
    pub fn report_problems(&self) -> usize {
        for problem in &self.unreadable {
            eprintln!("error: {}", terminal_safe(problem));
        }
        for skipped in &self.skipped {
            eprintln!("note: skipped {}", terminal_safe(skipped));
        }
        self.unreadable.len()
    }
}

pub fn expand(arguments: &[PathBuf]) -> Expanded {
    let mut expanded = Expanded::default();
    for argument in arguments {
        if argument.is_dir() {
            expanded.any_folder = true;
            walk(argument, &mut expanded);
        } else {
            // Missing or unreadable files are reported by the command, in their place.
            let output_stem = argument
                .file_stem()
                .map_or_else(|| PathBuf::from("photo"), PathBuf::from);
            expanded.photos.push(Photo {
                path: argument.clone(),
                output_stem,
            });
        }
    }
    expanded
}

fn walk(root: &Path, expanded: &mut Expanded) {
    let canonical_root = match std::fs::canonicalize(root) {
        Ok(path) => path,
        Err(error) => {
            expanded
                .unreadable
                .push(format!("`{}`: {error}", root.display()));
            return;
        }
    };
    let entries = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let place = error
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                expanded.unreadable.push(format!("`{place}`: {error}"));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() || !is_photo_name(path) {
            continue;
        }
        if entry.path_is_symlink()
            && let Some(reason) = link_refused(path, &canonical_root, root)
        {
            expanded
                .skipped
                .push(format!("`{}`: {reason}", path.display()));
            continue;
        }
        let inside = path.strip_prefix(root).unwrap_or(path);
        expanded.photos.push(Photo {
            path: path.to_path_buf(),
            output_stem: inside.with_extension(""),
        });
    }
}

/// Why a link found in the folder is not followed: it leads out of the folder, to something
/// other than a file, or nowhere. `None` for a link to a file inside the folder.
fn link_refused(link: &Path, canonical_root: &Path, root: &Path) -> Option<String> {
    match std::fs::canonicalize(link) {
        Ok(target) if !target.starts_with(canonical_root) => {
            Some(format!("a link out of `{}`", root.display()))
        }
        Ok(target) if !target.is_file() => Some("a link to something other than a file".into()),
        Ok(_) => None,
        Err(error) => Some(format!("a broken link ({error})")),
    }
}

fn is_photo_name(path: &Path) -> bool {
    path.extension().and_then(OsStr::to_str).is_some_and(|ext| {
        PHOTO_EXTENSIONS
            .iter()
            .any(|known| ext.eq_ignore_ascii_case(known))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn names(expanded: &Expanded, root: &Path) -> Vec<String> {
        expanded
            .photos
            .iter()
            .map(|p| {
                p.path
                    .strip_prefix(root)
                    .unwrap_or(&p.path)
                    .display()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn a_folder_gives_its_photos_in_name_order_with_sub_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/inner")).unwrap();
        for name in [
            "c.JPG",
            "a.png",
            "notes.txt",
            "b/inner/z.webp",
            "b/y.jpeg",
            "d",
        ] {
            std::fs::write(root.join(name), b"x").unwrap();
        }
        let expanded = expand(&[root.to_path_buf()]);
        assert_eq!(
            names(&expanded, root),
            ["a.png", "b/inner/z.webp", "b/y.jpeg", "c.JPG"]
        );
        assert_eq!(
            expanded.photos[1].output_stem,
            PathBuf::from("b/inner/z"),
            "a folder's photo is named by its path inside the folder"
        );
        assert!(expanded.is_batch());
        assert!(expanded.skipped.is_empty());
    }

    #[test]
    fn files_given_by_name_are_kept_as_given_whatever_their_name() {
        let expanded = expand(&[PathBuf::from("x/report.txt"), PathBuf::from("missing.jpg")]);
        assert_eq!(expanded.photos.len(), 2);
        assert_eq!(expanded.photos[0].output_stem, PathBuf::from("report"));
        assert!(!expand(&[PathBuf::from("one.jpg")]).is_batch());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_to_photos_inside_the_folder() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.jpg"), b"x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("real.jpg"), b"x").unwrap();
        symlink(root.join("real.jpg"), root.join("alias.jpg")).unwrap();
        symlink(outside.path().join("secret.jpg"), root.join("escape.jpg")).unwrap();
        symlink(outside.path(), root.join("elsewhere")).unwrap();
        symlink(root, root.join("loop")).unwrap();
        symlink(root.join("gone.jpg"), root.join("broken.jpg")).unwrap();
        let expanded = expand(&[root.to_path_buf()]);
        assert_eq!(names(&expanded, root), ["alias.jpg", "real.jpg"]);
        assert_eq!(expanded.skipped.len(), 2, "{:?}", expanded.skipped);
        assert!(
            expanded
                .skipped
                .iter()
                .any(|s| s.contains("escape.jpg`: a link out of"))
        );
        assert!(
            expanded
                .skipped
                .iter()
                .any(|s| s.contains("broken.jpg`: a broken link"))
        );
    }
}
