//! The benchmark workloads (bench/WORKLOADS.md) give the spec's results through the
//! playground's kernels: input checksums against the published CRC-32s (computed here by an
//! independent bitwise CRC), W1's final MSE, W2's checksum and every pixel's colour against the
//! colour rule evaluated directly, and W3's final points bit for bit. Also: painting through a
//! palette is exactly the playground heatmap's binning.

use downhill::bench::{
    mlp_inputs, run_optimizer, LandscapeGrid, MlpSession, W1_EPOCHS, W1_HIDDEN, W1_N_INPUTS,
    W2_VIEW, W3_OPTIMIZERS, W3_START,
};
use downhill::landscape::Landscape;
use downhill::render::{evaluate_grid, paint, Heatmap, Palette, View};

/// CRC-32 as zlib computes it (reflected polynomial 0xEDB88320), bit by bit.
fn crc32(bytes: impl IntoIterator<Item = u8>) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn le_f32(values: &[f32]) -> impl Iterator<Item = u8> + '_ {
    values.iter().flat_map(|v| v.to_le_bytes())
}

#[test]
fn crc32_matches_the_standard_check_value() {
    // The catalogue check value of CRC-32/ISO-HDLC (zlib's) for "123456789".
    assert_eq!(crc32(*b"123456789"), 0xcbf4_3926);
}

#[test]
fn w1_inputs_match_the_published_checksums() {
    let inputs = mlp_inputs(20_000, W1_EPOCHS);
    assert_eq!(inputs.x.len(), 20_000 * 8);
    assert_eq!(inputs.params.len(), 1377);
    assert_eq!(crc32(le_f32(&inputs.x)), 304_966_517, "x");
    assert_eq!(crc32(le_f32(&inputs.y)), 35_578_665, "y");
    assert_eq!(crc32(le_f32(&inputs.params)), 970_909_857, "params");
    let perms = inputs
        .perms
        .iter()
        .flat_map(|p| p.iter().flat_map(|v| v.to_le_bytes()));
    assert_eq!(crc32(perms), 768_222_738, "permutations");
}

#[test]
fn w1_f32_trains_to_the_expected_mse() {
    let inputs = mlp_inputs(20_000, W1_EPOCHS);
    let mut session = MlpSession::<f32>::new(
        W1_N_INPUTS,
        &W1_HIDDEN,
        &inputs.x,
        &inputs.y,
        &inputs.params,
    )
    .unwrap();
    let initial = session.mse().unwrap();
    assert!((initial - 1.387359).abs() < 1e-6, "initial MSE {initial}");
    for perm in &inputs.perms {
        session.epoch(perm, 0.01, 64).unwrap();
    }
    let mse = session.mse().unwrap();
    let rel = (mse - 0.2362148).abs() / 0.2362148;
    assert!(rel <= 1e-4, "final MSE {mse}");
}

#[test]
fn w1_session_refuses_inconsistent_inputs_in_words() {
    let x = vec![0.0f32; 15];
    let y = vec![0.0f32; 2];
    let err = MlpSession::<f32>::new(8, &[4], &x, &y, &[0.0; 41])
        .err()
        .unwrap();
    assert!(err.0.contains("8 feature values"), "{}", err.0);
    let x = vec![0.0f32; 16];
    let err = MlpSession::<f32>::new(8, &[4], &x, &y, &[0.0; 3])
        .err()
        .unwrap();
    assert!(err.0.contains("41 parameters"), "{}", err.0);
}

/// W2's table: LUT[k] = (k, 255 − |2k − 255|, 255 − k, 255).
fn w2_palette() -> Palette {
    let bytes: Vec<u8> = (0..256i32)
        .flat_map(|k| [k, 255 - (2 * k - 255).abs(), 255 - k, 255])
        .map(|v| v as u8)
        .collect();
    Palette::from_rgba(&bytes).unwrap()
}

#[test]
fn w2_grid_gives_the_spec_checksums_and_each_pixel_follows_the_colour_rule() {
    let landscape = Landscape::builtin("rosenbrock", &[]).unwrap();
    let mut grid = LandscapeGrid::new();
    let f_max = grid.render(&landscape, &W2_VIEW, &w2_palette()).unwrap();
    assert!((f_max - 2489.499).abs() < 5e-4, "f_max {f_max}");
    let sum_rgba: u64 = grid.rgba().iter().map(|&b| u64::from(b)).sum();
    assert_eq!(sum_rgba, 173_276_076);
    let sum_f: f64 = grid.values().iter().map(|&v| f64::from(v)).sum();
    assert!((sum_f - 7.575868e7).abs() < 1e-6 * 7.575868e7, "ΣF {sum_f}");

    // Every pixel against the rule evaluated directly: x, y at the pixel centre, F, ∇F by hand,
    // k = min(255, ⌊256 · ln(1 + F)/ln(1 + f_max)⌋).
    let (w, h) = (512usize, 512usize);
    for r in 0..h {
        let y = 3.0 - (r as f64 + 0.5) * 4.0 / h as f64;
        for c in 0..w {
            let x = -2.0 + (c as f64 + 0.5) * 4.0 / w as f64;
            let (a, b) = (1.0 - x, y - x * x);
            let f = a * a + 100.0 * (b * b);
            let i = r * w + c;
            assert_eq!(grid.values()[i], f as f32, "f at ({r}, {c})");
            assert_eq!(
                grid.gradient_x()[i],
                (-2.0 * a - 400.0 * x * b) as f32,
                "gx at ({r}, {c})"
            );
            assert_eq!(grid.gradient_y()[i], (200.0 * b) as f32, "gy at ({r}, {c})");
            let k = ((256.0 * ((1.0 + f).ln() / (1.0 + f_max).ln())).floor() as i32).min(255);
            let want = [k, 255 - (2 * k - 255).abs(), 255 - k, 255].map(|v| v as u8);
            assert_eq!(grid.rgba()[4 * i..4 * i + 4], want, "colour at ({r}, {c})");
        }
    }
}

#[test]
fn w2_grid_refuses_a_scale_it_cannot_draw() {
    // x² − y² is negative in places but its maximum is positive: drawable. A view where f is
    // negative everywhere has f_max < 0, and ln(1 + f) has no meaning there.
    let saddle = Landscape::builtin("saddle", &[]).unwrap();
    let view = View {
        x_min: -0.1,
        x_max: 0.1,
        y_min: 2.0,
        y_max: 3.0,
        width: 8,
        height: 8,
    };
    let err = LandscapeGrid::new()
        .render(&saddle, &view, &Palette::viridis())
        .err()
        .unwrap();
    assert!(err.0.contains("f_max"), "{}", err.0);
}

#[test]
fn painting_with_viridis_is_exactly_the_heatmaps_picture() {
    let rosenbrock = |x: f64, y: f64| (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
    let view = View {
        width: 200,
        height: 150,
        ..W2_VIEW
    };
    let mut heatmap = Heatmap::new();
    heatmap.render(rosenbrock, &view, 10).unwrap();
    let mut values = vec![0.0; view.n_pixels()];
    evaluate_grid(&rosenbrock, &view, &mut values);
    let mut rgba = vec![0u8; 4 * view.n_pixels()];
    let n_undefined = paint(&values, heatmap.scale(), &Palette::viridis(), &mut rgba).unwrap();
    assert_eq!(n_undefined, 0);
    assert_eq!(rgba, heatmap.rgba());
    // A wrong-sized output is refused, not half-written.
    assert!(paint(
        &values,
        heatmap.scale(),
        &Palette::viridis(),
        &mut rgba[4..]
    )
    .is_err());
    assert!(Palette::from_rgba(&[0u8; 1023]).is_err());
}

#[test]
fn w3_final_points_are_bit_identical_to_the_spec() {
    let expected: [(&str, [f64; 2]); 6] = [
        ("sgd", [0.9998216840103001, 0.99964268619173]),
        ("momentum", [0.9998228399637032, 0.9996450023142547]),
        ("nesterov", [0.9998226993640706, 0.999644720602085]),
        ("adagrad", [0.9999999987148774, 0.9999999974258355]),
        ("rmsprop", [0.9993500150126499, 1.000200302487479]),
        ("adam", [0.9999951127406305, 0.9999902329151744]),
    ];
    for ((name, lr), (want_name, want)) in W3_OPTIMIZERS.into_iter().zip(expected) {
        assert_eq!(name, want_name);
        let got = run_optimizer(name, lr, 100_000, W3_START).unwrap();
        assert_eq!(
            got.map(f64::to_bits),
            want.map(f64::to_bits),
            "{name}: {got:?}"
        );
    }
    assert!(run_optimizer("lbfgs", 0.1, 10, W3_START).is_err());
    assert!(run_optimizer("sgd", -0.1, 10, W3_START).is_err());
}
