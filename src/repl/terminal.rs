//! The terminal's line discipline while the REPL runs (issue 26 item 1).
//!
//! Between two lines the terminal is in the mode the REPL found it in (rustyline sets
//! raw mode while it reads a line and puts the saved mode back after), so Ctrl-C during
//! a question is a signal. By default the kernel answers that signal by flushing the
//! input queue: every line typed ahead while the question ran would be lost with it.
//! `NOFLSH` turns that flush off, so Ctrl-C abandons only the running question; the
//! mode the REPL found is put back when it leaves.
//!
//! rustyline itself enters and leaves raw mode with `TCSADRAIN`, which keeps pending
//! input, and (with its `buffer-redux` feature) keeps the bytes it read past a line for
//! the next one.

#[cfg(unix)]
mod imp {
    use nix::sys::termios::{self, LocalFlags, SetArg, Termios};

    /// The terminal's mode as the REPL found it, put back on drop.
    pub struct KeepTypeAhead {
        found: Option<Termios>,
    }

    impl KeepTypeAhead {
        /// Sets `NOFLSH` on standard input when it is a terminal; does nothing (and
        /// restores nothing) otherwise.
        pub fn new() -> Self {
            let stdin = std::io::stdin();
            let Ok(found) = termios::tcgetattr(&stdin) else {
                return KeepTypeAhead { found: None };
            };
            let mut kept = found.clone();
            kept.local_flags.insert(LocalFlags::NOFLSH);
            match termios::tcsetattr(&stdin, SetArg::TCSADRAIN, &kept) {
                Ok(()) => KeepTypeAhead { found: Some(found) },
                Err(_) => KeepTypeAhead { found: None },
            }
        }
    }

    impl Drop for KeepTypeAhead {
        fn drop(&mut self) {
            if let Some(found) = &self.found {
                // Leaving: a terminal that cannot be set back is no error of the session.
                let _ = termios::tcsetattr(std::io::stdin(), SetArg::TCSADRAIN, found);
            }
        }
    }
}

#[cfg(not(unix))]
mod imp {
    /// Elsewhere the console keeps typed-ahead input on its own.
    pub struct KeepTypeAhead;

    impl KeepTypeAhead {
        pub fn new() -> Self {
            KeepTypeAhead
        }
    }
}

pub use imp::KeepTypeAhead;
