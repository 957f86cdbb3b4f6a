//! Each operation's forward rule with its local derivatives right beside it.
//!
//! The trace and the tape both call these two functions, so they agree to the last bit.

use crate::expr::{Binary, Unary};

/// v = op(a) and the local derivative dv/da.
#[inline(always)]
pub(crate) fn unary(op: Unary, a: f64) -> (f64, f64) {
    match op {
        // v = −a; dv/da = −1.
        Unary::Neg => (-a, -1.0),
        // v = sin a; dv/da = cos a.
        Unary::Sin => (a.sin(), a.cos()),
        // v = cos a; dv/da = −sin a.
        Unary::Cos => (a.cos(), -a.sin()),
        // v = tan a; dv/da = 1/cos² a = 1 + v².
        Unary::Tan => {
            let v = a.tan();
            (v, 1.0 + v * v)
        }
        // v = e^a; dv/da = e^a = v.
        Unary::Exp => {
            let v = a.exp();
            (v, v)
        }
        // v = ln a; dv/da = 1/a (ln of a negative number is NaN, ln 0 = −∞).
        Unary::Ln => (a.ln(), 1.0 / a),
        // v = √a; dv/da = 1/(2√a) = 1/(2v), which is +∞ at a = 0.
        Unary::Sqrt => {
            let v = a.sqrt();
            (v, 0.5 / v)
        }
        // v = |a|; dv/da = sign a, taken as 0 at a = 0.
        Unary::Abs => (a.abs(), sign(a)),
        // v = tanh a; dv/da = 1 − v² = sech² a = 4t/(1 + t)² with t = e^(−2|a|), a form that
        // stays accurate where v rounds to ±1.
        Unary::Tanh => {
            let t = (-2.0 * a.abs()).exp();
            (a.tanh(), 4.0 * t / ((1.0 + t) * (1.0 + t)))
        }
        // v = σ(a) = 1/(1 + e^−a); dv/da = σ(a)·σ(−a) = σ(a)(1 − σ(a)). With t = e^(−|a|) ≤ 1
        // nothing overflows: σ(|a|) = 1/(1 + t), σ(−|a|) = t/(1 + t), and
        // σ(a)σ(−a) = t/(1 + t)².
        Unary::Sigmoid => {
            let t = (-a.abs()).exp();
            let v = if a >= 0.0 {
                1.0 / (1.0 + t)
            } else {
                t / (1.0 + t)
            };
            (v, t / ((1.0 + t) * (1.0 + t)))
        }
        // v = max(a, 0); dv/da = 1 for a > 0, else 0 (0 at the kink a = 0).
        Unary::Relu => (relu(a), if a > 0.0 { 1.0 } else { 0.0 }),
        // v = ln(1 + e^a) = max(a, 0) + ln(1 + e^(−|a|)) (no overflow for large a, no lost
        // digits for very negative a); dv/da = e^a/(1 + e^a) = σ(a).
        Unary::Softplus => {
            let t = (-a.abs()).exp();
            let v = relu(a) + t.ln_1p();
            let s = if a >= 0.0 {
                1.0 / (1.0 + t)
            } else {
                t / (1.0 + t)
            };
            (v, s)
        }
    }
}

/// v = op(a, b) and the local derivatives [∂v/∂a, ∂v/∂b].
#[inline(always)]
pub(crate) fn binary(op: Binary, a: f64, b: f64) -> (f64, [f64; 2]) {
    match op {
        // v = a + b; ∂v/∂a = 1, ∂v/∂b = 1.
        Binary::Add => (a + b, [1.0, 1.0]),
        // v = a − b; ∂v/∂a = 1, ∂v/∂b = −1.
        Binary::Sub => (a - b, [1.0, -1.0]),
        // v = a·b; ∂v/∂a = b, ∂v/∂b = a.
        Binary::Mul => (a * b, [b, a]),
        // v = a/b; ∂v/∂a = 1/b, ∂v/∂b = −a/b² = −v/b (0/0 is NaN).
        Binary::Div => {
            let v = a / b;
            (v, [1.0 / b, -v / b])
        }
        // v = a^b; ∂v/∂a = b·a^(b−1), taken as 0 when b = 0; ∂v/∂b = a^b·ln a, taken as 0
        // when a = 0 and b ≥ 0 (PyTorch's rules). For a < 0, v is real only for whole b, and
        // ∂v/∂b is NaN (ln a is). Small whole powers (x^2) are products, much faster than powf.
        Binary::Pow => {
            let (v, da) = match small_whole(b) {
                Some(n) => (powi(a, n), if n == 0 { 0.0 } else { b * powi(a, n - 1) }),
                None => (a.powf(b), if b == 0.0 { 0.0 } else { b * a.powf(b - 1.0) }),
            };
            let db = if a == 0.0 && b >= 0.0 {
                0.0
            } else {
                v * a.ln()
            };
            (v, [da, db])
        }
        // v = min(a, b); ∂v/∂a = 1 where a < b, ∂v/∂b = 1 where b < a, ½ each on a tie.
        Binary::Min => {
            if a < b {
                (a, [1.0, 0.0])
            } else if b < a {
                (b, [0.0, 1.0])
            } else {
                tie(a, b)
            }
        }
        // v = max(a, b); ∂v/∂a = 1 where a > b, ∂v/∂b = 1 where b > a, ½ each on a tie.
        Binary::Max => {
            if a > b {
                (a, [1.0, 0.0])
            } else if b > a {
                (b, [0.0, 1.0])
            } else {
                tie(a, b)
            }
        }
    }
}

/// min or max of two arguments that are not ordered: equal (the derivative split ½–½, as
/// `torch.maximum` and `torch.minimum` do), or one of them NaN (NaN, not the other one).
#[inline(always)]
fn tie(a: f64, b: f64) -> (f64, [f64; 2]) {
    if a == b {
        (a, [0.5, 0.5])
    } else {
        (f64::NAN, [f64::NAN, f64::NAN])
    }
}

/// The largest |n| for which a^n is computed by multiplication.
pub(crate) const MAX_WHOLE_POWER: i32 = 64;

/// b as an i32 when it is a whole number with |b| ≤ [`MAX_WHOLE_POWER`].
#[inline(always)]
pub(crate) fn small_whole(b: f64) -> Option<i32> {
    (b == b.trunc() && b.abs() <= MAX_WHOLE_POWER as f64).then_some(b as i32)
}

/// a^n for a whole n by binary exponentiation (a·a for n = 2, 1/a for n = −1): a fixed order
/// of multiplications, so the trace and the tape's block loops round identically.
#[inline(always)]
pub(crate) fn powi(a: f64, n: i32) -> f64 {
    let mut k = n.unsigned_abs();
    let (mut base, mut result) = (a, 1.0);
    loop {
        if k & 1 == 1 {
            result *= base;
        }
        k >>= 1;
        if k == 0 {
            break;
        }
        base *= base;
    }
    if n < 0 {
        1.0 / result
    } else {
        result
    }
}

/// max(a, 0), NaN for NaN (unlike `f64::max`, which would give 0).
#[inline(always)]
fn relu(a: f64) -> f64 {
    if a > 0.0 || a.is_nan() {
        a
    } else {
        0.0
    }
}

/// The sign of a: 1, −1, 0 at 0 (so |a|′(0) = 0), NaN for NaN.
#[inline(always)]
fn sign(a: f64) -> f64 {
    if a > 0.0 {
        1.0
    } else if a < 0.0 {
        -1.0
    } else if a == 0.0 {
        0.0
    } else {
        f64::NAN
    }
}
