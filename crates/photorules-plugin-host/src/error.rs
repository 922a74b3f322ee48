//! Why a plugin could not be loaded. Every message names the file and the cause.

use std::path::PathBuf;

use crate::failure::PluginFailure;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read plugin directory `{}`: {source}", dir.display())]
    Directory {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{}`: {message}", path.display())]
    Manifest { path: PathBuf, message: String },
    #[error(
        "`{}` is built for plugin interface {declared}, which this photorules (interface {host}) does not speak{hint}",
        path.display()
    )]
    UnsupportedInterface {
        path: PathBuf,
        declared: String,
        host: String,
        hint: &'static str,
    },
    #[error("`{}` is {size} bytes; plugin modules may be at most {limit} bytes", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "`{}` does not match its manifest: SHA-256 is `{actual}`, `{}` pins `{expected}`",
        path.display(), manifest.display()
    )]
    HashMismatch {
        path: PathBuf,
        manifest: PathBuf,
        expected: String,
        actual: String,
    },
    #[error("`{}` is not a valid WebAssembly module: {message}", path.display())]
    Compile { path: PathBuf, message: String },
    #[error(
        "`{}` imports {}; plugins get no imports at all (no WASI, files, network or clock)",
        path.display(), imports.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
    )]
    ForbiddenImport { path: PathBuf, imports: Vec<String> },
    #[error("`{}` does not follow the plugin interface: {message}", path.display())]
    Interface { path: PathBuf, message: String },
    #[error(
        "`{}` exports interface version {exported}, but its manifest `{}` says {declared}",
        path.display(), manifest.display()
    )]
    VersionMarker {
        path: PathBuf,
        manifest: PathBuf,
        declared: String,
        exported: String,
    },
    #[error("`{}` fails when started: {failure}", path.display())]
    Startup {
        path: PathBuf,
        failure: PluginFailure,
    },
    #[error(
        "plugin `{name}` in `{}` is already loaded from `{}`",
        second.display(), first.display()
    )]
    Duplicate {
        name: String,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("`{}`: {message}", path.display())]
    Catalogue { path: PathBuf, message: String },
}
