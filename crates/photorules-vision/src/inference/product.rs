//! The matrix product behind the ordinary convolutions: `out += a · b`, with `a` the
//! weights (one row per output channel) and `b` the input (one row per input channel or
//! kernel tap, one column per pixel), both row-major as the network stores them.
//!
//! A general matrix-product library copies ("packs") both operands into its own layout at
//! every call; here the operands are small in one dimension (16 to 128 channels) and long in
//! the other (up to 9,216 pixels), so the input is read in place: each step keeps a tile of
//! four output channels by sixteen pixels in registers and runs down the shared dimension,
//! loading sixteen pixels of one input row and four weights per step.

/// Output channels in one tile.
const ROWS: usize = 4;
/// Pixels in one tile: two 8-wide AVX registers per output channel.
const COLUMNS: usize = 16;

/// `out (m × n) += a (m × k) · b (k × n)`, all row-major. Compiled for AVX2 with fused
/// multiply-add as well as for the baseline, and chosen by the CPU at run time.
pub(crate) fn multiply_into(a: &[f32], b: &[f32], out: &mut [f32], [m, k, n]: [usize; 3]) {
    debug_assert!(a.len() >= m * k && b.len() >= k * n && out.len() >= m * n);
    #[cfg(target_arch = "x86_64")]
    if super::simd::avx2_fma() {
        // SAFETY: the CPU has just been found to support both features the function is
        // compiled for.
        #[allow(unsafe_code)]
        unsafe {
            multiply_avx2_fma(a, b, out, [m, k, n]);
        }
        return;
    }
    multiply::<false>(a, b, out, [m, k, n]);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn multiply_avx2_fma(a: &[f32], b: &[f32], out: &mut [f32], shape: [usize; 3]) {
    multiply::<true>(a, b, out, shape);
}

#[inline(always)]
fn multiply<const FMA: bool>(a: &[f32], b: &[f32], out: &mut [f32], [m, k, n]: [usize; 3]) {
    // The last pixels that fill no 8-wide tile, copied beside zeros into one 8-wide tile so
    // they are done with vectors too (the networks' last layers have 3 × 3 = 9 pixels).
    let ragged = n % 8;
    let mut tail = Vec::new();
    if ragged != 0 {
        tail = vec![0.0; k * 8];
        for (inner, chunk) in tail.chunks_exact_mut(8).enumerate() {
            chunk[..ragged].copy_from_slice(&b[inner * n + n - ragged..(inner + 1) * n]);
        }
    }
    // Pixels outer, output channels inner: a tile's input (`k` rows of 16 pixels) stays in
    // the first-level cache while every output channel uses it, and the weights (at most
    // 128 × 128) stay in the second level. The other order reads the whole input, up to
    // 16 × 9,216 values, once per four output channels.
    let shape = [m, k, n];
    let mut column = 0;
    while column + COLUMNS <= n {
        column_tiles::<FMA, COLUMNS>(a, (b, n, column), out, column, shape, COLUMNS);
        column += COLUMNS;
    }
    if column + 8 <= n {
        column_tiles::<FMA, 8>(a, (b, n, column), out, column, shape, 8);
        column += 8;
    }
    if column < n {
        column_tiles::<FMA, 8>(a, (&tail, 8, 0), out, column, shape, n - column);
    }
}

/// Every output row at pixels `out_column .. out_column + width`, from `C` pixels of the
/// input `(values, row stride, first column)`.
#[inline(always)]
fn column_tiles<const FMA: bool, const C: usize>(
    a: &[f32],
    input: (&[f32], usize, usize),
    out: &mut [f32],
    out_column: usize,
    [m, k, n]: [usize; 3],
    width: usize,
) {
    // The tile's input copied into one contiguous block: its rows lie `n` values apart in
    // the input, and with `n` a multiple of 1,024 (a 32 × 32 or 96 × 96 plane) every row would
    // fall in the same first-level cache set and evict the others.
    // A tile used by fewer than two row blocks is read in place: copying it would cost as
    // much as using it (the networks' last layers have one output pixel).
    let (b, stride, column) = input;
    let panel: Vec<f32>;
    let input = if m >= 2 * ROWS {
        let mut copy = vec![0.0; k * C];
        for (inner, chunk) in copy.chunks_exact_mut(C).enumerate() {
            chunk.copy_from_slice(&b[inner * stride + column..inner * stride + column + C]);
        }
        panel = copy;
        (panel.as_slice(), C, 0)
    } else {
        input
    };
    let mut row = 0;
    #[cfg(target_arch = "x86_64")]
    if FMA && C == 16 && input.1 == 16 {
        while row + 6 <= m {
            // SAFETY: the FMA instantiation runs only after `multiply_into` found AVX2 and
            // FMA on this CPU.
            #[allow(unsafe_code)]
            let Some(sums) = (unsafe { super::simd::tile6x16(a, row, k, input.0) }) else {
                break;
            };
            add_sums(out, n, (row, out_column), &sums, width);
            row += 6;
        }
    }
    while row + ROWS <= m {
        let weights: [&[f32]; ROWS] = std::array::from_fn(|r| &a[(row + r) * k..(row + r + 1) * k]);
        let sums = tile::<FMA, ROWS, C>(&weights, input);
        add_sums(out, n, (row, out_column), &sums, width);
        row += ROWS;
    }
    while row < m {
        let sums = tile::<FMA, 1, C>(&[&a[row * k..(row + 1) * k]], input);
        add_sums(out, n, (row, out_column), &sums, width);
        row += 1;
    }
}

/// `out` at rows `row ..`, pixels `column .. column + width` += the tile's sums.
#[inline(always)]
fn add_sums<const R: usize, const C: usize>(
    out: &mut [f32],
    n: usize,
    (row, column): (usize, usize),
    sums: &[[f32; C]; R],
    width: usize,
) {
    for (r, sum) in sums.iter().enumerate() {
        let start = (row + r) * n + column;
        let out = &mut out[start..start + width];
        for (o, s) in out.iter_mut().zip(sum) {
            *o += s;
        }
    }
}

/// The sums of one tile: output rows `weights`, `C` pixels of the input `(values, row
/// stride, first column)`, kept in registers down the whole shared dimension.
#[inline(always)]
fn tile<const FMA: bool, const R: usize, const C: usize>(
    weights: &[&[f32]; R],
    (b, stride, column): (&[f32], usize, usize),
) -> [[f32; C]; R] {
    let mut sums = [[0.0f32; C]; R];
    let depth = weights.first().map_or(0, |w| w.len());
    for inner in 0..depth {
        let pixels = &b[inner * stride + column..inner * stride + column + C];
        for (sum, weights) in sums.iter_mut().zip(weights) {
            let w = weights[inner];
            for (s, &x) in sum.iter_mut().zip(pixels) {
                *s = multiply_add::<FMA>(w, x, *s);
            }
        }
    }
    sums
}

/// `w · x + acc`, fused (one rounding) when the caller is compiled with FMA.
#[inline(always)]
pub(crate) fn multiply_add<const FMA: bool>(w: f32, x: f32, acc: f32) -> f32 {
    if FMA { w.mul_add(x, acc) } else { w * x + acc }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_product_agrees_with_the_textbook_one_for_every_tile_remainder() {
        // Rows 0..6 cover whole tiles and leftover rows; 37 columns cover two 16-wide tiles
        // and a ragged end, 29 one of each width and a ragged end.
        for (m, k, n) in [
            (6, 5, 37),
            (4, 3, 16),
            (1, 7, 3),
            (9, 2, 48),
            (5, 4, 29),
            (8, 3, 9),
        ] {
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 37) % 11) as f32 - 5.0).collect();
            let b: Vec<f32> = (0..k * n)
                .map(|i| ((i * 53) % 13) as f32 * 0.5 - 3.0)
                .collect();
            let mut out = vec![1.0; m * n];
            multiply_into(&a, &b, &mut out, [m, k, n]);
            for i in 0..m {
                for j in 0..n {
                    let want: f32 = 1.0 + (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum::<f32>();
                    assert_eq!(out[i * n + j], want, "m {m} k {k} n {n} at {i},{j}");
                }
            }
        }
    }
}
