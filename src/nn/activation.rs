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
//! In `f32` (training), tanh is a rational approximation p(z)/q(z) (Eigen's, within 3.6e-7 of
//! the true value over every `f32`) written in plain arithmetic, so a whole layer vectorises
//! and gives the same bits on every machine, and
//! σ(z) = ½ + ½ tanh(z/2). In `f64` (gradient checks) the exact library `tanh` and `exp` are
//! used. Each activation is written once over [`Lanes`], so one value and a vector of them are
//! computed by the same operations.

use super::lanes::{Lanes, Vector, LANES};
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
                    "unknown activation \"{name}\"; choose one of relu, tanh, sigmoid, identity"
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

    /// The name shown to a learner ("ReLU").
    pub fn title(self) -> &'static str {
        match self {
            Activation::Relu => "ReLU",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Identity => "identity (none)",
        }
    }

    /// The formula in plain-text Unicode.
    pub fn formula(self) -> &'static str {
        match self {
            Activation::Relu => "relu(z) = max(0, z)",
            Activation::Tanh => "tanh(z) = (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ)",
            Activation::Sigmoid => "σ(z) = 1 / (1 + e⁻ᶻ)",
            Activation::Identity => "id(z) = z",
        }
    }

    /// One plain sentence on what the activation does to a unit's sum.
    pub fn meaning(self) -> &'static str {
        match self {
            Activation::Relu => "Passes positive sums through unchanged and turns negative ones into zero.",
            Activation::Tanh => "Squashes any sum smoothly into the range −1 to 1, centred on zero.",
            Activation::Sigmoid => "Squashes any sum smoothly into the range 0 to 1.",
            Activation::Identity => "Leaves the sum as it is, so the whole network stays a straight-line (linear) model.",
        }
    }

    /// a = act(z) for one value (the same arithmetic the network uses).
    #[inline(always)]
    pub fn apply<F: Real>(self, z: F) -> F {
        self.apply_lanes(z)
    }

    /// act'(z) written in terms of the output a = act(z) (see the module table).
    #[inline(always)]
    pub fn derivative_from_output<F: Real>(self, a: F) -> F {
        self.derivative_lanes(a)
    }

    /// a = act(z) in every lane: the one definition behind [`Activation::apply`] and the
    /// network's vectorised kernels, so both give the same bits.
    #[inline(always)]
    pub(crate) fn apply_lanes<V: Lanes>(self, z: V) -> V {
        match self {
            // max(z, 0) as "0 if z < 0, else z", so that NaN passes through (divergence stays
            // visible).
            Activation::Relu => z.pmax(V::splat(V::Scalar::ZERO)),
            Activation::Tanh => tanh(z),
            Activation::Sigmoid => sigmoid(z),
            Activation::Identity => z,
        }
    }

    /// a = act(z) for every value of `zs`, in place, on the lanes `V`.
    pub(crate) fn activate<V: Vector>(self, zs: &mut [V::Scalar]) {
        // One loop per activation, each a straight pass over vectors.
        match self {
            Activation::Relu => each_vector::<V>(zs, |z| Activation::Relu.apply_lanes(z)),
            Activation::Tanh => each_vector::<V>(zs, tanh),
            Activation::Sigmoid => each_vector::<V>(zs, sigmoid),
            Activation::Identity => {}
        }
    }

    /// δ ← δ ⊙ act'(z) for every value of `deltas`, given the outputs a = act(z) of the same
    /// units: the chain rule through the activation, dL/dz = dL/da · da/dz.
    pub(crate) fn backprop<V: Vector>(self, deltas: &mut [V::Scalar], outputs: &[V::Scalar]) {
        let chain = |act: Activation| move |d: V, a: V| d * act.derivative_lanes(a);
        match self {
            Activation::Relu => each_pair::<V>(deltas, outputs, chain(Activation::Relu)),
            Activation::Tanh => each_pair::<V>(deltas, outputs, chain(Activation::Tanh)),
            Activation::Sigmoid => each_pair::<V>(deltas, outputs, chain(Activation::Sigmoid)),
            Activation::Identity => {}
        }
    }

    /// act'(z) from a = act(z) in every lane (see the module table).
    #[inline(always)]
    pub(crate) fn derivative_lanes<V: Lanes>(self, a: V) -> V {
        let one = V::splat(V::Scalar::ONE);
        match self {
            // ReLU'(z) = 1 for z > 0, 0 for z ≤ 0; a > 0 exactly when z > 0.
            Activation::Relu => a.select_positive(one, V::splat(V::Scalar::ZERO)),
            // d tanh z / dz = 1 − tanh² z = 1 − a².
            Activation::Tanh => one - a * a,
            // dσ/dz = e^(−z) / (1 + e^(−z))² = σ(z)(1 − σ(z)) = a(1 − a).
            Activation::Sigmoid => a * (one - a),
            Activation::Identity => one,
        }
    }
}

/// Vectors per step of [`each_vector`] in `f32`.
const VECTORS_PER_STEP: usize = 8;

/// z ← f(z) for every value of `values`, a vector at a time (the last values zero-padded).
/// In `f32`, eight vectors per step: enough independent work to overlap, and the constants of
/// the rational tanh set up once for all eight. (In `f64` the library functions do the work.)
#[inline(always)]
fn each_vector<V: Vector>(values: &mut [V::Scalar], f: impl Fn(V) -> V) {
    let mut rest = values;
    if is_single_precision::<V::Scalar>() {
        let mut steps = rest.chunks_exact_mut(VECTORS_PER_STEP * LANES);
        for step in &mut steps {
            let mut v: [V; VECTORS_PER_STEP] =
                core::array::from_fn(|q| V::load(&step[q * LANES..]));
            for v_q in v.iter_mut() {
                *v_q = f(*v_q);
            }
            for (q, v_q) in v.iter().enumerate() {
                v_q.store(&mut step[q * LANES..]);
            }
        }
        rest = steps.into_remainder();
    }
    for chunk in rest.chunks_mut(LANES) {
        let mut lanes = [V::Scalar::ZERO; LANES];
        lanes[..chunk.len()].copy_from_slice(chunk);
        f(V::load(&lanes)).store(&mut lanes);
        chunk.copy_from_slice(&lanes[..chunk.len()]);
    }
}

/// d ← f(d, a) for every pair of values of `deltas` and `outputs`, a vector at a time.
#[inline(always)]
fn each_pair<V: Vector>(deltas: &mut [V::Scalar], outputs: &[V::Scalar], f: impl Fn(V, V) -> V) {
    let outputs = &outputs[..deltas.len()];
    let mut d_lanes = deltas.chunks_exact_mut(LANES);
    let mut a_lanes = outputs.chunks_exact(LANES);
    for (d, a) in (&mut d_lanes).zip(&mut a_lanes) {
        f(V::load(d), V::load(a)).store(d);
    }
    for (d, &a) in d_lanes.into_remainder().iter_mut().zip(a_lanes.remainder()) {
        let mut d_lanes = [V::Scalar::ZERO; LANES];
        let mut a_lanes = [V::Scalar::ZERO; LANES];
        (d_lanes[0], a_lanes[0]) = (*d, a);
        f(V::load(&d_lanes), V::load(&a_lanes)).store(&mut d_lanes);
        *d = d_lanes[0];
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
fn tanh<V: Lanes>(z: V) -> V {
    if is_single_precision::<V::Scalar>() {
        tanh_rational(z)
    } else {
        z.map(Real::tanh)
    }
}

/// σ(z) = 1 / (1 + e^(−z)); in `f32` through the identity σ(z) = ½ + ½ tanh(z/2).
#[inline(always)]
fn sigmoid<V: Lanes>(z: V) -> V {
    if is_single_precision::<V::Scalar>() {
        let half = V::splat(V::Scalar::from_f64(0.5));
        half + half * tanh_rational(half * z)
    } else {
        z.map(|z| V::Scalar::ONE / (V::Scalar::ONE + (-z).exp()))
    }
}

/// tanh z ≈ z p(z²) / q(z²), Eigen's single-precision rational approximation (degree 13 over 6,
/// coefficients from Eigen's `generic_fast_tanh_float`). Only +, ×, ÷ and comparisons: it
/// vectorises, and IEEE arithmetic makes it give the same bits on every machine. NaN passes
/// through.
///
/// The polynomials in y = z² are evaluated by Estrin's scheme, pairs of terms combined by y²
/// and y⁴: two more multiplications than Horner's rule but half as long a chain of dependent
/// operations, so the lanes' work overlaps. z is clamped to ±7.9386916, the first value at
/// which this evaluation gives exactly 1, so tanh saturates to exactly ±1 beyond it. Over
/// every `f32` the result is within 3.6e-7 of the true tanh, and never beyond ±1.
#[inline(always)]
pub(crate) fn tanh_rational<V: Lanes>(z: V) -> V {
    let c = |v: f64| V::splat(V::Scalar::from_f64(v));
    // "clamp if z > clamp, −clamp if z < −clamp, else z": NaN passes through.
    let x = z.pmin(c(7.938_691_6)).pmax(c(-7.938_691_6));
    let y = x * x;
    let y2 = y * y;
    let y4 = y2 * y2;
    // Numerator x (α₁ + α₃y + α₅y² + α₇y³ + α₉y⁴ + α₁₁y⁵ + α₁₃y⁶).
    let p01 = c(4.893_524_558_917_86e-3) + c(6.372_619_288_754_36e-4) * y;
    let p23 = c(1.485_722_357_179_79e-5) + c(5.122_297_090_371_14e-8) * y;
    let p45 = c(-8.604_671_522_137_35e-11) + c(2.000_187_904_824_77e-13) * y;
    let p0123 = p01 + p23 * y2;
    let p456 = p45 + c(-2.760_768_477_423_55e-16) * y2;
    let p = (p0123 + p456 * y4) * x;
    // Denominator β₀ + β₂y + β₄y² + β₆y³.
    let q01 = c(4.893_525_185_543_85e-3) + c(2.268_434_632_439e-3) * y;
    let q23 = c(1.185_347_056_866_54e-4) + c(1.198_258_394_667_02e-6) * y;
    let q = q01 + q23 * y2;
    p / q
}

/// One activation as the page lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ActivationInfo {
    /// The name in the JS API and the URL ("relu").
    pub name: &'static str,
    /// The name shown to a learner ("ReLU").
    pub title: &'static str,
    /// The formula in plain-text Unicode.
    pub formula: &'static str,
    /// One plain sentence on what it does.
    pub meaning: &'static str,
}

/// Every activation of [`Activation::ALL`], in that order.
pub fn catalog() -> Vec<ActivationInfo> {
    Activation::ALL
        .into_iter()
        .map(|a| ActivationInfo {
            name: a.name(),
            title: a.title(),
            formula: a.formula(),
            meaning: a.meaning(),
        })
        .collect()
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
    fn f32_tanh_is_within_3_6e_7_of_the_true_value() {
        // Oracle: the f64 library tanh, on a dense grid (steps of 2^-12) over [−10, 10] and on
        // every f32 in [4, 10], where the error is largest.
        let error = |z: f32| (f64::from(tanh_rational(z)) - f64::from(z).tanh()).abs();
        let grid = (-40_960..=40_960).map(|i| i as f32 / 4096.0);
        let every = (4.0f32.to_bits()..=10.0f32.to_bits()).map(f32::from_bits);
        let worst = grid.chain(every).map(error).fold(0.0, f64::max);
        assert!(worst <= 3.6e-7, "worst error {worst}");
        // The same rational function written out with Horner's rule agrees to a few units in
        // the last place (an independent check of the coefficients and their order).
        let horner = |coeffs: &[f64], y: f32| coeffs.iter().fold(0.0f32, |s, &c| s * y + c as f32);
        for i in -4000..=4000 {
            let z = i as f32 / 500.0;
            let x = z.clamp(-7.938_691_6, 7.938_691_6);
            let y = x * x;
            let alphas = [
                -2.760_768_477_423_55e-16,
                2.000_187_904_824_77e-13,
                -8.604_671_522_137_35e-11,
                5.122_297_090_371_14e-8,
                1.485_722_357_179_79e-5,
                6.372_619_288_754_36e-4,
                4.893_524_558_917_86e-3,
            ];
            let betas = [
                1.198_258_394_667_02e-6,
                1.185_347_056_866_54e-4,
                2.268_434_632_439e-3,
                4.893_525_185_543_85e-3,
            ];
            let reference = x * horner(&alphas, y) / horner(&betas, y);
            let got = tanh_rational(z);
            let ulp = f32::EPSILON * reference.abs();
            assert!(
                (got - reference).abs() <= 8.0 * ulp,
                "tanh({z}) = {got}, Horner {reference}"
            );
            assert!(got.abs() <= 1.0, "tanh({z}) = {got} beyond ±1");
        }
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
