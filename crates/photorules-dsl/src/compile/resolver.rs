//! Where profiles live: `<root>/<id>.rules`.

use std::path::{Path, PathBuf};

/// Directories deeper than this under a rules root are not searched.
const MAX_DEPTH: usize = 16;

/// The file that holds profile `id` under `root`.
pub fn path_for(root: &Path, id: &str) -> PathBuf {
    root.join(format!("{id}.rules"))
}

/// The rules root of a file that holds profile `id`: the path minus `<id>.rules`; `None` when
/// the path does not end that way.
pub fn root_of(path: &Path, id: &str) -> Option<PathBuf> {
    let relative = PathBuf::from(format!("{id}.rules"));
    if id.is_empty() || !path.ends_with(&relative) {
        return None;
    }
    let depth = relative.components().count();
    path.ancestors().nth(depth).map(Path::to_path_buf)
}

/// Every profile under `root`, as (id, path), sorted by id.
pub fn list(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    walk(root, root, 0, &mut out);
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, depth: usize, out: &mut Vec<(String, PathBuf)>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(root, &path, depth + 1, out);
        } else if path.extension().is_some_and(|e| e == "rules") {
            let id = path.strip_prefix(root).ok().and_then(|rel| {
                rel.with_extension("")
                    .to_str()
                    .map(|s| s.replace('\\', "/"))
            });
            if let Some(id) = id {
                out.push((id, path));
            }
        }
    }
}

/// A profile id in its documented form: lower-case words of letters, digits, `_` and `-`, each
/// starting with a letter or digit, separated by single `/` (`kz/driving-licence`).
pub fn is_profile_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id.split('/').all(|part| {
            part.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_the_path_minus_the_id() {
        let root = root_of(
            Path::new("rules/kz/driving-licence.rules"),
            "kz/driving-licence",
        );
        assert_eq!(root, Some(PathBuf::from("rules")));
        assert_eq!(
            root_of(Path::new("base.rules"), "base"),
            Some(PathBuf::new())
        );
        assert_eq!(root_of(Path::new("rules/kz/x.rules"), "kz/y"), None);
        assert_eq!(root_of(Path::new("rules/akz/x.rules"), "kz/x"), None);
    }
}
