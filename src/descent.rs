//! A gradient descent in progress: a landscape, an optimizer and the path walked so far.
//!
//! Each step evaluates ∇f at the current point p_k, hands it to the optimizer (which moves
//! p_k to p_{k+1}), and evaluates f(p_{k+1}). The descent stops itself when it converges, runs
//! away, or the path gets too long; [`Status`] says which, [`Descent::message`] says it in words.

use crate::landscape::Landscape;
use crate::optim::Optimizer;
use crate::rng::SplitMix64;

/// The longest path kept: after this many steps the descent stops (a memory guard).
pub const STEP_LIMIT: usize = 1_000_000;

/// Runaway distance: a point farther than this many window sizes from the window centre.
pub const RUNAWAY_WINDOWS: f64 = 1e6;

/// Runaway value: |f| above this times max(1, |f(start)|).
pub const RUNAWAY_VALUE_FACTOR: f64 = 1e12;

/// Converged needs ‖∇f‖ below this at the new point ...
pub const CONVERGED_GRADIENT_NORM: f64 = 1e-10;

/// ... and the last step ‖p_{k+1} − p_k‖ below this times (1 + ‖p_{k+1}‖): the point no longer
/// moves beyond a few rounding units.
pub const CONVERGED_STEP_RATIO: f64 = 1e-14;

/// Where a descent stands; `step` is the number of the step that ended it (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Still walking.
    Running,
    /// ∇f vanished to machine precision and the point stopped moving.
    Converged {
        /// The step after which both held.
        step: usize,
    },
    /// The point or f ran away (or became NaN/infinite): the steps were too large.
    Diverged {
        /// The step that ran away.
        step: usize,
    },
    /// f kept falling on a landscape with no lower bound: there is no minimum to find.
    Unbounded {
        /// The step that ran away.
        step: usize,
    },
    /// The path reached [`STEP_LIMIT`] steps.
    StepLimit {
        /// The last step taken.
        step: usize,
    },
}

impl Status {
    /// True while the descent can still take steps.
    pub fn is_running(&self) -> bool {
        *self == Status::Running
    }

    /// What happened, in plain words for the page; `None` while running.
    pub fn message(&self) -> Option<String> {
        match *self {
            Status::Running => None,
            Status::Converged { step } => Some(format!(
                "converged at step {step}: the gradient is zero to machine precision"
            )),
            Status::Diverged { step } => Some(format!(
                "diverged at step {step}: the learning rate is too large for this landscape"
            )),
            Status::Unbounded { step } => Some(format!(
                "no minimum in this direction: f keeps falling (stopped at step {step})"
            )),
            Status::StepLimit { step } => {
                Some(format!("stopped at step {step}: the path is long enough"))
            }
        }
    }
}

/// Why a descent could not be set up, in words a learner can act on.
#[derive(Clone, Debug, PartialEq)]
pub struct DescentError(pub String);

impl core::fmt::Display for DescentError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DescentError {}

/// Optional stochastic mode: the optimizer sees ∇f + σ·ε with ε ~ N(0, I), drawn x then y.
struct Noise {
    /// Standard deviation σ of each coordinate's noise (0 = off).
    sigma: f64,
    /// The seed the stream was derived from, kept so `reset` replays the same noise.
    seed: u64,
    /// The stream `SplitMix64::derive(seed, "noise")`.
    rng: SplitMix64,
}

impl Noise {
    fn new(sigma: f64, seed: u64) -> Self {
        Self {
            sigma,
            seed,
            rng: SplitMix64::derive(seed, "noise"),
        }
    }
}

/// A gradient descent in progress on one landscape with one optimizer.
///
/// Stopping rules (checked after every step, in this order):
/// - runaway: p_{k+1} or f(p_{k+1}) is NaN/infinite, or ‖p_{k+1} − centre‖ >
///   [`RUNAWAY_WINDOWS`]·window size, or |f(p_{k+1})| > [`RUNAWAY_VALUE_FACTOR`]·max(1, |f(p_0)|).
///   It is [`Status::Unbounded`] when the landscape is not bounded below and f has fallen below
///   f(p_0) (the latest f that is not NaN); otherwise [`Status::Diverged`].
/// - converged: ‖∇f(p_{k+1})‖ < [`CONVERGED_GRADIENT_NORM`] and
///   ‖p_{k+1} − p_k‖ ≤ [`CONVERGED_STEP_RATIO`]·(1 + ‖p_{k+1}‖) (the true gradient: noise does
///   not count, but it keeps the point moving, so a noisy descent runs to the step limit).
/// - [`STEP_LIMIT`] steps taken.
///
/// `path` and `values` only hold finite points: a step to a NaN or infinite point (or one where
/// f is not finite) stops the descent without being recorded, so the path then has one point
/// fewer than the step number in the status.
pub struct Descent {
    landscape: Landscape,
    optimizer: Box<dyn Optimizer<f64>>,
    /// p_0, p_1, ..., p_k.
    path: Vec<[f64; 2]>,
    /// f(p_0), ..., f(p_k).
    values: Vec<f64>,
    /// ∇f(p_k), the true gradient at the current point.
    gradient: [f64; 2],
    status: Status,
    noise: Noise,
}

impl Descent {
    /// A descent from `start` (which must be finite, with f finite there); the optimizer's
    /// accumulated state is reset so the path depends only on its hyperparameters.
    pub fn new(
        landscape: Landscape,
        optimizer: Box<dyn Optimizer<f64>>,
        start: [f64; 2],
    ) -> Result<Descent, DescentError> {
        let (value, gradient) = check_start(&landscape, start)?;
        let mut descent = Descent {
            landscape,
            optimizer,
            path: Vec::new(),
            values: Vec::new(),
            gradient,
            status: Status::Running,
            noise: Noise::new(0.0, 0),
        };
        descent.restart(start, value, gradient);
        Ok(descent)
    }

    /// Takes one step p_{k+1} = optimizer(p_k, ∇f(p_k)); does nothing once stopped.
    pub fn step(&mut self) -> Status {
        if !self.status.is_running() {
            return self.status;
        }
        let step = self.path.len();
        let old = self.point();
        // The gradient the optimizer sees: ∇f(p_k) + σ·ε in stochastic mode.
        let mut seen = self.gradient;
        if self.noise.sigma > 0.0 {
            for g in &mut seen {
                *g += self.noise.sigma * self.noise.rng.normal();
            }
        }
        let mut new = old;
        self.optimizer.step(&mut new, &seen);
        let (value, gradient) = self.landscape.value_and_gradient(new[0], new[1]);
        let recordable = new[0].is_finite() && new[1].is_finite() && value.is_finite();
        if recordable {
            self.path.push(new);
            self.values.push(value);
            self.gradient = gradient;
        }
        self.status = if self.runs_away(new, value) {
            self.runaway_status(value, step)
        } else if norm(gradient) < CONVERGED_GRADIENT_NORM
            && norm([new[0] - old[0], new[1] - old[1]]) <= CONVERGED_STEP_RATIO * (1.0 + norm(new))
        {
            Status::Converged { step }
        } else if step >= STEP_LIMIT {
            Status::StepLimit { step }
        } else {
            Status::Running
        };
        self.status
    }

    /// Takes up to `n_steps` steps, stopping early once the descent stops.
    pub fn run(&mut self, n_steps: usize) -> Status {
        for _ in 0..n_steps {
            if !self.step().is_running() {
                break;
            }
        }
        self.status
    }

    /// Where the descent stands.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Why it stopped, in plain words for the page; `None` while running.
    pub fn message(&self) -> Option<String> {
        self.status.message()
    }

    /// The number of recorded steps k (`path().len() − 1`).
    pub fn steps(&self) -> usize {
        self.path.len() - 1
    }

    /// The current point p_k = (x, y).
    pub fn point(&self) -> [f64; 2] {
        self.path[self.path.len() - 1]
    }

    /// f(p_k) at the current point.
    pub fn value(&self) -> f64 {
        self.values[self.values.len() - 1]
    }

    /// ∇f(p_k) at the current point (without noise).
    pub fn gradient(&self) -> [f64; 2] {
        self.gradient
    }

    /// Every point from the start: p_0, p_1, ..., p_k.
    pub fn path(&self) -> &[[f64; 2]] {
        &self.path
    }

    /// f at each path point: f(p_0), ..., f(p_k).
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The landscape walked on.
    pub fn landscape(&self) -> &Landscape {
        &self.landscape
    }

    /// The optimizer taking the steps.
    pub fn optimizer(&self) -> &dyn Optimizer<f64> {
        self.optimizer.as_ref()
    }

    /// The optimizer, to change its learning rate between steps.
    pub fn optimizer_mut(&mut self) -> &mut dyn Optimizer<f64> {
        self.optimizer.as_mut()
    }

    /// Back to step 0 at `start`: the path is cleared, the optimizer's state is reset and the
    /// noise stream restarts from its seed. A bad start changes nothing.
    pub fn reset(&mut self, start: [f64; 2]) -> Result<(), DescentError> {
        let (value, gradient) = check_start(&self.landscape, start)?;
        self.restart(start, value, gradient);
        Ok(())
    }

    /// Stochastic mode: from the next step on, the optimizer sees ∇f + σ·ε with ε ~ N(0, I)
    /// drawn from `SplitMix64::derive(seed, "noise")` (x then y each step); σ = 0 turns it off.
    pub fn set_noise(&mut self, sigma: f64, seed: u64) -> Result<(), DescentError> {
        if !(sigma.is_finite() && sigma >= 0.0) {
            return Err(DescentError(format!(
                "the gradient noise σ must be a number ≥ 0 (got {})",
                crate::value::number_text(sigma)
            )));
        }
        self.noise = Noise::new(sigma, seed);
        Ok(())
    }

    /// Starts over at a checked start point.
    fn restart(&mut self, start: [f64; 2], value: f64, gradient: [f64; 2]) {
        self.path.clear();
        self.path.push(start);
        self.values.clear();
        self.values.push(value);
        self.gradient = gradient;
        self.status = Status::Running;
        self.optimizer.reset();
        self.noise = Noise::new(self.noise.sigma, self.noise.seed);
    }

    /// The runaway rule (see the type's documentation).
    fn runs_away(&self, new: [f64; 2], value: f64) -> bool {
        let window = self.landscape.window();
        let centre = window.centre();
        let distance = norm([new[0] - centre[0], new[1] - centre[1]]);
        let value_limit = RUNAWAY_VALUE_FACTOR * self.values[0].abs().max(1.0);
        // Written so that NaN counts as running away.
        !(distance <= RUNAWAY_WINDOWS * window.size() && value.abs() <= value_limit)
    }

    /// Unbounded when f fell without a floor to stop it, Diverged otherwise.
    fn runaway_status(&self, value: f64, step: usize) -> Status {
        let latest = if value.is_nan() { self.value() } else { value };
        if !self.landscape.bounded_below() && latest < self.values[0] {
            Status::Unbounded { step }
        } else {
            Status::Diverged { step }
        }
    }
}

impl core::fmt::Debug for Descent {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Descent")
            .field("landscape", &self.landscape.name())
            .field("optimizer", &self.optimizer.name())
            .field("steps", &self.steps())
            .field("point", &self.point())
            .field("status", &self.status)
            .finish()
    }
}

/// The Euclidean norm √(a² + b²).
fn norm(v: [f64; 2]) -> f64 {
    v[0].hypot(v[1])
}

/// A start must be two finite numbers where f is finite; returns f and ∇f there.
fn check_start(landscape: &Landscape, start: [f64; 2]) -> Result<(f64, [f64; 2]), DescentError> {
    let [x, y] = start;
    if !(x.is_finite() && y.is_finite()) {
        return Err(DescentError(format!(
            "the start point must be two ordinary numbers (got x = {x}, y = {y})"
        )));
    }
    let (value, gradient) = landscape.value_and_gradient(x, y);
    if !value.is_finite() {
        return Err(DescentError(format!(
            "f is too large to compute at the start point ({x}, {y}); start nearer the picture"
        )));
    }
    Ok((value, gradient))
}
