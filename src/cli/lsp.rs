//! `ally lsp`: the wiring; the server is [`crate::lsp`].

use super::{Outcome, from_code};

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: &Args) -> Outcome {
    from_code(crate::lsp::main())
}
