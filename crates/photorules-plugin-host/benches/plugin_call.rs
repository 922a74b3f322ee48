//! Per-call cost of plugins (target: ≤ 50 µs of overhead per call).
//!
//! - `call/trivial/*`: a plugin that returns a constant output on a 1 × 1 image — the host's
//!   whole per-call overhead: input encoding, fresh store, instantiation, two calls, output
//!   read, JSON parsing and schema validation. Pooling and on-demand allocation.
//! - `call/glare_413x531`: the shipped glare plugin on a synthetic 413 × 531 portrait.
//! - `mechanism/*`: the cost of the execution limits themselves, on raw wasmtime with the same
//!   engine settings otherwise: neither, fuel, epoch, both — on the glare plugin and on a
//!   plugin that reads every pixel.
//! - `load/*`: making a plugin ready: compiling it, or loading it precompiled from the disk
//!   cache.
//!
//! Run: `cargo bench -p photorules-plugin-host --bench plugin_call`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/all/support/face.rs"]
mod face;
#[path = "../tests/all/support/wat_plugin.rs"]
#[allow(dead_code)]
mod wat_plugin;

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use photorules_core::Metrics;
use photorules_plugin_host::abi::{InputDocument, encode_input};
use photorules_plugin_host::{
    Allocator, CacheConfig, HostConfig, HostLimits, ImageView, PluginHost,
};
use serde_json::json;
use wasmtime::{
    Config, Engine, InstanceAllocationStrategy, InstancePre, Linker, Module,
    PoolingAllocationConfig, Store,
};

fn plugins_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../plugins")
}

fn host(allocator: Allocator, cache: CacheConfig) -> PluginHost {
    PluginHost::new(HostConfig {
        limits: HostLimits::default(),
        cache,
        allocator,
    })
    .unwrap()
}

/// The trivial plugin and the "reads every pixel" plugin, written to `root`.
fn fixtures(root: &Path) -> (PathBuf, PathBuf) {
    let trivial = wat_plugin::constant(root, "trivial", wat_plugin::MEASURED_ONE);
    let json = r#"{"metrics":{"scan.value":{"status":"measured","value":1,"unit":"count"}}}"#;
    let check = format!(
        r#"(local $n i32) (local $i i32) (local $p i32) (local $sum i64)
        (local.set $n (i32.mul (i32.load offset=12 (local.get $ptr)) (i32.load offset=16 (local.get $ptr))))
        (local.set $p (i32.add (local.get $ptr) (i32.load offset=4 (local.get $ptr))))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (i32.load8_u (local.get $p)))))
          (local.set $p (i32.add (local.get $p) (i32.const 3)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (global.set $sink (local.get $sum))
        (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const {}))"#,
        json.len()
    );
    let extra = format!(
        r#"(global $sink (mut i64) (i64.const 0)) (data (i32.const 16) "{}")"#,
        wat_plugin::wat_string(json)
    );
    let scan = wat_plugin::write(root, "scan", &wat_plugin::module(&check, &extra), "");
    (trivial, scan)
}

fn calls(c: &mut Criterion) {
    let root = tempfile::tempdir().unwrap();
    let (trivial_dir, _) = fixtures(root.path());
    let tiny = (1u32, 1u32, vec![128u8; 3]);
    let portrait = face::draw(face::Face {
        glasses: face::Glasses::Clear,
        glare: Some((7.0, 4.0)),
        ..face::Face::default()
    });
    let eyes = face::eye_metrics();
    let mut group = c.benchmark_group("call");
    for (label, allocator) in [
        ("pooling", Allocator::default()),
        ("on-demand", Allocator::OnDemand),
    ] {
        let host = host(allocator, CacheConfig::MemoryOnly);
        let trivial = host.load(&trivial_dir).unwrap();
        group.bench_function(format!("trivial/{label}"), |b| {
            b.iter(|| {
                let image = ImageView::whole(tiny.0, tiny.1, &tiny.2);
                host.run(&trivial, image, &Metrics::default(), &json!({}))
                    .unwrap()
            })
        });
        let glare = host.load(&plugins_dir().join("glare")).unwrap();
        group.bench_function(format!("glare_413x531/{label}"), |b| {
            b.iter(|| {
                let image = ImageView::whole(face::WIDTH, face::HEIGHT, &portrait.rgb);
                host.run(&glare, image, &eyes, &json!({})).unwrap()
            })
        });
    }
    group.finish();
}

/// Raw wasmtime engine with or without fuel and epochs; the rest as the host sets it.
fn raw_engine(fuel: bool, epoch: bool) -> Engine {
    let mut config = Config::new();
    config
        .consume_fuel(fuel)
        .epoch_interruption(epoch)
        .cranelift_nan_canonicalization(true)
        .relaxed_simd_deterministic(true)
        .wasm_backtrace_max_frames(None);
    let mut pooling = PoolingAllocationConfig::default();
    pooling
        .total_core_instances(4)
        .total_memories(4)
        .total_tables(4)
        .max_memory_size(64 << 20)
        .linear_memory_keep_resident(16 << 20);
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pooling));
    Engine::new(&config).unwrap()
}

fn raw_call(pre: &InstancePre<()>, input: &[u8], fuel: bool, epoch: bool) -> u64 {
    let mut store = Store::new(pre.module().engine(), ());
    if fuel {
        store.set_fuel(u64::MAX / 2).unwrap();
    }
    if epoch {
        store.set_epoch_deadline(1 << 40);
    }
    let instance = pre.instantiate(&mut store).unwrap();
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    let alloc = instance
        .get_typed_func::<u32, u32>(&mut store, "photorules_alloc")
        .unwrap();
    let check = instance
        .get_typed_func::<(u32, u32), u64>(&mut store, "photorules_check")
        .unwrap();
    let ptr = alloc.call(&mut store, input.len() as u32).unwrap();
    memory.write(&mut store, ptr as usize, input).unwrap();
    check.call(&mut store, (ptr, input.len() as u32)).unwrap()
}

fn mechanisms(c: &mut Criterion) {
    let root = tempfile::tempdir().unwrap();
    let (_, scan_dir) = fixtures(root.path());
    let portrait = face::draw(face::Face::default());
    let eyes = face::eye_metrics();
    let params = json!({});
    let document = InputDocument {
        width: face::WIDTH,
        height: face::HEIGHT,
        placement: photorules_plugin_host::Placement::whole(face::WIDTH, face::HEIGHT),
        metrics: &eyes,
        params: &params,
    };
    let input = encode_input(face::WIDTH, face::HEIGHT, &portrait.rgb, &document).unwrap();
    let modules = [
        (
            "glare",
            std::fs::read(plugins_dir().join("glare/glare.wasm")).unwrap(),
        ),
        ("scan", std::fs::read(scan_dir.join("scan.wasm")).unwrap()),
    ];
    let mut group = c.benchmark_group("mechanism");
    for (fuel, epoch, label) in [
        (false, false, "none"),
        (true, false, "fuel"),
        (false, true, "epoch"),
        (true, true, "fuel+epoch"),
    ] {
        let engine = raw_engine(fuel, epoch);
        for (name, wasm) in &modules {
            let module = Module::from_binary(&engine, wasm).unwrap();
            let pre = Linker::new(&engine).instantiate_pre(&module).unwrap();
            group.bench_function(format!("{name}_413x531/{label}"), |b| {
                b.iter(|| raw_call(&pre, &input, fuel, epoch))
            });
        }
    }
    group.finish();
}

fn loading(c: &mut Criterion) {
    let glare_dir = plugins_dir().join("glare");
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("glare/compile", |b| {
        b.iter_batched(
            || host(Allocator::OnDemand, CacheConfig::MemoryOnly),
            |host| host.load(&glare_dir).unwrap(),
            BatchSize::PerIteration,
        )
    });
    let cache = tempfile::tempdir().unwrap();
    host(
        Allocator::OnDemand,
        CacheConfig::Disk(cache.path().to_path_buf()),
    )
    .load(&glare_dir)
    .unwrap();
    group.bench_function("glare/disk-cache", |b| {
        b.iter_batched(
            || {
                host(
                    Allocator::OnDemand,
                    CacheConfig::Disk(cache.path().to_path_buf()),
                )
            },
            |host| host.load(&glare_dir).unwrap(),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// Minimum and median of `runs` timed calls: on a shared, loaded machine the minimum is the
/// figure least disturbed by other processes. Printed as a table after the criterion groups.
fn min_median(runs: usize, mut call: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = std::time::Instant::now();
            call();
            started.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[runs / 2])
}

fn summary(_: &mut Criterion) {
    let root = tempfile::tempdir().unwrap();
    let (trivial_dir, scan_dir) = fixtures(root.path());
    let tiny = (1u32, 1u32, vec![128u8; 3]);
    let portrait = face::draw(face::Face {
        glasses: face::Glasses::Clear,
        glare: Some((7.0, 4.0)),
        ..face::Face::default()
    });
    let eyes = face::eye_metrics();
    let runs = 300;
    println!("\nsummary ({runs} calls each): min / median, fuel used per call");
    for (label, allocator) in [
        ("pooling", Allocator::default()),
        ("on-demand", Allocator::OnDemand),
    ] {
        let host = host(allocator, CacheConfig::MemoryOnly);
        let cases = [
            (
                "trivial WAT plugin, 1x1",
                trivial_dir.clone(),
                (tiny.0, tiny.1, &tiny.2),
                Metrics::default(),
                json!({}),
            ),
            (
                "trivial Rust plugin (kit), 1x1",
                plugins_dir().join("fixtures/hostile"),
                (tiny.0, tiny.1, &tiny.2),
                Metrics::default(),
                json!({}),
            ),
            (
                "trivial Rust plugin (kit), 413x531",
                plugins_dir().join("fixtures/hostile"),
                (face::WIDTH, face::HEIGHT, &portrait.rgb),
                eyes.clone(),
                json!({}),
            ),
            (
                "scan every pixel (WAT), 413x531",
                scan_dir.clone(),
                (face::WIDTH, face::HEIGHT, &portrait.rgb),
                Metrics::default(),
                json!({}),
            ),
            (
                "glare, 413x531",
                plugins_dir().join("glare"),
                (face::WIDTH, face::HEIGHT, &portrait.rgb),
                eyes.clone(),
                json!({}),
            ),
            (
                "lenses, 413x531",
                plugins_dir().join("lenses"),
                (face::WIDTH, face::HEIGHT, &portrait.rgb),
                eyes.clone(),
                json!({}),
            ),
            (
                "redeye, 413x531",
                plugins_dir().join("redeye"),
                (face::WIDTH, face::HEIGHT, &portrait.rgb),
                eyes.clone(),
                json!({}),
            ),
        ];
        for (name, dir, (width, height, rgb), metrics, params) in cases {
            let plugin = host.load(&dir).unwrap();
            let image = ImageView::whole(width, height, rgb);
            let mut fuel = 0;
            let (min, median) = min_median(runs, || {
                fuel = host
                    .run(&plugin, image, &metrics, &params)
                    .unwrap()
                    .fuel_used;
            });
            println!("  {label:9} {name:36} {min:>10.1?} / {median:>10.1?}  fuel {fuel}");
        }
    }
    let params = json!({});
    let document = InputDocument {
        width: face::WIDTH,
        height: face::HEIGHT,
        placement: photorules_plugin_host::Placement::whole(face::WIDTH, face::HEIGHT),
        metrics: &eyes,
        params: &params,
    };
    let input = encode_input(face::WIDTH, face::HEIGHT, &portrait.rgb, &document).unwrap();
    for (fuel, epoch, label) in [
        (false, false, "neither"),
        (true, false, "fuel"),
        (false, true, "epoch"),
        (true, true, "fuel+epoch"),
    ] {
        let engine = raw_engine(fuel, epoch);
        for (name, path) in [
            ("glare", plugins_dir().join("glare/glare.wasm")),
            ("scan", scan_dir.join("scan.wasm")),
        ] {
            let module = Module::from_file(&engine, &path).unwrap();
            let pre = Linker::new(&engine).instantiate_pre(&module).unwrap();
            let (min, median) = min_median(runs, || {
                raw_call(&pre, &input, fuel, epoch);
            });
            println!("  raw wasmtime, {label:10} {name:21} {min:>10.1?} / {median:>10.1?}");
        }
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
}

criterion_group! {
    name = benches;
    config = config();
    targets = calls, mechanisms, loading, summary
}
criterion_main!(benches);
