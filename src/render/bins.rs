//! Exact binning by table: how many of a sorted list of thresholds lie at or below a value,
//! found per pixel with one table look-up and (almost always) one comparison.
//!
//! The idea: a cheap integer key κ(f) that never decreases as f grows: the top bits of the
//! float u = max(c₀ + c₁·(f − f_min), c₀). Positive floats order like their bits, so for a log
//! scale (c₀ = 1, c₁ = 1/s) the exponent and the first few mantissa bits of u are a coarse,
//! monotone log₂(1 + (f − f_min)/s); for a linear scale (c₀ = 2⁵², c₁ = K/R) the bits of u count
//! whole units of (f − f_min)·K/R. Because κ is monotone, every threshold whose key is smaller
//! than κ(f) lies below f, and every one whose key is larger lies above it. So
//! `below[κ(f)]` = #{thresholds with a smaller key} is a lower bound of the answer, and only
//! the few thresholds that share f's key remain to be compared with f itself. The answer is
//! exact whatever the rounding of κ: the key only decides where the comparisons start.
//!
//! Keys are several times narrower than the bins, so a key nearly always holds at most one
//! threshold; then the count is `below[κ(f)]` plus one comparison with that threshold, without
//! a branch. Only when some key holds two or more (thresholds a few floats apart) does the
//! count walk on along the thresholds.

use super::scale::ColorScale;
use crate::lanes::{F64Vector, F64s, Lanes, Vector, LANES};

/// About this many keys span a picture's range (a few per colour bin, so that a key is
/// mostly shared by at most one threshold).
const N_KEYS: usize = 2048;
/// Never more keys than this, whatever the range (bounds the table's memory).
const MAX_KEYS: usize = 8192;

/// One key's entry: how many thresholds have a smaller key, and the smallest threshold with
/// this key (+∞ if none).
#[derive(Clone, Copy, Debug, Default)]
struct KeyEntry {
    first: f64,
    below: u32,
}

/// One key's entry of a [`Bins::split_table`]: what values of that key map to, below and at
/// or above its first threshold.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Split<T> {
    /// The first threshold with this key (+∞ if none).
    pub first: f64,
    /// What a value below `first` maps to.
    pub below: T,
    /// What a value at or above `first` maps to.
    pub at_or_above: T,
}

impl<T: Copy> Split<T> {
    /// What the finite value `f` (of this key) maps to.
    #[inline(always)]
    pub(crate) fn of(&self, f: f64) -> T {
        if self.first <= f {
            self.at_or_above
        } else {
            self.below
        }
    }
}

/// The monotone key of one scale and, per key, how many thresholds have a smaller key.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bins {
    /// h and h·f_min of the scale: g = h·f − h·f_min, exactly as the scale computes it.
    h: f64,
    h_f_min: f64,
    /// u = c0 + g·c1 clamped into [c0, u_last]; key = (bits(u) >> shift) − base.
    c0: f64,
    c1: f64,
    u_last: f64,
    shift: u32,
    base: u64,
    /// One entry for every key 0..=key(u_last).
    entries: Vec<KeyEntry>,
    /// The key of NaN and infinite values: one past the last entry.
    undefined_key: u32,
    /// Whether some key holds two thresholds or more (then counts walk on).
    crowded: bool,
    /// The thresholds, increasing, followed by +∞ (which stops every walk).
    thresholds: Vec<f64>,
}

impl Bins {
    /// Prepares the counting of `thresholds` (increasing, finite or +∞) for values coloured by
    /// `scale`: the key follows the scale's own t, so keys are spread evenly over the picture.
    pub(crate) fn prepare(&mut self, scale: &ColorScale, thresholds: &[f64]) {
        let parts = scale.parts();
        self.h = parts.h;
        self.h_f_min = parts.h * parts.f_min;
        if parts.log && parts.range > 0.0 {
            // u runs from 1 to 1 + R/s: log₂(1 + R/s) octaves, 2^(52 − shift) keys each.
            self.c0 = 1.0;
            self.c1 = 1.0 / parts.s;
            let octaves = (parts.range * self.c1).ln_1p() / core::f64::consts::LN_2;
            let per_octave = (N_KEYS as f64 / octaves).log2().floor().clamp(0.0, 52.0);
            self.shift = 52 - per_octave as u32;
        } else {
            // u = 2⁵² + g·K/R: the last bit of u is worth 1, so its bits count g·K/R (rounded).
            self.c0 = 4_503_599_627_370_496.0;
            self.c1 = if parts.range > 0.0 {
                N_KEYS as f64 / parts.range
            } else {
                0.0
            };
            self.shift = 0;
        }
        self.base = self.c0.to_bits() >> self.shift;
        // The last key is f_max's, or fewer if that would make too many.
        let g_max = self.h * parts.f_max - self.h_f_min;
        let u_max = (self.c0 + g_max * self.c1).max(self.c0);
        let cap_key = self.base + MAX_KEYS as u64 - 1;
        let u_cap = if cap_key <= f64::MAX.to_bits() >> self.shift {
            f64::from_bits(cap_key << self.shift)
        } else {
            f64::MAX
        };
        self.u_last = u_max.min(u_cap).max(self.c0);
        let n_keys = self.key_of(self.u_last) as usize + 1;
        self.undefined_key = n_keys as u32;

        self.thresholds.clear();
        self.thresholds.extend_from_slice(thresholds);
        self.thresholds.push(f64::INFINITY);
        let mut keys = vec![0u32; thresholds.len()];
        self.keys(thresholds, &mut keys);
        // Per key k: #{thresholds with a key < k} (the keys increase with the thresholds) and
        // the first threshold with key k.
        self.entries.clear();
        self.crowded = false;
        let mut threshold_idx = 0;
        for key in 0..n_keys as u32 {
            while threshold_idx < keys.len() && keys[threshold_idx] < key {
                threshold_idx += 1;
            }
            let first = match keys.get(threshold_idx) {
                Some(&k) if k == key => thresholds[threshold_idx],
                _ => f64::INFINITY,
            };
            self.entries.push(KeyEntry {
                first,
                below: threshold_idx as u32,
            });
        }
        self.crowded = keys.windows(2).any(|pair| pair[0] == pair[1]);
    }

    /// The key of a u in [c0, u_last].
    #[inline(always)]
    fn key_of(&self, u: f64) -> u32 {
        ((u.to_bits() >> self.shift) - self.base) as u32
    }

    /// u = c0 + g·c1 with g = h·f − h·f_min, clamped as floats into [c0, u_last] (NaN goes to
    /// c0), so that its key is in the table: on one value or on lanes.
    #[inline(always)]
    fn clamped_u<L: Lanes<Scalar = f64>>(&self, f: L) -> L {
        let c = L::splat;
        let u = c(self.c0) + (c(self.h) * f - c(self.h_f_min)) * c(self.c1);
        // pmax(c0, u) = if c0 < u { u } else { c0 } (so NaN gives c0), and
        // pmin(u_last, u) = if u < u_last { u } else { u_last }.
        c(self.u_last).pmin(c(self.c0).pmax(u))
    }

    /// The keys of `values` into `keys` (as far as both reach), [`LANES`] at a time; returns
    /// how many of those values are NaN or infinite. Monotone non-decreasing over finite values
    /// (each step rounds monotonely, and positive floats order like their bits); NaN and
    /// infinite values get the key after the last, which a [`Bins::split_table`] maps to its
    /// `undefined` and which [`Bins::count_keyed`] must not be given.
    ///
    /// Not inlined: one copy serves every pass (a call per chunk of values costs nothing).
    #[inline(never)]
    pub(crate) fn keys(&self, values: &[f64], keys: &mut [u32]) -> usize {
        let n = values.len().min(keys.len());
        let mut n_undefined = 0;
        let mut values_4 = values[..n].chunks_exact(LANES);
        let mut keys_4 = keys[..n].chunks_exact_mut(LANES);
        for (values, keys) in (&mut values_4).zip(&mut keys_4) {
            let f = F64s::load(values);
            let u = self.clamped_u(f);
            n_undefined += u.store_keys(f, self.shift, self.base, self.undefined_key, keys);
        }
        let rest = keys_4.into_remainder().iter_mut().zip(values_4.remainder());
        for (key, &f) in rest {
            *key = if f.is_finite() {
                self.key_of(self.clamped_u(f))
            } else {
                n_undefined += 1;
                self.undefined_key
            };
        }
        n_undefined
    }

    /// #{thresholds ≤ f} for a finite `f` whose key [`Bins::keys`] gave: exact.
    #[inline(always)]
    pub(crate) fn count_keyed(&self, f: f64, key: u32) -> usize {
        let entry = self.entries[key as usize];
        // Every threshold with a smaller key is below f, every one with a larger key above it:
        // only those with f's key are compared, the first without a branch ...
        let n = entry.below as usize + usize::from(entry.first <= f);
        if !self.crowded {
            return n;
        }
        // ... and, where keys hold several, the others in a walk (the +∞ sentinel ends it).
        let mut n = n;
        while self.thresholds[n] <= f {
            n += 1;
        }
        n
    }

    /// Per key, what a value with that key maps to, for callers that map counts to something
    /// (a colour): `table[k]` = (first threshold with key k, `map(n)`, `map(n + 1)`) with n the
    /// thresholds of smaller keys; a finite f with key k then maps to the third part when
    /// f ≥ the first, else to the second; NaN and infinite values map to `undefined`. `None`
    /// when some key holds several thresholds (then use [`Bins::count_keyed`]).
    pub(crate) fn split_table<T: Copy>(
        &self,
        map: impl Fn(usize) -> T,
        undefined: T,
        table: &mut Vec<Split<T>>,
    ) -> Option<()> {
        table.clear();
        if self.crowded {
            return None;
        }
        table.extend(self.entries.iter().map(|entry| Split {
            first: entry.first,
            below: map(entry.below as usize),
            at_or_above: map(entry.below as usize + 1),
        }));
        // The key of NaN and infinite values: no comparison with NaN holds.
        table.push(Split {
            first: f64::NAN,
            below: undefined,
            at_or_above: undefined,
        });
        Some(())
    }

    /// #{thresholds ≤ f} for a finite `f`: exact.
    #[cfg(test)]
    pub(crate) fn count(&self, f: f64) -> usize {
        let mut key = [0u32];
        self.keys(&[f], &mut key);
        self.count_keyed(f, key[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The float just below `f`.
    fn below(f: f64) -> f64 {
        if f > 0.0 {
            f64::from_bits(f.to_bits() - 1)
        } else {
            -f64::from_bits((-f).to_bits() + 1)
        }
    }

    /// Every value near every threshold, and a sweep over (and beyond) the range, counted by
    /// the table and by a plain search must agree.
    fn check(scale: &ColorScale, thresholds: &[f64]) {
        let mut bins = Bins::default();
        bins.prepare(scale, thresholds);
        let want = |f: f64| thresholds.partition_point(|&t| t <= f);
        for &t in thresholds.iter().filter(|t| t.is_finite()) {
            for f in [below(below(t)), below(t), t, -below(-t)] {
                assert_eq!(bins.count(f), want(f), "f = {f:e} near {t:e}");
            }
        }
        let (lo, hi) = (scale.min(), scale.max());
        let span = (hi - lo).max(1.0);
        for i in 0..=20_000 {
            let f = lo - 0.1 * span + 1.2 * span * (i as f64 / 20_000.0).powi(3);
            if f.is_finite() {
                assert_eq!(bins.count(f), want(f), "f = {f:e}");
            }
        }
        for f in [f64::MIN, -1e300, lo, hi, 1e300, f64::MAX] {
            assert_eq!(bins.count(f), want(f), "f = {f:e}");
        }
    }

    #[test]
    fn counts_equal_a_plain_search_on_log_and_linear_scales() {
        let scales = [
            ColorScale::log(0.0, 2489.499, 1.0).unwrap(),
            ColorScale::log(-3.0, 1e6, 1e-6).unwrap(),
            ColorScale::log(1.0, 1.0 + 1e-9, 1e-3).unwrap(),
            ColorScale::log(-1e300, 1e300, 1e-300).unwrap(),
            ColorScale::linear(-2.0, 7.5).unwrap(),
            ColorScale::linear(0.0, 1e-12).unwrap(),
            ColorScale::linear(-f64::MAX, f64::MAX).unwrap(),
            ColorScale::linear(5.0, 5.0).unwrap(),
            // f spans ten floats: bin edges repeat, and keys hold several.
            ColorScale::linear(1.0, f64::from_bits(1f64.to_bits() + 10)).unwrap(),
            ColorScale::log(1.0, f64::from_bits(1f64.to_bits() + 10), 1e-300).unwrap(),
        ];
        for scale in &scales {
            check(scale, scale.thresholds());
            // Contour levels: a few, evenly spaced in t.
            check(scale, &scale.levels(14));
            check(scale, &scale.levels(255));
        }
    }

    #[test]
    fn keys_on_lanes_equal_keys_one_at_a_time_and_count_undefined_values() {
        let scale = ColorScale::log(0.0, 2489.499, 1.0).unwrap();
        let mut bins = Bins::default();
        bins.prepare(&scale, scale.thresholds());
        let mut values: Vec<f64> = (0..23)
            .map(|i| 3000.0 * (i as f64 / 22.0).powi(3))
            .collect();
        values[5] = f64::NAN;
        values[6] = f64::INFINITY;
        values[21] = f64::NEG_INFINITY;
        values[1] = -1e300;
        // Longer and shorter key buffers: keys are written as far as both reach.
        for n_keys in [23, 30, 9] {
            let mut keys = vec![u32::MAX; n_keys];
            let n = n_keys.min(values.len());
            let n_undefined = bins.keys(&values, &mut keys);
            assert_eq!(
                n_undefined,
                values[..n].iter().filter(|v| !v.is_finite()).count()
            );
            for (&f, &key) in values.iter().zip(&keys) {
                let mut one = [0u32];
                bins.keys(&[f], &mut one);
                assert_eq!(key, one[0], "f = {f}");
            }
            assert!(keys[n..].iter().all(|&k| k == u32::MAX));
        }
    }

    #[test]
    fn crowded_keys_are_noticed_and_counted_by_walking() {
        let scale = ColorScale::linear(1.0, f64::from_bits(1f64.to_bits() + 10)).unwrap();
        let mut bins = Bins::default();
        bins.prepare(&scale, scale.thresholds());
        assert!(bins
            .split_table(|n| n, usize::MAX, &mut Vec::new())
            .is_none());
        let wide = ColorScale::log(0.0, 2489.499, 1.0).unwrap();
        bins.prepare(&wide, wide.thresholds());
        let mut table = Vec::new();
        assert!(bins.split_table(|n| n, usize::MAX, &mut table).is_some());
        let mut key = [0u32];
        for i in 0..10_000 {
            let f = 2489.499 * (i as f64 / 10_000.0).powi(4);
            bins.keys(&[f], &mut key);
            assert_eq!(
                Some(table[key[0] as usize].of(f)),
                wide.index_of(f),
                "f = {f}"
            );
        }
    }

    #[test]
    fn a_fitted_picture_counts_exactly() {
        // Values spanning decades with a flat basin: the fitted scale is logarithmic.
        let values: Vec<f64> = (0..5000).map(|i| (i as f64 * 0.01).exp() - 1.0).collect();
        let scale = ColorScale::fit(&values);
        assert!(scale.is_log());
        check(&scale, scale.thresholds());
        let mut bins = Bins::default();
        bins.prepare(&scale, scale.thresholds());
        for &v in &values {
            assert_eq!(Some(bins.count(v)), scale.index_of(v));
        }
    }
}
