//! Decode-only against full-measurement time, for a 12 MP phone-sized JPEG, two 413 × 531
//! ID photos (a crop of a portrait against flags, and the prepared photo with a plain
//! backdrop) and a tight head-and-shoulders frame whose background only the person
//! segmentation can sample (facexlib_elder.jpg of spec-tests/eval, 411 × 512), in one run on
//! one thread, with the time of each stage (detection, face mesh, eye network, expression
//! network, lip network, person segmentation, the rest). The 12 MP file is made here by upscaling a test portrait (nothing large
//! is committed).
//!
//! `taskset -c 0 cargo bench -p photorules-measure --bench measure_speed` (one core). Plain
//! decode, photorules' decode and the full measurement take turns, run by run, and each figure
//! is the median of its runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Cursor;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use image::{ImageFormat, RgbImage};
use photorules_measure::decode::{DecodeLimits, decode};
use photorules_measure::raster::{grey, reduce_to_fit};
use photorules_measure::{
    DETECT_LONG_SIDE, MeasureOptions, Measurer, SMALL_FACE_LONG_SIDE, WORK_LONG_SIDE,
    background_is_plain,
};
use photorules_vision::{
    BlendshapeModel, EyeModel, FaceDetector, LandmarkModel, LipModel, PersonSegmenter,
};

fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .unwrap();
    out.into_inner()
}

/// The speed target for one photo, so that a run says plainly whether it is met.
enum Target {
    /// Full measurement at most this many times the plain decode (the 12 MP photo).
    TimesPlainDecode(f64),
    /// Full measurement within this many milliseconds (the ID photos).
    Milliseconds(f64),
}

/// Median of `runs` timings of `f`.
fn median<'a>(runs: usize, f: impl FnMut() + 'a) -> Duration {
    let [only] = interleaved_medians(runs, [Box::new(f)]);
    only
}

/// Median of `runs` timings of each of `fs`, run in turns (first, second, …, first, …) so that
/// a slow spell of this shared machine falls on all of them alike rather than on whichever
/// ran during it: the decode-to-measurement ratio compares two of these medians.
fn interleaved_medians<const N: usize>(
    runs: usize,
    mut fs: [Box<dyn FnMut() + '_>; N],
) -> [Duration; N] {
    let mut times = [(); N].map(|()| Vec::with_capacity(runs));
    for _ in 0..runs {
        for (f, times) in fs.iter_mut().zip(&mut times) {
            let start = Instant::now();
            f();
            times.push(start.elapsed());
        }
    }
    times.map(|mut times| {
        times.sort();
        times[runs / 2]
    })
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec-tests/photos");
    let portrait = image::load_from_memory(&std::fs::read(root.join("obama.jpg")).unwrap())
        .unwrap()
        .to_rgb8();
    // 3:4 crop of the portrait, then the two test files.
    let (w, h) = portrait.dimensions();
    let crop_h = (f64::from(w) * 4.0 / 3.0).min(f64::from(h)) as u32;
    let crop = imageops::crop_imm(&portrait, 0, 0, w, crop_h).to_image();
    let phone = jpeg(
        &imageops::resize(&crop, 3000, 4000, FilterType::Triangle),
        90,
    );
    let id_crop_h = (f64::from(w) * 531.0 / 413.0).min(f64::from(h)) as u32;
    let id = imageops::crop_imm(&portrait, 0, 0, w, id_crop_h).to_image();
    let id = jpeg(&imageops::resize(&id, 413, 531, FilterType::Lanczos3), 92);
    // A photo as an ID photo should be: the prepared, accepted 413 × 531 file (plain backdrop).
    let prepared =
        std::fs::read(root.join("prepared/grace_hopper.kz-driving-licence.jpg")).unwrap();

    // A tight frame: the fixed background regions hold nothing, the segmentation runs.
    let tight = std::fs::read(root.join("../eval/photos/facexlib_elder.jpg")).unwrap();

    let measurer = Measurer::new(MeasureOptions::default()).unwrap();
    let detector = FaceDetector::new().unwrap();
    let landmarks = LandmarkModel::new().unwrap();
    let eye_model = EyeModel::new().unwrap();
    let expression_model = BlendshapeModel::new().unwrap();
    let lip_model = LipModel::new().unwrap();
    let segmenter = PersonSegmenter::new().unwrap();
    let limits = DecodeLimits::default();
    println!("measure_speed: one thread, median of runs");
    for (name, bytes, runs, target) in [
        (
            "12 MP 3000×4000 JPEG, flags behind",
            &phone,
            9,
            Target::TimesPlainDecode(1.5),
        ),
        (
            "413×531 JPEG, flags behind",
            &id,
            31,
            Target::Milliseconds(15.0),
        ),
        (
            "413×531 JPEG, prepared (plain backdrop)",
            &prepared,
            31,
            Target::Milliseconds(15.0),
        ),
        (
            "411×512 JPEG, tight frame (plain backdrop, sampled by the person segmentation)",
            &tight,
            31,
            Target::Milliseconds(15.0),
        ),
    ] {
        // Warm up (lazy tables, allocator).
        let measured = measurer.measure_bytes(bytes).unwrap();
        let [plain, ours, full] = interleaved_medians(
            runs,
            [
                Box::new(|| {
                    let _ = image::load_from_memory_with_format(bytes, ImageFormat::Jpeg).unwrap();
                }),
                Box::new(|| {
                    let _ = decode(bytes, &limits).unwrap();
                }),
                Box::new(|| {
                    let _ = measurer.measure_bytes(bytes).unwrap();
                }),
            ],
        );
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{name} ({} bytes, {} faces): plain decode {:.1} ms, photorules decode {:.1} ms, full measurement {:.1} ms, full / plain decode = {:.2}",
            bytes.len(),
            measured.geometry.faces.len(),
            ms(plain),
            ms(ours),
            ms(full),
            ms(full) / ms(plain),
        );
        let (wanted, met) = match target {
            Target::TimesPlainDecode(times) => (
                format!("full ≤ {times} × plain decode"),
                ms(full) <= times * ms(plain),
            ),
            Target::Milliseconds(limit) => (format!("full ≤ {limit} ms"), ms(full) <= limit),
        };
        println!("  target {wanted}: {}", if met { "met" } else { "missed" });
        // Where the time goes: the stages of `measure_bytes` timed on their own.
        let image = decode(bytes, &limits).unwrap().image;
        let work = median(runs, || {
            let _ = reduce_to_fit(&image, WORK_LONG_SIDE);
        });
        let reduced = reduce_to_fit(&image, WORK_LONG_SIDE);
        let small = reduce_to_fit(&reduced.image, DETECT_LONG_SIDE);
        let small_grey = grey(&small.image);
        let detect = median(runs, || {
            let _ = detector.detect(&small_grey).unwrap();
        });
        let factor = (reduced.scale * small.scale) as f32;
        let face = detector.detect(&small_grey).unwrap()[0].scaled(factor);
        // The mesh runs on the measurement copy, as in `measure_bytes`.
        let face = face.scaled((1.0 / reduced.scale) as f32);
        let mut crops = landmarks.run_traced(&reduced.image, &face).unwrap().crops;
        let passes = crops.len();
        let settled = crops.pop().unwrap();
        // Run only where the first mesh reads the lips together (`mouth.aperture_second`
        // measured); elsewhere it costs nothing.
        let lips_ran = measured
            .metrics
            .measured_number("mouth.aperture_second")
            .is_some();
        let lips = if lips_ran {
            median(runs, || {
                let _ = lip_model.run(&reduced.image, &settled).unwrap();
            })
        } else {
            Duration::ZERO
        };
        let mesh = median(runs, || {
            let _ = landmarks.run(&reduced.image, &face).unwrap();
        });
        let face_mesh = landmarks.run(&reduced.image, &face).unwrap();
        let eyes = median(runs, || {
            let _ = eye_model.run(&reduced.image, &face_mesh).unwrap();
        });
        let irises = eye_model.run(&reduced.image, &face_mesh).unwrap();
        let expression = median(runs, || {
            let _ = expression_model.run(&face_mesh, &irises).unwrap();
        });
        // The same decision `measure_bytes` takes.
        let small_face_search = !background_is_plain(&measured.metrics);
        let search = if small_face_search {
            let copy = reduce_to_fit(&reduced.image, SMALL_FACE_LONG_SIDE);
            let copy_grey = grey(&copy.image);
            let unmasked = median(runs, || {
                let _ = detector.detect(&copy_grey).unwrap();
            });
            format!(
                "small-face search ran (masked; unmasked on {}×{} it would be {:.1} ms)",
                copy.image.width(),
                copy.image.height(),
                ms(unmasked)
            )
        } else {
            "small-face search skipped (plain backdrop)".to_string()
        };
        // Asked only when the fixed background regions hold too little: its time is part of
        // "everything else" there, and of nothing elsewhere.
        let segmentation = median(runs, || {
            let _ = segmenter.person_probabilities(&reduced.image).unwrap();
        });
        let rest = ms(full)
            - ms(ours)
            - ms(work)
            - ms(detect)
            - ms(mesh)
            - ms(eyes)
            - ms(expression)
            - ms(lips);
        println!(
            "  stages: decode {:.1} ms, measurement copy {:.1} ms, first detection on {}×{} {:.1} ms, face mesh ({passes} passes) {:.1} ms, eye network (both eyes) {:.1} ms, expression network {:.1} ms, lip network {:.1} ms{}, everything else {:.1} ms; {search}; person segmentation {:.1} ms (in everything else only where the frame is too tight for the fixed background regions)",
            ms(ours),
            ms(work),
            small.image.width(),
            small.image.height(),
            ms(detect),
            ms(mesh),
            ms(eyes),
            ms(expression),
            ms(lips),
            if lips_ran {
                ""
            } else {
                " (not run: the first mesh reads the lips apart)"
            },
            rest,
            ms(segmentation),
        );
    }
}
