//! AVX2 kernels written with the CPU's vector instructions, for the inner loops the compiler
//! does not keep in registers by itself. Every function here is compiled for AVX2 with FMA
//! and called only after the CPU has been found to have both (`conv.rs`, `product.rs`); each
//! checks the bounds of everything it reads and writes before its first load, so the
//! unchecked loads inside cannot leave their slices.
#![allow(unsafe_code)]

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{__m256, _mm256_fmadd_ps, _mm256_loadu_ps, _mm256_storeu_ps};

/// Whether this CPU has AVX2 and FMA, the two features every function here, and the kernels
/// compiled twice in `conv.rs` and `product.rs`, are built for.
#[cfg(target_arch = "x86_64")]
pub(crate) fn avx2_fma() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

/// Where a run of eight output pixels of a depthwise convolution reads and writes, in values
/// (channels-last): `out` holds the eight pixels, `channels` apart; the input pixel under
/// kernel tap `(ky, kx)` of run pixel `p`, channel block `b` is at
/// `first + (ky · row + kx) · channels + p · step + b`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DepthwiseRun {
    pub channels: usize,
    pub first: usize,
    pub row: usize,
    pub step: usize,
    pub kernel: [usize; 2],
}

/// Eight pixels of a depthwise convolution, eight channels at a time, all sums in registers:
/// `out += Σ taps weights · input`. Returns `false`, touching nothing, when a read or write
/// would leave its slice or the channels are not whole blocks of eight.
///
/// # Safety
/// The CPU must support AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn depthwise_run8(
    input: &[f32],
    out: &mut [f32],
    weights: &[f32],
    run: DepthwiseRun,
) -> bool {
    let DepthwiseRun {
        channels,
        first,
        row,
        step,
        kernel: [kernel_h, kernel_w],
    } = run;
    if channels % 8 != 0 || kernel_h == 0 || kernel_w == 0 {
        return false;
    }
    // The last value each slice is read or written at, plus one.
    let input_end =
        first + ((kernel_h - 1) * row + (kernel_w - 1)) * channels + 7 * step + channels;
    let out_end = 7 * channels + channels;
    let weights_end = kernel_h * kernel_w * channels;
    if input_end > input.len() || out_end > out.len() || weights_end > weights.len() {
        return false;
    }
    let (input, out_ptr, weights) = (input.as_ptr(), out.as_mut_ptr(), weights.as_ptr());
    for block in (0..channels).step_by(8) {
        // SAFETY (every load and store below): the offsets are at most the ends checked
        // above minus 8, and each access is 8 values.
        unsafe {
            let mut acc: [__m256; 8] =
                std::array::from_fn(|p| _mm256_loadu_ps(out_ptr.add(p * channels + block)));
            for ky in 0..kernel_h {
                for kx in 0..kernel_w {
                    let tap = ky * kernel_w + kx;
                    let w = _mm256_loadu_ps(weights.add(tap * channels + block));
                    let base = input.add(first + (ky * row + kx) * channels + block);
                    for (p, sums) in acc.iter_mut().enumerate() {
                        *sums = _mm256_fmadd_ps(w, _mm256_loadu_ps(base.add(p * step)), *sums);
                    }
                }
            }
            for (p, sums) in acc.iter().enumerate() {
                _mm256_storeu_ps(out_ptr.add(p * channels + block), *sums);
            }
        }
    }
    true
}

/// Six rows of `a` (from `row`, `k` values each) times a packed `k × 16` panel of `b`, the
/// sums of the 6 × 16 tile in twelve registers (the matrix-product kernel shape that keeps
/// both of the CPU's multiply-add units busy). `None`, touching nothing, when `a` or `panel`
/// is too short.
///
/// # Safety
/// The CPU must support AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn tile6x16(
    a: &[f32],
    row: usize,
    k: usize,
    panel: &[f32],
) -> Option<[[f32; 16]; 6]> {
    use std::arch::x86_64::{_mm256_set1_ps, _mm256_setzero_ps};
    if (row + 6) * k > a.len() || k * 16 > panel.len() {
        return None;
    }
    let mut acc = [_mm256_setzero_ps(); 12];
    let (rows, panel) = (a.as_ptr(), panel.as_ptr());
    // SAFETY (every load below): `(row + r) * k + inner < (row + 6) * k <= a.len()` and
    // `inner * 16 + 15 < k * 16 <= panel.len()`, checked above.
    unsafe {
        for inner in 0..k {
            let b0 = _mm256_loadu_ps(panel.add(inner * 16));
            let b1 = _mm256_loadu_ps(panel.add(inner * 16 + 8));
            for r in 0..6 {
                let x = _mm256_set1_ps(*rows.add((row + r) * k + inner));
                acc[2 * r] = _mm256_fmadd_ps(x, b0, acc[2 * r]);
                acc[2 * r + 1] = _mm256_fmadd_ps(x, b1, acc[2 * r + 1]);
            }
        }
    }
    let mut sums = [[0.0f32; 16]; 6];
    for (r, sum) in sums.iter_mut().enumerate() {
        let (low, high) = sum.split_at_mut(8);
        // SAFETY: each half holds exactly the 8 values stored.
        unsafe {
            _mm256_storeu_ps(low.as_mut_ptr(), acc[2 * r]);
            _mm256_storeu_ps(high.as_mut_ptr(), acc[2 * r + 1]);
        }
    }
    Some(sums)
}
