//! One plugin call: the image and parameters checked, the input document built, the
//! exchange with a fresh instance ([`exchange`]) under the call's limits ([`store`]), the
//! output validated.

mod exchange;
pub(crate) mod store;

use std::borrow::Cow;

use wasmtime::Engine;

use photorules_core::Metrics;

use crate::abi::InputDocument;
use crate::failure::{FailureKind, PluginFailure};
use crate::limits::HostLimits;
use crate::output::ValidOutput;
use crate::plugin::Plugin;
use crate::view::Placement;

pub use store::CallState;

/// The pixels a plugin looks at: RGB8, row-major, top-left first, `width * height * 3` bytes,
/// and where they lie in the photo.
#[derive(Debug, Clone, Copy)]
pub struct ImageView<'a> {
    pub width: u32,
    pub height: u32,
    pub rgb: &'a [u8],
    pub placement: Placement,
}

impl<'a> ImageView<'a> {
    /// The whole photo at full resolution.
    pub fn whole(width: u32, height: u32, rgb: &'a [u8]) -> ImageView<'a> {
        ImageView {
            width,
            height,
            rgb,
            placement: Placement::whole(width, height),
        }
    }
}

/// A successful call.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginOutput {
    /// Every metric the plugin provides, measured or absent with its reason.
    pub metrics: Metrics,
    /// Free-text notes for the report.
    pub notes: Vec<String>,
    /// Fuel the call burned (deterministic: the same input burns the same fuel).
    pub fuel_used: u64,
}

/// What the host needs for every call, besides the plugin.
pub(crate) struct CallContext<'a> {
    pub engine: &'a Engine,
    pub host_limits: &'a HostLimits,
    /// Epoch deadline in ticks, when the wall-clock backstop is on.
    pub deadline_ticks: Option<u64>,
}

/// Run a plugin on one image.
pub(crate) fn run(
    context: &CallContext<'_>,
    plugin: &Plugin,
    image: ImageView<'_>,
    metrics: &Metrics,
    params: &serde_json::Value,
) -> Result<PluginOutput, PluginFailure> {
    check_image(plugin, image)?;
    let empty = serde_json::Value::Object(serde_json::Map::new());
    let params = if params.is_null() { &empty } else { params };
    check_params(plugin, params)?;
    let document = InputDocument {
        width: image.width,
        height: image.height,
        placement: image.placement,
        metrics: &selected_inputs(plugin, metrics),
        params,
    };
    let json = serde_json::to_vec(&document).map_err(|e| {
        PluginFailure::new(
            plugin.name(),
            FailureKind::InvalidInput,
            format!("could not be given its input: {e}"),
        )
    })?;
    let raw = exchange::exchange(context, plugin, image, &json)?;
    match plugin.output.parse(&raw.bytes) {
        Ok(ValidOutput::Report { metrics, notes }) => Ok(PluginOutput {
            metrics,
            notes,
            fuel_used: raw.fuel_used,
        }),
        Ok(ValidOutput::Failed { error }) => Err(PluginFailure::new(
            plugin.name(),
            FailureKind::PluginError,
            format!("reported: {error}"),
        )),
        Err((kind, message)) => Err(PluginFailure::new(plugin.name(), kind, message)),
    }
}

/// The pixel count must match the stated size.
fn check_image(plugin: &Plugin, image: ImageView<'_>) -> Result<(), PluginFailure> {
    let expected = u64::from(image.width) * u64::from(image.height) * 3;
    if !image.placement.is_valid() {
        return Err(PluginFailure::new(
            plugin.name(),
            FailureKind::InvalidInput,
            format!("was given a view placed nowhere: {:?}", image.placement),
        ));
    }
    if image.width == 0 || image.height == 0 || expected != image.rgb.len() as u64 {
        return Err(PluginFailure::new(
            plugin.name(),
            FailureKind::InvalidInput,
            format!(
                "was given {} bytes of pixels for a {}×{} RGB image ({expected} expected)",
                image.rgb.len(),
                image.width,
                image.height
            ),
        ));
    }
    Ok(())
}

/// The metrics the plugin is given: those its manifest lists as `inputs`, or all of them.
fn selected_inputs<'a>(plugin: &Plugin, metrics: &'a Metrics) -> Cow<'a, Metrics> {
    match &plugin.manifest.inputs {
        Some(inputs) => {
            let mut chosen = Metrics::default();
            for input in inputs {
                if let Some(measurement) = metrics.get(input) {
                    chosen.values.insert(input.clone(), measurement.clone());
                }
            }
            Cow::Owned(chosen)
        }
        None => Cow::Borrowed(metrics),
    }
}

fn check_params(plugin: &Plugin, params: &serde_json::Value) -> Result<(), PluginFailure> {
    let problems: Vec<String> = match &plugin.params {
        Some(validator) => validator
            .iter_errors(params)
            .take(5)
            .map(|e| {
                let path = e.instance_path().to_string();
                format!(
                    "at `{}`: {e}",
                    if path.is_empty() { "/" } else { path.as_str() }
                )
            })
            .collect(),
        None if params.is_object() => Vec::new(),
        None => vec!["parameters must be an object".to_string()],
    };
    if problems.is_empty() {
        Ok(())
    } else {
        Err(PluginFailure::new(
            plugin.name(),
            FailureKind::InvalidParams,
            format!(
                "was given parameters its manifest does not allow: {}",
                problems.join("; ")
            ),
        ))
    }
}
