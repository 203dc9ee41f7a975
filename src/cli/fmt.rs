//! `ally fmt [FILE…] [--check]`: the wiring; the command is [`crate::format::cli`].

use std::path::PathBuf;

use super::{Outcome, from_code};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders of .ally files (standard input to standard output when none)
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Change nothing; list the files that would change and exit 1 if any would
    #[arg(long)]
    check: bool,
}

pub fn run(args: &Args) -> Outcome {
    from_code(crate::format::cli::main(&args.files, args.check))
}
