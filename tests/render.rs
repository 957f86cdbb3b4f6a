//! Tests of the landscape picture, contours, ticks and the loss chart against independently
//! derived expectations: hand-computed pixel centres, the published viridis colours, the
//! colour-bin formula k = min(255, ⌊256·t⌋) evaluated directly, circle geometry, and counts of
//! grid edges crossed by each level.

use downhill::render::{
    color_index, colormap_rgba, contour_segments, decimate, format_tick, loss_chart,
    nice_log_ticks, nice_ticks, viridis_rgba, ChartStyle, ColorScale, Heatmap, Series, View,
    MAX_LEVELS, NO_DATA_RGBA,
};
use plotters::prelude::*;
use proptest::prelude::*;

fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

fn view(x: (f64, f64), y: (f64, f64), width: usize, height: usize) -> View {
    View {
        x_min: x.0,
        x_max: x.1,
        y_min: y.0,
        y_max: y.1,
        width,
        height,
    }
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

// ---------------------------------------------------------------------------------------------
// View

#[test]
fn view_maps_pixel_centres_both_ways() {
    // 8 columns over [-2, 2]: each 0.5 wide, so centres at -1.75, -1.25, ..., 1.75.
    // 4 rows over [-1, 3], row 0 at the top: centres at y = 2.5, 1.5, 0.5, -0.5.
    let v = view((-2.0, 2.0), (-1.0, 3.0), 8, 4);
    for c in 0..8 {
        let expected = -1.75 + 0.5 * c as f64;
        assert!(close(v.x_of_col(c as f64), expected, 1e-12), "column {c}");
        assert!(close(v.col_of_x(expected), c as f64, 1e-12));
    }
    for r in 0..4 {
        let expected = 2.5 - r as f64;
        assert!(close(v.y_of_row(r as f64), expected, 1e-12), "row {r}");
        assert!(close(v.row_of_y(expected), r as f64, 1e-12));
    }
    // The window's edges are half a pixel outside the first and last centres.
    assert!(close(v.col_of_x(-2.0), -0.5, 1e-12));
    assert!(close(v.col_of_x(2.0), 7.5, 1e-12));
    assert!(close(v.row_of_y(3.0), -0.5, 1e-12));
    assert!(close(v.row_of_y(-1.0), 3.5, 1e-12));
    // Fractional positions round-trip.
    for k in 0..50 {
        let col = -0.5 + 0.17 * k as f64;
        assert!(close(v.col_of_x(v.x_of_col(col)), col, 1e-12));
        assert!(close(v.row_of_y(v.y_of_row(col)), col, 1e-12));
    }
}

#[test]
fn view_validation_explains_what_is_wrong() {
    let good = view((-1.0, 1.0), (-1.0, 1.0), 10, 10);
    assert!(good.validate().is_ok());
    assert!(view((-1.0, 1.0), (-1.0, 1.0), 1, 1).validate().is_ok());
    assert!(view((-1.0, 1.0), (-1.0, 1.0), 4096, 1).validate().is_ok());
    let bad = [
        view((f64::NAN, 1.0), (-1.0, 1.0), 10, 10),
        view((-1.0, f64::INFINITY), (-1.0, 1.0), 10, 10),
        view((1.0, 1.0), (-1.0, 1.0), 10, 10),
        view((-1.0, 1.0), (2.0, 1.0), 10, 10),
        view((-1e308, 1e308), (-1.0, 1.0), 10, 10),
        view((-1.0, 1.0), (-1.0, 1.0), 0, 10),
        view((-1.0, 1.0), (-1.0, 1.0), 10, 4097),
    ];
    for v in bad {
        let err = v.validate().expect_err("should be refused");
        assert!(!err.0.is_empty());
    }
    let err = view((1.0, 0.0), (0.0, 1.0), 5, 5).validate().unwrap_err();
    assert!(err.0.contains("x range"), "{}", err.0);
}

// ---------------------------------------------------------------------------------------------
// Colour map

#[test]
fn colormap_matches_published_viridis_colours() {
    // matplotlib's viridis at indices 0, 64, 128, 192 and 255, as the well-known hex codes
    // #440154, #3b528b, #21918c, #5ec962, #fde725.
    let expected: [(usize, [u8; 3]); 5] = [
        (0, [0x44, 0x01, 0x54]),
        (64, [0x3b, 0x52, 0x8b]),
        (128, [0x21, 0x91, 0x8c]),
        (192, [0x5e, 0xc9, 0x62]),
        (255, [0xfd, 0xe7, 0x25]),
    ];
    for (k, rgb) in expected {
        assert_eq!(viridis_rgba(k), [rgb[0], rgb[1], rgb[2], 255], "index {k}");
        // Any t inside bin k gives that colour.
        assert_eq!(colormap_rgba((k as f64 + 0.5) / 256.0), viridis_rgba(k));
    }
    assert_eq!(colormap_rgba(0.0), viridis_rgba(0));
    assert_eq!(colormap_rgba(1.0), viridis_rgba(255));
    assert_eq!(colormap_rgba(-3.0), viridis_rgba(0));
    assert_eq!(colormap_rgba(7.0), viridis_rgba(255));
    assert_eq!(colormap_rgba(f64::NAN), NO_DATA_RGBA);
    assert!(NO_DATA_RGBA[3] > 0 && NO_DATA_RGBA[3] < 255);
}

#[test]
fn color_index_steps_exactly_at_multiples_of_one_256th() {
    for k in 1..256usize {
        let edge = k as f64 / 256.0;
        assert_eq!(color_index(edge), k);
        assert_eq!(color_index(edge - 1e-12), k - 1);
    }
    assert_eq!(color_index(1.0), 255);
}

// ---------------------------------------------------------------------------------------------
// Heatmap colours

#[test]
fn plane_pixels_have_the_colour_of_their_linear_position() {
    // f = x on 16 × 2 pixels over [0, 1]²: pixel centres x_c = (c + 0.5)/16, so
    // f_min = 1/32, f_max = 31/32 and t_c = (x_c − x_0)/(x_15 − x_0) = c/15 exactly.
    // The expected colour index is ⌊256·c/15⌋ (integer arithmetic), clamped to 255.
    let mut heatmap = Heatmap::new();
    heatmap
        .render(|x, _y| x, &view((0.0, 1.0), (0.0, 1.0), 16, 2), 0)
        .unwrap();
    assert!(
        !heatmap.scale().is_log(),
        "uniform values need no log scale"
    );
    assert!(close(heatmap.scale().min(), 1.0 / 32.0, 1e-15));
    assert!(close(heatmap.scale().max(), 31.0 / 32.0, 1e-15));
    let rgba = heatmap.rgba();
    assert_eq!(rgba.len(), 4 * 16 * 2);
    for row in 0..2 {
        for c in 0..16 {
            let k = (256 * c / 15).min(255);
            let p = 4 * (row * 16 + c);
            assert_eq!(&rgba[p..p + 4], &viridis_rgba(k), "row {row} column {c}");
        }
    }
    for (c, &v) in heatmap.values()[..16].iter().enumerate() {
        assert_eq!(v, ((c as f64 + 0.5) / 16.0) as f32);
    }
}

#[test]
fn rosenbrock_pixels_have_the_colour_of_the_log_formula() {
    // Away from bin edges, each pixel's colour index equals ⌊256·t⌋ with
    // t = ln(1 + g/s)/ln(1 + R/s) computed here from the scale's min, max and softening.
    let mut heatmap = Heatmap::new();
    let v = view((-2.0, 2.0), (-1.0, 3.0), 97, 83);
    heatmap.render(rosenbrock, &v, 8).unwrap();
    let scale = heatmap.scale();
    assert!(scale.is_log());
    let (f_min, r, s) = (scale.min(), scale.max() - scale.min(), scale.softening());
    let mut n_checked = 0;
    for row in 0..v.height {
        for col in 0..v.width {
            let f = rosenbrock(v.x_of_col(col as f64), v.y_of_row(row as f64));
            let t = (1.0 + (f - f_min) / s).ln() / (1.0 + r / s).ln();
            let x = 256.0 * t;
            if (x - x.round()).abs() < 1e-6 {
                continue;
            }
            n_checked += 1;
            let k = (x.floor() as usize).min(255);
            let p = 4 * (row * v.width + col);
            assert_eq!(
                &heatmap.rgba()[p..p + 4],
                &viridis_rgba(k),
                "pixel {row},{col}"
            );
        }
    }
    assert!(n_checked > 97 * 83 - 10);
}

/// ⌊256·t⌋ (clamped to 255) with t from the published formulas, or None when 256·t is so close
/// to a whole number that f64 rounding of the formula itself could put it either side.
fn exact_index(scale: &ColorScale, f: f64) -> Option<usize> {
    let (f_min, f_max) = (scale.min(), scale.max());
    let (g, r) = ((f - f_min).max(0.0), f_max - f_min);
    let t = if scale.is_log() {
        let s = scale.softening();
        (1.0 + g / s).ln() / (1.0 + r / s).ln()
    } else {
        g / r
    };
    let x = 256.0 * t.clamp(0.0, 1.0);
    if (x - x.round()).abs() < 1e-9 && x > 0.5 && x < 255.5 {
        return None;
    }
    Some((x.floor() as usize).min(255))
}

fn check_binning_on_fine_grid(scale: &ColorScale) {
    let (lo, hi) = (scale.min(), scale.max());
    let span = hi - lo;
    let n = 200_000;
    let (mut n_checked, mut n_skipped) = (0, 0);
    let mut check = |f: f64| match exact_index(scale, f) {
        Some(k) => {
            n_checked += 1;
            assert_eq!(scale.index_of(f), Some(k), "f = {f:e}");
        }
        None => n_skipped += 1,
    };
    // Evenly spaced over the range and a little beyond it ...
    for i in 0..=n {
        check(lo - 0.01 * span + 1.02 * span * i as f64 / n as f64);
    }
    // ... and geometrically spaced just above the minimum, where a log scale is busiest.
    for i in 0..=n {
        check(lo + span * 10f64.powf(-9.0 + 9.0 * i as f64 / n as f64));
    }
    assert!(n_skipped < n / 1000, "{n_skipped} ambiguous of {n_checked}");
}

#[test]
fn threshold_binning_equals_floor_256_t_on_a_fine_grid() {
    let mut grid = Vec::new();
    let v = view((-2.0, 2.0), (-1.0, 3.0), 200, 200);
    for r in 0..200 {
        for c in 0..200 {
            grid.push(rosenbrock(v.x_of_col(c as f64), v.y_of_row(r as f64)));
        }
    }
    let fitted = ColorScale::fit(&grid);
    assert!(fitted.is_log());
    check_binning_on_fine_grid(&fitted);
    check_binning_on_fine_grid(&ColorScale::linear(-3.0, 7.25).unwrap());
    check_binning_on_fine_grid(&ColorScale::log(0.0, 2500.0, 1e-3).unwrap());
    check_binning_on_fine_grid(&ColorScale::log(-1.5, 1e6, 0.3).unwrap());
}

/// The largest float below `f`.
fn next_down(f: f64) -> f64 {
    if f == 0.0 {
        -f64::from_bits(1)
    } else if f > 0.0 {
        f64::from_bits(f.to_bits() - 1)
    } else {
        f64::from_bits(f.to_bits() + 1)
    }
}

#[test]
fn bin_edges_are_exact_for_the_scale_itself() {
    // At each edge the index steps up, and the float just below it is still in the lower bin;
    // t_of agrees with the published formula to rounding.
    for scale in [
        ColorScale::log(0.0, 2500.0, 1e-3).unwrap(),
        ColorScale::linear(-1.0, 1.0).unwrap(),
    ] {
        for (j, &edge) in scale.thresholds().iter().enumerate() {
            assert_eq!(scale.index_of(edge), Some(j + 1));
            assert!(scale.t_of(edge) >= (j + 1) as f64 / 256.0);
            let just_below = next_down(edge);
            assert!(scale.t_of(just_below) < (j + 1) as f64 / 256.0, "edge {j}");
            assert_eq!(scale.index_of(just_below), Some(j));
        }
        for i in 0..=1000 {
            let f = scale.min() + (scale.max() - scale.min()) * i as f64 / 1000.0;
            let g = f - scale.min();
            let r = scale.max() - scale.min();
            let t = if scale.is_log() {
                let s = scale.softening();
                (1.0 + g / s).ln() / (1.0 + r / s).ln()
            } else {
                g / r
            };
            assert!(close(scale.t_of(f), t, 1e-12));
            assert!(close(scale.value_of(t), f, 1e-9 * r));
        }
    }
}

#[test]
fn log_scale_for_rosenbrock_linear_for_plane_and_bowl() {
    let mut heatmap = Heatmap::new();
    let square = view((-2.0, 2.0), (-2.0, 2.0), 120, 120);
    heatmap
        .render(rosenbrock, &view((-2.0, 2.0), (-1.0, 3.0), 120, 120), 0)
        .unwrap();
    assert!(heatmap.scale().is_log(), "Rosenbrock spans decades");
    heatmap.render(|x, y| x + 2.0 * y, &square, 0).unwrap();
    assert!(!heatmap.scale().is_log(), "a plane is linear");
    heatmap.render(|x, y| x * x + y * y, &square, 0).unwrap();
    assert!(!heatmap.scale().is_log(), "a round bowl is linear");
    // exp(x² + y²) piles almost every pixel near its minimum: log.
    heatmap
        .render(|x, y| (x * x + y * y).exp(), &square, 0)
        .unwrap();
    assert!(heatmap.scale().is_log());
}

// ---------------------------------------------------------------------------------------------
// Contours

/// Segments as ((x1, y1), (x2, y2)).
fn segments(flat: &[f32]) -> Vec<((f32, f32), (f32, f32))> {
    assert_eq!(flat.len() % 4, 0);
    flat.chunks_exact(4)
        .map(|s| ((s[0], s[1]), (s[2], s[3])))
        .collect()
}

#[test]
fn contours_of_a_bowl_are_circles() {
    // f = x² + y² over [-2, 2]², 160 px: 40 px per unit, centre at canvas (80, 80).
    // Linear interpolation of a quadratic along a 1-px edge misses the level by at most
    // f''h²/8 in value, i.e. 1/(8 r) px in distance from the circle of radius r px.
    let n = 160;
    let v = view((-2.0, 2.0), (-2.0, 2.0), n, n);
    let mut heatmap = Heatmap::new();
    heatmap.render(|x, y| x * x + y * y, &v, 12).unwrap();
    assert_eq!(heatmap.levels().len(), 12);
    let px_per_unit = n as f64 / 4.0;
    let centre = n as f64 / 2.0;
    let mut n_total = 0;
    for (level_idx, &level) in heatmap.levels().iter().enumerate() {
        let r_px = level.sqrt() * px_per_unit;
        let segs = segments(heatmap.level_contours(level_idx));
        let tol = 1.0 / (8.0 * r_px) + 1e-3;
        for &(a, b) in &segs {
            for (x, y) in [a, b] {
                let d = (f64::from(x) - centre).hypot(f64::from(y) - centre);
                assert!((d - r_px).abs() <= tol, "level {level}: {d} vs {r_px}");
            }
        }
        // Exact count: each crossed grid edge is shared by two cells (one on the border), and
        // every cell it passes through holds one segment per two crossings.
        let value = |r: usize, c: usize| {
            let (x, y) = (v.x_of_col(c as f64), v.y_of_row(r as f64));
            x * x + y * y
        };
        let (mut interior, mut border) = (0, 0);
        for r in 0..n {
            for c in 0..n {
                for (r2, c2) in [(r, c + 1), (r + 1, c)] {
                    if r2 >= n || c2 >= n {
                        continue;
                    }
                    if (value(r, c) >= level) != (value(r2, c2) >= level) {
                        let on_border = if r2 == r {
                            r == 0 || r == n - 1
                        } else {
                            c == 0 || c == n - 1
                        };
                        if on_border {
                            border += 1;
                        } else {
                            interior += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(segs.len(), interior + border / 2, "level {level}");
        if r_px < centre - 2.0 {
            // A whole circle crosses about 8r grid lines (4r vertical and 4r horizontal).
            let expected = 8.0 * r_px;
            assert!(
                (segs.len() as f64 - expected).abs() <= 0.1 * expected + 4.0,
                "level {level}: {} segments for r = {r_px}",
                segs.len()
            );
            // Closed: every endpoint is shared by exactly two segments.
            let mut ends: Vec<(u32, u32)> = segs
                .iter()
                .flat_map(|&(a, b)| [a, b])
                .map(|(x, y)| (x.to_bits(), y.to_bits()))
                .collect();
            ends.sort_unstable();
            for pair in ends.chunks(2) {
                assert!(
                    pair.len() == 2 && pair[0] == pair[1],
                    "open contour at level {level}"
                );
            }
            assert!(ends.windows(3).all(|w| !(w[0] == w[1] && w[1] == w[2])));
        }
        n_total += segs.len();
    }
    assert_eq!(heatmap.contours().len(), 4 * n_total);
}

#[test]
fn contour_levels_are_evenly_spaced_along_the_colour_bar() {
    let mut heatmap = Heatmap::new();
    heatmap
        .render(rosenbrock, &view((-2.0, 2.0), (-1.0, 3.0), 64, 64), 12)
        .unwrap();
    let scale = heatmap.scale().clone();
    for (i, &level) in heatmap.levels().iter().enumerate() {
        assert!(close(scale.t_of(level), (i + 1) as f64 / 13.0, 1e-12));
    }
    // On a log scale that means geometric steps well above the softening.
    let levels = heatmap.levels();
    assert!(levels.windows(2).all(|w| w[1] > w[0]));
    let ratio = |i: usize| (levels[i + 1] - scale.min()) / (levels[i] - scale.min());
    assert!(close(ratio(10), ratio(9), 0.05 * ratio(9)));
}

#[test]
fn saddle_cells_are_resolved_by_the_centre_value() {
    // Grid (row 0 on top): [1 0]
    //                      [0 1]; pixel centres at canvas (0.5, 0.5), (1.5, 0.5), ...
    let grid = [1.0, 0.0, 0.0, 1.0];
    // Level 0.5: the centre mean 0.5 counts as above, so the two 1-corners join through the
    // middle and the 0-corners (top-right, bottom-left) are cut off at the edge midpoints.
    let segs = segments(&contour_segments(&grid, 2, 2, &[0.5]).unwrap());
    let expected_a = [((1.0, 0.5), (1.5, 1.0)), ((1.0, 1.5), (0.5, 1.0))];
    assert_eq!(segs.len(), 2);
    for want in expected_a {
        assert!(
            segs.iter().any(|&(a, b)| (a, b) == want || (b, a) == want),
            "{segs:?}"
        );
    }
    // Level 0.6: the mean is below, so the 1-corners (top-left, bottom-right) are cut off,
    // at 0.4 of the way from each 1 towards each 0.
    let segs = segments(&contour_segments(&grid, 2, 2, &[0.6]).unwrap());
    assert_eq!(segs.len(), 2);
    let near = |p: (f32, f32), q: (f32, f32)| (p.0 - q.0).abs() < 1e-6 && (p.1 - q.1).abs() < 1e-6;
    for (p, q) in [((0.5, 0.9), (0.9, 0.5)), ((1.5, 1.1), (1.1, 1.5))] {
        assert!(
            segs.iter()
                .any(|&(a, b)| (near(a, p) && near(b, q)) || (near(a, q) && near(b, p))),
            "{segs:?}"
        );
    }
    // The mirrored grid gives the mirrored answer.
    let mirrored = [0.0, 1.0, 1.0, 0.0];
    let segs = segments(&contour_segments(&mirrored, 2, 2, &[0.5]).unwrap());
    for want in [((0.5, 1.0), (1.0, 0.5)), ((1.5, 1.0), (1.0, 1.5))] {
        assert!(
            segs.iter().any(|&(a, b)| (a, b) == want || (b, a) == want),
            "{segs:?}"
        );
    }
}

#[test]
fn contour_segments_refuses_bad_input() {
    assert!(contour_segments(&[1.0, 2.0, 3.0], 2, 2, &[1.5]).is_err());
    assert!(contour_segments(&[1.0; 4], 2, 2, &[f64::NAN]).is_err());
    assert!(contour_segments(&[1.0; 4], 2, 2, &[]).unwrap().is_empty());
    assert!(contour_segments(&[], 0, 0, &[1.0]).unwrap().is_empty());
    assert!(contour_segments(&[1.0, 2.0], 2, 1, &[1.5])
        .unwrap()
        .is_empty());
}

#[test]
fn undefined_values_are_grey_and_their_cells_have_no_contours() {
    // f = x² + y² for x < 0, NaN (or infinite) for x > 0: 40 columns, the right 20 undefined.
    let n = 40;
    let v = view((-1.0, 1.0), (-1.0, 1.0), n, n);
    let f = |x: f64, y: f64| {
        if x > 0.0 {
            if y > 0.0 {
                f64::NAN
            } else {
                f64::INFINITY
            }
        } else {
            x * x + y * y
        }
    };
    let mut heatmap = Heatmap::new();
    heatmap.render(f, &v, 10).unwrap();
    assert_eq!(heatmap.n_undefined(), n * n / 2);
    // The scale ignores them: the largest finite value is at the corner pixel (-0.975, ±0.975).
    assert!(close(heatmap.scale().max(), 2.0 * 0.975f64.powi(2), 1e-12));
    for r in 0..n {
        for c in 0..n {
            let p = 4 * (r * n + c);
            let grey = heatmap.rgba()[p..p + 4] == NO_DATA_RGBA;
            assert_eq!(grey, c >= n / 2, "pixel {r},{c}");
        }
    }
    assert!(!heatmap.contours().is_empty());
    // The last defined column is c = 19, centred at canvas x = 19.5: no cell beyond it.
    assert!(segments(heatmap.contours())
        .iter()
        .all(|&(a, b)| a.0 <= 19.5 && b.0 <= 19.5));
    assert!(heatmap.contours().iter().all(|v| v.is_finite()));
}

// ---------------------------------------------------------------------------------------------
// Odd inputs

#[test]
fn constant_undefined_and_huge_functions_do_not_break() {
    let v = view((-1.0, 1.0), (-1.0, 1.0), 16, 16);
    let mut heatmap = Heatmap::new();

    heatmap.render(|_, _| 3.0, &v, 12).unwrap();
    assert!(heatmap.levels().is_empty() && heatmap.contours().is_empty());
    assert!(heatmap.rgba().chunks(4).all(|p| p == viridis_rgba(0)));
    assert_eq!(heatmap.scale().t_of(3.0), 0.0);
    let legend = heatmap.legend(5);
    assert_eq!(legend.len(), 1);
    assert_eq!(legend[0].label, "3");

    heatmap.render(|_, _| f64::NAN, &v, 12).unwrap();
    assert_eq!(heatmap.n_undefined(), 256);
    assert!(heatmap.rgba().chunks(4).all(|p| p == NO_DATA_RGBA));
    assert!(heatmap.contours().is_empty() && heatmap.legend(5).is_empty());

    // ±1e308: the range overflows f64, and still the halves get the two ends of the bar.
    heatmap
        .render(|x, _| if x > 0.0 { 1e308 } else { -1e308 }, &v, 12)
        .unwrap();
    assert_eq!(&heatmap.rgba()[..4], &viridis_rgba(0));
    assert_eq!(&heatmap.rgba()[4 * 15..4 * 16], &viridis_rgba(255));
    assert!(heatmap.contours().iter().all(|v| v.is_finite()));
    assert!(heatmap
        .legend(5)
        .iter()
        .all(|t| t.t.is_finite() && (0.0..=1.0).contains(&t.t)));

    // Values beyond f32's range become infinite in `values()` but keep their colours.
    heatmap.render(|x, y| 1e300 * (x + y), &v, 4).unwrap();
    assert!(heatmap.values().iter().any(|v| v.is_infinite()));
    assert_eq!(heatmap.n_undefined(), 0);

    // Tiny differences far from zero.
    heatmap
        .render(|x, y| 1e12 + 1e-3 * (x * x + y * y), &v, 4)
        .unwrap();
    assert_eq!(heatmap.levels().len(), 4);

    // A single pixel.
    heatmap
        .render(|x, y| x + y, &view((0.0, 1.0), (0.0, 1.0), 1, 1), 5)
        .unwrap();
    assert_eq!(heatmap.rgba().len(), 4);
}

#[test]
fn bad_requests_are_refused_and_leave_an_empty_picture() {
    let mut heatmap = Heatmap::new();
    heatmap
        .render(|x, _| x, &view((0.0, 1.0), (0.0, 1.0), 8, 8), 3)
        .unwrap();
    let err = heatmap
        .render(
            |x, _| x,
            &view((0.0, 1.0), (0.0, 1.0), 8, 8),
            MAX_LEVELS + 1,
        )
        .unwrap_err();
    assert!(err.0.contains("contour levels"), "{}", err.0);
    assert_eq!(heatmap.width(), 0);
    assert!(heatmap.rgba().is_empty() && heatmap.values().is_empty());
    assert!(heatmap
        .render(|x, _| x, &view((1.0, 0.0), (0.0, 1.0), 8, 8), 3)
        .is_err());
    let failing = heatmap.render_with(&view((0.0, 1.0), (0.0, 1.0), 8, 8), 3, |_, _| {
        Err(downhill::render::RenderError("f is not ready".into()))
    });
    assert_eq!(failing.unwrap_err().0, "f is not ready");
}

#[test]
fn re_rendering_reuses_buffers_and_is_deterministic() {
    let v = view((-2.0, 2.0), (-1.0, 3.0), 64, 48);
    let mut heatmap = Heatmap::new();
    heatmap.render(rosenbrock, &v, 12).unwrap();
    let (rgba, values, contours) = (
        heatmap.rgba().to_vec(),
        heatmap.values().to_vec(),
        heatmap.contours().to_vec(),
    );
    let (rgba_ptr, values_ptr) = (heatmap.rgba().as_ptr(), heatmap.values().as_ptr());
    heatmap.render(|x, y| x * y, &v, 5).unwrap();
    heatmap.render(rosenbrock, &v, 12).unwrap();
    assert_eq!(heatmap.rgba().as_ptr(), rgba_ptr);
    assert_eq!(heatmap.values().as_ptr(), values_ptr);
    assert_eq!(heatmap.rgba(), &rgba[..]);
    assert_eq!(heatmap.values(), &values[..]);
    assert_eq!(heatmap.contours(), &contours[..]);
}

// ---------------------------------------------------------------------------------------------
// Legend

#[test]
fn linear_legend_uses_nice_ticks_at_their_positions() {
    // f = x over [0, 10] on 100 px: f_min = 0.05, f_max = 9.95.
    let mut heatmap = Heatmap::new();
    heatmap
        .render(|x, _| x, &view((0.0, 10.0), (0.0, 1.0), 100, 2), 0)
        .unwrap();
    let legend = heatmap.legend(6);
    let values: Vec<f64> = legend.iter().map(|t| t.value).collect();
    assert_eq!(values, vec![2.0, 4.0, 6.0, 8.0]);
    let labels: Vec<&str> = legend.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, vec!["2", "4", "6", "8"]);
    for tick in &legend {
        assert!(close(tick.t, (tick.value - 0.05) / 9.9, 1e-12));
    }
}

#[test]
fn log_legend_marks_decades() {
    let mut heatmap = Heatmap::new();
    heatmap
        .render(rosenbrock, &view((-2.0, 2.0), (-1.0, 3.0), 200, 200), 0)
        .unwrap();
    let legend = heatmap.legend(6);
    assert!(legend.len() >= 3, "{legend:?}");
    assert!(legend
        .windows(2)
        .all(|w| w[1].t > w[0].t && w[1].value > w[0].value));
    assert!(legend.iter().all(|t| (0.0..=1.0).contains(&t.t)));
    for tick in &legend {
        assert!(close(tick.t, heatmap.scale().t_of(tick.value), 1e-12));
        assert!(tick.label.len() <= 6, "{}", tick.label);
    }
    // Rosenbrock's picture minimum is near 0, so the decades print as powers of ten.
    let labels: Vec<&str> = legend.iter().map(|t| t.label.as_str()).collect();
    assert!(
        labels.contains(&"100") && labels.contains(&"1000"),
        "{labels:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Ticks

/// Checks `ticks` are the multiples of one 1-2-5 step inside [lo, hi] and cover it.
fn check_nice(lo: f64, hi: f64, max_count: usize, ticks: &[f64]) {
    assert!(
        !ticks.is_empty() && ticks.len() <= max_count,
        "{lo} {hi} {max_count}: {ticks:?}"
    );
    if ticks.len() < 2 {
        return;
    }
    let step = ticks[1] - ticks[0];
    let exponent = step.log10().floor();
    let mantissa = step / 10f64.powf(exponent);
    assert!(
        [1.0, 2.0, 5.0, 10.0]
            .iter()
            .any(|m| close(mantissa, *m, 1e-6)),
        "step {step} is not 1, 2 or 5 times a power of ten"
    );
    let tol = 1e-9 * step;
    for w in ticks.windows(2) {
        assert!(close(w[1] - w[0], step, 1e-6 * step), "uneven {ticks:?}");
    }
    for &t in ticks {
        assert!(t >= lo - tol && t <= hi + tol, "{t} outside [{lo}, {hi}]");
        assert!(
            close((t / step).round() * step, t, 1e-6 * step),
            "{t} not a multiple of {step}"
        );
    }
    // Covering: no part of the range is more than one step from a tick.
    assert!(ticks[0] - lo < step + tol && hi - ticks[ticks.len() - 1] < step + tol);
    // And the step is the smallest 1-2-5 step that fits: half of it (or 2/5 of it) would not.
    let finer = if close(mantissa, 2.0, 1e-6) {
        step / 2.0
    } else if close(mantissa, 5.0, 1e-6) {
        step * 0.4
    } else {
        step / 2.0
    };
    let n_finer = ((hi + tol) / finer).floor() - ((lo - tol) / finer).ceil() + 1.0;
    assert!(
        n_finer > max_count as f64,
        "a finer step {finer} would fit {n_finer} ≤ {max_count}"
    );
}

#[test]
fn nice_ticks_give_1_2_5_steps_covering_the_range() {
    assert_eq!(nice_ticks(0.0, 1.0, 5), vec![0.0, 0.5, 1.0]);
    assert_eq!(
        nice_ticks(0.0, 10.0, 6),
        vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    );
    assert_eq!(
        nice_ticks(0.1, 0.7, 7),
        vec![0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
    );
    assert_eq!(
        nice_ticks(-3.7, 12.2, 8),
        vec![-2.0, 0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]
    );
    assert_eq!(
        nice_ticks(10.0, 0.0, 6),
        vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    );
    assert_eq!(nice_ticks(3.0, 3.0, 5), vec![3.0]);
    assert!(nice_ticks(f64::NAN, 1.0, 5).is_empty());
    assert!(nice_ticks(0.0, 1.0, 0).is_empty());
    for (lo, hi, n) in [
        (0.0, 1.0, 5),
        (-2.0, 2.0, 9),
        (1e-7, 3e-7, 4),
        (123.456, 789.1, 7),
        (-1e300, 1e300, 5),
        (-f64::MAX, f64::MAX, 5),
        (1e16, 1e16 + 64.0, 5),
        (5.5, 9.5, 1),
        (0.0, 1e-6, 2),
    ] {
        check_nice(lo, hi, n, &nice_ticks(lo, hi, n));
    }
    assert!(nice_ticks(0.0, 1e9, 1_000_000).len() <= 1000);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn nice_ticks_hold_for_any_range(lo in -1e6f64..1e6, width in 1e-6f64..1e7, n in 1usize..15) {
        let hi = lo + width;
        check_nice(lo, hi, n, &nice_ticks(lo, hi, n));
    }

    #[test]
    fn tick_labels_are_short_and_parse_back(i in -50i64..50, e in -8i32..9, m in 0usize..3) {
        let step = [1.0, 2.0, 5.0][m] * 10f64.powi(e);
        let v = i as f64 * step;
        let label = format_tick(v, step);
        let parsed: f64 = label.parse().unwrap();
        prop_assert!((parsed - v).abs() <= 1e-9 * step.max(v.abs()), "{} → {}", v, label);
        prop_assert!(label.len() <= 8, "{}", label);
    }
}

#[test]
fn log_ticks_are_decades() {
    assert_eq!(
        nice_log_ticks(1e-3, 100.0),
        vec![1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0]
    );
    assert_eq!(nice_log_ticks(0.5, 2000.0), vec![1.0, 10.0, 100.0, 1000.0]);
    let wide = nice_log_ticks(1e-30, 1e30);
    assert!(wide.len() >= 2 && wide.len() <= 10, "{wide:?}");
    assert!(wide
        .windows(2)
        .all(|w| close(w[1] / w[0], wide[1] / wide[0], 1e-6 * w[1] / w[0])));
    assert_eq!(nice_log_ticks(2.0, 8.0), vec![2.0, 5.0]);
    assert_eq!(nice_log_ticks(3.0, 40.0), vec![5.0, 10.0, 20.0]);
    assert!(nice_log_ticks(-5.0, -1.0).is_empty());
    let from_zero = nice_log_ticks(0.0, 100.0);
    assert!(!from_zero.is_empty() && from_zero.iter().all(|&t| t > 0.0 && t <= 100.0));
}

#[test]
fn tick_labels_are_clean() {
    let cases = [
        (0.5, 0.5, "0.5"),
        (-2.0, 1.0, "-2"),
        (1500.0, 500.0, "1500"),
        (0.001, 0.001, "0.001"),
        (1e-4, 1e-4, "1e-4"),
        (2.5e6, 5e5, "2.5e6"),
        (1e5, 1e5, "1e5"),
        (0.30000000000000004, 0.1, "0.3"),
        (3e-17, 0.1, "0"),
        (-0.0, 1.0, "0"),
        (0.25, 0.05, "0.25"),
        (9.999999999e5, 1e5, "1.0e6"),
        (1.1e6, 1e5, "1.1e6"),
    ];
    for (v, step, want) in cases {
        assert_eq!(format_tick(v, step), want, "format_tick({v}, {step})");
    }
    assert_eq!(format_tick(f64::NAN, 1.0), "NaN");
    assert!(!format_tick(f64::INFINITY, 1.0).is_empty());
    assert_eq!(format_tick(7.0, 0.0), "7");
}

// ---------------------------------------------------------------------------------------------
// Loss chart

fn chart_svg(series: &[Series], size: (u32, u32)) -> String {
    let mut svg = String::new();
    {
        let mut backend = SVGBackend::with_string(&mut svg, size);
        loss_chart(&mut backend, series, &ChartStyle::light()).unwrap();
    }
    svg
}

/// The points of every `<polyline>` in an SVG string.
fn polylines(svg: &str) -> Vec<Vec<(f64, f64)>> {
    svg.match_indices("<polyline")
        .map(|(start, _)| {
            let rest = &svg[start..];
            let points = &rest[rest.find("points=\"").unwrap() + 8..];
            let points = &points[..points.find('"').unwrap()];
            points
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

#[test]
fn loss_chart_draws_series_axes_and_legend() {
    let sgd: Vec<f64> = (0..300).map(|k| 10.0 * 0.97f64.powi(k)).collect();
    let adam: Vec<f64> = (0..200).map(|k| 10.0 / (1.0 + k as f64)).collect();
    let red = RGBColor(220, 50, 47);
    let svg = chart_svg(
        &[
            Series {
                label: "sgd",
                color: RGBColor(38, 139, 210),
                values: &sgd,
            },
            Series {
                label: "adam",
                color: red,
                values: &adam,
            },
        ],
        (640, 360),
    );
    assert!(
        svg.contains("loss f, log scale"),
        "all values positive → log axis"
    );
    assert!(
        svg.contains(">\nstep\n<") || svg.contains(">step<"),
        "x axis title"
    );
    assert!(svg.contains("sgd") && svg.contains("adam"), "legend labels");
    assert!(
        svg.contains(">\n10\n<") || svg.contains(">10<"),
        "a decade label"
    );
    let lines = polylines(&svg);
    assert!(
        lines.iter().filter(|l| l.len() > 100).count() >= 2,
        "two series drawn"
    );
    // The red line ends lower than it starts (y grows downwards in SVG).
    assert!(svg.contains("#DC322F") || svg.contains("rgb(220,50,47)") || svg.contains("#dc322f"));
    let first = lines
        .iter()
        .find(|l| l.len() == 200)
        .expect("adam line, one point per step");
    assert!(first[0].1 < first[199].1);
}

#[test]
fn one_series_has_no_legend_and_negative_losses_get_a_linear_axis() {
    let values: Vec<f64> = (0..50).map(|k| 4.0 - 0.2 * k as f64).collect();
    let svg = chart_svg(
        &[Series {
            label: "only",
            color: RGBColor(0, 0, 0),
            values: &values,
        }],
        (500, 300),
    );
    assert!(svg.contains("loss f") && !svg.contains("log scale"));
    assert!(!svg.contains("only"), "no legend for a single series");
    assert!(
        svg.contains(">\n-4\n<") || svg.contains(">-4<") || svg.contains(">\n-5\n<"),
        "{svg}"
    );
}

#[test]
fn long_series_are_decimated_and_keep_their_spikes() {
    let mut values = vec![1.0; 100_000];
    values[54_321] = 1000.0;
    values[77_777] = 1e-3;
    let kept = decimate(&values, 500);
    assert!(kept.len() <= 1000);
    assert!(kept.contains(&(54_321, 1000.0)) && kept.contains(&(77_777, 1e-3)));
    assert!(kept.windows(2).all(|w| w[1].0 > w[0].0), "in step order");

    let svg = chart_svg(
        &[Series {
            label: "spiky",
            color: RGBColor(0, 0, 255),
            values: &values,
        }],
        (640, 360),
    );
    let lines = polylines(&svg);
    let line = lines.iter().max_by_key(|l| l.len()).unwrap();
    assert!(line.len() <= 2 * 640, "{} points", line.len());
    // The spike reaches the top tenth of the picture, the dip the bottom third.
    let top = line.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let bottom = line.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    assert!(top < 0.15 * 360.0, "spike at y = {top}");
    assert!(bottom > 0.6 * 360.0, "dip at y = {bottom}");
}

#[test]
fn decimation_skips_non_finite_values() {
    let values = [1.0, f64::NAN, 3.0, f64::INFINITY, 2.0];
    assert_eq!(decimate(&values, 10), vec![(0, 1.0), (2, 3.0), (4, 2.0)]);
    let mut diverged: Vec<f64> = (0..10_000).map(|k| 1.0 + k as f64).collect();
    diverged.extend(std::iter::repeat_n(f64::NAN, 10_000));
    let kept = decimate(&diverged, 100);
    assert!(kept.iter().all(|p| p.1.is_finite()));
    assert_eq!(
        kept.last(),
        Some(&(9_999, 10_000.0)),
        "the last finite step survives"
    );
    assert!(decimate(&[], 10).is_empty());
}

#[test]
fn empty_nan_tiny_and_huge_charts_do_not_panic() {
    let svg = chart_svg(&[], (400, 300));
    assert!(svg.contains("no steps yet") && svg.contains("step"));
    let svg = chart_svg(
        &[Series {
            label: "a",
            color: RGBColor(1, 2, 3),
            values: &[],
        }],
        (400, 300),
    );
    assert!(svg.contains("no steps yet"));
    let nans = [f64::NAN; 20];
    let svg = chart_svg(
        &[Series {
            label: "a",
            color: RGBColor(1, 2, 3),
            values: &nans,
        }],
        (400, 300),
    );
    assert!(svg.contains("no finite values"));
    let one = [2.5];
    let svg = chart_svg(
        &[Series {
            label: "a",
            color: RGBColor(1, 2, 3),
            values: &one,
        }],
        (400, 300),
    );
    assert!(svg.contains("<circle"));
    for values in [
        vec![1e308, -1e308, 0.0],
        vec![f64::MAX, f64::MAX],
        vec![5e-324, 1e308],
        vec![0.0, 0.0, 0.0],
        vec![-f64::MAX, f64::MAX, f64::NAN, f64::NEG_INFINITY],
    ] {
        let svg = chart_svg(
            &[Series {
                label: "x",
                color: RGBColor(9, 9, 9),
                values: &values,
            }],
            (400, 300),
        );
        assert!(svg.contains("loss f"));
    }
    let tiny = chart_svg(
        &[Series {
            label: "a",
            color: RGBColor(1, 2, 3),
            values: &one,
        }],
        (30, 20),
    );
    assert!(tiny.starts_with("<svg"));
    let mut dark = String::new();
    {
        let mut backend = SVGBackend::with_string(&mut dark, (300, 200));
        loss_chart(&mut backend, &[], &ChartStyle::dark()).unwrap();
    }
    assert!(dark.contains("no steps yet"));
}
