//! The one integration-test crate; each module covers one face of `ally`.

mod architecture;
mod cli;
mod data;
mod diagnostics;
mod dynamics;
mod editors;
mod engine;
mod engine_limits;
mod examples;
mod format;
mod fuzz;
mod games;
mod graph;
mod import;
mod import_atop;
mod invariants;
mod lab;
mod limits;
mod lsp;
mod repl;
mod serve;
mod support;
mod theory;
