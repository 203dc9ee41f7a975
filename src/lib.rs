//! `ally`: a language and interpreter for alliance scenarios.
//!
//! The stages of a `.ally` file, from text to answer, are mapped in `ARCHITECTURE.md`.

// A diagnostic is returned at most once per query, on the error path; boxing it would
// only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod cancel;
pub mod cli;
pub mod diagnostics;
pub mod dynamics;
pub mod engine;
pub mod games;
pub mod import;
pub mod lab;
pub mod model;
pub mod query;
pub mod render;
pub mod repl;
pub mod run;
pub mod span;
pub mod syntax;
pub mod theory;
