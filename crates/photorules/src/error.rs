//! What can go wrong, by stage: setting up, compiling a profile, checking a photo.

use photorules_dsl::Diagnostics;

/// The library could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The measurer's own message already says which model and why.
    #[error(transparent)]
    Models(photorules_measure::MeasureError),
    #[error("the plugin host could not start: {0}")]
    PluginHost(#[source] photorules_plugin_host::EngineError),
}

/// A profile could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error(
        "`{id}` is not a profile id: ids are lower-case words separated by `/` (e.g. \
         `kz/driving-licence`); give the path of a `.rules` file to use a file"
    )]
    BadId { id: String },
    #[error("no profile `{id}` under `{root}`{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    Unknown {
        id: String,
        root: String,
        suggestion: Option<String>,
    },
    #[error("profile `{target}` does not compile ({} error{})", diagnostics.error_count(), if diagnostics.error_count() == 1 { "" } else { "s" })]
    Invalid {
        target: String,
        diagnostics: Diagnostics,
    },
}

/// A photo could not be checked. The photo is named by the caller (a batch names each file).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}")]
    Measure(#[from] photorules_measure::MeasureError),
}
