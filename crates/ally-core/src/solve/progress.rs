//! Progress of long work on a terminal (issue 12 item 7): `timeline?` over a thousand
//! `at` blocks solves a thousand landscapes. Drawn on standard error only when a front
//! door has said it is a terminal ([`enable`]) and only once the work has taken a
//! second, so pipes, golden files and tests never see it; erased when the work ends.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Work shorter than this draws nothing.
const QUIET: Duration = Duration::from_secs(1);
/// The line is redrawn at most this often.
const EVERY: Duration = Duration::from_millis(100);

/// Called by `ally run`, `test` and `repl` when standard error is a terminal.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// One piece of long work: `what` with `total` steps.
pub struct Progress {
    what: &'static str,
    total: usize,
    start: Instant,
    last: Option<Instant>,
}

impl Progress {
    pub fn new(what: &'static str, total: usize) -> Self {
        Progress {
            what,
            total,
            start: Instant::now(),
            last: None,
        }
    }

    /// `done` of the steps are finished.
    pub fn step(&mut self, done: usize) {
        if !ENABLED.load(Ordering::Relaxed) || self.start.elapsed() < QUIET {
            return;
        }
        if self.last.is_some_and(|t| t.elapsed() < EVERY) {
            return;
        }
        self.last = Some(Instant::now());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[K{}: {done}/{} …", self.what, self.total);
        let _ = err.flush();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.last.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}
