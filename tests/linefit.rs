//! The line fit against independent oracles: central differences for the gradient, the QR
//! least-squares solver and the textbook closed form for the minimum, a descent that must reach
//! it, and a direct least-squares fit in dollars for the conversion to real units.

use downhill::data::{parse_csv, Split, Table};
use downhill::descent::{Descent, Status};
use downhill::landscape::{Landscape, Quadratic, Window};
use downhill::linefit::{LineFit, RealLine, SPLIT_SEED, TEST_FRACTION};
use downhill::linreg::LeastSquares;
use downhill::optim;
use downhill::rng::SplitMix64;

fn repo_root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ames() -> Table {
    let text = std::fs::read_to_string(repo_root().join("www/data/ames.csv"))
        .expect("www/data/ames.csv is shipped with the repository");
    parse_csv(&text).expect("the shipped file parses")
}

fn ames_fit(feature: &str) -> LineFit {
    LineFit::from_table(&ames(), "Sale_Price", feature, TEST_FRACTION, SPLIT_SEED)
        .expect("a numeric Ames column fits")
}

/// A small table with a clear linear trend and some noise: y = 3x + 5 + noise.
fn synthetic(n: usize, seed: u64) -> Table {
    let mut rng = SplitMix64::new(seed);
    let mut text = String::from("x,y,flat\n");
    for _ in 0..n {
        let x = 10.0 + 20.0 * rng.uniform();
        let y = 3.0 * x + 5.0 + 4.0 * rng.normal();
        text.push_str(&format!("{x},{y},7\n"));
    }
    parse_csv(&text).expect("generated CSV parses")
}

/// |a − b| ≤ tol·max(1, |b|).
#[track_caller]
fn close(a: f64, b: f64, tol: f64) {
    assert!(
        (a - b).abs() <= tol * b.abs().max(1.0),
        "{a} vs {b} (tolerance {tol})"
    );
}

/// (x, y) of the training rows, read straight from the table by the split the fit reports.
fn training_pairs(table: &Table, feature: &str, fit: &LineFit) -> (Vec<f64>, Vec<f64>) {
    let xs = table.column(feature).unwrap().numeric().unwrap();
    let ys = table.column("Sale_Price").unwrap().numeric().unwrap();
    let rows = &fit.split().train_idx;
    (
        rows.iter().map(|&i| xs[i]).collect(),
        rows.iter().map(|&i| ys[i]).collect(),
    )
}

/// The textbook simple regression in raw units: β₁ = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², β₀ = ȳ − β₁x̄,
/// and r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²).
fn textbook(xs: &[f64], ys: &[f64]) -> (f64, f64, f64) {
    let n = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    let syy: f64 = ys.iter().map(|y| (y - my) * (y - my)).sum();
    let slope = sxy / sxx;
    (slope, my - slope * mx, sxy / (sxx * syy).sqrt())
}

#[test]
fn the_gradient_matches_central_differences_of_the_loss() {
    let fit = ames_fit("Gr_Liv_Area");
    let landscape = fit.landscape().unwrap();
    let mut rng = SplitMix64::new(11);
    let h = 1e-5;
    for _ in 0..20 {
        let w = -3.0 + 6.0 * rng.uniform();
        let b = -3.0 + 6.0 * rng.uniform();
        let numeric = [
            (fit.loss(w + h, b) - fit.loss(w - h, b)) / (2.0 * h),
            (fit.loss(w, b + h) - fit.loss(w, b - h)) / (2.0 * h),
        ];
        let analytic = fit.gradient(w, b);
        // L is quadratic, so the central difference is exact up to rounding of L/h.
        close(analytic[0], numeric[0], 1e-7);
        close(analytic[1], numeric[1], 1e-7);
        // The landscape is the same bowl, expanded: same value and gradient.
        let (value, grad) = landscape.value_and_gradient(w, b);
        close(value, fit.loss(w, b), 1e-12);
        close(grad[0], analytic[0], 1e-12);
        close(grad[1], analytic[1], 1e-12);
    }
}

#[test]
fn the_minimum_is_the_least_squares_line_and_the_correlation() {
    let table = ames();
    for feature in ["Gr_Liv_Area", "Year_Built", "Lot_Area", "Garage_Cars"] {
        let fit = ames_fit(feature);
        let [w, b] = fit.least_squares();
        let (xs, ys) = training_pairs(&table, feature, &fit);
        let (_, _, r) = textbook(&xs, &ys);
        // On standardised data: w* = corr(x, y), b* = 0.
        close(w, r, 1e-12);
        assert!(b.abs() < 1e-12, "{feature}: b* = {b}");
        close(fit.correlation(), r, 1e-12);
        // The gradient vanishes there, and the landscape marks it as its only minimum.
        let g = fit.gradient(w, b);
        assert!(
            g[0].abs() < 1e-12 && g[1].abs() < 1e-12,
            "{feature}: ∇L = {g:?}"
        );
        let minima = fit.landscape().unwrap().minima();
        assert_eq!(minima.len(), 1);
        close(minima[0][0], w, 1e-12);
        assert!(minima[0][1].abs() < 1e-12);
        // Householder QR (linreg) on the same training rows finds the same line in dollars.
        let x_all = table.column(feature).unwrap().numeric().unwrap();
        let y_all = table.column("Sale_Price").unwrap().numeric().unwrap();
        let qr = LeastSquares::fit(x_all, y_all, 1, &fit.split().train_idx).unwrap();
        let line = fit.to_real(w, b);
        close(line.slope, qr.raw_coefficients()[0], 1e-10);
        close(line.intercept, qr.raw_intercept(), 1e-10);
        // Nothing is lower: L at the minimum is 1 − r², and every nearby point is higher.
        close(fit.loss(w, b), 1.0 - r * r, 1e-12);
        for (dw, db) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
            assert!(fit.loss(w + dw, b + db) > fit.loss(w, b));
        }
    }
}

#[test]
fn gradient_descent_from_the_zero_line_converges_to_the_least_squares_line() {
    let fit = ames_fit("Gr_Liv_Area");
    let landscape = fit.landscape().unwrap();
    let start = landscape.start();
    assert_eq!(start, fit.zero_line());
    let target = fit.least_squares();
    for (name, lr) in [("sgd", 0.1), ("momentum", 0.05), ("adam", 0.05)] {
        let hyper = optim::Hyper {
            lr: Some(lr),
            ..Default::default()
        };
        let opt = optim::build::<f64>(name, &hyper).unwrap();
        let mut descent = Descent::new(landscape.clone(), opt, start).unwrap();
        let status = descent.run(200_000);
        assert!(
            matches!(status, Status::Converged { .. }),
            "{name}: {status:?}"
        );
        let [w, b] = descent.point();
        assert!(
            (w - target[0]).abs() < 1e-9 && (b - target[1]).abs() < 1e-9,
            "{name} stopped at ({w}, {b}), least squares is {target:?}"
        );
    }
    // SGD on the round bowl L = (w − r)² + b² + 1 − r² shrinks the distance to the minimum by
    // exactly |1 − 2η| per step: after k steps it is |1 − 2η|^k of the start's.
    let hyper = optim::Hyper {
        lr: Some(0.1),
        ..Default::default()
    };
    let mut descent = Descent::new(
        landscape.clone(),
        optim::build::<f64>("sgd", &hyper).unwrap(),
        start,
    )
    .unwrap();
    descent.run(10);
    let dist = |p: [f64; 2]| (p[0] - target[0]).hypot(p[1] - target[1]);
    close(dist(descent.point()), 0.8_f64.powi(10) * dist(start), 1e-9);
    // Too large a rate (η > 1 on this bowl) diverges and says so.
    let hyper = optim::Hyper {
        lr: Some(1.2),
        ..Default::default()
    };
    let mut wild = Descent::new(
        landscape,
        optim::build::<f64>("sgd", &hyper).unwrap(),
        start,
    )
    .unwrap();
    assert!(matches!(wild.run(10_000), Status::Diverged { .. }));
}

#[test]
fn real_units_agree_with_a_direct_fit_in_dollars() {
    let table = ames();
    let fit = ames_fit("Gr_Liv_Area");
    let (xs, ys) = training_pairs(&table, "Gr_Liv_Area", &fit);
    let (slope, intercept, _) = textbook(&xs, &ys);
    let [w, b] = fit.least_squares();
    let line = fit.to_real(w, b);
    close(line.slope, slope, 1e-10);
    close(line.intercept, intercept, 1e-10);
    // The conversion itself: slope = w·σ_y/σ_x, intercept = μ_y + σ_y·b − slope·μ_x, with
    // population standard deviations of the training rows computed here.
    let n = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sx = (xs.iter().map(|x| (x - mx).powi(2)).sum::<f64>() / n).sqrt();
    let sy = (ys.iter().map(|y| (y - my).powi(2)).sum::<f64>() / n).sqrt();
    for (w, b) in [(0.3, -1.0), (-2.0, 0.5), (1.0, 0.0)] {
        let line = fit.to_real(w, b);
        close(line.slope, w * sy / sx, 1e-12);
        close(line.intercept, my + sy * b - w * sy / sx * mx, 1e-12);
        // Back again, and the same predictions either way.
        let [w2, b2] = fit.from_real(line);
        close(w2, w, 1e-12);
        close(b2, b, 1e-12);
        for x in [500.0, 1500.0, 4000.0] {
            close(fit.predict(w, b, x), line.slope * x + line.intercept, 1e-12);
        }
        // The training MSE in dollars² is the mean squared residual of that line.
        let direct: f64 = xs
            .iter()
            .zip(&ys)
            .map(|(x, y)| (line.slope * x + line.intercept - y).powi(2))
            .sum::<f64>()
            / n;
        close(fit.train_mse(w, b), direct, 1e-10);
        close(fit.train_rmse(w, b), direct.sqrt(), 1e-10);
    }
    // The line at $0 for every house: slope 0, intercept 0.
    let zero = fit.to_real(fit.zero_line()[0], fit.zero_line()[1]);
    assert!(zero.slope == 0.0 && zero.intercept.abs() < 1e-9, "{zero:?}");
    // The held-out RMSE, directly over the test rows.
    let x_all = table.column("Gr_Liv_Area").unwrap().numeric().unwrap();
    let y_all = table.column("Sale_Price").unwrap().numeric().unwrap();
    let test = &fit.split().test_idx;
    let mse: f64 = test
        .iter()
        .map(|&i| (slope * x_all[i] + intercept - y_all[i]).powi(2))
        .sum::<f64>()
        / test.len() as f64;
    close(fit.test_rmse(w, b), mse.sqrt(), 1e-9);
}

#[test]
fn the_split_is_the_data_layers_seeded_split_and_both_columns_are_standardised() {
    let table = ames();
    let fit = ames_fit("Gr_Liv_Area");
    assert_eq!(fit.x().len(), 2930);
    assert_eq!(
        *fit.split(),
        Split::new(2930, TEST_FRACTION, SPLIT_SEED).unwrap()
    );
    assert_eq!(fit.split().test_idx.len(), 586);
    let (xs, ys) = training_pairs(&table, "Gr_Liv_Area", &fit);
    let n = xs.len() as f64;
    close(fit.x_mean(), xs.iter().sum::<f64>() / n, 1e-12);
    close(fit.y_mean(), ys.iter().sum::<f64>() / n, 1e-12);
    assert_eq!(fit.feature(), "Gr_Liv_Area");
    assert_eq!(fit.target(), "Sale_Price");
    assert!(fit.notes().is_empty(), "{:?}", fit.notes());
}

#[test]
fn a_small_synthetic_line_is_recovered() {
    let table = synthetic(400, 5);
    let fit = LineFit::from_table(&table, "y", "x", 0.25, 9).unwrap();
    let [w, b] = fit.least_squares();
    let line = fit.to_real(w, b);
    // y = 3x + 5 with noise σ = 4 over x ∈ [10, 30]: the slope within a few standard errors.
    assert!((line.slope - 3.0).abs() < 0.1, "{line:?}");
    assert!((line.intercept - 5.0).abs() < 2.5, "{line:?}");
    assert_eq!(fit.split().test_idx.len(), 100);
}

#[test]
fn unusable_columns_are_refused_in_words() {
    let table = synthetic(50, 1);
    let flat = LineFit::from_table(&table, "y", "flat", 0.2, 1).unwrap_err();
    assert!(flat.0.contains("flat has the same value"), "{flat}");
    let flat_target = LineFit::from_table(&table, "flat", "x", 0.2, 1).unwrap_err();
    assert!(
        flat_target.0.contains("nothing for a line"),
        "{flat_target}"
    );
    let unknown = LineFit::from_table(&table, "y", "volcano", 0.2, 1).unwrap_err();
    assert!(unknown.0.contains("volcano"), "{unknown}");
    let itself = LineFit::from_table(&table, "y", "y", 0.2, 1).unwrap_err();
    assert!(!itself.0.is_empty());
    for bad in [0.0, 1.0, f64::NAN] {
        assert!(LineFit::from_table(&table, "y", "x", bad, 1).is_err());
    }
    let text = parse_csv(
        "x,y,name\n1,2,a\n2,3,b\n3,5,c\n4,4,d\n5,6,e\n6,8,f\n7,7,g\n8,9,h\n9,11,i\n10,10,j\n",
    )
    .unwrap();
    let words = LineFit::from_table(&text, "y", "name", 0.2, 1).unwrap_err();
    assert!(words.0.contains("name"), "{words}");
}

#[test]
fn a_quadratic_landscape_is_a_bowl_with_its_minimum_marked() {
    let bowl = |a: f64, h: f64, c: f64| Quadratic {
        name: "q".into(),
        title: "q".into(),
        formula: "q".into(),
        a,
        h,
        c,
        d: 1.0,
        e: -2.0,
        k: 3.0,
        window: Window {
            x_min: -5.0,
            x_max: 5.0,
            y_min: -5.0,
            y_max: 5.0,
        },
        start: [1.0, 1.0],
        rate: 0.1,
    };
    let l = Landscape::quadratic(bowl(2.0, 0.5, 1.0)).unwrap();
    // f = 2x² + xy + y² + x − 2y + 3; ∇f = (4x + y + 1, x + 2y − 2) = 0 at x = −4/7, y = 9/7.
    let [x, y] = l.minima()[0];
    close(x, -4.0 / 7.0, 1e-14);
    close(y, 9.0 / 7.0, 1e-14);
    close(l.value(1.0, -1.0), 2.0 - 1.0 + 1.0 + 1.0 + 2.0 + 3.0, 1e-15);
    assert_eq!(l.gradient(1.0, -1.0), [4.0, -3.0]);
    assert!(l.bounded_below());
    assert_eq!(l.name(), "q");
    assert!(l.params().is_empty() && l.expr().is_none());
    // A saddle, a flat valley, NaN, a start outside the window: refused in words.
    for bad in [
        bowl(1.0, 2.0, 1.0),
        bowl(1.0, 1.0, 1.0),
        bowl(f64::NAN, 0.0, 1.0),
    ] {
        assert!(Landscape::quadratic(bad).is_err());
    }
    let mut outside = bowl(1.0, 0.0, 1.0);
    outside.start = [9.0, 0.0];
    assert!(Landscape::quadratic(outside).is_err());
    // The grid the heatmap draws agrees with point evaluation.
    let xs = [-1.0, 0.0, 2.5];
    let ys = [0.5, -3.0];
    let mut out = [0.0_f32; 6];
    l.eval_grid(&xs, &ys, &mut out);
    for (row, &y) in ys.iter().enumerate() {
        for (col, &x) in xs.iter().enumerate() {
            assert_eq!(out[row * 3 + col], l.value(x, y) as f32);
        }
    }
}

#[test]
fn the_same_inputs_give_bit_identical_lines() {
    let a = ames_fit("Gr_Liv_Area");
    let b = ames_fit("Gr_Liv_Area");
    assert_eq!(a.least_squares(), b.least_squares());
    let line = RealLine {
        slope: 100.0,
        intercept: 20000.0,
    };
    assert_eq!(a.from_real(line), b.from_real(line));
}
