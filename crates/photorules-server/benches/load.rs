//! Load test on loopback, bounded in count and time: a real server in this process, a real
//! HTTP client, concurrent checks of real photos. Prints throughput, latency percentiles,
//! errors and the process's peak resident memory (server and client together).
//!
//! ```sh
//! cargo bench -p photorules-server --bench load
//! LOAD_REQUESTS=200 LOAD_CONCURRENCY=8 cargo bench -p photorules-server --bench load
//! ```
//!
//! Phases: (1) checks of obama.jpg (910 × 1137) at a concurrency the server admits, which
//! must all succeed; (2) the same photo enlarged to 12 MP, to show memory stays bounded by
//! the worker count; (3) a deliberate overload, where every answer must be 200 or 503 `busy`.
//! Exits non-zero on any other answer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use photorules::{Options, Photorules};
use photorules_server::{AppState, Limits};
use tokio::sync::Semaphore;

const PROFILE: &str = "kz/driving-licence";

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak and current resident memory of this process, in MiB (VmHWM, VmRSS).
fn memory_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    ok: usize,
    busy: usize,
    other: Vec<String>,
}

impl Tally {
    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }
}

/// `count` checks of `photo`, at most `concurrency` in flight, stopping early at `deadline`.
async fn run(
    base: &str,
    photo: Arc<Vec<u8>>,
    count: usize,
    concurrency: usize,
    deadline: Instant,
) -> (Tally, Duration) {
    let client = reqwest::Client::new();
    let slots = Arc::new(Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..count {
        if Instant::now() > deadline {
            break;
        }
        let slot = Arc::clone(&slots).acquire_owned().await.unwrap();
        let client = client.clone();
        let photo = Arc::clone(&photo);
        let url = format!("{base}/api/check");
        tasks.push(tokio::spawn(async move {
            let _slot = slot;
            let part =
                reqwest::multipart::Part::bytes(photo.as_ref().clone()).file_name("photo.jpg");
            let form = reqwest::multipart::Form::new()
                .part("photo", part)
                .text("profile", PROFILE);
            let t = Instant::now();
            let response = client.post(url).multipart(form).send().await;
            let result = match response {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let body = r.bytes().await.map(|b| b.len()).unwrap_or(0);
                    Ok((status, body))
                }
                Err(e) => Err(e.to_string()),
            };
            (t.elapsed(), result)
        }));
    }
    let mut tally = Tally::default();
    for task in tasks {
        let (latency, result) = task.await.unwrap();
        match result {
            Ok((200, body)) if body > 0 => {
                tally.ok += 1;
                tally.latencies.push(latency);
            }
            Ok((503, _)) => tally.busy += 1,
            Ok((status, _)) => tally.other.push(format!("status {status}")),
            Err(e) => tally.other.push(e),
        }
    }
    (tally, started.elapsed())
}

fn print(name: &str, tally: &Tally, elapsed: Duration) {
    let (peak, now) = memory_mib();
    println!(
        "{name}: {} ok, {} busy (503), {} errors in {:.1} s → {:.2} checks/s; latency p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms; peak RSS {peak:.0} MiB (now {now:.0} MiB)",
        tally.ok,
        tally.busy,
        tally.other.len(),
        elapsed.as_secs_f64(),
        tally.ok as f64 / elapsed.as_secs_f64(),
        tally.percentile(50.0).as_secs_f64() * 1e3,
        tally.percentile(95.0).as_secs_f64() * 1e3,
        tally.percentile(100.0).as_secs_f64() * 1e3,
    );
    for error in tally.other.iter().take(5) {
        println!("  error: {error}");
    }
}

/// obama.jpg enlarged to about 12 MP (3100 × 3873), as a phone camera would send.
fn large_photo(small: &[u8]) -> Vec<u8> {
    let image = image::load_from_memory(small).expect("decode");
    let large = image.resize(3100, 3873, image::imageops::FilterType::Triangle);
    let mut out = Vec::new();
    large
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .expect("encode");
    out
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is understood.
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let requests = env_number("LOAD_REQUESTS", 60);
    let large_requests = env_number("LOAD_LARGE_REQUESTS", 12);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let concurrency = env_number("LOAD_CONCURRENCY", 2 * cores);
    let max_secs = env_number("LOAD_MAX_SECS", 180) as u64;
    let deadline = Instant::now() + Duration::from_secs(max_secs);

    let mut options = Options::new(workspace.join("rules"));
    options.plugin_dirs = vec![workspace.join("plugins")];
    let photorules = Arc::new(Photorules::new(options).expect("library"));
    let limits = Limits {
        max_concurrent: cores,
        // Enough queue for the client's concurrency: phase 1 must see no 503.
        max_queued: concurrency,
        ..Limits::default()
    };
    let photo =
        Arc::new(std::fs::read(workspace.join("spec-tests/photos/obama.jpg")).expect("photo"));
    let large = Arc::new(large_photo(&photo));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let failed = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let state = AppState::new(Arc::clone(&photorules));
        tokio::spawn(photorules_server::serve(listener, state, limits, std::future::pending()));
        let (before, _) = memory_mib();
        println!(
            "server: {cores} workers, queue {}, client concurrency {concurrency}; RSS after loading models {before:.0} MiB",
            limits.max_queued
        );

        // Warm-up: the first check loads lazily-initialised state.
        let (warm, _) = run(&base, Arc::clone(&photo), 2, 1, deadline).await;
        assert_eq!(warm.ok, 2, "warm-up failed: {:?}", warm.other);

        let (small, t) = run(&base, Arc::clone(&photo), requests, concurrency, deadline).await;
        print(&format!("obama.jpg 910×1137 ({} KB)", photo.len() / 1024), &small, t);

        let (big, t) = run(&base, Arc::clone(&large), large_requests, concurrency, deadline).await;
        print(&format!("12 MP JPEG ({} KB)", large.len() / 1024), &big, t);

        let overload = 4 * (limits.max_concurrent + limits.max_queued);
        let (over, t) = run(&base, Arc::clone(&photo), 2 * overload, overload, deadline).await;
        print(&format!("overload, {overload} at once"), &over, t);

        let errors = small.other.len() + small.busy + big.other.len() + big.busy + over.other.len();
        if over.busy == 0 {
            println!("note: the overload phase was never refused (the server kept up)");
        }
        errors
    });
    if failed > 0 {
        eprintln!("load: {failed} unexpected answers");
        std::process::exit(1);
    }
}
