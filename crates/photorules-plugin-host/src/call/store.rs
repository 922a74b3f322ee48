//! The store of one call: memory limits that trap on growth, fuel, the optional epoch
//! deadline, and turning what went wrong into a [`PluginFailure`].

use std::time::Duration;

use wasmtime::{Engine, ResourceLimiter, Store, StoreLimits, StoreLimitsBuilder, Trap};

use crate::failure::{FailureKind, PluginFailure};
use crate::limits::{HostLimits, PluginLimits};

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
