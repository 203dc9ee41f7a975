//! The alignment engine: Axelrod & Bennett's landscape of aggregation (SPEC §1.1).
//!
//! A [`Landscape`] gives every state a size and every pair a propensity; [`solve`] finds
//! the configuration of least energy, every stable configuration (local minimum under
//! single-state moves) and the basin of each under steepest descent.
//!
//! Conventions the rest of the crate relies on:
//!
//! * Energies follow the paper: `E(X) = Σ_i Σ_{j≠i} s_i s_j p_ij d_ij(X)`, each unordered
//!   pair counted twice. An asymmetric matrix is accepted and behaves exactly like its
//!   symmetric part `(p_ij + p_ji) / 2`, which is what the double sum already computes.
//! * Two energies closer than [`eps`] are equal: that decides stability (`ΔE ≥ −eps`),
//!   indifference (`|ΔE| ≤ eps`), ties between descent moves and ties for the least
//!   energy. Without a tolerance, rounding in the last bit would pick winners in
//!   symmetric scenarios and make the answer depend on summation order.
//! * Assignments are reported in canonical form (see [`canonical`]); among configurations
//!   of equal least energy the canonical assignment that is lexicographically smallest is
//!   the prediction, so output never depends on thread count or enumeration order.
//! * Search is exact while the configuration count is at most
//!   [`Limits::exact_max_configurations`]: `2^(n−1)` canonical configurations for two blocs
//!   (state 0 fixed in bloc 0; the mirror image descends identically), `k^n` labelled ones
//!   for `k ≠ 2` (with three or more blocs the tie rule "lowest target bloc label" makes
//!   descent depend on labels, so every labelling is counted). Without basins, two blocs
//!   from [`SEARCH_FROM`] states get the least energy and its ties from the
//!   branch-and-bound over partitions instead of the walk (the walk answers if the
//!   search needs too many nodes). Above the limit a deterministic multi-start descent
//!   runs and the branch-and-bound then proves the least energy and its ties within
//!   [`Limits::budget`]; without basins a proven answer is exact, and an unproven one
//!   carries the bound the search proved ([`Solution::bound`], [`Solution::gap`]). With
//!   three or more blocs this holds at every size: past the search's memory the bound is
//!   the cut of every negative pair, and only a heuristic whose own work `n²·k` passes
//!   [`Limits::heuristic_work`] is refused.
//! * With [`Landscape::neutral`] a state may also stay out of every bloc: label
//!   [`NEUTRAL`] (0) is neutrality and the blocs are labelled 1 to k. A neutral state's
//!   pairs weigh nothing, so `E(X) = Σ` over ordered pairs of non-neutral states in
//!   different blocs. A move goes to another bloc, to neutrality or from it to a bloc;
//!   descent ties go to the lowest state, then the lowest label (neutrality first),
//!   and among tied least energies the smallest canonical assignment (neutral first)
//!   wins, so a state that no bloc gives a net gain stays out. Every labelling of the
//!   `(k+1)^n` is walked, the branch-and-bound and the heuristic take neutrality as one
//!   more label whose pairs weigh nothing ([`neutral`]).

mod basins;
mod bounds;
mod decompose;
mod heuristic;
// The one module with `unsafe` code (SIMD intrinsics and the successor array's atomic
// view); the crate root denies it everywhere else. See its module comment.
#[allow(unsafe_code)]
mod kernel;
#[cfg(test)]
mod kernel_equivalence;
mod labelled;
mod neutral;
mod partitions;
mod settled;
mod two_blocs;
mod weights;

use serde::Serialize;

use weights::Weights;

/// Input of the engine: sizes `s_i > 0` and the `n × n` propensity matrix, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Landscape {
    pub sizes: Vec<f64>,
    /// `n * n` entries, row-major, symmetric; the diagonal is ignored.
    pub propensity: Vec<f64>,
    /// Number of blocs `k` (1 to [`MAX_BLOCS`]); not every bloc need be used.
    pub blocs: usize,
    /// Whether a state may stay out of every bloc (`blocs N, neutral`): then label
    /// [`NEUTRAL`] is neutrality, the blocs are labelled 1 to `k` (2 to 255 of them), and
    /// a neutral state's pairs weigh nothing.
    pub neutral: bool,
}

/// The label of a neutral state when [`Landscape::neutral`] is set.
pub const NEUTRAL: u8 = 0;

/// One configuration and its energy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alignment {
    /// Bloc label of each state, canonical: state 0 in bloc 0, new labels in order of
    /// first appearance. With neutrality [`NEUTRAL`] (0) marks a neutral state and the
    /// blocs are 1, 2, … in order of first appearance ([`canonical_neutral`]).
    pub assignment: Vec<u8>,
    pub energy: f64,
}

/// A stable alignment and the share of configurations whose steepest descent ends in it.
#[derive(Clone, Debug, Serialize)]
pub struct Stable {
    pub alignment: Alignment,
    /// `basin_count / Solution::configurations`.
    pub basin: f64,
    /// Configurations (exact) or descents (heuristic) ending here.
    pub basin_count: u64,
}

/// The engine's answer.
#[derive(Clone, Debug, Serialize)]
pub struct Solution {
    /// `false` when the heuristic ran: then `best` and `stable` are the best found, and
    /// basins are shares of the descents run, not of all configurations.
    pub exact: bool,
    /// The predicted alignment: least energy; ties (within [`eps`]) go to the
    /// lexicographically smallest canonical assignment.
    pub best: Alignment,
    /// States of `best` with a move to another bloc (one that changes the partition)
    /// whose ΔE is zero within [`eps`], ascending. With neutrality a move to neutrality
    /// counts too, and a neutral state is never indifferent (see [`neutral`]).
    pub indifferent: Vec<usize>,
    /// Sorted by energy ascending; energies within [`eps`] of the first of a run count as
    /// equal and are ordered by assignment, so `stable[0]` is `best`. At most
    /// [`MAX_STABLE_REPORTED`] entries, the lowest in that order.
    pub stable: Vec<Stable>,
    /// Number of stable alignments found, including those not listed in `stable`.
    pub stable_total: u64,
    /// Configurations examined (exact) or descents run (heuristic); the basin
    /// denominator.
    pub configurations: u64,
    /// Size of the whole search space: `2^(n−1)` for two blocs, `k^n` otherwise,
    /// `(k+1)^n` with neutrality.
    pub total_configurations: f64,
    /// When not `exact`: a proven lower bound on the least energy, so `best` is at most
    /// `best.energy − bound` above it. With two blocs always (the branch-and-bound's, or
    /// the semidefinite bound of [`bounds`] at any size, whichever is higher); with three
    /// or more when the search ran. Within [`eps`] of `best.energy` when the search
    /// proved the least energy but the list is the heuristic's (basins past the walks).
    pub bound: Option<f64>,
    /// Whether `basin` and `basin_count` were computed; `false` when
    /// [`Limits::basins`] was off and the exact two-bloc walk skipped them (they are 0).
    pub basins: bool,
}

/// Knobs of [`solve`].
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Largest configuration count searched exactly. Whatever the value, two blocs are
    /// capped at `2^31` (configurations are indexed by `u32`) and three or more at
    /// [`LABELLED_EXACT_CAP`]. Default `2^29` (30 states with two blocs): the search then
    /// holds one `u32` per configuration, 2 GiB at the limit, and takes seconds on two
    /// cores.
    pub exact_max_configurations: u64,
    /// For three or more blocs past exact enumeration, `n²·k` above this is refused with
    /// [`EngineError::TooLarge`]: a descent step scans all `n·k` moves and a descent
    /// takes about `n` steps, so the heuristic's time grows as `n²·k`, and past this it
    /// would run for minutes. Default [`HEURISTIC_WORK`]. Two blocs are never refused
    /// (their descents are cheaper and 5,000 states stay within seconds).
    pub heuristic_work: f64,
    /// Random starts of the heuristic (the all-in-one-bloc start is added to these).
    pub starts: usize,
    /// Seed of the heuristic's random starts.
    pub seed: u64,
    /// Asks the search to stop; polled per batch of chunks and per heuristic start.
    pub cancel: crate::cancel::Cancel,
    /// Seconds of search the branch-and-bound may spend proving the least energy past
    /// the walks (default [`DEFAULT_BUDGET`]; 0: the heuristic alone, with
    /// [`BOUND_MIN_SECONDS`] of work for a two-bloc bound). Counted in nodes, [`partitions::WORK_PER_SECOND`] of work a second on the reference machine
    /// ([`partitions::TWO_BLOC_WORK_PER_SECOND`] with two blocs), so the answer never
    /// depends on the machine or its load.
    pub budget: f64,
    /// Whether basins are wanted (default `true`). Without them two blocs keep nothing
    /// per configuration (the branch-and-bound, or the walk with no successor array:
    /// memory independent of the configuration count) and every `basin_count` is 0; the
    /// prediction, its ties and its indifferent states are the same, and from
    /// [`SEARCH_FROM`] states the stable list holds only those ties (the search does
    /// not meet the other stable alignments).
    pub basins: bool,
    /// Whether the branch-and-bound splits a long search into subtrees run in parallel
    /// (default `true`). Draws of an uncertain scenario, already solved in parallel,
    /// search each landscape whole: the split's set-up would cost more than the search.
    /// The answer is the same either way (only the nodes counted against a budget
    /// differ); both are independent of the number of threads.
    pub split: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            exact_max_configurations: 1 << 29,
            heuristic_work: HEURISTIC_WORK,
            starts: 256,
            seed: 0xA117_5EED,
            cancel: crate::cancel::Cancel::never(),
            budget: DEFAULT_BUDGET,
            basins: true,
            split: true,
        }
    }
}

/// The default of [`Limits::budget`], in seconds.
pub const DEFAULT_BUDGET: f64 = 5.0;

/// The default of [`Limits::heuristic_work`]: 3 blocs up to 4,082 states, 8 up to 2,500,
/// 16 (the most a file may ask for) up to 1,767, 256 up to 441. The heuristic costs
/// about 1.6 µs per unit of `n²·k` on one core of the reference machine
/// (docs/performance.md, now in git history: 3 blocs × 1,000 states 4.6 s, 8 × 1,000 13 s), so at the limit
/// it runs about a minute on two cores.
pub const HEURISTIC_WORK: f64 = 5e7;

/// The least budget, in seconds of work, that the semidefinite bound of an
/// approximate two-bloc answer gets (see [`Solution::bound`]).
pub const BOUND_MIN_SECONDS: f64 = 0.25;

/// Labels are `u8`.
pub const MAX_BLOCS: usize = 256;

/// Degenerate landscapes (all propensities zero) make every configuration stable; the
/// list is cut here so the answer stays printable. `Solution::stable_total` keeps the
/// full count.
pub const MAX_STABLE_REPORTED: usize = 1024;

/// Below this many states the two-bloc walk (a few microseconds) answers even without
/// basins.
pub const SEARCH_FROM: usize = 12;

/// Exact search indexes configurations with `u32` (the top bit tags finished descents).
const EXACT_HARD_CAP: u64 = 1 << 31;

/// Largest `k^n` searched exactly with three or more blocs (or one): the labelled walk
/// costs O(n·k) per configuration and keeps every stable one, so it stops at 2^23
/// (about 0.4 s and 100 MB) and the heuristic takes over above.
pub const LABELLED_EXACT_CAP: u64 = 1 << 23;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    #[error(
        "{blocs} blocs over {states} states are too many for the heuristic search (n²·k = {work:.3e}, above {limit:.0e}); use fewer blocs or states"
    )]
    TooLarge {
        blocs: usize,
        states: usize,
        /// `n²·k`, the heuristic's work in units of one move's ΔE.
        work: f64,
        /// [`Limits::heuristic_work`].
        limit: f64,
    },
    #[error("the propensity matrix has {len} entries, but {states} states need {expected}")]
    Shape {
        states: usize,
        len: usize,
        expected: usize,
    },
    #[error("state {state} has size {size}; sizes must be positive and finite")]
    BadSize { state: usize, size: f64 },
    #[error("the propensity between states {i} and {j} is not a finite number")]
    BadPropensity { i: usize, j: usize },
    #[error(
        "{blocs} blocs: the number of blocs must be between 1 and {MAX_BLOCS} (2 and 255 with neutrality)"
    )]
    BadBlocs { blocs: usize },
    #[error("the energies of this landscape overflow; scale the sizes or propensities down")]
    Overflow,
    #[error("the search was stopped: {0}")]
    Cancelled(#[from] crate::cancel::Cancelled),
}

/// Solves the landscape: exactly when small enough, else by the heuristic.
pub fn solve(l: &Landscape, limits: &Limits) -> Result<Solution, EngineError> {
    let w = Weights::new(l)?;
    let n = w.n;
    let k = l.blocs;
    let tol = w.eps();
    if n == 0 {
        // The empty configuration: one alignment with nothing in it.
        let best = Alignment {
            assignment: Vec::new(),
            energy: 0.0,
        };
        return Ok(Solution {
            exact: true,
            best: best.clone(),
            indifferent: Vec::new(),
            stable: vec![Stable {
                alignment: best,
                basin: 1.0,
                basin_count: 1,
            }],
            stable_total: 1,
            configurations: 1,
            total_configurations: 1.0,
            bound: None,
            basins: true,
        });
    }
    // Neutrality is one more label: `labels` of them per state, every labelling walked.
    let labels = k + usize::from(l.neutral);
    let two = k == 2 && !l.neutral;
    let total = total_configurations(n, labels, two);
    let exact_cap = if two {
        limits.exact_max_configurations.min(EXACT_HARD_CAP)
    } else {
        limits.exact_max_configurations.min(LABELLED_EXACT_CAP)
    };
    let exact_count = exact_count(n, labels, two).filter(|&c| c <= exact_cap);
    let work = (n as f64) * (n as f64) * (labels as f64);
    if exact_count.is_none() && labels >= 3 && work > limits.heuristic_work {
        return Err(EngineError::TooLarge {
            blocs: k,
            states: n,
            work,
            limit: limits.heuristic_work,
        });
    }
    // Past enumeration, without basins, independent parts are solved one by one
    // (two blocs; with neutrality a part's canonical form is not the whole's).
    if two && !limits.basins && exact_count.is_none() {
        let parts = decompose::components(&w);
        if parts.len() > 1 {
            let c = decompose::solve_parts(l, &parts, limits)?;
            return finish(&w, k, tol, total, c.found, c.exact, false, c.bound, limits);
        }
    }
    let exact_found = match exact_count {
        Some(count) if l.neutral => neutral::exact(&w, k, tol, count, limits)?,
        Some(count) if k == 2 => {
            // Without basins only the least energy and its ties are wanted: the search
            // proves them in a few thousand nodes where the walk visits every
            // configuration, and the walk answers when it cannot.
            let searched = if limits.basins || n < SEARCH_FROM {
                None
            } else {
                partitions::proven(&w, k, tol, count, partitions::WALK_BUDGET, limits)?
            };
            match searched {
                Some(found) => Some(found),
                None => two_blocs::two_blocs(&w, tol, count, limits.basins, &limits.cancel)?,
            }
            .map(|found| (found, limits.basins))
        }
        Some(count) => labelled::labelled(&w, k, tol, count, &limits.cancel)?.map(|f| (f, true)),
        None => None,
    };
    // Out of memory for the successor array (issue 12): the heuristic answers instead,
    // and the answer says approximate. Three or more blocs beyond the labelled walk get
    // the least energy proven by branch-and-bound when its budget allows.
    let (found, exact, basins, bound) = match exact_found {
        // Whether basins were counted: the two-bloc walk skips them when they are not
        // asked for, the labelled walk always counts them.
        Some((found, basins)) => (found, true, basins, None),
        None if k >= 2 => partitions::least_or_heuristic(&w, k, tol, limits)?,
        None => (
            heuristic::multi_start(&w, k, tol, limits)?,
            false,
            true,
            None,
        ),
    };
    finish(&w, k, tol, total, found, exact, basins, bound, limits)
}

/// The solution from what a search found: the prediction, its indifferent states, and
/// the bound an approximate answer carries.
#[allow(clippy::too_many_arguments)]
fn finish(
    w: &Weights,
    k: usize,
    tol: f64,
    total: f64,
    found: weights::Found,
    exact: bool,
    basins: bool,
    bound: Option<f64>,
    limits: &Limits,
) -> Result<Solution, EngineError> {
    let configurations = found.denominator;
    let (mut best, mut stable, mut stable_total) = found.assemble(w);
    // Every approximate two-bloc answer carries a proven bound, at any size: the
    // search's (within its size), or the semidefinite one, whichever is higher.
    // A bound within the tolerance of the answer proves its energy the least (the list
    // under it may still be the heuristic's).
    let bound = match bound {
        _ if exact => None,
        Some(b) if b >= best.energy - tol => Some(b.min(best.energy)),
        // The relaxation is of two blocs: a neutral state is not one of its ±1
        // labels, so neutrality keeps the search's bound.
        search if k == 2 && !w.neutral => {
            // The bound gets at least a quarter second's work even at `--budget 0`:
            // it is what tells an approximate answer's distance from the optimum.
            let seconds = limits.budget.max(BOUND_MIN_SECONDS);
            let proven = bounds::prove_two_blocs(
                w,
                &best.assignment,
                best.energy,
                tol,
                seconds,
                &limits.cancel,
            )?;
            // A lower energy met by the branch-and-bound heads the list when basins
            // are not asked for (its basin was never sampled).
            if let Some(labels) = proven.better.filter(|_| !limits.basins) {
                best = Alignment {
                    energy: w.energy(&labels),
                    assignment: labels,
                };
                stable.insert(
                    0,
                    Stable {
                        alignment: best.clone(),
                        basin: 0.0,
                        basin_count: 0,
                    },
                );
                stable.truncate(MAX_STABLE_REPORTED);
                stable_total += 1;
            }
            let relaxed = proven.bound;
            Some(search.map_or(relaxed, |b| b.max(relaxed)).min(best.energy))
        }
        other => other,
    };
    let indifferent = indifferent_states(w, k, &best.assignment, tol);
    Ok(Solution {
        exact,
        best,
        indifferent,
        stable,
        stable_total,
        configurations,
        total_configurations: total,
        bound,
        basins,
    })
}

impl Solution {
    /// How far above the least energy `best` can be, as a share of it (`0.013` is
    /// 1.3 %), from the proven bound: `(E − bound) / |E|`, which bounds
    /// `(E − E*) / |E*|` because `bound ≤ E* ≤ E < 0`. `None` without a bound or when
    /// `E ≥ 0` (a share of a non-negative energy says nothing).
    pub fn gap(&self) -> Option<f64> {
        let b = self.bound?;
        let e = self.best.energy;
        (e < 0.0).then(|| ((e - b) / -e).max(0.0))
    }
}

/// `2^(n−1)` for two blocs (canonical, `two`), else `labels^n`, as a float (it may be
/// huge).
fn total_configurations(n: usize, labels: usize, two: bool) -> f64 {
    let n = i32::try_from(n).unwrap_or(i32::MAX);
    if two {
        2f64.powi(n - 1)
    } else {
        (labels as f64).powi(n)
    }
}

/// The exact configuration count, if it fits in `u64`.
fn exact_count(n: usize, k: usize, two: bool) -> Option<u64> {
    let n = u32::try_from(n).ok()?;
    if two {
        let bits = n.checked_sub(1)?;
        (bits < 64).then(|| 1u64 << bits)
    } else {
        u64::try_from(k).ok()?.checked_pow(n)
    }
}

/// `E(X)` by the definition (each unordered pair counted twice). Entries missing from a
/// malformed landscape count as zero rather than panicking.
pub fn energy(l: &Landscape, assignment: &[u8]) -> f64 {
    let n = l.sizes.len().min(assignment.len());
    let out = |x: u8| l.neutral && x == NEUTRAL;
    let mut half = 0.0;
    for i in 0..n {
        for j in i + 1..n {
            if assignment[i] != assignment[j] && !out(assignment[i]) && !out(assignment[j]) {
                half += weights::pair(l, i, j);
            }
        }
    }
    2.0 * half
}

/// ΔE of moving `state` to bloc `to`: twice its weight to the bloc it leaves minus twice
/// its weight to the bloc it joins. Zero when `to` is its bloc or `state` is out of range.
/// With neutrality, `to` may be [`NEUTRAL`] (see [`neutral::move_delta`]).
pub fn move_delta(l: &Landscape, assignment: &[u8], state: usize, to: u8) -> f64 {
    let n = l.sizes.len().min(assignment.len());
    let Some(&from) = assignment.get(state).filter(|_| state < n) else {
        return 0.0;
    };
    if from == to {
        return 0.0;
    }
    if l.neutral {
        return neutral::move_delta(l, &assignment[..n], state, from, to);
    }
    let mut delta = 0.0;
    for (j, &b) in assignment.iter().enumerate().take(n) {
        if j == state {
            continue;
        }
        if b == from {
            delta += weights::pair(l, state, j);
        } else if b == to {
            delta -= weights::pair(l, state, j);
        }
    }
    2.0 * delta
}

/// Tolerance below which two energies are equal: `1e-9 × Σ_{i≠j} |s_i s_j p_ij|`, i.e. a
/// billionth of the largest energy any configuration of this landscape could have
/// (0 when every propensity is 0, where every ΔE is exactly 0 anyway). Rounding in the
/// incremental updates stays many orders of magnitude below it, and data given to a few
/// significant digits never differs by so little on purpose.
pub fn eps(l: &Landscape) -> f64 {
    let n = l.sizes.len();
    let mut scale = 0.0;
    for i in 0..n {
        for j in i + 1..n {
            scale += weights::pair(l, i, j).abs();
        }
    }
    weights::eps_of_scale(scale)
}

/// [`canonical`], or [`canonical_neutral`] for a landscape with neutrality.
pub fn canonical_for(l: &Landscape, assignment: &[u8]) -> Vec<u8> {
    canonical_of(l.neutral, assignment)
}

pub(crate) fn canonical_of(neutral: bool, assignment: &[u8]) -> Vec<u8> {
    if neutral {
        canonical_neutral(assignment)
    } else {
        canonical(assignment)
    }
}

/// With neutrality: [`NEUTRAL`] stays, the blocs are relabelled 1, 2, … in order of
/// first appearance (the lexicographically smallest relabelling of the same blocs).
pub fn canonical_neutral(assignment: &[u8]) -> Vec<u8> {
    let mut map = [u8::MAX; MAX_BLOCS];
    let mut next: u8 = 1;
    assignment
        .iter()
        .map(|&a| {
            if a == NEUTRAL {
                return NEUTRAL;
            }
            let slot = &mut map[usize::from(a)];
            if *slot == u8::MAX {
                *slot = next;
                next = next.saturating_add(1);
            }
            *slot
        })
        .collect()
}

/// Relabels so state 0 is in bloc 0 and new labels appear in order (the
/// lexicographically smallest relabelling of the same partition).
pub fn canonical(assignment: &[u8]) -> Vec<u8> {
    // u16 so that "unassigned" cannot collide with label 255.
    let mut map = [u16::MAX; MAX_BLOCS];
    let mut next: u8 = 0;
    let mut out = Vec::with_capacity(assignment.len());
    for &a in assignment {
        let slot = &mut map[usize::from(a)];
        if *slot == u16::MAX {
            *slot = u16::from(next);
            // At most 256 distinct u8 values exist, so only the last one saturates.
            next = next.saturating_add(1);
        }
        out.push(u8::try_from(*slot).unwrap_or(u8::MAX));
    }
    out
}

/// States of any configuration (not only the prediction) with a partition-changing move
/// of ΔE zero within [`eps`]; empty for a malformed landscape.
pub fn indifferent(l: &Landscape, assignment: &[u8]) -> Vec<usize> {
    match Weights::new(l) {
        Ok(w) => indifferent_states(&w, l.blocs, assignment, w.eps()),
        Err(_) => Vec::new(),
    }
}

/// States of `assignment` with a partition-changing move of ΔE zero within `tol`.
fn indifferent_states(w: &Weights, k: usize, assignment: &[u8], tol: f64) -> Vec<usize> {
    if w.neutral {
        return neutral::indifferent(w, k, assignment, tol);
    }
    let n = w.n.min(assignment.len());
    let mut members = vec![0usize; k];
    for &a in assignment {
        if let Some(m) = members.get_mut(usize::from(a)) {
            *m += 1;
        }
    }
    let mut toward = vec![0.0; k];
    let mut out = Vec::new();
    for i in 0..n {
        toward.iter_mut().for_each(|t| *t = 0.0);
        for (j, &b) in assignment.iter().enumerate().take(n) {
            if let Some(t) = toward.get_mut(usize::from(b)) {
                *t += w.get(i, j);
            }
        }
        let a = usize::from(assignment[i]);
        let alone = members.get(a).is_some_and(|&m| m == 1);
        let own = toward.get(a).copied().unwrap_or(0.0);
        let zero_move = (0..k).filter(|&b| b != a).any(|b| {
            // A lone state hopping to an empty bloc leaves the partition as it was.
            let empty = members[b] == 0;
            !(alone && empty) && (2.0 * (own - toward[b])).abs() <= tol
        });
        if zero_move {
            out.push(i);
        }
    }
    out
}
