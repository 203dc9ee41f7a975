//! `ally`: a language and interpreter for alliance scenarios.
//!
//! The stages of a `.ally` file, from text to answer, are mapped in `ARCHITECTURE.md`.

pub mod cli;
pub mod diagnostics;
pub mod engine;
pub mod model;
pub mod query;
pub mod render;
pub mod run;
pub mod syntax;
pub mod theory;
