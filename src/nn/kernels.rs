//! Matrix kernels for a whole mini-batch at once: C (m × n) = [C +] A (m × k) · B (k × n).
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
    panels.resize(n.div_ceil(NR) * k, [F::ZERO; NR]);
    for (jb, panel) in panels.chunks_exact_mut(k).enumerate() {
        let j0 = jb * NR;
        let width = NR.min(n - j0);
        for (dst, row) in panel.iter_mut().zip(b.chunks_exact(n)) {
            dst[..width].copy_from_slice(&row[j0..j0 + width]);
        }
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
    panels.resize(w_rows.div_ceil(NR) * w_cols, [F::ZERO; NR]);
    for (jb, panel) in panels.chunks_exact_mut(w_cols).enumerate() {
        // Column q of this panel is row jb·NR + q of W.
        for (q, w_row) in w.chunks_exact(w_cols).skip(jb * NR).take(NR).enumerate() {
            for (dst, &v) in panel.iter_mut().zip(w_row) {
                dst[q] = v;
            }
        }
    }
}

/// C (m × n) = A (m × k) · B, or C += A · B when `add` is true; B given as panels from
/// [`pack`] or [`pack_transposed`]. A and C are row-major; only their first m·k and m·n
/// values are used.
pub(crate) fn matmul<F: Real>(
    a: &[F],
    m: usize,
    k: usize,
    panels: &[[F; NR]],
    n: usize,
    c: &mut [F],
    add: bool,
) {
    let c = &mut c[..m * n];
    if k == 0 || n == 0 {
        if !add {
            c.fill(F::ZERO);
        }
        return;
    }
    let a = &a[..m * k];
    let mut a_blocks = a.chunks_exact(MR * k);
    let mut c_blocks = c.chunks_exact_mut(MR * n);
    for (a_block, c_block) in (&mut a_blocks).zip(&mut c_blocks) {
        block::<F, MR>(a_block, k, panels, n, c_block, add);
    }
    let a_rest = a_blocks.remainder().chunks_exact(k);
    for (a_row, c_row) in a_rest.zip(c_blocks.into_remainder().chunks_exact_mut(n)) {
        block::<F, 1>(a_row, k, panels, n, c_row, add);
    }
}

/// R rows of C: for each panel, accumulate Σ_p A[r][p] · B[p][j0..j0+NR] in registers.
#[inline(always)]
fn block<F: Real, const R: usize>(
    a: &[F],
    k: usize,
    panels: &[[F; NR]],
    n: usize,
    c: &mut [F],
    add: bool,
) {
    let rows: [&[F]; R] = core::array::from_fn(|r| &a[r * k..(r + 1) * k]);
    for (jb, panel) in panels.chunks_exact(k).take(n.div_ceil(NR)).enumerate() {
        let j0 = jb * NR;
        let width = NR.min(n - j0);
        let mut acc = [[F::ZERO; NR]; R];
        if add {
            for (acc_r, c_row) in acc.iter_mut().zip(c.chunks_exact(n)) {
                acc_r[..width].copy_from_slice(&c_row[j0..j0 + width]);
            }
        }
        for (p, b) in panel.iter().enumerate() {
            for (acc_r, row) in acc.iter_mut().zip(&rows) {
                let x = row[p];
                for (s, &bq) in acc_r.iter_mut().zip(b) {
                    *s += x * bq;
                }
            }
        }
        for (acc_r, c_row) in acc.iter().zip(c.chunks_exact_mut(n)) {
            c_row[j0..j0 + width].copy_from_slice(&acc_r[..width]);
        }
    }
}

/// out (cols × rows) = aᵀ for row-major a (rows × cols).
pub(crate) fn transpose<F: Real>(a: &[F], rows: usize, cols: usize, out: &mut [F]) {
    if cols == 0 {
        return;
    }
    for (i, row) in a.chunks_exact(cols).take(rows).enumerate() {
        for (j, &v) in row.iter().enumerate() {
            out[j * rows + i] = v;
        }
    }
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
            let c0 = random(m * n, &mut rng);
            let expected = naive(&a, &b, &c0, m, k, n);
            pack(&b, k, n, &mut panels);
            let mut c = c0.clone();
            matmul(&a, m, k, &panels, n, &mut c, true);
            assert_eq!(c, expected, "C += AB, {m}×{k}×{n}");
            let mut c = vec![f64::NAN; m * n];
            matmul(&a, m, k, &panels, n, &mut c, false);
            assert_eq!(
                c,
                naive(&a, &b, &vec![0.0; m * n], m, k, n),
                "C = AB, {m}×{k}×{n}"
            );
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
