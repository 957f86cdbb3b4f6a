//! The three benchmark workloads of `bench/WORKLOADS.md`, driven through the playground's
//! own kernels: training the network (W1, [`MlpSession`] over `nn::Trainer`), rendering a loss
//! landscape (W2, [`LandscapeGrid`] over `landscape` and `render`), and running optimizers
//! (W3, [`run_optimizer`] over `optim` and the Rosenbrock landscape).
//!
//! Nothing here is a copy of a kernel written for the benchmark: each workload only feeds inputs
//! to the code the page runs, configured as the workload says. The generators of the workloads'
//! inputs ([`mlp_inputs`]) follow the spec's seeded SplitMix64 streams, so the native runner and
//! the tests see the same numbers as the JavaScript harness.
//!
//! The wasm exports over this module (`src/wasm/bench.rs`) exist only with the cargo feature
//! `bench`, so the playground's build never carries them; the code here is plain Rust that
//! the playground's wasm does not reference, so its linker drops it.

mod landscape_grid;
mod mlp_train;
mod optimizer_steps;

pub use landscape_grid::{LandscapeGrid, W2_VIEW};
pub use mlp_train::{mlp_inputs, MlpInputs, MlpSession, W1_EPOCHS, W1_HIDDEN, W1_N_INPUTS};
pub use optimizer_steps::{run_optimizer, W3_OPTIMIZERS, W3_START};

/// A benchmark input that cannot be used, in words saying what to change.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchError(pub String);

impl core::fmt::Display for BenchError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BenchError {}

impl From<crate::nn::NnError> for BenchError {
    fn from(err: crate::nn::NnError) -> Self {
        BenchError(err.0)
    }
}

impl From<crate::render::RenderError> for BenchError {
    fn from(err: crate::render::RenderError) -> Self {
        BenchError(err.0)
    }
}

impl From<crate::landscape::LandscapeError> for BenchError {
    fn from(err: crate::landscape::LandscapeError) -> Self {
        BenchError(err.to_string())
    }
}
