//! `ally repl [FILE]`: explore a scenario one question at a time (SPEC §5).
//!
//! * [`session`] holds the accepted statements and runs each entry; it knows nothing
//!   of terminals, so a script, a test and a person at the prompt share it.
//! * [`commands`] are the `:` commands, [`help`] the text of `:help`.
//! * [`helper`] is rustyline's helper: completion, hints, highlighting, validator.
//!
//! On a terminal the prompt is rustyline's. Otherwise standard input is read whole and
//! run as a script with plain output (rustyline's own fallback shows no prompt and
//! silently drops an unfinished last statement).
//!
//! **Ctrl-C during a long question.** At the prompt a question is answered on a worker
//! thread; a SIGINT handler (the `ctrlc` crate) raises a flag, the session raises the
//! evaluator's cancel handle, which the engine and the game enumeration poll, and waits
//! for the worker to hand the evaluator back, so the question's memory is freed before
//! the next one starts (see `Session::compute`). While rustyline reads a line the
//! terminal is in raw mode, so
//! Ctrl-C there is a key that clears the line, not a signal.
//!
//! **No line is lost.** Lines pasted or typed ahead (while a question runs) are read one
//! by one: rustyline keeps what it read past a line (its `buffer-redux` feature), and
//! [`terminal`] keeps the kernel from flushing pending input when Ctrl-C stops a
//! question. A bracketed paste arrives as one entry of several lines, run as a script.

pub mod commands;
pub mod help;
pub mod helper;
pub mod session;
mod spans;
mod terminal;

use crate::failure::{Failure, Outcome};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{ColorMode, CompletionType, Config, Editor};

use helper::{Names, ReplHelper};
pub use session::{Buffer, Flow, Session, Sink, Std};

const PROMPT: &str = "ally> ";

/// Where the history is kept: `ALLY_HISTORY`, else `ally/history` in the user's data
/// directory.
pub fn history_path() -> Option<PathBuf> {
    match std::env::var_os("ALLY_HISTORY") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => dirs::data_dir().map(|d| d.join("ally").join("history")),
    }
}

/// The REPL: loads `file` if given, then reads the terminal or, when standard input is
/// not one, runs it as a script. Exit code 0, or 1 when a script (or the file) met an
/// error or a failed expectation; 2 when `file` cannot be read.
pub fn main(file: Option<&Path>) -> Outcome {
    let interactive = std::io::stdin().is_terminal();
    let mut session = Session::new(Box::new(Std));
    session.interactive = interactive;
    session.style = crate::output::stderr_style();
    if let Some(path) = file {
        let src = match std::fs::read(path).map(crate::source::decode) {
            Ok(d) => match d.error {
                None => d.text,
                Some(diag) => {
                    let name = path.display().to_string();
                    let report = ally_core::diagnostics::Report::new(&name, &d.text, vec![diag]);
                    return Err(Failure::Reports(vec![report]));
                }
            },
            Err(e) => {
                return Err(Failure::Usage(format!(
                    "error: cannot read {}: {e}",
                    path.display()
                )));
            }
        };
        let start = session.sources.add(&path.display().to_string(), &src);
        session.run_chunk(&src, start, true);
    }
    if interactive {
        prompt(&mut session);
        return Ok(());
    }
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        return Err(Failure::Usage(format!(
            "error: cannot read standard input: {e}"
        )));
    }
    session.script("<stdin>", &input);
    if session.errors > 0 {
        Err(Failure::Input)
    } else {
        Ok(())
    }
}

/// The interactive loop.
fn prompt(session: &mut Session) {
    let _type_ahead = terminal::KeepTypeAhead::new();
    let flag = Arc::new(AtomicBool::new(false));
    let handler_flag = flag.clone();
    if ctrlc::set_handler(move || {
        handler_flag.store(true, std::sync::atomic::Ordering::SeqCst);
    })
    .is_ok()
    {
        session.set_interrupt(flag);
    }
    let color = crate::output::color(std::io::stdout().is_terminal());
    let config = Config::builder()
        .auto_add_history(false)
        .completion_type(CompletionType::List)
        .color_mode(if color {
            ColorMode::Enabled
        } else {
            ColorMode::Disabled
        })
        .history_ignore_space(true)
        .max_history_size(5000)
        .and_then(|b| b.history_ignore_dups(true))
        .map(|b| b.build())
        .unwrap_or_default();
    let mut rl: Editor<ReplHelper, FileHistory> = match Editor::with_config(config) {
        Ok(rl) => rl,
        Err(e) => {
            let _ = crate::output::stderr(&format!("error: cannot start the line editor: {e}\n"));
            return;
        }
    };
    rl.set_helper(Some(ReplHelper::new(color)));
    let history = history_path();
    if let Some(p) = &history {
        // A missing or unreadable history is not an error: the session starts empty.
        let _ = rl.load_history(p);
    }
    let _ = crate::output::stderr(&format!(
        "ally {} — declare a scenario, ask with `?`; :help for the language, Ctrl-D to leave\n",
        env!("CARGO_PKG_VERSION")
    ));
    let mut bad_input = false;
    loop {
        if let Some(h) = rl.helper_mut() {
            h.names = Names::of(session.scenario());
        }
        let read = rl.readline(PROMPT);
        if !matches!(&read, Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::InvalidData)
        {
            bad_input = false;
        }
        match read {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(line.as_str());
                if let Some(p) = &history {
                    save_history(&mut rl, p);
                }
                if session.entry(&line) == Flow::Quit {
                    break;
                }
            }
            // Ctrl-C clears the line.
            Err(ReadlineError::Interrupted) => continue,
            // Ctrl-D leaves.
            Err(ReadlineError::Eof) => break,
            // Bytes that are not UTF-8, typed or pasted: rustyline gives up on the line;
            // the session goes on (one message for a run of bad bytes).
            Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::InvalidData => {
                if !bad_input {
                    let _ = crate::output::stderr(
                        "error: the input is not valid UTF-8; the line was dropped (the session is kept)\n",
                    );
                }
                bad_input = true;
                continue;
            }
            Err(e) => {
                let _ = crate::output::stderr(&format!("error: {e}\n"));
                break;
            }
        }
    }
}

/// Appends the new entries to the history file; failing to write it is not an error.
fn save_history(rl: &mut Editor<ReplHelper, FileHistory>, path: &Path) {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = rl.append_history(path);
}
