//! `ally repl [FILE]`: the interactive shell of [`crate::repl`].

use std::path::PathBuf;

use super::Outcome;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A scenario file (.ally) to load first
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

pub fn run(args: &Args) -> Outcome {
    crate::repl::main(args.file.as_deref())
}
