//! The multilayer perceptron: parameters, the forward pass and the backward pass
//! (backpropagation), on a whole mini-batch at once.

use super::kernels::{self, Finish, Left, Product, Start, NR};
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use super::lanes::simd128::F32x4;
use super::lanes::{Quad, Vector};
use super::{Activation, Architecture, NnError};
use crate::real::Real;
use crate::rng::SplitMix64;

/// Rows pushed through the network together by `predict` and `mse` (bounds the workspace).
const CHUNK_ROWS: usize = 256;

/// Where one layer's parameters sit in the flat vector: W (fan_in × fan_out, row-major
/// [in][out]) at `offset`, then b (fan_out).
#[derive(Clone, Copy, Debug)]
struct Shape {
    fan_in: usize,
    fan_out: usize,
    offset: usize,
}

impl Shape {
    fn n_weights(&self) -> usize {
        self.fan_in * self.fan_out
    }
    fn weights(&self) -> core::ops::Range<usize> {
        self.offset..self.offset + self.n_weights()
    }
    fn biases(&self) -> core::ops::Range<usize> {
        let start = self.offset + self.n_weights();
        start..start + self.fan_out
    }
}

/// One layer's weights and biases (or their gradients), for drawing the network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layer<'a, F> {
    /// Units feeding this layer.
    pub fan_in: usize,
    /// Units of this layer.
    pub fan_out: usize,
    /// W, fan_in × fan_out, row-major: `weights[i * fan_out + j]` connects input unit i to unit j.
    pub weights: &'a [F],
    /// b, one per unit of this layer.
    pub biases: &'a [F],
}

/// Buffers the passes work in, sized for `n_rows` rows and reused from batch to batch.
#[derive(Clone, Debug, Default)]
struct Workspace<F> {
    /// Rows the buffers hold.
    n_rows: usize,
    /// acts[0]: the batch's inputs; acts[l]: layer l's outputs a_l (n_rows × width).
    acts: Vec<Vec<F>>,
    /// δ of the layer being back-propagated, n_rows × width.
    delta: Vec<F>,
    /// δ of the layer below it.
    delta_prev: Vec<F>,
    /// B of the current matrix product, packed into column panels.
    panels: Vec<[F; NR]>,
    /// n_rows ones: dL/db = 1ᵀ δ sums δ over the rows.
    ones: Vec<F>,
}

/// How far the backward pass goes.
#[derive(Clone, Copy, PartialEq)]
enum Backward {
    /// dL/dW and dL/db of every layer (stops before the inputs).
    Params,
    /// Only δ, all the way down to the inputs: d output / d input.
    Inputs,
}

/// A multilayer perceptron with one linear output, its gradient buffer and its workspace.
///
/// Parameters are one flat vector, layer by layer: W_l (fan_in × fan_out, row-major
/// [in][out]) then b_l, exactly the layout of the W1 benchmark.
#[derive(Clone, Debug)]
pub struct Mlp<F: Real> {
    arch: Architecture,
    shapes: Vec<Shape>,
    params: Vec<F>,
    grad: Vec<F>,
    work: Workspace<F>,
}

impl<F: Real> Mlp<F> {
    /// A network with fresh random weights drawn from the stream `SplitMix64::derive(seed,
    /// "init")` (see [`Mlp::with_rng`] for the rule); biases start at 0.
    pub fn new(arch: Architecture, seed: u64) -> Result<Self, NnError> {
        Self::with_rng(arch, &mut SplitMix64::derive(seed, "init"))
    }

    /// A network whose weights are drawn from `rng`, layer by layer, each W row-major:
    /// w = (2U − 1) · limit with U uniform in [0, 1), so w is uniform in (−limit, limit).
    /// limit = √(6 / fan_in) (He-uniform) for a layer followed by ReLU, which zeroes half its
    /// inputs on average and so needs twice the variance to keep signals the same size;
    /// limit = √(6 / (fan_in + fan_out)) (Glorot-uniform) for every other layer, the output
    /// layer included. Biases start at 0. With tanh this is exactly W1's initialisation.
    pub fn with_rng(arch: Architecture, rng: &mut SplitMix64) -> Result<Self, NnError> {
        let mut mlp = Self::zeroed(arch)?;
        let n_layers = mlp.shapes.len();
        for (layer_idx, shape) in mlp.shapes.iter().enumerate() {
            let feeds_relu = layer_idx + 1 < n_layers && mlp.arch.activation == Activation::Relu;
            let spread = if feeds_relu {
                shape.fan_in
            } else {
                shape.fan_in + shape.fan_out
            };
            let limit = (6.0 / spread as f64).sqrt();
            for w in &mut mlp.params[shape.weights()] {
                *w = F::from_f64((2.0 * rng.uniform() - 1.0) * limit);
            }
        }
        Ok(mlp)
    }

    /// A network with the given parameters (layout as [`Mlp::params`]).
    pub fn from_params(arch: Architecture, params: &[F]) -> Result<Self, NnError> {
        let mut mlp = Self::zeroed(arch)?;
        if params.len() != mlp.params.len() {
            return Err(NnError(format!(
                "this network has {} parameters but {} values were given",
                mlp.params.len(),
                params.len()
            )));
        }
        mlp.params.copy_from_slice(params);
        Ok(mlp)
    }

    /// A validated network with every parameter 0.
    fn zeroed(arch: Architecture) -> Result<Self, NnError> {
        arch.validate()?;
        let mut shapes = Vec::with_capacity(arch.n_layers());
        let mut offset = 0;
        for pair in arch.layer_sizes().windows(2) {
            let shape = Shape {
                fan_in: pair[0],
                fan_out: pair[1],
                offset,
            };
            offset = shape.biases().end;
            shapes.push(shape);
        }
        Ok(Self {
            arch,
            shapes,
            params: vec![F::ZERO; offset],
            grad: vec![F::ZERO; offset],
            work: Workspace::default(),
        })
    }

    /// The architecture this network was built with.
    pub fn architecture(&self) -> &Architecture {
        &self.arch
    }

    /// All parameters θ: per layer W (fan_in × fan_out, row-major [in][out]) then b.
    pub fn params(&self) -> &[F] {
        &self.params
    }

    /// Number of parameters.
    pub fn n_params(&self) -> usize {
        self.params.len()
    }

    /// dL/dθ from the last [`Mlp::loss_and_grad`] (zeros before the first), laid out as
    /// [`Mlp::params`].
    pub fn grad(&self) -> &[F] {
        &self.grad
    }

    /// The parameters to update and the gradient to update them with, at once.
    pub(super) fn params_and_grad(&mut self) -> (&mut [F], &[F]) {
        (&mut self.params, &self.grad)
    }

    /// Units per layer from the inputs to the output: `[n_inputs, hidden…, 1]`.
    pub fn layer_sizes(&self) -> Vec<usize> {
        self.arch.layer_sizes()
    }

    /// Number of weight layers (hidden layers + the output layer).
    pub fn n_layers(&self) -> usize {
        self.shapes.len()
    }

    /// Weights and biases of layer `layer_idx` (0 = the layer fed by the inputs), if it exists.
    pub fn layer(&self, layer_idx: usize) -> Option<Layer<'_, F>> {
        self.view(&self.params, layer_idx)
    }

    /// dL/dW and dL/db of layer `layer_idx` from the last [`Mlp::loss_and_grad`].
    pub fn layer_grad(&self, layer_idx: usize) -> Option<Layer<'_, F>> {
        self.view(&self.grad, layer_idx)
    }

    fn view<'a>(&self, flat: &'a [F], layer_idx: usize) -> Option<Layer<'a, F>> {
        let shape = self.shapes.get(layer_idx)?;
        Some(Layer {
            fan_in: shape.fan_in,
            fan_out: shape.fan_out,
            weights: &flat[shape.weights()],
            biases: &flat[shape.biases()],
        })
    }

    /// The network's output for each of `n_rows` rows of `x` (row-major, n_inputs per row),
    /// written to `out` (n_rows values). Forward pass only; the gradient is untouched.
    pub fn predict(&mut self, x: &[F], n_rows: usize, out: &mut [F]) -> Result<(), NnError> {
        let n_inputs = self.arch.n_inputs;
        let n_values = n_rows.checked_mul(n_inputs);
        if n_values != Some(x.len()) || out.len() != n_rows {
            return Err(NnError(format!(
                "predicting {n_rows} rows of {n_inputs} features needs {n_inputs} feature values \
                 per row and room for {n_rows} outputs (got {} values and room for {})",
                x.len(),
                out.len()
            )));
        }
        self.reserve(n_rows.min(CHUNK_ROWS));
        for (x_chunk, out_chunk) in x
            .chunks(CHUNK_ROWS * n_inputs)
            .zip(out.chunks_mut(CHUNK_ROWS))
        {
            let n_chunk = out_chunk.len();
            self.work.acts[0][..x_chunk.len()].copy_from_slice(x_chunk);
            self.forward(n_chunk);
            out_chunk.copy_from_slice(&self.work.acts[self.shapes.len()][..n_chunk]);
        }
        Ok(())
    }

    /// The mean squared error (1/n) Σ (out − y)² over the rows listed in `rows`, each term
    /// computed and summed in f64. No L2 penalty; the gradient is untouched.
    pub fn mse(&mut self, x: &[F], y: &[F], rows: &[usize]) -> Result<f64, NnError> {
        self.check_data(x, y, rows)?;
        self.reserve(rows.len().min(CHUNK_ROWS));
        let mut sum = 0.0;
        for chunk in rows.chunks(CHUNK_ROWS) {
            self.gather(x, chunk);
            self.forward(chunk.len());
            let out = &self.work.acts[self.shapes.len()];
            for (&o, &row_idx) in out.iter().zip(chunk) {
                let diff = o.to_f64() - y[row_idx].to_f64();
                sum += diff * diff;
            }
        }
        Ok(sum / rows.len() as f64)
    }

    /// Forward and backward pass on the mini-batch of the B rows of `x`, `y` listed in `rows`
    /// (repeats allowed). Returns L = (1/B) Σ (out − y)² + (λ/2) Σ w², the L2 penalty summing
    /// over the weights only (biases are not penalised), with λ = `l2` ≥ 0; dL/dθ goes to
    /// [`Mlp::grad`].
    ///
    /// The backward pass, layer by layer (δ_l = dL/dz_l, one row per example):
    ///
    /// ```text
    /// δ_out   = dL/d out = 2 (out − y) / B
    /// dL/dW_l = a_{l−1}ᵀ δ_l                  (+ λ W_l)
    /// dL/db_l = Σ_rows δ_l
    /// δ_{l−1} = (δ_l W_lᵀ) ⊙ act'(z_{l−1})    act' from a_{l−1}, see `Activation`
    /// ```
    pub fn loss_and_grad(
        &mut self,
        x: &[F],
        y: &[F],
        rows: &[usize],
        l2: f64,
    ) -> Result<f64, NnError> {
        let (mse, penalty) = self.loss_parts_and_grad(x, y, rows, l2)?;
        Ok(mse + penalty)
    }

    /// As [`Mlp::loss_and_grad`], returning the two parts of L: the batch MSE (summed in f64)
    /// and the L2 penalty (λ/2) Σ w².
    pub(super) fn loss_parts_and_grad(
        &mut self,
        x: &[F],
        y: &[F],
        rows: &[usize],
        l2: f64,
    ) -> Result<(f64, f64), NnError> {
        self.check_data(x, y, rows)?;
        check_l2(l2)?;
        let n_rows = rows.len();
        self.reserve(n_rows);
        self.gather(x, rows);
        self.forward(n_rows);

        // L = (1/B) Σ (out − y)²  ⇒  δ_out = dL/d out = 2 (out − y) / B.
        let scale = F::from_f64(2.0 / n_rows as f64);
        let out = &self.work.acts[self.shapes.len()][..n_rows];
        let mut sum = 0.0;
        for ((delta, &o), &row_idx) in self.work.delta.iter_mut().zip(out).zip(rows) {
            let diff = o - y[row_idx];
            let diff64 = o.to_f64() - y[row_idx].to_f64();
            sum += diff64 * diff64;
            *delta = diff * scale;
        }
        self.backward(n_rows, Backward::Params);

        // (λ/2) Σ w² adds λ w to each weight's gradient.
        let mut penalty = 0.0;
        if l2 > 0.0 {
            let lambda = F::from_f64(l2);
            for shape in &self.shapes {
                let range = shape.weights();
                for (g, &w) in self.grad[range.clone()].iter_mut().zip(&self.params[range]) {
                    *g += lambda * w;
                    penalty += w.to_f64() * w.to_f64();
                }
            }
            penalty *= 0.5 * l2;
        }
        Ok((sum / n_rows as f64, penalty))
    }

    /// d output / d input at one row of features: how much the prediction changes per unit
    /// of each (standardised) feature. The same backward pass with δ_out = 1, carried on
    /// through the first layer: d out/d x = δ_1 W_1ᵀ. The parameter gradient is untouched.
    pub fn input_gradient(&mut self, x_row: &[F]) -> Result<Vec<F>, NnError> {
        let n_inputs = self.arch.n_inputs;
        if x_row.len() != n_inputs {
            return Err(NnError(format!(
                "this network takes {n_inputs} features but {} were given",
                x_row.len()
            )));
        }
        self.reserve(1);
        self.work.acts[0][..n_inputs].copy_from_slice(x_row);
        self.forward(1);
        self.work.delta[0] = F::ONE;
        self.backward(1, Backward::Inputs);
        Ok(self.work.delta[..n_inputs].to_vec())
    }

    /// Checks that `x` holds n_inputs values per target in `y` and that `rows` is a nonempty
    /// list of existing rows.
    fn check_data(&self, x: &[F], y: &[F], rows: &[usize]) -> Result<(), NnError> {
        let n_inputs = self.arch.n_inputs;
        let n_rows = y.len();
        if x.len() != n_rows * n_inputs {
            return Err(NnError(format!(
                "the feature table has {} values, but {n_rows} rows of {n_inputs} features need {}",
                x.len(),
                n_rows * n_inputs
            )));
        }
        if rows.is_empty() {
            return Err(NnError(
                "there are no rows to use; add some data".to_string(),
            ));
        }
        if let Some(&bad) = rows.iter().find(|&&row_idx| row_idx >= n_rows) {
            return Err(NnError(format!(
                "row {bad} does not exist: the data has {n_rows} rows"
            )));
        }
        Ok(())
    }

    /// Makes the workspace hold at least `n_rows` rows (allocates only when it grows).
    fn reserve(&mut self, n_rows: usize) {
        let work = &mut self.work;
        if work.n_rows >= n_rows && !work.acts.is_empty() {
            return;
        }
        let sizes = self.arch.layer_sizes();
        let max_width = sizes.iter().copied().max().unwrap_or(1);
        work.n_rows = n_rows.max(work.n_rows);
        work.acts = sizes
            .iter()
            .map(|&width| vec![F::ZERO; work.n_rows * width])
            .collect();
        for buffer in [&mut work.delta, &mut work.delta_prev] {
            buffer.resize(work.n_rows * max_width, F::ZERO);
        }
        work.ones.resize(work.n_rows, F::ONE);
    }

    /// Copies the listed rows of `x` into the input buffer acts[0], in order.
    fn gather(&mut self, x: &[F], rows: &[usize]) {
        kernels::gather_rows::<Quad<F>>(x, self.arch.n_inputs, rows, &mut self.work.acts[0]);
    }

    /// Forward pass on the first `n_rows` rows of acts[0]; fills acts[1..]. In wasm, `f32`
    /// networks compute on simd128 registers, everything else on portable [`Quad`]s: the same
    /// code and the same bits.
    fn forward(&mut self, n_rows: usize) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        if let Some(mlp) = (self as &mut dyn core::any::Any).downcast_mut::<Mlp<f32>>() {
            return mlp.forward_on::<F32x4>(n_rows);
        }
        self.forward_on::<Quad<F>>(n_rows)
    }

    /// Backward pass from δ_out in work.delta (n_rows × 1); lanes chosen as in `forward`.
    fn backward(&mut self, n_rows: usize, mode: Backward) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        if let Some(mlp) = (self as &mut dyn core::any::Any).downcast_mut::<Mlp<f32>>() {
            return mlp.backward_on::<F32x4>(n_rows, mode);
        }
        self.backward_on::<Quad<F>>(n_rows, mode)
    }

    /// [`Mlp::forward`] on the lanes `V`.
    #[inline(never)]
    fn forward_on<V: Vector<Scalar = F>>(&mut self, n_rows: usize) {
        let n_layers = self.shapes.len();
        let work = &mut self.work;
        for (layer_idx, shape) in self.shapes.iter().enumerate() {
            let (fan_in, fan_out) = (shape.fan_in, shape.fan_out);
            let (below, above) = work.acts.split_at_mut(layer_idx + 1);
            let a_in = &below[layer_idx][..n_rows * fan_in];
            let a_out = &mut above[0][..n_rows * fan_out];
            // a_l = act(z_l) with z_l = a_{l−1} W_l + b_l: every row starts at b_l, the product
            // is added, and hidden layers apply their activation before storing.
            let w = &self.params[shape.weights()];
            let b = &self.params[shape.biases()];
            let finish = if layer_idx + 1 < n_layers {
                Finish::Activate(self.arch.activation)
            } else {
                Finish::Sum // the output layer stays linear
            };
            if let [b] = *b {
                // One unit (the output): z = a_{l−1} w + b, vectorised across the batch.
                kernels::mat_vec::<V>(a_in, fan_in, w, b, a_out, finish);
            } else {
                kernels::pack(w, fan_in, fan_out, &mut work.panels);
                let product = Product {
                    left: Left::Rows(a_in),
                    panels: &work.panels,
                    m: n_rows,
                    k: fan_in,
                    n: fan_out,
                    start: Start::Row(b),
                    finish,
                };
                kernels::matmul::<V>(product, a_out);
            }
        }
    }

    /// [`Mlp::backward`] on the lanes `V`. With `Backward::Params` fills the gradient; with
    /// `Backward::Inputs` leaves d out/d x in work.delta (n_rows × n_inputs).
    #[inline(never)]
    fn backward_on<V: Vector<Scalar = F>>(&mut self, n_rows: usize, mode: Backward) {
        let work = &mut self.work;
        for (layer_idx, shape) in self.shapes.iter().enumerate().rev() {
            let (fan_in, fan_out) = (shape.fan_in, shape.fan_out);
            let delta = &work.delta[..n_rows * fan_out];
            if mode == Backward::Params {
                // dL/dW_l = a_{l−1}ᵀ δ_l: entry (i, j) sums a_{l−1}[row][i] δ_l[row][j] over rows.
                let a_in = &work.acts[layer_idx][..n_rows * fan_in];
                let grad_w = &mut self.grad[shape.weights()];
                if fan_out == 1 {
                    // One unit: (dL/dW_l)ᵀ = δ_lᵀ a_{l−1}, vectorised across fan_in.
                    kernels::vec_mat::<V>(delta, a_in, grad_w);
                } else {
                    kernels::pack(delta, n_rows, fan_out, &mut work.panels);
                    let product = Product {
                        left: Left::Transposed(a_in),
                        panels: &work.panels,
                        m: fan_in,
                        k: n_rows,
                        n: fan_out,
                        start: Start::Zero,
                        finish: Finish::Sum,
                    };
                    kernels::matmul::<V>(product, grad_w);
                }
                // dL/db_l = 1ᵀ δ_l, the sum of δ_l over the rows (b_l is added to every row).
                let ones = &work.ones[..n_rows];
                kernels::vec_mat::<V>(ones, delta, &mut self.grad[shape.biases()]);
                if layer_idx == 0 {
                    break; // no parameters below the inputs
                }
            }
            // δ_{l−1} = (δ_l W_lᵀ) ⊙ act'(z_{l−1}) below a hidden layer, act' from its outputs;
            // d out/d x = δ_1 W_1ᵀ at the inputs.
            let w = &self.params[shape.weights()];
            let finish = if layer_idx > 0 {
                let a_prev = &work.acts[layer_idx][..n_rows * fan_in];
                Finish::Backprop(self.arch.activation, a_prev)
            } else {
                Finish::Sum
            };
            let delta_prev = &mut work.delta_prev[..n_rows * fan_in];
            if fan_out == 1 {
                // One unit: δ_l wᵀ is an outer product (W_l is fan_in × 1, so wᵀ = W_lᵀ).
                kernels::outer::<V>(delta, w, delta_prev, finish);
            } else {
                kernels::pack_transposed(w, fan_in, fan_out, &mut work.panels);
                let product = Product {
                    left: Left::Rows(delta),
                    panels: &work.panels,
                    m: n_rows,
                    k: fan_out,
                    n: fan_in,
                    start: Start::Zero,
                    finish,
                };
                kernels::matmul::<V>(product, delta_prev);
            }
            core::mem::swap(&mut work.delta, &mut work.delta_prev);
        }
    }
}

/// Checks an L2 strength λ: 0 or a positive, finite number.
pub(super) fn check_l2(l2: f64) -> Result<f64, NnError> {
    if l2.is_finite() && l2 >= 0.0 {
        Ok(l2)
    } else {
        Err(NnError(format!(
            "l2 (the weight penalty) must be 0 or a positive, finite number (got {})",
            crate::value::number_text(l2)
        )))
    }
}
