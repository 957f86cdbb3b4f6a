//! The neural network through its public API: backpropagation against central differences of
//! an independent forward pass, the W1 benchmark reproduced, learning a nonlinear function,
//! linear regression against the normal equations, determinism, and errors.

use downhill::bench::{mlp_inputs, MlpInputs};
use downhill::nn::{Activation, Architecture, Mlp, NnError, TrainConfig, Trainer};
use downhill::optim::Hyper;
use downhill::rng::SplitMix64;

fn arch(n_inputs: usize, hidden: &[usize], activation: Activation) -> Architecture {
    Architecture {
        n_inputs,
        hidden: hidden.to_vec(),
        activation,
    }
}

fn config(optimizer: &str, lr: f64, batch_size: usize, seed: u64) -> TrainConfig {
    TrainConfig {
        optimizer: optimizer.to_string(),
        hyper: Hyper {
            lr: Some(lr),
            ..Hyper::default()
        },
        batch_size,
        l2: 0.0,
        seed,
    }
}

// ---------------------------------------------------------------------------------------------
// An independent oracle: the network written as the textbook formulas, one value at a time.

fn act_exact(activation: Activation, z: f64) -> f64 {
    match activation {
        Activation::Relu => z.max(0.0),
        Activation::Tanh => z.tanh(),
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Identity => z,
    }
}

/// out(x) for parameters laid out per layer as W (fan_in × fan_out, [in][out]) then b.
fn reference_output(arch: &Architecture, params: &[f64], x_row: &[f64]) -> f64 {
    let sizes = arch.layer_sizes();
    let mut a = x_row.to_vec();
    let mut offset = 0;
    for layer_idx in 0..sizes.len() - 1 {
        let (fan_in, fan_out) = (sizes[layer_idx], sizes[layer_idx + 1]);
        let w = &params[offset..offset + fan_in * fan_out];
        let b = &params[offset + fan_in * fan_out..offset + fan_in * fan_out + fan_out];
        let z: Vec<f64> = (0..fan_out)
            .map(|j| b[j] + (0..fan_in).map(|i| a[i] * w[i * fan_out + j]).sum::<f64>())
            .collect();
        let hidden = layer_idx + 2 < sizes.len();
        a = if hidden {
            z.iter().map(|&z| act_exact(arch.activation, z)).collect()
        } else {
            z
        };
        offset += fan_in * fan_out + fan_out;
    }
    a[0]
}

/// L = (1/B) Σ (out − y)² + (λ/2) Σ over weights (not biases) of w².
fn reference_loss(
    arch: &Architecture,
    params: &[f64],
    x: &[f64],
    y: &[f64],
    rows: &[usize],
    l2: f64,
) -> f64 {
    let n = arch.n_inputs;
    let mse = rows
        .iter()
        .map(|&r| (reference_output(arch, params, &x[r * n..(r + 1) * n]) - y[r]).powi(2))
        .sum::<f64>()
        / rows.len() as f64;
    let sizes = arch.layer_sizes();
    let mut offset = 0;
    let mut sum_w2 = 0.0;
    for pair in sizes.windows(2) {
        sum_w2 += params[offset..offset + pair[0] * pair[1]]
            .iter()
            .map(|w| w * w)
            .sum::<f64>();
        offset += pair[0] * pair[1] + pair[1];
    }
    mse + 0.5 * l2 * sum_w2
}

/// Central difference (f(θ + h) − f(θ − h)) / 2h in coordinate `idx`.
fn central_difference(f: impl Fn(&[f64]) -> f64, point: &[f64], idx: usize, h: f64) -> f64 {
    let mut p = point.to_vec();
    p[idx] = point[idx] + h;
    let up = f(&p);
    p[idx] = point[idx] - h;
    let down = f(&p);
    (up - down) / (2.0 * h)
}

/// |a − b| / max(|a|, |b|, floor).
fn relative_error(a: f64, b: f64, floor: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(floor)
}

// Step and tolerance of the gradient checks. With h = 1e-5 the central difference is off by
// about h² f''' / 6 ≈ 1e-10 plus rounding ≈ 1e-16 · |L| / h ≈ 1e-11; the floor keeps the
// relative error of a gradient near 0 measured against a typical gradient size.
const H: f64 = 1e-5;
const FLOOR: f64 = 1e-4;
const TOLERANCE: f64 = 1e-6;

fn gradient_check_cases() -> Vec<Architecture> {
    let mut cases = Vec::new();
    for hidden in [&[][..], &[5], &[4, 3], &[1, 4], &[3, 5, 2]] {
        for activation in Activation::ALL {
            cases.push(arch(3, hidden, activation));
        }
    }
    cases
}

#[test]
fn backpropagation_matches_central_differences_for_every_parameter() {
    let mut rng = SplitMix64::new(42);
    let n_rows = 7;
    let mut worst = 0.0f64;
    for arch in gradient_check_cases() {
        for l2 in [0.0, 0.3] {
            let x: Vec<f64> = (0..n_rows * 3).map(|_| rng.normal()).collect();
            let y: Vec<f64> = (0..n_rows).map(|_| rng.normal()).collect();
            let rows = [0, 2, 6, 1, 2, 5]; // a mini-batch, with a repeat
                                           // Random weights and biases, so no bias sits at 0 and no ReLU sits at its kink.
            let params: Vec<f64> = (0..arch.n_params()).map(|_| 0.7 * rng.normal()).collect();
            let mut mlp = Mlp::from_params(arch.clone(), &params).unwrap();

            let loss = mlp.loss_and_grad(&x, &y, &rows, l2).unwrap();
            let expected = reference_loss(&arch, &params, &x, &y, &rows, l2);
            assert!(
                relative_error(loss, expected, 1.0) < 1e-12,
                "{arch:?}: L {loss} vs {expected}"
            );

            let grad = mlp.grad().to_vec();
            for (idx, &g) in grad.iter().enumerate() {
                let fd = central_difference(
                    |p| reference_loss(&arch, p, &x, &y, &rows, l2),
                    &params,
                    idx,
                    H,
                );
                let err = relative_error(g, fd, FLOOR);
                worst = worst.max(err);
                assert!(
                    err <= TOLERANCE,
                    "{arch:?}, λ = {l2}: dL/dθ[{idx}] = {g} but central difference {fd}"
                );
            }
        }
    }
    eprintln!("worst relative error of backpropagation: {worst:e}");
}

#[test]
fn input_gradient_matches_central_differences() {
    let mut rng = SplitMix64::new(7);
    for arch in gradient_check_cases() {
        let params: Vec<f64> = (0..arch.n_params()).map(|_| 0.7 * rng.normal()).collect();
        let mut mlp = Mlp::from_params(arch.clone(), &params).unwrap();
        let grad_before = mlp.grad().to_vec();
        for _ in 0..3 {
            let x_row: Vec<f64> = (0..3).map(|_| rng.normal()).collect();
            let got = mlp.input_gradient(&x_row).unwrap();
            assert_eq!(got.len(), 3);
            for (idx, &g) in got.iter().enumerate() {
                let fd =
                    central_difference(|x| reference_output(&arch, &params, x), &x_row, idx, H);
                assert!(
                    relative_error(g, fd, FLOOR) <= TOLERANCE,
                    "{arch:?}: d out/d x[{idx}] = {g} but central difference {fd}"
                );
            }
        }
        assert_eq!(
            mlp.grad(),
            &grad_before[..],
            "input_gradient leaves dL/dθ alone"
        );
    }
}

#[test]
fn predict_matches_the_reference_forward_pass_and_layers_expose_the_layout() {
    let mut rng = SplitMix64::new(3);
    let arch = arch(4, &[6, 5], Activation::Sigmoid);
    let params: Vec<f64> = (0..arch.n_params()).map(|_| rng.normal()).collect();
    let mut mlp = Mlp::from_params(arch.clone(), &params).unwrap();
    // More rows than one internal chunk, so chunking is exercised too.
    let n_rows = 600;
    let x: Vec<f64> = (0..n_rows * 4).map(|_| rng.normal()).collect();
    let mut out = vec![0.0; n_rows];
    mlp.predict(&x, n_rows, &mut out).unwrap();
    for (row_idx, &o) in out.iter().enumerate() {
        let want = reference_output(&arch, &params, &x[row_idx * 4..row_idx * 4 + 4]);
        assert!(
            (o - want).abs() <= 1e-12 * want.abs().max(1.0),
            "row {row_idx}: {o} vs {want}"
        );
    }

    assert_eq!(mlp.layer_sizes(), vec![4, 6, 5, 1]);
    assert_eq!(mlp.n_params(), 4 * 6 + 6 + 6 * 5 + 5 + 5 + 1);
    assert_eq!(mlp.n_layers(), 3);
    let second = mlp.layer(1).unwrap();
    assert_eq!((second.fan_in, second.fan_out), (6, 5));
    assert_eq!(second.weights, &params[30..60]);
    assert_eq!(second.biases, &params[60..65]);
    assert!(mlp.layer(3).is_none());
    let y: Vec<f64> = (0..n_rows).map(|_| rng.normal()).collect();
    mlp.loss_and_grad(&x, &y, &[0, 1, 2], 0.0).unwrap();
    assert_eq!(
        mlp.layer_grad(2).unwrap().biases,
        &mlp.grad()[mlp.n_params() - 1..]
    );
}

// ---------------------------------------------------------------------------------------------
// W1 (bench/WORKLOADS.md): its inputs from `downhill::bench` (whose checksums
// tests/bench_workloads.rs checks), trained here through the Trainer directly.

const W1_N: usize = 20_000;
const W1_EPOCHS: usize = 5;

fn w1_arch() -> Architecture {
    arch(8, &[32, 32], Activation::Tanh)
}

/// Trains W1 through the Trainer; returns (initial MSE, final MSE).
fn run_w1<F: downhill::real::Real>(
    x: &[F],
    y: &[F],
    params: &[F],
    perms: &[Vec<u32>],
) -> (f64, f64) {
    let mlp = Mlp::from_params(w1_arch(), params).unwrap();
    let mut trainer = Trainer::new(mlp, &config("sgd", 0.01, 64, 0)).unwrap();
    let all_rows: Vec<usize> = (0..W1_N).collect();
    let initial = trainer.mse(x, y, &all_rows).unwrap();
    for perm in perms {
        let epoch_loss = trainer
            .train_epoch_with_permutation(x, y, perm, 0.01, 64)
            .unwrap();
        assert!(epoch_loss.is_finite());
    }
    assert_eq!(trainer.epoch(), W1_EPOCHS);
    (initial, trainer.mse(x, y, &all_rows).unwrap())
}

fn assert_close(got: f64, want: f64, what: &str) {
    let rel = (got - want).abs() / want.abs();
    assert!(
        rel <= 1e-4,
        "{what}: {got} vs expected {want} (relative deviation {rel:e})"
    );
    eprintln!("{what}: {got} (expected {want}, relative deviation {rel:.1e})");
}

#[test]
fn w1_benchmark_is_reproduced_in_f32_and_f64() {
    let MlpInputs {
        x,
        y,
        params,
        perms,
        ..
    } = mlp_inputs(W1_N, W1_EPOCHS);

    // Mlp's own initialisation, fed W1's weight stream, draws exactly W1's weights.
    let drawn = Mlp::<f32>::with_rng(w1_arch(), &mut SplitMix64::new(2)).unwrap();
    assert_eq!(drawn.params(), &params[..]);

    let (initial, last) = run_w1(&x, &y, &params, &perms);
    assert_close(initial, 1.387359, "W1 f32 initial MSE");
    assert_close(last, 0.2362148, "W1 f32 final MSE");

    let widen = |v: &[f32]| v.iter().map(|&a| f64::from(a)).collect::<Vec<f64>>();
    let (initial, last) = run_w1(&widen(&x), &widen(&y), &widen(&params), &perms);
    assert_close(initial, 1.387359, "W1 f64 initial MSE");
    assert_close(last, 0.23621468, "W1 f64 final MSE");
}

// ---------------------------------------------------------------------------------------------
// Learning.

/// n rows of (x0, x1) uniform with unit variance and y = sin(x0) + x1², y standardised.
fn nonlinear_data(n_rows: usize, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let mut rng = SplitMix64::new(seed);
    let half_width = 3f64.sqrt();
    let mut x = Vec::with_capacity(2 * n_rows);
    let mut y64 = Vec::with_capacity(n_rows);
    for _ in 0..n_rows {
        let x0 = (2.0 * rng.uniform() - 1.0) * half_width;
        let x1 = (2.0 * rng.uniform() - 1.0) * half_width;
        x.extend([x0 as f32, x1 as f32]);
        y64.push(x0.sin() + x1 * x1);
    }
    let mean = y64.iter().sum::<f64>() / n_rows as f64;
    let sd = (y64.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n_rows as f64).sqrt();
    (x, y64.iter().map(|v| ((v - mean) / sd) as f32).collect())
}

/// 1 − Σ (out − y)² / Σ (y − ȳ)² over `rows`.
fn r_squared(mlp: &mut Mlp<f32>, x: &[f32], y: &[f32], rows: &[usize]) -> f64 {
    let mse = mlp.mse(x, y, rows).unwrap();
    let mean = rows.iter().map(|&r| f64::from(y[r])).sum::<f64>() / rows.len() as f64;
    let var = rows
        .iter()
        .map(|&r| (f64::from(y[r]) - mean).powi(2))
        .sum::<f64>()
        / rows.len() as f64;
    1.0 - mse / var
}

#[test]
fn default_network_learns_a_nonlinear_function() {
    let (x, y) = nonlinear_data(1500, 5);
    let train_rows: Vec<usize> = (0..1200).collect();
    let test_rows: Vec<usize> = (1200..1500).collect();
    let mlp = Mlp::<f32>::new(arch(2, &[32, 32], Activation::Relu), 9).unwrap();
    let mut trainer = Trainer::new(mlp, &TrainConfig::default()).unwrap();
    let before = r_squared(trainer.mlp_mut(), &x, &y, &test_rows);
    let mut losses = Vec::new();
    for _ in 0..60 {
        losses.push(trainer.train_epoch(&x, &y, &train_rows).unwrap());
    }
    let after = r_squared(trainer.mlp_mut(), &x, &y, &test_rows);
    eprintln!(
        "test R² {before:.3} → {after:.4}; epoch losses {:.4} → {:.4}",
        losses[0], losses[59]
    );
    assert!(after >= 0.95, "test R² {after}");
    assert!(losses[59] < losses[0]);
}

/// Solves A β = b (n × n, row-major) by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<f64>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i * n + col].abs().total_cmp(&a[j * n + col].abs()))
            .unwrap();
        for k in 0..n {
            a.swap(col * n + k, pivot * n + k);
        }
        b.swap(col, pivot);
        for row in col + 1..n {
            let factor = a[row * n + col] / a[col * n + col];
            for k in col..n {
                a[row * n + k] -= factor * a[col * n + k];
            }
            b[row] -= factor * b[col];
        }
    }
    let mut beta = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row * n + k] * beta[k]).sum();
        beta[row] = (b[row] - s) / a[row * n + row];
    }
    beta
}

#[test]
fn no_hidden_layer_converges_to_least_squares() {
    let mut rng = SplitMix64::new(17);
    let (n_rows, n_inputs) = (300, 3);
    let mut x = Vec::new();
    let mut y = Vec::new();
    for _ in 0..n_rows {
        let (x0, x1) = (rng.normal(), rng.normal());
        let x2 = 0.5 * x0 + rng.normal(); // correlated features
        x.extend([x0, x1, x2]);
        y.push(1.5 * x0 - 2.0 * x1 + 0.7 * x2 + 0.3 + 0.5 * rng.normal());
    }
    // Normal equations X̃ᵀX̃ β = X̃ᵀy with X̃ = [x, 1] (the last coefficient is the intercept).
    let n = n_inputs + 1;
    let row_of = |r: usize| -> Vec<f64> {
        let mut v = x[r * n_inputs..(r + 1) * n_inputs].to_vec();
        v.push(1.0);
        v
    };
    let mut xtx = vec![0.0; n * n];
    let mut xty = vec![0.0; n];
    for (r, &y_r) in y.iter().enumerate() {
        let v = row_of(r);
        for i in 0..n {
            for j in 0..n {
                xtx[i * n + j] += v[i] * v[j];
            }
            xty[i] += v[i] * y_r;
        }
    }
    let beta = solve(xtx, xty);

    // Full-batch gradient descent on the MSE: the Hessian 2X̃ᵀX̃/n has eigenvalues near 1 to 4
    // here, so γ = 0.1 contracts the error by at least 10% per epoch.
    let mlp = Mlp::<f64>::new(arch(n_inputs, &[], Activation::Relu), 1).unwrap();
    let mut trainer = Trainer::new(mlp, &config("sgd", 0.1, n_rows, 2)).unwrap();
    let rows: Vec<usize> = (0..n_rows).collect();
    for _ in 0..1000 {
        trainer.train_epoch(&x, &y, &rows).unwrap();
    }
    let params = trainer.mlp().params(); // [w0, w1, w2, b]
    for (idx, (&got, &want)) in params.iter().zip(&beta).enumerate() {
        assert!(
            (got - want).abs() <= 1e-4,
            "coefficient {idx}: {got} vs least squares {want}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Determinism and the trainer's bookkeeping.

fn trained_params(init_seed: u64, shuffle_seed: u64) -> Vec<u32> {
    let (x, y) = nonlinear_data(400, 11);
    let rows: Vec<usize> = (0..400).collect();
    let mlp = Mlp::<f32>::new(arch(2, &[16, 8], Activation::Tanh), init_seed).unwrap();
    let mut trainer = Trainer::new(mlp, &config("adam", 1e-2, 32, shuffle_seed)).unwrap();
    for _ in 0..3 {
        trainer.train_epoch(&x, &y, &rows).unwrap();
    }
    trainer.mlp().params().iter().map(|v| v.to_bits()).collect()
}

#[test]
fn same_seeds_give_bit_identical_training_and_other_seeds_differ() {
    let reference = trained_params(1, 1);
    assert_eq!(trained_params(1, 1), reference);
    assert_ne!(
        trained_params(2, 1),
        reference,
        "another initialisation seed"
    );
    assert_ne!(trained_params(1, 2), reference, "another shuffling seed");
    let a = Mlp::<f64>::new(arch(2, &[4], Activation::Relu), 1).unwrap();
    let b = Mlp::<f64>::new(arch(2, &[4], Activation::Relu), 2).unwrap();
    assert_ne!(a.params(), b.params());
}

#[test]
fn batch_by_batch_training_equals_epoch_training() {
    // 100 rows in batches of 16: 7 batches per epoch (the last holds 4 rows).
    let (x, y) = nonlinear_data(100, 4);
    let rows: Vec<usize> = (0..100).collect();
    let make = || {
        let mlp = Mlp::<f32>::new(arch(2, &[8], Activation::Sigmoid), 3).unwrap();
        Trainer::new(mlp, &config("momentum", 0.05, 16, 8)).unwrap()
    };
    let mut by_epoch = make();
    let epoch_losses: Vec<f64> = (0..3)
        .map(|_| by_epoch.train_epoch(&x, &y, &rows).unwrap())
        .collect();

    let mut by_batch = make();
    let mut n_finished = 0;
    for n_batches in [5, 1, 9, 6] {
        let progress = by_batch.train_batches(&x, &y, &rows, n_batches).unwrap();
        assert_eq!(progress.n_batches, n_batches);
        assert!(progress.mean_loss.is_finite());
        n_finished += progress.n_epochs_finished;
    }
    assert_eq!(n_finished, 3);
    assert_eq!((by_batch.epoch(), by_batch.rows_into_epoch()), (3, 0));
    assert_eq!(by_batch.mlp().params(), by_epoch.mlp().params());
    assert_eq!(by_batch.last_epoch_loss(), Some(epoch_losses[2]));

    // Half an epoch, then train_epoch finishes that epoch rather than starting another.
    let mut half = make();
    half.train_batches(&x, &y, &rows, 3).unwrap();
    assert_eq!(half.rows_into_epoch(), 48);
    let loss = half.train_epoch(&x, &y, &rows).unwrap();
    assert_eq!(half.epoch(), 1);
    assert_eq!(loss, epoch_losses[0]);
    let nothing = half.train_batches(&x, &y, &rows, 0).unwrap();
    assert!(nothing.mean_loss.is_nan(), "no batch, no loss");
    assert_eq!((nothing.n_batches, half.epoch()), (0, 1));
}

// ---------------------------------------------------------------------------------------------
// Errors and divergence.

fn message(result: Result<impl std::fmt::Debug, NnError>) -> String {
    result.expect_err("should be refused").0
}

#[test]
fn bad_architectures_and_settings_are_refused_in_plain_words() {
    let cases = [
        (arch(0, &[4], Activation::Relu), "at least 1 input"),
        (
            arch(257, &[4], Activation::Relu),
            "at most 256 input features",
        ),
        (
            arch(3, &[4, 4, 4, 4], Activation::Relu),
            "at most 3 hidden layers",
        ),
        (
            arch(3, &[4, 0], Activation::Relu),
            "hidden layer 2 has 0 units",
        ),
        (
            arch(3, &[129], Activation::Relu),
            "choose between 1 and 128",
        ),
    ];
    for (bad, words) in cases {
        let err = message(Mlp::<f32>::new(bad.clone(), 1));
        assert!(err.contains(words), "{bad:?}: {err}");
        assert_eq!(bad.validate().unwrap_err().0, err);
    }
    assert!(arch(256, &[128, 128, 128], Activation::Tanh)
        .validate()
        .is_ok());
    assert!(arch(1, &[], Activation::Identity).validate().is_ok());

    let err = message(Mlp::<f64>::from_params(
        arch(2, &[3], Activation::Tanh),
        &[0.0; 5],
    ));
    assert!(err.contains("13 parameters but 5 values"), "{err}");
    assert!(message(Activation::from_name("Relu")).contains("choose one of relu"));

    let mlp = || Mlp::<f32>::new(arch(2, &[3], Activation::Tanh), 1).unwrap();
    let mut bad_config = config("adams", 1e-3, 32, 1);
    assert!(message(Trainer::new(mlp(), &bad_config)).contains("unknown optimizer"));
    bad_config = config("adam", -1.0, 32, 1);
    assert!(message(Trainer::new(mlp(), &bad_config)).contains("learning rate"));
    bad_config = config("adam", 1e-3, 0, 1);
    assert!(message(Trainer::new(mlp(), &bad_config)).contains("batch size"));
    bad_config = TrainConfig {
        l2: -0.1,
        ..TrainConfig::default()
    };
    assert!(message(Trainer::new(mlp(), &bad_config)).contains("l2"));
}

#[test]
fn mismatched_data_is_refused_not_a_panic() {
    let mut mlp = Mlp::<f64>::new(arch(2, &[3], Activation::Tanh), 1).unwrap();
    let x = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    let y = [1.0, 2.0, 3.0];
    assert!(message(mlp.loss_and_grad(&x[..5], &y, &[0], 0.0)).contains("feature table"));
    assert!(message(mlp.loss_and_grad(&x, &y, &[0, 3], 0.0)).contains("row 3 does not exist"));
    assert!(message(mlp.loss_and_grad(&x, &y, &[], 0.0)).contains("no rows"));
    assert!(message(mlp.loss_and_grad(&x, &y, &[0], f64::NAN)).contains("l2"));
    assert!(message(mlp.input_gradient(&[1.0])).contains("takes 2 features"));
    assert!(message(mlp.predict(&x, 2, &mut [0.0; 2])).contains("predicting 2 rows"));

    let mut trainer = Trainer::new(mlp, &TrainConfig::default()).unwrap();
    assert!(message(trainer.train_epoch(&x, &y, &[])).contains("no training rows"));
    assert!(message(trainer.train_batches(&x, &y, &[0, 7], 1)).contains("row 7"));
    let perm = [2u32, 0, 9];
    assert!(message(trainer.train_epoch_with_permutation(&x, &y, &perm, 0.1, 2)).contains("row 9"));
    assert!(message(trainer.set_learning_rate(0.0)).contains("learning rate"));
    assert_eq!(trainer.epoch(), 0);
    // After the refusals, training works.
    assert!(trainer.train_epoch(&x, &y, &[0, 1, 2]).unwrap().is_finite());
}

#[test]
fn too_large_a_learning_rate_diverges_visibly_without_panicking() {
    let (x, y) = nonlinear_data(200, 6);
    let rows: Vec<usize> = (0..200).collect();
    for activation in Activation::ALL {
        let mlp = Mlp::<f32>::new(arch(2, &[16, 16], activation), 1).unwrap();
        let mut trainer = Trainer::new(mlp, &config("sgd", 50.0, 8, 1)).unwrap();
        let losses: Vec<f64> = (0..20)
            .map(|_| trainer.train_epoch(&x, &y, &rows).unwrap())
            .collect();
        let mse = trainer.mse(&x, &y, &rows).unwrap();
        assert!(
            losses.iter().any(|l| !l.is_finite()) && !mse.is_finite(),
            "{}: losses {losses:?}, mse {mse}",
            activation.name()
        );
        let mut out = [0.0f32; 1];
        trainer.mlp_mut().predict(&x[..2], 1, &mut out).unwrap();
        let slope = trainer.mlp_mut().input_gradient(&x[..2]).unwrap();
        assert!(!out[0].is_finite() || slope.iter().any(|s| !s.is_finite()));
    }
}

#[test]
fn the_activation_catalog_lists_every_activation_by_its_name() {
    let catalog = downhill::nn::activation_catalog();
    let names: Vec<&str> = catalog.iter().map(|a| a.name).collect();
    assert_eq!(names, ["relu", "tanh", "sigmoid", "identity"]);
    for info in &catalog {
        assert!(downhill::nn::Activation::from_name(info.name).is_ok());
        assert!(!info.title.is_empty() && !info.formula.is_empty() && info.meaning.ends_with('.'));
    }
}
