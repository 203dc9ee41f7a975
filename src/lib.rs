//! `ally`: a language and interpreter for alliance scenarios.
//!
//! The stages of a `.ally` file, from text to answer, are mapped in `ARCHITECTURE.md`.

// A diagnostic is returned at most once per query, on the error path; boxing it would
// only add noise at every call site.
#![allow(clippy::result_large_err)]
// `unsafe` is opted into per module, with a reason, where it is declared: today only
// `engine::kernel` (SIMD intrinsics).
#![deny(unsafe_code)]

pub mod cancel;
pub mod chance;
pub mod cli;
pub mod diagnostics;
pub mod dynamics;
pub mod engine;
pub mod format;
pub mod games;
pub mod golden;
pub mod import;
pub mod lab;
pub mod lsp;
pub mod model;
pub mod output;
pub mod query;
pub mod render;
pub mod repl;
pub mod run;
pub mod serve;
pub mod solve;
pub mod source;
pub mod span;
pub mod syntax;
pub mod theory;
