//! A loaded plugin: its checked manifest, its compiled and pre-linked module, its contracts.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::{ExternType, InstancePre, Linker, Module, ValType};

use photorules_core::MetricSpec;

use crate::abi::{AbiVersion, EXPORT_ALLOC, EXPORT_CHECK, EXPORT_MEMORY, EXPORT_VERSION, HOST_ABI};
use crate::cache::{CacheOutcome, ModuleCache};
use crate::call::{self, CallContext, CallState};
use crate::error::LoadError;
use crate::limits::{PluginLimits, WASM_PAGE};
use crate::manifest::{MANIFEST_FILE, Manifest};
use crate::output::OutputContract;

/// Largest module file the host reads.
pub const MAX_MODULE_BYTES: u64 = 64 << 20;
/// A manifest larger than this is refused before it is read (the shipped ones are ~2 KB).
pub const MAX_MANIFEST_BYTES: u64 = 256 << 10;
/// Fuel for instantiating and reading the version marker at load time.
const STARTUP_FUEL: u64 = 10_000_000;

/// A plugin ready to run.
pub struct Plugin {
    pub(crate) manifest: Manifest,
    pub(crate) dir: PathBuf,
    pub(crate) wasm_path: PathBuf,
    pub(crate) sha256: String,
    pub(crate) limits: PluginLimits,
    pub(crate) pre: InstancePre<CallState>,
    pub(crate) output: OutputContract,
    pub(crate) params: Option<jsonschema::Validator>,
    pub(crate) cache: CacheOutcome,
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("name", &self.manifest.name)
            .field("dir", &self.dir)
            .field("sha256", &self.sha256)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Plugin {
    pub fn name(&self) -> &str {
        &self.manifest.name
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The directory the plugin was loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn wasm_path(&self) -> &Path {
        &self.wasm_path
    }

    /// Lower-case hex SHA-256 of the module (verified against the manifest).
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The limits calls run under (the manifest's, capped by the host).
    pub fn limits(&self) -> PluginLimits {
        self.limits
    }

    /// Catalogue entries of the metrics the plugin provides.
    pub fn metric_specs(&self) -> Vec<MetricSpec> {
        self.manifest.metric_specs()
    }

    /// Names of the metrics the plugin provides.
    pub fn metric_names(&self) -> impl Iterator<Item = &str> {
        self.manifest.metrics.iter().map(|m| m.name.as_str())
    }

    /// JSON Schema its output is validated against.
    pub fn output_schema(&self) -> &serde_json::Value {
        self.output.schema()
    }

    /// Where the compiled module came from when the plugin was loaded.
    pub fn cache_outcome(&self) -> &CacheOutcome {
        &self.cache
    }
}

/// Load the plugin in `dir` (which holds `plugin.toml`).
pub(crate) fn load(
    context: &CallContext<'_>,
    cache: &ModuleCache,
    dir: &Path,
) -> Result<Plugin, LoadError> {
    let engine = context.engine;
    let manifest_path = dir.join(MANIFEST_FILE);
    let text = photorules_core::file::read_text_limited(&manifest_path, MAX_MANIFEST_BYTES)
        .map_err(|source| LoadError::Read {
            path: manifest_path.clone(),
            source,
        })?;
    let manifest = Manifest::parse(&text).map_err(|p| LoadError::Manifest {
        path: manifest_path.clone(),
        message: p.message,
    })?;
    let abi = manifest.abi_version().map_err(|p| LoadError::Manifest {
        path: manifest_path.clone(),
        message: p.message,
    })?;
    if !HOST_ABI.runs(abi) {
        return Err(LoadError::UnsupportedInterface {
            path: manifest_path,
            declared: abi.to_string(),
            host: HOST_ABI.to_string(),
            hint: if abi.major == HOST_ABI.major {
                "; it needs a newer photorules"
            } else {
                ""
            },
        });
    }

    let wasm_path = dir.join(manifest.wasm_file());
    let wasm = read_module(&wasm_path)?;
    let digest: [u8; 32] = Sha256::digest(&wasm).into();
    let sha256 = hex::encode(digest);
    if sha256 != manifest.sha256 {
        return Err(LoadError::HashMismatch {
            path: wasm_path,
            manifest: manifest_path,
            expected: manifest.sha256.clone(),
            actual: sha256,
        });
    }

    let (module, cache_outcome) =
        cache
            .module(engine, &wasm, &digest)
            .map_err(|e| LoadError::Compile {
                path: wasm_path.clone(),
                message: e.to_string(),
            })?;
    refuse_imports(&module, &wasm_path)?;
    let limits = PluginLimits::resolve(&manifest.limits, context.host_limits);
    check_exports(&module, &wasm_path, &limits)?;

    let pre = Linker::<CallState>::new(engine)
        .instantiate_pre(&module)
        .map_err(|e| LoadError::Interface {
            path: wasm_path.clone(),
            message: e.to_string(),
        })?;
    let exported =
        read_version_marker(&pre, context, &manifest.name, &limits).map_err(|failure| {
            LoadError::Startup {
                path: wasm_path.clone(),
                failure,
            }
        })?;
    if exported != abi {
        return Err(LoadError::VersionMarker {
            path: wasm_path,
            manifest: manifest_path,
            declared: abi.to_string(),
            exported: exported.to_string(),
        });
    }

    let output =
        OutputContract::for_manifest(&manifest).map_err(|message| LoadError::Manifest {
            path: manifest_path.clone(),
            message: format!("the output schema made from `metrics` does not compile: {message}"),
        })?;
    let params = match &manifest.parameters {
        Some(schema) => {
            Some(
                jsonschema::validator_for(schema).map_err(|e| LoadError::Manifest {
                    path: manifest_path.clone(),
                    message: format!("`parameters` is not a valid JSON Schema: {}", e.masked()),
                })?,
            )
        }
        None => None,
    };
    Ok(Plugin {
        manifest,
        dir: dir.to_path_buf(),
        wasm_path,
        sha256,
        limits,
        pre,
        output,
        params,
        cache: cache_outcome,
    })
}

fn read_module(path: &Path) -> Result<Vec<u8>, LoadError> {
    let read_error = |source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size > MAX_MODULE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_MODULE_BYTES,
        });
    }
    photorules_core::file::read_limited(path, MAX_MODULE_BYTES).map_err(read_error)
}

/// The host offers no imports at all: name every import the module asks for.
fn refuse_imports(module: &Module, path: &Path) -> Result<(), LoadError> {
    let imports: Vec<String> = module
        .imports()
        .map(|import| {
            let kind = match import.ty() {
                ExternType::Func(_) => "function",
                ExternType::Global(_) => "global",
                ExternType::Table(_) => "table",
                ExternType::Memory(_) => "memory",
                ExternType::Tag(_) => "tag",
            };
            format!("{}::{} ({kind})", import.module(), import.name())
        })
        .collect();
    if imports.is_empty() {
        Ok(())
    } else {
        Err(LoadError::ForbiddenImport {
            path: path.to_path_buf(),
            imports,
        })
    }
}

/// The four exports of the interface, with their exact types.
fn check_exports(module: &Module, path: &Path, limits: &PluginLimits) -> Result<(), LoadError> {
    let problem = |message: String| LoadError::Interface {
        path: path.to_path_buf(),
        message,
    };
    match module.get_export(EXPORT_MEMORY) {
        Some(ExternType::Memory(memory)) => {
            if memory.is_64() || memory.is_shared() {
                return Err(problem(format!(
                    "`{EXPORT_MEMORY}` must be a plain 32-bit, unshared memory"
                )));
            }
            let initial = memory.minimum().saturating_mul(WASM_PAGE as u64);
            if initial > limits.working_memory_bytes as u64 {
                return Err(problem(format!(
                    "its memory starts at {} pages ({}), more than its memory limit of {}; raise `limits.memory_mib`",
                    memory.minimum(),
                    mib(initial),
                    mib(limits.working_memory_bytes as u64)
                )));
            }
        }
        _ => {
            return Err(problem(format!(
                "it does not export its memory as `{EXPORT_MEMORY}`"
            )));
        }
    }
    let expect = |name: &str, params: &[&str], results: &[&str]| {
        let signature = format!("({}) -> ({})", params.join(", "), results.join(", "));
        let matches = match module.get_export(name) {
            Some(ExternType::Func(func)) => {
                let names = |types: &mut dyn ExactSizeIterator<Item = ValType>| {
                    types.map(|t| val_type_name(&t)).collect::<Vec<_>>()
                };
                names(&mut func.params()) == params && names(&mut func.results()) == results
            }
            _ => false,
        };
        if matches {
            Ok(())
        } else {
            Err(problem(format!(
                "it must export the function `{name}: {signature}`"
            )))
        }
    };
    expect(EXPORT_VERSION, &[], &["i32"])?;
    expect(EXPORT_ALLOC, &["i32"], &["i32"])?;
    expect(EXPORT_CHECK, &["i32", "i32"], &["i64"])?;
    Ok(())
}

fn val_type_name(t: &ValType) -> &'static str {
    match t {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        ValType::V128 => "v128",
        ValType::Ref(_) => "ref",
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
}

/// Instantiate once (running any start function under a small fuel budget) and read the
/// exported interface version.
fn read_version_marker(
    pre: &InstancePre<CallState>,
    context: &CallContext<'_>,
    plugin: &str,
    limits: &PluginLimits,
) -> Result<AbiVersion, crate::failure::PluginFailure> {
    let host_limits = context.host_limits;
    let startup_limits = PluginLimits {
        fuel: limits.fuel.min(STARTUP_FUEL),
        ..*limits
    };
    let memory = startup_limits.memory_bytes_for_input(0, host_limits);
    let mut store = call::store::new_store(
        context.engine,
        &startup_limits,
        memory,
        context.deadline_ticks,
    );
    let instance = pre
        .instantiate(&mut store)
        .map_err(|e| call::store::failure(plugin, e, &store, &startup_limits, host_limits))?;
    let version = instance
        .get_typed_func::<(), u32>(&mut store, EXPORT_VERSION)
        .and_then(|f| f.call(&mut store, ()))
        .map_err(|e| call::store::failure(plugin, e, &store, &startup_limits, host_limits))?;
    Ok(AbiVersion::from_packed(version))
}
