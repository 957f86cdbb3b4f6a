//! Axis ticks: "nice" 1-2-5 steps for linear axes, decades for log axes, and short labels.

/// The most ticks any axis gets, however many are asked for.
const MAX_TICKS: usize = 1000;

/// A 1-2-5 step m·10^e (m ∈ {1, 2, 5}), kept as integers so multiples print exactly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Step {
    mantissa: u8,
    exponent: i32,
}

impl Step {
    /// The step size m·10^e.
    pub(crate) fn value(self) -> f64 {
        self.multiple(1.0)
    }

    /// i·m·10^e, computed as (i·m)/10^(−e) for e < 0 so that 0.3 comes out as 0.3, not as
    /// 3·0.1 = 0.30000000000000004.
    fn multiple(self, i: f64) -> f64 {
        let im = i * f64::from(self.mantissa);
        if self.exponent >= 0 {
            im * pow10(self.exponent)
        } else {
            im / pow10(-self.exponent)
        }
    }

    /// The next larger 1-2-5 step: 1 → 2 → 5 → 10.
    fn next(self) -> Step {
        match self.mantissa {
            1 => Step {
                mantissa: 2,
                ..self
            },
            2 => Step {
                mantissa: 5,
                ..self
            },
            _ => Step {
                mantissa: 1,
                exponent: self.exponent + 1,
            },
        }
    }

    /// The integer range [i_lo, i_hi] of multiples i·step inside [lo, hi] (with a relative
    /// tolerance of 1e-9 of a step, so that 0.3 counts as inside [0.3, 1]).
    fn multiples_in(self, lo: f64, hi: f64) -> (f64, f64) {
        let step = self.value();
        ((lo / step - 1e-9).ceil(), (hi / step + 1e-9).floor())
    }
}

/// 10^e, exact for |e| ≤ 22 and correctly rounded beyond (via decimal parsing).
pub(crate) fn pow10(e: i32) -> f64 {
    if (0..=22).contains(&e) {
        10f64.powi(e)
    } else if (-22..0).contains(&e) {
        1.0 / 10f64.powi(-e)
    } else {
        crate::decimal::parse(&format!("1e{e}")).unwrap_or(f64::NAN)
    }
}

/// hi − lo without overflowing to infinity when both are huge (as a base-10 logarithm).
fn log10_span(lo: f64, hi: f64) -> f64 {
    let span = hi - lo;
    if span.is_finite() {
        span.log10()
    } else {
        (0.5 * hi - 0.5 * lo).log10() + 2f64.log10()
    }
}

/// The smallest 1-2-5 step giving at most `max_count` ticks inside [lo, hi] (lo < hi, finite),
/// and the number of ticks it gives (possibly 0 when no multiple of it falls inside).
pub(crate) fn nice_step(lo: f64, hi: f64, max_count: usize) -> Option<(Step, usize)> {
    let max_count = max_count.clamp(1, MAX_TICKS);
    // Start a decade below span/max_count, where there are certainly too many ticks.
    let e0 = (log10_span(lo, hi) - (max_count as f64).log10()).floor() as i32 - 1;
    let mut step = Step {
        mantissa: 1,
        exponent: e0.clamp(-330, 330),
    };
    for _ in 0..12 {
        let size = step.value();
        if size > 0.0 && size.is_finite() {
            let (i_lo, i_hi) = step.multiples_in(lo, hi);
            let count = (i_hi - i_lo + 1.0).max(0.0);
            if count <= max_count as f64 {
                return Some((step, count as usize));
            }
        }
        step = step.next();
    }
    None
}

/// Axis ticks for [min, max]: the multiples of the smallest 1-2-5 step (1, 2 or 5 times a power
/// of ten) that gives at most `max_count` of them inside the range.
///
/// Every point of the range is then within one step of a tick. The ends are swapped if given
/// in the wrong order; a zero-width range gives the one value; non-finite ends or
/// `max_count == 0` give no ticks; at most 1000 ticks are returned.
pub fn nice_ticks(min: f64, max: f64, max_count: usize) -> Vec<f64> {
    if !min.is_finite() || !max.is_finite() || max_count == 0 {
        return Vec::new();
    }
    let (lo, hi) = if min <= max { (min, max) } else { (max, min) };
    if lo == hi {
        return vec![lo];
    }
    let Some((step, count)) = nice_step(lo, hi, max_count) else {
        return vec![lo, hi];
    };
    if count == 0 {
        // A step one notch smaller fits two or more ticks: keep the one nearest the middle.
        let finer = Step {
            mantissa: match step.mantissa {
                1 => 5,
                5 => 2,
                _ => 1,
            },
            exponent: if step.mantissa == 1 {
                step.exponent - 1
            } else {
                step.exponent
            },
        };
        let i_mid = (0.5 * lo + 0.5 * hi) / finer.value();
        let (i_lo, i_hi) = finer.multiples_in(lo, hi);
        return vec![finer.multiple(i_mid.round().clamp(i_lo, i_hi))];
    }
    let (i_lo, _) = step.multiples_in(lo, hi);
    (0..count).map(|k| step.multiple(i_lo + k as f64)).collect()
}

/// Ticks for a log axis over [min, max]: the powers of ten inside the range (every second,
/// third, ... one when there are more than ten decades, so at most ten remain).
///
/// When fewer than two decades fall inside, the 1-2-5 values (1, 2, 5 × 10^k) inside are used,
/// and failing those the linear [`nice_ticks`]. Only positive values can sit on a log axis: a
/// non-positive `min` is treated as 10⁻³⁰⁰ and a non-positive `max` gives no ticks.
pub fn nice_log_ticks(min: f64, max: f64) -> Vec<f64> {
    if !min.is_finite() || !max.is_finite() {
        return Vec::new();
    }
    let (lo, hi) = if min <= max { (min, max) } else { (max, min) };
    if hi <= 0.0 {
        return Vec::new();
    }
    let lo = if lo > 0.0 { lo } else { 1e-300_f64.min(hi) };
    let e_lo = (lo.log10() - 1e-9).ceil() as i32;
    let e_hi = (hi.log10() + 1e-9).floor() as i32;
    let n_decades = (e_hi - e_lo + 1).max(0);
    if n_decades >= 2 {
        let stride = (n_decades + 9) / 10;
        return (e_lo..=e_hi)
            .filter(|e| e.rem_euclid(stride) == 0)
            .map(pow10)
            .collect();
    }
    let inside = |v: &f64| *v >= lo * (1.0 - 1e-12) && *v <= hi * (1.0 + 1e-12);
    let one_two_five: Vec<f64> = (e_lo - 1..=e_hi)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * pow10(e)))
        .filter(inside)
        .collect();
    if one_two_five.len() >= 2 {
        return one_two_five;
    }
    nice_ticks(lo, hi, 5)
}

/// The fewest decimals d (at most 12) that write `x` exactly: x·10^d is a whole number.
fn decimals_needed(x: f64) -> usize {
    let x = x.abs();
    (0..=12)
        .find(|&d| {
            let scaled = x * pow10(d as i32);
            (scaled - scaled.round()).abs() <= 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(12)
}

/// A short label for the tick value `v` on an axis whose ticks are `step` apart.
///
/// Plain decimals with just enough digits to tell neighbouring ticks apart ("0.5", "-2",
/// "0.001", "1500") when 10⁻³ ≤ step < 10⁴; otherwise scientific notation with a short mantissa
/// ("1e-4", "2.5e6"). Values within a millionth of a step of zero print as "0" (never "-0").
/// On a log axis pass the tick itself as `step`.
pub fn format_tick(v: f64, step: f64) -> String {
    if v.is_nan() {
        return "NaN".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞" } else { "-∞" }.to_string();
    }
    let step = if step.is_finite() && step != 0.0 {
        step.abs()
    } else {
        v.abs()
    };
    if v == 0.0 || v.abs() < step * 1e-6 {
        return "0".to_string();
    }
    if (1e-3..1e4).contains(&step) {
        let d = decimals_needed(step);
        return format!("{v:.d$}");
    }
    // Scientific: v = m·10^e with 1 ≤ |m| < 10, and enough mantissa digits for the step.
    let mut e = v.abs().log10().floor() as i32;
    for _ in 0..2 {
        let scale = pow10(e);
        let d = decimals_needed(step / scale).min(6);
        let m = format!("{:.d$}", v / scale);
        let m_abs = m.trim_start_matches('-');
        if m_abs.starts_with("10") {
            // Rounding carried into the next decade (9.99 → "10.0"): write it as 1·10^(e+1).
            e += 1;
            continue;
        }
        return format!("{m}e{e}");
    }
    format!("{v:e}")
}
