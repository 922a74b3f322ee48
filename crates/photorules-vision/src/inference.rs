//! Runs the bundled networks without an inference library.
//!
//! The face mesh and the iris model, as converted to ONNX, use five operators: convolution
//! (ordinary and depthwise), ReLU, sum, max pooling, and at the iris model's end a transpose
//! and a reshape. [`Plan`] reads the ONNX file with `prost`, checks every node against what is
//! implemented (anything else is refused at load, naming the node), works out every shape,
//! and runs the graph on images stored channels-last with its own kernels (`product`: a
//! register-tiled matrix product for ordinary convolutions; `conv`: depthwise convolutions
//! across channels), compiled for AVX2 with FMA beside the baseline and chosen at run time.
//! Loading takes about a millisecond, and nothing is set up per process.
//!
//! Measured on 2026-12-06 (2-core machine, release build), alternately with ONNX Runtime 1.32,
//! which ran the networks before: per run the face mesh takes about 2.0–2.2 ms (ONNX Runtime
//! 1.5) and the iris model 2.0–2.1 ms (1.85–1.9), `inference/timing.rs`, an ignored test run
//! by hand; in the measurement pipeline (`cargo bench -p photorules-measure --bench measure_speed`, two rounds) a
//! 413 × 531 photo measured in 18.0–18.4 ms against ONNX Runtime's 17.7–19.1, and the 12 MP
//! photo in 96.2–96.5 ms against 97.2–103.0. The mesh's first stage (96 × 96, 16 channels)
//! is where most of the remaining difference per run is.

mod conv;
mod elementwise;
mod onnx;
mod plan;
mod product;
mod simd;
#[cfg(test)]
mod timing;

pub(crate) use elementwise::{add, relu, transpose};
pub(crate) use onnx::{TensorProto, decode as decode_onnx};
pub(crate) use plan::Plan;
pub(crate) use product::multiply_into;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// What ONNX Runtime computed for each bundled network on a fixed input
    /// (`scripts/models/reference_outputs.py`).
    fn reference() -> serde_json::Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/reference_outputs.json"
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn fixed_input(size: usize) -> Vec<f32> {
        (0..3 * size * size)
            .map(|i| ((i * 7919) % 255) as f32 / 255.0)
            .collect()
    }

    /// Every output of `onnx` on the fixed input, against ONNX Runtime's, within `tolerance`
    /// of the largest magnitude among them.
    fn matches_reference(onnx: &[u8], file: &str, tolerance: f32) {
        let reference = reference();
        let network = &reference["networks"][file];
        let size = network["size"].as_u64().unwrap() as usize;
        let plan = Plan::new(onnx, &[1, 3, size, size]).unwrap();
        let outputs = plan.run(fixed_input(size)).unwrap();
        let expected: Vec<Vec<f32>> = network["outputs"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_f64().unwrap() as f32)
                    .collect()
            })
            .collect();
        assert_eq!(outputs.len(), expected.len(), "{file}: number of outputs");
        // Paired by length, which differs between a network's outputs: the file lists them by
        // name, the plan in the graph's order.
        for want in &expected {
            let same_length = outputs.iter().filter(|o| o.len() == want.len()).count();
            assert_eq!(same_length, 1, "{file}: outputs of {} values", want.len());
            let got = outputs.iter().find(|o| o.len() == want.len()).unwrap();
            let scale = want.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            let worst = got
                .iter()
                .zip(want)
                .fold(0.0f32, |m, (g, w)| m.max((g - w).abs()));
            assert!(
                worst <= tolerance * scale,
                "{file}: an output differs from ONNX Runtime's by {worst} (largest value {scale})"
            );
        }
    }

    // Seen on 2026-12-06: the face mesh within 0.000046 of 162.5 (its largest coordinate),
    // the iris model within 0.000023 of 56.4. The tolerance, 1e-5 of the largest value, leaves
    // room for summing in another order and nothing more: one wrong weight moves outputs by
    // far more.
    #[test]
    fn the_face_mesh_computes_what_onnx_runtime_computes() {
        matches_reference(crate::landmarks::FACE_MESH_ONNX, "face_landmark.onnx", 1e-5);
    }

    #[test]
    fn the_iris_model_computes_what_onnx_runtime_computes() {
        matches_reference(crate::eyes::IRIS_ONNX, "iris_landmark.onnx", 1e-5);
    }

    #[test]
    fn the_lip_mesh_computes_what_onnx_runtime_computes() {
        matches_reference(
            crate::lips::LIP_MESH_ONNX,
            "face_landmarker_mesh.onnx",
            1e-5,
        );
    }

    #[test]
    fn the_face_detector_computes_what_onnx_runtime_computes() {
        matches_reference(
            crate::blazeface::BLAZEFACE_ONNX,
            "face_detection_back.onnx",
            1e-5,
        );
    }

    #[test]
    fn an_input_of_the_wrong_size_is_an_error_not_a_panic() {
        let plan = Plan::new(crate::eyes::IRIS_ONNX, &[1, 3, 64, 64]).unwrap();
        let error = plan.run(vec![0.0; 10]).unwrap_err();
        assert!(error.contains("10 values"), "{error}");
    }

    #[test]
    fn a_file_that_is_not_onnx_is_refused_with_the_reason() {
        let error = Plan::new(b"\xff\xff\xff\xff not a model", &[1, 3, 8, 8]).unwrap_err();
        assert!(error.contains("not an ONNX model"), "{error}");
    }

    #[test]
    fn an_operator_not_implemented_is_refused_at_load_naming_its_node() {
        use prost::Message;
        let node = onnx::NodeProto {
            input: vec!["x".into()],
            output: vec!["y".into()],
            name: "scores".into(),
            op_type: "Softmax".into(),
            ..Default::default()
        };
        let model = onnx::ModelProto {
            graph: Some(onnx::GraphProto {
                node: vec![node],
                input: vec![onnx::ValueInfoProto { name: "x".into() }],
                output: vec![onnx::ValueInfoProto { name: "y".into() }],
                ..Default::default()
            }),
            ..Default::default()
        };
        let error = Plan::new(&model.encode_to_vec(), &[1, 3, 8, 8]).unwrap_err();
        assert_eq!(
            error,
            "Softmax node scores: operator Softmax is not supported"
        );
    }
}
