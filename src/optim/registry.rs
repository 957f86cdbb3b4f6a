//! Optimizers by name: the one door the JS layer uses to make them, with every value checked.

use super::{
    Adagrad, AdagradParams, Adam, AdamParams, Hyper, Momentum, MomentumParams, OptimError,
    Optimizer, RmsProp, RmsPropParams, Sgd, SgdParams,
};
use crate::real::Real;

/// The optimizer names [`build`] accepts, in the order the page lists them.
pub const NAMES: &[&str] = &[
    "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
];

/// The optimizer called `name`, with the hyperparameters `hyper` sets and defaults for the
/// rest. Errors, in plain words: an unknown name (listing the valid ones), a field this
/// optimizer has no use for (naming those that use it), or a value out of range.
pub fn build<F: Real>(name: &str, hyper: &Hyper) -> Result<Box<dyn Optimizer<F>>, OptimError> {
    let used = defaults(name)?;
    for ((field, given), (_, default)) in hyper.fields().into_iter().zip(used.fields()) {
        if given.is_some() && default.is_none() {
            return Err(unused_field(name, field));
        }
    }
    let optimizer = with_defaults(name, hyper)?;
    optimizer.hyper().check_values()?;
    Ok(optimizer)
}

/// The default hyperparameters of the optimizer called `name`: every field it uses is set,
/// every field it does not use is `None`.
pub fn defaults(name: &str) -> Result<Hyper, OptimError> {
    Ok(with_defaults::<f64>(name, &Hyper::default())?.hyper())
}

/// The current hyperparameters of `optimizer` (the same as `optimizer.hyper()`), for the URL.
pub fn hyper_of<F: Real>(optimizer: &dyn Optimizer<F>) -> Hyper {
    optimizer.hyper()
}

/// The optimizer called `name` with `hyper`'s fields over its defaults, unchecked; fields it
/// does not use are ignored.
fn with_defaults<F: Real>(name: &str, hyper: &Hyper) -> Result<Box<dyn Optimizer<F>>, OptimError> {
    Ok(match name {
        "sgd" => Box::new(Sgd::new(SgdParams::default().with_hyper(hyper))),
        "momentum" => Box::new(Momentum::new(MomentumParams::default().with_hyper(hyper))),
        "nesterov" => Box::new(Momentum::new(MomentumParams::nesterov().with_hyper(hyper))),
        "adagrad" => Box::new(Adagrad::new(AdagradParams::default().with_hyper(hyper))),
        "rmsprop" => Box::new(RmsProp::new(RmsPropParams::default().with_hyper(hyper))),
        "adam" => Box::new(Adam::new(AdamParams::default().with_hyper(hyper))),
        "adamw" => Box::new(Adam::new(AdamParams::adamw().with_hyper(hyper))),
        _ => {
            return Err(OptimError(format!(
                "unknown optimizer \"{name}\"; choose one of {}",
                NAMES.join(", ")
            )))
        }
    })
}

/// The error for a field set on an optimizer that does not use it, naming those that do.
fn unused_field(name: &str, field: &str) -> OptimError {
    let users: Vec<&str> = NAMES
        .iter()
        .copied()
        .filter(|&other| {
            defaults(other)
                .is_ok_and(|d| d.fields().iter().any(|&(f, v)| f == field && v.is_some()))
        })
        .collect();
    let mut message = format!("{name} has no {field}; choose {}", or_list(&users));
    if field == "momentum" && name.starts_with("adam") {
        message.push_str(" (Adam's own momentum is set by beta1)");
    }
    OptimError(message)
}

/// "a", "a or b", "a, b or c".
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
