//! The one integration-test crate; each module covers one face of `ally`.

mod cli;
mod diagnostics;
mod dynamics;
mod engine;
mod examples;
mod games;
mod graph;
mod import;
mod invariants;
mod lab;
mod repl;
mod semantics;
mod support;
mod theory;
