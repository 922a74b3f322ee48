//! Shared helpers of the integration tests: the committed test photos and the models.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use image::RgbImage;
use photorules_vision::{EyeModel, FaceDetector, LandmarkModel};

/// A photo from `spec-tests/photos/` (see the README there for sources and licences).
pub fn photo(name: &str) -> RgbImage {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../spec-tests/photos")
        .join(name);
    image::open(&path)
        .unwrap_or_else(|error| panic!("test photo {}: {error}", path.display()))
        .to_rgb8()
}

pub fn detector() -> &'static FaceDetector {
    static DETECTOR: OnceLock<FaceDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| FaceDetector::new().unwrap())
}

pub fn landmarks() -> &'static LandmarkModel {
    static MODEL: OnceLock<LandmarkModel> = OnceLock::new();
    MODEL.get_or_init(|| LandmarkModel::new().unwrap())
}

pub fn eye_model() -> &'static EyeModel {
    static MODEL: OnceLock<EyeModel> = OnceLock::new();
    MODEL.get_or_init(|| EyeModel::new().unwrap())
}
