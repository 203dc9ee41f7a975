//! `ally check FILE…`: parse and validate only.

use std::path::PathBuf;

use super::{Failure, Outcome, eprint_report, plural, read};
use crate::run;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario files (.ally)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: &Args) -> Outcome {
    let mut failed = false;
    for path in &args.files {
        let src = read(path)?;
        let name = path.display().to_string();
        let (checker, report) = run::check_source(&name, &src);
        eprint_report(&report);
        if report.has_errors() {
            failed = true;
        } else {
            println!(
                "{name}: ok ({}, {})",
                plural(checker.scenario.states.len(), "state"),
                plural(checker.items.len(), "query or expectation")
            );
        }
    }
    if failed { Err(Failure::Input) } else { Ok(()) }
}
