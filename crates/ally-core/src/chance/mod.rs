//! Uncertain inputs (SPEC §1.2): the questions about chances, answered from draws.
//!
//! A snapshot whose numbers include ranges ([`crate::model::uncertain`]) is drawn `N`
//! times (`draws N`, default 1,000): draw `d` takes each uncertain number uniformly on
//! its range from its own stream (splitmix64 seeded by the file's `seed` and `d`,
//! [`random`]), and is then solved by the engine exactly as any question is solved —
//! indifferent states, ties and approximate answers counted. Draws run in parallel with
//! rayon and are collected in draw order, so a file gives the same shares, byte for byte,
//! on any machine and any number of threads. Only the numbers change from draw to draw:
//! the [`Plan`] finds once where each lives and which propensities read it.
//!
//! * `plan.rs`: the plan and the workers that rewrite one scenario and landscape a draw;
//! * `answers.rs`: `how likely is A with B?`, `how likely is A deterred from B?`,
//!   `chances of alignments?` and `what decides A?` from the draws;
//! * `stats.rs`: the Wilson interval of a share, the margin of a difference;
//! * `random.rs`: the streams (shared with the lab).

pub mod answers;
mod plan;
pub mod random;
pub mod stats;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

pub use plan::{Plan, Worker};

use crate::engine::{self, EngineError, Limits};
use crate::solve::progress::Progress;

/// The work the branch-and-bound may spend proving one draw's least energy past exact
/// enumeration (more than 30 states with two blocs), in seconds of the reference machine
/// (counted in nodes, so the answer never depends on the machine): a draw not proven
/// within it is counted as approximate. Below that size every draw is exact.
pub const DRAW_BUDGET: f64 = 0.1;

/// What one draw's predicted alignment was.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    /// The bloc label of each state (canonical, as the engine reports it).
    pub assignment: Vec<u8>,
    /// States with a move that costs nothing (indifferent), ascending.
    pub indifferent: Vec<usize>,
    /// Whether another alignment has the same least energy.
    pub tied: bool,
    /// Whether the least energy is proven.
    pub exact: bool,
}

impl Drawn {
    /// Whether `i` and `j` stand in one bloc: both decided (not indifferent) and with
    /// the same label. A draw in which either is indifferent counts as not together.
    pub fn together(&self, i: usize, j: usize) -> bool {
        match (self.assignment.get(i), self.assignment.get(j)) {
            (Some(a), Some(b)) => {
                a == b && !self.indifferent.contains(&i) && !self.indifferent.contains(&j)
            }
            _ => false,
        }
    }
}

/// The engine's limits for one draw: no basins, the branch-and-bound's budget cut to
/// [`DRAW_BUDGET`], and each draw's search whole (the draws are what runs in parallel).
pub fn draw_limits(limits: &Limits) -> Limits {
    Limits {
        basins: false,
        split: false,
        budget: limits.budget.min(DRAW_BUDGET),
        ..limits.clone()
    }
}

/// Solves the landscape of the worker's current draw.
pub fn solve(w: &Worker, limits: &Limits) -> Result<Drawn, EngineError> {
    let l = &w.landscape;
    let sol = engine::solve(l, limits)?;
    // Ties need the tolerance, computed only when another alignment is listed.
    let tied = sol.stable.len() > 1 && {
        let eps = engine::eps(l);
        sol.stable
            .iter()
            .filter(|st| (st.alignment.energy - sol.best.energy).abs() <= eps)
            .count()
            > 1
    };
    Ok(Drawn {
        assignment: sol.best.assignment,
        indifferent: sol.indifferent,
        tied,
        exact: sol.exact,
    })
}

/// Runs `f` on every draw `0..draws` of `plan` under `seed`, in parallel, and returns
/// the results in draw order. `f` sees a worker holding the draw. Without uncertain
/// inputs every draw is the snapshot itself: `f` runs once and its result stands for
/// all. The cancel handle of `limits` is polled before each draw; a terminal shows
/// progress once the work takes a second.
pub fn each_draw<T, F>(
    plan: &Plan,
    seed: u64,
    draws: usize,
    limits: &Limits,
    f: F,
) -> Result<Vec<T>, EngineError>
where
    T: Send + Clone,
    F: Fn(&Worker) -> Result<T, EngineError> + Sync,
{
    if plan.inputs.is_empty() {
        let w = plan.worker();
        let one = f(&w)?;
        return Ok(vec![one; draws]);
    }
    let done = AtomicUsize::new(0);
    let progress = Mutex::new(Progress::new("draws", draws));
    (0..draws as u64)
        .into_par_iter()
        .map_init(
            || plan.worker(),
            |w, d| {
                limits.cancel.check()?;
                w.draw(seed, d);
                let out = f(w)?;
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if let Ok(mut p) = progress.try_lock() {
                    p.step(n);
                }
                Ok(out)
            },
        )
        .collect()
}
