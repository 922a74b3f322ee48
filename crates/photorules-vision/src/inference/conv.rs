//! Two-dimensional convolution of one image stored channels-last (`H × W × C`, batch of
//! one): a matrix product for ordinary convolutions (pixels × input values against input
//! values × output channels), and for depthwise ones a loop over pixels whose inner loop runs
//! across the channels. Channels-last keeps a pixel's channels side by side, so both inner
//! loops read contiguous memory and vectorise with no edge cases at the image border: a
//! kernel tap outside the image is skipped for the whole pixel.

use super::product::{multiply_add, multiply_into};
use super::simd;

/// Channels summed together in a depthwise convolution's inner loop: one AVX register.
const LANES: usize = 8;
/// Ordinary convolutions of at most this many input channels (the networks' first layers,
/// on the three colour channels) are summed directly (`Conv::direct`): gathering
/// their patches for a matrix product copies three values at a time, which cost more than
/// the product.
const DIRECT_MAX_INPUTS: usize = 4;
/// Output channels a direct convolution sums at once: two AVX registers per pixel.
const DIRECT_OUTPUTS: usize = 16;

/// Neighbouring output pixels a depthwise convolution sums side by side: enough independent
/// multiply-add chains to hide the instruction's latency.
const PIXELS: usize = 8;

/// A convolution with its learned weights, for one input size.
#[derive(Debug)]
pub(crate) struct Conv {
    /// Ordinary: `(kernel_h · kernel_w · in_channels) × out_channels`, row `(ky, kx, ci)`;
    /// depthwise: `(kernel_h · kernel_w) × channels`, row `(ky, kx)`. Rearranged from ONNX's
    /// `out × in × kh × kw` when the plan is made ([`Conv::new`]).
    pub weights: Vec<f32>,
    /// One per output channel, or none.
    pub bias: Option<Vec<f32>>,
    /// Input `[channels, height, width]`.
    pub input: [usize; 3],
    /// Output `[channels, height, width]`.
    pub output: [usize; 3],
    /// `[height, width]`.
    pub kernel: [usize; 2],
    /// `[height, width]`.
    pub stride: [usize; 2],
    /// Zero padding `[top, left]`; the bottom and right padding only shape `output`.
    pub pad: [usize; 2],
    /// Whether each channel is convolved on its own (`group` = channels) rather than all
    /// channels together (`group` = 1), the two forms the bundled networks use.
    pub depthwise: bool,
}

impl Conv {
    /// A convolution from ONNX's weights (`out × in/groups × kh × kw`).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        onnx_weights: &[f32],
        bias: Option<Vec<f32>>,
        input: [usize; 3],
        output: [usize; 3],
        kernel: [usize; 2],
        stride: [usize; 2],
        pad: [usize; 2],
        depthwise: bool,
    ) -> Self {
        let taps = kernel[0] * kernel[1];
        let out_channels = output[0];
        let per_filter = if depthwise { 1 } else { input[0] };
        let mut weights = vec![0.0; onnx_weights.len()];
        for (co, filter) in onnx_weights.chunks_exact(per_filter * taps).enumerate() {
            for (ci, kernel) in filter.chunks_exact(taps).enumerate() {
                for (tap, &w) in kernel.iter().enumerate() {
                    weights[(tap * per_filter + ci) * out_channels + co] = w;
                }
            }
        }
        Self {
            weights,
            bias,
            input,
            output,
            kernel,
            stride,
            pad,
            depthwise,
        }
    }

    /// Output size along one axis (ONNX: `floor((in + pads − kernel) / stride) + 1`); `None`
    /// when the kernel does not fit.
    pub fn output_len(input: usize, pads: usize, kernel: usize, stride: usize) -> Option<usize> {
        (input + pads)
            .checked_sub(kernel)
            .map(|span| span / stride + 1)
    }

    /// Convolves `input` (`H × W × C`) into an `H' × W' × C'` buffer: `residual` when given (a
    /// sum that followed the convolution, done by starting from its other term), else a new
    /// one. The bias is put in first, so each output value is written in one more pass.
    pub fn run(&self, input: &[f32], residual: Option<Vec<f32>>) -> Result<Vec<f32>, String> {
        let [channels, height, width] = self.output;
        let pixels = height * width;
        let mut output = match residual {
            Some(mut start) => {
                if start.len() != channels * pixels {
                    return Err("the sum after a convolution has the wrong size".to_string());
                }
                if let Some(bias) = &self.bias {
                    for pixel in start.chunks_exact_mut(channels) {
                        for (o, b) in pixel.iter_mut().zip(bias) {
                            *o += b;
                        }
                    }
                }
                start
            }
            None => match &self.bias {
                Some(bias) => {
                    // One output row of the bias, copied row by row: a copy per pixel of
                    // 16 values costs more in calls than in copying.
                    let row: Vec<f32> = bias
                        .iter()
                        .copied()
                        .cycle()
                        .take(channels * width)
                        .collect();
                    let mut start = Vec::with_capacity(channels * pixels);
                    for _ in 0..height {
                        start.extend_from_slice(&row);
                    }
                    start
                }
                None => vec![0.0; channels * pixels],
            },
        };
        if self.depthwise {
            self.kernel_sums_into(input, &mut output);
        } else if self.kernel == [1, 1] && self.stride == [1, 1] && self.pad == [0, 0] {
            let shape = [pixels, self.input[0], channels];
            multiply_into(input, &self.weights, &mut output, shape);
        } else if self.input[0] <= DIRECT_MAX_INPUTS && channels.is_multiple_of(DIRECT_OUTPUTS) {
            self.kernel_sums_into(input, &mut output);
        } else {
            // One output row's patches at a time: a buffer that stays in the first-level
            // cache, where the whole image's (1 MB for the face mesh's first layer) would be
            // written out to memory and read back.
            let depth = self.kernel[0] * self.kernel[1] * self.input[0];
            let mut patches = vec![0.0; width * depth];
            for (oy, out_row) in output.chunks_exact_mut(width * channels).enumerate() {
                self.row_patches(input, oy, &mut patches);
                let shape = [width, depth, channels];
                multiply_into(&patches, &self.weights, out_row, shape);
            }
        }
        Ok(output)
    }

    /// The input pixel row `out` sees at kernel offset `k` along `axis`, or `None` in the
    /// padding.
    fn source(&self, out: usize, k: usize, axis: usize, len: usize) -> Option<usize> {
        (out * self.stride[axis] + k)
            .checked_sub(self.pad[axis])
            .filter(|&i| i < len)
    }

    /// For each pixel of output row `oy`, what its kernel sees, `(ky, kx, channel)` in order,
    /// zero in the padding ("im2col"), into `patches` (one row per pixel).
    fn row_patches(&self, input: &[f32], oy: usize, patches: &mut [f32]) {
        let in_channels = self.input[0];
        let depth = self.kernel[0] * self.kernel[1] * in_channels;
        patches.fill(0.0);
        for (ox, patch) in patches.chunks_exact_mut(depth).enumerate() {
            self.taps_inside(oy, ox, |tap, start| {
                copy_few(
                    &mut patch[tap * in_channels..(tap + 1) * in_channels],
                    &input[start..start + in_channels],
                );
            });
        }
    }

    /// Each kernel tap of output pixel `(oy, ox)` that falls inside the input, in order:
    /// `visit(tap, start)` with the tap's index `ky · kernel_w + kx` and where its input
    /// pixel's channels start. Taps in the padding are skipped.
    #[inline(always)]
    fn taps_inside(&self, oy: usize, ox: usize, mut visit: impl FnMut(usize, usize)) {
        let [in_channels, in_height, in_width] = self.input;
        let [kernel_h, kernel_w] = self.kernel;
        for ky in 0..kernel_h {
            let Some(iy) = self.source(oy, ky, 0, in_height) else {
                continue;
            };
            for kx in 0..kernel_w {
                let Some(ix) = self.source(ox, kx, 1, in_width) else {
                    continue;
                };
                visit(ky * kernel_w + kx, (iy * in_width + ix) * in_channels);
            }
        }
    }

    /// The input pixel under the first kernel tap of output pixel `(oy, ox)`, `(row, column)`,
    /// for a pixel whose every tap is inside the input.
    #[inline(always)]
    fn window_origin(&self, oy: usize, ox: usize) -> (usize, usize) {
        (
            oy * self.stride[0] - self.pad[0],
            ox * self.stride[1] - self.pad[1],
        )
    }

    /// The depthwise and direct paths, which add their sums into `output` themselves:
    /// compiled twice, for AVX2 with fused multiply-add and for the baseline, and chosen by the
    /// CPU at run time.
    fn kernel_sums_into(&self, input: &[f32], output: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if simd::avx2_fma() {
            // SAFETY: the CPU has just been found to support both features the function is
            // compiled for.
            #[allow(unsafe_code)]
            unsafe {
                self.kernel_sums_avx2_fma(input, output);
            }
            return;
        }
        self.kernel_sums::<false>(input, output);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn kernel_sums_avx2_fma(&self, input: &[f32], output: &mut [f32]) {
        self.kernel_sums::<true>(input, output);
    }

    #[inline(always)]
    fn kernel_sums<const FMA: bool>(&self, input: &[f32], output: &mut [f32]) {
        if self.depthwise {
            self.depthwise::<FMA>(input, output);
        } else {
            self.direct::<FMA>(input, output);
        }
    }

    /// An ordinary convolution of few input channels, summed directly: for runs of
    /// [`PIXELS`] / 2 output pixels inside the image, sixteen output channels at a time in
    /// registers, each input value broadcast against the tap's weights; border pixels one by
    /// one with each tap checked.
    #[inline(always)]
    fn direct<const FMA: bool>(&self, input: &[f32], output: &mut [f32]) {
        const RUN: usize = PIXELS / 2;
        let [channels, _, out_width] = self.output;
        let (rows, columns) = self.inner_ranges();
        for (oy, row) in output.chunks_exact_mut(out_width * channels).enumerate() {
            let mut ox = 0;
            while ox < out_width {
                let at = ox * channels;
                if rows.contains(&oy) && columns.contains(&ox) && ox + RUN <= columns.end {
                    let out = &mut row[at..at + RUN * channels];
                    self.direct_run::<FMA, RUN>(input, out, oy, ox);
                    ox += RUN;
                    continue;
                }
                self.direct_pixel::<FMA>(input, &mut row[at..at + channels], oy, ox);
                ox += 1;
            }
        }
    }

    #[inline(always)]
    fn direct_run<const FMA: bool, const P: usize>(
        &self,
        input: &[f32],
        out: &mut [f32],
        oy: usize,
        ox: usize,
    ) {
        let [in_channels, _, in_width] = self.input;
        let [channels, _, _] = self.output;
        let [kernel_h, kernel_w] = self.kernel;
        let (top, left) = self.window_origin(oy, ox);
        let step = self.stride[1] * in_channels;
        for block in (0..channels).step_by(DIRECT_OUTPUTS) {
            let mut acc = [[0.0f32; DIRECT_OUTPUTS]; P];
            for (p, sums) in acc.iter_mut().enumerate() {
                let at = p * channels + block;
                sums.copy_from_slice(&out[at..at + DIRECT_OUTPUTS]);
            }
            for ky in 0..kernel_h {
                for kx in 0..kernel_w {
                    let start = ((top + ky) * in_width + left + kx) * in_channels;
                    let seen = &input[start..start + (P - 1) * step + in_channels];
                    for ci in 0..in_channels {
                        let at = ((ky * kernel_w + kx) * in_channels + ci) * channels + block;
                        let mut weights = [0.0f32; DIRECT_OUTPUTS];
                        weights.copy_from_slice(&self.weights[at..at + DIRECT_OUTPUTS]);
                        for (p, sums) in acc.iter_mut().enumerate() {
                            let x = seen[p * step + ci];
                            for (a, &w) in sums.iter_mut().zip(&weights) {
                                *a = multiply_add::<FMA>(w, x, *a);
                            }
                        }
                    }
                }
            }
            for (p, sums) in acc.iter().enumerate() {
                let at = p * channels + block;
                out[at..at + DIRECT_OUTPUTS].copy_from_slice(sums);
            }
        }
    }

    /// One output pixel of an ordinary convolution, each tap checked against the border.
    #[inline(always)]
    fn direct_pixel<const FMA: bool>(
        &self,
        input: &[f32],
        pixel: &mut [f32],
        oy: usize,
        ox: usize,
    ) {
        let in_channels = self.input[0];
        let channels = pixel.len();
        self.taps_inside(oy, ox, |tap, start| {
            for (ci, &x) in input[start..start + in_channels].iter().enumerate() {
                let at = (tap * in_channels + ci) * channels;
                let weights = &self.weights[at..at + channels];
                for (o, &w) in pixel.iter_mut().zip(weights) {
                    *o = multiply_add::<FMA>(w, x, *o);
                }
            }
        });
    }

    /// Output rows and columns whose every kernel tap is inside the image.
    fn inner_ranges(&self) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let [_, in_height, in_width] = self.input;
        let [_, out_height, out_width] = self.output;
        let inner = |axis: usize, len: usize, out_len: usize| {
            let lo = self.pad[axis].div_ceil(self.stride[axis]);
            let hi = (len + self.pad[axis])
                .checked_sub(self.kernel[axis])
                .map_or(0, |span| span / self.stride[axis] + 1)
                .min(out_len);
            lo..hi.max(lo)
        };
        (
            inner(0, in_height, out_height),
            inner(1, in_width, out_width),
        )
    }

    /// Each channel convolved with its own kernel: for each output pixel, each kernel tap
    /// inside the image adds its pixel's channels times the tap's weights, a loop across the
    /// channels.
    #[inline(always)]
    fn depthwise<const FMA: bool>(&self, input: &[f32], output: &mut [f32]) {
        let channels = self.input[0];
        let out_width = self.output[2];
        let (rows, columns) = self.inner_ranges();
        let blocked = channels.is_multiple_of(LANES);
        for (oy, row) in output.chunks_exact_mut(out_width * channels).enumerate() {
            let inside_rows = blocked && rows.contains(&oy);
            let mut ox = 0;
            while ox < out_width {
                let pixel_at = ox * channels;
                if inside_rows && columns.contains(&ox) {
                    // Runs of PIXELS pixels while they fit, then single pixels, with no
                    // border checks.
                    if ox + PIXELS <= columns.end {
                        let out = &mut row[pixel_at..pixel_at + PIXELS * channels];
                        if !(FMA && self.depthwise_run_avx2(input, out, oy, ox)) {
                            self.depthwise_run::<FMA, PIXELS>(input, out, oy, ox);
                        }
                        ox += PIXELS;
                    } else {
                        let out = &mut row[pixel_at..pixel_at + channels];
                        self.depthwise_run::<FMA, 1>(input, out, oy, ox);
                        ox += 1;
                    }
                    continue;
                }
                let pixel = &mut row[pixel_at..pixel_at + channels];
                self.depthwise_pixel::<FMA>(input, pixel, oy, ox);
                ox += 1;
            }
        }
    }

    /// `P` neighbouring output pixels from `(oy, ox)` on, every tap inside the image: eight
    /// channels at a time, the `P` pixels' sums side by side in registers, so the
    /// multiply-adds of one tap do not wait for each other.
    #[inline(always)]
    fn depthwise_run<const FMA: bool, const P: usize>(
        &self,
        input: &[f32],
        out: &mut [f32],
        oy: usize,
        ox: usize,
    ) {
        let [channels, _, in_width] = self.input;
        let [kernel_h, kernel_w] = self.kernel;
        let (top, left) = self.window_origin(oy, ox);
        let step = self.stride[1] * channels;
        for block in (0..channels).step_by(LANES) {
            let mut acc = [[0.0f32; LANES]; P];
            for (p, sums) in acc.iter_mut().enumerate() {
                sums.copy_from_slice(&out[p * channels + block..p * channels + block + LANES]);
            }
            for ky in 0..kernel_h {
                for kx in 0..kernel_w {
                    let at = (ky * kernel_w + kx) * channels + block;
                    let mut weights = [0.0f32; LANES];
                    weights.copy_from_slice(&self.weights[at..at + LANES]);
                    let start = ((top + ky) * in_width + left + kx) * channels + block;
                    let seen = &input[start..start + (P - 1) * step + LANES];
                    for (p, sums) in acc.iter_mut().enumerate() {
                        let pixel = &seen[p * step..p * step + LANES];
                        for ((a, &x), &w) in sums.iter_mut().zip(pixel).zip(&weights) {
                            *a = multiply_add::<FMA>(w, x, *a);
                        }
                    }
                }
            }
            for (p, sums) in acc.iter().enumerate() {
                out[p * channels + block..p * channels + block + LANES].copy_from_slice(sums);
            }
        }
    }

    /// [`simd::depthwise_run8`] on the run of [`PIXELS`] pixels from `(oy, ox)`; `false`
    /// when it did not run (another CPU, another run length).
    #[inline(always)]
    fn depthwise_run_avx2(&self, input: &[f32], out: &mut [f32], oy: usize, ox: usize) -> bool {
        #[cfg(target_arch = "x86_64")]
        if PIXELS == 8 {
            let [channels, _, in_width] = self.input;
            let (top, left) = self.window_origin(oy, ox);
            let run = simd::DepthwiseRun {
                channels,
                first: (top * in_width + left) * channels,
                row: in_width,
                step: self.stride[1] * channels,
                kernel: self.kernel,
            };
            // SAFETY: called only from the AVX2 + FMA instantiation (`FMA` true), which
            // `kernel_sums_into` reaches only after finding both features on this CPU.
            #[allow(unsafe_code)]
            return unsafe { simd::depthwise_run8(input, out, &self.weights, run) };
        }
        let _ = (input, out, oy, ox);
        false
    }

    /// One output pixel of a depthwise convolution, each tap checked against the border.
    #[inline(always)]
    fn depthwise_pixel<const FMA: bool>(
        &self,
        input: &[f32],
        pixel: &mut [f32],
        oy: usize,
        ox: usize,
    ) {
        let channels = self.input[0];
        self.taps_inside(oy, ox, |tap, start| {
            let seen = &input[start..start + channels];
            let weights = &self.weights[tap * channels..(tap + 1) * channels];
            for ((o, &x), &w) in pixel.iter_mut().zip(seen).zip(weights) {
                *o = multiply_add::<FMA>(w, x, *o);
            }
        });
    }
}

/// `to.copy_from_slice(from)` for the few values of one pixel: three colour channels are
/// copied element by element, which the compiler keeps inline, where a general copy of an
/// unknown length becomes a call to `memcpy` for every kernel tap of every pixel.
#[inline(always)]
fn copy_few(to: &mut [f32], from: &[f32]) {
    match (to, from) {
        ([a], [x]) => *a = *x,
        ([a, b], [x, y]) => (*a, *b) = (*x, *y),
        ([a, b, c], [x, y, z]) => (*a, *b, *c) = (*x, *y, *z),
        ([a, b, c, d], [x, y, z, w]) => (*a, *b, *c, *d) = (*x, *y, *z, *w),
        (to, from) => to.copy_from_slice(from),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::super::elementwise::channels_last;
    use super::*;

    /// A convolution written the plain way from ONNX's weights, on a channel-first image, one
    /// output value at a time, as the reference.
    fn naive(conv: &Conv, onnx_weights: &[f32], input: &[f32]) -> Vec<f32> {
        let [in_c, in_h, in_w] = conv.input;
        let [out_c, out_h, out_w] = conv.output;
        let [kh, kw] = conv.kernel;
        let per_group = if conv.depthwise { 1 } else { in_c };
        let mut out = Vec::new();
        for co in 0..out_c {
            for oy in 0..out_h {
                for ox in 0..out_w {
                    let mut sum = conv.bias.as_ref().map_or(0.0, |b| b[co]);
                    for g in 0..per_group {
                        let ci = if conv.depthwise { co } else { g };
                        for ky in 0..kh {
                            for kx in 0..kw {
                                let iy = (oy * conv.stride[0] + ky) as isize - conv.pad[0] as isize;
                                let ix = (ox * conv.stride[1] + kx) as isize - conv.pad[1] as isize;
                                if iy < 0 || ix < 0 || iy >= in_h as isize || ix >= in_w as isize {
                                    continue;
                                }
                                let w = onnx_weights[((co * per_group + g) * kh + ky) * kw + kx];
                                sum += w * input[(ci * in_h + iy as usize) * in_w + ix as usize];
                            }
                        }
                    }
                    out.push(sum);
                }
            }
        }
        out
    }

    /// Deterministic values in −1..1.
    fn values(count: usize, seed: usize) -> Vec<f32> {
        (0..count)
            .map(|i| (((i + seed) * 7919 + seed * 104_729) % 2001) as f32 / 1000.0 - 1.0)
            .collect()
    }

    /// A convolution of the given form on a 3-channel 11 × 9 input, with its output size
    /// worked out from the padding `[top, left, bottom, right]`, and its ONNX weights.
    fn conv(
        depthwise: bool,
        kernel: [usize; 2],
        stride: [usize; 2],
        pads: [usize; 4],
    ) -> (Conv, Vec<f32>) {
        let input = [3, 11, 9];
        let out_c = if depthwise { 3 } else { 5 };
        let per_group = if depthwise { 1 } else { 3 };
        let out_h = Conv::output_len(input[1], pads[0] + pads[2], kernel[0], stride[0]).unwrap();
        let out_w = Conv::output_len(input[2], pads[1] + pads[3], kernel[1], stride[1]).unwrap();
        let onnx_weights = values(out_c * per_group * kernel[0] * kernel[1], 1);
        let conv = Conv::new(
            &onnx_weights,
            Some(values(out_c, 2)),
            input,
            [out_c, out_h, out_w],
            kernel,
            stride,
            [pads[0], pads[1]],
            depthwise,
        );
        (conv, onnx_weights)
    }

    #[test]
    fn every_form_agrees_with_the_plain_convolution() {
        let input = values(3 * 11 * 9, 3);
        let stored = channels_last(&input, [3, 11, 9]);
        let forms = [
            ([3, 3], [1, 1], [1, 1, 1, 1]),
            ([3, 3], [2, 2], [0, 0, 1, 1]),
            ([3, 3], [2, 2], [1, 1, 1, 1]),
            ([2, 2], [2, 2], [0, 0, 0, 0]),
            ([1, 1], [1, 1], [0, 0, 0, 0]),
            ([5, 3], [1, 3], [2, 0, 2, 2]),
            ([3, 3], [3, 3], [0, 0, 0, 0]),
            ([11, 9], [1, 1], [0, 0, 0, 0]),
        ];
        for depthwise in [false, true] {
            for (kernel, stride, pads) in forms {
                let (conv, onnx_weights) = conv(depthwise, kernel, stride, pads);
                let got = conv.run(&stored, None).unwrap();
                let want = channels_last(&naive(&conv, &onnx_weights, &input), conv.output);
                assert_eq!(got.len(), want.len());
                let worst = got
                    .iter()
                    .zip(&want)
                    .fold(0.0f32, |m, (g, w)| m.max((g - w).abs()));
                assert!(
                    worst < 1e-4,
                    "depthwise {depthwise}, kernel {kernel:?}, stride {stride:?}, pads {pads:?}: \
                     off by {worst}"
                );
            }
        }
    }

    #[test]
    fn a_residual_is_the_starting_point_of_the_sum() {
        let (conv, onnx_weights) = conv(false, [1, 1], [1, 1], [0, 0, 0, 0]);
        let input = values(3 * 11 * 9, 5);
        let residual = values(5 * 11 * 9, 6);
        let got = conv
            .run(&channels_last(&input, [3, 11, 9]), Some(residual.clone()))
            .unwrap();
        let plain = channels_last(&naive(&conv, &onnx_weights, &input), conv.output);
        for ((g, p), r) in got.iter().zip(&plain).zip(&residual) {
            assert!((g - (p + r)).abs() < 1e-5, "{g} against {p} + {r}");
        }
    }
}
