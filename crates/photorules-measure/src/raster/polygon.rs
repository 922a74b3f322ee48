//! Filled polygons as row spans, for "pixels inside the face oval / inner lips / eye".

use super::Rect;

/// The pixels inside a polygon, as horizontal spans per row (even-odd rule, pixel centres).
#[derive(Debug, Clone, Default)]
pub struct PolygonMask {
    /// `(y, x_start, x_end_exclusive)`.
    spans: Vec<(u32, u32, u32)>,
}

impl PolygonMask {
    /// Rasterise `points` (closed implicitly) inside an image of `width` × `height`.
    pub fn new(points: &[[f64; 2]], width: u32, height: u32) -> PolygonMask {
        let mut spans = Vec::new();
        if points.len() < 3 {
            return PolygonMask { spans };
        }
        let bounds = bounding_rect(points).clip(width, height);
        let (_, y0, _, y1) = bounds.pixel_bounds(width, height);
        let mut crossings = Vec::new();
        for y in y0..y1 {
            let cy = f64::from(y) + 0.5;
            crossings.clear();
            for (i, a) in points.iter().enumerate() {
                let b = points[(i + 1) % points.len()];
                if (a[1] <= cy) != (b[1] <= cy) {
                    crossings.push(a[0] + (cy - a[1]) / (b[1] - a[1]) * (b[0] - a[0]));
                }
            }
            crossings.sort_by(f64::total_cmp);
            for pair in crossings.chunks_exact(2) {
                // Pixel x is inside when its centre x + 0.5 lies within the crossing pair.
                let start = (pair[0] - 0.5).ceil().clamp(0.0, f64::from(width)) as u32;
                let end = ((pair[1] - 0.5).floor() + 1.0).clamp(0.0, f64::from(width)) as u32;
                if end > start {
                    spans.push((y, start, end));
                }
            }
        }
        PolygonMask { spans }
    }

    /// Every pixel inside, row by row.
    pub fn pixels(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.spans
            .iter()
            .flat_map(|&(y, start, end)| (start..end).map(move |x| (x, y)))
    }

    pub fn area(&self) -> u64 {
        self.spans
            .iter()
            .map(|&(_, start, end)| u64::from(end - start))
            .sum()
    }
}

/// The smallest rectangle holding every point.
pub fn bounding_rect(points: &[[f64; 2]]) -> Rect {
    let mut rect = Rect::new(f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in points {
        rect.left = rect.left.min(p[0]);
        rect.top = rect.top.min(p[1]);
        rect.right = rect.right.max(p[0]);
        rect.bottom = rect.bottom.max(p[1]);
    }
    rect
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_covers_its_area() {
        let mask = PolygonMask::new(
            &[[2.0, 2.0], [12.0, 2.0], [12.0, 12.0], [2.0, 12.0]],
            20,
            20,
        );
        assert_eq!(mask.area(), 100);
        assert!(
            mask.pixels()
                .all(|(x, y)| (2..12).contains(&x) && (2..12).contains(&y))
        );
    }

    #[test]
    fn triangle_is_about_half_and_clipped_polygons_stay_inside() {
        let mask = PolygonMask::new(&[[0.0, 0.0], [20.0, 0.0], [0.0, 20.0]], 40, 40);
        assert!((mask.area() as i64 - 200).abs() < 15, "{}", mask.area());
        let clipped = PolygonMask::new(&[[-10.0, -10.0], [50.0, -10.0], [50.0, 50.0]], 20, 20);
        assert!(clipped.pixels().all(|(x, y)| x < 20 && y < 20));
        assert!(PolygonMask::new(&[[0.0, 0.0], [1.0, 1.0]], 5, 5).area() == 0);
    }
}
