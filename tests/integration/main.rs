//! The one integration-test crate; each module covers one face of `ally`.

mod cli;
mod diagnostics;
mod engine;
mod examples;
mod games;
mod invariants;
mod theory;
