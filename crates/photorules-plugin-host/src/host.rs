//! The plugin host: one engine, one module cache, the loaded plugins' calls.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use wasmtime::Engine;

use photorules_core::{Catalogue, Metrics};

use crate::cache::{CacheConfig, ModuleCache};
use crate::call::{self, CallContext, ImageView, PluginOutput};
use crate::discover::discover;
use crate::engine::{Allocator, EngineError, EpochTicker, build_engine};
use crate::error::LoadError;
use crate::failure::PluginFailure;
use crate::limits::HostLimits;
use crate::plugin::{self, Plugin};

/// How the host is set up.
#[derive(Debug, Clone, PartialEq)]
pub struct HostConfig {
    pub limits: HostLimits,
    pub cache: CacheConfig,
    pub allocator: Allocator,
}

impl Default for HostConfig {
    /// Default limits, the user's cache directory, the pooling allocator.
    fn default() -> HostConfig {
        HostConfig {
            limits: HostLimits::default(),
            cache: CacheConfig::user_default(),
            allocator: Allocator::default(),
        }
    }
}

/// Plugins loaded from directories, the load errors that did not stop the others, and the
/// catalogue extended by the loaded plugins' metrics.
#[derive(Debug)]
pub struct LoadReport {
    pub plugins: Vec<Plugin>,
    pub errors: Vec<LoadError>,
    pub catalogue: Catalogue,
}

impl LoadReport {
    pub fn plugin(&self, name: &str) -> Option<&Plugin> {
        self.plugins.iter().find(|p| p.name() == name)
    }
}

/// The outcome of a call in the form a report needs: the metrics are always complete (absent
/// with the failure as reason when the call failed).
#[derive(Debug, Clone, PartialEq)]
pub struct PluginRun {
    pub plugin: String,
    pub metrics: Metrics,
    pub notes: Vec<String>,
    pub fuel_used: Option<u64>,
    pub failure: Option<PluginFailure>,
}

/// Loads and runs plugins. Cheap to share between threads (`run` takes `&self`).
pub struct PluginHost {
    // Held only for its `Drop`, which stops the epoch thread; declared first so that it
    // stops before the engine goes.
    _ticker: Option<EpochTicker>,
    engine: Engine,
    allocator: Allocator,
    limits: HostLimits,
    cache: ModuleCache,
    deadline_ticks: Option<u64>,
}

impl std::fmt::Debug for PluginHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginHost")
            .field("allocator", &self.allocator)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl PluginHost {
    pub fn new(config: HostConfig) -> Result<PluginHost, EngineError> {
        let (engine, allocator) = build_engine(&config.limits, config.allocator)?;
        let (ticker, deadline_ticks) = match config.limits.wall_clock_backstop {
            Some(backstop) => {
                let ticker = EpochTicker::start(&engine, EpochTicker::tick_for(backstop))?;
                let ticks = ticker.ticks_for(backstop);
                (Some(ticker), Some(ticks))
            }
            None => (None, None),
        };
        let cache = ModuleCache::new(&engine, &config.cache);
        Ok(PluginHost {
            _ticker: ticker,
            engine,
            allocator,
            limits: config.limits,
            cache,
            deadline_ticks,
        })
    }

    /// The allocator in use (pooling falls back to on-demand when it cannot reserve memory).
    pub fn allocator(&self) -> Allocator {
        self.allocator
    }

    pub fn limits(&self) -> &HostLimits {
        &self.limits
    }

    /// Where the disk cache entry of a module with this SHA-256 lives, when disk caching is on.
    pub fn cache_entry(&self, wasm_sha256: &[u8; 32]) -> Option<PathBuf> {
        self.cache.entry_path(wasm_sha256)
    }

    fn context(&self) -> CallContext<'_> {
        CallContext {
            engine: &self.engine,
            host_limits: &self.limits,
            deadline_ticks: self.deadline_ticks,
        }
    }

    /// Load one plugin directory.
    pub fn load(&self, dir: &Path) -> Result<Plugin, LoadError> {
        plugin::load(&self.context(), &self.cache, dir)
    }

    /// Load every plugin found under `dirs` (see [`crate::discover`]). A plugin that fails to
    /// load, repeats an earlier plugin's name or declares a metric `base` (or an earlier
    /// plugin) already has is left out with its error; the others load.
    pub fn load_all(&self, dirs: &[PathBuf], base: &Catalogue) -> LoadReport {
        let (found, mut errors) = discover(dirs);
        let mut plugins: Vec<Plugin> = Vec::new();
        let mut catalogue = base.clone();
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        for dir in found {
            let plugin = match self.load(&dir) {
                Ok(plugin) => plugin,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            if let Some(first) = seen.get(plugin.name()) {
                errors.push(LoadError::Duplicate {
                    name: plugin.name().to_string(),
                    first: first.clone(),
                    second: dir,
                });
                continue;
            }
            if let Err(clash) = plugin.manifest().extend_catalogue(&mut catalogue) {
                errors.push(LoadError::Catalogue {
                    path: dir.join(crate::manifest::MANIFEST_FILE),
                    message: clash.to_string(),
                });
                continue;
            }
            seen.insert(plugin.name().to_string(), dir);
            plugins.push(plugin);
        }
        LoadReport {
            plugins,
            errors,
            catalogue,
        }
    }

    /// Run `plugin` on an image, with the metrics measured so far and its parameters from the
    /// profile (`null` or `{}` when the profile gives none). A failure concerns this call only:
    /// the host and the other plugins are unaffected.
    pub fn run(
        &self,
        plugin: &Plugin,
        image: ImageView<'_>,
        metrics: &Metrics,
        params: &serde_json::Value,
    ) -> Result<PluginOutput, PluginFailure> {
        call::run(&self.context(), plugin, image, metrics, params)
    }

    /// [`PluginHost::run`], with a failure turned into absent metrics that give it as reason.
    pub fn run_or_absent(
        &self,
        plugin: &Plugin,
        image: ImageView<'_>,
        metrics: &Metrics,
        params: &serde_json::Value,
    ) -> PluginRun {
        match self.run(plugin, image, metrics, params) {
            Ok(output) => PluginRun {
                plugin: plugin.name().to_string(),
                metrics: output.metrics,
                notes: output.notes,
                fuel_used: Some(output.fuel_used),
                failure: None,
            },
            Err(failure) => PluginRun {
                plugin: plugin.name().to_string(),
                metrics: failure.absent_metrics(plugin.metric_names()),
                notes: Vec::new(),
                fuel_used: None,
                failure: Some(failure),
            },
        }
    }
}
