//! The calculus lessons' numbers against independent oracles: derivatives worked out by hand,
//! finite differences computed in exact arithmetic for polynomials, and the textbook shape of
//! the error of numerical derivatives as h shrinks.

use downhill::calculus::{
    central_slope, error_curve, forward_slope, gradient_field, log_spaced, plot_range,
    relative_error, sample, Curve,
};
use downhill::landscape::{Landscape, Window};

#[test]
fn a_curve_differentiates_exactly_like_the_hand_derivative() {
    // f(x) = x³ − 3x, f′(x) = 3x² − 3; sin x, cos x; (p − 2)², 2(p − 2).
    let cubic = Curve::parse("x^3 - 3*x").expect("valid");
    let sine = Curve::parse("sin(x)").expect("valid");
    let squared_error = Curve::parse("(x - 2)^2").expect("valid");
    for x in [-2.5, -1.0, 0.0, 0.3, 1.0, 2.75] {
        assert!((cubic.value(x) - (x * x * x - 3.0 * x)).abs() < 1e-12);
        assert!((cubic.derivative(x) - (3.0 * x * x - 3.0)).abs() < 1e-12);
        assert!((sine.derivative(x) - x.cos()).abs() < 1e-15);
        assert!((squared_error.derivative(x) - 2.0 * (x - 2.0)).abs() < 1e-12);
    }
    assert_eq!(cubic.formula(), "f(x) = x^3 - 3*x");
    assert_eq!(cubic.text(), "x^3 - 3*x");
}

#[test]
fn a_curve_refuses_y_and_points_at_it() {
    let err = Curve::parse("x^2 + y").expect_err("uses y");
    assert_eq!(err.column, 6);
    assert!(err.message.contains("column 6"), "{}", err.message);
    assert!(err.message.contains("only x"), "{}", err.message);
    // Columns count characters, not bytes.
    let err = Curve::parse("π + y").expect_err("π is not a name here");
    assert_eq!(err.column, 0, "{}", err.message);
    let err = Curve::parse("x² ").expect_err("² is not an operator");
    assert_eq!(err.column, 1, "{}", err.message);
    // A parse error keeps the parser's column and message.
    let err = Curve::parse("x + * 2").expect_err("bad");
    let want = downhill::expr::parse("x + * 2").expect_err("bad");
    assert_eq!((err.column, err.message), (want.column, want.message));
}

#[test]
fn undefined_values_are_nan_and_nothing_panics() {
    let log = Curve::parse("ln(x)").expect("valid");
    assert!(log.value(-1.0).is_nan());
    // No curve, no slope (the local rule alone would say 1/(−1)).
    assert!(log.derivative(-1.0).is_nan());
    assert_eq!(log.derivative(2.0), 0.5);
    let ratio = Curve::parse("x/x").expect("valid");
    assert!(ratio.value(0.0).is_nan());
    assert!(forward_slope(|x| log.value(x), -1.0, 0.1).is_nan());
    assert!(relative_error(f64::NAN, 1.0).is_nan());
}

#[test]
fn finite_differences_match_exact_arithmetic_on_a_parabola() {
    // f(x) = x² at x = 1, h = 1/2 (all exact in binary): forward (2.25 − 1)/0.5 = 2.5,
    // central (2.25 − 0.25)/1 = 2, the exact slope, since the central difference is exact
    // for quadratics.
    let f = |x: f64| x * x;
    assert_eq!(forward_slope(f, 1.0, 0.5), 2.5);
    assert_eq!(central_slope(f, 1.0, 0.5), 2.0);
    assert_eq!(relative_error(2.5, 2.0), 0.25);
    // Where the exact slope is 0 the error is absolute.
    assert_eq!(relative_error(0.25, 0.0), 0.25);
}

#[test]
fn the_error_falls_with_h_then_rises_again_from_rounding() {
    // exp at x = 1: f″/f′ = 1, so the forward error is about h/2 for moderate h, the central
    // error about h²/6; rounding adds about ε·e/(h·e) = ε/h.
    let curve = Curve::parse("exp(x)").expect("valid");
    let exact = curve.derivative(1.0);
    assert!((exact - std::f64::consts::E).abs() < 1e-15);
    let hs = log_spaced(-16.0, 0.0, 161);
    let points = error_curve(|x| curve.value(x), exact, 1.0, &hs);
    assert_eq!(points.len(), 161);
    let at = |h: f64| {
        points
            .iter()
            .min_by(|a, b| {
                (a.h.log10() - h.log10())
                    .abs()
                    .total_cmp(&(b.h.log10() - h.log10()).abs())
            })
            .copied()
            .expect("points")
    };
    let p = at(1e-2);
    assert!(
        (p.forward / 0.005 - 1.0).abs() < 0.02,
        "forward {}",
        p.forward
    );
    assert!(
        (p.central / (1e-4 / 6.0) - 1.0).abs() < 0.02,
        "central {}",
        p.central
    );
    let best_forward = points
        .iter()
        .min_by(|a, b| a.forward.total_cmp(&b.forward))
        .expect("points");
    let best_central = points
        .iter()
        .min_by(|a, b| a.central.total_cmp(&b.central))
        .expect("points");
    // √ε ≈ 1.5e-8 and ∛ε ≈ 6e-6: the optimum sits within a couple of decades of each.
    assert!(
        (1e-10..1e-6).contains(&best_forward.h),
        "best forward h {}",
        best_forward.h
    );
    assert!(
        (1e-7..1e-3).contains(&best_central.h),
        "best central h {}",
        best_central.h
    );
    assert!(best_forward.forward < 1e-6 && best_central.central < 1e-9);
    // At h = 1e-14 rounding dominates: far worse than at the optimum.
    assert!(at(1e-14).forward > 100.0 * best_forward.forward);
    assert!(at(1e-14).central > 100.0 * best_central.central);
}

#[test]
fn log_spacing_hits_both_ends() {
    let hs = log_spaced(-3.0, 1.0, 5);
    let want = [1e-3, 1e-2, 1e-1, 1.0, 10.0];
    for (h, w) in hs.iter().zip(want) {
        assert!((h / w - 1.0).abs() < 1e-12, "{h} vs {w}");
    }
    assert_eq!(log_spaced(-3.0, 1.0, 1).len(), 1);
    assert!(log_spaced(-3.0, 1.0, 0).is_empty());
}

#[test]
fn samples_are_evenly_spaced_with_values_and_slopes() {
    let s = sample(|t| (t * t, 2.0 * t), -2.0, 2.0, 5);
    assert_eq!(s.ts, vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
    assert_eq!(s.values, vec![4.0, 1.0, 0.0, 1.0, 4.0]);
    assert_eq!(s.slopes, vec![-4.0, -2.0, 0.0, 2.0, 4.0]);
    assert_eq!(sample(|t| (t, 1.0), 3.0, 4.0, 1).ts, vec![3.0]);
}

#[test]
fn the_plot_range_shows_the_curve_and_ignores_a_pole() {
    let parabola: Vec<f64> = (0..=100)
        .map(|i| (-2.0 + 0.04 * i as f64).powi(2))
        .collect();
    let (lo, hi) = plot_range(&parabola).expect("finite");
    assert!(lo < 0.0 && lo > -0.5 && hi > 4.0 && hi < 4.5, "{lo} {hi}");
    // 1/x on [−1, 1] with a sample next to 0: the pole must not squash the rest.
    let hyperbola: Vec<f64> = (0..=200)
        .map(|i| 1.0 / (-1.0 + 0.01 * i as f64 + 1e-9))
        .collect();
    let (lo, hi) = plot_range(&hyperbola).expect("finite");
    assert!(hi < 1e3 && lo > -1e3, "{lo} {hi}");
    assert!(hi > 1.0 && lo < -1.0, "{lo} {hi}");
    // A flat line gets room around it; nothing finite gives None.
    assert_eq!(plot_range(&[3.0, 3.0]), Some((0.0, 6.0)));
    assert_eq!(plot_range(&[0.0]), Some((-1.0, 1.0)));
    assert_eq!(plot_range(&[f64::NAN, f64::INFINITY]), None);
}

#[test]
fn the_gradient_field_is_the_gradient_at_cell_centres_row_0_at_the_top() {
    // The bowl f = x² + κy² with κ = 10: ∇f = (2x, 20y).
    let bowl = Landscape::builtin("bowl", &[("condition", 10.0)]).expect("valid");
    let window = Window {
        x_min: -2.0,
        x_max: 2.0,
        y_min: -1.0,
        y_max: 1.0,
    };
    let field = gradient_field(|x, y| bowl.gradient(x, y), window, 4, 2);
    assert_eq!(field.len(), 2 * 4 * 2);
    // Cell centres: x ∈ {−1.5, −0.5, 0.5, 1.5}, y ∈ {0.5 (row 0), −0.5 (row 1)}.
    for (row, y) in [0.5, -0.5].into_iter().enumerate() {
        for (col, x) in [-1.5, -0.5, 0.5, 1.5].into_iter().enumerate() {
            let p = 2 * (row * 4 + col);
            assert_eq!([field[p], field[p + 1]], [2.0 * x, 20.0 * y]);
        }
    }
}

#[test]
fn a_typed_surface_evaluates_a_grid_in_f64_like_point_by_point() {
    let typed = Landscape::parse("sin(x*y) + x^2").expect("valid");
    let builtin = Landscape::builtin("himmelblau", &[]).expect("valid");
    let xs: Vec<f64> = (0..300).map(|i| -3.0 + 0.02 * i as f64).collect();
    let ys: Vec<f64> = (0..37).map(|i| 2.0 - 0.1 * i as f64).collect();
    for surface in [&typed, &builtin] {
        let mut out = vec![0.0; xs.len() * ys.len()];
        surface.eval_grid_f64(&xs, &ys, &mut out);
        for (row, &y) in ys.iter().enumerate() {
            for (col, &x) in xs.iter().enumerate() {
                let want = surface.value(x, y);
                let got = out[row * xs.len() + col];
                // The typed path rounds through f32.
                assert!(
                    (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                    "{got} vs {want}"
                );
            }
        }
    }
    assert!(typed.is_typed() && !builtin.is_typed());
}
