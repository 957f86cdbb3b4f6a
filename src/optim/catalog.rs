//! The optimizers as the page lists them: a title, a one-line summary of the rule, and every
//! hyperparameter with its default, range, symbol and meaning. The page fills its pickers and
//! controls from this and keeps no list of its own.

use super::hyper::{HyperScale, HyperSpec, HYPER_SPECS};
use super::{defaults, Hyper, NAMES};

/// One hyperparameter of one optimizer: the shared [`HyperSpec`] and this optimizer's default.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct HyperInfo {
    /// The name in the JS API and the URL ("lr").
    pub key: &'static str,
    /// The symbol in the formulas ("η").
    pub symbol: &'static str,
    /// A short label for a control ("learning rate").
    pub label: &'static str,
    /// This optimizer's default (PyTorch's, or the lesson's where the module says so).
    pub default: f64,
    /// The smallest value a control or a link may hold.
    pub min: f64,
    /// The largest value a control or a link may hold.
    pub max: f64,
    /// "log" or "linear": how a control moves between `min` and `max`.
    pub scale: HyperScale,
    /// One plain sentence saying what the value does.
    pub meaning: &'static str,
}

/// One optimizer as the page lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct OptimizerInfo {
    /// The name in the JS API and the URL ("adam").
    pub name: &'static str,
    /// The name shown to a learner ("Adam").
    pub title: &'static str,
    /// One line: what the rule does, with its update.
    pub summary: &'static str,
    /// Every hyperparameter it uses, with its default (the fields it does not use are absent).
    pub defaults: Hyper,
    /// The same hyperparameters in order (the learning rate first), described for controls.
    pub hyper: Vec<HyperInfo>,
}

/// The name shown to a learner for the optimizer called `name` ("AdaGrad"); an unknown name
/// is shown as it is.
pub fn title(name: &str) -> &str {
    match name {
        "sgd" => "SGD",
        "momentum" => "Momentum",
        "nesterov" => "Nesterov",
        "adagrad" => "AdaGrad",
        "rmsprop" => "RMSProp",
        "adam" => "Adam",
        "adamw" => "AdamW",
        other => other,
    }
}

/// One line on what the optimizer called `name` does (empty for an unknown name).
pub fn summary(name: &str) -> &'static str {
    match name {
        "sgd" => "plain gradient descent: θ ← θ − η∇f",
        "momentum" => "heavy ball: a velocity b ← μb + ∇f gathers speed along steady slopes; θ ← θ − ηb",
        "nesterov" => "momentum that looks ahead: θ ← θ − η(∇f + μb), with b ← μb + ∇f",
        "adagrad" => "each coordinate's step shrinks with the sum of its squared gradients: θ ← θ − η∇f / (√s + ε)",
        "rmsprop" => "each coordinate's step divided by a running average of its squared gradients: θ ← θ − η∇f / (√v + ε)",
        "adam" => "momentum and per-coordinate step sizes together, bias-corrected: θ ← θ − η m̂ / (√v̂ + ε)",
        "adamw" => "Adam with weight decay kept apart from the gradient: θ ← θ − ηλθ, then Adam's step",
        _ => "",
    }
}

/// Every optimizer of [`NAMES`], in that order.
pub fn catalog() -> Vec<OptimizerInfo> {
    NAMES
        .iter()
        .filter_map(|&name| {
            let defaults = defaults(name).ok()?;
            let hyper = defaults
                .fields()
                .into_iter()
                .zip(&HYPER_SPECS)
                .filter_map(|((_, default), spec)| Some(describe(spec, default?)))
                .collect();
            Some(OptimizerInfo {
                name,
                title: title(name),
                summary: summary(name),
                defaults,
                hyper,
            })
        })
        .collect()
}

fn describe(spec: &HyperSpec, default: f64) -> HyperInfo {
    HyperInfo {
        key: spec.key,
        symbol: spec.symbol,
        label: spec.label,
        default,
        min: spec.min,
        max: spec.max,
        scale: spec.scale,
        meaning: spec.meaning,
    }
}
