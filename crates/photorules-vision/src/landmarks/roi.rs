//! The rotated square region of the image that is fed to the face-mesh network.
//!
//! MediaPipe crops a square around the face, rotated so the eyes are level, samples it to
//! 192 × 192 and maps the network's points back through the same transform. This module is
//! that transform and the sampling.

use image::RgbImage;

use crate::detect::FaceBox;
use crate::mesh;

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
    /// An upright square on the box's centre, `scale` × the box's larger side.
    pub fn around_box(face: &FaceBox, scale: f32) -> Roi {
        let (centre_x, centre_y) = face.centre();
        Roi {
            centre_x,
            centre_y,
            side: scale * face.width.max(face.height),
            angle: 0.0,
        }
    }

    /// MediaPipe's crop from a mesh: rotated to level the eyes, centred on the extent of all
    /// points in that rotated frame, `scale` × its larger side. `None` when the points have
    /// no finite, non-empty extent.
    ///
    /// MediaPipe levels the outer eye corners (points 33 and 263); the centres of the two
    /// 16-point eye contours are used here instead, as single points jitter by about 0.5°
    /// between nearly identical crops and kept the crop loop from settling.
    pub fn around_mesh(points: &[[f32; 3]], scale: f32) -> Option<Roi> {
        let right = mesh::centroid(points, &mesh::RIGHT_EYE_CONTOUR)?;
        let left = mesh::centroid(points, &mesh::LEFT_EYE_CONTOUR)?;
        let angle = (left[1] - right[1]).atan2(left[0] - right[0]);
        // Extent measured about an arbitrary reference point (the origin), in the rotated frame.
        let frame = Roi {
            centre_x: 0.0,
            centre_y: 0.0,
            side: 1.0,
            angle,
        };
        let (mut min_u, mut min_v) = (f32::INFINITY, f32::INFINITY);
        let (mut max_u, mut max_v) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
        for point in points {
            // f32::min/max skip NaN, so a broken point must be caught here.
            if !point[0].is_finite() || !point[1].is_finite() {
                return None;
            }
            let (u, v) = frame.to_crop_frame(point[0], point[1]);
            min_u = min_u.min(u);
            max_u = max_u.max(u);
            min_v = min_v.min(v);
            max_v = max_v.max(v);
        }
        let side = scale * (max_u - min_u).max(max_v - min_v);
        let usable = side.is_finite() && side > 0.0 && angle.is_finite();
        if !usable {
            return None;
        }
        // Centre of the extent, rotated back into the image.
        let (mid_u, mid_v) = ((min_u + max_u) / 2.0, (min_v + max_v) / 2.0);
        let (sin, cos) = angle.sin_cos();
        Some(Roi {
            centre_x: mid_u * cos - mid_v * sin,
            centre_y: mid_u * sin + mid_v * cos,
            side,
            angle,
        })
    }

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
    /// in 0..1; parts of the region outside the image are black, as in MediaPipe's Python
    /// port.
    ///
    /// Each output pixel averages a grid of bilinear samples, one per source pixel it covers
    /// (up to 2 × 2): plain bilinear sampling of a 500 px face down to 192 px aliases, and the
    /// mesh then jitters by a pixel or two between nearly identical crops.
    pub fn sample_chw(&self, image: &RgbImage, size: usize) -> Vec<f32> {
        let plane = size * size;
        let mut out = vec![0.0f32; 3 * plane];
        let size_f = size as f32;
        let per_pixel = (self.side / size_f).ceil().clamp(1.0, MAX_SUBSAMPLES);
        let grid = per_pixel as usize;
        let weight = 1.0 / (per_pixel * per_pixel);
        for row in 0..size {
            for col in 0..size {
                let mut sum = [0.0f32; 3];
                for sub_row in 0..grid {
                    let v = (row as f32 + (sub_row as f32 + 0.5) / per_pixel) / size_f;
                    for sub_col in 0..grid {
                        let u = (col as f32 + (sub_col as f32 + 0.5) / per_pixel) / size_f;
                        let (x, y) = self.to_image(u, v);
                        for (total, value) in sum.iter_mut().zip(bilinear(image, x, y)) {
                            *total += value;
                        }
                    }
                }
                let at = row * size + col;
                out[at] = sum[0] * weight;
                out[plane + at] = sum[1] * weight;
                out[2 * plane + at] = sum[2] * weight;
            }
        }
        out
    }
}

/// Most sub-samples per output pixel along each axis: crops up to 2 × the tensor size are
/// fully averaged; beyond that some aliasing is accepted to bound the cost. Measured (bench,
/// under heavy machine load): 3 × 3 sub-samples took 47 ms of a 71 ms pass, more than the
/// network, without measurably steadier points, so the cap is 2 × 2.
const MAX_SUBSAMPLES: f32 = 2.0;

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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn crop_around_a_tilted_mesh_is_level_and_centred() {
        // A square "mesh" of four corners tilted by 0.2 rad, with the eye corners on its top
        // edge: the crop takes the tilt and centres on the square.
        let tilt: f32 = 0.2;
        let (sin, cos) = tilt.sin_cos();
        let place = |u: f32, v: f32| [50.0 + u * cos - v * sin, 80.0 + u * sin + v * cos, 0.0];
        let mut points = vec![place(0.0, 0.0); mesh::POINT_COUNT];
        for index in mesh::RIGHT_EYE_CONTOUR {
            points[index] = place(-10.0, -10.0);
        }
        for index in mesh::LEFT_EYE_CONTOUR {
            points[index] = place(10.0, -10.0);
        }
        points[0] = place(-10.0, 10.0);
        points[1] = place(10.0, 10.0);
        let roi = Roi::around_mesh(&points, 1.5).unwrap();
        assert!((roi.angle - tilt).abs() < 1e-5, "{roi:?}");
        assert!((roi.side - 30.0).abs() < 1e-3, "{roi:?}");
        assert!(
            (roi.centre_x - 50.0).abs() < 1e-3 && (roi.centre_y - 80.0).abs() < 1e-3,
            "{roi:?}"
        );
        assert_eq!(Roi::around_mesh(&points[..10], 1.5), None);
        points[5] = [f32::NAN; 3];
        assert_eq!(Roi::around_mesh(&points, 1.5), None);
    }

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
        let image = RgbImage::from_fn(4, 4, |x, y| {
            image::Rgb([(x * 60) as u8, (y * 60) as u8, 255])
        });
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
