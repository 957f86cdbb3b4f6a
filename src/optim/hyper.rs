//! Hyperparameters as the JS API and the URL carry them: every field optional, values checked.

use super::{check_learning_rate, OptimError};
use crate::value::{Fields, Value};

/// Hyperparameters for [`super::build`], as the JS layer and the URL pass them (camelCase
/// names). A field left `None` takes the optimizer's default; a field set for an optimizer that
/// has no use for it is an error.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hyper {
    /// Learning rate γ > 0 (every optimizer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lr: Option<f64>,
    /// Momentum μ in [0, 1) (`momentum`, `nesterov`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub momentum: Option<f64>,
    /// Smoothing constant α in [0, 1) of the squared-gradient average (`rmsprop`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    /// β₁ in [0, 1), decay of the gradient average m (`adam`, `adamw`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beta1: Option<f64>,
    /// β₂ in [0, 1), decay of the squared-gradient average v (`adam`, `adamw`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beta2: Option<f64>,
    /// ε > 0 in the denominator √(·) + ε (`adagrad`, `rmsprop`, `adam`, `adamw`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eps: Option<f64>,
    /// Weight decay λ ≥ 0: L2 for `adam`, decoupled for `adamw`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight_decay: Option<f64>,
}

impl Hyper {
    /// Each field with its name as written in the JS API and the URL, in declaration order.
    pub fn fields(&self) -> [(&'static str, Option<f64>); 7] {
        [
            ("lr", self.lr),
            ("momentum", self.momentum),
            ("alpha", self.alpha),
            ("beta1", self.beta1),
            ("beta2", self.beta2),
            ("eps", self.eps),
            ("weightDecay", self.weight_decay),
        ]
    }

    /// Reads `{ lr: 0.01, beta1: 0.9 }`: every field optional, unknown ones refused. The values
    /// are checked when an optimizer is built.
    pub fn from_value(value: &Value) -> Result<Self, String> {
        let mut hyper = Hyper::default();
        let names = hyper.fields().map(|(name, _)| name);
        let f = Fields::of(value, &names)?;
        hyper.lr = f.number("lr")?;
        hyper.momentum = f.number("momentum")?;
        hyper.alpha = f.number("alpha")?;
        hyper.beta1 = f.number("beta1")?;
        hyper.beta2 = f.number("beta2")?;
        hyper.eps = f.number("eps")?;
        hyper.weight_decay = f.number("weightDecay")?;
        Ok(hyper)
    }

    /// Checks every field that is set against its allowed range; the first bad one gives an
    /// error naming it, the range and the value.
    pub(super) fn check_values(&self) -> Result<(), OptimError> {
        if let Some(lr) = self.lr {
            check_learning_rate(lr)?;
        }
        for (field, value) in [
            ("momentum", self.momentum),
            ("alpha", self.alpha),
            ("beta1", self.beta1),
            ("beta2", self.beta2),
        ] {
            match value {
                // A fraction kept from one step to the next: 1 would never forget.
                Some(v) if !(0.0..1.0).contains(&v) => {
                    return Err(OptimError(format!(
                        "{field} must be at least 0 and less than 1 (got {})",
                        crate::value::number_text(v)
                    )));
                }
                _ => {}
            }
        }
        match self.eps {
            Some(eps) if !(eps.is_finite() && eps > 0.0) => {
                return Err(OptimError(format!(
                    "eps must be a positive, finite number (got {})",
                    crate::value::number_text(eps)
                )));
            }
            _ => {}
        }
        match self.weight_decay {
            Some(wd) if !(wd.is_finite() && wd >= 0.0) => {
                return Err(OptimError(format!(
                    "weightDecay must be 0 or a positive, finite number (got {})",
                    crate::value::number_text(wd)
                )));
            }
            _ => {}
        }
        Ok(())
    }
}

/// How a control should move through a hyperparameter's range: by factors of ten (`Log`, for
/// values that span decades, like a learning rate) or by equal steps (`Linear`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HyperScale {
    /// Equal ratios: 1e-4, 1e-3, 1e-2 are evenly spaced.
    Log,
    /// Equal differences: 0.1, 0.2, 0.3 are evenly spaced.
    Linear,
}

/// One hyperparameter as a learner meets it: its name in the JS API and URL, its symbol and
/// words, and the range a control and a link may hold.
///
/// The range lies inside what [`Hyper::check_values`] accepts (a native test builds every
/// optimizer at both ends), so a value the page lets through is never refused by `build`.
/// It is narrower where the accepted set is open or unbounded: a learning rate may be any
/// positive number, but a control needs two ends.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct HyperSpec {
    /// The name in the JS API and the URL ("lr", "weightDecay").
    pub key: &'static str,
    /// The symbol in the lessons' formulas ("η").
    pub symbol: &'static str,
    /// A short label for a control ("learning rate").
    pub label: &'static str,
    /// The smallest value a control or a link may hold.
    pub min: f64,
    /// The largest value a control or a link may hold.
    pub max: f64,
    /// How a control moves between `min` and `max`.
    pub scale: HyperScale,
    /// One plain sentence saying what the value does.
    pub meaning: &'static str,
}

/// Every hyperparameter, in the order of [`Hyper::fields`] (the learning rate first).
pub const HYPER_SPECS: [HyperSpec; 7] = [
    HyperSpec {
        key: "lr",
        symbol: "η",
        label: "learning rate",
        min: 1e-5,
        max: 1.0,
        scale: HyperScale::Log,
        meaning: "How far each step moves along the (adjusted) gradient: too small creeps, too large overshoots or diverges.",
    },
    HyperSpec {
        key: "momentum",
        symbol: "μ",
        label: "momentum",
        min: 0.0,
        max: 0.9999,
        scale: HyperScale::Linear,
        meaning: "How much of the previous step's velocity each step keeps, so motion builds up along a steady slope.",
    },
    HyperSpec {
        key: "alpha",
        symbol: "α",
        label: "smoothing",
        min: 0.0,
        max: 0.9999,
        scale: HyperScale::Linear,
        meaning: "How slowly the running average of squared gradients forgets: closer to 1 remembers longer.",
    },
    HyperSpec {
        key: "beta1",
        symbol: "β₁",
        label: "gradient memory",
        min: 0.0,
        max: 0.9999,
        scale: HyperScale::Linear,
        meaning: "How slowly the running average of gradients (the momentum) forgets: closer to 1 remembers longer.",
    },
    HyperSpec {
        key: "beta2",
        symbol: "β₂",
        label: "squared-gradient memory",
        min: 0.0,
        max: 0.99999,
        scale: HyperScale::Linear,
        meaning: "How slowly the running average of squared gradients forgets, which sets each coordinate's step size.",
    },
    HyperSpec {
        key: "eps",
        symbol: "ε",
        label: "epsilon",
        min: 1e-12,
        max: 1.0,
        scale: HyperScale::Log,
        meaning: "A tiny number added below the division so a coordinate whose gradients were all near zero does not get a huge step.",
    },
    HyperSpec {
        key: "weightDecay",
        symbol: "λ",
        label: "weight decay",
        min: 0.0,
        max: 1.0,
        scale: HyperScale::Linear,
        meaning: "How strongly each step also pulls every parameter towards zero.",
    },
];

/// The hyperparameter whose JS and URL name is `key`.
pub fn hyper_spec(key: &str) -> Option<&'static HyperSpec> {
    HYPER_SPECS.iter().find(|spec| spec.key == key)
}
