//! Prepare time for a 12 MP JPEG: grace_hopper.jpg (512 × 600) upscaled to 3328 × 3900 px
//! (13 MP) and prepared for `kz/driving-licence` as `photorules prepare` does (source check with
//! plugins, crop plan, Lanczos3 render, segmentation and background replacement, JPEG encode,
//! re-check of the prepared file).
//!
//! `cargo bench -p photorules --bench prepare_speed`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use photorules::plugin_host::{CacheConfig, HostConfig};
use photorules::prepare::{FileType, Outcome, PrepareOptions};
use photorules::{Options, Photorules};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn twelve_megapixels() -> Vec<u8> {
    let small = image::open(repo().join("spec-tests/photos/grace_hopper.jpg"))
        .unwrap()
        .to_rgb8();
    let (w, h) = (small.width() * 13 / 2, small.height() * 13 / 2);
    let large = photorules::prepare::render::resize(&small, w, h).unwrap();
    photorules::prepare::encode::jpeg(&large, 90, Some(300.0)).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut options = Options::new(repo().join("rules"));
    options.plugin_dirs = vec![repo().join("plugins")];
    options.plugin_host = HostConfig {
        cache: CacheConfig::MemoryOnly,
        ..HostConfig::default()
    };
    let library = Photorules::new(options).unwrap();
    let profile = library.compile("kz/driving-licence").unwrap();
    let photo = twelve_megapixels();
    let prepare_options = PrepareOptions::new(FileType::Jpeg);

    // One run outside the timer: loads the segmentation model, and shows the stages' share.
    let start = Instant::now();
    let check_only = library.check_bytes(&profile, &photo, None).unwrap();
    let check_time = start.elapsed();
    let start = Instant::now();
    let prepared = library.prepare(&profile, &photo, &prepare_options).unwrap();
    println!(
        "12 MP source ({} × {} px, {} bytes): first prepare {:?} (outcome {}), of which one check of the source alone takes {:?}",
        check_only.measurement.image.width(),
        check_only.measurement.image.height(),
        photo.len(),
        start.elapsed(),
        prepared.outcome.as_str(),
        check_time
    );
    assert!(
        prepared.outcome != Outcome::Refused,
        "{}",
        prepared.preparation.message
    );

    let mut group = c.benchmark_group("prepare");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("12MP jpeg -> kz/driving-licence 413x531", |b| {
        b.iter(|| library.prepare(&profile, &photo, &prepare_options).unwrap())
    });
    group.bench_function("check of the 12MP source alone", |b| {
        b.iter(|| library.check_bytes(&profile, &photo, None).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
