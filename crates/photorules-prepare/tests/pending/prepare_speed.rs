//! Prepare time for a 12 MP JPEG: a test portrait upscaled to 3185 × 3980 px (12.7 MP) and
//! prepared for `kz/driving-licence` as the CLI does (source check with plugins, crop plan,
//! Lanczos3 render, segmentation and background replacement, JPEG encode, re-check).
//!
//! The shipped portraits all smile or speak, which `kz/driving-licence` refuses before any
//! rendering; the bench therefore uses that profile without its expression rules (written to a
//! temporary rules root beside copies of the real profiles), so that every stage runs.
//!
//! `cargo bench -p photorules-prepare --bench prepare_speed`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use photorules::plugin_host::{CacheConfig, HostConfig};
use photorules::{Options, Photorules};
use photorules_core::ir::CompiledProfile;
use photorules_prepare::{
    BackgroundPolicy, Checked, Checker, FileType, Outcome, PrepareOptions, Preparer,
};

struct Library(Photorules);

impl Checker for Library {
    fn check(
        &self,
        profile: &CompiledProfile,
        bytes: &[u8],
        name: Option<&str>,
    ) -> Result<Checked, String> {
        self.0
            .check_bytes(profile, bytes, name)
            .map(|c| Checked {
                report: c.report,
                measurement: c.measurement,
            })
            .map_err(|e| e.to_string())
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The repository's rules plus `bench/any-expression`, in a temporary directory.
fn rules_root(dir: &Path) -> PathBuf {
    let root = dir.join("rules");
    for id in ["icao/base", "kz/driving-licence"] {
        let target = root.join(format!("{id}.rules"));
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(repo().join("rules").join(format!("{id}.rules")), target).unwrap();
    }
    std::fs::create_dir_all(root.join("bench")).unwrap();
    std::fs::write(
        root.join("bench/any-expression.rules"),
        include_str!("../tests/fixtures/any-expression.rules"),
    )
    .unwrap();
    root
}

/// obama.jpg (910 × 1137) upscaled 3.5× with Lanczos3 and saved as a quality-90 JPEG.
fn twelve_megapixels() -> Vec<u8> {
    let small = image::open(repo().join("spec-tests/photos/obama.jpg"))
        .unwrap()
        .to_rgb8();
    let (w, h) = (small.width() * 7 / 2, small.height() * 7 / 2);
    let large = photorules_prepare::render::resize(&small, w, h).unwrap();
    photorules_prepare::encode::jpeg(&large, 90, Some(300.0)).unwrap()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut options = Options::new(rules_root(dir.path()));
    options.plugin_dirs = vec![repo().join("plugins")];
    options.plugin_host = HostConfig {
        cache: CacheConfig::MemoryOnly,
        ..HostConfig::default()
    };
    let library = Library(Photorules::new(options).unwrap());
    let profile = library.0.compile("bench/any-expression").unwrap();
    let photo = twelve_megapixels();
    let preparer = Preparer::new();
    let mut prepare_options = PrepareOptions::new(FileType::Jpeg);
    prepare_options.background = BackgroundPolicy::Always;

    // One run outside the timer: loads the segmentation model, and shows the stages' share.
    let start = Instant::now();
    let check_only = library.check(&profile, &photo, None).unwrap();
    let check_time = start.elapsed();
    let start = Instant::now();
    let prepared = preparer
        .prepare(&library, &profile, &photo, &prepare_options)
        .unwrap();
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
    group.bench_function("12MP jpeg -> kz 413x531 (background replaced)", |b| {
        b.iter(|| {
            preparer
                .prepare(&library, &profile, &photo, &prepare_options)
                .unwrap()
        })
    });
    group.bench_function("check of the 12MP source alone", |b| {
        b.iter(|| library.check(&profile, &photo, None).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
