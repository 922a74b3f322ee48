//! The rotated square region of the image that is fed to the face-mesh network.
//!
//! MediaPipe crops a square around the face, rotated so the eyes are level, samples it to
//! 192 × 192 and maps the network's points back through the same transform. This module is
//! that transform and the sampling.

use image::RgbImage;

/// A square region of an image: centre, side and rotation, all in image pixels / radians.
///
/// `angle` is the direction of the crop's x axis in the image, measured from the image x axis
/// towards the image y axis (clockwise on screen): a crop with the eye-line angle as `angle`
/// shows the eyes level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Roi {
    /// Centre x in image pixels.
    pub centre_x: f32,
    /// Centre y in image pixels.
    pub centre_y: f32,
    /// Side of the square in image pixels.
    pub side: f32,
    /// Rotation in radians.
    pub angle: f32,
}

impl Roi {
    /// Maps a point given in crop-normalised coordinates (0..1 across the crop) to image
    /// pixels.
    pub fn to_image(&self, u: f32, v: f32) -> (f32, f32) {
        let dx = (u - 0.5) * self.side;
        let dy = (v - 0.5) * self.side;
        let (sin, cos) = self.angle.sin_cos();
        (
            self.centre_x + dx * cos - dy * sin,
            self.centre_y + dx * sin + dy * cos,
        )
    }

    /// Maps an image point to the crop's own frame, in pixels relative to its centre, with
    /// the crop's x axis along `angle` (the inverse rotation of [`to_image`](Self::to_image)).
    pub fn to_crop_frame(&self, x: f32, y: f32) -> (f32, f32) {
        let dx = x - self.centre_x;
        let dy = y - self.centre_y;
        let (sin, cos) = self.angle.sin_cos();
        (dx * cos + dy * sin, -dx * sin + dy * cos)
    }

    /// Samples the region into a planar (channel-first) RGB tensor of `size` × `size` values
    /// in 0..1, bilinear; parts of the region outside the image are black, as in MediaPipe's
    /// Python port.
    pub fn sample_chw(&self, image: &RgbImage, size: usize) -> Vec<f32> {
        let plane = size * size;
        let mut out = vec![0.0f32; 3 * plane];
        let inverse_size = 1.0 / size as f32;
        for row in 0..size {
            let v = (row as f32 + 0.5) * inverse_size;
            for col in 0..size {
                let u = (col as f32 + 0.5) * inverse_size;
                let (x, y) = self.to_image(u, v);
                let rgb = bilinear(image, x, y);
                let at = row * size + col;
                out[at] = rgb[0];
                out[plane + at] = rgb[1];
                out[2 * plane + at] = rgb[2];
            }
        }
        out
    }
}

/// Bilinear RGB sample at pixel-centre coordinates (`x = 0.5` is the middle of column 0),
/// scaled to 0..1; outside the image counts as black.
fn bilinear(image: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    if !x.is_finite() || !y.is_finite() {
        return [0.0; 3];
    }
    let (width, height) = (image.width() as i64, image.height() as i64);
    let fx = x - 0.5;
    let fy = y - 0.5;
    let x0f = fx.floor();
    let y0f = fy.floor();
    let tx = fx - x0f;
    let ty = fy - y0f;
    // Far-away coordinates stay out of the image through the saturating cast.
    let x0 = x0f as i64;
    let y0 = y0f as i64;
    let mut acc = [0.0f32; 3];
    for (dy, wy) in [(0, 1.0 - ty), (1, ty)] {
        for (dx, wx) in [(0, 1.0 - tx), (1, tx)] {
            let (px, py) = (x0.saturating_add(dx), y0.saturating_add(dy));
            if px < 0 || py < 0 || px >= width || py >= height {
                continue;
            }
            let weight = wx * wy;
            let pixel = image.get_pixel(px as u32, py as u32).0;
            for (sum, channel) in acc.iter_mut().zip(pixel) {
                *sum += weight * f32::from(channel);
            }
        }
    }
    acc.map(|value| value / 255.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_frame_inverts_to_image() {
        let roi = Roi {
            centre_x: 100.0,
            centre_y: 50.0,
            side: 80.0,
            angle: 0.3,
        };
        let (x, y) = roi.to_image(0.9, 0.2);
        let (cx, cy) = roi.to_crop_frame(x, y);
        assert!((cx - 0.4 * 80.0).abs() < 1e-3, "{cx}");
        assert!((cy + 0.3 * 80.0).abs() < 1e-3, "{cy}");
    }

    #[test]
    fn unrotated_sampling_reproduces_pixels() {
        let image = RgbImage::from_fn(4, 4, |x, y| image::Rgb([(x * 60) as u8, (y * 60) as u8, 255]));
        let roi = Roi {
            centre_x: 2.0,
            centre_y: 2.0,
            side: 4.0,
            angle: 0.0,
        };
        let tensor = roi.sample_chw(&image, 4);
        // Column 3 of the red plane and row 2 of the green plane.
        assert!((tensor[3] - 180.0 / 255.0).abs() < 1e-5);
        assert!((tensor[16 + 2 * 4] - 120.0 / 255.0).abs() < 1e-5);
        assert!((tensor[32] - 1.0).abs() < 1e-5);
    }

    #[test]
    fn outside_the_image_is_black() {
        let image = RgbImage::from_pixel(2, 2, image::Rgb([255, 255, 255]));
        assert_eq!(bilinear(&image, -10.0, 1.0), [0.0; 3]);
        assert_eq!(bilinear(&image, f32::NAN, 1.0), [0.0; 3]);
        assert_eq!(bilinear(&image, 1.0, 1.0), [1.0; 3]);
    }
}
