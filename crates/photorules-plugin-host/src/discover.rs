//! Finding plugin directories.
//!
//! A directory given to the host is either a plugin itself (it holds `plugin.toml`) or a
//! collection: each direct subdirectory holding `plugin.toml` is a plugin, taken in name order
//! so that loading (and any duplicate-name error) is the same on every machine. Other
//! subdirectories (the kit, `target/`, fixtures) are ignored.

use std::path::{Path, PathBuf};

use crate::error::LoadError;
use crate::manifest::MANIFEST_FILE;

/// The project's own plugin directory: `<project>/plugins`.
pub fn project_plugin_dir(project_root: &Path) -> PathBuf {
    project_root.join("plugins")
}

/// Plugin directories found under `dirs`, and the directories that could not be read.
pub fn discover(dirs: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for dir in dirs {
        if dir.join(MANIFEST_FILE).is_file() {
            found.push(dir.clone());
            continue;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(source) => {
                errors.push(LoadError::Directory {
                    dir: dir.clone(),
                    source,
                });
                continue;
            }
        };
        let mut plugins: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_dir() && path.join(MANIFEST_FILE).is_file())
            .collect();
        plugins.sort();
        found.extend(plugins);
    }
    (found, errors)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn collections_and_single_plugin_directories_are_both_accepted() {
        let root = tempfile::tempdir().unwrap();
        for name in ["b", "a", "kit"] {
            std::fs::create_dir(root.path().join(name)).unwrap();
        }
        std::fs::write(root.path().join("a").join(MANIFEST_FILE), "").unwrap();
        std::fs::write(root.path().join("b").join(MANIFEST_FILE), "").unwrap();
        let missing = root.path().join("missing");
        let (found, errors) = discover(&[
            root.path().to_path_buf(),
            root.path().join("b"),
            missing.clone(),
        ]);
        assert_eq!(
            found,
            vec![
                root.path().join("a"),
                root.path().join("b"),
                root.path().join("b")
            ]
        );
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("missing"));
    }
}
