//! The wasmtime engine plugins run on, and the thread that advances its epoch.

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::limits::HostLimits;

/// How instances get their memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allocator {
    /// Slots reserved once and reused: instantiation in ~2 µs instead of ~8 µs. Reserves
    /// address space (not memory) for `slots` memories up front.
    Pooling { slots: u32 },
    /// Memory mapped per instance and unmapped when the call ends.
    OnDemand,
}

impl Default for Allocator {
    fn default() -> Allocator {
        Allocator::Pooling { slots: 16 }
    }
}

/// Why the engine could not be built.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("cannot set up the WebAssembly engine: {0}")]
    Engine(String),
    #[error("cannot start the plugin deadline thread: {0}")]
    Ticker(#[source] std::io::Error),
}

/// Build the engine. Settings that make execution deterministic are on (fuel, canonical NaNs,
/// deterministic relaxed SIMD) because auditors replay decisions; the epoch backstop is on
/// only when the host limits ask for one.
///
/// When the pooling allocator cannot reserve its address space (e.g. under `ulimit -v`) the
/// engine falls back to on-demand allocation; the returned allocator says which one is used.
pub fn build_engine(
    limits: &HostLimits,
    allocator: Allocator,
) -> Result<(Engine, Allocator), EngineError> {
    let mut config = base_config(limits);
    if let Allocator::Pooling { slots } = allocator {
        let mut pooling = PoolingAllocationConfig::default();
        pooling
            .total_core_instances(slots)
            .total_memories(slots)
            .total_tables(slots)
            .max_memories_per_module(1)
            .max_tables_per_module(1)
            .max_memory_size(limits.max_memory_bytes)
            // Reset up to 16 MiB of a slot's memory with memset instead of handing the pages
            // back to the kernel: every call writes the photo into fresh memory, and faulting
            // those pages in again cost more than the memset (measured: a 413 × 531 photo
            // 375 µs → 93 µs per call, 2000 × 2000 9.8 ms → 1.4 ms). Costs up to 16 MiB of
            // resident memory per slot in use.
            .linear_memory_keep_resident(16 << 20)
            .table_keep_resident(1 << 16);
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pooling));
        if let Ok(engine) = Engine::new(&config) {
            return Ok((engine, allocator));
        }
        config = base_config(limits);
    }
    config.allocation_strategy(InstanceAllocationStrategy::OnDemand);
    let engine = Engine::new(&config).map_err(|e| EngineError::Engine(e.to_string()))?;
    Ok((engine, Allocator::OnDemand))
}

fn base_config(limits: &HostLimits) -> Config {
    let mut config = Config::new();
    config
        .consume_fuel(true)
        .epoch_interruption(limits.wall_clock_backstop.is_some())
        .cranelift_nan_canonicalization(true)
        .relaxed_simd_deterministic(true)
        // Backtraces are not shown to anyone: a failure names the trap, not wasm frames.
        .wasm_backtrace_max_frames(None);
    config
}

/// Advances the engine's epoch every `tick` until dropped; calls set their deadline in ticks.
pub struct EpochTicker {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    tick: Duration,
}

impl EpochTicker {
    /// The tick for a backstop: a tenth of it, between 1 ms and 100 ms.
    pub fn tick_for(backstop: Duration) -> Duration {
        (backstop / 10).clamp(Duration::from_millis(1), Duration::from_millis(100))
    }

    pub fn start(engine: &Engine, tick: Duration) -> Result<EpochTicker, EngineError> {
        let (stop, stopped) = mpsc::channel::<()>();
        let engine = engine.clone();
        let thread = std::thread::Builder::new()
            .name("photorules-plugin-epoch".into())
            .spawn(move || {
                // Any message or a dropped sender ends the loop.
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(tick) {
                    engine.increment_epoch();
                }
            })
            .map_err(EngineError::Ticker)?;
        Ok(EpochTicker {
            stop: Some(stop),
            thread: Some(thread),
            tick,
        })
    }

    /// Deadline in ticks for a wall-clock budget: rounded up, plus one because the current
    /// tick may be about to end.
    pub fn ticks_for(&self, budget: Duration) -> u64 {
        let tick = self.tick.as_nanos().max(1);
        (budget.as_nanos().div_ceil(tick) as u64).saturating_add(1)
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            // The thread only sleeps and increments a counter; it cannot have panicked in a
            // way worth reporting from a destructor.
            let _ = thread.join();
        }
    }
}
