//! The operations of the bundled networks other than convolution, on images stored
//! channels-last (`H × W × C`), and the conversions between that layout and ONNX's own.

/// `max(x, 0)` in place.
pub(crate) fn relu(values: &mut [f32]) {
    for v in values {
        *v = v.max(0.0);
    }
}

/// `a += b`, element by element (shapes are checked when the plan is made).
pub(crate) fn add(a: &mut [f32], b: &[f32]) {
    for (a, b) in a.iter_mut().zip(b) {
        *a += b;
    }
}

/// Pixels a parametric ReLU's per-channel factors are repeated over ([`tile_factors`]), so
/// that its loop runs over long stretches of values instead of one pixel at a time.
pub(crate) const FACTOR_PIXELS: usize = 32;

/// `factors` (one per channel) repeated for [`FACTOR_PIXELS`] pixels.
pub(crate) fn tile_factors(factors: &[f32]) -> Vec<f32> {
    factors
        .iter()
        .copied()
        .cycle()
        .take(factors.len() * FACTOR_PIXELS)
        .collect()
}

/// `x + c · max(a · x, 0)` with `a` and `c` per channel, in place on channels-last values: a
/// parametric ReLU written as the four operations the converted networks spell it with (a
/// per-channel scale by `a`, ReLU, a scale by `c`, and the residual sum), done in one pass
/// with the same arithmetic. `a` and `c` come repeated over a whole number of pixels
/// ([`tile_factors`]). Compiled for AVX2 beside the baseline and chosen at run time.
pub(crate) fn scaled_relu_residual(values: &mut [f32], a: &[f32], c: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has just been found to support AVX2, the only feature the function
        // is compiled for.
        #[allow(unsafe_code)]
        unsafe {
            scaled_relu_residual_avx2(values, a, c);
        }
        return;
    }
    scaled_relu_residual_any(values, a, c);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn scaled_relu_residual_avx2(values: &mut [f32], a: &[f32], c: &[f32]) {
    scaled_relu_residual_any(values, a, c);
}

#[inline(always)]
fn scaled_relu_residual_any(values: &mut [f32], a: &[f32], c: &[f32]) {
    for chunk in values.chunks_mut(a.len().max(1)) {
        for ((v, a), c) in chunk.iter_mut().zip(a).zip(c) {
            *v += c * (a * *v).max(0.0);
        }
    }
}

/// Max pooling of a channels-last `H × W × C` image without padding; `output` is
/// `[C, H', W']`. Each output pixel is the larger, channel by channel, of its window's pixels.
pub(crate) fn max_pool(
    input: &[f32],
    [_, width]: [usize; 2],
    output: [usize; 3],
    kernel: [usize; 2],
    stride: [usize; 2],
) -> Vec<f32> {
    let [channels, out_height, out_width] = output;
    let mut pooled = vec![f32::NEG_INFINITY; channels * out_height * out_width];
    for (at, pixel) in pooled.chunks_exact_mut(channels).enumerate() {
        let (oy, ox) = (at / out_width, at % out_width);
        for ky in 0..kernel[0] {
            for kx in 0..kernel[1] {
                let start = ((oy * stride[0] + ky) * width + ox * stride[1] + kx) * channels;
                for (o, &x) in pixel.iter_mut().zip(&input[start..start + channels]) {
                    *o = o.max(x);
                }
            }
        }
    }
    pooled
}

/// Channel-first `[c, h, w]` values laid out channels-last: the `c × hw` matrix transposed.
pub(crate) fn channels_last(values: &[f32], [c, h, w]: [usize; 3]) -> Vec<f32> {
    transpose_matrix(values, [c, h * w])
}

/// Channels-last `[c, h, w]` values laid out channel-first: the `hw × c` matrix transposed.
pub(crate) fn channels_first(values: &[f32], [c, h, w]: [usize; 3]) -> Vec<f32> {
    transpose_matrix(values, [h * w, c])
}

/// The row-major `rows × columns` matrix `values`, transposed.
fn transpose_matrix(values: &[f32], [rows, columns]: [usize; 2]) -> Vec<f32> {
    let mut out = vec![0.0; values.len()];
    for (r, row) in values.chunks_exact(columns).take(rows).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            out[c * rows + r] = v;
        }
    }
    out
}

/// The tensor of `shape` with its axes reordered so that output axis `i` is input axis
/// `perm[i]`.
pub(crate) fn transpose(input: &[f32], shape: &[usize], perm: &[usize]) -> Vec<f32> {
    let rank = shape.len();
    // Strides of the input, then the input stride of each output axis.
    let mut strides = vec![1; rank];
    for axis in (0..rank.saturating_sub(1)).rev() {
        strides[axis] = strides[axis + 1] * shape[axis + 1];
    }
    let out_shape: Vec<usize> = perm.iter().map(|&p| shape[p]).collect();
    let out_strides: Vec<usize> = perm.iter().map(|&p| strides[p]).collect();
    let mut output = Vec::with_capacity(input.len());
    let mut index = vec![0; rank];
    for _ in 0..input.len() {
        let at: usize = index.iter().zip(&out_strides).map(|(i, s)| i * s).sum();
        output.push(input[at]);
        for axis in (0..rank).rev() {
            index[axis] += 1;
            if index[axis] < out_shape[axis] {
                break;
            }
            index[axis] = 0;
        }
    }
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpose_moves_channels_last() {
        // 1 × 2 × 1 × 3 → 1 × 1 × 3 × 2
        let input = [0.0, 1.0, 2.0, 10.0, 11.0, 12.0];
        let out = transpose(&input, &[1, 2, 1, 3], &[0, 2, 3, 1]);
        assert_eq!(out, vec![0.0, 10.0, 1.0, 11.0, 2.0, 12.0]);
    }

    #[test]
    fn max_pool_takes_each_windows_largest_and_drops_a_partial_window() {
        // One channel, 3 × 3, 2 × 2 windows at stride 2: one window; the last row and column
        // are left.
        let input = [1.0, 5.0, 9.0, 3.0, 2.0, 9.0, 9.0, 9.0, 9.0];
        assert_eq!(
            max_pool(&input, [3, 3], [1, 1, 1], [2, 2], [2, 2]),
            vec![5.0]
        );
        // Two channels of 2 × 4 (channel-first below, stored channels-last): windows are taken
        // per channel.
        let first = [
            1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, -8.0, 0.0, 0.0, 0.0, 0.0, 0.0, 9.0, 0.0, 0.0,
        ];
        let stored = channels_last(&first, [2, 2, 4]);
        let pooled = max_pool(&stored, [2, 4], [2, 1, 2], [2, 2], [2, 2]);
        assert_eq!(channels_first(&pooled, [2, 1, 2]), vec![6.0, 7.0, 9.0, 0.0]);
    }

    #[test]
    fn channels_last_and_first_undo_each_other() {
        let values: Vec<f32> = (0..24).map(|i| i as f32).collect();
        let stored = channels_last(&values, [2, 3, 4]);
        assert_eq!(&stored[..4], &[0.0, 12.0, 1.0, 13.0]);
        assert_eq!(channels_first(&stored, [2, 3, 4]), values);
    }

    #[test]
    fn the_fused_parametric_relu_keeps_positives_and_scales_negatives() {
        // a = −1, c = 1 − slope with slope 0.25: x < 0 → 0.25 x.
        let mut values = [2.0, -4.0];
        scaled_relu_residual(&mut values, &tile_factors(&[-1.0]), &tile_factors(&[0.75]));
        assert_eq!(values, [2.0, -1.0]);
    }
}
