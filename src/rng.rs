//! One small seeded PRNG for every random choice in Downhill.
//!
//! SplitMix64 (Steele, Lea and Flood 2014), exactly as `bench/WORKLOADS.md` defines it.
//! Every handle derives its own stream from `(seed, purpose)`, never a global one, so the same
//! URL gives the same numbers on every machine.

/// The SplitMix64 generator: a 64-bit counter passed through an invertible mixing function.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose first output follows `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// An independent stream for one purpose ("init", "shuffle", "noise", ...) under one seed.
    pub fn derive(seed: u64, purpose: &str) -> Self {
        // FNV-1a of the purpose, mixed with the seed through one SplitMix64 round.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in purpose.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        let mut g = Self::new(seed ^ h);
        Self::new(g.next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) with 53 random bits: (next >> 11) * 2^-53, exact.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal number (Box–Muller: sqrt(-2 ln u1) * cos(2 pi u2), with u1 in (0, 1]).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (core::f64::consts::TAU * u2).cos()
    }

    /// A uniform index in 0..n (n > 0): floor(U * n), as WORKLOADS.md's shuffle draws it.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.uniform() * n as f64) as usize).min(n.saturating_sub(1))
    }

    /// Shuffles in place by Fisher–Yates, from the last index down, as WORKLOADS.md specifies.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_test_vector() {
        let mut g = SplitMix64::new(1);
        assert_eq!(g.next_u64(), 0x910a_2dec_8902_5cc1);
        assert_eq!(g.next_u64(), 0xbeeb_8da1_658e_ec67);
        assert_eq!(g.next_u64(), 0xf893_a2ee_fb32_555e);
        let mut g = SplitMix64::new(1);
        assert_eq!(g.uniform(), 0.5665615751722809);
        assert_eq!(g.uniform(), 0.7457817572627011);
    }

    #[test]
    fn derived_streams_differ_by_purpose_and_repeat_by_seed() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut g = SplitMix64::derive(7, "noise");
                move |_| g.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut g = SplitMix64::derive(7, "noise");
                move |_| g.next_u64()
            })
            .collect();
        let c: Vec<u64> = (0..4)
            .map({
                let mut g = SplitMix64::derive(7, "init");
                move |_| g.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn normal_has_unit_variance() {
        let mut g = SplitMix64::new(3);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| g.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "variance {var}");
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut g = SplitMix64::new(3);
        let mut p: Vec<usize> = (0..1000).collect();
        g.shuffle(&mut p);
        let mut q = p.clone();
        q.sort_unstable();
        assert_eq!(q, (0..1000).collect::<Vec<_>>());
        assert_ne!(p, q);
    }
}
