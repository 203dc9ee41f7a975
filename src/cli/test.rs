//! `ally test [PATH…]`: the `expect` statements of every `.ally` file under the paths.

use std::path::PathBuf;

use super::{Failure, Format, Outcome, eprint_report, plural, print, read};
use crate::golden;
use ally_core::diagnostics::Report;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders to search for .ally files
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Override the files' model (golden files are then not compared)
    #[arg(long, value_name = "MODEL", conflicts_with = "bless")]
    model: Option<String>,
    /// Write or update the golden file `X.golden` beside each `X.ally` with the text
    /// `ally run X.ally` prints, instead of testing
    #[arg(long)]
    bless: bool,
}

pub fn run(a: &Args) -> Outcome {
    let files = crate::source::ally_files(&a.paths).map_err(Failure::Usage)?;
    if files.is_empty() {
        return Err(Failure::Usage(format!(
            "error: no .ally files under {}",
            show_paths(&a.paths)
        )));
    }
    if a.bless {
        return bless_files(&files);
    }
    // The default budget, as `ally run FILE` (whose output golden files hold) uses.
    let budget = ally_core::engine::DEFAULT_BUDGET;
    super::run::run_files(&files, a.format, a.model.as_deref(), None, budget, true)
}

/// `ally test --bless`: writes each file's golden file and says which it wrote. A file
/// with errors is not blessed (its output would be empty) and makes the exit code 1.
fn bless_files(files: &[PathBuf]) -> Outcome {
    let mut failed = false;
    for path in files {
        let text = read(path)?;
        let name = path.display().to_string();
        let result = match text.error {
            Some(diag) => {
                eprint_report(&Report::new(&name, &text.text, vec![diag]))?;
                failed = true;
                print(&format!("{name}: not blessed (the file has errors)\n"))?;
                continue;
            }
            None => ally_core::document::run_source(&name, &text.text, None),
        };
        eprint_report(&result.report)?;
        if result.report.has_errors() {
            failed = true;
            print(&format!("{name}: not blessed (the file has errors)\n"))?;
            continue;
        }
        let (golden, what) = golden::bless(path, &result)?;
        let f = result.failed_expectations();
        print(&format!(
            "{} {}{}\n",
            what.word(),
            golden.display(),
            if f > 0 {
                format!(" (note: {} FAILED)", plural(f, "expectation"))
            } else {
                String::new()
            }
        ))?;
    }
    if failed { Err(Failure::Input) } else { Ok(()) }
}

fn show_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
