//! Limits as behaviour: fuel is exact and deterministic, the epoch backstop stops what fuel
//! would let run too long, memory grows with the input, the output cap is exact, and the host
//! caps every manifest.

use std::time::{Duration, Instant};

use photorules_core::Metrics;
use photorules_plugin_host::{FailureKind, HostLimits, PluginHost};
use serde_json::json;

use crate::support::face::{self, Face};
use crate::support::wat_plugin;
use crate::support::{host, host_with, load, project_plugins, run_small, view};

/// A plugin that loops `iterations` times (read from its input's first pixel byte × 1000),
/// then returns a constant output.
fn counting_plugin(root: &std::path::Path, name: &str, fuel: u64) -> std::path::PathBuf {
    let json = format!(
        r#"{{"metrics":{{"{name}.value":{{"status":"measured","value":1,"unit":"count"}}}}}}"#
    );
    let check = format!(
        r#"(local $i i32) (local $n i32)
        (local.set $n (i32.mul (i32.load8_u offset=24 (local.get $ptr)) (i32.const 1000)))
        (block $done (loop $again
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $again)))
        (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const {}))"#,
        json.len()
    );
    let wat = wat_plugin::module(
        &check,
        &format!(
            r#"(data (i32.const 16) "{}")"#,
            wat_plugin::wat_string(&json)
        ),
    );
    wat_plugin::write(
        root,
        name,
        &wat,
        &format!(
            "{}\n[limits]\nfuel = {fuel}\n",
            wat_plugin::value_metric(name)
        ),
    )
}

fn run_grey(
    host: &PluginHost,
    plugin: &photorules_plugin_host::Plugin,
    level: u8,
) -> Result<u64, FailureKind> {
    let image = (2, 2, vec![level; 12]);
    host.run(plugin, view(&image), &Metrics::default(), &json!({}))
        .map(|o| o.fuel_used)
        .map_err(|f| f.kind)
}

#[test]
fn fuel_is_deterministic_and_exact() {
    let host = host();
    let root = tempfile::tempdir().unwrap();
    let plugin = load(&host, &counting_plugin(root.path(), "counter", 10_000_000));
    let used = run_grey(&host, &plugin, 100).unwrap();
    // The same input burns exactly the same fuel, every time.
    for _ in 0..3 {
        assert_eq!(run_grey(&host, &plugin, 100), Ok(used));
    }
    // More work burns more fuel.
    assert!(run_grey(&host, &plugin, 200).unwrap() > used);
    // The budget at which the call starts to fail is sharp and stable. (wasmtime checks fuel
    // at function entries and loop headers, so the last straight-line stretch may run a few
    // units past the budget; the threshold sits at or below the fuel reported as used.)
    let fits = |fuel: u64| {
        let plugin = load(
            &host,
            &counting_plugin(root.path(), &format!("budget{fuel}"), fuel),
        );
        run_grey(&host, &plugin, 100)
    };
    // (A budget of a few units would already fail at load, reading the version marker.)
    let (mut failing, mut passing) = (1_000u64, used);
    assert!(fits(passing).is_ok());
    assert_eq!(fits(failing), Err(FailureKind::OutOfFuel));
    while passing - failing > 1 {
        let middle = failing + (passing - failing) / 2;
        match fits(middle) {
            Ok(_) => passing = middle,
            Err(kind) => {
                assert_eq!(kind, FailureKind::OutOfFuel);
                failing = middle;
            }
        }
    }
    assert!(used - passing < 100, "threshold {passing}, used {used}");
    for _ in 0..3 {
        assert!(fits(passing).is_ok());
        assert_eq!(fits(failing), Err(FailureKind::OutOfFuel));
    }
}

#[test]
fn the_shipped_glare_plugin_burns_the_same_fuel_on_the_same_photo() {
    let host = host();
    let plugin = load(&host, &project_plugins().join("glare"));
    let drawn = face::draw(Face::default());
    let image = (face::WIDTH, face::HEIGHT, drawn.rgb);
    let metrics = face::eye_metrics();
    let first = host
        .run(&plugin, view(&image), &metrics, &json!({}))
        .unwrap();
    let second = host
        .run(&plugin, view(&image), &metrics, &json!({}))
        .unwrap();
    assert_eq!(first, second);
    assert!(first.fuel_used > 0);
}

#[test]
fn the_wall_clock_backstop_stops_a_call_that_fuel_would_let_run() {
    let limits = HostLimits {
        max_fuel: u64::MAX,
        wall_clock_backstop: Some(Duration::from_millis(200)),
        ..HostLimits::default()
    };
    let host = host_with(limits);
    let root = tempfile::tempdir().unwrap();
    let wat = wat_plugin::module("(loop $again (br $again)) (i64.const 0)", "");
    let dir = wat_plugin::write(
        root.path(),
        "endless",
        &wat,
        &format!(
            "{}\n[limits]\nfuel = 9_000_000_000_000_000_000\n",
            wat_plugin::value_metric("endless")
        ),
    );
    let plugin = load(&host, &dir);
    let started = Instant::now();
    let failure = run_small(&host, &plugin).unwrap_err();
    let took = started.elapsed();
    assert_eq!(failure.kind, FailureKind::Timeout);
    assert!(
        failure
            .message
            .contains("wall-clock backstop after 0.200 s"),
        "{failure}"
    );
    // Not a timing assertion on speed: only that the backstop, not fuel, ended the call.
    assert!(took < Duration::from_secs(20), "{took:?}");
    // The host goes on: the next call gets a fresh deadline.
    crate::support::assert_host_unharmed(&host);
}

#[test]
fn without_a_backstop_only_fuel_limits_a_call() {
    let host = host_with(HostLimits {
        wall_clock_backstop: None,
        ..HostLimits::default()
    });
    let root = tempfile::tempdir().unwrap();
    let plugin = load(&host, &counting_plugin(root.path(), "counted", 1_000));
    assert_eq!(run_grey(&host, &plugin, 100), Err(FailureKind::OutOfFuel));
}

#[test]
fn the_host_caps_what_a_manifest_asks_for() {
    let host = host_with(HostLimits {
        max_fuel: 5_000,
        max_output_bytes: 100,
        max_memory_bytes: 8 << 20,
        ..HostLimits::default()
    });
    let root = tempfile::tempdir().unwrap();
    let plugin = load(&host, &counting_plugin(root.path(), "greedy", 1 << 60));
    let limits = plugin.limits();
    assert_eq!(limits.fuel, 5_000);
    assert_eq!(limits.output_bytes, 100);
    assert!(limits.capped);
    assert_eq!(run_grey(&host, &plugin, 100), Err(FailureKind::OutOfFuel));
}

#[test]
fn memory_limits_count_working_memory_on_top_of_the_input() {
    let host = host();
    let root = tempfile::tempdir().unwrap();
    // 1 MiB of working memory is enough for this plugin whatever the photo's size: a
    // 1000 × 1000 image (3 MB of input) runs.
    let dir = wat_plugin::write(
        root.path(),
        "frugal",
        &wat_plugin::constant_module(
            r#"{"metrics":{"frugal.value":{"status":"measured","value":1,"unit":"count"}}}"#,
        ),
        &format!(
            "{}\n[limits]\nmemory_mib = 1\n",
            wat_plugin::value_metric("frugal")
        ),
    );
    let plugin = load(&host, &dir);
    let image = (1000, 1000, vec![7u8; 3_000_000]);
    host.run(&plugin, view(&image), &Metrics::default(), &json!({}))
        .unwrap_or_else(|f| panic!("{f}"));
    // A module whose initial memory is above its declared limit is refused at load.
    let wat = wat_plugin::constant_module("{}").replace(
        r#"(memory (export "memory") 1)"#,
        r#"(memory (export "memory") 40)"#,
    );
    let dir = wat_plugin::write(
        root.path(),
        "bloated",
        &wat,
        &format!(
            "{}\n[limits]\nmemory_mib = 1\n",
            wat_plugin::value_metric("bloated")
        ),
    );
    let error = host.load(&dir).unwrap_err().to_string();
    assert!(error.contains("starts at 40 pages (2.5 MiB)"), "{error}");
    assert!(error.contains("limits.memory_mib"), "{error}");
}

#[test]
fn the_output_cap_is_exact() {
    let host = host();
    let root = tempfile::tempdir().unwrap();
    let json = r#"{"metrics":{"{name}.value":{"status":"measured","value":1,"unit":"count"}}}"#;
    for (name, extra) in [("fits", 0), ("over", 1)] {
        let output = json.replace("{name}", name);
        let limit = output.len() - extra;
        let dir = wat_plugin::write(
            root.path(),
            name,
            &wat_plugin::constant_module(&output),
            &format!(
                "{}\n[limits]\noutput_bytes = {limit}\n",
                wat_plugin::value_metric(name)
            ),
        );
        let plugin = load(&host, &dir);
        let result = run_small(&host, &plugin);
        match extra {
            0 => assert!(result.is_ok(), "{result:?}"),
            _ => assert_eq!(result.unwrap_err().kind, FailureKind::OutputTooLarge),
        }
    }
}

#[test]
fn bulk_memory_operations_are_charged_fuel_per_byte() {
    // `memory.fill` of 64 MiB per iteration: if bulk operations cost one unit whatever their
    // length, this loop would run for hours within its fuel and only a wall-clock limit could
    // stop it. wasmtime charges them per byte, so fuel stops it after a couple of iterations —
    // one reason fuel alone bounds a call's time (see docs/plugins.md).
    let host = host();
    let root = tempfile::tempdir().unwrap();
    let check = r#"(drop (memory.grow (i32.const 1024)))
        (loop $again
          (memory.fill (i32.const 0) (i32.const 7) (i32.const 0x4000000))
          (br $again))
        (i64.const 0)"#;
    let dir = wat_plugin::write(
        root.path(),
        "filler",
        &wat_plugin::module(check, ""),
        &format!(
            "{}\n[limits]\nfuel = 200_000_000\nmemory_mib = 80\n",
            wat_plugin::value_metric("filler")
        ),
    );
    let plugin = load(&host, &dir);
    let failure = run_small(&host, &plugin).unwrap_err();
    assert_eq!(failure.kind, FailureKind::OutOfFuel, "{failure}");
}
