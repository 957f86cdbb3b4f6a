//! How values of f map to positions t ∈ [0, 1] along the colour bar, and back.
//!
//! Values are first shifted by the picture's minimum: g = f − f_min ≥ 0, R = f_max − f_min.
//!
//! - Linear: t = g/R.
//! - Log: t = ln(1 + g/s) / ln(1 + R/s), with a softening s > 0 so that g = 0 is allowed and
//!   flat basins keep some colours: below s the scale is nearly linear, above it logarithmic.
//!
//! The choice, made by [`ColorScale::fit`] from the values of one picture: **log when the median
//! of g is below R/10**, i.e. when a linear scale would paint half of the picture with the
//! bottom tenth of the colours (Rosenbrock's valley, Beale's plateaus). Planes, bowls and
//! Rastrigin stay linear. The softening is the 5th percentile of g (the darkest 5% of the
//! picture keeps nearly linear detail), but at least R·10⁻⁶, so at most about six decades share
//! the colour bar.
//!
//! Colour bins are exact: the 255 values of f at which the colour index
//! k = min(255, ⌊256·t⌋) steps up are found once per picture (by bisection on the floating-point
//! numbers themselves), and each pixel's bin is then found by comparisons alone.

use super::ticks::{format_tick, nice_step, nice_ticks, pow10};
use super::RenderError;

/// How many colours the colour bar has.
const N_COLORS: usize = 256;
/// At most this many values are looked at to choose the scale (an evenly strided sample).
const N_SAMPLE: usize = 4096;
/// Log scale when the median of g is below R / `LOG_RATIO`.
const LOG_RATIO: f64 = 10.0;
/// The softening is at least R·`MIN_SOFTENING`.
const MIN_SOFTENING: f64 = 1e-6;

/// One labelled mark on the colour bar.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendTick {
    /// The value of f the mark stands for.
    pub value: f64,
    /// Its position along the colour bar: 0 at the bottom colour, 1 at the top.
    pub t: f64,
    /// The value written short ("0.5", "1e-3", "100").
    pub label: String,
}

/// The map f ↦ t ∈ [0, 1] of one picture (linear or softened-log in f − f_min), its inverse,
/// and the 255 exact bin edges of the 256 colours.
#[derive(Clone, Debug, PartialEq)]
pub struct ColorScale {
    /// The smallest finite value, mapped to t = 0.
    f_min: f64,
    /// The largest finite value, mapped to t = 1.
    f_max: f64,
    /// 1, or ½ when f_max − f_min overflows: g and R are computed as h·f − h·f_min.
    h: f64,
    /// R = h·f_max − h·f_min ≥ 0 (zero for a constant picture).
    range: f64,
    /// Whether t is logarithmic in g.
    log: bool,
    /// The softening s (in the same h-scaled units as `range`).
    s: f64,
    /// ln(1 + R/s), the denominator of the log map.
    log_range: f64,
    /// Whether any finite value was seen.
    has_data: bool,
    /// Bin edges with sentinels: `edges[k]` (1 ≤ k ≤ 255) is the smallest f whose colour index
    /// is at least k; `edges[0]` = −∞ and `edges[256]` = +∞, so bin k is
    /// edges[k] ≤ f < edges[k + 1].
    edges: [f64; N_COLORS + 1],
}

/// The numbers a [`ColorScale`] maps with (for the binning tables of [`super::bins`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScaleParts {
    /// The smallest finite value (t = 0).
    pub f_min: f64,
    /// The largest finite value (t = 1).
    pub f_max: f64,
    /// 1, or ½ when f_max − f_min overflows (g = h·f − h·f_min).
    pub h: f64,
    /// R = h·f_max − h·f_min (0 for a constant picture).
    pub range: f64,
    /// Whether t is logarithmic in g.
    pub log: bool,
    /// The softening s, in the units of g.
    pub s: f64,
}

impl Default for ColorScale {
    fn default() -> Self {
        Self::constant(0.0, false)
    }
}

impl ColorScale {
    /// A scale for a picture where every finite value is `value` (or none is finite): t = 0
    /// everywhere, without dividing by zero.
    fn constant(value: f64, has_data: bool) -> Self {
        ColorScale {
            f_min: value,
            f_max: value,
            h: 1.0,
            range: 0.0,
            log: false,
            s: 1.0,
            log_range: 0.0,
            has_data,
            edges: no_edges(),
        }
    }

    /// The linear scale t = (f − min)/(max − min).
    pub fn linear(min: f64, max: f64) -> Result<Self, RenderError> {
        Self::checked(min, max, false, 1.0)
    }

    /// The softened log scale t = ln(1 + (f − min)/s) / ln(1 + (max − min)/s), for s > 0.
    pub fn log(min: f64, max: f64, softening: f64) -> Result<Self, RenderError> {
        if !(softening.is_finite() && softening > 0.0) {
            return Err(RenderError(format!(
                "the log colour scale needs a positive softening (got {softening})"
            )));
        }
        Self::checked(min, max, true, softening)
    }

    fn checked(min: f64, max: f64, log: bool, softening: f64) -> Result<Self, RenderError> {
        if !(min.is_finite() && max.is_finite() && min <= max) {
            return Err(RenderError(format!(
                "a colour scale needs finite ends with min ≤ max (got {min} and {max})"
            )));
        }
        Ok(Self::build(min, max, log, softening))
    }

    /// Chooses the scale for a picture's values (see the module notes for the rule).
    /// NaN and infinite values are ignored.
    pub fn fit(values: &[f64]) -> Self {
        Self::fit_with(values, &mut Vec::new())
    }

    /// [`ColorScale::fit`], reusing `sample` as scratch space.
    pub(crate) fn fit_with(values: &[f64], sample: &mut Vec<f64>) -> Self {
        let mut f_min = f64::INFINITY;
        let mut f_max = f64::NEG_INFINITY;
        for &v in values {
            if v.is_finite() {
                f_min = if v < f_min { v } else { f_min };
                f_max = if v > f_max { v } else { f_max };
            }
        }
        if f_min > f_max {
            return Self::constant(0.0, false);
        }
        if f_min == f_max {
            return Self::constant(f_min, true);
        }
        let h = if (f_max - f_min).is_finite() {
            1.0
        } else {
            0.5
        };
        let range = h * f_max - h * f_min;
        // An evenly strided sample of g decides the scale; deterministic for a given picture.
        let stride = values.len().div_ceil(N_SAMPLE).max(1);
        sample.clear();
        sample.extend(
            values
                .iter()
                .step_by(stride)
                .filter(|v| v.is_finite())
                .map(|&v| h * v - h * f_min),
        );
        let median = quantile(sample, 0.5);
        let log = median < range / LOG_RATIO;
        let s = quantile(sample, 0.05).max(range * MIN_SOFTENING);
        Self::build(f_min, f_max, log, s / h)
    }

    /// The scale with the given parts, and its bin edges.
    fn build(f_min: f64, f_max: f64, log: bool, softening: f64) -> Self {
        if f_min == f_max {
            return Self::constant(f_min, true);
        }
        let h = if (f_max - f_min).is_finite() {
            1.0
        } else {
            0.5
        };
        let range = h * f_max - h * f_min;
        let s = (h * softening).max(f64::MIN_POSITIVE);
        let log_range = (range / s).ln_1p();
        let mut scale = ColorScale {
            f_min,
            f_max,
            h,
            range,
            log,
            s,
            log_range,
            has_data: true,
            edges: no_edges(),
        };
        if log && !(scale.log_range.is_finite() && scale.log_range > 0.0) {
            scale.log = false;
        }
        let mut previous = f_min;
        for j in 0..N_COLORS - 1 {
            // Colour index ≥ j + 1 exactly when 256·t ≥ j + 1, i.e. t ≥ (j + 1)/256.
            let edge = scale.first_reaching((j + 1) as f64 / N_COLORS as f64);
            // Keep the edges sorted even if t were not monotone somewhere in the last bit.
            previous = previous.max(edge);
            scale.edges[j + 1] = previous;
        }
        scale
    }

    /// The smallest f in [f_min, f_max] with t_of(f) ≥ `target` (0 < target < 1): a guess from
    /// the inverse map, bracketed by galloping over neighbouring floats, then bisected.
    fn first_reaching(&self, target: f64) -> f64 {
        let reaches = |key: i64| self.t_of(from_key(key)) >= target;
        let (key_min, key_max) = (to_key(self.f_min), to_key(self.f_max));
        let guess = to_key(self.value_of(target).clamp(self.f_min, self.f_max));
        // Invariant: !reaches(lo) (or lo = key_min − 1 as a sentinel) and reaches(hi).
        let (mut lo, mut hi) = if reaches(guess) {
            let mut hi = guess;
            let mut jump = 1i64;
            loop {
                let lo = hi.saturating_sub(jump).max(key_min);
                if !reaches(lo) {
                    break (lo, hi);
                }
                if lo == key_min {
                    break (key_min - 1, lo);
                }
                hi = lo;
                jump = jump.saturating_mul(2);
            }
        } else {
            let mut lo = guess;
            let mut jump = 1i64;
            loop {
                let hi = lo.saturating_add(jump).min(key_max);
                if reaches(hi) || hi == key_max {
                    break (lo, hi);
                }
                lo = hi;
                jump = jump.saturating_mul(2);
            }
        };
        while hi - lo > 1 {
            let mid = ((i128::from(lo) + i128::from(hi)) / 2) as i64;
            if reaches(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        from_key(hi)
    }

    /// Position along the colour bar of the value `f`: linear g/R or log
    /// ln(1 + g/s)/ln(1 + R/s) with g = f − f_min, clamped into [0, 1]; 0 for a constant
    /// picture; NaN when `f` is NaN or infinite.
    pub fn t_of(&self, f: f64) -> f64 {
        if !f.is_finite() {
            return f64::NAN;
        }
        if self.range == 0.0 {
            return 0.0;
        }
        let g = (self.h * f - self.h * self.f_min).max(0.0);
        let t = if self.log {
            (g / self.s).ln_1p() / self.log_range
        } else {
            g / self.range
        };
        t.clamp(0.0, 1.0)
    }

    /// The value of f at position `t` of the colour bar (clamped into [0, 1]): the inverse of
    /// [`ColorScale::t_of`], f_min + t·R or f_min + s·(exp(t·ln(1 + R/s)) − 1).
    pub fn value_of(&self, t: f64) -> f64 {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let g = if self.log {
            self.s * (t * self.log_range).exp_m1()
        } else {
            t * self.range
        };
        ((self.h * self.f_min + g) / self.h).clamp(self.f_min, self.f_max)
    }

    /// The colour index k = min(255, ⌊256·t_of(f)⌋) of `f`, found by comparing with the bin
    /// edges; `None` when `f` is NaN or infinite.
    pub fn index_of(&self, f: f64) -> Option<usize> {
        f.is_finite()
            .then(|| self.thresholds().partition_point(|&edge| edge <= f))
    }

    /// The numbers this scale maps with.
    pub(crate) fn parts(&self) -> ScaleParts {
        ScaleParts {
            f_min: self.f_min,
            f_max: self.f_max,
            h: self.h,
            range: self.range,
            log: self.log,
            s: self.s,
        }
    }

    /// Whether t is logarithmic in f − f_min.
    pub fn is_log(&self) -> bool {
        self.log
    }

    /// The smallest finite value of the picture (t = 0); 0 when there was none.
    pub fn min(&self) -> f64 {
        self.f_min
    }

    /// The largest finite value of the picture (t = 1); 0 when there was none.
    pub fn max(&self) -> f64 {
        self.f_max
    }

    /// The softening s of the log map, in units of f.
    pub fn softening(&self) -> f64 {
        self.s / self.h
    }

    /// Whether the picture had any finite value at all.
    pub fn has_data(&self) -> bool {
        self.has_data
    }

    /// The 255 values of f where the colour index steps up: `thresholds()[j]` is the smallest
    /// f whose index is at least j + 1 (all infinite for a constant picture).
    pub fn thresholds(&self) -> &[f64] {
        &self.edges[1..N_COLORS]
    }

    /// `n_levels` contour levels evenly spaced in t, at t = i/(n_levels + 1) for
    /// i = 1..=n_levels (so log-spaced on a log scale); none for a constant picture, and fewer
    /// when rounding makes neighbours equal (f spans only a few floats).
    pub fn levels(&self, n_levels: usize) -> Vec<f64> {
        let mut levels = Vec::with_capacity(n_levels);
        self.levels_into(n_levels, &mut levels);
        levels
    }

    /// [`ColorScale::levels`] into a reused buffer (strictly increasing, duplicates dropped).
    pub(crate) fn levels_into(&self, n_levels: usize, levels: &mut Vec<f64>) {
        levels.clear();
        if self.range == 0.0 {
            return;
        }
        for i in 1..=n_levels {
            let level = self.value_of(i as f64 / (n_levels + 1) as f64);
            if levels.last().is_none_or(|&last| level > last) {
                levels.push(level);
            }
        }
    }

    /// About `n_ticks` labelled marks for the colour bar, bottom to top.
    ///
    /// Linear scale: the [`nice_ticks`] of [f_min, f_max]. Log scale: f_min (rounded to the
    /// softening's precision) and f_min + 10^k for the powers of ten between the softening and
    /// R, each rounded to two significant digits of its 10^k, thinned to keep them apart.
    pub fn legend(&self, n_ticks: usize) -> Vec<LegendTick> {
        if !self.has_data || n_ticks == 0 {
            return Vec::new();
        }
        if self.range == 0.0 {
            let label = format_tick(self.f_min, self.f_min.abs());
            return vec![LegendTick {
                value: self.f_min,
                t: 0.0,
                label,
            }];
        }
        if !self.log {
            let Some((step, _)) = nice_step(self.f_min, self.f_max, n_ticks) else {
                return Vec::new();
            };
            return nice_ticks(self.f_min, self.f_max, n_ticks)
                .into_iter()
                .map(|value| self.tick(value, step.value()))
                .collect();
        }
        self.log_legend(n_ticks)
    }

    fn tick(&self, value: f64, step: f64) -> LegendTick {
        LegendTick {
            value,
            t: self.t_of(value),
            label: format_tick(value, step),
        }
    }

    fn log_legend(&self, n_ticks: usize) -> Vec<LegendTick> {
        // Decade exponents between the softening and R (in units of f: s/h and R/h, taken as
        // logarithms so that R/h cannot overflow).
        let log10_s = self.s.log10() - self.h.log10();
        let log10_range = self.range.log10() - self.h.log10();
        let e_lo = (log10_s.ceil() as i32).clamp(-330, 330);
        let e_hi = (log10_range.floor() as i32).clamp(-330, 330);
        let n_decades = (e_hi - e_lo + 1).max(0) as usize;
        let stride = n_decades.div_ceil(n_ticks.saturating_sub(1).max(1)).max(1) as i32;
        let e_s = (log10_s.floor() as i32).clamp(-330, 330);
        let mut candidates = vec![(snap(self.f_min, e_s), pow10(e_s))];
        for e in (e_lo..=e_hi).filter(|e| e.rem_euclid(stride) == 0) {
            let value = self.f_min + pow10(e);
            candidates.push((snap(value, e - 1), pow10(e - 1)));
        }
        let min_gap = 0.6 / n_ticks as f64;
        let mut ticks: Vec<LegendTick> = Vec::new();
        for (value, precision) in candidates {
            if !value.is_finite() || value > self.f_max {
                continue;
            }
            let mut tick = self.tick(value, precision);
            tick.label = trim_zeros(tick.label);
            if ticks.last().is_none_or(|last| tick.t - last.t >= min_gap) {
                ticks.push(tick);
            }
        }
        ticks
    }
}

/// Bin edges of a scale with a single colour: −∞, then +∞ everywhere.
fn no_edges() -> [f64; N_COLORS + 1] {
    let mut edges = [f64::INFINITY; N_COLORS + 1];
    edges[0] = f64::NEG_INFINITY;
    edges
}

/// `v` rounded to a multiple of 10^e (computed as an integer times or over a power of ten, so
/// the result prints exactly).
fn snap(v: f64, e: i32) -> f64 {
    let snapped = if e >= 0 {
        (v / pow10(e)).round() * pow10(e)
    } else {
        (v * pow10(-e)).round() / pow10(-e)
    };
    if snapped.is_finite() {
        snapped
    } else {
        v
    }
}

/// "1.500" → "1.5", "2.0" → "2"; scientific labels are left alone.
fn trim_zeros(label: String) -> String {
    if label.contains('.') && !label.contains('e') {
        label
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        label
    }
}

/// The p-quantile of `sample` (nearest rank ⌊p·(n − 1)⌋), reordering it; 0 when empty.
fn quantile(sample: &mut [f64], p: f64) -> f64 {
    if sample.is_empty() {
        return 0.0;
    }
    let rank = ((sample.len() - 1) as f64 * p).floor() as usize;
    crate::order::select(sample, rank)
}

/// A signed integer that orders like the float: adjacent floats have adjacent keys.
fn to_key(f: f64) -> i64 {
    let bits = f.to_bits() as i64;
    // Negative floats store magnitude bits: flip them so larger magnitude sorts lower.
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// The float with order key `key` (the inverse of [`to_key`]).
fn from_key(key: i64) -> f64 {
    f64::from_bits((key ^ ((((key >> 63) as u64) >> 1) as i64)) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_are_monotone_and_invertible() {
        let floats = [
            f64::MIN,
            -1e10,
            -1.0,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            1e-300,
            1.0,
            2.0,
            f64::MAX,
        ];
        for w in floats.windows(2) {
            assert!(to_key(w[0]) < to_key(w[1]), "{} {}", w[0], w[1]);
        }
        for f in floats {
            assert_eq!(from_key(to_key(f)).to_bits(), f.to_bits());
        }
        assert_eq!(
            to_key(1.0) + 1,
            to_key(f64::from_bits(1.0f64.to_bits() + 1))
        );
    }
}
