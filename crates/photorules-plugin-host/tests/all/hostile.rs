//! Hostile plugins: each is contained within its limits, reported clearly, and the host and
//! the other plugins carry on.

use photorules_core::Metrics;
use photorules_plugin_host::{FailureKind, Plugin, PluginFailure, PluginHost};
use serde_json::json;

use crate::support::wat_plugin::{self, MEASURED_ONE};
use crate::support::{
    assert_host_unharmed, host, load, project_plugins, run_small, small_image, view,
};

/// Load a WAT plugin whose `photorules_check` has body `check`, run it, return the failure.
fn failure_of(
    host: &PluginHost,
    name: &str,
    check: &str,
    extra: &str,
    body: &str,
) -> PluginFailure {
    let root = tempfile::tempdir().unwrap();
    let dir = wat_plugin::write(root.path(), name, &wat_plugin::module(check, extra), body);
    let plugin = load(host, &dir);
    let failure = match run_small(host, &plugin) {
        Ok(output) => panic!("`{name}` succeeded: {output:?}"),
        Err(failure) => failure,
    };
    assert_eq!(failure.plugin, name);
    failure
}

#[test]
fn an_infinite_loop_runs_out_of_fuel() {
    let host = host();
    let failure = failure_of(
        &host,
        "spin",
        "(loop $again (br $again)) (i64.const 0)",
        "",
        &format!(
            "{}\n[limits]\nfuel = 1_000_000\n",
            wat_plugin::value_metric("spin")
        ),
    );
    assert_eq!(failure.kind, FailureKind::OutOfFuel);
    assert_eq!(
        failure.to_string(),
        "plugin `spin` failed: ran out of fuel (limit 1000000 units)"
    );
    assert_host_unharmed(&host);
}

#[test]
fn a_memory_growth_bomb_hits_its_memory_limit() {
    let host = host();
    let failure = failure_of(
        &host,
        "bomb",
        "(loop $again (br_if $again (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) (i64.const 0)",
        "",
        &format!(
            "{}\n[limits]\nmemory_mib = 4\n",
            wat_plugin::value_metric("bomb")
        ),
    );
    assert_eq!(failure.kind, FailureKind::MemoryLimit);
    assert!(
        failure.message.contains("beyond its limit of 4.1 MiB"),
        "{failure}"
    );
    assert_host_unharmed(&host);
}

#[test]
fn runaway_recursion_exhausts_the_stack() {
    let host = host();
    let failure = failure_of(
        &host,
        "recurse",
        "(i64.extend_i32_u (call $down (i32.const 0)))",
        "(func $down (param $n i32) (result i32) (i32.add (call $down (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))",
        "",
    );
    assert_eq!(failure.kind, FailureKind::StackOverflow);
    assert!(failure.message.contains("call stack"), "{failure}");
    assert_host_unharmed(&host);
}

#[test]
fn traps_are_reported_with_their_cause() {
    let host = host();
    let failure = failure_of(&host, "boom", "unreachable", "", "");
    assert_eq!(failure.kind, FailureKind::Trap);
    assert!(failure.message.contains("`unreachable`"), "{failure}");
    let failure = failure_of(
        &host,
        "divide",
        "(i64.div_u (i64.const 1) (i64.const 0))",
        "",
        "",
    );
    assert_eq!(failure.kind, FailureKind::Trap);
    assert!(failure.message.contains("divide by zero"), "{failure}");
    let failure = failure_of(&host, "wild", "(i64.load (i32.const -8))", "", "");
    assert!(
        failure.message.contains("out of bounds memory access"),
        "{failure}"
    );
    assert_host_unharmed(&host);
}

#[test]
fn a_claimed_output_of_gigabytes_is_refused_before_anything_is_read() {
    let host = host();
    // 0xFFFF_FFFF bytes claimed at address 16: 4 GiB, far beyond the plugin's memory too.
    let failure = failure_of(
        &host,
        "claims",
        "(i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 0xFFFFFFFF))",
        "",
        "",
    );
    assert_eq!(failure.kind, FailureKind::OutputTooLarge);
    assert_eq!(
        failure.message,
        "claimed an output of 4294967295 bytes; its limit is 65536 bytes"
    );
    // Within the size limit but outside its memory: a broken calling convention.
    let failure = failure_of(
        &host,
        "outside",
        "(i64.or (i64.shl (i64.const 0xFFFFFF00) (i64.const 32)) (i64.const 100))",
        "",
        "",
    );
    assert_eq!(failure.kind, FailureKind::AbiViolation);
    assert!(failure.message.contains("outside its memory"), "{failure}");
    assert_host_unharmed(&host);
}

#[test]
fn an_allocator_returning_a_bogus_pointer_is_an_interface_violation() {
    let host = host();
    let root = tempfile::tempdir().unwrap();
    let wat = wat_plugin::module("(i64.const 0)", "").replace(
        "(local.get $ptr))",
        "(drop (local.get $ptr)) (i32.const 0x7FFFFFF0))",
    );
    let plugin = load(&host, &wat_plugin::write(root.path(), "bogus", &wat, ""));
    let failure = run_small(&host, &plugin).unwrap_err();
    assert_eq!(failure.kind, FailureKind::AbiViolation);
    assert!(
        failure
            .message
            .contains("`photorules_alloc` returned 0x7ffffff0"),
        "{failure}"
    );
}

fn constant_failure(host: &PluginHost, name: &str, json: &str) -> PluginFailure {
    let root = tempfile::tempdir().unwrap();
    let plugin = load(host, &wat_plugin::constant(root.path(), name, json));
    run_small(host, &plugin).unwrap_err()
}

#[test]
fn malformed_output_is_reported_not_trusted() {
    let host = host();
    let failure = constant_failure(&host, "garbled", "metrics: lots");
    assert_eq!(failure.kind, FailureKind::MalformedOutput);
    assert!(
        failure
            .message
            .starts_with("returned output that is not JSON"),
        "{failure}"
    );
    let failure = constant_failure(&host, "binary", "\u{1}\u{2}\u{3}");
    assert_eq!(failure.kind, FailureKind::MalformedOutput);
}

#[test]
fn output_that_breaks_the_manifest_is_invalid() {
    let host = host();
    let cases = [
        (
            "undeclared",
            r#"{"metrics":{"{name}.value":{"status":"measured","value":1,"unit":"count"},"face.count":{"status":"measured","value":0,"unit":"count"}}}"#,
            "face.count",
        ),
        (
            "wrongunit",
            r#"{"metrics":{"{name}.value":{"status":"measured","value":1,"unit":"px"}}}"#,
            "/metrics/wrongunit.value/unit",
        ),
        (
            "wrongtype",
            r#"{"metrics":{"{name}.value":{"status":"measured","value":"many","unit":"count"}}}"#,
            "/metrics/wrongtype.value/value",
        ),
        ("missing", r#"{"metrics":{}}"#, "missing.value"),
        (
            "noreason",
            r#"{"metrics":{"{name}.value":{"status":"absent"}}}"#,
            "reason",
        ),
    ];
    for (name, json, expected) in cases {
        let failure = constant_failure(&host, name, json);
        assert_eq!(failure.kind, FailureKind::InvalidOutput, "{failure}");
        assert!(failure.message.contains(expected), "{failure}");
    }
}

#[test]
fn a_plugin_can_report_that_it_cannot_run() {
    let host = host();
    let failure = constant_failure(&host, "refuses", r#"{"error":"no lenses to look at"}"#);
    assert_eq!(failure.kind, FailureKind::PluginError);
    assert_eq!(failure.message, "reported: no lenses to look at");
}

/// The Rust fixture built with the kit (plugins/fixtures/hostile): misbehaviour in real Rust
/// code is contained in the same way.
fn hostile_rust(host: &PluginHost) -> Plugin {
    load(host, &project_plugins().join("fixtures/hostile"))
}

fn run_mode(host: &PluginHost, plugin: &Plugin, mode: &str) -> Result<f64, PluginFailure> {
    let image = small_image();
    host.run(
        plugin,
        view(&image),
        &Metrics::default(),
        &json!({"mode": mode}),
    )
    .map(|output| match output.metrics.get("hostile.value") {
        Some(photorules_core::Measurement::Measured {
            value: photorules_core::MetricValue::Number(n),
            ..
        }) => *n,
        other => panic!("{other:?}"),
    })
}

#[test]
fn a_rust_plugin_misbehaving_in_every_way_is_contained() {
    let host = host();
    let plugin = hostile_rust(&host);
    assert_eq!(run_mode(&host, &plugin, "behave"), Ok(4.0));
    let kind = |mode| run_mode(&host, &plugin, mode).unwrap_err().kind;
    assert_eq!(kind("loop"), FailureKind::OutOfFuel);
    assert_eq!(kind("bomb"), FailureKind::MemoryLimit);
    // Rust keeps its stack in linear memory: overflowing it is an out-of-bounds trap or, when
    // the engine's own stack runs out first, a stack overflow. Either way it is contained.
    assert!(matches!(
        kind("recurse"),
        FailureKind::StackOverflow | FailureKind::Trap
    ));
    let panic = run_mode(&host, &plugin, "panic").unwrap_err();
    assert_eq!(panic.kind, FailureKind::Trap);
    assert!(panic.message.contains("panicked"), "{panic}");
    assert_eq!(kind("undeclared"), FailureKind::InvalidOutput);
    assert_eq!(kind("wrong-unit"), FailureKind::InvalidOutput);
    let params = run_mode(&host, &plugin, "explode").unwrap_err();
    assert_eq!(params.kind, FailureKind::InvalidParams);
    assert!(params.message.contains("`/mode`"), "{params}");
    // After all of that, the same plugin and others still run.
    assert_eq!(run_mode(&host, &plugin, "behave"), Ok(4.0));
    assert_host_unharmed(&host);
}

#[test]
fn a_failing_plugin_leaves_only_its_own_metrics_absent() {
    let host = host();
    let root = tempfile::tempdir().unwrap();
    let good = load(
        &host,
        &wat_plugin::constant(root.path(), "good", MEASURED_ONE),
    );
    let bad = load(
        &host,
        &wat_plugin::write(
            root.path(),
            "bad",
            &wat_plugin::module("unreachable", ""),
            "",
        ),
    );
    let image = small_image();
    let mut report = Metrics::default();
    let mut failures = Vec::new();
    for plugin in [&bad, &good] {
        let run = host.run_or_absent(plugin, view(&image), &Metrics::default(), &json!(null));
        failures.extend(run.failure);
        report.values.extend(run.metrics.values);
    }
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].plugin, "bad");
    match report.get("bad.value") {
        Some(photorules_core::Measurement::Absent { reason }) => {
            assert!(
                reason.starts_with("plugin `bad` failed: trapped"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        report.get("good.value"),
        Some(photorules_core::Measurement::Measured { .. })
    ));
}

#[test]
fn inconsistent_images_are_refused_before_the_plugin_runs() {
    let host = host();
    let root = tempfile::tempdir().unwrap();
    let plugin = load(
        &host,
        &wat_plugin::constant(root.path(), "any", MEASURED_ONE),
    );
    let pixels = vec![0u8; 10];
    let failure = host
        .run(
            &plugin,
            photorules_plugin_host::ImageView::whole(2, 2, &pixels),
            &Metrics::default(),
            &json!({}),
        )
        .unwrap_err();
    assert_eq!(failure.kind, FailureKind::InvalidInput);
    assert!(failure.message.contains("2×2"), "{failure}");
}

#[test]
fn a_manifest_declaring_sixty_thousand_metrics_is_refused_at_once() {
    use photorules_plugin_host::manifest::{MAX_METRICS, Manifest};
    let mut text = String::from(
        "name = \"many\"\nversion = \"1\"\ninterface = \"1.0\"\ndescription = \"d\"\n",
    );
    text.push_str(&format!("sha256 = \"{}\"\n", "0".repeat(64)));
    for i in 0..60_000 {
        text.push_str(&format!(
            "[[metrics]]\nname = \"many.m{i}\"\nkind = \"number\"\nunit = \"ratio\"\nmeaning = \"m\"\nmethod = \"m\"\n"
        ));
    }
    let started = std::time::Instant::now();
    let problem = Manifest::parse(&text).expect_err("60,000 metrics are refused");
    assert!(
        problem.message.contains("60000 metrics")
            && problem.message.contains(&MAX_METRICS.to_string()),
        "{}",
        problem.message
    );
    // Refused before the quadratic duplicate check: well within a second even in a debug build.
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
