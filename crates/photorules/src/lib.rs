//! photorules as a library: compile a profile, check photos against it, and get reports that
//! explain every verdict down to the regulation.
//!
//! ```no_run
//! use photorules::{Options, Photorules};
//!
//! let photorules = Photorules::new(Options::new("rules"))?;
//! let profile = photorules.compile("kz/driving-licence")?;
//! let bytes = std::fs::read("portrait.jpg")?;
//! let checked = photorules.check_bytes(&profile, &bytes, Some("portrait.jpg"))?;
//! println!("{}", checked.report.summary);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! One [`Photorules`] value holds the face models, the loaded plugins and the catalogue; it is
//! `Send + Sync`, so a server shares one between requests.

mod bands;
mod error;
pub mod eval;
pub mod exit;
mod pipeline;
mod plugin_view;
mod preparing;
pub mod profile_tests;
mod profiles;
mod read;
mod unseen;

use std::path::PathBuf;

use photorules_core::Catalogue;
use photorules_measure::{DecodeLimits, MeasureOptions, Measurer};
use photorules_plugin_host::{HostConfig, LoadError, Plugin, PluginHost};

pub use bands::bands_for;
pub use error::{CheckError, ProfileError, SetupError};
pub use pipeline::{Checked, Declared};
pub use read::{MAX_PHOTO_FILE_BYTES, ReadError, read_photo};

pub use photorules_core as core;
pub use photorules_dsl as dsl;
pub use photorules_engine as engine;
pub use photorules_measure as measure;
pub use photorules_plugin_host as plugin_host;
pub use photorules_prepare as prepare;

/// How to set up a [`Photorules`].
#[derive(Debug, Clone)]
pub struct Options {
    /// Where profile `ID` is found as `<rules_root>/<ID>.rules`.
    pub rules_root: PathBuf,
    /// Directories searched for plugins (each plugin is a sub-directory with a manifest).
    pub plugin_dirs: Vec<PathBuf>,
    pub decode_limits: DecodeLimits,
    pub plugin_host: HostConfig,
}

impl Options {
    /// Profiles under `rules_root`, no plugin directories, default limits.
    pub fn new(rules_root: impl Into<PathBuf>) -> Options {
        Options {
            rules_root: rules_root.into(),
            plugin_dirs: Vec::new(),
            decode_limits: DecodeLimits::default(),
            plugin_host: HostConfig::default(),
        }
    }
}

/// Profiles, measurement, plugins and the engine, set up once.
pub struct Photorules {
    rules_root: PathBuf,
    catalogue: Catalogue,
    measurer: Measurer,
    host: PluginHost,
    plugins: Vec<Plugin>,
    plugin_errors: Vec<LoadError>,
    decode_limits: DecodeLimits,
    preparer: photorules_prepare::Preparer,
}

impl std::fmt::Debug for Photorules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Photorules")
            .field("rules_root", &self.rules_root)
            .field(
                "plugins",
                &self.plugins.iter().map(Plugin::name).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Photorules {
    /// Load the face models and every plugin under `options.plugin_dirs`. A plugin that fails
    /// to load does not stop the others: see [`Photorules::plugin_errors`].
    pub fn new(options: Options) -> Result<Photorules, SetupError> {
        // The face models load on their own thread while plugins load here and the caller
        // reads its first photo; the first measurement waits for them.
        let measurer = Measurer::start(MeasureOptions {
            print_size_mm: None,
            limits: options.decode_limits,
        })
        .map_err(SetupError::Models)?;
        let host = PluginHost::new(options.plugin_host).map_err(SetupError::PluginHost)?;
        let loaded = host.load_all(&options.plugin_dirs, &Catalogue::builtin());
        Ok(Photorules {
            rules_root: options.rules_root,
            catalogue: loaded.catalogue,
            measurer,
            host,
            plugins: loaded.plugins,
            plugin_errors: loaded.errors,
            decode_limits: options.decode_limits,
            preparer: photorules_prepare::Preparer::new(),
        })
    }

    pub fn rules_root(&self) -> &std::path::Path {
        &self.rules_root
    }

    /// The built-in metrics plus those of the loaded plugins.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn plugins(&self) -> &[Plugin] {
        &self.plugins
    }

    /// Plugins that were found but refused, each with the file and the cause.
    pub fn plugin_errors(&self) -> &[LoadError] {
        &self.plugin_errors
    }

    pub fn decode_limits(&self) -> &DecodeLimits {
        &self.decode_limits
    }

    /// Returns once the face models, which load in the background from [`Photorules::new`],
    /// are no longer loading. A program that ends without dropping the engine calls it first
    /// (see [`Measurer::wait_until_loaded`]).
    pub fn wait_until_loaded(&self) {
        self.measurer.wait_until_loaded();
    }
}
