//! Landscapes: 2-D objectives f(x, y) a learner can watch gradient descent walk on.
//!
//! Every built-in objective lives in ONE registry ([`builtins`]), each entry carrying its formula,
//! its analytic value and gradient ∇f = (∂f/∂x, ∂f/∂y), a view window, its minima and whether f is
//! bounded below. A [`Landscape`] is one registry entry with its parameter values filled in; it is
//! an enum-like handle, so other kinds of objective (a typed expression with a compiled tape) can
//! join later behind the same methods.

mod builtin;
mod newton;

pub use builtin::builtins;

/// The part of the plane a landscape is shown in: x ∈ [x_min, x_max], y ∈ [y_min, y_max].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Left edge (smallest x shown).
    pub x_min: f64,
    /// Right edge (largest x shown).
    pub x_max: f64,
    /// Bottom edge (smallest y shown).
    pub y_min: f64,
    /// Top edge (largest y shown).
    pub y_max: f64,
}

impl Window {
    /// True when (x, y) lies inside the window or on its border.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        (self.x_min..=self.x_max).contains(&x) && (self.y_min..=self.y_max).contains(&y)
    }

    /// The centre ((x_min + x_max)/2, (y_min + y_max)/2).
    pub fn centre(&self) -> [f64; 2] {
        [
            0.5 * (self.x_min + self.x_max),
            0.5 * (self.y_min + self.y_max),
        ]
    }

    /// The larger side, max(x_max − x_min, y_max − y_min): the window's "width" as one number.
    pub fn size(&self) -> f64 {
        (self.x_max - self.x_min).max(self.y_max - self.y_min)
    }
}

/// One adjustable parameter of a built-in landscape (the bowl's condition number κ, ...).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// The name used in URLs and the JS API ("condition").
    pub name: &'static str,
    /// What the page shows next to the control ("condition number κ").
    pub label: &'static str,
    /// The value used when none is given.
    pub default: f64,
    /// The smallest allowed value (inclusive).
    pub min: f64,
    /// The largest allowed value (inclusive).
    pub max: f64,
}

/// Value and analytic gradient at (x, y), given the parameter values in `params` order.
type Eval = fn(&[f64], f64, f64) -> (f64, [f64; 2]);

/// Every local minimum, given the parameter values (filtered to the window by [`Landscape::minima`]).
type Minima = fn(&[f64]) -> Vec<[f64; 2]>;

/// One entry of the registry of built-in objectives.
#[derive(Debug)]
pub struct Builtin {
    /// The name used in URLs and the JS API ("rosenbrock").
    pub name: &'static str,
    /// The human title shown on the page ("Rosenbrock's banana valley").
    pub title: &'static str,
    /// The formula in plain-text Unicode, parameters as symbols ("f(x, y) = x² + κ·y²").
    pub formula: &'static str,
    /// The adjustable parameters, in the order the objective reads them.
    pub params: &'static [ParamSpec],
    /// For builtins with parameters: the formula with a `{name}` placeholder per parameter,
    /// where [`Landscape::formula`] writes in the values.
    formula_with_values: Option<&'static str>,
    /// Where to look at it.
    window: Window,
    /// Whether inf f > −∞ over the whole plane.
    bounded_below: bool,
    /// Where a first descent starts: a point that shows the landscape's character.
    start: [f64; 2],
    /// A learning rate with which plain gradient descent from `start` reaches a minimum in a few
    /// hundred to a few thousand steps (or, on the saddle, shows the fall).
    rate: f64,
    /// f and ∇f.
    eval: Eval,
    /// The local minima (all of them, before filtering to the window).
    minima: Minima,
}

/// Why a landscape could not be made, in words a learner can act on.
#[derive(Clone, Debug, PartialEq)]
pub struct LandscapeError(pub String);

impl core::fmt::Display for LandscapeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LandscapeError {}

/// A 2-D objective f(x, y) with its gradient, view window and minima.
#[derive(Clone, Debug)]
pub struct Landscape {
    objective: Objective,
}

/// The kinds of objective a landscape can be (a parsed expression will be the second).
#[derive(Clone, Debug)]
enum Objective {
    /// A registry entry with one value per [`ParamSpec`], in order.
    Builtin {
        builtin: &'static Builtin,
        param_values: Vec<f64>,
    },
}

impl Builtin {
    /// Where a first descent starts on this landscape.
    pub fn start(&self) -> [f64; 2] {
        self.start
    }

    /// A learning rate that suits plain gradient descent from [`Builtin::start`].
    pub fn rate(&self) -> f64 {
        self.rate
    }
}

impl Landscape {
    /// The built-in landscape `name`, with `params` overriding the defaults by parameter name.
    ///
    /// Fails with a learner-readable message on an unknown name (listing the valid ones), an
    /// unknown or repeated parameter, or a parameter outside its allowed range (or not finite).
    pub fn builtin(name: &str, params: &[(&str, f64)]) -> Result<Landscape, LandscapeError> {
        let builtin = builtins().iter().find(|b| b.name == name).ok_or_else(|| {
            let names: Vec<&str> = builtins().iter().map(|b| b.name).collect();
            LandscapeError(format!(
                "there is no built-in landscape called '{name}'; choose one of: {}",
                names.join(", ")
            ))
        })?;
        let mut param_values: Vec<f64> = builtin.params.iter().map(|p| p.default).collect();
        let mut given = vec![false; builtin.params.len()];
        for &(param_name, value) in params {
            let param_idx = builtin
                .params
                .iter()
                .position(|p| p.name == param_name)
                .ok_or_else(|| unknown_param(builtin, param_name))?;
            if given[param_idx] {
                return Err(LandscapeError(format!(
                    "the parameter '{param_name}' is given twice; give it once"
                )));
            }
            given[param_idx] = true;
            let spec = &builtin.params[param_idx];
            if !(value.is_finite() && spec.min <= value && value <= spec.max) {
                return Err(LandscapeError(format!(
                    "the {} ('{}') of '{}' must be a number from {} to {} (got {value})",
                    spec.label, spec.name, builtin.name, spec.min, spec.max
                )));
            }
            param_values[param_idx] = value;
        }
        Ok(Landscape {
            objective: Objective::Builtin {
                builtin,
                param_values,
            },
        })
    }

    /// The name used in URLs and the JS API.
    pub fn name(&self) -> &str {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.name,
        }
    }

    /// The human title.
    pub fn title(&self) -> &str {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.title,
        }
    }

    /// The formula in plain-text Unicode, with the parameter values written in
    /// ("f(x, y) = x² + κ·y² (κ = 10)").
    pub fn formula(&self) -> String {
        match &self.objective {
            Objective::Builtin {
                builtin,
                param_values,
            } => {
                let mut text = builtin
                    .formula_with_values
                    .unwrap_or(builtin.formula)
                    .to_string();
                for (spec, value) in builtin.params.iter().zip(param_values) {
                    text = text.replace(&format!("{{{}}}", spec.name), &format!("{value}"));
                }
                text
            }
        }
    }

    /// The parameter values as (name, value) pairs, in registry order.
    pub fn params(&self) -> Vec<(&'static str, f64)> {
        match &self.objective {
            Objective::Builtin {
                builtin,
                param_values,
            } => builtin
                .params
                .iter()
                .zip(param_values)
                .map(|(spec, &value)| (spec.name, value))
                .collect(),
        }
    }

    /// f(x, y).
    pub fn value(&self, x: f64, y: f64) -> f64 {
        self.value_and_gradient(x, y).0
    }

    /// ∇f(x, y) = [∂f/∂x, ∂f/∂y], from the analytic derivative.
    pub fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        self.value_and_gradient(x, y).1
    }

    /// f(x, y) and ∇f(x, y) in one evaluation.
    pub fn value_and_gradient(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        match &self.objective {
            Objective::Builtin {
                builtin,
                param_values,
            } => (builtin.eval)(param_values, x, y),
        }
    }

    /// Where a first descent starts.
    pub fn start(&self) -> [f64; 2] {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.start,
        }
    }

    /// A learning rate that suits plain gradient descent from [`Landscape::start`].
    pub fn suggested_rate(&self) -> f64 {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.rate,
        }
    }

    /// The view window the page shows first.
    pub fn window(&self) -> Window {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.window,
        }
    }

    /// The local minima inside the window (global and local), for marking on the picture.
    pub fn minima(&self) -> Vec<[f64; 2]> {
        let window = self.window();
        let all = match &self.objective {
            Objective::Builtin {
                builtin,
                param_values,
            } => (builtin.minima)(param_values),
        };
        all.into_iter()
            .filter(|&[x, y]| window.contains(x, y))
            .collect()
    }

    /// Whether f has a finite lower bound over the whole plane (false for the saddle x² − y²,
    /// where walking downhill can go on for ever).
    pub fn bounded_below(&self) -> bool {
        match &self.objective {
            Objective::Builtin { builtin, .. } => builtin.bounded_below,
        }
    }
}

/// The error for a parameter name the builtin does not have.
fn unknown_param(builtin: &Builtin, param_name: &str) -> LandscapeError {
    if builtin.params.is_empty() {
        LandscapeError(format!(
            "the landscape '{}' has no parameters (got '{param_name}')",
            builtin.name
        ))
    } else {
        let names: Vec<&str> = builtin.params.iter().map(|p| p.name).collect();
        LandscapeError(format!(
            "the landscape '{}' has no parameter '{param_name}'; its parameters are: {}",
            builtin.name,
            names.join(", ")
        ))
    }
}
