//! Proven lower bounds on the least two-bloc energy at any number of states: the cut of
//! every negative pair, the spectral bound, and the semidefinite (Goemans–Williamson)
//! bound, each valid however the numbers round.
//!
//! With spins `σ_i = ±1` (the two blocs), a pair apart has `1 − σ_iσ_j = 2`, so
//! `E(σ) = Σ_{i<j} w_ij (1 − σ_iσ_j) = W − ½ σᵀWσ` with `W = Σ_{i<j} w_ij` (and `W` also
//! the zero-diagonal weight matrix). For *any* vector `u`,
//! `σᵀWσ = σᵀ(W − Diag(u))σ + Σ u_i ≤ n·λ_max(W − Diag(u)) + Σ u_i`, since `‖σ‖² = n`.
//! Hence the least energy is at least
//!
//! `B(u) = W − ½ (Σ u_i + n·λ_max(W − Diag(u)))`.
//!
//! `u = 0` is the spectral bound; the best `u` gives the value of the max-cut
//! semidefinite relaxation (its dual), which [`sdp`] approaches from the primal side.
//! No `u` can make `B(u)` exceed the least energy, so nothing but the eigenvalue needs
//! care: [`certify`] proves an upper bound on it, and the sums here carry a rounding
//! allowance. `u_i = Σ_j |w_ij|` gives, by Gershgorin, exactly the negative cut
//! `2·Σ_{i<j} min(w_ij, 0)`, so the best `B(u)` is never below it.
//!
//! Why this and not a conic solver: the dual bound needs one eigenvalue bound and no
//! solver's tolerance (an interior-point solution is only nearly feasible, and its
//! objective is not a bound until it is repaired the same way); the mixing method is a
//! few dozen lines with no system BLAS/LAPACK, runs in `O(nnz·r)` a sweep, and gets
//! within a fraction of a percent of the relaxation on landscapes of a few hundred
//! states (docs/performance.md).

mod branch;
mod certify;
mod sdp;
mod triangles;

use super::settled;
use super::weights::Weights;
use crate::cancel::{Cancel, Cancelled};
#[cfg(test)]
pub(in crate::engine) use sdp::draws;

/// Floating-point operations a second of budget buys for the bound, on one core of the
/// reference machine (docs/performance.md), so that the bound's work, like the
/// search's, is counted and not timed.
const FLOPS_PER_SECOND: f64 = 1.0e9;

/// The same for the branch-and-bound, whose separation, contractions and roundings run
/// at about half the factorisation's rate (measured on the reference machine: a budget
/// of 5 s spent in 9–10 s at this rate's double).
const BRANCH_FLOPS_PER_SECOND: f64 = 0.5e9;

/// At most this many sweeps of the mixing method.
const MAX_SWEEPS: usize = 400;

/// The best proven lower bound this module finds within `seconds` of budget (counted in
/// work): the negative cut always, the spectral and semidefinite bounds when the
/// factorisation that proves them (`n³/3` operations) fits in the budget.
pub(super) fn two_blocs(w: &Weights, seconds: f64, cancel: &Cancel) -> Result<f64, Cancelled> {
    let n = w.n;
    let negative = negative_cut(w);
    let work = seconds.max(0.0) * FLOPS_PER_SECOND;
    if n < 2 || !proof_fits(n, seconds) {
        return Ok(negative);
    }
    let proof = proof_work(n);
    let spectral = dual_bound(w, &vec![0.0; n]);
    let nonzero = (0..n)
        .map(|i| w.row(i).iter().filter(|&&x| x != 0.0).count())
        .sum::<usize>() as f64;
    let sweep = (2.0 * nonzero * sdp::rank(n) as f64).max(1.0);
    let sweeps = (((work - 2.0 * proof) / sweep).floor() as usize).min(MAX_SWEEPS);
    let semidefinite = if sweeps >= 1 {
        let u = sdp::multipliers(w, sweeps, cancel)?;
        // What is left of the budget goes to the dual's subgradient steps.
        let left = work - 2.0 * proof - sweeps as f64 * sweep;
        let steps = ((left / proof_work(n)).floor().max(0.0) as usize).min(MAX_STEPS);
        dual_bound(w, &refine(w, u, steps, cancel)?)
    } else {
        f64::NEG_INFINITY
    };
    Ok(negative.max(spectral).max(semidefinite))
}

/// A proven bound on the least energy and perhaps a lower energy than the answer's.
pub(super) struct Proven {
    pub bound: f64,
    /// Labels (state 0 in bloc 0, each state stable under a single move) of an energy
    /// lower than the answer's by more than the tolerance, when the search met one.
    pub better: Option<Vec<u8>>,
}

/// The best proven lower bound within `seconds` of budget (counted in work) for the
/// answer `labels` of energy `energy`: up to [`settled::MAX_STATES`] states the
/// branch-and-bound over the triangle-strengthened relaxation ([`branch`]) on the
/// landscape with its settled pairs merged, beyond it [`two_blocs`] (past that size the
/// triangle separation, `n³` a round, and the dense contractions cost more than the
/// budget buys); never below the negative cut.
pub(super) fn prove_two_blocs(
    w: &Weights,
    labels: &[u8],
    energy: f64,
    tol: f64,
    seconds: f64,
    cancel: &Cancel,
) -> Result<Proven, Cancelled> {
    let n = w.n;
    // The settled pairs merged first: the least energy is the merged landscape's plus
    // its offset, and any bound on the one is a bound on the other. Past the size that
    // settles, the plain bound answers.
    let settled = match settled::settle(w, tol) {
        Some(s) if labels.len() == n && proof_fits(s.w.n, seconds) => s,
        _ => {
            return Ok(Proven {
                bound: two_blocs(w, seconds, cancel)?,
                better: None,
            });
        }
    };
    let m = &settled.w;
    let start = settled.project(labels);
    let proof = if m.n < 2 {
        branch::Proof {
            bound: 0.0,
            best: vec![0; m.n],
            energy: 0.0,
        }
    } else {
        let flops = seconds.max(0.0) * BRANCH_FLOPS_PER_SECOND;
        branch::prove(m, &start, m.energy(&start), tol, flops, cancel)?
    };
    // The merged incumbent, lifted, is an alignment of the whole: its energy is
    // recomputed there rather than trusted from the offset.
    let lifted = (settled.offset + proof.energy < energy - tol)
        .then(|| {
            let a = settled.lift(&proof.best);
            let e = w.energy(&a);
            (a, e)
        })
        .filter(|&(_, e)| e < energy - tol);
    let least = lifted.as_ref().map_or(energy, |x| x.1);
    let bound = (settled.offset + proof.bound - settled.allowance).min(least);
    let better = lifted.map(|x| x.0);
    Ok(Proven {
        bound: bound.max(negative_cut(w)),
        better,
    })
}

/// At most this many subgradient steps on the dual vector.
const MAX_STEPS: usize = 60;

/// Lowers `f(u) = Σu_i + n·λ_max(W − Diag(u))`, the bound's `W − ½f(u)` raised, by
/// subgradient steps: with `x` the unit top eigenvector, `1 − n·x_i²` is a subgradient,
/// and the Polyak step aims at the mixing method's own value `Σu_i` (at most the
/// minimum of `f`). Every `u` gives a valid bound, so the steps need not be exact: the
/// best `u` met is kept, and only it is proven.
fn refine(w: &Weights, u: Vec<f64>, steps: usize, cancel: &Cancel) -> Result<Vec<f64>, Cancelled> {
    let n = w.n as f64;
    let target: f64 = u.iter().sum();
    let mut best = (f64::INFINITY, u.clone());
    let mut u = u;
    for _ in 0..steps {
        cancel.check()?;
        let (top, x) = certify::top_pair(w, &u);
        let f = u.iter().sum::<f64>() + n * top;
        if f < best.0 {
            best = (f, u.clone());
        }
        let g: Vec<f64> = x.iter().map(|xi| 1.0 - n * xi * xi).collect();
        let gg: f64 = g.iter().map(|v| v * v).sum();
        let step = (f - target) / gg;
        if step.is_nan() || step <= 0.0 || step.is_infinite() {
            break;
        }
        u.iter_mut().zip(&g).for_each(|(ui, gi)| *ui -= step * gi);
    }
    Ok(best.1)
}

/// The work of proving one eigenvalue bound: the factorisation and the Lanczos
/// estimate.
fn proof_work(n: usize) -> f64 {
    let nf = n as f64;
    nf * nf * nf / 3.0 + 2.0 * certify::LANCZOS_STEPS as f64 * nf * nf
}

/// Whether the two proofs (spectral and semidefinite) fit in `seconds` of work.
fn proof_fits(n: usize, seconds: f64) -> bool {
    2.0 * proof_work(n) <= seconds.max(0.0) * FLOPS_PER_SECOND
}

/// `B(u)` of the module comment, lowered by an allowance for the rounding of its sums.
fn dual_bound(w: &Weights, u: &[f64]) -> f64 {
    let n = w.n;
    let top = certify::top_eigenvalue(w, u);
    let mut total = 0.0;
    let mut size = 0.0;
    for i in 0..n {
        for &x in &w.row(i)[i + 1..] {
            total += x;
            size += x.abs();
        }
    }
    let sum_u: f64 = u.iter().sum();
    let size_u: f64 = u.iter().map(|x| x.abs()).sum();
    let nf = n as f64;
    let value = total - 0.5 * (sum_u + nf * top);
    // Each sum of m terms is off by at most γ_m times the sum of their sizes; the few
    // operations after them by a few units in the last place of the largest.
    let m = (n * n + n + 8) as f64 * f64::EPSILON;
    value - 2.0 * m * (size + size_u + nf * top.abs())
}

/// Each negative pair cut and no positive one, `2·Σ_{i<j} min(w_ij, 0)`: a lower bound
/// on every energy, with any number of blocs, that needs no search.
pub(super) fn negative_cut(w: &Weights) -> f64 {
    let half: f64 = (0..w.n)
        .map(|i| w.row(i)[i + 1..].iter().map(|&x| x.min(0.0)).sum::<f64>())
        .sum();
    2.0 * half
}

#[cfg(test)]
mod tests;
