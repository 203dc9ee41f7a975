//! The `ally fmt` command: standard input to standard output, or files (and folders
//! of `.ally` files) rewritten in place, or `--check`.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::diagnostics::{self, Report};
use crate::output;

const EXIT_INPUT: u8 = 1;
const EXIT_USAGE: u8 = 2;

/// What happened to one text.
enum Outcome {
    Unchanged,
    Changed(String),
    /// Diagnostics were printed; the text is left as it is.
    Refused,
}

fn report(name: &str, src: &str, diags: Vec<crate::diagnostics::Diag>) {
    let _ = output::stderr(&diagnostics::render(
        &Report::new(name, src, diags),
        output::stderr_style(),
    ));
}

fn format_text(name: &str, src: &str) -> Outcome {
    match super::format_source(src) {
        Ok(out) if out == src => Outcome::Unchanged,
        Ok(out) => Outcome::Changed(out),
        Err(super::Error::Syntax(diags)) => {
            report(name, src, diags);
            Outcome::Refused
        }
        Err(super::Error::Internal(d)) => {
            report(name, src, vec![d]);
            Outcome::Refused
        }
    }
}

/// `ally fmt [FILE…] [--check]`. Exit 0 when everything is (now) formatted, 1 when a
/// file would change under `--check` or could not be formatted, 2 when a file cannot
/// be read or written.
pub fn main(paths: &[PathBuf], check: bool) -> ExitCode {
    if paths.is_empty() {
        return stdin(check);
    }
    let files = match crate::source::ally_files(paths) {
        Ok(f) => f,
        Err(e) => {
            let _ = output::stderr(&format!("{e}\n"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut failed = false;
    for path in &files {
        let name = path.display().to_string();
        let decoded = match std::fs::read(path) {
            Ok(bytes) => crate::source::decode(bytes),
            Err(e) => {
                let _ = output::stderr(&format!("error: cannot read {name}: {e}\n"));
                return ExitCode::from(EXIT_USAGE);
            }
        };
        if let Some(d) = decoded.error {
            report(&name, &decoded.text, vec![d]);
            failed = true;
            continue;
        }
        let src = decoded.text;
        match format_text(&name, &src) {
            Outcome::Unchanged => {}
            Outcome::Refused => failed = true,
            Outcome::Changed(_) if check => {
                if output::stdout(&format!("would reformat: {name}\n")).is_err() {
                    return ExitCode::from(EXIT_USAGE);
                }
                failed = true;
            }
            Outcome::Changed(out) => {
                // A temporary file beside it, then a rename: never half a file.
                if let Err(e) = output::write_atomic(path, out.as_bytes(), &[]) {
                    let _ = output::stderr(&format!("{e}\n"));
                    return ExitCode::from(EXIT_USAGE);
                }
            }
        }
    }
    if failed {
        ExitCode::from(EXIT_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

fn stdin(check: bool) -> ExitCode {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        let _ = output::stderr(&format!("error: cannot read standard input: {e}\n"));
        return ExitCode::from(EXIT_USAGE);
    }
    let decoded = crate::source::decode(bytes);
    if let Some(d) = decoded.error {
        report("<stdin>", &decoded.text, vec![d]);
        return ExitCode::from(EXIT_INPUT);
    }
    let src = decoded.text;
    let out = match format_text("<stdin>", &src) {
        Outcome::Refused => return ExitCode::from(EXIT_INPUT),
        Outcome::Changed(_) if check => {
            let _ = output::stdout("would reformat: <stdin>\n");
            return ExitCode::from(EXIT_INPUT);
        }
        Outcome::Unchanged if check => return ExitCode::SUCCESS,
        Outcome::Changed(out) => out,
        Outcome::Unchanged => src,
    };
    match output::stdout(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(EXIT_USAGE),
    }
}
