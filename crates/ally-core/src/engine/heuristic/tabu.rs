//! Tabu search on single-state moves, run from the heuristic's lowest descent ends.
//!
//! A descent stops at the first local minimum; tabu search keeps going: each iteration
//! makes the best move (the one lowering E most, or raising it least) among the states
//! not moved in the last [`tenure`] iterations, so it climbs out of a minimum without
//! falling straight back, and a tabu state may still move when that reaches an energy
//! below the best seen (aspiration). Ties go to the lowest state, then the lowest bloc,
//! so a run depends only on its start. The run returns the lowest configuration it met;
//! the caller finishes it with a steepest descent, so what it reports is stable.

use super::super::weights::{Fields, Weights};
use super::Signed;
use crate::cancel::{Cancel, Cancelled};

/// Iterations between polls of the cancel handle: at 1,000 states an iteration is a few
/// microseconds, at the 5,000-state limit with many blocs well under a millisecond.
const POLL_EVERY: usize = 16;

/// How long a moved state stays put. A tenth of the states plus ten: long enough that
/// the search cannot cycle back into the minimum it left within a few moves, short
/// enough that it still has most states to choose from.
pub(super) fn tenure(n: usize) -> usize {
    (10 + n / 10).min(n / 2)
}

/// Moves per run: `20·n`, at least 2,000 (small landscapes are cheap, and need a few
/// thousand moves to leave their deep minima). Each move costs O(n·k), so a run costs
/// about as much as a few dozen descents.
pub(super) fn iterations(n: usize) -> usize {
    n.saturating_mul(20).max(2000)
}

/// What the tabu loop ([`search`]) moves through: the best admissible move, making it,
/// and keeping the current configuration as the best met.
trait Moves {
    type Move: Copy;
    /// The move lowering E most (or raising it least) among those of states free at
    /// iteration `it`, and of tabu states when their change is below `aspire`; ties go to
    /// the lowest state, then the lowest bloc. `None` when nothing may move.
    fn best(&self, free_at: &[usize], it: usize, aspire: f64) -> Option<Self::Move>;
    /// Makes `m`: the state moved and the change of E.
    fn make(&mut self, w: &Weights, m: Self::Move) -> (usize, f64);
    /// Remembers the current configuration as the lowest met.
    fn keep(&mut self);
}

/// The tabu loop both move sets share: energies relative to the start, since only
/// differences matter here.
fn search(w: &Weights, tol: f64, moves: &mut impl Moves, cancel: &Cancel) -> Result<(), Cancelled> {
    let n = w.n;
    let (mut e, mut best_e) = (0.0f64, 0.0f64);
    let tenure = tenure(n);
    let mut free_at = vec![0usize; n];
    for it in 0..iterations(n) {
        if it % POLL_EVERY == 0 {
            cancel.check()?;
        }
        let Some(m) = moves.best(&free_at, it, best_e - tol - e) else {
            break;
        };
        let (i, d) = moves.make(w, m);
        e += d;
        free_at[i] = it + 1 + tenure;
        if e < best_e - tol {
            best_e = e;
            moves.keep();
        }
    }
    Ok(())
}

/// Two blocs, on the descent's [`Signed`] fields: flipping `i` changes E by `2·g_i`.
struct Flips {
    f: Signed,
    best: Vec<f64>,
}

impl Moves for Flips {
    /// The state and the change of E flipping it makes.
    type Move = (usize, f64);

    fn best(&self, free_at: &[usize], it: usize, aspire: f64) -> Option<(usize, f64)> {
        let mut pick = None;
        let mut low = f64::INFINITY;
        for (i, (&gi, &free)) in self.f.g.iter().zip(free_at).enumerate() {
            let d = 2.0 * gi;
            if d < low && (free <= it || d < aspire) {
                low = d;
                pick = Some((i, d));
            }
        }
        pick
    }

    fn make(&mut self, w: &Weights, (i, d): (usize, f64)) -> (usize, f64) {
        self.f.flip(w, i);
        (i, d)
    }

    fn keep(&mut self) {
        self.best.copy_from_slice(&self.f.sign);
    }
}

/// Two blocs from `label`: the lowest configuration met, as labels.
pub(super) fn two(
    w: &Weights,
    tol: f64,
    label: &[usize],
    cancel: &Cancel,
) -> Result<Vec<usize>, Cancelled> {
    let f = Signed::new(w, label);
    let best = f.sign.clone();
    let mut moves = Flips { f, best };
    search(w, tol, &mut moves, cancel)?;
    Ok(moves.best.iter().map(|&x| usize::from(x < 0.0)).collect())
}

/// Three or more blocs, on [`Fields`]: a move sends one state to any other bloc (an
/// empty one included), and the state is then tabu whatever its bloc.
struct Sends {
    k: usize,
    fields: Fields,
    label: Vec<usize>,
    best: Vec<usize>,
}

impl Moves for Sends {
    /// The state and the bloc it goes to.
    type Move = (usize, usize);

    fn best(&self, free_at: &[usize], it: usize, aspire: f64) -> Option<(usize, usize)> {
        let mut pick = None;
        let mut low = f64::INFINITY;
        for (i, &a) in self.label.iter().enumerate() {
            let free = free_at[i] <= it;
            for b in (0..self.k).filter(|&b| b != a) {
                let d = self.fields.delta(i, a, b);
                if d < low && (free || d < aspire) {
                    low = d;
                    pick = Some((i, b));
                }
            }
        }
        pick
    }

    fn make(&mut self, w: &Weights, (i, b): (usize, usize)) -> (usize, f64) {
        (i, self.fields.apply(w, &mut self.label, i, b))
    }

    fn keep(&mut self) {
        self.best.copy_from_slice(&self.label);
    }
}

/// Three or more blocs from `label`: the lowest configuration met.
pub(super) fn many(
    w: &Weights,
    k: usize,
    tol: f64,
    label: Vec<usize>,
    cancel: &Cancel,
) -> Result<Vec<usize>, Cancelled> {
    let fields = Fields::new(w, k, &label);
    let best = label.clone();
    let mut moves = Sends {
        k,
        fields,
        label,
        best,
    };
    search(w, tol, &mut moves, cancel)?;
    Ok(moves.best)
}
