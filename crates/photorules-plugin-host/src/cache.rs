//! Compiled modules, cached in memory and (optionally) precompiled on disk.
//!
//! Compiling a plugin with Cranelift takes tens of milliseconds; loading a precompiled one
//! takes well under one. A disk entry is keyed by the SHA-256 of the engine's compatibility
//! hash and of the `.wasm`, and carries that key and the SHA-256 of its payload in a header.
//! An entry is used only when the file's key is the expected one and the payload hash
//! matches; anything else is ignored and overwritten by a fresh compilation. Precompiled code
//! is native code: the cache directory must be as trusted as the photorules binary itself
//! (it is created private to the user). `CacheConfig::MemoryOnly` never touches the disk.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};
use wasmtime::{Engine, Module};

/// Where compiled modules are kept between processes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheConfig {
    /// Precompiled modules in this directory (created if missing).
    Disk(PathBuf),
    /// Compile once per process; nothing is written.
    MemoryOnly,
}

impl CacheConfig {
    /// `$XDG_CACHE_HOME/photorules/plugins`, or `$HOME/.cache/photorules/plugins`; memory
    /// only when neither variable is set.
    pub fn user_default() -> CacheConfig {
        match photorules_core::cache::user_cache_dir("plugins") {
            Some(dir) => CacheConfig::Disk(dir),
            None => CacheConfig::MemoryOnly,
        }
    }
}

/// Where a module came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheOutcome {
    /// Already compiled in this process.
    Memory,
    /// Loaded from a verified disk entry.
    Disk,
    /// Compiled now. `stored` tells whether a disk entry was written; `rejected` holds why an
    /// existing disk entry was not used.
    Compiled {
        stored: bool,
        rejected: Option<String>,
    },
}

const MAGIC: &[u8; 8] = b"PRPLCC01";
/// A cache entry is a compiled module: larger than this, it is not ours and is not read.
const MAX_ENTRY_BYTES: u64 = 512 << 20;

/// The module cache of one host.
pub struct ModuleCache {
    dir: Option<PathBuf>,
    engine_key: [u8; 32],
    memory: Mutex<HashMap<[u8; 32], Module>>,
}

impl ModuleCache {
    pub fn new(engine: &Engine, config: &CacheConfig) -> ModuleCache {
        let mut hasher = Sha256Hasher::default();
        hasher.0.update(b"photorules-plugin-host module cache 1\0");
        hasher.0.update(env!("CARGO_PKG_VERSION").as_bytes());
        engine.precompile_compatibility_hash().hash(&mut hasher);
        ModuleCache {
            dir: match config {
                CacheConfig::Disk(dir) => Some(dir.clone()),
                CacheConfig::MemoryOnly => None,
            },
            engine_key: hasher.0.finalize().into(),
            memory: Mutex::new(HashMap::new()),
        }
    }

    /// The key of a module: engine compatibility and module content.
    fn key(&self, wasm_sha256: &[u8; 32]) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(self.engine_key);
        hasher.update(wasm_sha256);
        hasher.finalize().into()
    }

    /// The path of the disk entry of a module, if disk caching is on.
    pub fn entry_path(&self, wasm_sha256: &[u8; 32]) -> Option<PathBuf> {
        let key = self.key(wasm_sha256);
        self.dir
            .as_ref()
            .map(|dir| dir.join(format!("{}.cwasm", hex::encode(key))))
    }

    /// The compiled module for `wasm`, whose SHA-256 the caller has verified.
    pub fn module(
        &self,
        engine: &Engine,
        wasm: &[u8],
        wasm_sha256: &[u8; 32],
    ) -> Result<(Module, CacheOutcome), wasmtime::Error> {
        let key = self.key(wasm_sha256);
        if let Some(module) = self.lock_memory().get(&key) {
            return Ok((module.clone(), CacheOutcome::Memory));
        }
        let path = self.entry_path(wasm_sha256);
        let mut rejected = None;
        if let Some(path) = &path {
            match read_entry(engine, path, &key) {
                Ok(Some(module)) => {
                    self.lock_memory().insert(key, module.clone());
                    return Ok((module, CacheOutcome::Disk));
                }
                Ok(None) => {}
                Err(reason) => rejected = Some(reason),
            }
        }
        let module = Module::from_binary(engine, wasm)?;
        let stored = match &path {
            Some(path) => write_entry(path, &key, &module).is_ok(),
            None => false,
        };
        self.lock_memory().insert(key, module.clone());
        Ok((module, CacheOutcome::Compiled { stored, rejected }))
    }

    fn lock_memory(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Module>> {
        // A poisoned map only means another thread panicked while inserting a module that is
        // complete either way; the map itself stays usable.
        self.memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Read and verify a disk entry. `Ok(None)`: no entry; `Err`: an entry that is not used.
fn read_entry(engine: &Engine, path: &Path, key: &[u8; 32]) -> Result<Option<Module>, String> {
    let Some(payload) = photorules_core::cache::read_entry(path, MAGIC, key, MAX_ENTRY_BYTES)?
    else {
        return Ok(None);
    };
    deserialize(engine, &payload)
        .map(Some)
        .map_err(|e| format!("`{}` does not load: {e}", path.display()))
}

/// Turn verified precompiled bytes into a module.
#[allow(unsafe_code)]
fn deserialize(engine: &Engine, payload: &[u8]) -> Result<Module, wasmtime::Error> {
    // SAFETY: `Module::deserialize` requires bytes produced by `Module::serialize` of a
    // compatible engine. The payload was written by `write_entry` below: its SHA-256 (checked
    // by the caller over these very bytes, already in memory, so the file cannot change in
    // between) and its key (engine compatibility hash + module hash) match. wasmtime itself
    // also checks the engine configuration recorded in the payload and refuses a mismatch.
    unsafe { Module::deserialize(engine, payload) }
}

/// Write an entry atomically: a temporary file in the same directory, then a rename.
fn write_entry(path: &Path, key: &[u8; 32], module: &Module) -> std::io::Result<()> {
    let payload = module.serialize().map_err(std::io::Error::other)?;
    photorules_core::cache::write_entry(path, MAGIC, key, &payload)
}

/// Feeds `Hash` input into SHA-256, so the engine's compatibility hash becomes a stable,
/// collision-resistant key (std's `DefaultHasher` is neither across releases).
#[derive(Default)]
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_le_bytes(first)
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}
