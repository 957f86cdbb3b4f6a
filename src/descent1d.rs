//! Gradient descent in one dimension: x ← x − η f′(x) on a curve f(x) a learner typed.
//!
//! It is the 2-D [`Descent`] with plain SGD on the curve seen as a surface f(x, y) that does
//! not depend on y ([`Landscape::of_curve`]), started at y = 0: ∂f/∂y = 0, so y stays 0 and
//! x takes exactly the steps x ← x − η f′(x). Reusing the 2-D descent keeps one set of
//! stopping rules and messages (converged, diverged, unbounded below, step limit) and gives
//! the same iterates, bit for bit, as a `Descent` on `Landscape.parse` of the same text, so
//! links made when the lesson used that replay identically.

use crate::calculus::Curve;
use crate::descent::{Descent, DescentError, Status};
use crate::landscape::Landscape;
use crate::optim::{self, Hyper};

/// A 1-D gradient descent in progress on a curve, with learning rate η.
#[derive(Debug)]
pub struct CurveDescent {
    descent: Descent,
}

impl CurveDescent {
    /// A descent on `curve` from `x0` with learning rate `lr` (positive and finite); f must be
    /// finite at `x0`.
    pub fn new(curve: &Curve, lr: f64, x0: f64) -> Result<CurveDescent, DescentError> {
        let hyper = Hyper {
            lr: Some(lr),
            ..Hyper::default()
        };
        let sgd = optim::build::<f64>("sgd", &hyper).map_err(|e| DescentError(e.0))?;
        let descent = Descent::new(Landscape::of_curve(curve), sgd, [x0, 0.0])?;
        Ok(CurveDescent { descent })
    }

    /// One step x ← x − η f′(x); does nothing once stopped.
    pub fn step(&mut self) -> Status {
        self.descent.step()
    }

    /// Up to `n_steps` steps, stopping early once the descent stops.
    pub fn run(&mut self, n_steps: usize) -> Status {
        self.descent.run(n_steps)
    }

    /// Where the descent stands.
    pub fn status(&self) -> Status {
        self.descent.status()
    }

    /// Why it stopped, in plain words; `None` while running.
    pub fn message(&self) -> Option<String> {
        self.descent.message()
    }

    /// The number of recorded steps k.
    pub fn steps(&self) -> usize {
        self.descent.steps()
    }

    /// The current x_k.
    pub fn x(&self) -> f64 {
        self.descent.point()[0]
    }

    /// f(x_k).
    pub fn value(&self) -> f64 {
        self.descent.value()
    }

    /// The slope f′(x_k) at the current point.
    pub fn slope(&self) -> f64 {
        self.descent.gradient()[0]
    }

    /// x_0, x_1, ..., x_k.
    pub fn xs(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.descent.path().iter().map(|p| p[0])
    }

    /// f(x_0), ..., f(x_k).
    pub fn values(&self) -> &[f64] {
        self.descent.values()
    }

    /// The learning rate η.
    pub fn learning_rate(&self) -> f64 {
        self.descent.optimizer().learning_rate()
    }

    /// Changes η (check it with [`optim::check_learning_rate`] first), keeping the path.
    pub fn set_learning_rate(&mut self, lr: f64) {
        self.descent.optimizer_mut().set_learning_rate(lr);
    }

    /// Back to step 0 at `x0`. A bad start changes nothing.
    pub fn reset(&mut self, x0: f64) -> Result<(), DescentError> {
        self.descent.reset([x0, 0.0])
    }

    /// The 2-D descent underneath (y = 0 throughout).
    pub fn descent(&self) -> &Descent {
        &self.descent
    }
}
