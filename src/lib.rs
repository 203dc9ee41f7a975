//! `ally`: a language and interpreter for alliance scenarios — the entry points.
//!
//! The stages of a file, from text to answer, are the `ally-core` crate
//! (`crates/ally-core`); this crate holds what stands on them: the command line, the
//! REPL, the language server, the web server, the lab, the importers, the golden files
//! and the writing of output. `ARCHITECTURE.md` maps both.

// A diagnostic is returned at most once per query, on the error path; boxing it would
// only add noise at every call site.
#![allow(clippy::result_large_err)]
#![deny(unsafe_code)]

pub mod cli;
pub mod failure;
pub mod golden;
pub mod import;
pub mod lab;
pub mod lsp;
pub mod output;
pub mod repl;
pub mod serve;
pub mod source;
