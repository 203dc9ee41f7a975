//! `ally-core`: the stages of a `.ally` file, from text to answer — syntax, model, theory,
//! engine, solving, answers and their rendering — with no command line, terminal, web
//! server or editor protocol (those are the `ally` package's entry points).
//!
//! The stages and the one-way dependencies among them are mapped in `ARCHITECTURE.md`.

// A diagnostic is returned at most once per query, on the error path; boxing it would
// only add noise at every call site.
#![allow(clippy::result_large_err)]
// `unsafe` is opted into per module, with a reason, where it is declared: today only
// `engine::kernel` (SIMD intrinsics).
#![deny(unsafe_code)]

pub mod cancel;
pub mod chance;
pub mod diagnostics;
pub mod document;
pub mod dynamics;
pub mod engine;
pub mod format;
pub mod games;
pub mod model;
pub mod query;
pub mod render;
pub mod solve;
pub mod span;
pub mod syntax;
pub mod theory;
