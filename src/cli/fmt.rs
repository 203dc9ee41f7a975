//! `ally fmt [FILE…] [--check]`: standard input to standard output, or files (and
//! folders of `.ally` files) rewritten in place, or `--check`. The layout itself is
//! [`ally_core::format`]'s.

use std::io::Read;
use std::path::PathBuf;

use super::{Failure, Outcome, eprint_report, print};
use crate::output;
use ally_core::diagnostics::{Diag, Report};
use ally_core::format::{Error, format_source};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders of .ally files (standard input to standard output when none)
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Change nothing; list the files that would change and exit 1 if any would
    #[arg(long)]
    check: bool,
}

/// What happened to one text.
enum Formatted {
    Unchanged,
    Changed(String),
    /// Diagnostics were printed; the text is left as it is.
    Refused,
}

fn format_text(name: &str, src: &str) -> Result<Formatted, Failure> {
    let refuse = |diags: Vec<Diag>| -> Result<Formatted, Failure> {
        eprint_report(&Report::new(name, src, diags))?;
        Ok(Formatted::Refused)
    };
    match format_source(src) {
        Ok(out) if out == src => Ok(Formatted::Unchanged),
        Ok(out) => Ok(Formatted::Changed(out)),
        Err(Error::Syntax(diags)) => refuse(diags),
        Err(Error::Internal(d)) => refuse(vec![d]),
    }
}

/// Exit 0 when everything is (now) formatted, 1 when a file would change under
/// `--check` or could not be formatted, 2 when a file cannot be read or written.
pub fn run(args: &Args) -> Outcome {
    if args.files.is_empty() {
        return stdin(args.check);
    }
    let files = crate::source::ally_files(&args.files)?;
    let mut failed = false;
    for path in &files {
        let name = path.display().to_string();
        let decoded = std::fs::read(path)
            .map(crate::source::decode)
            .map_err(|e| Failure::Usage(format!("error: cannot read {name}: {e}")))?;
        if let Some(d) = decoded.error {
            eprint_report(&Report::new(&name, &decoded.text, vec![d]))?;
            failed = true;
            continue;
        }
        match format_text(&name, &decoded.text)? {
            Formatted::Unchanged => {}
            Formatted::Refused => failed = true,
            Formatted::Changed(_) if args.check => {
                print(&format!("would reformat: {name}\n"))?;
                failed = true;
            }
            // A temporary file beside it, then a rename: never half a file.
            Formatted::Changed(out) => output::write_atomic(path, out.as_bytes(), &[])?,
        }
    }
    if failed { Err(Failure::Input) } else { Ok(()) }
}

fn stdin(check: bool) -> Outcome {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Usage(format!("error: cannot read standard input: {e}")))?;
    let decoded = crate::source::decode(bytes);
    if let Some(d) = decoded.error {
        eprint_report(&Report::new("<stdin>", &decoded.text, vec![d]))?;
        return Err(Failure::Input);
    }
    let src = decoded.text;
    match format_text("<stdin>", &src)? {
        Formatted::Refused => Err(Failure::Input),
        Formatted::Changed(_) if check => {
            print("would reformat: <stdin>\n")?;
            Err(Failure::Input)
        }
        Formatted::Unchanged if check => Ok(()),
        Formatted::Changed(out) => print(&out),
        Formatted::Unchanged => print(&src),
    }
}
