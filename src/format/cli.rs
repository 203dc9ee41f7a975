//! The `ally fmt` command: standard input to standard output, or files (and folders
//! of `.ally` files) rewritten in place, or `--check`.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::diagnostics::{self, Report, Style};

const EXIT_INPUT: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn style() -> Style {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Style::Color
    } else {
        Style::Plain
    }
}

/// What happened to one text.
enum Outcome {
    Unchanged,
    Changed(String),
    /// Diagnostics were printed; the text is left as it is.
    Refused,
}

fn format_text(name: &str, src: &str) -> Outcome {
    match super::format_source(src) {
        Ok(out) if out == src => Outcome::Unchanged,
        Ok(out) => Outcome::Changed(out),
        Err(super::Error::Syntax(diags)) => {
            eprint!(
                "{}",
                diagnostics::render(&Report::new(name, src, diags), style())
            );
            Outcome::Refused
        }
        Err(super::Error::Internal(d)) => {
            eprint!(
                "{}",
                diagnostics::render(&Report::new(name, src, vec![d]), style())
            );
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
    let files = match collect(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut failed = false;
    for path in &files {
        let name = path.display().to_string();
        let src = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot read {name}: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        };
        match format_text(&name, &src) {
            Outcome::Unchanged => {}
            Outcome::Refused => failed = true,
            Outcome::Changed(_) if check => {
                println!("would reformat: {name}");
                failed = true;
            }
            Outcome::Changed(out) => {
                if let Err(e) = replace(path, &out) {
                    eprintln!("error: cannot write {name}: {e}");
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
    let mut src = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut src) {
        eprintln!("error: cannot read standard input: {e}");
        return ExitCode::from(EXIT_USAGE);
    }
    let out = match format_text("<stdin>", &src) {
        Outcome::Refused => return ExitCode::from(EXIT_INPUT),
        Outcome::Changed(_) if check => {
            println!("would reformat: <stdin>");
            return ExitCode::from(EXIT_INPUT);
        }
        Outcome::Unchanged if check => return ExitCode::SUCCESS,
        Outcome::Changed(out) => out,
        Outcome::Unchanged => src,
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return ExitCode::from(EXIT_USAGE);
    }
    ExitCode::SUCCESS
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`, so a
/// crash or a full disk never leaves half a file.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned());
    let tmp_name = format!(
        ".{}.fmt-{}.tmp",
        file.unwrap_or_default(),
        std::process::id()
    );
    let tmp = dir.map_or_else(|| PathBuf::from(&tmp_name), |d| d.join(&tmp_name));
    let result = (|| {
        std::fs::write(&tmp, text)?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Every `.ally` file under the paths, sorted so the order never depends on the disk.
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                let entries = std::fs::read_dir(&dir)
                    .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "ally") {
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
    Ok(out)
}
