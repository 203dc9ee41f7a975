//! A cheap, clonable handle that asks long work to stop.
//!
//! Long work (the landscape search, the game enumeration, the lab's trials) polls a
//! [`Cancel`] at coarse points — per batch of chunks, per heuristic start, per trial —
//! and returns [`Cancelled`] when it is raised. Ctrl-C in the REPL raises it; the web
//! server gives each request one with a deadline. Polling costs one relaxed atomic load
//! (and, with a deadline, a clock read), so it can sit in inner loops that run about a
//! thousand times a second without showing in a profile.
//!
//! This module depends on nothing else in the crate, so every stage can take a handle.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Asks work to stop; clones share one flag.
#[derive(Clone, Debug, Default)]
pub struct Cancel {
    flag: Option<Arc<AtomicBool>>,
    deadline: Option<Instant>,
}

/// The work was stopped through its [`Cancel`] handle before it finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Cancelled {
    #[error("interrupted")]
    Interrupted,
    #[error("the time budget ran out")]
    TimedOut,
}

impl Cancel {
    /// A handle that can be raised with [`Cancel::cancel`].
    pub fn new() -> Self {
        Cancel {
            flag: Some(Arc::new(AtomicBool::new(false))),
            deadline: None,
        }
    }

    /// A handle that never asks anything to stop (the default).
    pub fn never() -> Self {
        Cancel::default()
    }

    /// The same handle, that also stops work once `budget` has passed from now.
    pub fn with_budget(mut self, budget: Duration) -> Self {
        self.deadline = Instant::now().checked_add(budget);
        self
    }

    /// Raises the flag: every clone now reports [`Cancelled::Interrupted`].
    pub fn cancel(&self) {
        if let Some(f) = &self.flag {
            f.store(true, Ordering::Relaxed);
        }
    }

    /// Lowers the flag again, so the handle can serve the next question.
    pub fn reset(&self) {
        if let Some(f) = &self.flag {
            f.store(false, Ordering::Relaxed);
        }
    }

    /// `Err` once the flag is raised or the deadline has passed.
    pub fn check(&self) -> Result<(), Cancelled> {
        if let Some(f) = &self.flag
            && f.load(Ordering::Relaxed)
        {
            return Err(Cancelled::Interrupted);
        }
        if let Some(d) = self.deadline
            && Instant::now() >= d
        {
            return Err(Cancelled::TimedOut);
        }
        Ok(())
    }

    pub fn is_cancelled(&self) -> bool {
        self.check().is_err()
    }
}

/// Handles compare equal whatever their state: a handle is plumbing, not a setting, and
/// settings structs that carry one (`engine::Limits`) keep their `PartialEq`.
impl PartialEq for Cancel {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag() {
        let c = Cancel::new();
        let d = c.clone();
        assert_eq!(d.check(), Ok(()));
        c.cancel();
        assert_eq!(d.check(), Err(Cancelled::Interrupted));
        d.reset();
        assert_eq!(c.check(), Ok(()));
    }

    #[test]
    fn never_is_never_cancelled_and_budgets_expire() {
        let n = Cancel::never();
        n.cancel();
        assert_eq!(n.check(), Ok(()));
        let t = Cancel::never().with_budget(Duration::ZERO);
        assert_eq!(t.check(), Err(Cancelled::TimedOut));
    }
}
