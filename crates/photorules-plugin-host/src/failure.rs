//! How a plugin call can fail. A failure makes only that plugin's metrics absent.

use serde::Serialize;

use photorules_core::Metrics;

/// What went wrong, for reports and for callers that treat kinds differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureKind {
    /// The call burned its fuel: a deterministic limit (the same input fails the same way).
    OutOfFuel,
    /// The wall-clock backstop stopped the call (depends on the machine, unlike fuel).
    Timeout,
    /// The plugin tried to grow its memory beyond its limit.
    MemoryLimit,
    /// The plugin exhausted the WebAssembly call stack (runaway recursion).
    StackOverflow,
    /// Any other trap: `unreachable` (a Rust panic), out-of-bounds access, division by zero.
    Trap,
    /// The plugin claimed an output longer than its limit.
    OutputTooLarge,
    /// The output is not UTF-8 JSON.
    MalformedOutput,
    /// The output is JSON but does not match the manifest: undeclared or missing metrics,
    /// wrong value types or units.
    InvalidOutput,
    /// The plugin broke the calling convention (e.g. an input pointer outside its memory).
    AbiViolation,
    /// The plugin itself reported that it cannot run (`{"error": "…"}`).
    PluginError,
    /// The profile's parameters do not match the manifest's parameter schema.
    InvalidParams,
    /// The image handed to the plugin is inconsistent (pixel count against width × height).
    InvalidInput,
    /// The instance could not be created (e.g. all pooled slots in use).
    Instantiation,
}

/// A failed plugin call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("plugin `{plugin}` failed: {message}")]
pub struct PluginFailure {
    pub plugin: String,
    pub kind: FailureKind,
    /// Lower-case explanation, e.g. "ran out of fuel (limit 1000000 units)".
    pub message: String,
}

impl PluginFailure {
    pub fn new(plugin: &str, kind: FailureKind, message: impl Into<String>) -> PluginFailure {
        PluginFailure {
            plugin: plugin.to_string(),
            kind,
            message: message.into(),
        }
    }

    /// The metrics a failed call leaves: every name the plugin provides, absent with the
    /// failure as the reason.
    pub fn absent_metrics<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Metrics {
        let mut metrics = Metrics::default();
        for name in names {
            metrics.absent(name, self.to_string());
        }
        metrics
    }
}
