//! The built-in landscapes against independent oracles: central differences for every gradient,
//! published values and minima, and a grid search for minima the registry might have missed.

use downhill::landscape::{builtins, Landscape, Window};
use downhill::rng::SplitMix64;

/// Every builtin at its defaults, plus the bowl at a few condition numbers.
fn all_landscapes() -> Vec<Landscape> {
    let mut all: Vec<Landscape> = builtins()
        .iter()
        .map(|b| Landscape::builtin(b.name, &[]).expect("defaults are valid"))
        .collect();
    for kappa in [1.0, 37.5, 1000.0] {
        all.push(Landscape::builtin("bowl", &[("condition", kappa)]).expect("in range"));
    }
    all
}

/// ∂f/∂x and ∂f/∂y by the fourth-order central difference
/// f′(t) ≈ (−f(t + 2h) + 8f(t + h) − 8f(t − h) + f(t − 2h)) / 12h.
fn central_difference(l: &Landscape, x: f64, y: f64, h: f64) -> [f64; 2] {
    let d = |f: &dyn Fn(f64) -> f64| {
        (-f(2.0 * h) + 8.0 * f(h) - 8.0 * f(-h) + f(-2.0 * h)) / (12.0 * h)
    };
    [d(&|e| l.value(x + e, y)), d(&|e| l.value(x, y + e))]
}

/// A uniform point in the window.
fn point_in(window: &Window, rng: &mut SplitMix64) -> [f64; 2] {
    [
        window.x_min + (window.x_max - window.x_min) * rng.uniform(),
        window.y_min + (window.y_max - window.y_min) * rng.uniform(),
    ]
}

#[test]
fn registry_has_the_required_landscapes_once_each() {
    let names: Vec<&str> = builtins().iter().map(|b| b.name).collect();
    for required in [
        "bowl",
        "rosenbrock",
        "himmelblau",
        "beale",
        "booth",
        "saddle",
        "rastrigin",
        "three_hump_camel",
    ] {
        assert!(
            names.contains(&required),
            "{required} missing from {names:?}"
        );
    }
    assert!(names.len() >= 11, "only {} builtins", names.len());
    for (idx, name) in names.iter().enumerate() {
        assert!(!names[idx + 1..].contains(name), "{name} listed twice");
    }
    for b in builtins() {
        assert!(
            b.formula.starts_with("f(x, y) = "),
            "{}: {}",
            b.name,
            b.formula
        );
        assert!(!b.title.is_empty());
        for p in b.params {
            assert!(
                p.min <= p.default && p.default <= p.max,
                "{}.{}",
                b.name,
                p.name
            );
        }
    }
}

#[test]
fn analytic_gradients_agree_with_central_differences() {
    for l in all_landscapes() {
        let window = l.window();
        let mut rng = SplitMix64::derive(11, l.name());
        let h = 1e-4 * window.size();
        for _ in 0..500 {
            let [x, y] = point_in(&window, &mut rng);
            let analytic = l.gradient(x, y);
            let numeric = central_difference(&l, x, y, h);
            for (a, b) in analytic.into_iter().zip(numeric) {
                let scale = 1f64.max(a.abs()).max(b.abs());
                assert!(
                    (a - b).abs() <= 1e-6 * scale,
                    "{} ({}) at ({x}, {y}): analytic {analytic:?}, central differences {numeric:?}",
                    l.name(),
                    l.formula()
                );
            }
            assert_eq!(l.value_and_gradient(x, y), (l.value(x, y), analytic));
        }
    }
}

#[test]
fn gradient_vanishes_at_every_listed_minimum_and_each_is_a_local_minimum() {
    for l in all_landscapes() {
        let window = l.window();
        for [x, y] in l.minima() {
            let (f, g) = l.value_and_gradient(x, y);
            assert!(
                g[0].hypot(g[1]) <= 1e-8 * f.abs().max(1.0),
                "{}: ∇f{:?} = {g:?}",
                l.name(),
                [x, y]
            );
            // Lower than every point on small circles around it.
            for radius in [1e-4, 1e-3, 1e-2] {
                let r = radius * window.size();
                for direction_idx in 0..16 {
                    let angle = std::f64::consts::TAU * f64::from(direction_idx) / 16.0;
                    let near = l.value(x + r * angle.cos(), y + r * angle.sin());
                    assert!(f < near, "{}: f({x}, {y}) = {f} ≥ {near} nearby", l.name());
                }
            }
            assert!(window.contains(x, y));
        }
    }
}

#[test]
fn minima_counts_match_the_mathematics() {
    let count = |name: &str| Landscape::builtin(name, &[]).unwrap().minima().len();
    assert_eq!(count("himmelblau"), 4);
    assert_eq!(count("three_hump_camel"), 3);
    assert_eq!(count("six_hump_camel"), 6);
    assert_eq!(count("goldstein_price"), 4);
    // Two of McCormick's infinitely many minima (x + y = −2π/3 + 2πk, x − y = 1) are in view.
    assert_eq!(count("mccormick"), 2);
    // 11 one-dimensional minima (near −5, ..., 5) in each coordinate.
    assert_eq!(count("rastrigin"), 121);
    assert_eq!(count("saddle"), 0);
}

/// Descends from `start` (Newton where the Hessian is positive definite, steepest descent
/// otherwise, both with Armijo backtracking) until ∇f vanishes; `None` if it leaves the window.
fn polish(l: &Landscape, start: [f64; 2]) -> Option<[f64; 2]> {
    let window = l.window();
    let margin = 0.05 * window.size();
    let mut p = start;
    for _ in 0..20_000 {
        let (f, g) = l.value_and_gradient(p[0], p[1]);
        if g[0].hypot(g[1]) <= 1e-9 * f.abs().max(1.0) {
            return Some(p);
        }
        let outside = p[0] < window.x_min - margin
            || p[0] > window.x_max + margin
            || p[1] < window.y_min - margin
            || p[1] > window.y_max + margin;
        if outside {
            return None;
        }
        let [[h_xx, h_xy], [_, h_yy]] = hessian(l, p);
        let det = h_xx * h_yy - h_xy * h_xy;
        let mut direction = [-g[0], -g[1]];
        if h_xx > 0.0 && det > 0.0 {
            direction = [
                -(h_yy * g[0] - h_xy * g[1]) / det,
                -(h_xx * g[1] - h_xy * g[0]) / det,
            ];
        }
        let slope = g[0] * direction[0] + g[1] * direction[1];
        let mut t = 1.0;
        while l.value(p[0] + t * direction[0], p[1] + t * direction[1]) > f + 1e-4 * t * slope {
            t *= 0.5;
            if t < 1e-30 {
                return Some(p); // no descent left at rounding level
            }
        }
        let next = [p[0] + t * direction[0], p[1] + t * direction[1]];
        if next == p {
            return Some(p); // the step is below rounding level: nowhere lower to go
        }
        p = next;
    }
    panic!(
        "{}: the polishing descent from {start:?} did not settle",
        l.name()
    );
}

/// The Hessian by central differences of the (separately tested) analytic gradient.
fn hessian(l: &Landscape, [x, y]: [f64; 2]) -> [[f64; 2]; 2] {
    let h = 1e-6 * (1.0 + x.abs().max(y.abs()));
    let (gx_plus, gx_minus) = (l.gradient(x + h, y), l.gradient(x - h, y));
    let (gy_plus, gy_minus) = (l.gradient(x, y + h), l.gradient(x, y - h));
    let h_xx = (gx_plus[0] - gx_minus[0]) / (2.0 * h);
    let h_yy = (gy_plus[1] - gy_minus[1]) / (2.0 * h);
    let h_xy = 0.5 * ((gx_plus[1] - gx_minus[1]) + (gy_plus[0] - gy_minus[0])) / (2.0 * h);
    [[h_xx, h_xy], [h_xy, h_yy]]
}

#[test]
fn a_grid_search_finds_no_minimum_the_registry_missed() {
    // An odd number of cells keeps grid points off the exact rational saddles.
    let n_cells = 211;
    for l in all_landscapes() {
        let w = l.window();
        let listed = l.minima();
        let at = |col_idx: usize, row_idx: usize| {
            let x = w.x_min + (w.x_max - w.x_min) * col_idx as f64 / n_cells as f64;
            let y = w.y_min + (w.y_max - w.y_min) * row_idx as f64 / n_cells as f64;
            ([x, y], l.value(x, y))
        };
        for col_idx in 1..n_cells {
            for row_idx in 1..n_cells {
                let (p, f) = at(col_idx, row_idx);
                let strict_grid_minimum = (0..3).all(|i| {
                    (0..3).all(|j| (i, j) == (1, 1) || f < at(col_idx + i - 1, row_idx + j - 1).1)
                });
                if !strict_grid_minimum {
                    continue;
                }
                if let Some(q) = polish(&l, p) {
                    let nearest = listed
                        .iter()
                        .map(|m| (m[0] - q[0]).hypot(m[1] - q[1]))
                        .fold(f64::INFINITY, f64::min);
                    assert!(
                        nearest <= 1e-6 * w.size(),
                        "{}: descent from grid point {p:?} ends at {q:?} (Hessian {:?}), \
                         not at a listed minimum {listed:?}",
                        l.name(),
                        hessian(&l, q)
                    );
                }
            }
        }
    }
}

#[test]
fn values_match_published_values() {
    let f = |name: &str, x: f64, y: f64| Landscape::builtin(name, &[]).unwrap().value(x, y);
    assert_eq!(f("rosenbrock", 1.0, 1.0), 0.0);
    assert_eq!(f("rosenbrock", 0.0, 0.0), 1.0);
    assert_eq!(f("rosenbrock", -1.0, 1.0), 4.0);
    assert_eq!(f("himmelblau", 3.0, 2.0), 0.0);
    assert_eq!(f("himmelblau", 0.0, 0.0), 170.0);
    assert_eq!(f("beale", 3.0, 0.5), 0.0);
    assert_eq!(f("booth", 1.0, 3.0), 0.0);
    assert_eq!(f("booth", 0.0, 0.0), 74.0);
    assert_eq!(f("matyas", 0.0, 0.0), 0.0);
    assert_eq!(f("saddle", 1.0, 2.0), -3.0);
    assert_eq!(f("rastrigin", 0.0, 0.0), 0.0);
    assert_eq!(f("three_hump_camel", 0.0, 0.0), 0.0);
    // Goldstein–Price: 3 at (0, −1), and the local minima 30, 84 and 840.
    assert_eq!(f("goldstein_price", 0.0, -1.0), 3.0);
    for (x, y, expected) in [(-0.6, -0.4, 30.0), (1.8, 0.2, 84.0), (1.2, 0.8, 840.0)] {
        assert!((f("goldstein_price", x, y) - expected).abs() < 1e-9 * expected);
    }
    // Published to 4-5 digits.
    let near = |value: f64, expected: f64, tolerance: f64| {
        assert!(
            (value - expected).abs() < tolerance,
            "{value} vs {expected}"
        );
    };
    near(f("six_hump_camel", 0.0898, -0.7126), -1.0316, 1e-4);
    near(f("six_hump_camel", -0.0898, 0.7126), -1.0316, 1e-4);
    near(f("mccormick", -0.54719, -1.54719), -1.9133, 1e-4);
    near(f("himmelblau", -2.805118, 3.131312), 0.0, 1e-9);
    near(f("himmelblau", -3.779310, -3.283186), 0.0, 1e-9);
    near(f("himmelblau", 3.584428, -1.848127), 0.0, 1e-9);
    // The listed minima carry the published minimum values.
    let minimum_values = |name: &str| -> Vec<f64> {
        let l = Landscape::builtin(name, &[]).unwrap();
        l.minima().iter().map(|p| l.value(p[0], p[1])).collect()
    };
    for v in minimum_values("himmelblau") {
        near(v, 0.0, 1e-20);
    }
    for v in minimum_values("rastrigin") {
        assert!(v >= 0.0);
    }
    let six_hump = minimum_values("six_hump_camel");
    for expected in [-1.0316, -0.2155, 2.1043] {
        assert_eq!(
            six_hump
                .iter()
                .filter(|v| (*v - expected).abs() < 1e-4)
                .count(),
            2
        );
    }
}

#[test]
fn goldstein_price_matches_the_published_formula_term_by_term() {
    // The implementation factors f through s = x + y, t = 2x − 3y; the oracle is the
    // formula as published.
    let published = |x: f64, y: f64| {
        (1.0 + (x + y + 1.0).powi(2)
            * (19.0 - 14.0 * x + 3.0 * x * x - 14.0 * y + 6.0 * x * y + 3.0 * y * y))
            * (30.0
                + (2.0 * x - 3.0 * y).powi(2)
                    * (18.0 - 32.0 * x + 12.0 * x * x + 48.0 * y - 36.0 * x * y + 27.0 * y * y))
    };
    let l = Landscape::builtin("goldstein_price", &[]).unwrap();
    let mut rng = SplitMix64::new(5);
    for _ in 0..1000 {
        let [x, y] = point_in(&l.window(), &mut rng);
        let expected = published(x, y);
        assert!(
            (l.value(x, y) - expected).abs() <= 1e-12 * expected,
            "({x}, {y})"
        );
    }
}

#[test]
fn rosenbrock_matches_the_benchmark_grid_w2() {
    // WORKLOADS.md W2: 512 × 512 pixel centres over x ∈ [−2, 2], y ∈ [−1, 3].
    let l = Landscape::builtin("rosenbrock", &[]).unwrap();
    let w = l.window();
    assert_eq!((w.x_min, w.x_max, w.y_min, w.y_max), (-2.0, 2.0, -1.0, 3.0));
    let n = 512;
    let (mut sum, mut max) = (0.0, f64::MIN);
    for r in 0..n {
        for c in 0..n {
            let x = w.x_min + (c as f64 + 0.5) * (w.x_max - w.x_min) / n as f64;
            let y = w.y_max - (r as f64 + 0.5) * (w.y_max - w.y_min) / n as f64;
            let v = l.value(x, y);
            sum += v;
            max = max.max(v);
        }
    }
    assert!((max - 2489.499).abs() < 1e-3, "fmax {max}");
    assert!((sum - 7.575868e7).abs() < 1e-6 * 7.575868e7, "ΣF {sum}");
}

#[test]
fn the_bowl_condition_number_is_kappa() {
    for kappa in [1.0, 10.0, 250.0, 1000.0] {
        let l = Landscape::builtin("bowl", &[("condition", kappa)]).unwrap();
        let [[h_xx, h_xy], [_, h_yy]] = hessian(&l, [0.3, -0.7]);
        // Symmetric 2 × 2 eigenvalues: mean ± √(((h_xx − h_yy)/2)² + h_xy²).
        let mean = 0.5 * (h_xx + h_yy);
        let radius = (0.25 * (h_xx - h_yy).powi(2) + h_xy * h_xy).sqrt();
        let condition = (mean + radius) / (mean - radius);
        assert!(
            (condition - kappa).abs() < 1e-6 * kappa,
            "κ = {kappa}: {condition}"
        );
        assert_eq!(l.value(1.0, 1.0), 1.0 + kappa);
        assert_eq!(l.params(), vec![("condition", kappa)]);
    }
}

#[test]
fn formula_writes_in_parameter_values() {
    let l = Landscape::builtin("bowl", &[]).unwrap();
    assert_eq!(l.formula(), "f(x, y) = x² + κ·y² (κ = 10)");
    let l = Landscape::builtin("bowl", &[("condition", 2.5)]).unwrap();
    assert_eq!(l.formula(), "f(x, y) = x² + κ·y² (κ = 2.5)");
    let l = Landscape::builtin("rosenbrock", &[]).unwrap();
    assert_eq!(l.formula(), "f(x, y) = (1 − x)² + 100·(y − x²)²");
    assert_eq!(l.name(), "rosenbrock");
    assert!(l.params().is_empty());
    for b in builtins() {
        let formula = Landscape::builtin(b.name, &[]).unwrap().formula();
        assert!(!formula.contains('{'), "{}: {formula}", b.name);
    }
}

#[test]
fn only_the_unbounded_landscapes_say_so() {
    for b in builtins() {
        let l = Landscape::builtin(b.name, &[]).unwrap();
        let expected = !matches!(b.name, "saddle" | "mccormick");
        assert_eq!(l.bounded_below(), expected, "{}", b.name);
    }
    // The witnesses: f falls without bound along x = 0 (saddle) and x = y (McCormick).
    let saddle = Landscape::builtin("saddle", &[]).unwrap();
    assert!(saddle.value(0.0, 1e6) < -1e11);
    let mccormick = Landscape::builtin("mccormick", &[]).unwrap();
    assert!(mccormick.value(-1e6, -1e6) < -9e5);
}

#[test]
fn bad_names_and_parameters_are_refused_in_plain_words() {
    let message = |name: &str, params: &[(&str, f64)]| {
        Landscape::builtin(name, params).unwrap_err().to_string()
    };
    let m = message("rosenbrok", &[]);
    assert!(
        m.contains("'rosenbrok'") && m.contains("rosenbrock") && m.contains("saddle"),
        "{m}"
    );
    let m = message("bowl", &[("kappa", 3.0)]);
    assert!(m.contains("'kappa'") && m.contains("condition"), "{m}");
    let m = message("rosenbrock", &[("condition", 3.0)]);
    assert!(m.contains("no parameters"), "{m}");
    for bad in [0.5, 1000.5, f64::NAN, f64::INFINITY, -3.0] {
        let m = message("bowl", &[("condition", bad)]);
        assert!(m.contains("from 1 to 1000"), "{m}");
    }
    let m = message("bowl", &[("condition", 3.0), ("condition", 4.0)]);
    assert!(m.contains("twice"), "{m}");
    // The range ends are allowed.
    assert!(Landscape::builtin("bowl", &[("condition", 1.0)]).is_ok());
    assert!(Landscape::builtin("bowl", &[("condition", 1000.0)]).is_ok());
}
