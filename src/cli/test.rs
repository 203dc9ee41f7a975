//! `ally test [PATH…]`: the `expect` statements of every `.ally` file under the paths.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{Failure, Format, Outcome};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders to search for .ally files
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Override the files' model
    #[arg(long, value_name = "MODEL")]
    model: Option<String>,
}

pub fn run(a: &Args) -> Outcome {
    let files = collect(&a.paths).map_err(Failure::Usage)?;
    if files.is_empty() {
        return Err(Failure::Usage(format!(
            "error: no .ally files under {}",
            show_paths(&a.paths)
        )));
    }
    super::run::run_files(&files, a.format, a.model.as_deref(), true)
}

fn show_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every `.ally` file under the paths, sorted so the order never depends on the disk.
/// Each file counts once, however many links lead to it (by its canonical path), a
/// folder is entered once (so a symlink loop ends), and in a folder only regular files
/// are read: a FIFO or a device there would block or never end.
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut dirs_seen = BTreeSet::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                if !dirs_seen.insert(std::fs::canonicalize(&dir).unwrap_or(dir.clone())) {
                    continue;
                }
                let entries = std::fs::read_dir(&dir)
                    .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.is_file() && path.extension().is_some_and(|e| e == "ally") {
                        out.push(path);
                    }
                }
            }
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(format!("error: {} does not exist", p.display()));
        }
    }
    out.sort();
    out.dedup();
    let mut files_seen = BTreeSet::new();
    out.retain(|p| files_seen.insert(std::fs::canonicalize(p).unwrap_or(p.clone())));
    Ok(out)
}
