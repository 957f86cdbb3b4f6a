//! Lanes: a few values of the same float type computed together, so that a hot loop is written
//! once and runs on one value, on four values the compiler vectorises, or on wasm simd128
//! registers, whether or not the compiler's loop vectorizer is on (the wasm build turns it off,
//! see `.cargo/config.toml`). The network's kernels and activations compute on `f32`
//! (or `f64`) lanes; Rosenbrock's rows, the typed functions' tape and the colour keys of a
//! picture on [`F64s`].
//!
//! Every operation is lane-wise IEEE-754 arithmetic (+, −, ×, ÷ correctly rounded, never fused
//! into a multiply-add; negation flips the sign bit), a rounding to `f32`, or a
//! comparison-select, so the same code gives the same bits whichever lanes it runs on, on every
//! machine.

use core::ops::{Add, Div, Mul, Neg, Sub};

use crate::real::Real;

/// Values of one float type computed together with lane-wise IEEE arithmetic.
pub(crate) trait Lanes:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// The float type in each lane.
    type Scalar: Real;
    /// `x` in every lane.
    fn splat(x: Self::Scalar) -> Self;
    /// Lane-wise `if other < self { other } else { self }` (a NaN in `self` stays).
    fn pmin(self, other: Self) -> Self;
    /// Lane-wise `if self < other { other } else { self }` (a NaN in `self` stays).
    fn pmax(self, other: Self) -> Self;
    /// Lane-wise `if self > 0 { yes } else { no }` (false for NaN).
    fn select_positive(self, yes: Self, no: Self) -> Self;
    /// `f` applied to each lane (the library functions of `f64`, which have no vector form).
    fn map(self, f: impl Fn(Self::Scalar) -> Self::Scalar) -> Self;
}

/// Values per [`Vector`]: a 128-bit register of `f32`, two of `f64`.
pub(crate) const LANES: usize = 4;

/// [`LANES`] lanes that live in memory as consecutive values.
pub(crate) trait Vector: Lanes {
    /// The first [`LANES`] values of `values`.
    fn load(values: &[Self::Scalar]) -> Self;
    /// Writes the lanes to the first [`LANES`] values of `out`.
    fn store(self, out: &mut [Self::Scalar]);
    /// The lanes `values`, gathered from wherever they were.
    fn from_array(values: [Self::Scalar; LANES]) -> Self;
}

/// What [`LANES`] `f64` lanes do beyond arithmetic: round to `f32`, and turn into the integer
/// keys of a picture's colour bins (`render::bins`).
pub(crate) trait F64Vector: Vector<Scalar = f64> {
    /// Writes the lanes rounded to `f32` (as `as f32` rounds) to the first [`LANES`] values of
    /// `out`.
    fn store_f32(self, out: &mut [f32]);

    /// Writes each lane's key `((bits >> shift) − base) as u32`, from the lane's bits as a
    /// `u64` (≥ base << shift), to the first [`LANES`] values of `keys`, but `undefined` where
    /// the same lane of `of` is NaN or infinite. Returns how many lanes of `of` are.
    fn store_keys(self, of: Self, shift: u32, base: u64, undefined: u32, keys: &mut [u32])
        -> usize;
}

/// The `f64` lanes of this target: two simd128 `f64x2` registers in wasm, a [`Quad`] natively.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) type F64s = simd128::F64x4;
/// The `f64` lanes of this target: two simd128 `f64x2` registers in wasm, a [`Quad`] natively.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub(crate) type F64s = Quad<f64>;

/// One value is one lane: the scalar form of every kernel and activation.
impl<F: Real> Lanes for F {
    type Scalar = F;
    #[inline(always)]
    fn splat(x: F) -> F {
        x
    }
    #[inline(always)]
    fn pmin(self, other: F) -> F {
        if other < self {
            other
        } else {
            self
        }
    }
    #[inline(always)]
    fn pmax(self, other: F) -> F {
        if self < other {
            other
        } else {
            self
        }
    }
    #[inline(always)]
    fn select_positive(self, yes: F, no: F) -> F {
        if self > F::ZERO {
            yes
        } else {
            no
        }
    }
    #[inline(always)]
    fn map(self, f: impl Fn(F) -> F) -> F {
        f(self)
    }
}

/// Four values in an array, every operation a loop over the lanes: portable code that the
/// compiler turns into SIMD instructions where the machine has them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Quad<F>(pub(crate) [F; LANES]);

impl<F: Real> Quad<F> {
    #[inline(always)]
    fn zip(self, other: Self, f: impl Fn(F, F) -> F) -> Self {
        Quad(core::array::from_fn(|i| f(self.0[i], other.0[i])))
    }
}

macro_rules! quad_op {
    ($trait:ident, $method:ident, $op:tt) => {
        impl<F: Real> $trait for Quad<F> {
            type Output = Self;
            #[inline(always)]
            fn $method(self, other: Self) -> Self {
                self.zip(other, |a, b| a $op b)
            }
        }
    };
}

quad_op!(Add, add, +);
quad_op!(Sub, sub, -);
quad_op!(Mul, mul, *);
quad_op!(Div, div, /);

impl<F: Real> Neg for Quad<F> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Quad(self.0.map(|a| -a))
    }
}

impl<F: Real> Lanes for Quad<F> {
    type Scalar = F;
    #[inline(always)]
    fn splat(x: F) -> Self {
        Quad([x; LANES])
    }
    #[inline(always)]
    fn pmin(self, other: Self) -> Self {
        self.zip(other, |a, b| if b < a { b } else { a })
    }
    #[inline(always)]
    fn pmax(self, other: Self) -> Self {
        self.zip(other, |a, b| if a < b { b } else { a })
    }
    #[inline(always)]
    fn select_positive(self, yes: Self, no: Self) -> Self {
        Quad(core::array::from_fn(|i| {
            if self.0[i] > F::ZERO {
                yes.0[i]
            } else {
                no.0[i]
            }
        }))
    }
    #[inline(always)]
    fn map(self, f: impl Fn(F) -> F) -> Self {
        Quad(self.0.map(f))
    }
}

impl<F: Real> Vector for Quad<F> {
    #[inline(always)]
    fn load(values: &[F]) -> Self {
        let v = &values[..LANES];
        Quad([v[0], v[1], v[2], v[3]])
    }
    #[inline(always)]
    fn store(self, out: &mut [F]) {
        out[..LANES].copy_from_slice(&self.0);
    }
    #[inline(always)]
    fn from_array(values: [F; LANES]) -> Self {
        Quad(values)
    }
}

impl F64Vector for Quad<f64> {
    #[inline(always)]
    fn store_f32(self, out: &mut [f32]) {
        Quad(self.0.map(|v| v as f32)).store(out);
    }
    #[inline(always)]
    fn store_keys(
        self,
        of: Self,
        shift: u32,
        base: u64,
        undefined: u32,
        keys: &mut [u32],
    ) -> usize {
        let keys = &mut keys[..LANES];
        for ((key, &u), &f) in keys.iter_mut().zip(&self.0).zip(&of.0) {
            *key = if f.is_finite() {
                ((u.to_bits() >> shift) - base) as u32
            } else {
                undefined
            };
        }
        of.0.iter().filter(|f| !f.is_finite()).count()
    }
}

/// wasm simd128: four `f32` in one `v128` register, four `f64` in two, with the instructions
/// the arithmetic above names (`f32x4.add`, `f64x2.mul`, `f32x4.pmin`, …), so the hot loops do
/// not depend on what the optimiser vectorises.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) mod simd128 {
    use core::arch::wasm32::*;
    use core::ops::{Add, Div, Mul, Neg, Sub};

    use super::{F64Vector, Lanes, Vector};

    /// Four `f32` lanes of a wasm `v128`.
    #[derive(Clone, Copy, Debug)]
    pub(crate) struct F32x4(v128);

    macro_rules! f32x4_op {
        ($trait:ident, $method:ident, $intrinsic:ident) => {
            impl $trait for F32x4 {
                type Output = Self;
                #[inline(always)]
                fn $method(self, other: Self) -> Self {
                    F32x4($intrinsic(self.0, other.0))
                }
            }
        };
    }

    f32x4_op!(Add, add, f32x4_add);
    f32x4_op!(Sub, sub, f32x4_sub);
    f32x4_op!(Mul, mul, f32x4_mul);
    f32x4_op!(Div, div, f32x4_div);

    impl Neg for F32x4 {
        type Output = Self;
        #[inline(always)]
        fn neg(self) -> Self {
            F32x4(f32x4_neg(self.0))
        }
    }

    impl Lanes for F32x4 {
        type Scalar = f32;
        #[inline(always)]
        fn splat(x: f32) -> Self {
            F32x4(f32x4_splat(x))
        }
        #[inline(always)]
        fn pmin(self, other: Self) -> Self {
            // f32x4.pmin(a, b) = b < a ? b : a, lane-wise.
            F32x4(f32x4_pmin(self.0, other.0))
        }
        #[inline(always)]
        fn pmax(self, other: Self) -> Self {
            // f32x4.pmax(a, b) = a < b ? b : a, lane-wise.
            F32x4(f32x4_pmax(self.0, other.0))
        }
        #[inline(always)]
        fn select_positive(self, yes: Self, no: Self) -> Self {
            F32x4(v128_bitselect(
                yes.0,
                no.0,
                f32x4_gt(self.0, f32x4_splat(0.0)),
            ))
        }
        #[inline(always)]
        fn map(self, f: impl Fn(f32) -> f32) -> Self {
            let v = self.0;
            F32x4(f32x4(
                f(f32x4_extract_lane::<0>(v)),
                f(f32x4_extract_lane::<1>(v)),
                f(f32x4_extract_lane::<2>(v)),
                f(f32x4_extract_lane::<3>(v)),
            ))
        }
    }

    impl Vector for F32x4 {
        #[inline(always)]
        fn load(values: &[f32]) -> Self {
            let v = &values[..4];
            // SAFETY: `v` holds 4 readable f32 (16 bytes); v128.load needs no alignment.
            F32x4(unsafe { v128_load(v.as_ptr().cast::<v128>()) })
        }
        #[inline(always)]
        fn store(self, out: &mut [f32]) {
            let out = &mut out[..4];
            // SAFETY: `out` holds 4 writable f32 (16 bytes); v128.store needs no alignment.
            unsafe { v128_store(out.as_mut_ptr().cast::<v128>(), self.0) }
        }
        #[inline(always)]
        fn from_array(v: [f32; 4]) -> Self {
            F32x4(f32x4(v[0], v[1], v[2], v[3]))
        }
    }

    /// Four `f64` lanes in two wasm `v128`s (`f64x2` each): lanes 0 and 1, then 2 and 3.
    #[derive(Clone, Copy, Debug)]
    pub(crate) struct F64x4([v128; 2]);

    impl F64x4 {
        /// `op` on each half.
        #[inline(always)]
        fn each(self, op: impl Fn(v128) -> v128) -> Self {
            F64x4([op(self.0[0]), op(self.0[1])])
        }

        /// `op` on each half, with the same half of `other`.
        #[inline(always)]
        fn zip(self, other: Self, op: impl Fn(v128, v128) -> v128) -> Self {
            F64x4([op(self.0[0], other.0[0]), op(self.0[1], other.0[1])])
        }

        /// The low 32 bits of each lane's 64, as four `i32` lanes of one `v128`.
        #[inline(always)]
        fn low_halves(self) -> v128 {
            i32x4_shuffle::<0, 2, 4, 6>(self.0[0], self.0[1])
        }
    }

    macro_rules! f64x4_op {
        ($trait:ident, $method:ident, $intrinsic:ident) => {
            impl $trait for F64x4 {
                type Output = Self;
                #[inline(always)]
                fn $method(self, other: Self) -> Self {
                    self.zip(other, |a, b| $intrinsic(a, b))
                }
            }
        };
    }

    f64x4_op!(Add, add, f64x2_add);
    f64x4_op!(Sub, sub, f64x2_sub);
    f64x4_op!(Mul, mul, f64x2_mul);
    f64x4_op!(Div, div, f64x2_div);

    impl Neg for F64x4 {
        type Output = Self;
        #[inline(always)]
        fn neg(self) -> Self {
            self.each(|a| f64x2_neg(a))
        }
    }

    impl Lanes for F64x4 {
        type Scalar = f64;
        #[inline(always)]
        fn splat(x: f64) -> Self {
            F64x4([f64x2_splat(x); 2])
        }
        #[inline(always)]
        fn pmin(self, other: Self) -> Self {
            // f64x2.pmin(a, b) = b < a ? b : a, lane-wise.
            self.zip(other, |a, b| f64x2_pmin(a, b))
        }
        #[inline(always)]
        fn pmax(self, other: Self) -> Self {
            // f64x2.pmax(a, b) = a < b ? b : a, lane-wise.
            self.zip(other, |a, b| f64x2_pmax(a, b))
        }
        #[inline(always)]
        fn select_positive(self, yes: Self, no: Self) -> Self {
            let positive = self.zip(Self::splat(0.0), |a, b| f64x2_gt(a, b));
            F64x4([
                v128_bitselect(yes.0[0], no.0[0], positive.0[0]),
                v128_bitselect(yes.0[1], no.0[1], positive.0[1]),
            ])
        }
        #[inline(always)]
        fn map(self, f: impl Fn(f64) -> f64) -> Self {
            let [a, b] = self.0;
            F64x4([
                f64x2(f(f64x2_extract_lane::<0>(a)), f(f64x2_extract_lane::<1>(a))),
                f64x2(f(f64x2_extract_lane::<0>(b)), f(f64x2_extract_lane::<1>(b))),
            ])
        }
    }

    impl Vector for F64x4 {
        #[inline(always)]
        fn load(values: &[f64]) -> Self {
            let v = &values[..4];
            // SAFETY: `v` holds 4 readable f64 (32 bytes); v128.load needs no alignment.
            unsafe {
                let at = v.as_ptr();
                F64x4([
                    v128_load(at.cast::<v128>()),
                    v128_load(at.add(2).cast::<v128>()),
                ])
            }
        }
        #[inline(always)]
        fn store(self, out: &mut [f64]) {
            let out = &mut out[..4];
            // SAFETY: `out` holds 4 writable f64 (32 bytes); v128.store needs no alignment.
            unsafe {
                let at = out.as_mut_ptr();
                v128_store(at.cast::<v128>(), self.0[0]);
                v128_store(at.add(2).cast::<v128>(), self.0[1]);
            }
        }
        #[inline(always)]
        fn from_array(v: [f64; 4]) -> Self {
            F64x4([f64x2(v[0], v[1]), f64x2(v[2], v[3])])
        }
    }

    impl F64Vector for F64x4 {
        #[inline(always)]
        fn store_f32(self, out: &mut [f32]) {
            // f32x4.demote_f64x2_zero rounds two f64 to nearest f32 (as `as f32`) into the low
            // lanes; the shuffle joins the two halves.
            let low = f32x4_demote_f64x2_zero(self.0[0]);
            let high = f32x4_demote_f64x2_zero(self.0[1]);
            F32x4(i32x4_shuffle::<0, 1, 4, 5>(low, high)).store(out);
        }
        #[inline(always)]
        fn store_keys(
            self,
            of: Self,
            shift: u32,
            base: u64,
            undefined: u32,
            keys: &mut [u32],
        ) -> usize {
            let base = u64x2_splat(base);
            let key = self.each(|u| i64x2_sub(u64x2_shr(u, shift), base));
            // |f| < ∞ is false exactly for NaN and ±∞: all ones in the finite lanes.
            let finite = of.each(|f| f64x2_lt(f64x2_abs(f), f64x2_splat(f64::INFINITY)));
            let finite = finite.low_halves();
            let keys_or_undefined =
                v128_bitselect(key.low_halves(), u32x4_splat(undefined), finite);
            let keys = &mut keys[..4];
            // SAFETY: `keys` holds 4 writable u32 (16 bytes); v128.store needs no alignment.
            unsafe { v128_store(keys.as_mut_ptr().cast::<v128>(), keys_or_undefined) };
            4 - i32x4_bitmask(finite).count_ones() as usize
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The selections wasm's f32x4.pmin and f32x4.pmax make, written out from the spec.
    fn expected_pmin(a: f32, b: f32) -> f32 {
        if b < a {
            b
        } else {
            a
        }
    }

    fn expected_pmax(a: f32, b: f32) -> f32 {
        if a < b {
            b
        } else {
            a
        }
    }

    #[test]
    fn selections_match_the_wasm_instructions_on_nan_and_signed_zeros() {
        let specials = [f32::NAN, -0.0, 0.0, -1.5, 2.0, f32::INFINITY];
        for &a in &specials {
            for &b in &specials {
                let quad_min = Quad::splat(a).pmin(Quad::splat(b)).0[0];
                let quad_max = Quad::splat(a).pmax(Quad::splat(b)).0[0];
                let want_min = expected_pmin(a, b);
                let want_max = expected_pmax(a, b);
                for (got, want) in [(quad_min, want_min), (a.pmin(b), want_min)] {
                    assert_eq!(got.to_bits(), want.to_bits(), "pmin({a}, {b})");
                }
                for (got, want) in [(quad_max, want_max), (a.pmax(b), want_max)] {
                    assert_eq!(got.to_bits(), want.to_bits(), "pmax({a}, {b})");
                }
                let want = if a > 0.0 { 1.0 } else { b };
                let quad = Quad::splat(a).select_positive(Quad::splat(1.0), Quad::splat(b));
                assert_eq!(quad.0[0].to_bits(), want.to_bits(), "select({a})");
            }
        }
        // A NaN in `self` stays: the clamp of tanh lets divergence show.
        assert!(f32::NAN.pmin(1.0).pmax(-1.0).is_nan());
    }

    #[test]
    fn quads_compute_each_lane_as_one_value_does() {
        let a = Quad([1.0f32, -2.5, 3.25, f32::MAX]);
        let b = Quad([0.1f32, 7.0, -0.0, 2.0]);
        for (lane, (&x, &y)) in a.0.iter().zip(&b.0).enumerate() {
            assert_eq!((a + b).0[lane].to_bits(), (x + y).to_bits());
            assert_eq!((a - b).0[lane].to_bits(), (x - y).to_bits());
            assert_eq!((a * b).0[lane].to_bits(), (x * y).to_bits());
            assert_eq!((a / b).0[lane].to_bits(), (x / y).to_bits());
            assert_eq!((-b).0[lane].to_bits(), (-y).to_bits());
        }
        let mut out = [0.0f32; 6];
        Quad::load(&[1.0, 2.0, 3.0, 4.0, 5.0]).store(&mut out[1..]);
        assert_eq!(out, [0.0, 1.0, 2.0, 3.0, 4.0, 0.0]);
    }

    #[test]
    fn f64_quads_round_to_f32_and_key_as_one_value_does() {
        let u = Quad([1.0, 1.5, 3.0e38, 1.0 + f64::EPSILON]);
        let mut narrow = [0f32; 4];
        u.store_f32(&mut narrow);
        for (&got, &v) in narrow.iter().zip(&u.0) {
            assert_eq!(got.to_bits(), (v as f32).to_bits());
        }
        let (shift, base) = (45, 1f64.to_bits() >> 45);
        let of = Quad([0.0, f64::NAN, -1e300, f64::NEG_INFINITY]);
        let mut keys = [0u32; 4];
        assert_eq!(u.store_keys(of, shift, base, 99, &mut keys), 2);
        let key = |v: f64| ((v.to_bits() >> shift) - base) as u32;
        assert_eq!(keys, [key(1.0), 99, key(3.0e38), 99]);
    }
}
