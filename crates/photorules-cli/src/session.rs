//! Setting up the library for commands that check photos: rules root, plugin directories.

use std::path::PathBuf;

use clap::Args;
use photorules::{Options, Photorules};

use crate::exit_code::{self, Exit};
use crate::global::Global;

/// Where plugins come from.
#[derive(Debug, Args)]
pub struct PluginArgs {
    /// Also load plugins from DIR (repeatable). `plugins/` beside the rules root is always searched.
    #[arg(long = "plugins", value_name = "DIR")]
    pub plugin_dirs: Vec<PathBuf>,
    /// Load no plugins at all: rules on plugin metrics become `unknown`.
    #[arg(long)]
    pub no_plugins: bool,
}

impl PluginArgs {
    /// The project's `plugins/` (beside the rules root) and the directories given.
    pub fn dirs(&self, global: &Global) -> Vec<PathBuf> {
        if self.no_plugins {
            return Vec::new();
        }
        let project = global
            .rules
            .parent()
            .map(|p| p.join("plugins"))
            .unwrap_or_else(|| PathBuf::from("plugins"));
        let mut dirs = Vec::new();
        if project.is_dir() {
            dirs.push(project);
        }
        dirs.extend(self.plugin_dirs.iter().cloned());
        dirs
    }
}

/// Build the library; plugin load errors are printed and the others load.
pub fn open(global: &Global, plugins: &PluginArgs) -> Result<Photorules, Exit> {
    let mut options = Options::new(&global.rules);
    options.plugin_dirs = plugins.dirs(global);
    match Photorules::new(options) {
        Ok(photorules) => {
            for error in photorules.plugin_errors() {
                eprintln!(
                    "warning: plugin not loaded: {}",
                    photorules::engine::render::text::terminal_safe(&error.to_string())
                );
            }
            Ok(photorules)
        }
        Err(error) => {
            eprintln!("error: {error}");
            Err(exit_code::for_setup(&error))
        }
    }
}

/// What a command leaves to the end of the process: the engine, or a measurer.
pub trait Engine {
    /// Returns once no face model is still loading on a thread of its own.
    fn wait_until_loaded(&self);
}

impl Engine for Photorules {
    fn wait_until_loaded(&self) {
        Photorules::wait_until_loaded(self);
    }
}

impl Engine for photorules::measure::Measurer {
    fn wait_until_loaded(&self) {
        photorules::measure::Measurer::wait_until_loaded(self);
    }
}

/// Lets the engine (or a measurer) go without taking it apart, once the command's output is
/// written: the process ends when the command returns, and the system takes its memory back
/// at once, where running the destructors (wasmtime's pooled instances, the loaded plugins;
/// ONNX Runtime's sessions too, when the networks ran in it) added 10–15 ms to a one-photo
/// `check`. Nothing in them writes anything when dropped. A model still loading (no photo
/// could be read, say) is waited for first, so that the exit cuts no thread off.
pub fn release_at_exit(engine: impl Engine) {
    engine.wait_until_loaded();
    std::mem::forget(engine);
}

/// Print why a profile could not be compiled, and the exit code for it.
pub fn profile_failed(global: &Global, error: &photorules::ProfileError) -> Exit {
    eprintln!("error: {error}");
    if let photorules::ProfileError::Invalid { diagnostics, .. } = error {
        crate::global::eprint_diagnostics(global.error_format(), diagnostics.iter());
    }
    Exit::Profile
}
