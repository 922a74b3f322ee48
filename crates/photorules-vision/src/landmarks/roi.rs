//! The rotated square region of the image that is fed to the face-mesh network.
//!
//! MediaPipe crops a square around the face, rotated so the eyes are level, samples it to
//! 192 × 192 and maps the network's points back through the same transform. This module is
//! that transform and the sampling.

use image::RgbImage;

use crate::detect::FaceBox;
use crate::mesh;

mod bilinear;

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
    /// An upright square `scale` × the box's larger side, centred `lower_by` × that side below
    /// the box's centre.
    pub fn around_box(face: &FaceBox, scale: f32, lower_by: f32) -> Roi {
        let (centre_x, centre_y) = face.centre();
        let box_side = face.width.max(face.height);
        Roi {
            centre_x,
            centre_y: centre_y + lower_by * box_side,
            side: scale * box_side,
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
    /// A crop more than [`HALVE_FROM`] × the tensor is first reduced by 2 × 2 box averages
    /// (as often as needed, over the crop's bounding box only) and then sampled bilinearly,
    /// once per output pixel: plain bilinear sampling of a 500 px face down to 192 px aliases,
    /// and the mesh then jitters by a pixel or two between nearly identical crops.
    pub fn sample_chw(&self, image: &RgbImage, size: usize) -> Vec<f32> {
        let halved = (self.side >= HALVE_FROM * size as f32)
            .then(|| self.halved_surroundings(image))
            .flatten();
        if let Some((half, left, top)) = halved {
            let in_half = Roi {
                centre_x: (self.centre_x - left as f32) / 2.0,
                centre_y: (self.centre_y - top as f32) / 2.0,
                side: self.side / 2.0,
                angle: self.angle,
            };
            return in_half.sample_chw(&half, size);
        }
        self.sample_bilinear(image, size)
    }

    /// The crop's bounding box (plus a margin, within the image) reduced by 2 × 2 box
    /// averages, with the full-resolution position of its top-left corner; `None` when the
    /// crop does not overlap the image.
    fn halved_surroundings(&self, image: &RgbImage) -> Option<(RgbImage, u32, u32)> {
        let corners =
            [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)].map(|(u, v)| self.to_image(u, v));
        let (mut min_x, mut min_y) = (f32::INFINITY, f32::INFINITY);
        let (mut max_x, mut max_y) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
        for (x, y) in corners {
            min_x = min_x.min(x);
            min_y = min_y.min(y);
            max_x = max_x.max(x);
            max_y = max_y.max(y);
        }
        let clamp_x = |v: f32| v.clamp(0.0, image.width() as f32) as u32;
        let clamp_y = |v: f32| v.clamp(0.0, image.height() as f32) as u32;
        let (left, top) = (clamp_x(min_x - 2.0), clamp_y(min_y - 2.0));
        let (right, bottom) = (clamp_x(max_x + 3.0), clamp_y(max_y + 3.0));
        let (width, height) = ((right - left) / 2, (bottom - top) / 2);
        if width == 0 || height == 0 {
            return None;
        }
        let raw = image.as_raw();
        let stride = image.width() as usize * 3;
        let (row_bytes, start) = (width as usize * 6, left as usize * 3);
        let mut half = vec![0u8; width as usize * height as usize * 3];
        // Each row pair is summed vertically first (contiguous, so the compiler vectorises
        // it), then pixel pairs across: one pass per pixel with a bounds-checked read per
        // sub-sample made the sampling bench (`crop sampling 192x192`) 2.1 ms instead of 1.6.
        let mut column_sums = vec![0u16; row_bytes];
        for (y, out_row) in half.chunks_exact_mut(width as usize * 3).enumerate() {
            let upper_at = (top as usize + 2 * y) * stride + start;
            let lower_at = upper_at + stride;
            let upper = raw.get(upper_at..upper_at + row_bytes)?;
            let lower = raw.get(lower_at..lower_at + row_bytes)?;
            for ((sum, &up), &down) in column_sums.iter_mut().zip(upper).zip(lower) {
                *sum = u16::from(up) + u16::from(down);
            }
            for (out, sums) in out_row.chunks_exact_mut(3).zip(column_sums.chunks_exact(6)) {
                for channel in 0..3 {
                    out[channel] = ((sums[channel] + sums[channel + 3] + 2) / 4) as u8;
                }
            }
        }
        let half = RgbImage::from_raw(width, height, half)?;
        Some((half, left, top))
    }

    /// One bilinear sample at the centre of every output pixel.
    fn sample_bilinear(&self, image: &RgbImage, size: usize) -> Vec<f32> {
        let plane = size * size;
        let mut out = vec![0.0f32; 3 * plane];
        // The crop-to-image map is affine, so it is evaluated once and then stepped: calling
        // `to_image` (a sine and cosine) per sample cost more than the network itself.
        let (sin, cos) = self.angle.sin_cos();
        let step = self.side / size as f32;
        let (step_x_u, step_y_u) = (step * cos, step * sin);
        let (step_x_v, step_y_v) = (-step * sin, step * cos);
        let (origin_x, origin_y) = self.to_image(0.0, 0.0);
        let (red, rest) = out.split_at_mut(plane);
        let (green, blue) = rest.split_at_mut(plane);
        let rows = red
            .chunks_exact_mut(size)
            .zip(green.chunks_exact_mut(size))
            .zip(blue.chunks_exact_mut(size));
        for (row, ((red, green), blue)) in rows.enumerate() {
            let v = row as f32 + 0.5;
            let at = |col: usize| {
                let u = col as f32 + 0.5;
                (
                    origin_x + u * step_x_u + v * step_x_v,
                    origin_y + u * step_y_u + v * step_y_v,
                )
            };
            let mut col = 0;
            while col < size {
                // Four columns at a time in the crop's interior, where nearly every sample
                // falls; one at a time at its edges and past the image.
                if col + 4 <= size {
                    let points: [(f32, f32); 4] = std::array::from_fn(|lane| at(col + lane));
                    if let Some(four) = bilinear::four_inside(image, points) {
                        for (plane, values) in
                            [&mut *red, &mut *green, &mut *blue].into_iter().zip(four)
                        {
                            for (out, value) in plane[col..col + 4].iter_mut().zip(values) {
                                *out = value * INVERSE_255;
                            }
                        }
                        col += 4;
                        continue;
                    }
                }
                let (x, y) = at(col);
                let [r, g, b] = bilinear::one(image, x, y);
                // A multiplication: three divisions per sample cost about a tenth of the
                // sampling (bench 1.57 → 1.45 ms).
                red[col] = r * INVERSE_255;
                green[col] = g * INVERSE_255;
                blue[col] = b * INVERSE_255;
                col += 1;
            }
        }
        out
    }
}

/// 1/255, to scale 8-bit samples to 0..1.
const INVERSE_255: f32 = 1.0 / 255.0;

/// Crops at least this many times the tensor's side are halved before sampling. Measured
/// (bench, one core): averaging 2 × 2 bilinear samples per output pixel took 2–3.5 ms a pass,
/// halving the crop's surroundings and sampling once takes well under 1 ms; below 1.5 ×
/// plain bilinear sampling aliases little.
const HALVE_FROM: f32 = 1.5;

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

    /// Samples `roi` at `size` × `size` and checks every output pixel against `want` (0..1
    /// per channel it returns) at the image point the pixel's centre maps to.
    fn assert_samples(
        image: &RgbImage,
        roi: &Roi,
        size: usize,
        tolerance: f32,
        want: impl Fn(f32, f32) -> Vec<f32>,
    ) {
        let tensor = roi.sample_chw(image, size);
        let plane = size * size;
        for row in 0..size {
            for col in 0..size {
                let (x, y) = roi.to_image(
                    (col as f32 + 0.5) / size as f32,
                    (row as f32 + 0.5) / size as f32,
                );
                for (channel, want) in want(x, y).iter().enumerate() {
                    let got = tensor[channel * plane + row * size + col];
                    assert!(
                        (got - want).abs() < tolerance,
                        "({row}, {col}, {channel}): {got} vs {want}"
                    );
                }
            }
        }
    }

    #[test]
    fn stepped_sampling_matches_the_transform_point_by_point() {
        // A rotated crop reaching past the image edge, about as large as the tensor: the
        // stepped affine walk must agree with mapping every pixel centre through `to_image`.
        let image = RgbImage::from_fn(60, 40, |x, y| {
            image::Rgb([(x * 4) as u8, (y * 6) as u8, ((x * y) % 256) as u8])
        });
        let roi = Roi {
            centre_x: 45.0,
            centre_y: 20.0,
            side: 10.0,
            angle: 0.4,
        };
        assert_samples(&image, &roi, 8, 1e-4, |x, y| {
            bilinear::one(&image, x, y).map(|v| v / 255.0).to_vec()
        });
    }

    #[test]
    fn large_crops_are_halved_without_moving_the_content() {
        // On a linear ramp box averages and bilinear samples give the ramp's own value, so a
        // crop 4 × the tensor (halved twice) must read what the transform points at, within
        // the rounding of the halved copies (one level of 255).
        let image = RgbImage::from_fn(200, 160, |x, y| image::Rgb([x as u8, (y + 40) as u8, 100]));
        let roi = Roi {
            centre_x: 90.0,
            centre_y: 75.0,
            side: 64.0,
            angle: 0.3,
        };
        assert_samples(&image, &roi, 16, 1.0 / 255.0, |x, y| {
            vec![(x - 0.5) / 255.0, (y - 0.5 + 40.0) / 255.0]
        });
    }
}
