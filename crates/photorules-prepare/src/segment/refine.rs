//! Edge refinement of the network's coarse matte: a colour guided filter (He, Sun and Tang,
//! "Guided Image Filtering", 2013), the usual way to make a low-resolution matte follow the
//! photo's own edges (hair strands, ears, collar) without halos.
//!
//! Within a window the matte is modelled as a linear function of the RGB colour, so where the
//! photo has an edge the matte gets one at the same place, and where the photo is flat the matte
//! is smoothed. Only a band around the coarse edge is changed: far inside the person or the
//! background the coarse matte is already certain.

/// Means over a (2r+1)² window, the window clipped at the image border (its mean taken over the
/// pixels that exist), from one integral image.
pub fn box_mean(values: &[f32], width: usize, height: usize, radius: usize) -> Vec<f32> {
    let stride = width + 1;
    let mut integral = vec![0f64; stride * (height + 1)];
    for y in 0..height {
        let mut row_sum = 0f64;
        for x in 0..width {
            row_sum += f64::from(values[y * width + x]);
            integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1] + row_sum;
        }
    }
    let mut out = vec![0f32; width * height];
    for y in 0..height {
        let top = y.saturating_sub(radius);
        let bottom = (y + radius + 1).min(height);
        for x in 0..width {
            let left = x.saturating_sub(radius);
            let right = (x + radius + 1).min(width);
            let sum = integral[bottom * stride + right]
                - integral[top * stride + right]
                - integral[bottom * stride + left]
                + integral[top * stride + left];
            let count = ((bottom - top) * (right - left)) as f64;
            out[y * width + x] = (sum / count) as f32;
        }
    }
    out
}

/// Local weighted means of an interleaved RGB image (0..255) over (2r+1)² windows: the window
/// mean of `weights`, and per channel the window mean of weight × value. Their ratio is the
/// weighted mean colour near each pixel; callers divide where the weight is large enough.
pub fn weighted_window_means(
    rgb: &[u8],
    weights: &[f32],
    width: usize,
    height: usize,
    radius: usize,
) -> (Vec<f32>, [Vec<f32>; 3]) {
    let channel = |c: usize| {
        let weighted: Vec<f32> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| w * f32::from(rgb[i * 3 + c]))
            .collect();
        box_mean(&weighted, width, height, radius)
    };
    (
        box_mean(weights, width, height, radius),
        [channel(0), channel(1), channel(2)],
    )
}

/// How the refinement behaves; the defaults suit passport-sized outputs (400–1000 px high).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefineParams {
    /// Window radius as a fraction of the image height (at least 2 px).
    pub radius_fraction: f32,
    /// Regularisation: larger keeps the matte smoother, smaller follows weaker colour edges.
    pub epsilon: f32,
    /// Coarse values within this distance of 0 or 1, with no uncertain pixel nearby, are kept.
    pub certain: f32,
}

impl Default for RefineParams {
    fn default() -> Self {
        RefineParams {
            radius_fraction: 0.008,
            epsilon: 1e-3,
            certain: 0.02,
        }
    }
}

impl RefineParams {
    /// The window radius in pixels for an image `height` pixels high.
    pub fn radius(&self, height: usize) -> usize {
        ((height as f32 * self.radius_fraction).round() as usize).max(2)
    }
}

/// Refine `coarse` (0..1, `width × height`) against the colours of `rgb` (0..1, interleaved).
pub fn guided_refine(
    rgb: &[f32],
    coarse: &[f32],
    width: usize,
    height: usize,
    params: RefineParams,
) -> Vec<f32> {
    let n = width * height;
    let radius = params.radius(height);
    let channel = |c: usize| -> Vec<f32> { (0..n).map(|i| rgb[i * 3 + c]).collect() };
    let (r, g, b) = (channel(0), channel(1), channel(2));
    let mean = |v: &[f32]| box_mean(v, width, height, radius);
    let product =
        |a: &[f32], b: &[f32]| -> Vec<f32> { a.iter().zip(b).map(|(x, y)| x * y).collect() };

    let (mr, mg, mb, mp) = (mean(&r), mean(&g), mean(&b), mean(coarse));
    let (mrp, mgp, mbp) = (
        mean(&product(&r, coarse)),
        mean(&product(&g, coarse)),
        mean(&product(&b, coarse)),
    );
    let (mrr, mrg, mrb) = (
        mean(&product(&r, &r)),
        mean(&product(&r, &g)),
        mean(&product(&r, &b)),
    );
    let (mgg, mgb, mbb) = (
        mean(&product(&g, &g)),
        mean(&product(&g, &b)),
        mean(&product(&b, &b)),
    );

    // Per-window linear model p ≈ a·I + b0, solved with the 3 × 3 colour covariance.
    let mut ar = vec![0f32; n];
    let mut ag = vec![0f32; n];
    let mut ab = vec![0f32; n];
    let mut b0 = vec![0f32; n];
    let eps = params.epsilon;
    for i in 0..n {
        let cov = [
            mrp[i] - mr[i] * mp[i],
            mgp[i] - mg[i] * mp[i],
            mbp[i] - mb[i] * mp[i],
        ];
        let srr = mrr[i] - mr[i] * mr[i] + eps;
        let srg = mrg[i] - mr[i] * mg[i];
        let srb = mrb[i] - mr[i] * mb[i];
        let sgg = mgg[i] - mg[i] * mg[i] + eps;
        let sgb = mgb[i] - mg[i] * mb[i];
        let sbb = mbb[i] - mb[i] * mb[i] + eps;
        let a = solve_symmetric3([srr, srg, srb, sgg, sgb, sbb], cov);
        ar[i] = a[0];
        ag[i] = a[1];
        ab[i] = a[2];
        b0[i] = mp[i] - a[0] * mr[i] - a[1] * mg[i] - a[2] * mb[i];
    }
    let (mar, mag, mab, mb0) = (mean(&ar), mean(&ag), mean(&ab), mean(&b0));

    // Band: pixels whose window holds an uncertain coarse value.
    let uncertain: Vec<f32> = coarse
        .iter()
        .map(|&p| f32::from(u8::from(p > params.certain && p < 1.0 - params.certain)))
        .collect();
    let near_edge = mean(&uncertain);
    (0..n)
        .map(|i| {
            if near_edge[i] > 0.0 {
                let q = mar[i] * r[i] + mag[i] * g[i] + mab[i] * b[i] + mb0[i];
                q.clamp(0.0, 1.0)
            } else {
                coarse[i]
            }
        })
        .collect()
}

/// Solve S·x = v for a symmetric positive-definite 3 × 3 `S` given as (s11, s12, s13, s22, s23,
/// s33), by Cramer's rule; the regularised covariance keeps the determinant positive.
fn solve_symmetric3(s: [f32; 6], v: [f32; 3]) -> [f32; 3] {
    let [a, b, c, d, e, f] = s.map(f64::from);
    let [v0, v1, v2] = v.map(f64::from);
    // Inverse of [[a b c] [b d e] [c e f]] via cofactors.
    let c11 = d * f - e * e;
    let c12 = c * e - b * f;
    let c13 = b * e - c * d;
    let c22 = a * f - c * c;
    let c23 = b * c - a * e;
    let c33 = a * d - b * b;
    let det = a * c11 + b * c12 + c * c13;
    if det.abs() < 1e-18 {
        return [0.0; 3];
    }
    [
        ((c11 * v0 + c12 * v1 + c13 * v2) / det) as f32,
        ((c12 * v0 + c22 * v1 + c23 * v2) / det) as f32,
        ((c13 * v0 + c23 * v1 + c33 * v2) / det) as f32,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_mean_of_a_constant_is_the_constant_even_at_borders() {
        let values = vec![0.25f32; 7 * 5];
        for v in box_mean(&values, 7, 5, 2) {
            assert!((v - 0.25).abs() < 1e-6);
        }
    }

    #[test]
    fn box_mean_averages_the_window() {
        // 1-D row 0 0 3 0 0 with radius 1: the middle three see 3 once in 3 pixels.
        let values = [0.0, 0.0, 3.0, 0.0, 0.0];
        let out = box_mean(&values, 5, 1, 1);
        assert_eq!(out, vec![0.0, 1.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn solves_a_diagonal_system() {
        let x = solve_symmetric3([2.0, 0.0, 0.0, 4.0, 0.0, 5.0], [2.0, 2.0, 10.0]);
        assert!(
            (x[0] - 1.0).abs() < 1e-6 && (x[1] - 0.5).abs() < 1e-6 && (x[2] - 2.0).abs() < 1e-6
        );
    }

    /// Where a row of the matte crosses 0.5, interpolated between pixels.
    fn crossing(row: &[f32]) -> f32 {
        for x in 1..row.len() {
            if row[x - 1] >= 0.5 && row[x] < 0.5 {
                return (x - 1) as f32 + (row[x - 1] - 0.5) / (row[x - 1] - row[x]);
            }
        }
        f32::NAN
    }

    /// The pixel after which a row drops the most.
    fn steepest_drop(row: &[f32]) -> usize {
        (1..row.len())
            .max_by(|&a, &b| (row[a - 1] - row[a]).total_cmp(&(row[b - 1] - row[b])))
            .map(|x| x - 1)
            .unwrap_or_default()
    }

    /// A matte whose edge sits a few pixels off the colour edge gets its sharpest step at the
    /// colour edge, and flat regions far from any edge are left as they were.
    #[test]
    fn a_misplaced_matte_edge_moves_towards_the_colour_edge() {
        let (w, h) = (64usize, 40usize);
        let edge = 30usize;
        let mut rgb = vec![0f32; w * h * 3];
        let mut coarse = vec![0f32; w * h];
        for y in 0..h {
            for x in 0..w {
                let colour = if x < edge {
                    [0.2, 0.1, 0.05]
                } else {
                    [0.2, 0.6, 0.9]
                };
                rgb[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&colour);
                // The coarse edge is 3 px into the background and 4 px wide.
                let t = (x as f32 + 0.5 - (edge as f32 + 3.0)) / 4.0;
                coarse[y * w + x] = (0.5 - t).clamp(0.0, 1.0);
            }
        }
        let params = RefineParams {
            radius_fraction: 0.1,
            ..RefineParams::default()
        };
        let refined = guided_refine(&rgb, &coarse, w, h, params);
        let row = h / 2;
        let (before, after) = (
            &coarse[row * w..(row + 1) * w],
            &refined[row * w..(row + 1) * w],
        );
        assert_ne!(steepest_drop(before), edge - 1);
        assert_eq!(steepest_drop(after), edge - 1, "{after:?}");
        assert!((crossing(after) - edge as f32).abs() < (crossing(before) - edge as f32).abs());
        assert!(after[edge - 1] > 0.9, "{after:?}");
        assert_eq!(refined[row * w + 2], coarse[row * w + 2]);
        assert_eq!(refined[row * w + w - 2], coarse[row * w + w - 2]);
    }
}
