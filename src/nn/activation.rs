//! Activation functions, each written beside its derivative.
//!
//! The backward pass needs act'(z) at each hidden unit's pre-activation z. For every activation
//! here that derivative is a function of the output a = act(z) alone, so the network keeps
//! only a:
//!
//! | name       | a = act(z)              | act'(z), in terms of a                       |
//! |------------|-------------------------|----------------------------------------------|
//! | `relu`     | max(z, 0)               | 1 if a > 0, else 0 (so ReLU'(0) = 0, as PyTorch) |
//! | `tanh`     | tanh z                  | 1 − a²                                       |
//! | `sigmoid`  | σ(z) = 1 / (1 + e^(−z)) | a (1 − a)                                    |
//! | `identity` | z                       | 1                                            |
//!
//! In `f32` (training), tanh is a rational approximation p(z)/q(z) (Eigen's, within 4e-7 of the
//! true value: at worst 6 units in the last place, near |z| = 6) written in plain arithmetic, so a whole layer vectorises and gives the same
//! bits on every machine, and σ(z) = ½ + ½ tanh(z/2). In `f64` (gradient checks) the exact
//! library `tanh` and `exp` are used.

use super::NnError;
use crate::real::Real;

/// A hidden layer's activation function (the output layer is always linear).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    /// Rectified linear unit, max(z, 0).
    Relu,
    /// Hyperbolic tangent, (e^z − e^(−z)) / (e^z + e^(−z)).
    Tanh,
    /// Logistic sigmoid, 1 / (1 + e^(−z)).
    Sigmoid,
    /// No activation, a = z (a hidden layer that stays linear).
    Identity,
}

impl Activation {
    /// Every activation, in the order the page lists them.
    pub const ALL: [Activation; 4] = [
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Identity,
    ];

    /// The activation called `name` ("relu", "tanh", "sigmoid" or "identity").
    pub fn from_name(name: &str) -> Result<Self, NnError> {
        Self::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| {
                NnError(format!(
                    "unknown activation {name:?}; choose one of relu, tanh, sigmoid, identity"
                ))
            })
    }

    /// The name used in URLs and the JS API.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Identity => "identity",
        }
    }

    /// a = act(z) for one value (the same arithmetic the network uses).
    #[inline(always)]
    pub fn apply<F: Real>(self, z: F) -> F {
        match self {
            // max(z, 0), written so that NaN passes through (divergence stays visible).
            Activation::Relu => {
                if z < F::ZERO {
                    F::ZERO
                } else {
                    z
                }
            }
            Activation::Tanh => tanh(z),
            Activation::Sigmoid => sigmoid(z),
            Activation::Identity => z,
        }
    }

    /// act'(z) written in terms of the output a = act(z) (see the module table).
    #[inline(always)]
    pub fn derivative_from_output<F: Real>(self, a: F) -> F {
        match self {
            // ReLU'(z) = 1 for z > 0, 0 for z ≤ 0; a > 0 exactly when z > 0.
            Activation::Relu => {
                if a > F::ZERO {
                    F::ONE
                } else {
                    F::ZERO
                }
            }
            // d tanh z / dz = 1 − tanh² z = 1 − a².
            Activation::Tanh => F::ONE - a * a,
            // dσ/dz = e^(−z) / (1 + e^(−z))² = σ(z)(1 − σ(z)) = a(1 − a).
            Activation::Sigmoid => a * (F::ONE - a),
            Activation::Identity => F::ONE,
        }
    }

    /// Replaces every pre-activation z in `zs` by a = act(z).
    pub(crate) fn apply_in_place<F: Real>(self, zs: &mut [F]) {
        // One loop per activation, so each compiles to a straight vectorised loop.
        match self {
            Activation::Relu => zs.iter_mut().for_each(|z| *z = Activation::Relu.apply(*z)),
            Activation::Tanh => zs.iter_mut().for_each(|z| *z = tanh(*z)),
            Activation::Sigmoid => zs.iter_mut().for_each(|z| *z = sigmoid(*z)),
            Activation::Identity => {}
        }
    }

    /// δ ← δ ⊙ act'(z), given the outputs a = act(z) of the same units: the chain rule through
    /// the activation, dL/dz = dL/da · da/dz.
    pub(crate) fn backprop_in_place<F: Real>(self, delta: &mut [F], outputs: &[F]) {
        let pairs = delta.iter_mut().zip(outputs);
        match self {
            Activation::Relu => {
                pairs.for_each(|(d, &a)| *d *= Activation::Relu.derivative_from_output(a))
            }
            Activation::Tanh => {
                pairs.for_each(|(d, &a)| *d *= Activation::Tanh.derivative_from_output(a))
            }
            Activation::Sigmoid => {
                pairs.for_each(|(d, &a)| *d *= Activation::Sigmoid.derivative_from_output(a))
            }
            Activation::Identity => {}
        }
    }
}

/// True when `F` carries fewer than 34 significant bits (`f32`): the fast tanh is used then.
/// A constant once compiled for a concrete `F`.
#[inline(always)]
fn is_single_precision<F: Real>() -> bool {
    F::from_f64(1.0 + 1.0 / (1u64 << 33) as f64) == F::ONE
}

/// tanh z: the rational approximation below in `f32`, the library function in `f64`.
#[inline(always)]
fn tanh<F: Real>(z: F) -> F {
    if is_single_precision::<F>() {
        tanh_rational(z)
    } else {
        z.tanh()
    }
}

/// σ(z) = 1 / (1 + e^(−z)); in `f32` through the identity σ(z) = ½ + ½ tanh(z/2).
#[inline(always)]
fn sigmoid<F: Real>(z: F) -> F {
    if is_single_precision::<F>() {
        let half = F::from_f64(0.5);
        half + half * tanh_rational(half * z)
    } else {
        F::ONE / (F::ONE + (-z).exp())
    }
}

/// tanh z ≈ z p(z²) / q(z²), Eigen's single-precision rational approximation (degree 13 over 6,
/// coefficients from Eigen's `generic_fast_tanh_float`), with z clamped to ±7.9053 where
/// tanh z rounds to ±1 in `f32`. Only +, ×, ÷ and comparisons: it vectorises, and IEEE
/// arithmetic makes it give the same bits on every machine. NaN passes through.
#[inline(always)]
pub(crate) fn tanh_rational<F: Real>(z: F) -> F {
    let clamp = F::from_f64(7.905_311_107_635_498);
    let x = if z > clamp {
        clamp
    } else if z < -clamp {
        -clamp
    } else {
        z
    };
    let x2 = x * x;
    // Numerator x (α₁ + α₃x² + … + α₁₃x¹²), Horner's rule in x².
    let mut p = F::from_f64(-2.760_768_477_423_55e-16);
    p = p * x2 + F::from_f64(2.000_187_904_824_77e-13);
    p = p * x2 + F::from_f64(-8.604_671_522_137_35e-11);
    p = p * x2 + F::from_f64(5.122_297_090_371_14e-8);
    p = p * x2 + F::from_f64(1.485_722_357_179_79e-5);
    p = p * x2 + F::from_f64(6.372_619_288_754_36e-4);
    p = p * x2 + F::from_f64(4.893_524_558_917_86e-3);
    p *= x;
    // Denominator β₀ + β₂x² + β₄x⁴ + β₆x⁶.
    let mut q = F::from_f64(1.198_258_394_667_02e-6);
    q = q * x2 + F::from_f64(1.185_347_056_866_54e-4);
    q = q * x2 + F::from_f64(2.268_434_632_439e-3);
    q = q * x2 + F::from_f64(4.893_525_185_543_85e-3);
    p / q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for a in Activation::ALL {
            assert_eq!(Activation::from_name(a.name()), Ok(a));
        }
        let err = Activation::from_name("softmax").unwrap_err();
        assert!(err.0.contains("choose one of relu"), "{err}");
    }

    #[test]
    fn f32_tanh_is_within_4e_7_of_the_true_value() {
        // Oracle: the f64 library tanh, on a dense grid (steps of 2^-12) over [−10, 10].
        let mut worst = 0.0f64;
        for i in -40_960..=40_960 {
            let z = i as f32 / 4096.0;
            let err = (f64::from(tanh_rational(z)) - f64::from(z).tanh()).abs();
            worst = worst.max(err);
        }
        assert!(worst <= 4e-7, "worst error {worst}");
        // Small arguments keep their relative accuracy (tanh z ≈ z).
        for z in [1e-3f32, 1e-5, 1e-10, -1e-20] {
            let rel = (f64::from(tanh_rational(z)) / f64::from(z).tanh() - 1.0).abs();
            assert!(rel < 1e-6, "tanh({z}) relative error {rel}");
        }
        assert_eq!(tanh_rational(100.0f32), 1.0);
        assert_eq!(tanh_rational(-100.0f32), -1.0);
        assert!(tanh_rational(f32::NAN).is_nan());
    }

    #[test]
    fn f32_sigmoid_matches_the_logistic_function() {
        for i in -2000..=2000 {
            let z = i as f32 / 100.0;
            let exact = 1.0 / (1.0 + (-f64::from(z)).exp());
            let got = f64::from(Activation::Sigmoid.apply(z));
            assert!(
                (got - exact).abs() < 4e-7,
                "σ({z}) = {got}, expected {exact}"
            );
        }
    }

    #[test]
    fn derivatives_match_central_differences() {
        // In f64 every activation is the exact function; compare act'(z) (from a) with
        // (act(z + h) − act(z − h)) / 2h away from ReLU's kink.
        let h = 1e-6;
        for act in Activation::ALL {
            for z in [-2.5f64, -0.7, 0.3, 1.9] {
                let a = act.apply(z);
                let fd = (act.apply(z + h) - act.apply(z - h)) / (2.0 * h);
                let d = act.derivative_from_output(a);
                assert!((d - fd).abs() < 1e-8, "{}'({z}) = {d}, fd {fd}", act.name());
            }
        }
        // ReLU'(0) = 0, as PyTorch.
        assert_eq!(
            Activation::Relu.derivative_from_output(Activation::Relu.apply(0.0f64)),
            0.0
        );
    }
}
