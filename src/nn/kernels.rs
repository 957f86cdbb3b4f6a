//! Matrix kernels for a whole mini-batch at once: C (m × n) = [1 bᵀ +] A (m × k) · B (k × n).
//!
//! B is first packed into column panels of [`NR`] columns (`[F; NR]` per row of B, padded
//! with zeros past column n), so the innermost loop is a fixed-width multiply-add over
//! contiguous columns that the compiler turns into SIMD instructions, with no bounds checks.
//! Each step updates a block of [`MR`] rows × [`NR`] columns of C held in registers while it
//! walks down k: every value of B loaded is used MR times, every value of A NR times.
//!
//! Every entry of C is summed in the same order, c + a₀b₀ + a₁b₁ + … (multiply, then add; Rust
//! never fuses them), so results are the same bits on every machine.

use crate::real::Real;

/// Columns per panel: the width of the multiply-add the compiler vectorises.
pub(crate) const NR: usize = 8;

/// Rows of C updated together.
const MR: usize = 4;

/// Packs row-major B (k × n) into column panels: panel jb holds `[B[p][jb·NR + q]; q < NR]`
/// for p = 0..k, consecutively.
pub(crate) fn pack<F: Real>(b: &[F], k: usize, n: usize, panels: &mut Vec<[F; NR]>) {
    panels.clear();
    if k == 0 || n == 0 {
        return;
    }
    for j0 in (0..n).step_by(NR) {
        let width = NR.min(n - j0);
        panels.extend(b.chunks_exact(n).take(k).map(|row| {
            let src = &row[j0..j0 + width];
            match <&[F; NR]>::try_from(src) {
                Ok(whole) => *whole, // a fixed-size copy, no call to memcpy
                Err(_) => padded(src),
            }
        }));
    }
}

/// Packs the transpose of row-major W (w_rows × w_cols), that is B = Wᵀ with k = w_cols and
/// n = w_rows, into column panels as [`pack`] does.
pub(crate) fn pack_transposed<F: Real>(
    w: &[F],
    w_rows: usize,
    w_cols: usize,
    panels: &mut Vec<[F; NR]>,
) {
    panels.clear();
    if w_rows == 0 || w_cols == 0 {
        return;
    }
    let w = &w[..w_rows * w_cols];
    for j0 in (0..w_rows).step_by(NR) {
        // Column q of this panel is row j0 + q of W.
        let rows = &w[j0 * w_cols..];
        if let Some(rows) = rows.get(..NR * w_cols) {
            let rows: [&[F]; NR] = core::array::from_fn(|q| &rows[q * w_cols..(q + 1) * w_cols]);
            panels.extend((0..w_cols).map(|p| core::array::from_fn(|q| rows[q][p])));
        } else {
            let width = w_rows - j0;
            panels.extend((0..w_cols).map(|p| {
                core::array::from_fn(|q| {
                    if q < width {
                        rows[q * w_cols + p]
                    } else {
                        F::ZERO
                    }
                })
            }));
        }
    }
}

/// The first values of a panel row, zero-padded to NR.
#[inline(always)]
fn padded<F: Real>(values: &[F]) -> [F; NR] {
    let mut v = [F::ZERO; NR];
    for (dst, &src) in v.iter_mut().zip(values) {
        *dst = src;
    }
    v
}

/// What C holds before A · B is added to it.
#[derive(Clone, Copy)]
pub(crate) enum Start<'a, F> {
    /// Zero: C = A · B.
    Zero,
    /// The same row in every row of C (a bias b): C = 1 bᵀ + A · B.
    Row(&'a [F]),
    /// The same value everywhere (the bias of a single unit): C = b 1 1ᵀ + A · B.
    Value(F),
}

/// The left factor A (m × k) of a product, as stored.
#[derive(Clone, Copy)]
pub(crate) enum Left<'a, F> {
    /// A itself, row-major (m × k).
    Rows(&'a [F]),
    /// Aᵀ row-major (k × m), e.g. a batch of activations when A = aᵀ: no copy needed, each
    /// step reads R consecutive values of one row.
    Transposed(&'a [F]),
}

/// C (m × n) = start + A (m × k) · B, with B given as panels from [`pack`] or
/// [`pack_transposed`]. C is row-major; only its first m·n values are used.
pub(crate) fn matmul<F: Real>(
    left: Left<'_, F>,
    m: usize,
    k: usize,
    panels: &[[F; NR]],
    n: usize,
    c: &mut [F],
    start: Start<'_, F>,
) {
    let c = &mut c[..m * n];
    if k == 0 || n == 0 {
        match start {
            Start::Zero => c.fill(F::ZERO),
            Start::Row(row) => c
                .chunks_exact_mut(n.max(1))
                .for_each(|c_row| c_row.copy_from_slice(row)),
            Start::Value(v) => c.fill(v),
        }
        return;
    }
    let mut c_blocks = c.chunks_exact_mut(MR * n);
    match left {
        Left::Rows(a) => {
            let a = &a[..m * k];
            let mut a_blocks = a.chunks_exact(MR * k);
            for (a_block, c_block) in (&mut a_blocks).zip(&mut c_blocks) {
                let rows: [&[F]; MR] = core::array::from_fn(|r| &a_block[r * k..(r + 1) * k]);
                let column = move |p: usize| core::array::from_fn(|r| rows[r][p]);
                block::<F, MR, _>((0..k).map(column), panels, k, n, c_block, start);
            }
            let a_rest = a_blocks.remainder().chunks_exact(k);
            for (a_row, c_row) in a_rest.zip(c_blocks.into_remainder().chunks_exact_mut(n)) {
                block::<F, 1, _>(a_row.iter().map(|&x| [x]), panels, k, n, c_row, start);
            }
        }
        Left::Transposed(at) => {
            let at = &at[..k * m];
            let mut i0 = 0;
            for c_block in &mut c_blocks {
                let column = move |at_row: &[F]| whole::<F, MR>(&at_row[i0..i0 + MR]);
                block::<F, MR, _>(at.chunks_exact(m).map(column), panels, k, n, c_block, start);
                i0 += MR;
            }
            for c_row in c_blocks.into_remainder().chunks_exact_mut(n) {
                let column = move |at_row: &[F]| [at_row[i0]];
                block::<F, 1, _>(at.chunks_exact(m).map(column), panels, k, n, c_row, start);
                i0 += 1;
            }
        }
    }
}

/// R rows of C: for each panel, accumulate Σ_p A[r][p] · B[p][j0..j0+NR] in registers.
/// `columns` yields the R values A[·][p] for p = 0..k.
#[inline(always)]
fn block<F: Real, const R: usize, I: Iterator<Item = [F; R]> + Clone>(
    columns: I,
    panels: &[[F; NR]],
    k: usize,
    n: usize,
    c: &mut [F],
    start: Start<'_, F>,
) {
    for (jb, panel) in panels.chunks_exact(k).take(n.div_ceil(NR)).enumerate() {
        let j0 = jb * NR;
        if n - j0 >= NR {
            // A whole panel: fixed-size loads and stores, so acc stays in registers.
            let mut acc = match start {
                Start::Zero => [[F::ZERO; NR]; R],
                Start::Row(row) => [whole(&row[j0..j0 + NR]); R],
                Start::Value(v) => [[v; NR]; R],
            };
            acc = accumulate(acc, columns.clone(), panel);
            for (acc_r, c_row) in acc.iter().zip(c.chunks_exact_mut(n)) {
                for (v, &s) in c_row[j0..j0 + NR].iter_mut().zip(acc_r) {
                    *v = s;
                }
            }
        } else {
            // The last, narrower panel (zero-padded columns are computed, then dropped).
            let mut acc = match start {
                Start::Zero => [[F::ZERO; NR]; R],
                Start::Row(row) => [padded(&row[j0..]); R],
                Start::Value(v) => [[v; NR]; R],
            };
            acc = accumulate(acc, columns.clone(), panel);
            for (acc_r, c_row) in acc.iter().zip(c.chunks_exact_mut(n)) {
                for (v, &s) in c_row[j0..].iter_mut().zip(acc_r) {
                    *v = s;
                }
            }
        }
    }
}

/// acc[r][q] + Σ_p A[r][p] · panel[p][q], summed in order p = 0, 1, ….
#[inline(always)]
fn accumulate<F: Real, const R: usize>(
    mut acc: [[F; NR]; R],
    columns: impl Iterator<Item = [F; R]>,
    panel: &[[F; NR]],
) -> [[F; NR]; R] {
    for (xs, b) in columns.zip(panel) {
        for (acc_r, &x) in acc.iter_mut().zip(&xs) {
            for (s, &bq) in acc_r.iter_mut().zip(b) {
                *s += x * bq;
            }
        }
    }
    acc
}

/// The W values of a slice known to hold W values, as an array (a fixed-size copy).
#[inline(always)]
fn whole<F: Real, const W: usize>(values: &[F]) -> [F; W] {
    core::array::from_fn(|q| values[q])
}

/// sums[j] += Σ_rows m[row][j] for row-major m with n columns.
pub(crate) fn add_column_sums<F: Real>(m: &[F], n: usize, sums: &mut [F]) {
    if n == 0 {
        return;
    }
    for row in m.chunks_exact(n) {
        for (s, &v) in sums.iter_mut().zip(row) {
            *s += v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;

    fn random(n: usize, rng: &mut SplitMix64) -> Vec<f64> {
        (0..n).map(|_| rng.uniform() - 0.5).collect()
    }

    /// out (cols × rows) = aᵀ for row-major a (rows × cols).
    fn transpose<F: Real>(a: &[F], rows: usize, cols: usize, out: &mut [F]) {
        if cols == 0 {
            return;
        }
        for (i, row) in a.chunks_exact(cols).take(rows).enumerate() {
            for (j, &v) in row.iter().enumerate() {
                out[j * rows + i] = v;
            }
        }
    }

    /// The textbook triple loop, in the same summation order.
    fn naive(a: &[f64], b: &[f64], c0: &[f64], m: usize, k: usize, n: usize) -> Vec<f64> {
        let mut c = c0.to_vec();
        for i in 0..m {
            for j in 0..n {
                let mut s = c[i * n + j];
                for p in 0..k {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        c
    }

    #[test]
    fn matmul_matches_the_triple_loop_bit_for_bit_on_ragged_shapes() {
        let mut rng = SplitMix64::new(11);
        let mut panels = Vec::new();
        for (m, k, n) in [
            (1, 1, 1),
            (4, 8, 8),
            (7, 3, 9),
            (64, 32, 32),
            (5, 17, 1),
            (13, 2, 23),
        ] {
            let a = random(m * k, &mut rng);
            let b = random(k * n, &mut rng);
            pack(&b, k, n, &mut panels);
            let zeros = vec![0.0; m * n];
            let mut c = vec![f64::NAN; m * n];
            matmul(Left::Rows(&a), m, k, &panels, n, &mut c, Start::Zero);
            assert_eq!(c, naive(&a, &b, &zeros, m, k, n), "C = AB, {m}×{k}×{n}");
            // A bias row as the start.
            let bias = random(n, &mut rng);
            let tiled: Vec<f64> = (0..m).flat_map(|_| bias.iter().copied()).collect();
            let expected = naive(&a, &b, &tiled, m, k, n);
            let mut c = vec![f64::NAN; m * n];
            matmul(Left::Rows(&a), m, k, &panels, n, &mut c, Start::Row(&bias));
            assert_eq!(c, expected, "C = 1bᵀ + AB, {m}×{k}×{n}");
            // A given as Aᵀ.
            let mut at = vec![0.0; m * k];
            transpose(&a, m, k, &mut at);
            let mut c = vec![f64::NAN; m * n];
            matmul(
                Left::Transposed(&at),
                m,
                k,
                &panels,
                n,
                &mut c,
                Start::Row(&bias),
            );
            assert_eq!(c, expected, "C = 1bᵀ + (Aᵀ)ᵀB, {m}×{k}×{n}");
            // One value as the start.
            let mut c = vec![f64::NAN; m * n];
            matmul(Left::Rows(&a), m, k, &panels, n, &mut c, Start::Value(0.25));
            let expected = naive(&a, &b, &vec![0.25; m * n], m, k, n);
            assert_eq!(c, expected, "C = 0.25 + AB, {m}×{k}×{n}");
            // Bᵀ packed from B's transpose gives the same panels as B packed directly.
            let mut bt = vec![0.0; k * n];
            transpose(&b, k, n, &mut bt);
            let mut panels_t = Vec::new();
            pack_transposed(&bt, n, k, &mut panels_t);
            assert_eq!(panels_t, panels);
        }
    }

    #[test]
    fn transpose_and_column_sums_by_hand() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]; // 2 × 3
        let mut t = [0.0; 6];
        transpose(&a, 2, 3, &mut t);
        assert_eq!(t, [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
        let mut sums = [10.0, 0.0, 0.0];
        add_column_sums(&a, 3, &mut sums);
        assert_eq!(sums, [15.0, 7.0, 9.0]);
    }
}
