//! `ally lsp`: the wiring; the server is [`crate::lsp`].

use super::Outcome;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: &Args) -> Outcome {
    crate::lsp::main()
}
