//! One plugin call: a fresh store with its limits, the input written, the output read back.

use std::time::Duration;

use wasmtime::{Engine, ResourceLimiter, Store, StoreLimits, StoreLimitsBuilder, Trap};

use photorules_core::Metrics;

use crate::abi::{self, EXPORT_ALLOC, EXPORT_CHECK, EXPORT_MEMORY, InputDocument};
use crate::failure::{FailureKind, PluginFailure};
use crate::limits::{HostLimits, PluginLimits};
use crate::output::ValidOutput;
use crate::plugin::Plugin;

/// The image a plugin looks at: RGB8, row-major, top-left first, `width * height * 3` bytes.
#[derive(Debug, Clone, Copy)]
pub struct ImageView<'a> {
    pub width: u32,
    pub height: u32,
    pub rgb: &'a [u8],
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

/// Store data: the memory limits, and whether they refused a growth (to tell a memory-limit
/// trap from others).
pub struct CallState {
    limits: StoreLimits,
    memory_limit: usize,
    refused_growth: Option<usize>,
}

impl ResourceLimiter for CallState {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = self.limits.memory_growing(current, desired, maximum);
        if !matches!(allowed, Ok(true)) {
            self.refused_growth = Some(desired);
        }
        allowed
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.limits.table_growing(current, desired, maximum)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }

    fn tables(&self) -> usize {
        self.limits.tables()
    }

    fn memories(&self) -> usize {
        self.limits.memories()
    }
}

/// A store for one call: memory capped at `memory_bytes` (growth beyond traps), fuel set,
/// epoch deadline set when the backstop is on.
pub(crate) fn new_store(
    engine: &Engine,
    limits: &PluginLimits,
    memory_bytes: usize,
    deadline_ticks: Option<u64>,
) -> Store<CallState> {
    let state = CallState {
        limits: StoreLimitsBuilder::new()
            .memory_size(memory_bytes)
            .table_elements(100_000)
            .instances(1)
            .memories(1)
            .tables(1)
            .trap_on_grow_failure(true)
            .build(),
        memory_limit: memory_bytes,
        refused_growth: None,
    };
    let mut store = Store::new(engine, state);
    store.limiter(|state| state);
    // Fuel is always on in our engine; setting it cannot fail there.
    let _ = store.set_fuel(limits.fuel);
    if let Some(ticks) = deadline_ticks {
        store.set_epoch_deadline(ticks);
        store.epoch_deadline_trap();
    }
    store
}

/// Turn an error from instantiation or a call into a failure.
pub(crate) fn failure(
    plugin: &str,
    error: wasmtime::Error,
    store: &Store<CallState>,
    limits: &PluginLimits,
    host_limits: &HostLimits,
) -> PluginFailure {
    let trap = error.downcast_ref::<Trap>().copied();
    let (kind, message) = match (store.data().refused_growth, trap) {
        (_, Some(Trap::OutOfFuel)) => (
            FailureKind::OutOfFuel,
            format!("ran out of fuel (limit {} units)", limits.fuel),
        ),
        (_, Some(Trap::Interrupt)) => (
            FailureKind::Timeout,
            format!(
                "was stopped by the wall-clock backstop after {}",
                host_limits
                    .wall_clock_backstop
                    .map(seconds)
                    .unwrap_or_else(|| "its deadline".into())
            ),
        ),
        (_, Some(Trap::StackOverflow)) => (
            FailureKind::StackOverflow,
            "exhausted the call stack (runaway recursion?)".to_string(),
        ),
        (Some(desired), _) => (
            FailureKind::MemoryLimit,
            format!(
                "tried to grow its memory to {}, beyond its limit of {}",
                mib(desired),
                mib(store.data().memory_limit)
            ),
        ),
        (None, Some(Trap::UnreachableCodeReached)) => (
            FailureKind::Trap,
            "trapped: it reached `unreachable` (a Rust plugin panicked or aborted)".to_string(),
        ),
        (None, Some(trap)) => (FailureKind::Trap, format!("trapped: {trap}")),
        (None, None) => (
            FailureKind::Instantiation,
            format!("could not run: {error}"),
        ),
    };
    PluginFailure::new(plugin, kind, message)
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
}

fn seconds(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

/// Run a plugin on one image.
pub(crate) fn run(
    context: &CallContext<'_>,
    plugin: &Plugin,
    image: ImageView<'_>,
    metrics: &Metrics,
    params: &serde_json::Value,
) -> Result<PluginOutput, PluginFailure> {
    let name = plugin.name();
    let fail = |kind, message: String| PluginFailure::new(name, kind, message);

    let expected = u64::from(image.width) * u64::from(image.height) * 3;
    if image.width == 0 || image.height == 0 || expected != image.rgb.len() as u64 {
        return Err(fail(
            FailureKind::InvalidInput,
            format!(
                "was given {} bytes of pixels for a {}×{} RGB image ({expected} expected)",
                image.rgb.len(),
                image.width,
                image.height
            ),
        ));
    }
    let empty = serde_json::Value::Object(serde_json::Map::new());
    let params = if params.is_null() { &empty } else { params };
    check_params(plugin, params)?;

    let selected;
    let metrics = match &plugin.manifest.inputs {
        Some(inputs) => {
            let mut chosen = Metrics::default();
            for input in inputs {
                if let Some(measurement) = metrics.get(input) {
                    chosen.values.insert(input.clone(), measurement.clone());
                }
            }
            selected = chosen;
            &selected
        }
        None => metrics,
    };
    let document = InputDocument {
        width: image.width,
        height: image.height,
        metrics,
        params,
    };
    let json = serde_json::to_vec(&document).map_err(|e| {
        fail(
            FailureKind::InvalidInput,
            format!("could not be given its input: {e}"),
        )
    })?;
    let total_len = abi::INPUT_HEADER_LEN as usize + image.rgb.len() + json.len();
    let Ok(input_len) = u32::try_from(total_len) else {
        return Err(fail(
            FailureKind::InvalidInput,
            format!("input of {total_len} bytes is beyond 4 GiB"),
        ));
    };
    // The whole input fits in u32, so the JSON length does too.
    let header = abi::encode_header(image.width, image.height, json.len() as u32);

    let limits = plugin.limits;
    let memory_bytes = limits.memory_bytes_for_input(total_len, context.host_limits);
    let mut store = new_store(
        context.engine,
        &limits,
        memory_bytes,
        context.deadline_ticks,
    );
    let trap = |e, store: &Store<CallState>| failure(name, e, store, &limits, context.host_limits);

    let instance = match plugin.pre.instantiate(&mut store) {
        Ok(instance) => instance,
        Err(e) => return Err(trap(e, &store)),
    };
    let (memory, alloc, check) = match (
        instance.get_memory(&mut store, EXPORT_MEMORY),
        instance.get_typed_func::<u32, u32>(&mut store, EXPORT_ALLOC),
        instance.get_typed_func::<(u32, u32), u64>(&mut store, EXPORT_CHECK),
    ) {
        (Some(memory), Ok(alloc), Ok(check)) => (memory, alloc, check),
        // Checked when the plugin was loaded; kept as a failure rather than a panic.
        _ => {
            return Err(fail(
                FailureKind::AbiViolation,
                "lost its interface exports".to_string(),
            ));
        }
    };

    let input_ptr = match alloc.call(&mut store, input_len) {
        Ok(ptr) => ptr,
        Err(e) => return Err(trap(e, &store)),
    };
    let in_bounds = |ptr: u32, len: u32, store: &Store<CallState>| {
        u64::from(ptr) + u64::from(len) <= memory.data_size(store) as u64
    };
    if input_ptr == 0 || !in_bounds(input_ptr, input_len, &store) {
        return Err(fail(
            FailureKind::AbiViolation,
            format!(
                "`{EXPORT_ALLOC}` returned {input_ptr:#x} for {input_len} bytes, which is not a buffer inside its memory"
            ),
        ));
    }
    // Header, pixels and JSON go straight into the plugin's memory: no intermediate copy of
    // the image.
    let mut at = input_ptr as usize;
    for part in [&header[..], image.rgb, &json] {
        if let Err(e) = memory.write(&mut store, at, part) {
            return Err(fail(
                FailureKind::AbiViolation,
                format!("its input buffer could not be written: {e}"),
            ));
        }
        at += part.len();
    }
    drop(json);

    let packed = match check.call(&mut store, (input_ptr, input_len)) {
        Ok(packed) => packed,
        Err(e) => return Err(trap(e, &store)),
    };
    let (output_ptr, output_len) = abi::unpack_output(packed);
    // The claimed length is checked before anything is read or copied.
    if output_len > limits.output_bytes {
        return Err(fail(
            FailureKind::OutputTooLarge,
            format!(
                "claimed an output of {output_len} bytes; its limit is {} bytes",
                limits.output_bytes
            ),
        ));
    }
    let start = output_ptr as usize;
    let Some(bytes) = memory
        .data(&store)
        .get(start..start.saturating_add(output_len as usize))
        .map(<[u8]>::to_vec)
    else {
        return Err(fail(
            FailureKind::AbiViolation,
            format!(
                "returned an output at {output_ptr:#x} of {output_len} bytes, outside its memory"
            ),
        ));
    };
    let fuel_used = limits
        .fuel
        .saturating_sub(store.get_fuel().unwrap_or(limits.fuel));
    drop(store);

    match plugin.output.parse(&bytes) {
        Ok(ValidOutput::Report { metrics, notes }) => Ok(PluginOutput {
            metrics,
            notes,
            fuel_used,
        }),
        Ok(ValidOutput::Failed { error }) => {
            Err(fail(FailureKind::PluginError, format!("reported: {error}")))
        }
        Err((kind, message)) => Err(fail(kind, message)),
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
