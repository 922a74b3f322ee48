//! Files derived from others and kept between runs (compiled plugins, optimised networks): a
//! private directory under the user's cache, and entries that carry their key and a hash of
//! their payload, so that a stale, foreign, cut or edited file is never used.
//!
//! An entry is `MAGIC (8 bytes) · key (32) · SHA-256 of the payload (32) · payload`. It is read
//! into memory once, checked, and the caller uses those same bytes (no window for the file to
//! change). It is written atomically: a temporary file in the same directory, then a rename.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// `$XDG_CACHE_HOME/photorules/<kind>`, else `~/.cache/photorules/<kind>`; `None` when neither
/// variable is set.
pub fn user_cache_dir(kind: &str) -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|home| PathBuf::from(home).join(".cache"))
        })
        .map(|base| base.join("photorules").join(kind))
}

const HEADER_LEN: usize = 8 + 32 + 32;

/// The payload of the entry at `path` if it is one of `magic` for `key`, intact: `Ok(None)`
/// when there is no entry, `Err` with the reason when there is one that cannot be used.
pub fn read_entry(
    path: &Path,
    magic: &[u8; 8],
    key: &[u8; 32],
    max_bytes: u64,
) -> Result<Option<Vec<u8>>, String> {
    let mut bytes = match crate::file::read_limited(path, max_bytes) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
    };
    if bytes.len() < HEADER_LEN || &bytes[..magic.len()] != magic {
        return Err(format!("`{}` is not a cache entry", path.display()));
    }
    let (stored_key, rest) = bytes[magic.len()..].split_at(32);
    let (stored_hash, payload) = rest.split_at(32);
    if stored_key != key {
        return Err(format!("`{}` belongs to another key", path.display()));
    }
    if Sha256::digest(payload).as_slice() != stored_hash {
        return Err(format!("`{}` is corrupt", path.display()));
    }
    bytes.drain(..HEADER_LEN);
    Ok(Some(bytes))
}

/// Write an entry atomically, making its directory (private to the user) when needed.
pub fn write_entry(
    path: &Path,
    magic: &[u8; 8],
    key: &[u8; 32],
    payload: &[u8],
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("cache entry without a directory"))?;
    create_private_dir(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(magic)?;
    file.write_all(key)?;
    file.write_all(&Sha256::digest(payload))?;
    file.write_all(payload)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A directory only its owner can enter: cache entries are code or models the program trusts.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const MAGIC: &[u8; 8] = b"PRTEST01";

    #[test]
    fn an_entry_reads_back_only_for_its_key_and_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("entry");
        assert_eq!(read_entry(&path, MAGIC, &[1; 32], 1 << 20), Ok(None));
        write_entry(&path, MAGIC, &[1; 32], b"payload").unwrap();
        assert_eq!(
            read_entry(&path, MAGIC, &[1; 32], 1 << 20),
            Ok(Some(b"payload".to_vec()))
        );
        let other = read_entry(&path, MAGIC, &[2; 32], 1 << 20).unwrap_err();
        assert!(other.contains("another key"), "{other}");
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let corrupt = read_entry(&path, MAGIC, &[1; 32], 1 << 20).unwrap_err();
        assert!(corrupt.contains("corrupt"), "{corrupt}");
        let wrong = read_entry(&path, b"PRTEST02", &[1; 32], 1 << 20).unwrap_err();
        assert!(wrong.contains("not a cache entry"), "{wrong}");
    }
}
