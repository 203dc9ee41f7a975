//! The one failure path of every entry point: what a command, the REPL, the lab, the
//! web server or the language server returns when it fails ([`Failure`]), and the one
//! place ([`exit_code`]) that prints it and picks the exit code (SPEC §3: 0 success, 1
//! an error in the input, a failed `expect` or a failed run, 2 bad usage or a write
//! that did not happen).

use std::process::ExitCode;

use crate::output::{self, WriteError};
use ally_core::diagnostics::{self, Report};

/// Why an entry point failed; [`exit_code`] prints it and picks the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage or a file that cannot be read: the message (`error: …`), exit 2.
    Usage(String),
    /// Errors in the input or a failed `expect`, already reported: exit 1.
    Input,
    /// Errors in the input, to report (each source's diagnostics): exit 1.
    Reports(Vec<Report>),
    /// A run that failed for a reason of its own (the lab's numbers, the server
    /// stopping): the message (`error: …`), exit 1.
    Failed(String),
    /// A write that did not happen (a full disk, an output that is an input): exit 2.
    Write(WriteError),
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Self {
        Failure::Write(e)
    }
}

impl From<Vec<Report>> for Failure {
    fn from(r: Vec<Report>) -> Self {
        Failure::Reports(r)
    }
}

/// A message is bad usage.
impl From<String> for Failure {
    fn from(m: String) -> Self {
        Failure::Usage(m)
    }
}

/// What an entry point returns.
pub type Outcome = Result<(), Failure>;

pub const EXIT_INPUT: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Prints the failure on standard error and returns its exit code. A write to standard
/// output or error that failed anywhere (even where the writer could not return the
/// error) makes the exit code 2, whatever the entry point decided.
pub fn exit_code(outcome: Outcome) -> ExitCode {
    let code = match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            let _ = output::stderr(&format!("{msg}\n"));
            ExitCode::from(EXIT_USAGE)
        }
        Err(Failure::Input) => ExitCode::from(EXIT_INPUT),
        Err(Failure::Reports(reports)) => {
            for r in &reports {
                if let Err(e) = eprint_report(r) {
                    return exit_code(Err(e));
                }
            }
            ExitCode::from(EXIT_INPUT)
        }
        Err(Failure::Failed(msg)) => {
            let _ = output::stderr(&format!("{msg}\n"));
            ExitCode::from(EXIT_INPUT)
        }
        Err(Failure::Write(e)) => {
            let _ = output::stderr(&format!("{e}\n"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match output::failure() {
        Some(e) => {
            let _ = output::stderr(&format!("{e}\n"));
            ExitCode::from(EXIT_USAGE)
        }
        None => code,
    }
}

/// Prints a file's diagnostics on stderr (fancy on a terminal, plain otherwise).
pub fn eprint_report(report: &Report) -> Outcome {
    if !report.diags.is_empty() {
        output::stderr(&diagnostics::render(report, output::stderr_style()))?;
    }
    Ok(())
}
