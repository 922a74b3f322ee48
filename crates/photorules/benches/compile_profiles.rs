//! Compiling every shipped profile, as `photorules profiles` and `lint` do: the time for all of
//! them on one core, against the goal of 50 ms.
//!
//!     taskset -c 0 cargo bench -p photorules --bench compile_profiles
//!
//! Each round compiles every profile with a fresh compiler (no base shared between rounds);
//! the median of the rounds is printed with whether the goal holds.

use std::path::PathBuf;
use std::time::Instant;

use photorules::core::Catalogue;
use photorules::dsl::Compiler;
use photorules::dsl::compile::list_profiles;

const ROUNDS: usize = 30;
const GOAL_MS: f64 = 50.0;

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let rules = repo.join("rules");
    let (catalogue, problems) =
        photorules::plugin_host::declared_catalogue(&[repo.join("plugins")], &Catalogue::builtin());
    assert!(problems.is_empty(), "{problems:?}");
    let ids: Vec<String> = list_profiles(&rules)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let mut compiler = Compiler::new(&catalogue, photorules::dsl::today());
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
