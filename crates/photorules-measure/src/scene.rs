//! What the face-dependent metrics look at: the full image, the reduced measurement copy and
//! the face mesh in both coordinate systems.

use image::{GrayImage, RgbImage};

use crate::landmarks::Mesh;

pub struct Scene<'a> {
    /// The oriented image at full resolution.
    pub full: &'a RgbImage,
    /// The measurement copy (longer side at most [`crate::measurer::WORK_LONG_SIDE`]).
    pub work: &'a RgbImage,
    /// Luma of the measurement copy.
    pub work_grey: &'a GrayImage,
    /// Full-resolution pixels per measurement-copy pixel.
    pub scale: f64,
    /// The mesh in full-resolution pixels.
    pub mesh: &'a Mesh,
    /// The mesh in measurement-copy pixels.
    pub work_mesh: Mesh,
}

impl<'a> Scene<'a> {
    pub fn new(
        full: &'a RgbImage,
        work: &'a RgbImage,
        work_grey: &'a GrayImage,
        scale: f64,
        mesh: &'a Mesh,
    ) -> Scene<'a> {
        Scene {
            full,
            work,
            work_grey,
            scale,
            mesh,
            work_mesh: mesh.divided(scale),
        }
    }

    /// Full-resolution height in pixels.
    pub fn height(&self) -> f64 {
        f64::from(self.full.height())
    }

    /// Full-resolution width in pixels.
    pub fn width(&self) -> f64 {
        f64::from(self.full.width())
    }
}
