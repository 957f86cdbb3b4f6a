//! The race's lane colours (`race::RUNNER_COLORS`) are told apart by normal and colour-blind
//! eyes and read on the whole map, checked with the colour science written out here:
//!
//! - sRGB → linear RGB → CIE XYZ (D65) → CIELAB: IEC 61966-2-1 (sRGB) and CIE 15:2004.
//! - Colour difference CIEDE2000: G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000 color-difference
//!   formula: implementation notes, supplementary test data, and mathematical observations",
//!   Color Research & Application 30(1), 2005 (equations 1–18; its test pairs are checked below).
//! - Deuteranopia: G. M. Machado, M. M. Oliveira, L. A. F. Fernandes, "A physiologically-based
//!   model for simulation of color vision deficiency", IEEE TVCG 15(6), 2009: the severity 1.0
//!   deuteranomaly matrix, applied to linear RGB.
//! - Contrast ratio: WCAG 2.1, (L₁ + 0.05) / (L₂ + 0.05) of relative luminances.
//!
//! The thresholds: every two lanes ΔE₀₀ ≥ 20 for normal vision and ≥ 10 after the deuteranopia
//! simulation, and every lane at least 3:1 against viridis's darkest and brightest colours (the
//! map's extremes, so it reads wherever a path goes).

use downhill::race::RUNNER_COLORS;
use downhill::render::viridis_rgba;

/// An sRGB channel byte to linear light (IEC 61966-2-1).
fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn linear_rgb(c: [u8; 3]) -> [f64; 3] {
    c.map(linear)
}

/// Relative luminance Y of linear RGB (the sRGB primaries' Y row).
fn luminance(rgb: [f64; 3]) -> f64 {
    0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
}

/// WCAG contrast ratio of two colours.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(linear_rgb(a)), luminance(linear_rgb(b)));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Linear sRGB to CIELAB under D65 (XYZ by the sRGB matrix, then CIE 15's f(t)).
fn lab(rgb: [f64; 3]) -> [f64; 3] {
    let [r, g, b] = rgb;
    let x = 0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b;
    let z = 0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x / 0.950_47), f(y / 1.0), f(z / 1.088_83));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// Machado et al. (2009), deuteranomaly at severity 1.0, on linear RGB (clamped to the gamut).
fn deuteranopia(rgb: [f64; 3]) -> [f64; 3] {
    const M: [[f64; 3]; 3] = [
        [0.367_322, 0.860_646, -0.227_968],
        [0.280_085, 0.672_501, 0.047_413],
        [-0.011_820, 0.042_940, 0.968_881],
    ];
    M.map(|row| (row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]).clamp(0.0, 1.0))
}

/// CIEDE2000 ΔE₀₀ between two CIELAB colours (Sharma, Wu and Dalal 2005, kL = kC = kH = 1).
fn ciede2000(p: [f64; 3], q: [f64; 3]) -> f64 {
    let [l1, a1, b1] = p;
    let [l2, a2, b2] = q;
    // (2)–(6): a′ stretches a* by G, which depends on the mean chroma.
    let c_mean = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
    let c7 = c_mean.powi(7);
    let g = 0.5 * (1.0 - (c7 / (c7 + 25f64.powi(7))).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
    let hue = |b: f64, a: f64| {
        if a == 0.0 && b == 0.0 {
            0.0
        } else {
            b.atan2(a).to_degrees().rem_euclid(360.0)
        }
    };
    let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));
    // (8)–(10): differences in lightness, chroma and hue.
    let dl = l2 - l1;
    let dc = c2p - c1p;
    let dh = if c1p * c2p == 0.0 {
        0.0
    } else if (h2p - h1p).abs() <= 180.0 {
        h2p - h1p
    } else if h2p - h1p > 180.0 {
        h2p - h1p - 360.0
    } else {
        h2p - h1p + 360.0
    };
    let d_big_h = 2.0 * (c1p * c2p).sqrt() * (dh.to_radians() / 2.0).sin();
    // (11)–(13): means of L′, C′ and h′.
    let l_mean = (l1 + l2) / 2.0;
    let cp_mean = (c1p + c2p) / 2.0;
    let h_mean = if c1p * c2p == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        (h1p + h2p) / 2.0
    } else if h1p + h2p < 360.0 {
        (h1p + h2p + 360.0) / 2.0
    } else {
        (h1p + h2p - 360.0) / 2.0
    };
    // (15)–(22): the weighting functions and the rotation term.
    let t = 1.0 - 0.17 * (h_mean - 30.0).to_radians().cos()
        + 0.24 * (2.0 * h_mean).to_radians().cos()
        + 0.32 * (3.0 * h_mean + 6.0).to_radians().cos()
        - 0.20 * (4.0 * h_mean - 63.0).to_radians().cos();
    let d_theta = 30.0 * (-((h_mean - 275.0) / 25.0).powi(2)).exp();
    let cp7 = cp_mean.powi(7);
    let r_c = 2.0 * (cp7 / (cp7 + 25f64.powi(7))).sqrt();
    let s_l = 1.0 + 0.015 * (l_mean - 50.0).powi(2) / (20.0 + (l_mean - 50.0).powi(2)).sqrt();
    let s_c = 1.0 + 0.045 * cp_mean;
    let s_h = 1.0 + 0.015 * cp_mean * t;
    let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;
    ((dl / s_l).powi(2)
        + (dc / s_c).powi(2)
        + (d_big_h / s_h).powi(2)
        + r_t * (dc / s_c) * (d_big_h / s_h))
        .sqrt()
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02X}{:02X}{:02X}", c[0], c[1], c[2])
}

fn rgb(rgba: [u8; 4]) -> [u8; 3] {
    [rgba[0], rgba[1], rgba[2]]
}

#[test]
fn ciede2000_matches_sharmas_test_data() {
    // Pairs 1, 7, 17, 19 and 34 of Sharma, Wu and Dalal's Table 1, with their ΔE₀₀.
    let pairs = [
        ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
        ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
        ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
        ([50.0, 2.5, 0.0], [50.0, 3.1736, 0.5854], 1.0),
        (
            [22.7233, 20.0904, -46.694],
            [23.0331, 14.973, -42.5619],
            2.0373,
        ),
    ];
    for (p, q, want) in pairs {
        let got = ciede2000(p, q);
        assert!(
            (got - want).abs() < 1e-4,
            "ΔE00({p:?}, {q:?}) = {got}, want {want}"
        );
        assert!((ciede2000(q, p) - want).abs() < 1e-4, "symmetric");
    }
}

#[test]
fn lab_and_the_deuteranopia_matrix_keep_white_and_grey() {
    let white = lab(linear_rgb([255, 255, 255]));
    assert!((white[0] - 100.0).abs() < 1e-3 && white[1].abs() < 1e-2 && white[2].abs() < 1e-2);
    // Machado's rows each sum to 1: greys look the same to a deuteranope.
    let grey = linear_rgb([128, 128, 128]);
    let seen = deuteranopia(grey);
    for k in 0..3 {
        assert!((seen[k] - grey[k]).abs() < 1e-5, "grey stays grey");
    }
}

#[test]
fn lanes_differ_for_normal_and_deuteranope_eyes() {
    for (i, &a) in RUNNER_COLORS.iter().enumerate() {
        for &b in &RUNNER_COLORS[i + 1..] {
            let (la, lb) = (linear_rgb(a), linear_rgb(b));
            let normal = ciede2000(lab(la), lab(lb));
            let deutan = ciede2000(lab(deuteranopia(la)), lab(deuteranopia(lb)));
            assert!(
                normal >= 20.0,
                "{} and {}: ΔE00 {normal:.1} < 20",
                hex(a),
                hex(b)
            );
            assert!(
                deutan >= 10.0,
                "{} and {} for a deuteranope: ΔE00 {deutan:.1} < 10",
                hex(a),
                hex(b)
            );
        }
    }
}

#[test]
fn lanes_read_on_the_darkest_and_brightest_map_colours() {
    let (darkest, brightest) = (rgb(viridis_rgba(0)), rgb(viridis_rgba(255)));
    for &c in &RUNNER_COLORS {
        for map in [darkest, brightest] {
            let ratio = contrast(c, map);
            assert!(
                ratio >= 3.0,
                "{} on the map's {}: contrast {ratio:.2} < 3",
                hex(c),
                hex(map)
            );
        }
    }
}
