//! Limits of one plugin call: what a manifest asks for, capped by the host's maxima.

use std::time::Duration;

use serde::Serialize;

use crate::manifest::ManifestLimits;

/// One WebAssembly page.
pub const WASM_PAGE: usize = 65_536;
const MIB: usize = 1 << 20;

/// The host's maxima; no manifest can raise a limit above them.
#[derive(Debug, Clone, PartialEq)]
pub struct HostLimits {
    /// Most fuel one call may burn.
    pub max_fuel: u64,
    /// Most linear memory one call may use, input buffer included.
    pub max_memory_bytes: usize,
    /// Largest output document.
    pub max_output_bytes: u32,
    /// Optional wall-clock backstop (epoch interruption), off by default. Fuel is the limit
    /// that decides outcomes, deterministically, and already bounds a call's time (the maximum
    /// fuel is a second or two of compute; bulk memory operations are charged per byte). A
    /// host that must bound wall time on slow or overloaded machines turns this on, at the
    /// price of a second check in every loop (measured: +50 % on a tight pixel loop).
    pub wall_clock_backstop: Option<Duration>,
}

impl Default for HostLimits {
    fn default() -> HostLimits {
        HostLimits {
            max_fuel: 10_000_000_000,
            max_memory_bytes: 512 * MIB,
            max_output_bytes: 1 << 20,
            wall_clock_backstop: None,
        }
    }
}

/// The limits one plugin runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PluginLimits {
    /// Fuel per call.
    pub fuel: u64,
    /// Working memory on top of the input buffer, in bytes.
    pub working_memory_bytes: usize,
    /// Largest output document, in bytes.
    pub output_bytes: u32,
    /// Whether the host lowered any value the manifest asked for.
    pub capped: bool,
}

impl PluginLimits {
    /// Resolve a manifest's limits against the host's maxima.
    pub fn resolve(asked: &ManifestLimits, host: &HostLimits) -> PluginLimits {
        let fuel = asked.fuel.unwrap_or(ManifestLimits::DEFAULT_FUEL);
        let memory = asked
            .memory_mib
            .unwrap_or(ManifestLimits::DEFAULT_MEMORY_MIB) as usize
            * MIB;
        let output = asked
            .output_bytes
            .unwrap_or(ManifestLimits::DEFAULT_OUTPUT_BYTES);
        PluginLimits {
            fuel: fuel.min(host.max_fuel),
            working_memory_bytes: memory.min(host.max_memory_bytes),
            output_bytes: output.min(host.max_output_bytes),
            capped: fuel > host.max_fuel
                || memory > host.max_memory_bytes
                || output > host.max_output_bytes,
        }
    }

    /// Linear-memory limit of a call whose input buffer is `input_len` bytes: the input (in
    /// whole pages) plus the working memory, never above the host's maximum. Adding the input
    /// keeps one manifest valid for photos of any size.
    pub fn memory_bytes_for_input(&self, input_len: usize, host: &HostLimits) -> usize {
        let input_pages = input_len.div_ceil(WASM_PAGE);
        input_pages
            .saturating_mul(WASM_PAGE)
            .saturating_add(self.working_memory_bytes)
            .min(host.max_memory_bytes)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn manifest_limits_are_capped_by_the_host() {
        let host = HostLimits {
            max_fuel: 1_000,
            max_memory_bytes: 4 * MIB,
            max_output_bytes: 100,
            wall_clock_backstop: None,
        };
        let asked = ManifestLimits {
            fuel: Some(5_000),
            memory_mib: Some(2),
            output_bytes: None,
        };
        let limits = PluginLimits::resolve(&asked, &host);
        assert_eq!(limits.fuel, 1_000);
        assert_eq!(limits.working_memory_bytes, 2 * MIB);
        assert_eq!(limits.output_bytes, 100);
        assert!(limits.capped);
        // 1 byte of input takes a whole page; the total stops at the host maximum.
        assert_eq!(limits.memory_bytes_for_input(1, &host), 2 * MIB + WASM_PAGE);
        assert_eq!(limits.memory_bytes_for_input(10 * MIB, &host), 4 * MIB);
    }

    #[test]
    fn defaults_apply_when_the_manifest_is_silent() {
        let limits = PluginLimits::resolve(&ManifestLimits::default(), &HostLimits::default());
        assert_eq!(limits.fuel, ManifestLimits::DEFAULT_FUEL);
        assert_eq!(limits.working_memory_bytes, 16 * MIB);
        assert!(!limits.capped);
    }
}
