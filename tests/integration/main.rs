//! The one integration-test crate; each module covers one face of `ally`.

mod cli;
mod diagnostics;
mod dynamics;
mod engine;
mod engine_limits;
mod examples;
mod format;
mod games;
mod graph;
mod import;
mod invariants;
mod lab;
mod limits;
mod lsp;
mod repl;
mod semantics;
mod serve;
mod support;
mod theory;
