//! Downhill: the mathematics of learning by derivatives, as plain Rust.
//!
//! Everything here is plain Rust and is tested natively with `cargo test`. The one door to
//! JavaScript is `wasm` (compiled only for `wasm32`); nothing else names wasm-bindgen.

pub mod autodiff;
pub mod bench;
pub mod budget;
pub mod calculus;
pub mod data;
pub mod decimal;
pub mod descent;
pub mod descent1d;
pub mod expr;
pub mod houses;
pub mod landscape;
mod lanes;
pub mod linefit;
pub mod linreg;
pub mod nn;
pub mod optim;
pub mod order;
pub mod race;
pub mod real;
pub mod render;
pub mod rng;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
