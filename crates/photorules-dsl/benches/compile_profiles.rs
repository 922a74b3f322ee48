//! Compiling every shipped profile, as `photorules profiles` and `lint` do: the time for all of
//! them on one core, against the goal of 50 ms.
//!
//!     taskset -c 0 cargo bench -p photorules-dsl --bench compile_profiles
//!
//! Each round compiles every profile with a fresh compiler (no base shared between rounds);
//! the median of the rounds is printed with whether the goal holds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use photorules_dsl::Compiler;
use photorules_dsl::compile::list_profiles;

// The metric catalogue with the shipped plugins' metrics, read from their manifests as the
// DSL's tests read it (no WebAssembly runtime in this crate).
#[path = "../tests/support/mod.rs"]
mod support;

const ROUNDS: usize = 30;
const GOAL_MS: f64 = 50.0;

fn main() {
    let rules = support::workspace().join("rules");
    let catalogue = support::catalogue_with_shipped_plugins();
    let ids: Vec<String> = list_profiles(&rules)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let mut compiler = Compiler::new(&catalogue, photorules_dsl::today());
        let compiled = ids
            .iter()
            .filter(|id| compiler.compile_id(&rules, id).is_some())
            .count();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(compiled, ids.len(), "every shipped profile compiles");
    }
    times.sort_by(f64::total_cmp);
    let median = times[ROUNDS / 2];
    println!(
        "compile all {} shipped profiles: median {median:.2} ms (min {:.2}, max {:.2}) over {ROUNDS} rounds; goal ≤ {GOAL_MS} ms: {}",
        ids.len(),
        times[0],
        times[ROUNDS - 1],
        if median <= GOAL_MS { "met" } else { "missed" }
    );
}
