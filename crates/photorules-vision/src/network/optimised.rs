//! Networks optimised once and kept on disk.
//!
//! ONNX Runtime rewrites a network's graph for the machine before running it (fusions, memory
//! layouts for the CPU's vector units); for the two bundled networks that took about 20 ms of
//! every start. The rewritten graph is saved the first time, and later sessions load it with
//! no further optimisation: the same graph, so the same results, in about half the time.
//!
//! The most thorough optimisations depend on the CPU, so an entry's key is the bundled model's
//! SHA-256 (worked out at build time), the ONNX Runtime release and the CPU's identity (vendor,
//! model and feature flags from `/proc/cpuinfo`); where that identity cannot be read, nothing
//! is cached. Entries use the checked format of [`photorules_core::cache`] and live in
//! `~/.cache/photorules/models`.

use std::path::PathBuf;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::runtime::ONNXRUNTIME_VERSION;

const MAGIC: &[u8; 8] = b"PRONNX01";
/// Larger than this, an entry is not one of ours (the bundled networks are 2–3 MB).
const MAX_ENTRY_BYTES: u64 = 64 << 20;

/// Where a network's optimised form is kept, and the key it is kept under.
pub struct Entry {
    pub path: PathBuf,
    key: [u8; 32],
}

impl Entry {
    /// The entry for the bundled network whose SHA-256 is `onnx_sha256`, or `None` when there
    /// is no cache directory or the CPU cannot be identified.
    pub fn for_model(onnx_sha256: &[u8; 32], name: &str) -> Option<Entry> {
        let dir = photorules_core::cache::user_cache_dir("models")?;
        let cpu = cpu_identity().as_deref()?;
        let mut hasher = Sha256::new();
        hasher.update(b"photorules-vision optimised network 1\0");
        hasher.update(ONNXRUNTIME_VERSION.as_bytes());
        hasher.update([0]);
        hasher.update(cpu.as_bytes());
        hasher.update([0]);
        hasher.update(onnx_sha256);
        let key: [u8; 32] = hasher.finalize().into();
        let file = format!("{name}-{}.onnx", hex(&key[..8]));
        Some(Entry {
            path: dir.join(file),
            key,
        })
    }

    /// The optimised network, if a usable entry is there.
    pub fn read(&self) -> Option<Vec<u8>> {
        photorules_core::cache::read_entry(&self.path, MAGIC, &self.key, MAX_ENTRY_BYTES)
            .ok()
            .flatten()
    }

    /// Keep `optimised` (best effort: a cache that cannot be written only costs time).
    pub fn write(&self, optimised: &[u8]) {
        let _ = photorules_core::cache::write_entry(&self.path, MAGIC, &self.key, optimised);
    }

    /// A file beside the entry for ONNX Runtime to write the optimised network into, unique to
    /// this process so that two processes starting together do not mix their files.
    pub fn scratch_path(&self) -> Option<PathBuf> {
        let dir = self.path.parent()?;
        photorules_core::cache::create_private_dir(dir).ok()?;
        let name = self.path.file_name()?.to_string_lossy();
        Some(dir.join(format!(".{name}.{}.tmp", std::process::id())))
    }
}

/// Architecture, vendor, model and feature flags of the first CPU (Linux); `None` elsewhere.
/// Read once per process: every network's key needs it.
fn cpu_identity() -> &'static Option<String> {
    static IDENTITY: OnceLock<Option<String>> = OnceLock::new();
    IDENTITY.get_or_init(read_cpu_identity)
}

fn read_cpu_identity() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let first = info.split("\n\n").next()?;
    let wanted = [
        "vendor_id",
        "cpu family",
        "model",
        "model name",
        "flags",
        "Features",
    ];
    let lines: Vec<&str> = first
        .lines()
        .filter(|line| {
            let field = line.split(':').next().unwrap_or("").trim();
            wanted.contains(&field)
        })
        .collect();
    (!lines.is_empty()).then(|| format!("{}\n{}", std::env::consts::ARCH, lines.join("\n")))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_follows_the_model() {
        let (Some(a), Some(b)) = (
            Entry::for_model(&[1; 32], "x"),
            Entry::for_model(&[2; 32], "x"),
        ) else {
            // No cache directory or no CPU identity here: nothing is cached, nothing to test.
            return;
        };
        assert_ne!(a.key, b.key);
        assert_ne!(a.path, b.path);
        assert_eq!(Entry::for_model(&[1; 32], "x").map(|e| e.key), Some(a.key));
    }
}
