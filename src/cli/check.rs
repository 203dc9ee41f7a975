//! `ally check FILE…`: parse and validate only.

use std::path::PathBuf;

use super::{Failure, Outcome, eprint_report, plural, print, read};
use ally_core::diagnostics::Report;
use ally_core::document;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario files (.ally)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: &Args) -> Outcome {
    let mut failed = false;
    for path in &args.files {
        let text = read(path)?;
        let name = path.display().to_string();
        if let Some(diag) = text.error {
            eprint_report(&Report::new(&name, &text.text, vec![diag]))?;
            failed = true;
            continue;
        }
        let (checker, report) = document::check_source(&name, &text.text);
        eprint_report(&report)?;
        if report.has_errors() {
            failed = true;
        } else {
            print(&format!(
                "{name}: ok ({}, {})\n",
                plural(checker.state.scenario.states.len(), "state"),
                plural(checker.items.len(), "query or expectation")
            ))?;
        }
    }
    if failed { Err(Failure::Input) } else { Ok(()) }
}
