//! Every throughput figure of one run, each beside its target (issue 19), so that one command
//! says where the engine stands. First on all cores, then with the bench and every process it
//! starts pinned to one core:
//! - per photo, on one thread, in one process: plain decode (the `image` crate), measure, and
//!   check with the three shipped plugins, for a 12 MP phone-sized JPEG and a 413 × 531 ID photo;
//! - one whole `photorules check` process of each (start-up included), and its peak RSS against
//!   the decoded RGB image;
//! - (on all cores only) a batch of photos with `--jobs 1` and `--jobs 2`, in photos per second.
//!
//! `cargo bench -p photorules-cli --bench throughput`. Figures are medians of several runs; the
//! machine should be otherwise idle. The 12 MP file is made by upscaling a test portrait (nothing
//! large is committed). Peak RSS is the child's `VmHWM` from /proc (Linux), read until it exits.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use image::ImageFormat;
use image::imageops::{self, FilterType};
use photorules::{Options, Photorules};

const PROFILE: &str = "kz/driving-licence";
/// Photos in the batch: copies of the 413 × 531 ID photo and of four real test portraits, 100
/// in all, so that the one start-up of the process weighs little against the photos.
const BATCH_COPIES: usize = 20;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn verdict(held: bool) -> &'static str {
    if held { "held" } else { "NOT held" }
}

/// The test files: a 12 MP phone-sized JPEG and a 413 × 531 ID photo, written into `dir`.
fn photos(dir: &Path) -> [(String, PathBuf); 2] {
    let portrait = image::open(repo().join("spec-tests/photos/obama.jpg"))
        .unwrap()
        .to_rgb8();
    let (w, h) = portrait.dimensions();
    let crop = |ratio: f64| {
        let crop_h = (f64::from(w) * ratio).min(f64::from(h)) as u32;
        imageops::crop_imm(&portrait, 0, 0, w, crop_h).to_image()
    };
    let phone = imageops::resize(&crop(4.0 / 3.0), 3000, 4000, FilterType::Triangle);
    let id = imageops::resize(&crop(531.0 / 413.0), 413, 531, FilterType::Lanczos3);
    let phone_path = dir.join("phone-12mp.jpg");
    let id_path = dir.join("id-413x531.jpg");
    phone
        .save_with_format(&phone_path, ImageFormat::Jpeg)
        .unwrap();
    id.save_with_format(&id_path, ImageFormat::Jpeg).unwrap();
    [
        ("12 MP 3000×4000 JPEG".to_string(), phone_path),
        ("413×531 JPEG".to_string(), id_path),
    ]
}

/// Wall time of one `photorules ARGS…` process and its peak resident memory in bytes.
fn run_process(args: &[&str]) -> (Duration, u64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_photorules"))
        .args(args)
        .current_dir(repo())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            peak = peak.max(high_water_mark(&status));
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    (start.elapsed(), peak)
}

/// `VmHWM` of a /proc status file, in bytes.
fn high_water_mark(status: &str) -> u64 {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kib| kib * 1024)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let files = photos(dir.path());
    let mut options = Options::new(repo().join("rules"));
    options.plugin_dirs = vec![repo().join("plugins")];
    let library = Photorules::new(options).unwrap();
    let profile = library.compile(PROFILE).unwrap();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("throughput: {PROFILE}, three plugins; medians of runs");
    println!("on all {cores} cores:");
    let all_cores = per_photo(&library, &profile, &files);
    let batch = batch_speed_up(dir.path(), &files);
    // Last, because it cannot be undone: this thread, and every process it starts, on core 0.
    println!("on one core (this process and the ones it starts pinned to core 0):");
    let one_core = match core_affinity::get_core_ids().and_then(|ids| ids.first().copied()) {
        Some(core) if core_affinity::set_for_current(core) => {
            Some(per_photo(&library, &profile, &files))
        }
        _ => {
            println!("  could not pin this process to one core; no one-core figures");
            None
        }
    };
    println!(
        "all targets on all cores: {}; on one core: {}",
        if all_cores && batch {
            "held"
        } else {
            "not all held"
        },
        match one_core {
            Some(true) => "held",
            Some(false) => "not all held",
            None => "not measured",
        }
    );
}

/// Decode, measure, check and one whole process for each photo in `files`, with the targets
/// of the 12 MP photo; whether all of them held.
fn per_photo(
    library: &Photorules,
    profile: &photorules::core::ir::CompiledProfile,
    files: &[(String, PathBuf)],
) -> bool {
    let mut held_all = true;
    for (name, path) in files {
        let bytes = std::fs::read(path).unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap().to_rgb8();
        let rgb_bytes = decoded.as_raw().len() as u64;
        library.check_bytes(profile, &bytes, None).unwrap();
        let runs = if decoded.width() > 1000 { 7 } else { 21 };
        let decode = median(runs, || {
            image::load_from_memory_with_format(&bytes, ImageFormat::Jpeg).unwrap();
        });
        let measure = median(runs, || {
            library.measure_bytes(&bytes).unwrap();
        });
        let check = median(runs, || {
            library.check_bytes(profile, &bytes, None).unwrap();
        });
        let path_arg = path.to_str().unwrap();
        let mut process_runs: Vec<(Duration, u64)> = (0..5)
            .map(|_| run_process(&["check", "--profile", PROFILE, path_arg]))
            .collect();
        process_runs.sort();
        let (process, _) = process_runs[2];
        let rss = process_runs.iter().map(|(_, rss)| *rss).max().unwrap_or(0);
        let check_ratio = ms(check) / ms(decode);
        let process_ratio = ms(process) / ms(decode);
        let rss_ratio = rss as f64 / rgb_bytes as f64;
        println!(
            "  {name} ({} bytes): decode {:.1} ms, measure {:.1} ms ({:.2}×), check {:.1} ms ({check_ratio:.2}×); one process {:.1} ms ({process_ratio:.2}×), start-up and all; peak RSS {:.0} MB ({rss_ratio:.2}× the {:.1} MB decoded image)",
            bytes.len(),
            ms(decode),
            ms(measure),
            ms(measure) / ms(decode),
            ms(check),
            ms(process),
            rss as f64 / 1e6,
            rgb_bytes as f64 / 1e6,
        );
        if decoded.width() > 1000 {
            let targets = [
                ("check per photo ≤ 1.0× decode", check_ratio <= 1.0),
                ("one process ≤ 2.0× decode", process_ratio <= 2.0),
                ("peak RSS ≤ 2.5× decoded image", rss_ratio <= 2.5),
            ];
            for (target, held) in targets {
                println!("    target {target}: {}", verdict(held));
                held_all &= held;
            }
        }
    }
    held_all
}

/// The batch's speed on two cores against one (`--jobs 2` and `--jobs 1`); whether it is at
/// least the target.
fn batch_speed_up(dir: &Path, files: &[(String, PathBuf)]) -> bool {
    // Two folders of equal size: the time of both less the time of the first is what the
    // second half's photos cost once the process is up, so that rate leaves start-up out.
    let half = dir.join("half");
    let other = dir.join("other");
    let sources = [
        "grace_hopper.jpg",
        "obama.jpg",
        "biden.jpg",
        "blink_open.png",
    ];
    let mut count = 0;
    for copy in 0..BATCH_COPIES {
        let folder = if copy < BATCH_COPIES / 2 {
            &half
        } else {
            &other
        };
        std::fs::create_dir_all(folder).unwrap();
        for source in sources {
            let from = repo().join("spec-tests/photos").join(source);
            std::fs::copy(&from, folder.join(format!("{copy}-{source}"))).unwrap();
        }
        std::fs::copy(&files[1].1, folder.join(format!("{copy}-id.jpg"))).unwrap();
        count += 5;
    }
    let (half_arg, other_arg) = (half.to_str().unwrap(), other.to_str().unwrap());
    let rate = |jobs: &str| {
        let time = |folders: &[&str]| {
            let mut args = vec!["check", "--profile", PROFILE, "--jobs", jobs];
            args.extend_from_slice(folders);
            let mut times: Vec<Duration> = (0..3).map(|_| run_process(&args).0).collect();
            times.sort();
            times[1]
        };
        let all = time(&[half_arg, other_arg]);
        let first_half = time(&[half_arg]);
        let steady = (count / 2) as f64 / all.saturating_sub(first_half).as_secs_f64();
        (count as f64 / all.as_secs_f64(), steady)
    };
    let (one, one_steady) = rate("1");
    let (two, two_steady) = rate("2");
    let speed_up = two_steady / one_steady;
    println!(
        "  batch of {count} photos in one process: {one:.1} photos/s with --jobs 1, {two:.1} with --jobs 2 ({:.2}×); start-up left out (the time of {count} photos less that of {}): {one_steady:.1} and {two_steady:.1} photos/s ({speed_up:.2}×, on {} cores)",
        two / one,
        count / 2,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "    target batch ≥ 1.8× faster on 2 cores: {}",
        verdict(speed_up >= 1.8)
    );
    speed_up >= 1.8
}
