//! Truth tests: metrics checked against what is known by construction (rotations, crops,
//! pasted backgrounds, blur, exposure) and against real photos with known content.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "truth/common.rs"]
mod common;

#[path = "truth/background.rs"]
mod background;
#[path = "truth/catalogue.rs"]
mod catalogue;
#[path = "truth/decode_errors.rs"]
mod decode_errors;
#[path = "truth/expression.rs"]
mod expression;
#[path = "truth/faces.rs"]
mod faces;
#[path = "truth/geometry.rs"]
mod geometry;
#[path = "truth/grace_hopper.rs"]
mod grace_hopper;
#[path = "truth/light.rs"]
mod light;
#[path = "truth/reduced_decode.rs"]
mod reduced_decode;
#[path = "truth/shoulders.rs"]
mod shoulders;
