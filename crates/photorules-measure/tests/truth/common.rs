//! Shared helpers: one measurer for the whole binary, photo loading, image edits.

use std::io::Cursor;
use std::path::PathBuf;
use std::sync::OnceLock;

use image::{ImageFormat, Rgb, RgbImage};
use photorules_core::{Measurement as Value, MetricValue};
use photorules_measure::{MeasureOptions, Measurement, Measurer};

pub fn measurer() -> &'static Measurer {
    static MEASURER: OnceLock<Measurer> = OnceLock::new();
    MEASURER.get_or_init(|| {
        let options = MeasureOptions {
            print_size_mm: photorules_measure::parse_print_size("35x45").ok(),
            ..MeasureOptions::default()
        };
        Measurer::new(options).expect("models load")
    })
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn photo_bytes(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("spec-tests/photos").join(name)).expect("test photo")
}

/// A photo of the labelled evaluation set (`spec-tests/eval/photos`).
pub fn eval_photo_bytes(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("spec-tests/eval/photos").join(name)).expect("eval photo")
}

pub fn photo(name: &str) -> RgbImage {
    image::load_from_memory(&photo_bytes(name))
        .expect("decodes")
        .to_rgb8()
}

pub fn png(image: &RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).expect("encodes");
    out.into_inner()
}

pub fn measure(image: &RgbImage) -> Measurement {
    measurer().measure_bytes(&png(image)).expect("measures")
}

pub fn measure_file(name: &str) -> Measurement {
    measurer()
        .measure_bytes(&photo_bytes(name))
        .expect("measures")
}

pub fn measure_eval_file(name: &str) -> Measurement {
    measurer()
        .measure_bytes(&eval_photo_bytes(name))
        .expect("measures")
}

pub fn number(m: &Measurement, name: &str) -> f64 {
    match m.metrics.get(name) {
        Some(Value::Measured {
            value: MetricValue::Number(n),
            ..
        }) => *n,
        other => panic!("{name} is not a measured number: {other:?}"),
    }
}

pub fn boolean(m: &Measurement, name: &str) -> bool {
    match m.metrics.get(name) {
        Some(Value::Measured {
            value: MetricValue::Bool(b),
            ..
        }) => *b,
        other => panic!("{name} is not a measured boolean: {other:?}"),
    }
}

pub fn absent_reason(m: &Measurement, name: &str) -> String {
    match m.metrics.get(name) {
        Some(Value::Absent { reason }) => reason.clone(),
        other => panic!("{name} is not absent: {other:?}"),
    }
}

/// Bilinear sample with edge clamping.
pub fn sample(image: &RgbImage, x: f64, y: f64) -> Rgb<u8> {
    let (w, h) = (f64::from(image.width()), f64::from(image.height()));
    let x = x.clamp(0.0, w - 1.0);
    let y = y.clamp(0.0, h - 1.0);
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let px = |xx: f64, yy: f64| {
        image
            .get_pixel(xx.min(w - 1.0) as u32, yy.min(h - 1.0) as u32)
            .0
    };
    let (a, b, c, d) = (
        px(x0, y0),
        px(x0 + 1.0, y0),
        px(x0, y0 + 1.0),
        px(x0 + 1.0, y0 + 1.0),
    );
    let mut out = [0u8; 3];
    for i in 0..3 {
        let top = f64::from(a[i]) * (1.0 - fx) + f64::from(b[i]) * fx;
        let bottom = f64::from(c[i]) * (1.0 - fx) + f64::from(d[i]) * fx;
        out[i] = (top * (1.0 - fy) + bottom * fy).round() as u8;
    }
    Rgb(out)
}

/// The image rotated clockwise on screen by `degrees` about its centre (edges clamped).
pub fn rotate(image: &RgbImage, degrees: f64) -> RgbImage {
    let (w, h) = (f64::from(image.width()), f64::from(image.height()));
    let (cx, cy) = (w / 2.0, h / 2.0);
    let (s, c) = (-degrees).to_radians().sin_cos();
    RgbImage::from_fn(image.width(), image.height(), |x, y| {
        let (dx, dy) = (f64::from(x) + 0.5 - cx, f64::from(y) + 0.5 - cy);
        sample(
            image,
            dx * c - dy * s + cx - 0.5,
            dx * s + dy * c + cy - 0.5,
        )
    })
}

pub fn map_pixels(image: &RgbImage, f: impl Fn([u8; 3]) -> [u8; 3]) -> RgbImage {
    RgbImage::from_fn(image.width(), image.height(), |x, y| {
        Rgb(f(image.get_pixel(x, y).0))
    })
}
