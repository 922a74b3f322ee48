//! Sandboxed WebAssembly plugins: checks added to photorules without recompiling it and without
//! trusting them.
//!
//! A plugin is a directory with a manifest (`plugin.toml`, see [`manifest`]) and a core
//! WebAssembly module speaking the interface in [`abi`]. The host ([`PluginHost`]):
//! - refuses a module whose SHA-256 differs from the manifest's, that is built for an
//!   interface it does not speak, or that imports anything at all (it offers no imports: no
//!   WASI, files, network or clock);
//! - runs each call in a fresh store with fuel (deterministic), a memory cap that traps on
//!   growth, an output-size cap checked before reading, and a wall-clock backstop;
//! - validates the output against a JSON Schema made from the manifest's declared metrics;
//! - turns any failure into a [`PluginFailure`] that concerns that call only.
//!
//! `docs/plugins.md` is the author's guide; `schema/plugin.schema.json` the interface schema.

pub mod abi;
pub mod cache;
mod call;
pub mod declared;
pub mod discover;
pub mod engine;
pub mod error;
pub mod failure;
mod host;
pub mod limits;
pub mod manifest;
pub mod output;
mod plugin;
pub mod schema;
pub mod view;

pub use abi::{AbiVersion, HOST_ABI};
pub use cache::{CacheConfig, CacheOutcome};
pub use call::{ImageView, PluginOutput};
pub use declared::declared_catalogue;
pub use discover::{discover, project_plugin_dir};
pub use engine::{Allocator, EngineError};
pub use error::LoadError;
pub use failure::{FailureKind, PluginFailure};
pub use host::{HostConfig, LoadReport, PluginHost, PluginRun};
pub use limits::{HostLimits, PluginLimits};
pub use manifest::{MANIFEST_FILE, Manifest};
pub use plugin::Plugin;
pub use schema::{interface_schema, interface_schema_text};
pub use view::{Placement, ViewRegion, ViewRequest};
