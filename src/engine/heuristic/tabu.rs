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

/// Two blocs, on the descent's [`Signed`] fields: flipping `i` changes E by `2·g_i`.
pub(super) fn two(
    w: &Weights,
    tol: f64,
    label: &[usize],
    cancel: &Cancel,
) -> Result<Vec<usize>, Cancelled> {
    let n = w.n;
    let mut f = Signed::new(w, label);
    let mut best = f.sign.clone();
    // Energies relative to the start: only differences matter here.
    let (mut e, mut best_e) = (0.0f64, 0.0f64);
    let tenure = tenure(n);
    let mut free_at = vec![0usize; n];
    for it in 0..iterations(n) {
        if it % POLL_EVERY == 0 {
            cancel.check()?;
        }
        let aspire = best_e - tol - e;
        let mut pick = None;
        let mut low = f64::INFINITY;
        for (i, (&gi, &free)) in f.g.iter().zip(&free_at).enumerate() {
            let d = 2.0 * gi;
            if d < low && (free <= it || d < aspire) {
                low = d;
                pick = Some(i);
            }
        }
        let Some(i) = pick else {
            break;
        };
        e += low;
        f.flip(w, i);
        free_at[i] = it + 1 + tenure;
        if e < best_e - tol {
            best_e = e;
            best.copy_from_slice(&f.sign);
        }
    }
    Ok(best.iter().map(|&x| usize::from(x < 0.0)).collect())
}

/// Three or more blocs, on [`Fields`]: a move sends one state to any other bloc (an
/// empty one included), and the state is then tabu whatever its bloc.
pub(super) fn many(
    w: &Weights,
    k: usize,
    tol: f64,
    mut label: Vec<usize>,
    cancel: &Cancel,
) -> Result<Vec<usize>, Cancelled> {
    let n = w.n;
    let mut fields = Fields::new(w, k, &label);
    let mut best = label.clone();
    let (mut e, mut best_e) = (0.0f64, 0.0f64);
    let tenure = tenure(n);
    let mut free_at = vec![0usize; n];
    for it in 0..iterations(n) {
        if it % POLL_EVERY == 0 {
            cancel.check()?;
        }
        let aspire = best_e - tol - e;
        let mut pick = None;
        let mut low = f64::INFINITY;
        for (i, &a) in label.iter().enumerate() {
            let free = free_at[i] <= it;
            for b in (0..k).filter(|&b| b != a) {
                let d = fields.delta(i, a, b);
                if d < low && (free || d < aspire) {
                    low = d;
                    pick = Some((i, b));
                }
            }
        }
        let Some((i, b)) = pick else {
            break;
        };
        e += fields.apply(w, &mut label, i, b);
        free_at[i] = it + 1 + tenure;
        if e < best_e - tol {
            best_e = e;
            best.copy_from_slice(&label);
        }
    }
    Ok(best)
}
