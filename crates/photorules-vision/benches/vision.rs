//! Detection and landmark timings (release): `cargo bench -p photorules-vision`.
//!
//! - detection on a 600 × 800 grey copy of a portrait (the detector alone);
//! - `detect_reduced` on a 3000 × 4000 (12 MP) RGB photo: reduction + detection;
//! - the face mesh per face: one network pass, the crop sampling alone, and the full `run`
//!   (crop loop of 2–4 passes);
//! - the eye network on both eyes of that face (lid margins and irises);
//! - the blendshape (expression) network on that face's mesh and irises, and its load;
//! - the lip network (the second mesh) on the first mesh's settled crop, and its load;
//! - the person segmentation on the portrait, and its load.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use image::imageops::{self, FilterType};
use photorules_vision::{
    BlendshapeModel, EyeModel, FaceDetector, LandmarkModel, LipModel, PersonSegmenter,
};

fn portrait() -> image::RgbImage {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec-tests/photos/obama.jpg");
    image::open(path).unwrap().to_rgb8()
}

fn detection(c: &mut Criterion) {
    let detector = FaceDetector::new().unwrap();
    let photo = portrait();
    let gray_600x800 =
        imageops::grayscale(&imageops::resize(&photo, 600, 800, FilterType::Triangle));
    assert_eq!(detector.detect(&gray_600x800).unwrap().len(), 1);
    c.bench_function("detect 600x800 grey", |b| {
        b.iter(|| detector.detect(black_box(&gray_600x800)).unwrap())
    });

    let photo_12mp = imageops::resize(&photo, 3000, 4000, FilterType::Triangle);
    assert_eq!(detector.detect_reduced(&photo_12mp).unwrap().len(), 1);
    c.bench_function("detect_reduced 3000x4000 rgb", |b| {
        b.iter(|| detector.detect_reduced(black_box(&photo_12mp)).unwrap())
    });
}

fn landmarks(c: &mut Criterion) {
    let detector = FaceDetector::new().unwrap();
    let model = LandmarkModel::new().unwrap();
    let photo = portrait();
    let face = detector.detect_reduced(&photo).unwrap()[0];
    c.bench_function("face mesh run (crop loop, 2-4 passes)", |b| {
        b.iter(|| model.run(black_box(&photo), black_box(&face)).unwrap())
    });
    let mesh = model.run(&photo, &face).unwrap();
    let crop = photorules_vision::landmarks::Roi {
        centre_x: mesh.points[1][0],
        centre_y: mesh.points[1][1],
        side: 1.9 * face.width,
        angle: 0.0,
    };
    let lips = LipModel::new().unwrap();
    let settled = model
        .run_traced(&photo, &face)
        .unwrap()
        .crops
        .pop()
        .unwrap();
    c.bench_function("lip network (second mesh, 256 px)", |b| {
        b.iter(|| lips.run(black_box(&photo), black_box(&settled)).unwrap())
    });
    c.bench_function("lip model load", |b| b.iter(|| LipModel::new().unwrap()));
    c.bench_function("face mesh one pass", |b| {
        b.iter(|| model.run_crop(black_box(&photo), black_box(&crop)).unwrap())
    });
    c.bench_function("crop sampling 192x192 (anti-aliased)", |b| {
        b.iter(|| {
            black_box(&crop).sample_chw(black_box(&photo), photorules_vision::landmarks::INPUT_SIZE)
        })
    });
    c.bench_function("landmark model load", |b| {
        b.iter(|| LandmarkModel::new().unwrap())
    });
    let eyes = EyeModel::new().unwrap();
    c.bench_function("eye network, both eyes", |b| {
        b.iter(|| eyes.run(black_box(&photo), black_box(&mesh)).unwrap())
    });
    let irises = eyes.run(&photo, &mesh).unwrap();
    let expression = BlendshapeModel::new().unwrap();
    c.bench_function("blendshape network", |b| {
        b.iter(|| {
            expression
                .run(black_box(&mesh), black_box(&irises))
                .unwrap()
        })
    });
    c.bench_function("blendshape model load", |b| {
        b.iter(|| BlendshapeModel::new().unwrap())
    });
}

fn segmentation(c: &mut Criterion) {
    let image = portrait();
    let segmenter = PersonSegmenter::new().unwrap();
    c.bench_function("person segmentation (stretch and network)", |b| {
        b.iter(|| segmenter.person_probabilities(black_box(&image)).unwrap())
    });
    c.bench_function("person segmentation load", |b| {
        b.iter(|| PersonSegmenter::new().unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_secs(1));
    targets = detection, landmarks, segmentation
}
criterion_main!(benches);
