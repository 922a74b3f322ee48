//! Measure photos and write the annotated picture `photorules measure --annotate` draws, without
//! building the whole CLI: `cargo run -p photorules-measure --example annotate -- IN… OUTDIR`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use photorules_core::Measurement as Value;
use photorules_measure::{MeasureOptions, Measurer, annotate};

fn main() {
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let out_dir = args.pop().expect("usage: annotate IN… OUTDIR");
    let measurer = Measurer::new(MeasureOptions::default()).expect("models load");
    for path in args {
        let measured = measurer
            .measure_bytes(&std::fs::read(&path).expect("reads"))
            .expect("measures");
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let out = out_dir.join(format!("{name}.annotated.png"));
        annotate(&measured.image, &measured.geometry, &[])
            .save(&out)
            .expect("writes");
        println!("{} → {}", path.display(), out.display());
        for (key, value) in &measured.metrics.values {
            match value {
                Value::Measured { value, .. } => println!("  {key} = {value:?}"),
                Value::Absent { reason } => println!("  {key}: absent ({reason})"),
            }
        }
        println!("  geometry: {:?}", {
            let mut g = measured.geometry.clone();
            g.landmarks.clear();
            g.eyelids.clear();
            g
        });
    }
}
