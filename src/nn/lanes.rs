//! Lanes: a few values of the same float type computed together, so that the network's
//! kernels and activations are written once and run on one value, on four values the compiler
//! vectorises, or on a wasm simd128 `f32x4` register.
//!
//! Every operation is lane-wise IEEE-754 arithmetic (+, −, ×, ÷ correctly rounded, never fused
//! into a multiply-add) or a comparison-select, so the same code gives the same bits whichever
//! lanes it runs on, on every machine.

use core::ops::{Add, Div, Mul, Sub};

use crate::real::Real;

/// Values of one float type computed together with lane-wise IEEE arithmetic.
pub(crate) trait Lanes:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
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

/// Values per [`Vector`]: a 128-bit register of `f32`.
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

/// wasm simd128: four `f32` in one `v128` register, with the instructions the arithmetic
/// above names (`f32x4.add`, `f32x4.mul`, `f32x4.pmin`, …), so the kernels do not depend on
/// what the optimiser vectorises.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) mod simd128 {
    use core::arch::wasm32::*;
    use core::ops::{Add, Div, Mul, Sub};

    use super::{Lanes, Vector};

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
        }
        let mut out = [0.0f32; 6];
        Quad::load(&[1.0, 2.0, 3.0, 4.0, 5.0]).store(&mut out[1..]);
        assert_eq!(out, [0.0, 1.0, 2.0, 3.0, 4.0, 0.0]);
    }
}
