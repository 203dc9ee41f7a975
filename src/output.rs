//! Everything `ally` writes, written so nothing is lost (issue 12): a file never
//! replaces one of the command's inputs and is written whole or not at all (a
//! temporary file beside it, then a rename); a failed write to standard output or
//! standard error is an error, not a panic or a silent exit 0 — except a closed pipe,
//! which ends the process quietly ([`end_if_closed`], issue 26 item 6).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Why a write did not happen; the text is the whole message, `error: …` included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The file a path names once symlinks are followed: the path itself when it does not
/// exist yet (its folder resolved, so `./x` and `x` agree).
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::canonicalize(parent).ok().map(|p| p.join(name))
}

/// Writes `bytes` to `path` unless it is one of `inputs` (compared once symlinks are
/// followed, so a link to an input is refused too). The bytes go to a temporary file in
/// the same folder, which is then renamed over `path`: a reader never sees half a file,
/// and a failed write leaves the old one as it was. When `path` is a symlink the file
/// it points to is replaced, not the link.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), WriteError> {
    let cannot = |e: &dyn std::fmt::Display| {
        WriteError(format!("error: cannot write {}: {e}", path.display()))
    };
    let target = resolved(path).ok_or_else(|| cannot(&"no such folder"))?;
    for input in inputs {
        if resolved(input).is_some_and(|i| i == target) {
            return Err(WriteError(format!(
                "error: refusing to write {}: it is an input of this command ({}); \
                 choose another output file",
                path.display(),
                input.display()
            )));
        }
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.ally-tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&tmp, &target));
    renamed.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        cannot(&e)
    })
}

/// `--color`: whether what `ally` writes for people is coloured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set (and not empty) or `TERM` is `dumb`.
    #[default]
    Auto,
    Always,
    Never,
}

static COLOR: OnceLock<ColorChoice> = OnceLock::new();

/// Sets the choice of `--color` for the whole process (once; later calls change nothing).
pub fn set_color(choice: ColorChoice) {
    let _ = COLOR.set(choice);
}

/// The one colour rule of every command: whether to colour a stream that is (or is
/// not) a `terminal`.
pub fn color(terminal: bool) -> bool {
    match COLOR.get().copied().unwrap_or_default() {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// How diagnostics written to standard error are drawn, by [`color`].
pub fn stderr_style() -> ally_core::diagnostics::Style {
    use std::io::IsTerminal;
    if color(std::io::stderr().is_terminal()) {
        ally_core::diagnostics::Style::Color
    } else {
        ally_core::diagnostics::Style::Plain
    }
}

/// The first failed write to standard output or standard error, kept for writers that
/// cannot return the error (the REPL's sink); the command's exit code reads it.
static FAILED: OnceLock<WriteError> = OnceLock::new();

/// The first failed write to a standard stream, if any.
pub fn failure() -> Option<&'static WriteError> {
    FAILED.get()
}

/// The status of a process stopped by SIGPIPE, as a shell reports it (128 + 13).
pub const CLOSED_PIPE: i32 = 141;

/// A reader that closed its end of the pipe (`ally run … | head -1`) wants no more:
/// the process ends at once, without a message, with the status a process stopped by
/// SIGPIPE has, as `cat` or `grep` would end there. (Rust ignores SIGPIPE, so the write
/// fails with `BrokenPipe` instead.) Any other failure is left to the caller.
pub fn end_if_closed(e: &std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(CLOSED_PIPE);
    }
}

fn stream_error(which: &str, e: std::io::Error) -> WriteError {
    end_if_closed(&e);
    let err = WriteError(format!("error: cannot write standard {which}: {e}"));
    let _ = FAILED.set(err.clone());
    err
}

/// Writes all of `text` to standard output and flushes it.
pub fn stdout(text: &str) -> Result<(), WriteError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| stream_error("output", e))
}

/// Writes all of `text` to standard error and flushes it.
pub fn stderr(text: &str) -> Result<(), WriteError> {
    let mut err = std::io::stderr().lock();
    err.write_all(text.as_bytes())
        .and_then(|()| err.flush())
        .map_err(|e| stream_error("error", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ally-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_a_file_whole_and_leaves_no_temporary() {
        let dir = scratch("replace");
        let out = dir.join("out.txt");
        std::fs::write(&out, "old").unwrap();
        write_atomic(&out, b"new", &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = scratch("fail");
        let err = write_atomic(&dir.join("missing/out.txt"), b"x", &[]).unwrap_err();
        assert!(err.0.starts_with("error: cannot write"), "{err}");
        // A folder where the file should be: the rename fails, the folder stays.
        std::fs::create_dir(dir.join("taken")).unwrap();
        assert!(write_atomic(&dir.join("taken"), b"x", &[]).is_err());
        assert!(dir.join("taken").is_dir());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    }

    #[test]
    fn refuses_an_input_by_any_name() {
        let dir = scratch("inputs");
        let input = dir.join("in.ally");
        std::fs::write(&input, "state A").unwrap();
        std::os::unix::fs::symlink(&input, dir.join("link")).unwrap();
        for out in [input.clone(), dir.join("link"), dir.join("./in.ally")] {
            let err = write_atomic(&out, b"x", &[&input]).unwrap_err();
            assert!(err.0.contains("is an input"), "{err}");
        }
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "state A");
        // Through the link, the file it points to is replaced and the link kept.
        let other = dir.join("other");
        std::fs::write(&other, "old").unwrap();
        std::os::unix::fs::symlink(&other, dir.join("to-other")).unwrap();
        write_atomic(&dir.join("to-other"), b"new", &[&input]).unwrap();
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "new");
        assert!(dir.join("to-other").is_symlink());
    }
}
