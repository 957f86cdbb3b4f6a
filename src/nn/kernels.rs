//! Matrix kernels for a whole mini-batch at once: C (m × n) = finish(start + A (m × k) · B).
//!
//! B is first packed into column panels of [`NR`] columns (`[F; NR]` per row of B, padded
//! with zeros past column n), so the innermost loop is a fixed-width multiply-add over
//! contiguous columns with no bounds checks. Each step updates a tile of [`MR`] rows × NR
//! columns of C held in vector registers while it walks down k: every value of B loaded is
//! used MR times, every value of A NR times. Once a block of MR rows is complete (and still in
//! the nearest cache) the finishing step runs over it: an activation, or the chain rule through
//! one. A layer with a single unit (the output) has its own kernels, vectorised across the
//! batch or the columns instead of padding one column to a panel: [`mat_vec`], [`vec_mat`],
//! [`outer`].
//!
//! Every kernel is written once over [`Vector`] lanes: portable
//! [`Quad`](super::lanes::Quad)s that the compiler vectorises, or, for `f32` in wasm, simd128
//! registers. Every entry of C is summed in the same order, c + a₀b₀ + a₁b₁ + … (multiply, then
//! add; Rust never fuses them), whichever lanes compute it, so the results are the same bits on
//! every machine.

use super::lanes::{Vector, LANES};
use super::Activation;
use crate::real::Real;

/// Columns per panel: two vectors.
pub(crate) const NR: usize = 2 * LANES;

/// Vectors per panel row.
const NV: usize = NR / LANES;

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

/// What is stored in C once start + A · B is summed.
#[derive(Clone, Copy)]
pub(crate) enum Finish<'a, F> {
    /// The sum itself.
    Sum,
    /// act(sum): a layer's outputs a = act(z) from its pre-activations z.
    Activate(Activation),
    /// sum ⊙ act'(z), act' computed from the outputs a = act(z) given (m × n, row-major):
    /// the chain rule through the activation, dL/dz = dL/da · da/dz.
    Backprop(Activation, &'a [F]),
}

/// One product C = finish(start + A · B) with A m × k and B k × n, B given as panels from
/// [`pack`] or [`pack_transposed`].
#[derive(Clone, Copy)]
pub(crate) struct Product<'a, F> {
    /// A.
    pub(crate) left: Left<'a, F>,
    /// B, packed.
    pub(crate) panels: &'a [[F; NR]],
    /// Rows of A and C.
    pub(crate) m: usize,
    /// Columns of A, rows of B.
    pub(crate) k: usize,
    /// Columns of B and C.
    pub(crate) n: usize,
    /// What C starts from.
    pub(crate) start: Start<'a, F>,
    /// What is stored.
    pub(crate) finish: Finish<'a, F>,
}

/// Computes `product` into C (row-major m × n, the first m·n values of `c`) on the lanes `V`.
#[inline(never)]
pub(crate) fn matmul<V: Vector>(p: Product<'_, V::Scalar>, c: &mut [V::Scalar]) {
    let Product { m, k, n, .. } = p;
    let c = &mut c[..m * n];
    if n == 0 {
        return;
    }
    if k == 0 {
        // No products: C = finish(start).
        for c_row in c.chunks_exact_mut(n) {
            match p.start {
                Start::Zero => c_row.fill(V::Scalar::ZERO),
                Start::Row(row) => c_row.copy_from_slice(&row[..n]),
            }
        }
        finish_in_place::<V>(p.finish, c, 0);
        return;
    }
    match p.left {
        Left::Rows(a) => with_rows::<V>(a, &p, c),
        Left::Transposed(at) => with_transposed::<V>(at, &p, c),
    }
}

/// Applies `finish` in place to `values`, the values of C from index `first` on (Backprop's
/// outputs are read at the same indices). One function per kind of lanes: the activations'
/// code is not repeated in every kernel.
#[inline(never)]
fn finish_in_place<V: Vector>(
    finish: Finish<'_, V::Scalar>,
    values: &mut [V::Scalar],
    first: usize,
) {
    match finish {
        Finish::Sum => {}
        Finish::Activate(act) => act.activate::<V>(values),
        Finish::Backprop(act, outputs) => {
            act.backprop::<V>(values, &outputs[first..first + values.len()]);
        }
    }
}

/// C = finish(start + A · B) for A given by its rows (m × k): tiles of MR rows, then single
/// rows. A function of its own, so the engine compiles each layout's loops separately.
#[inline(never)]
fn with_rows<V: Vector>(a: &[V::Scalar], p: &Product<'_, V::Scalar>, c: &mut [V::Scalar]) {
    let Product { m, k, n, .. } = *p;
    let a = &a[..m * k];
    let mut c_blocks = c.chunks_exact_mut(MR * n);
    let mut a_blocks = a.chunks_exact(MR * k);
    let mut i0 = 0;
    for (a_block, c_block) in (&mut a_blocks).zip(&mut c_blocks) {
        let rows: [&[V::Scalar]; MR] = core::array::from_fn(|r| &a_block[r * k..(r + 1) * k]);
        let column = move |col_idx: usize| core::array::from_fn(|r| rows[r][col_idx]);
        block::<V, MR, _>((0..k).map(column), p, i0, c_block);
        i0 += MR;
    }
    let a_rest = a_blocks.remainder().chunks_exact(k);
    for (a_row, c_row) in a_rest.zip(c_blocks.into_remainder().chunks_exact_mut(n)) {
        block::<V, 1, _>(a_row.iter().map(|&x| [x]), p, i0, c_row);
        i0 += 1;
    }
}

/// C = finish(start + A · B) for A given as Aᵀ (k × m): each step reads R consecutive values
/// of one row of Aᵀ.
#[inline(never)]
fn with_transposed<V: Vector>(at: &[V::Scalar], p: &Product<'_, V::Scalar>, c: &mut [V::Scalar]) {
    let Product { m, k, n, .. } = *p;
    let at = &at[..k * m];
    let mut c_blocks = c.chunks_exact_mut(MR * n);
    let mut i0 = 0;
    for c_block in &mut c_blocks {
        let column = move |at_row: &[V::Scalar]| whole::<V::Scalar, MR>(&at_row[i0..i0 + MR]);
        block::<V, MR, _>(at.chunks_exact(m).map(column), p, i0, c_block);
        i0 += MR;
    }
    for c_row in c_blocks.into_remainder().chunks_exact_mut(n) {
        let column = move |at_row: &[V::Scalar]| [at_row[i0]];
        block::<V, 1, _>(at.chunks_exact(m).map(column), p, i0, c_row);
        i0 += 1;
    }
}

/// R rows of C from row i0 on (`c` holds just these rows), panel by panel.
#[inline(always)]
fn block<V: Vector, const R: usize, I: Iterator<Item = [V::Scalar; R]> + Clone>(
    columns: I,
    p: &Product<'_, V::Scalar>,
    i0: usize,
    c: &mut [V::Scalar],
) {
    let Product { k, n, .. } = *p;
    for (jb, panel) in p.panels.chunks_exact(k).take(n.div_ceil(NR)).enumerate() {
        tile::<V, R>(columns.clone(), panel, p.start, jb * NR, n, c);
    }
    // These rows are complete (and still in the nearest cache): finish them.
    finish_in_place::<V>(p.finish, &mut c[..R * n], i0 * n);
}

/// Columns j0..j0+NR of R rows of C (n columns): start values, Σ_p A[r][p] · panel[p][·]
/// accumulated in registers, stored. A narrower last panel is zero-padded: its extra columns are
/// computed, then dropped.
#[inline(always)]
fn tile<V: Vector, const R: usize>(
    columns: impl Iterator<Item = [V::Scalar; R]>,
    panel: &[[V::Scalar; NR]],
    start: Start<'_, V::Scalar>,
    j0: usize,
    n: usize,
    c: &mut [V::Scalar],
) {
    let start = match start {
        Start::Zero => [V::splat(V::Scalar::ZERO); NV],
        Start::Row(row) => load(&row[j0..n]),
    };
    let mut acc = [start; R];
    for (xs, b) in columns.zip(panel) {
        let b: [V; NV] = core::array::from_fn(|q| V::load(&b[q * LANES..]));
        for r in 0..R {
            let x = V::splat(xs[r]);
            for q in 0..NV {
                acc[r][q] = acc[r][q] + x * b[q];
            }
        }
    }
    for (r, acc_r) in acc.iter().enumerate() {
        store(acc_r, &mut c[r * n + j0..(r + 1) * n]);
    }
}

/// The first NR values of `values` as vectors, zero-padded past its end.
#[inline(always)]
fn load<V: Vector>(values: &[V::Scalar]) -> [V; NV] {
    let padded_values;
    let values = match values.get(..NR) {
        Some(whole) => whole,
        None => {
            padded_values = padded(values);
            &padded_values
        }
    };
    core::array::from_fn(|q| V::load(&values[q * LANES..]))
}

/// Stores a tile row in the first min(NR, out.len()) values of `out`.
#[inline(always)]
fn store<V: Vector>(row: &[V; NV], out: &mut [V::Scalar]) {
    if let Some(whole) = out.get_mut(..NR) {
        for (v, dst) in row.iter().zip(whole.chunks_exact_mut(LANES)) {
            v.store(dst);
        }
    } else {
        let mut values = [V::Scalar::ZERO; NR];
        for (v, dst) in row.iter().zip(values.chunks_exact_mut(LANES)) {
            v.store(dst);
        }
        for (dst, &src) in out.iter_mut().zip(&values) {
            *dst = src;
        }
    }
}

/// The W values of a slice known to hold W values, as an array (a fixed-size copy).
#[inline(always)]
fn whole<F: Real, const W: usize>(values: &[F]) -> [F; W] {
    core::array::from_fn(|q| values[q])
}

/// y = finish(b + A x) for row-major A (m × k), m = y.len(): y[r] = finish(b + Σ_p A[r][p] ·
/// x[p]), summed in order p. A layer with one unit, vectorised across the batch: the lanes hold
/// four rows, each step gathers their values A[·][p].
#[inline(never)]
pub(crate) fn mat_vec<V: Vector>(
    a: &[V::Scalar],
    k: usize,
    x: &[V::Scalar],
    b: V::Scalar,
    y: &mut [V::Scalar],
    finish: Finish<'_, V::Scalar>,
) {
    let m = y.len();
    let (a, x) = (&a[..m * k], &x[..k]);
    // Four vectors of rows at a time keep four independent sums going.
    const ROWS: usize = 4 * LANES;
    let mut r0 = 0;
    while r0 + ROWS <= m {
        let rows: [&[V::Scalar]; ROWS] = core::array::from_fn(|r| &a[(r0 + r) * k..][..k]);
        let mut acc = [V::splat(b); 4];
        for (col_idx, &x_p) in x.iter().enumerate() {
            let x_p = V::splat(x_p);
            for (g, acc_g) in acc.iter_mut().enumerate() {
                let column =
                    V::from_array(core::array::from_fn(|lane| rows[g * LANES + lane][col_idx]));
                *acc_g = *acc_g + column * x_p;
            }
        }
        for (g, acc_g) in acc.iter().enumerate() {
            acc_g.store(&mut y[r0 + g * LANES..]);
        }
        r0 += ROWS;
    }
    // The last rows one by one, in the same order.
    for (row_idx, y_r) in y.iter_mut().enumerate().skip(r0) {
        let row = &a[row_idx * k..(row_idx + 1) * k];
        *y_r = row.iter().zip(x).fold(b, |s, (&a_rp, &x_p)| s + a_rp * x_p);
    }
    finish_in_place::<V>(finish, y, 0);
}

/// y = xᵀ A for row-major A (m × n), m = x.len(), n = y.len(): y[j] = 0 + Σ_r x[r] · A[r][j],
/// summed in order r. A one-unit layer's weight gradient, vectorised across the columns.
#[inline(never)]
pub(crate) fn vec_mat<V: Vector>(x: &[V::Scalar], a: &[V::Scalar], y: &mut [V::Scalar]) {
    let n = y.len();
    if n == 0 {
        return;
    }
    let a = &a[..x.len() * n];
    // Eight vectors of columns at a time, then one, then single columns.
    let mut j0 = 0;
    while j0 + 8 * LANES <= n {
        let mut acc = [V::splat(V::Scalar::ZERO); 8];
        for (&x_r, a_row) in x.iter().zip(a.chunks_exact(n)) {
            let x_r = V::splat(x_r);
            let a_row = &a_row[j0..j0 + 8 * LANES];
            for (q, acc_q) in acc.iter_mut().enumerate() {
                *acc_q = *acc_q + x_r * V::load(&a_row[q * LANES..]);
            }
        }
        for (q, acc_q) in acc.iter().enumerate() {
            acc_q.store(&mut y[j0 + q * LANES..]);
        }
        j0 += 8 * LANES;
    }
    while j0 + LANES <= n {
        let mut acc = V::splat(V::Scalar::ZERO);
        for (&x_r, a_row) in x.iter().zip(a.chunks_exact(n)) {
            acc = acc + V::splat(x_r) * V::load(&a_row[j0..]);
        }
        acc.store(&mut y[j0..]);
        j0 += LANES;
    }
    for (col_idx, y_j) in y.iter_mut().enumerate().skip(j0) {
        let column = a.chunks_exact(n).map(|a_row| a_row[col_idx]);
        *y_j = x
            .iter()
            .zip(column)
            .fold(V::Scalar::ZERO, |s, (&x_r, a_rj)| s + x_r * a_rj);
    }
}

/// C = finish(0 + x yᵀ) for C (m × n) row-major, m = x.len(), n = y.len(): C[r][j] =
/// finish(0 + x[r] · y[j]). The δ below a layer with one unit, vectorised across the columns.
#[inline(never)]
pub(crate) fn outer<V: Vector>(
    x: &[V::Scalar],
    y: &[V::Scalar],
    c: &mut [V::Scalar],
    finish: Finish<'_, V::Scalar>,
) {
    let n = y.len();
    if n == 0 {
        return;
    }
    let c = &mut c[..x.len() * n];
    let zero = V::splat(V::Scalar::ZERO);
    for (&x_r, c_row) in x.iter().zip(c.chunks_exact_mut(n)) {
        let x_v = V::splat(x_r);
        let mut c_lanes = c_row.chunks_exact_mut(LANES);
        for (c_j, y_j) in (&mut c_lanes).zip(y.chunks_exact(LANES)) {
            (zero + x_v * V::load(y_j)).store(c_j);
        }
        let done = n - n % LANES;
        for (c_j, &y_j) in c_lanes.into_remainder().iter_mut().zip(&y[done..]) {
            *c_j = V::Scalar::ZERO + x_r * y_j;
        }
    }
    finish_in_place::<V>(finish, c, 0);
}

/// out's rows = the rows of row-major x (n_cols values each) listed in `rows`, in order.
#[inline(never)]
pub(crate) fn gather_rows<V: Vector>(
    x: &[V::Scalar],
    n_cols: usize,
    rows: &[usize],
    out: &mut [V::Scalar],
) {
    if n_cols == 0 {
        return;
    }
    // One lane of columns of every row per pass, a vector at a time: the rows lie scattered
    // over x, mostly not in cache, and a pass of few instructions per row keeps many of their
    // loads in flight at once (later passes find them cached). Cheaper than a bulk copy call
    // per row, or a row at a time.
    let whole = n_cols - n_cols % LANES;
    for j0 in (0..whole).step_by(LANES) {
        for (dst, &row_idx) in out.chunks_exact_mut(n_cols).zip(rows) {
            V::load(&x[row_idx * n_cols + j0..]).store(&mut dst[j0..]);
        }
    }
    for j in whole..n_cols {
        for (dst, &row_idx) in out.chunks_exact_mut(n_cols).zip(rows) {
            dst[j] = x[row_idx * n_cols + j];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::lanes::Quad;
    use crate::rng::SplitMix64;

    fn random(n: usize, rng: &mut SplitMix64) -> Vec<f64> {
        (0..n).map(|_| rng.uniform() - 0.5).collect()
    }

    /// out (cols × rows) = aᵀ for row-major a (rows × cols).
    fn transpose<F: Real>(a: &[F], rows: usize, cols: usize) -> Vec<F> {
        let mut out = vec![F::ZERO; rows * cols];
        for i in 0..rows {
            for j in 0..cols {
                out[j * rows + i] = a[i * cols + j];
            }
        }
        out
    }

    /// The textbook triple loop, in the same summation order, then `finish` value by value.
    fn naive(
        a: &[f64],
        b: &[f64],
        c0: &[f64],
        (m, k, n): (usize, usize, usize),
        finish: impl Fn(usize, f64) -> f64,
    ) -> Vec<f64> {
        let mut c = c0.to_vec();
        for i in 0..m {
            for j in 0..n {
                let mut s = c[i * n + j];
                for p in 0..k {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = finish(i * n + j, s);
            }
        }
        c
    }

    #[test]
    fn matmul_matches_the_triple_loop_bit_for_bit_on_ragged_shapes() {
        let mut rng = SplitMix64::new(11);
        let mut panels = Vec::new();
        for shape in [
            (1, 1, 1),
            (4, 8, 8),
            (7, 3, 9),
            (64, 32, 32),
            (1, 32, 64),
            (5, 17, 1),
            (13, 2, 23),
            (6, 0, 5),
            (9, 40, 37),
        ] {
            let (m, k, n) = shape;
            let a = random(m * k, &mut rng);
            let b = random(k * n, &mut rng);
            let outputs: Vec<f64> = random(m * n, &mut rng);
            pack(&b, k, n, &mut panels);
            // Bᵀ packed from B's transpose gives the same panels as B packed directly.
            let mut panels_t = Vec::new();
            pack_transposed(&transpose(&b, k, n), n, k, &mut panels_t);
            assert_eq!(panels_t, panels, "panels of B and of (Bᵀ)ᵀ, {m}×{k}×{n}");
            let run = |left, start, finish| {
                let mut c = vec![f64::NAN; m * n];
                let product = Product {
                    left,
                    panels: &panels,
                    m,
                    k,
                    n,
                    start,
                    finish,
                };
                matmul::<Quad<f64>>(product, &mut c);
                c
            };
            let zeros = vec![0.0; m * n];
            let expected = naive(&a, &b, &zeros, shape, |_, s| s);
            let got = run(Left::Rows(&a), Start::Zero, Finish::Sum);
            assert_eq!(got, expected, "C = AB, {m}×{k}×{n}");
            // A bias row as the start.
            let bias = random(n, &mut rng);
            let tiled: Vec<f64> = (0..m).flat_map(|_| bias.iter().copied()).collect();
            let expected = naive(&a, &b, &tiled, shape, |_, s| s);
            let got = run(Left::Rows(&a), Start::Row(&bias), Finish::Sum);
            assert_eq!(got, expected, "C = 1bᵀ + AB, {m}×{k}×{n}");
            // A given as Aᵀ.
            let at = transpose(&a, m, k);
            let got = run(Left::Transposed(&at), Start::Row(&bias), Finish::Sum);
            assert_eq!(got, expected, "C = 1bᵀ + (Aᵀ)ᵀB, {m}×{k}×{n}");
            // Finished by an activation, or by the chain rule through one.
            for act in Activation::ALL {
                let expected = naive(&a, &b, &tiled, shape, |_, z| act.apply(z));
                let got = run(Left::Rows(&a), Start::Row(&bias), Finish::Activate(act));
                assert_eq!(got, expected, "act(1bᵀ + AB), {m}×{k}×{n}");
                let expected = naive(&a, &b, &zeros, shape, |idx, s| {
                    s * act.derivative_from_output(outputs[idx])
                });
                let got = run(
                    Left::Transposed(&at),
                    Start::Zero,
                    Finish::Backprop(act, &outputs),
                );
                assert_eq!(got, expected, "AB ⊙ act'(a), {m}×{k}×{n}");
            }
        }
    }

    #[test]
    fn matmul_in_f32_matches_the_triple_loop_bit_for_bit() {
        // f32 sums round at every step, so any change of order would show; tanh is the
        // network's f32 rational approximation, lane by lane.
        let mut rng = SplitMix64::new(5);
        let (m, k, n) = (10, 33, 19);
        let to_f32 = |v: Vec<f64>| v.iter().map(|&v| v as f32).collect::<Vec<f32>>();
        let a = to_f32(random(m * k, &mut rng));
        let b = to_f32(random(k * n, &mut rng));
        let bias = to_f32(random(n, &mut rng));
        let mut panels = Vec::new();
        pack(&b, k, n, &mut panels);
        let mut c = vec![f32::NAN; m * n];
        let product = Product {
            left: Left::Rows(&a),
            panels: &panels,
            m,
            k,
            n,
            start: Start::Row(&bias),
            finish: Finish::Activate(Activation::Tanh),
        };
        matmul::<Quad<f32>>(product, &mut c);
        for i in 0..m {
            for j in 0..n {
                let mut s = bias[j];
                for p in 0..k {
                    s += a[i * k + p] * b[p * n + j];
                }
                assert_eq!(c[i * n + j], Activation::Tanh.apply(s), "C[{i}][{j}]");
            }
        }
    }

    #[test]
    fn one_unit_kernels_match_the_triple_loop_bit_for_bit() {
        let mut rng = SplitMix64::new(8);
        // Row counts around the 16 rows computed together; column counts around 32 and 4.
        for (m, k) in [(1, 1), (16, 32), (17, 5), (37, 33), (64, 32), (3, 0)] {
            let a = random(m * k, &mut rng);
            let x = random(k, &mut rng);
            let outputs = random(m * k, &mut rng);
            // y = b + A x, then finished.
            for finish in [Finish::Sum, Finish::Activate(Activation::Tanh)] {
                let expected = naive(&a, &x, &vec![0.5; m], (m, k, 1), |_, z| match finish {
                    Finish::Activate(act) => act.apply(z),
                    _ => z,
                });
                let mut y = vec![f64::NAN; m];
                mat_vec::<Quad<f64>>(&a, k, &x, 0.5, &mut y, finish);
                assert_eq!(y, expected, "b + Ax, {m}×{k}");
            }
            // y = δᵀ A (A m × k): C (1 × k) = δᵀ (1 × m) · A.
            let delta = random(m, &mut rng);
            let expected = naive(&delta, &a, &vec![0.0; k], (1, m, k), |_, s| s);
            let mut y = vec![f64::NAN; k];
            vec_mat::<Quad<f64>>(&delta, &a, &mut y);
            assert_eq!(y, expected, "δᵀA, {m}×{k}");
            // C = δ wᵀ (m × k), plain or through the chain rule.
            for finish in [Finish::Sum, Finish::Backprop(Activation::Tanh, &outputs)] {
                let expected = naive(
                    &delta,
                    &x,
                    &vec![0.0; m * k],
                    (m, 1, k),
                    |idx, s| match finish {
                        Finish::Backprop(act, outputs) => {
                            s * act.derivative_from_output(outputs[idx])
                        }
                        _ => s,
                    },
                );
                let mut c = vec![f64::NAN; m * k];
                outer::<Quad<f64>>(&delta, &x, &mut c, finish);
                assert_eq!(c, expected, "δwᵀ, {m}×{k}");
            }
        }
    }

    #[test]
    fn gathered_rows_by_hand() {
        let wide: Vec<f64> = (0..15).map(f64::from).collect(); // 3 × 5
        let mut out = [f64::NAN; 10];
        gather_rows::<Quad<f64>>(&wide, 5, &[2, 0], &mut out);
        assert_eq!(out, [10.0, 11.0, 12.0, 13.0, 14.0, 0.0, 1.0, 2.0, 3.0, 4.0]);
        // Rows narrower than a vector, and rows of whole vectors.
        let mut out = [f64::NAN; 6];
        gather_rows::<Quad<f64>>(&wide[..10], 2, &[4, 0, 3], &mut out);
        assert_eq!(out, [8.0, 9.0, 0.0, 1.0, 6.0, 7.0]);
        let mut out = [f64::NAN; 8];
        gather_rows::<Quad<f64>>(&wide[..8], 4, &[1, 0], &mut out);
        assert_eq!(out, [4.0, 5.0, 6.0, 7.0, 0.0, 1.0, 2.0, 3.0]);
    }
}
