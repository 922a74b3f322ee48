//! Time per run and per kind of operation, for working on the kernels (not a check):
//! `cargo test --release -p photorules-vision --lib -- --ignored --nocapture profile`.
#![allow(clippy::unwrap_used)]
use super::Plan;
#[test]
#[ignore = "prints timings; run by hand in release"]
fn profile() {
    for (bytes, size, name) in [
        (crate::landmarks::FACE_MESH_ONNX, 192usize, "mesh"),
        (crate::eyes::IRIS_ONNX, 64, "iris"),
    ] {
        let plan = Plan::new(bytes, &[1, 3, size, size]).unwrap();
        for (label, input) in [
            (
                "formula",
                (0..3 * size * size)
                    .map(|i| ((i * 7919) % 255) as f32 / 255.0)
                    .collect::<Vec<f32>>(),
            ),
            (
                "smooth",
                (0..3 * size * size)
                    .map(|i| {
                        let x = (i % size) as f32 / size as f32;
                        let y = ((i / size) % size) as f32 / size as f32;
                        0.5 + 0.4 * (x * 6.0).sin() * (y * 4.0).cos()
                    })
                    .collect(),
            ),
        ] {
            for _ in 0..5 {
                plan.run(input.clone()).unwrap();
            }
            super::plan::profile::TIMES.with(|p| p.borrow_mut().clear());
            let n = 40;
            let t = std::time::Instant::now();
            for _ in 0..n {
                std::hint::black_box(plan.run(input.clone()).unwrap());
            }
            eprintln!("{name} {label}: {:?}/run", t.elapsed() / n);
            super::plan::profile::TIMES.with(|p| {
                let mut v: Vec<_> = p.borrow().iter().map(|(k, d)| (*d, k.clone())).collect();
                v.sort();
                for (d, k) in v.iter().rev().take(12) {
                    eprintln!("   {k}: {:?}", *d / n);
                }
            });
        }
    }
}
