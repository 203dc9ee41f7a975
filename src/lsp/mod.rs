//! `ally lsp`: a Language Server over standard input and output, on `lsp-server` and
//! `lsp-types` (the crates rust-analyzer maintains; Nickel's and Starlark's servers
//! are built the same way).
//!
//! [`server`] runs the message loop; each open text is a [`document::Document`],
//! re-checked on every change, whose diagnostics are the ones `ally check` prints
//! ([`diagnostics`]). The requests are answered by [`features`] and [`hover`], names
//! are indexed by [`symbols`], and [`position`] converts byte offsets to LSP positions.

pub mod diagnostics;
pub mod document;
pub mod features;
pub mod hover;
pub mod position;
pub mod server;
pub mod symbols;

use crate::failure::{Failure, Outcome};

use lsp_server::Connection;

/// `ally lsp`: serves one client on standard input/output until it says `exit`.
pub fn main() -> Outcome {
    let (connection, io) = Connection::stdio();
    let result = server::run(&connection);
    drop(connection);
    let joined = io.join();
    // An editor that closed its end of standard output has gone: end quietly.
    if let Err(e) = &joined {
        crate::output::end_if_closed(e);
    }
    match (result, joined) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(e), _) => Err(Failure::Failed(format!("error: ally lsp: {e}"))),
        (_, Err(e)) => Err(Failure::Failed(format!("error: ally lsp: {e}"))),
    }
}
