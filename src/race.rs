//! The optimizer race: several descents on one landscape from one start point, each with its
//! own optimizer, stepping together; and the learning-rate sweep behind the explorer.
//!
//! A race is nothing but independent [`Descent`]s that share a landscape, a start p₀ and (in
//! stochastic mode) the gradient noise: each runner sees ∇f(p_k) + σ·ε_k with the same
//! ε_1, ε_2, ... (common random numbers), so a difference between two runners comes from their
//! update rules, never from luck. Running a race is therefore bit for bit the same as running
//! each descent alone.
//!
//! The leaderboard's "steps to a minimum" is the first step k with ‖p_k − m‖ ≤
//! [`NEAR_DISTANCE`] for some listed minimum m of the landscape (Euclidean distance).

use crate::descent::{Descent, DescentError, Status};
use crate::landscape::Landscape;
use crate::optim::{self, Hyper, OptimError};

/// The most runners one race holds: one per optimizer the core knows.
pub const MAX_RUNNERS: usize = 7;

/// "Near a minimum": a Euclidean distance ‖p − m‖ of at most this.
pub const NEAR_DISTANCE: f64 = 1e-3;

/// The runners' colours, in the order runners take them: orange, blue, pink, teal, olive,
/// violet and mauve. Chosen so that every lane reads on the whole viridis map and stays apart
/// from the others for colour-blind eyes (checked by tests/palette.rs): each has a contrast of
/// at least 3:1 against viridis's darkest and brightest colours (so mid-lightness, L* ≈ 48–53),
/// any two differ by CIEDE2000 ΔE ≥ 20 for normal vision and ΔE ≥ 10 after simulating
/// deuteranopia. (The Okabe–Ito colours used before were light or dark, not both readable on
/// viridis, and their amber and vermilion looked alike.) The page also tells lanes apart by a
/// dash pattern, a marker and a label, never by hue alone.
pub const RUNNER_COLORS: [[u8; 3]; MAX_RUNNERS] = [
    [0xCD, 0x5A, 0x0F],
    [0x14, 0x73, 0xCD],
    [0xEB, 0x1E, 0x73],
    [0x3C, 0x7D, 0x6E],
    [0x73, 0x78, 0x37],
    [0xD2, 0x05, 0xFF],
    [0x8C, 0x78, 0x91],
];

/// The human name of an optimizer ("adam" → "Adam"); the name itself when unknown.
pub fn optimizer_title(name: &str) -> &str {
    crate::optim::title(name)
}

/// Why a race or a sweep could not be set up, in words a learner can act on.
#[derive(Clone, Debug, PartialEq)]
pub struct RaceError(pub String);

impl core::fmt::Display for RaceError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RaceError {}

impl From<OptimError> for RaceError {
    fn from(err: OptimError) -> RaceError {
        RaceError(err.0)
    }
}

impl From<DescentError> for RaceError {
    fn from(err: DescentError) -> RaceError {
        RaceError(err.0)
    }
}

/// Stochastic mode: every gradient gets σ·ε added, ε ~ N(0, I) from the stream seeded by `seed`
/// (see [`Descent::set_noise`]); σ = 0 is the exact gradient.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GradientNoise {
    /// Standard deviation σ ≥ 0 of each coordinate's noise.
    pub sigma: f64,
    /// The seed of the noise stream.
    pub seed: u64,
}

/// One lane of the race: a descent, its colour, and when it first came near a minimum.
#[derive(Debug)]
pub struct Runner {
    descent: Descent,
    color_idx: usize,
    /// The first step k with p_k within [`NEAR_DISTANCE`] of a minimum, once seen.
    first_near: Option<usize>,
    /// Path points already checked for `first_near`.
    n_scanned: usize,
}

impl Runner {
    /// The descent this runner walks.
    pub fn descent(&self) -> &Descent {
        &self.descent
    }

    /// Its index into [`RUNNER_COLORS`].
    pub fn color_idx(&self) -> usize {
        self.color_idx
    }

    /// The first step k whose point p_k lies within [`NEAR_DISTANCE`] of a listed minimum;
    /// `None` if none has yet.
    pub fn first_near(&self) -> Option<usize> {
        self.first_near
    }

    /// "Adam, η = 0.01": the optimizer's title and learning rate, for legends.
    pub fn label(&self) -> String {
        let optimizer = self.descent.optimizer();
        format!(
            "{}, η = {}",
            optimizer_title(optimizer.name()),
            optimizer.learning_rate()
        )
    }

    /// Checks the path points not yet checked against the minima.
    fn scan(&mut self, minima: &[[f64; 2]]) {
        let path = self.descent.path();
        if self.first_near.is_none() {
            self.first_near = path[self.n_scanned..]
                .iter()
                .position(|&p| is_near(p, minima))
                .map(|offset| self.n_scanned + offset);
        }
        self.n_scanned = path.len();
    }
}

/// True when ‖p − m‖ ≤ [`NEAR_DISTANCE`] for some m in `minima`.
pub fn is_near(p: [f64; 2], minima: &[[f64; 2]]) -> bool {
    minima
        .iter()
        .any(|m| (p[0] - m[0]).hypot(p[1] - m[1]) <= NEAR_DISTANCE)
}

/// Several descents on one landscape from one start, stepping together.
#[derive(Debug)]
pub struct Race {
    landscape: Landscape,
    start: [f64; 2],
    /// The landscape's minima inside its window, computed once.
    minima: Vec<[f64; 2]>,
    noise: GradientNoise,
    runners: Vec<Runner>,
}

impl Race {
    /// An empty race on `landscape` from `start` (two finite numbers where f is finite).
    pub fn new(landscape: Landscape, start: [f64; 2]) -> Result<Race, RaceError> {
        let [x, y] = start;
        if !(x.is_finite() && y.is_finite()) {
            return Err(RaceError(format!(
                "the start point must be two ordinary numbers (got x = {x}, y = {y})"
            )));
        }
        if !landscape.value(x, y).is_finite() {
            return Err(RaceError(format!(
                "f is too large to compute at the start point ({x}, {y}); start nearer the picture"
            )));
        }
        Ok(Race {
            minima: landscape.minima(),
            landscape,
            start,
            noise: GradientNoise::default(),
            runners: Vec::new(),
        })
    }

    /// Stochastic mode for every runner, present and future: each sees ∇f + σ·ε with the same
    /// noise sequence. Only before the race has started, so a link reproduces it exactly.
    pub fn set_noise(&mut self, noise: GradientNoise) -> Result<(), RaceError> {
        if self.runners.iter().any(|r| r.descent.steps() > 0) {
            return Err(RaceError(
                "the gradient noise can only change before the race starts; reset it first".into(),
            ));
        }
        if !(noise.sigma.is_finite() && noise.sigma >= 0.0) {
            return Err(RaceError(format!(
                "the gradient noise σ must be a number ≥ 0 (got {})",
                crate::value::number_text(noise.sigma)
            )));
        }
        for runner in &mut self.runners {
            runner.descent.set_noise(noise.sigma, noise.seed)?;
        }
        self.noise = noise;
        Ok(())
    }

    /// Adds a runner with the optimizer `name` and its hyperparameters (missing ones take
    /// their defaults); returns its index. It starts at step 0 even if the others have moved
    /// on. Errors in words: an unknown optimizer, a value out of range, a full race.
    pub fn add(&mut self, name: &str, hyper: &Hyper) -> Result<usize, RaceError> {
        if self.runners.len() >= MAX_RUNNERS {
            return Err(RaceError(format!(
                "a race holds at most {MAX_RUNNERS} optimizers; remove one first"
            )));
        }
        let optimizer = optim::build::<f64>(name, hyper)?;
        let mut descent = Descent::new(self.landscape.clone(), optimizer, self.start)?;
        descent.set_noise(self.noise.sigma, self.noise.seed)?;
        let mut runner = Runner {
            descent,
            color_idx: self.runners.len(),
            first_near: None,
            n_scanned: 0,
        };
        runner.scan(&self.minima);
        self.runners.push(runner);
        Ok(self.runners.len() - 1)
    }

    /// Every runner takes up to `n_steps` more steps (a runner that has stopped stays where it
    /// is; the others go on). Returns how many are still running.
    pub fn step_all(&mut self, n_steps: usize) -> usize {
        for runner in &mut self.runners {
            runner.descent.run(n_steps);
            runner.scan(&self.minima);
        }
        self.n_running()
    }

    /// How many runners can still take steps.
    pub fn n_running(&self) -> usize {
        self.runners
            .iter()
            .filter(|r| r.descent.status().is_running())
            .count()
    }

    /// The runners, in the order they were added.
    pub fn runners(&self) -> &[Runner] {
        &self.runners
    }

    /// The runner at `runner_idx`, or an error naming the valid range.
    pub fn runner(&self, runner_idx: usize) -> Result<&Runner, RaceError> {
        self.runners.get(runner_idx).ok_or_else(|| {
            RaceError(format!(
                "there is no runner {runner_idx}: this race has {} (numbered from 0)",
                self.runners.len()
            ))
        })
    }

    /// The landscape raced on.
    pub fn landscape(&self) -> &Landscape {
        &self.landscape
    }

    /// The shared start point p₀.
    pub fn start(&self) -> [f64; 2] {
        self.start
    }

    /// The minima "steps to a minimum" is measured against.
    pub fn minima(&self) -> &[[f64; 2]] {
        &self.minima
    }

    /// The gradient noise every runner sees.
    pub fn noise(&self) -> GradientNoise {
        self.noise
    }
}

/// One learning rate of a sweep: where N steps with it ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepPoint {
    /// The learning rate γ.
    pub lr: f64,
    /// f at the last point the descent reached (its last finite point if it diverged).
    pub final_loss: f64,
    /// The step at which it diverged, if it did (see [`Status::Diverged`]).
    pub diverged_at: Option<usize>,
}

/// `n_rates` learning rates spaced evenly on a log axis from `lr_min` to `lr_max` (both
/// included): γ_j = γ_min·(γ_max/γ_min)^(j/(n−1)).
pub fn log_rates(lr_min: f64, lr_max: f64, n_rates: usize) -> Result<Vec<f64>, RaceError> {
    optim::check_learning_rate(lr_min)?;
    optim::check_learning_rate(lr_max)?;
    if lr_min > lr_max {
        return Err(RaceError(format!(
            "the smallest learning rate ({lr_min}) must not exceed the largest ({lr_max})"
        )));
    }
    Ok(match n_rates {
        0 => Vec::new(),
        1 => vec![lr_min],
        _ => {
            let ratio = (lr_max / lr_min).ln();
            let last = (n_rates - 1) as f64;
            (0..n_rates)
                .map(|j| {
                    if j + 1 == n_rates {
                        lr_max
                    } else {
                        lr_min * (ratio * j as f64 / last).exp()
                    }
                })
                .collect()
        }
    })
}

/// For each learning rate in `lrs`: a fresh descent with `optimizer` (`hyper` with its `lr`
/// replaced) from `start` on `landscape`, `n_steps` steps (fewer if it stops), and where it
/// ended. The same run as a race lane with that learning rate, bit for bit.
pub fn lr_sweep(
    landscape: &Landscape,
    optimizer: &str,
    hyper: &Hyper,
    start: [f64; 2],
    lrs: &[f64],
    n_steps: usize,
    noise: GradientNoise,
) -> Result<Vec<SweepPoint>, RaceError> {
    lrs.iter()
        .map(|&lr| {
            let with_lr = Hyper {
                lr: Some(lr),
                ..*hyper
            };
            let built = optim::build::<f64>(optimizer, &with_lr)?;
            let mut descent = Descent::new(landscape.clone(), built, start)?;
            descent.set_noise(noise.sigma, noise.seed)?;
            let status = descent.run(n_steps);
            Ok(SweepPoint {
                lr,
                final_loss: descent.value(),
                diverged_at: match status {
                    Status::Diverged { step } => Some(step),
                    _ => None,
                },
            })
        })
        .collect()
}

/// The divergence edge of a sweep: the smallest learning rate that diverged; `None` if none did.
pub fn divergence_edge(points: &[SweepPoint]) -> Option<f64> {
    points
        .iter()
        .filter(|p| p.diverged_at.is_some())
        .map(|p| p.lr)
        .min_by(f64::total_cmp)
}
