//! Neutrality (`blocs N, neutral`, SPEC §1.2): a state may stay out of every bloc, and a
//! neutral state's pairs weigh nothing. Label [`NEUTRAL`] (0) is neutrality and the blocs
//! are labelled 1 to k, so that the lexicographic order of assignments puts neutrality
//! first: among configurations tied for the least energy the prediction keeps out every
//! state it can, and a state stays out exactly when no bloc gives it a net gain.
//!
//! The searches take neutrality as one more label: the labelled walk visits all
//! `(k+1)^n` labellings (its [`super::weights::Fields`] give class 0 a cost of nothing),
//! the branch-and-bound lets every position stay out at no cost (its bounds count that
//! choice; see [`super::partitions`]) and the heuristic draws and moves over the `k+1`
//! labels. This module holds what is neutral-only: the energy by the definition, a
//! single move's ΔE, who is indifferent, and which exact search answers.

use super::weights::{Found, Weights, lanes_sum};
use super::{Landscape, Limits, NEUTRAL, SEARCH_FROM, labelled, partitions, weights};
use crate::cancel::Cancelled;

/// The exact answer within enumeration: the least energy and its ties by the
/// branch-and-bound when basins are not wanted (from [`SEARCH_FROM`] states, as for two
/// blocs), else every labelling walked. `Ok(Some((found, basins counted)))`; `Ok(None)`
/// when the walk's successor array cannot be allocated.
pub(super) fn exact(
    w: &Weights,
    k: usize,
    tol: f64,
    count: u64,
    limits: &Limits,
) -> Result<Option<(Found, bool)>, Cancelled> {
    if !limits.basins && w.n >= SEARCH_FROM {
        let budget = partitions::WALK_BUDGET;
        if let Some(found) = partitions::proven(w, k, tol, count, budget, limits)? {
            return Ok(Some((found, false)));
        }
    }
    Ok(labelled::labelled(w, k + 1, tol, count, &limits.cancel)?.map(|found| (found, true)))
}

/// `E(X)` summed as [`Weights::energy`] sums it, over the pairs of non-neutral states in
/// different blocs.
pub(super) fn energy(w: &Weights, a: &[u8]) -> f64 {
    let n = a.len();
    let mut half = 0.0;
    for i in 0..n {
        let ai = a[i];
        if ai == NEUTRAL {
            continue;
        }
        let row = &w.row(i)[i + 1..n];
        half += lanes_sum(
            row.iter().zip(&a[i + 1..n]).map(
                |(&x, &aj)| {
                    if aj == ai || aj == NEUTRAL { 0.0 } else { x }
                },
            ),
        );
    }
    2.0 * half
}

/// ΔE of moving `state` from `from` to `to` (either may be [`NEUTRAL`]): a state adds
/// nothing when neutral and, in a bloc, twice its weight to the states of the other
/// blocs; the move changes E by the difference.
pub(super) fn move_delta(l: &Landscape, a: &[u8], state: usize, from: u8, to: u8) -> f64 {
    let cost = |c: u8| -> f64 {
        if c == NEUTRAL {
            return 0.0;
        }
        a.iter()
            .enumerate()
            .filter(|&(j, &b)| j != state && b != NEUTRAL && b != c)
            .map(|(j, _)| weights::pair(l, state, j))
            .sum()
    };
    2.0 * (cost(to) - cost(from))
}

/// States of `a` (labels 0 to `k`) in a bloc with a partition-changing move of ΔE zero
/// within `tol`: to another bloc, or to neutrality. A neutral state is never indifferent:
/// joining a bloc at no cost is no net gain, so the rule keeps it out. (In a prediction
/// a bloc member whose move to neutrality costs nothing does not occur: the tie goes to
/// neutrality.)
pub(super) fn indifferent(w: &Weights, k: usize, a: &[u8], tol: f64) -> Vec<usize> {
    let n = w.n.min(a.len());
    let mut members = vec![0usize; k + 1];
    for &x in &a[..n] {
        if let Some(m) = members.get_mut(usize::from(x)) {
            *m += 1;
        }
    }
    let mut toward = vec![0.0; k + 1];
    let mut out = Vec::new();
    for i in 0..n {
        let mine = usize::from(a[i]);
        if mine == usize::from(NEUTRAL) || mine > k {
            continue;
        }
        toward.iter_mut().for_each(|t| *t = 0.0);
        for (j, &b) in a.iter().enumerate().take(n) {
            if let Some(t) = toward.get_mut(usize::from(b)) {
                *t += w.get(i, j);
            }
        }
        let blocs: f64 = toward[1..].iter().sum();
        let cost = |c: usize| if c == 0 { 0.0 } else { blocs - toward[c] };
        let own = cost(mine);
        let alone = members[mine] == 1;
        let zero_move = (0..=k).filter(|&c| c != mine).any(|c| {
            // A lone state hopping to an empty bloc leaves the blocs as they were.
            let empty = c != 0 && members[c] == 0;
            !(alone && empty) && (2.0 * (cost(c) - own)).abs() <= tol
        });
        if zero_move {
            out.push(i);
        }
    }
    out
}
